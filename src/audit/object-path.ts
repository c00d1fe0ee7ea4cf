// Paths into, and reads of, a parsed YAML object: the lowest module of the audit, imported by the workload, the
// context, the findings and the malformed-field check alike, so that their imports flow one way.

/** A path inside a Kubernetes object, as keys and list indexes: `['spec', 'template', 'spec', 'containers', 0]`. */
export type FieldPath = ReadonlyArray<string | number>;

/**
 * Renders a field path the way `kubectl explain` readers know it: `spec.containers[0].image`.
 * @internal
 */
export function formatFieldPath(path: FieldPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/**
 * The value at `path`, or `undefined`.
 * @internal
 */
export function getPath(value: unknown, path: FieldPath): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = isRecord(current) ? current[segment] : undefined;
  }
  return current;
}

/**
 * True for a YAML map as parsed: an object that is neither `null` nor an array.
 * @internal
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A label map with string values only (anything else is dropped).
 * @internal
 */
export function stringRecord(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const result: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') result[key] = String(v);
  }
  return result;
}
