/**
 * A small simulation model for the runner's tests: each block a Bernoulli(rate) draw adds `step`
 * hits. `fail_seed` makes that seed's run stop at block 5 with a `failure` (as an agent that
 * throws would); `throw_seed` makes `run` throw (a model bug), which the runner must also survive.
 *
 * ```yaml
 * model: ./toy-model.ts   # or `toy` once registered
 * blocks: 20
 * params: { rate: 0.5, step: 1, fail_seed: 3 }
 * ```
 */
import { createRequire } from "node:module";
import { CorelabError } from "@corelab/frame";
import { Rng } from "../../rng.ts";
import type { ChartSpec } from "../../charts.ts";
import type { LabelledRun, MetricRow, RunResult, SimulationModel } from "../../types.ts";

/** The toy model's parameters. */
export interface ToyParams {
  readonly blocks: number;
  readonly rate: number;
  readonly step: number;
  readonly failSeed: number | null;
  readonly throwSeed: number | null;
  /** Load ./toy-helper.ts with a synchronous `require` in `run`. */
  readonly requireTs: boolean;
}

let prepared = false;

const TOP = ["model", "blocks", "params"];
const PARAMS = ["rate", "step", "fail_seed", "throw_seed", "require_ts"];

function bad(file: string, path: string, problem: string, valid?: readonly string[]): never {
  throw new CorelabError("ToyModel", `${file}: ${path}: ${problem}`, { details: valid ? [`valid names: ${valid.join(", ")}`] : [] });
}

function number(file: string, path: string, v: unknown, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  const x = typeof v === "string" ? Number(v) : v;
  if (typeof x !== "number" || !Number.isFinite(x) || x < min || x > max) bad(file, path, `expected a number in [${min}, ${max}], got ${String(v)}`);
  return x;
}

function map(file: string, path: string, v: unknown, valid: readonly string[]): Record<string, unknown> {
  if (v === undefined) return {};
  if (typeof v !== "object" || v === null || Array.isArray(v)) bad(file, path || "(top)", "expected a map");
  for (const k of Object.keys(v)) if (!valid.includes(k)) bad(file, path ? `${path}.${k}` : k, "unknown key", valid);
  return v as Record<string, unknown>;
}

/** The toy model (tests only). */
export const toyModel: SimulationModel<ToyParams> = {
  name: "toy",
  description: "test fixture: Bernoulli hits per block",
  parse(raw, file) {
    const top = map(file, "", raw, TOP);
    const p = map(file, "params", top.params, PARAMS);
    const seedOrNull = (k: string): number | null => (p[k] === undefined ? null : number(file, `params.${k}`, p[k], 0, 2 ** 31, 0));
    return {
      blocks: number(file, "blocks", top.blocks, 1, 1_000_000, 20),
      rate: number(file, "params.rate", p.rate, 0, 1, 0.5),
      step: number(file, "params.step", p.step, 0, 1000, 1),
      failSeed: seedOrNull("fail_seed"),
      throwSeed: seedOrNull("throw_seed"),
      requireTs: p.require_ts === true,
    };
  },
  async prepare(): Promise<void> {
    prepared = true;
  },
  sweepKeys: () => ["blocks", "params.rate", "params.step"],
  run(params, opts): RunResult {
    const rng = new Rng(opts.seed);
    const rows: MetricRow[] = [];
    let hits = 0;
    const summary = (): Record<string, number> => ({ hits, hits_per_block: rows.length ? hits / rows.length : 0 });
    const helper = params.requireTs ? (createRequire(import.meta.url)("./toy-helper.ts") as { HELPER_VALUE: number }).HELPER_VALUE : null;
    const run = { seed: opts.seed, params: { rate: params.rate, step: params.step, blocks: params.blocks, prepared, helper } };
    for (let b = 1; b <= params.blocks; b++) {
      if (b === 5 && opts.seed === params.failSeed) {
        return { ...run, rows, summary: summary(), failure: { source: "agent 'toy'", block: b, message: "the toy agent gave up" } };
      }
      if (b === 5 && opts.seed === params.throwSeed) throw new Error("toy model bug");
      if (rng.bernoulli(params.rate)) hits += params.step;
      rows.push({ block: b, hits, note: b === 1 ? "first, with a comma" : null });
      opts.onProgress?.(b, params.blocks);
    }
    return { ...run, rows, summary: summary() };
  },
  charts(runs: readonly LabelledRun[]): Record<string, ChartSpec> {
    const values = runs.flatMap((r) => r.result.rows.map((row) => ({ point: r.label || "default", seed: r.result.seed, block: row.block, hits: row.hits })));
    return {
      hits: {
        data: { values },
        mark: "line",
        encoding: {
          x: { field: "block", type: "quantitative" },
          y: { field: "hits", type: "quantitative", aggregate: "mean" },
          color: { field: "point", type: "nominal" },
        },
      },
    };
  },
};

export default toyModel;
