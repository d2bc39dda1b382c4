/**
 * Small statistics for the restaking figures: percentiles (linear interpolation between closest
 * ranks, numpy's default "linear" method) and the mean/p5/p95 band of a metric over seeds.
 */

/**
 * The `q`-quantile (0 ≤ q ≤ 1) of `values` by linear interpolation between closest ranks:
 * position `q·(n − 1)` in the sorted values (numpy's default). NaN for an empty list.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** The arithmetic mean (NaN for an empty list). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Mean, 5th and 95th percentile of a metric at one x over several seeds. */
export interface Band {
  readonly mean: number;
  readonly p5: number;
  readonly p95: number;
}

/** The band of `values` (seeds at one point). */
export function band(values: readonly number[]): Band {
  return { mean: mean(values), p5: quantile(values, 0.05), p95: quantile(values, 0.95) };
}
