/**
 * The `network` model's charts as vega-lite specs (data inlined), for any set of runs: the runs of
 * each sweep point (label) are aggregated over their seeds — time series as the mean with a
 * p5–p95 band (nearest-rank percentiles over seeds, per time bucket), counts as means.
 *
 * - `spot-price`: the relay's on-demand spot price over relay blocks;
 * - `queue-size`: the on-demand queue's size over relay blocks;
 * - `block-intervals`: how many para blocks came after each interval (relay blocks since the
 *   para's previous block), on a symlog scale;
 * - `orders`: orders per run by reason, per sweep point;
 * - `fees-vs-spend`: cumulative fees collected against cumulative coretime spend;
 * - when the runs saw coretime sales: `sale-prices` and `market-shares` (see `salesCharts`).
 */
import type { ChartSpec } from "../charts.ts";
import type { LabelledRun, MetricRow } from "../types.ts";

/** Most points of a time series (rows are averaged into this many buckets). */
export const MAX_POINTS = 300;

/** Nearest-rank percentile `q` (0..1) of `xs` (sorted ascending in place). */
export function percentile(xs: number[], q: number): number {
  if (xs.length === 0) return 0;
  xs.sort((a, b) => a - b);
  return xs[Math.max(0, Math.ceil(q * xs.length) - 1)]!;
}

function labelOf(r: LabelledRun): string {
  return r.label === "" ? "run" : r.label;
}

/** Runs grouped by label, in first-seen order. */
function byLabel(runs: readonly LabelledRun[]): Map<string, LabelledRun[]> {
  const out = new Map<string, LabelledRun[]>();
  for (const r of runs) {
    const l = labelOf(r);
    const list = out.get(l) ?? [];
    list.push(r);
    out.set(l, list);
  }
  return out;
}

/** A point of a banded series. */
export interface BandPoint {
  readonly label: string;
  /** Which quantity (`fees` / `spend`) when a chart shows two per label. */
  readonly series?: string;
  readonly block: number;
  readonly mean: number;
  readonly p5: number;
  readonly p95: number;
}

/**
 * Aggregates `column` of the runs' rows: each run's rows are averaged per bucket of relay blocks
 * (null values skipped), then, per label and bucket, the mean, p5 and p95 over the runs.
 * `series` tags the points (e.g. `fees` / `spend` of the same runs, drawn with different dashes).
 */
export function bandSeries(runs: readonly LabelledRun[], column: string, series?: string): BandPoint[] {
  let maxBlock = 0;
  for (const r of runs) maxBlock = Math.max(maxBlock, r.result.rows.length);
  const size = Math.max(1, Math.ceil(maxBlock / MAX_POINTS));
  const out: BandPoint[] = [];
  for (const [label, list] of byLabel(runs)) {
    const perBucket = new Map<number, number[]>();
    for (const r of list) {
      const sums = new Map<number, [number, number]>();
      r.result.rows.forEach((row: MetricRow, i) => {
        const v = row[column];
        if (typeof v !== "number") return;
        const b = Math.floor(i / size);
        const s = sums.get(b) ?? [0, 0];
        s[0] += v;
        s[1]++;
        sums.set(b, s);
      });
      for (const [b, [s, c]] of sums) {
        const xs = perBucket.get(b) ?? [];
        xs.push(s / c);
        perBucket.set(b, xs);
      }
    }
    for (const b of [...perBucket.keys()].sort((x, y) => x - y)) {
      const xs = perBucket.get(b)!;
      const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
      out.push({ label, ...(series ? { series } : {}), block: b * size + 1, mean, p5: percentile([...xs], 0.05), p95: percentile([...xs], 0.95) });
    }
  }
  return out;
}

const LEGEND = { labelLimit: 400 } as const;

