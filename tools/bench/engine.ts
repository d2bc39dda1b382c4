/**
 * How the benchmarks run the engine: state roots on request (one root at the end of a run, as
 * simulations do) and no freezing of stored values, unless `BENCH_STATE_ROOTS`
 * (`every-block`, `on-request` or N) or `BENCH_FREEZE=1` say otherwise.
 */
import { parseStateRootPolicy, type EngineOptions } from "@corelab/frame";
import { builtinPresets } from "@corelab/runtimes";
import { registerPreset } from "@corelab/testing";

export function benchEngine(): EngineOptions {
  return {
    stateRoots: parseStateRootPolicy(process.env.BENCH_STATE_ROOTS ?? "on-request"),
    freezeStorage: process.env.BENCH_FREEZE === "1",
  };
}

/** Registers `@corelab/runtimes`' presets, which the benchmarks name (`getPreset("kusama-network")`, scenarios' `runtime:`). */
export function registerBenchPresets(): void {
  for (const p of builtinPresets) registerPreset(p);
}
