/** ANSI SGR codes for the few styles the CLI uses. */
const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
} as const;

export type Style = keyof typeof CODES;

/** Applies a style when colors are on; identity otherwise. */
export type Painter = (style: Style, text: string) => string;

/** A painter that colors with ANSI codes when `enabled`, and returns text unchanged otherwise. */
export function painter(enabled: boolean): Painter {
  if (!enabled) return (_style, text) => text;
  return (style, text) => `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m`;
}
