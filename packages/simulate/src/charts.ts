/**
 * Charts without a browser: a vega-lite spec is compiled to vega, rendered to SVG by a headless
 * `vega.View` (renderer "none"), and rasterised to PNG by resvg. Text uses DejaVu Sans, so the
 * PNGs look the same wherever the font is installed (toolchain.md P17).
 */
import { Resvg } from "@resvg/resvg-js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { TopLevelSpec } from "vega-lite";

/** A vega-lite specification (https://vega.github.io/vega-lite/docs/spec.html). */
export type ChartSpec = TopLevelSpec;

/** A rendered chart: the SVG text and the PNG bytes (2× zoom). */
export interface RenderedChart {
  readonly svg: string;
  readonly png: Uint8Array;
}

const FONT = "DejaVu Sans";

/** Renders `spec` (data inlined in it) to SVG and PNG. Throws vega-lite's error for an invalid spec. */
export async function renderChart(spec: ChartSpec): Promise<RenderedChart> {
  const themed = { config: { font: FONT, background: "white" }, ...spec } as ChartSpec;
  const compiled = vl.compile(themed).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: FONT, sansSerifFamily: FONT }, fitTo: { mode: "zoom", value: 2 } }).render().asPng();
  return { svg, png };
}

/**
 * Renders `spec` and writes `<dir>/<name>.svg` and `<dir>/<name>.png` (creating `dir`).
 * Returns the two paths.
 */
export async function writeChart(dir: string, name: string, spec: ChartSpec): Promise<{ svg: string; png: string }> {
  const { svg, png } = await renderChart(spec);
  mkdirSync(dir, { recursive: true });
  const paths = { svg: join(dir, `${name}.svg`), png: join(dir, `${name}.png`) };
  writeFileSync(paths.svg, svg);
  writeFileSync(paths.png, png);
  return paths;
}
