/**
 * Metric charts, rendered on the server: a vega-lite spec (the p5–p95 band across seeds and the
 * mean line, over steps) compiled to vega and rendered to SVG by a headless `vega.View`.
 */
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

/** One x position of a metric chart: the mean and 5th/95th percentiles across seeds. */
export interface BandPoint {
  readonly step: number;
  readonly mean: number;
  readonly p5: number;
  readonly p95: number;
}

/** The vega-lite spec of a band chart. */
export function bandSpec(title: string, points: readonly BandPoint[], xTitle = "step (block)"): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 520,
    height: 180,
    config: { font: "DejaVu Sans", background: "white" },
    data: { values: points.map((p) => ({ ...p })) },
    encoding: { x: { field: "step", type: "quantitative", title: xTitle } },
    layer: [
      { mark: { type: "area", opacity: 0.25, color: "#4c78a8" }, encoding: { y: { field: "p5", type: "quantitative", title: null }, y2: { field: "p95" } } },
      { mark: { type: "line", color: "#1d4f80", strokeWidth: 1.5 }, encoding: { y: { field: "mean", type: "quantitative", title: "mean, p5–p95 across seeds" } } },
    ],
  } as TopLevelSpec;
}

/** Renders a vega-lite spec (data inlined) to SVG text. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** One bar of a core timeline: `core` ran `what` over relay blocks `from` (inclusive) to `to` (exclusive). */
export interface TimelineSegment {
  readonly core: number;
  readonly from: number;
  readonly to: number;
  readonly what: string;
  /** The page the bar links to. */
  readonly href: string;
}

const TASK_COLORS = ["#4c78a8", "#54a24b", "#b279a2", "#72b7b2", "#9d755d", "#5f6cb3", "#88a02c", "#d67195"];

/**
 * The vega-lite spec of a core timeline: one row per core, a bar per segment coloured by what the
 * core ran (idle grey, the pool amber, on-demand red, each task its own colour), with a tooltip and
 * a link per bar.
 */
export function timelineSpec(segments: readonly TimelineSegment[], title: string): TopLevelSpec {
  const whats = [...new Set(segments.map((s) => s.what))].sort((a, b) => order(a) - order(b) || a.localeCompare(b, "en", { numeric: true }));
  let task = 0;
  const range = whats.map((w) => (w === "idle" ? "#d9dde3" : w === "pool" ? "#f2b447" : w.startsWith("on-demand") ? "#e4572e" : TASK_COLORS[task++ % TASK_COLORS.length]!));
  const cores = new Set(segments.map((s) => s.core)).size;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 720,
    height: Math.max(40, 22 * cores),
    config: { font: "DejaVu Sans", background: "white" },
    data: { values: segments.map((s) => ({ ...s, blocks: `${s.from}–${s.to - 1}` })) },
    mark: { type: "bar", cornerRadius: 2, stroke: "white", strokeWidth: 0.5 },
    encoding: {
      y: { field: "core", type: "ordinal", title: "core" },
      x: { field: "from", type: "quantitative", title: "relay block", scale: { zero: false }, axis: { format: "d", tickMinStep: 1 } },
      x2: { field: "to" },
      color: { field: "what", type: "nominal", title: "ran", scale: { domain: whats, range } },
      tooltip: [
        { field: "core", type: "ordinal" },
        { field: "what", type: "nominal", title: "ran" },
        { field: "blocks", type: "nominal", title: "relay blocks" },
      ],
      href: { field: "href", type: "nominal" },
    },
  } as TopLevelSpec;
}

function order(what: string): number {
  return what === "idle" ? 0 : what === "pool" ? 1 : what.startsWith("on-demand") ? 3 : 2;
}

/** A band chart's points for one sweep point, named. */
export interface LabelledBand {
  readonly label: string;
  readonly points: readonly BandPoint[];
}

/**
 * The vega-lite spec of one metric for every sweep point on one chart: a mean line and a faint
 * p5–p95 band per point, coloured by point.
 */
export function overlaySpec(title: string, series: readonly LabelledBand[], xTitle = "step (block)"): TopLevelSpec {
  const values = series.flatMap((s) => s.points.map((p) => ({ ...p, point: s.label })));
  const color = { field: "point", type: "nominal", title: "sweep point", sort: series.map((s) => s.label) } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width: 720,
    height: 240,
    config: { font: "DejaVu Sans", background: "white", legend: { labelLimit: 360, symbolOpacity: 1, symbolType: "stroke", symbolStrokeWidth: 2 } },
    data: { values },
    encoding: { x: { field: "step", type: "quantitative", title: xTitle } },
    layer: [
      { mark: { type: "area", opacity: 0.12 }, encoding: { y: { field: "p5", type: "quantitative", title: null }, y2: { field: "p95" }, color } },
      { mark: { type: "line", strokeWidth: 1.5 }, encoding: { y: { field: "mean", type: "quantitative", title: "mean, p5–p95 across seeds" }, color } },
    ],
  } as TopLevelSpec;
}