function bandChart(title: string, yTitle: string, values: readonly BandPoint[], dashed = false): ChartSpec {
  const x = { field: "block", type: "quantitative", title: "relay block" } as const;
  // the sweep's order (first seen), as the bar charts sort it, so a label has one colour in every chart
  const order = [...new Set(values.map((v) => v.label))];
  const color = { field: "label", type: "nominal", title: null, sort: order, legend: { ...LEGEND, symbolOpacity: 1 } } as const;
  const detail = dashed ? { detail: { field: "series" }, strokeDash: { field: "series", type: "nominal", title: null, legend: LEGEND } } : {};
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 640,
    height: 280,
    data: { values: values as unknown as Record<string, unknown>[] },
    layer: [
      { mark: { type: "area", opacity: 0.2 }, encoding: { x, y: { field: "p5", type: "quantitative", title: yTitle }, y2: { field: "p95" }, color, ...(dashed ? { detail: { field: "series" } } : {}) } },
      { mark: { type: "line", strokeWidth: 1.5 }, encoding: { x, y: { field: "mean", type: "quantitative", title: yTitle }, color, ...detail } },
    ],
  } as ChartSpec;
}

/** Counts of the tokens of a space-separated string column (`orders` reasons), per run. */
function tokenCounts(rows: readonly MetricRow[], column: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of rows) {
    const v = row[column];
    if (typeof v !== "string" || v === "") continue;
    for (const tok of v.split(" ")) {
      const reason = tok.includes(":") ? tok.slice(tok.indexOf(":") + 1) : tok;
      out.set(reason, (out.get(reason) ?? 0) + 1);
    }
  }
  return out;
}

/** Mean over the runs of each label of a per-run count map: rows `{ label, key, value }`. */
function meanCounts(runs: readonly LabelledRun[], count: (r: LabelledRun) => Map<string | number, number>): Array<{ label: string; key: string | number; value: number }> {
  const out: Array<{ label: string; key: string | number; value: number }> = [];
  for (const [label, list] of byLabel(runs)) {
    const sums = new Map<string | number, number>();
    for (const r of list) for (const [k, c] of count(r)) sums.set(k, (sums.get(k) ?? 0) + c);
    const keys = [...sums.keys()].sort((a, b) => (typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b))));
    for (const k of keys) out.push({ label, key: k, value: sums.get(k)! / list.length });
  }
  return out;
}

/** Interval histogram of a run, from its rows (`block_interval` of rows with para blocks); ≥ 24 grouped. */
function intervalCounts(rows: readonly MetricRow[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const row of rows) {
    const v = row.block_interval;
    if (typeof v !== "number") continue;
    const k = Math.min(24, Math.round(v));
    out.set(k, (out.get(k) ?? 0) + ((row.para_blocks as number) || 1));
  }
  return out;
}

/** The charts of a set of runs, keyed by file name. */
export function networkCharts(runs: readonly LabelledRun[]): Record<string, ChartSpec> {
  const ok = runs.filter((r) => r.result.rows.length > 0);
  const labels = [...byLabel(ok).keys()];
  // a model file with `metrics: false` keeps no rows: only the market charts then
  const market = salesCharts(runs, [...byLabel(runs).keys()]);
  if (ok.length === 0) return market;
  const charts: Record<string, ChartSpec> = {
    "spot-price": bandChart("On-demand spot price (mean, p5–p95 over seeds)", "spot price (token)", bandSeries(ok, "spot_price")),
    "queue-size": bandChart("On-demand queue size (mean, p5–p95 over seeds)", "orders waiting", bandSeries(ok, "queue_size")),
  };
  const iv = meanCounts(ok, (r) => intervalCounts(r.result.rows));
  charts["block-intervals"] = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Para block intervals (mean count per run; 24 = 24 or more)",
    width: 640,
    height: 280,
    data: { values: iv },
    mark: "bar",
    encoding: {
      x: { field: "key", type: "ordinal", title: "relay blocks since the para's previous block", axis: { labelAngle: 0 } },
      xOffset: { field: "label", sort: labels },
      // symlog: bulk coretime's every-block intervals (thousands at 1) beside on-demand's tens
      y: { field: "value", type: "quantitative", title: "para blocks (symlog scale)", scale: { type: "symlog" } },
      color: { field: "label", type: "nominal", title: null, sort: labels, legend: LEGEND },
    },
  } as ChartSpec;
  const orders = meanCounts(ok, (r) => tokenCounts(r.result.rows, "order_reason"));
  charts.orders = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Orders by reason (mean per run)",
    width: Math.max(240, 150 * labels.length),
    height: 280,
    data: { values: orders },
    mark: "bar",
    encoding: {
      // every sweep point has its place, one that placed no order (bulk coretime) an empty one
      x: { field: "label", type: "nominal", title: null, sort: labels, scale: { domain: labels }, axis: { labelAngle: 0 } },
      y: { field: "value", type: "quantitative", title: "orders", stack: "zero" },
      color: { field: "key", type: "nominal", title: "reason", legend: LEGEND },
    },
  } as ChartSpec;
  charts["fees-vs-spend"] = bandChart(
    "Cumulative fees collected vs coretime spent (mean, p5–p95)",
    "token",
    [...bandSeries(ok, "cum_fees", "fees collected"), ...bandSeries(ok, "cum_spend", "coretime spent")],
    true,
  );
  Object.assign(charts, market);
  return charts;
}

