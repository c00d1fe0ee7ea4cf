/**
 * Renders rows as an aligned plain-text table: the first `textColumns` columns left-aligned (names),
 * the others right-aligned (numbers).
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], textColumns = 1): string {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => (row[col] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, col) => (col < textColumns ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** `1234.5` -> `'1235'`, `12.345` -> `'12.3'`: milliseconds or megabytes at a useful precision. */
export function formatAmount(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** A ratio as `'1.04'`. */
export function formatRatio(value: number): string {
  return value.toFixed(2);
}

/** A relative spread as `'±6%'` (half the range over the median). */
export function formatSpread(spread: number): string {
  return `±${Math.round((spread * 100) / 2)}%`;
}

/** `'met'` when `ratio` is at most `goal`, else `'MISSED'`. */
export function verdict(ratio: number, goal: number): string {
  return ratio <= goal ? 'met' : 'MISSED';
}
