/**
 * What `corelab simulate` writes: per-run metrics (`runs/<point>/seed-<n>.jsonl` or `.csv`), the
 * aggregate (`summary.csv`, `summary.json`) and the stdout table. Everything here is a pure
 * function of the results in matrix order, so the files are byte-identical for the same seeds on
 * any machine and any worker count (no times, no worker counts, no absolute paths in them).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MetricRow, MetricValue, RunResult } from "../types.ts";
import type { PointSummary } from "./aggregate.ts";
import { formatValue, type MatrixRun } from "./matrix.ts";

/** The per-run metrics formats of `--metrics`. */
export const METRICS_FORMATS = ["jsonl", "csv"] as const;
/** A per-run metrics format. */
export type MetricsFormat = (typeof METRICS_FORMATS)[number];

/** A number as the files write it: JavaScript's shortest round-trip form; "" for NaN/±Infinity. */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : "";
}

/** One CSV field (RFC 4180: quoted when it holds a comma, a quote or a line break). */
export function csvField(v: MetricValue | undefined): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "number" ? num(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV: a header of every column in order of first appearance, then one line per row. */
export function rowsToCsv(rows: readonly MetricRow[]): string {
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      cols.push(k);
    }
  }
  const lines = [cols.map(csvField).join(","), ...rows.map((r) => cols.map((c) => csvField(r[c])).join(","))];
  return `${lines.join("\n")}\n`;
}

/** Rows as JSON Lines (one object per line; non-finite numbers as null). */
export function rowsToJsonl(rows: readonly MetricRow[]): string {
  return rows.map((r) => `${JSON.stringify(r, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v))}\n`).join("");
}

/** The relative path of a run's metrics file: `runs/<point dir>/seed-<n>.<format>`. */
export function metricsPath(run: MatrixRun, format: MetricsFormat): string {
  return join("runs", run.point.dir, `seed-${run.seed}.${format}`);
}

/** Writes every run's rows under `out`; returns the relative paths written, in matrix order. */
export function writeMetrics(out: string, runs: readonly MatrixRun[], results: readonly RunResult[], format: MetricsFormat): string[] {
  return runs.map((run, i) => {
    const rel = metricsPath(run, format);
    const rows = results[i]!.rows;
    mkdirSync(join(out, "runs", run.point.dir), { recursive: true });
    writeFileSync(join(out, rel), format === "csv" ? rowsToCsv(rows) : rowsToJsonl(rows));
    return rel;
  });
}

/** The summary columns of all points, in order of first appearance. */
function allColumns(summaries: readonly PointSummary[]): string[] {
  const out: string[] = [];
  for (const s of summaries) for (const [c] of s.columns) if (!out.includes(c)) out.push(c);
  return out;
}

/**
 * `summary.csv`: one line per sweep point: `point`, one column per swept key (its value), `runs`,
 * `failed`, then `<column>_mean`, `<column>_p5`, `<column>_p95` for every summary column.
 */
export function summaryCsv(summaries: readonly PointSummary[], sweepKeys: readonly string[]): string {
  const cols = allColumns(summaries);
  const header = ["point", ...sweepKeys, "runs", "failed", ...cols.flatMap((c) => [`${c}_mean`, `${c}_p5`, `${c}_p95`])];
  const lines = summaries.map((s) => {
    const stats = new Map(s.columns);
    const swept = sweepKeys.map((k) => formatValue(s.point.overrides.find(([key]) => key === k)?.[1] ?? ""));
    const figures = cols.flatMap((c) => {
      const st = stats.get(c);
      return st ? [num(st.mean), num(st.p5), num(st.p95)] : ["", "", ""];
    });
    return [s.point.label, ...swept, String(s.runs), String(s.failed), ...figures].map((f) => csvField(f)).join(",");
  });
  return `${[header.map((h) => csvField(h)).join(","), ...lines].join("\n")}\n`;
}

/** A failed run as the report lists it. */
export interface FailedRun {
  readonly point: string;
  readonly seed: number;
  readonly source: string;
  readonly block: number;
  readonly message: string;
}

/** The failed runs of `results`, in matrix order. */
export function failedRuns(runs: readonly MatrixRun[], results: readonly RunResult[]): FailedRun[] {
  return runs.flatMap((run, i) => {
    const f = results[i]!.failure;
    return f ? [{ point: run.point.label, seed: run.seed, source: f.source, block: f.block, message: f.message }] : [];
  });
}

/** What `summary.json` holds. */
export interface SummaryJson {
  readonly model: string;
  /** The model file as given on the command line, or `built-in model 'x'`. */
  readonly file: string;
  readonly seeds: readonly number[];
  readonly sweep: ReadonlyArray<{ readonly key: string; readonly values: readonly string[] }>;
  /** The percentile method of p5/p95. */
  readonly percentiles: "linear (type 7)";
  readonly points: ReadonlyArray<{
    readonly label: string;
    readonly overrides: Readonly<Record<string, string>>;
    readonly runs: number;
    readonly failed: number;
    readonly columns: Readonly<Record<string, { mean: number | null; p5: number | null; p95: number | null; n: number }>>;
  }>;
  readonly failures: readonly FailedRun[];
}

/** Builds `summary.json` (non-finite figures as null; swept values as their labels show them). */
export function summaryJson(
  model: string,
  file: string,
  seeds: readonly number[],
  sweep: ReadonlyArray<{ key: string; values: readonly unknown[] }>,
  summaries: readonly PointSummary[],
  failures: readonly FailedRun[],
): SummaryJson {
  const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    model,
    file,
    seeds,
    sweep: sweep.map((s) => ({ key: s.key, values: s.values.map(formatValue) })),
    percentiles: "linear (type 7)",
    points: summaries.map((s) => ({
      label: s.point.label,
      overrides: Object.fromEntries(s.point.overrides.map(([k, v]) => [k, formatValue(v)])),
      runs: s.runs,
      failed: s.failed,
      columns: Object.fromEntries(s.columns.map(([c, st]) => [c, { mean: fin(st.mean), p5: fin(st.p5), p95: fin(st.p95), n: st.n }])),
    })),
    failures,
  };
}

/** A figure for the terminal: 6 significant digits, plain notation below 1e21; "-" when not finite. */
export function formatFigure(x: number): string {
  if (!Number.isFinite(x)) return "-";
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return String(Number(x.toPrecision(6)));
}

/**
 * The stdout table: per sweep point a heading (`point  s=0.1  (5 runs, 1 failed)`) and one line
 * per summary column with mean, p5 and p95, columns aligned across the whole table.
 */
export function formatSummaryTable(summaries: readonly PointSummary[]): string[] {
  const items: Array<string | string[]> = [["column", "mean", "p5", "p95"]];
  for (const s of summaries) {
    items.push(`${s.point.label || "(no sweep)"}  (${s.runs} run${s.runs === 1 ? "" : "s"}${s.failed ? `, ${s.failed} failed` : ""})`);
    for (const [c, st] of s.columns) items.push([`  ${c}`, formatFigure(st.mean), formatFigure(st.p5), formatFigure(st.p95)]);
  }
  const rows = items.filter((x): x is string[] => Array.isArray(x));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return items.map((x) => (typeof x === "string" ? x : x.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ").trimEnd()));
}

/** Writes `summary.csv` and `summary.json` under `out` (creating it). */
export function writeSummary(out: string, csv: string, json: SummaryJson): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "summary.csv"), csv);
  writeFileSync(join(out, "summary.json"), `${JSON.stringify(json, null, 2)}\n`);
}