/**
 * The market charts, when the runs saw coretime sales (`NetworkRunResult.sales`): `sale-prices`,
 * the mean price paid per core in each sale (mean, p5–p95 over seeds) per sweep point; and
 * `market-shares`, the top buyer's share of the cores offered and the share of cores sold, mean
 * per run per sweep point.
 */
export function salesCharts(runs: readonly LabelledRun[], labels: readonly string[]): Record<string, ChartSpec> {
  type Sale = { readonly sale: number; readonly revenue: bigint; readonly purchases: readonly unknown[]; readonly renewals: readonly unknown[] };
  const salesOf = (r: LabelledRun): readonly Sale[] => (r.result as { sales?: readonly Sale[] }).sales ?? [];
  const decimalsOf = (r: LabelledRun): number => (r.result as { tokenDecimals?: number }).tokenDecimals ?? 0;
  if (!runs.some((r) => salesOf(r).length > 0)) return {};
  const points: BandPoint[] = [];
  for (const [label, list] of byLabel(runs)) {
    const bySale = new Map<number, number[]>();
    for (const r of list) {
      for (const s of salesOf(r)) {
        const deals = s.purchases.length + s.renewals.length;
        if (deals === 0) continue;
        bySale.set(s.sale, [...(bySale.get(s.sale) ?? []), Number(s.revenue) / 10 ** decimalsOf(r) / deals]);
      }
    }
    for (const [sale, xs] of [...bySale].sort((a, b) => a[0] - b[0])) {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      points.push({ label, block: sale, mean, p5: percentile([...xs], 0.05), p95: percentile([...xs], 0.95) });
    }
  }
  const shares: Array<{ label: string; key: string; value: number }> = [];
  for (const [label, list] of byLabel(runs)) {
    const mean = (k: string) => list.reduce((a, r) => a + (r.result.summary[k] ?? 0), 0) / list.length;
    shares.push({ label, key: "top buyer's share", value: mean("top_buyer_share") }, { label, key: "cores sold", value: mean("cores_sold_share") });
  }
  const color = { field: "label", type: "nominal", title: null, sort: labels, legend: LEGEND };
  return {
    "sale-prices": {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: "Mean price paid per core, sale by sale (mean, p5–p95 over seeds; a sale without a deal has no point)",
      width: 640,
      height: 280,
      data: { values: points },
      encoding: { x: { field: "block", type: "ordinal", title: "sale", axis: { labelAngle: 0 } }, color },
      layer: [
        { mark: { type: "errorbar", ticks: true }, encoding: { y: { field: "p5", type: "quantitative", title: "token per core (log scale)", scale: { type: "log" } }, y2: { field: "p95" } } },
        { mark: { type: "line", point: true }, encoding: { y: { field: "mean", type: "quantitative" } } },
      ],
    } as ChartSpec,
    "market-shares": {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title: "Cores sold and the top buyer's share of the cores offered (mean per run)",
      width: Math.max(240, 120 * labels.length),
      height: 260,
      data: { values: shares },
      mark: "bar",
      encoding: {
        x: { field: "key", type: "nominal", title: null, axis: { labelAngle: 0 } },
        xOffset: { field: "label", sort: labels },
        y: { field: "value", type: "quantitative", title: "share", scale: { domain: [0, 1] } },
        color,
      },
    } as ChartSpec,
  };
}
