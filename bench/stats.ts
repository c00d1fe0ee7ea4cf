/** The summary of repeated samples of one quantity. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max - min) / median: how far apart the samples were, relative to the median. */
  readonly spread: number;
  readonly samples: number;
}

/** Median, range and relative spread of `values` (at least one). */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  return { median, min, max, spread: median === 0 ? 0 : (max - min) / median, samples: sorted.length };
}

/**
 * The order to run `items` in on repeat number `repeat`: rotated by one each repeat, so that no
 * variant always runs first (or right after the same neighbour) and machine drift spreads evenly.
 */
export function interleaved<T>(items: readonly T[], repeat: number): T[] {
  if (items.length === 0) return [];
  const shift = repeat % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
