/**
 * JSON as a person would lay it out for reading: an object or array that fits in `width` columns stays on
 * one line (`{ "a": 1 }`), a longer one is broken into one entry per line.
 */
export function compactJson(value: unknown, width = 110, indent = ''): string {
  const inline = JSON.stringify(value, null, 1)?.replace(/\n\s*/g, ' ').replace(/\[ /g, '[').replace(/ \]/g, ']') ?? 'null';
  if (value === null || typeof value !== 'object' || indent.length + inline.length <= width) return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => `${inner}${compactJson(v, width, inner)}`).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, width, inner)}`).join(',\n')}\n${indent}}`;
}
