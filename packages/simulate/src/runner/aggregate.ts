/**
 * Aggregation over seeds: for each sweep point and each summary column, the mean, p5 and p95 of
 * the runs that completed (failed runs are counted, not averaged: their figures stop early).
 *
 * Percentiles use linear interpolation between closest ranks (Hyndman–Fan type 7, the default
 * of NumPy's `percentile`, R's `quantile` and Excel's `PERCENTILE.INC`): sort the n values
 * ascending as x[0..n-1], take h = (n − 1)·p; the result is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * With one value every percentile is that value; p0 is the minimum and p100 the maximum.
 */
import type { MatrixRun, SweepPoint } from "./matrix.ts";
import type { RunResult } from "../types.ts";

/** The figures of one column over seeds. `NaN` figures when no value is finite (n = 0). */
export interface ColumnStats {
  readonly mean: number;
  readonly p5: number;
  readonly p95: number;
  /** How many finite values went in. */
  readonly n: number;
}

/** The aggregate of one sweep point. */
export interface PointSummary {
  readonly point: SweepPoint;
  /** Runs of this point (one per seed). */
  readonly runs: number;
  /** Runs of this point that failed (excluded from the figures). */
  readonly failed: number;
  /** Per summary column, in order of first appearance over the point's runs. */
  readonly columns: ReadonlyArray<readonly [name: string, stats: ColumnStats]>;
}

/**
 * The `p`-th percentile (0 ≤ p ≤ 1) of `values` by linear interpolation (type 7, see the module
 * docs). `values` need not be sorted; it is not modified. NaN for an empty list.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const xs = [...values].sort((a, b) => a - b);
  const h = (xs.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo]! + (h - lo) * (xs[hi]! - xs[lo]!);
}

/** Mean, p5 and p95 of the finite numbers in `values` (others are skipped). */
export function columnStats(values: readonly number[]): ColumnStats {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return { mean: NaN, p5: NaN, p95: NaN, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, p5: percentile(xs, 0.05), p95: percentile(xs, 0.95), n: xs.length };
}

/** The column names of a set of summaries, in order of first appearance. */
export function summaryColumns(summaries: ReadonlyArray<Readonly<Record<string, number>>>): string[] {
  const seen = new Set<string>();
  for (const s of summaries) for (const k of Object.keys(s)) seen.add(k);
  return [...seen];
}

/**
 * Aggregates `results` (one per matrix run, same order as `runs`) per point of `points`. A run
 * counts as failed when its `failure` is set; it is left out of every figure.
 */
export function aggregate(points: readonly SweepPoint[], runs: readonly MatrixRun[], results: readonly RunResult[]): PointSummary[] {
  return points.map((point) => {
    const mine = runs.map((r, i) => [r, results[i]!] as const).filter(([r]) => r.point.index === point.index);
    const ok = mine.filter(([, res]) => res.failure === undefined).map(([, res]) => res.summary);
    const columns = summaryColumns(mine.map(([, res]) => res.summary)).map((c) => [c, columnStats(ok.map((s) => s[c] ?? NaN))] as const);
    return { point, runs: mine.length, failed: mine.length - ok.length, columns };
  });
}
