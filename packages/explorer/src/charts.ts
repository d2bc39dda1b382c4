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
