/**
 * The `restaking` simulation model (`corelab simulate restaking`): the simulation loop of
 * Corelab's reconstruction of Rodikov 2025, "Model of an Open, Decentralized Computational
 * Network with Incentive-Based Load Balancing" (arXiv:2501.01219), §1.3.9 of
 * `docs/references.md#restaking-and-pricing`, run on the real pallets (Slashing, Reputation,
 * TaskAuction over Balances, composed as the `restaking-mock` preset), and the paper's figures
 * that the model can produce (`charts.ts`).
 *
 * A model file:
 *
 * ```yaml
 * model: restaking
 * params:            # every key optional; see DEFAULT_PARAMS
 *   rounds: 1000
 *   slashing_factor: 0.1
 *   gas: { omega: 0.05, alpha: 0.2, beta: 0.9 }
 * ```
 *
 * Every scalar parameter is sweepable by its dotted path (`--sweep params.slashing_factor=0,0.05,0.1,0.2,0.5`).
 */
import type { LabelledRun, RunOptions, SimulationModel } from "../types.ts";
import { restakingCharts, type RestakingRunResult } from "./charts.ts";
import { DEFAULT_PARAMS, PARAM_PATHS, flattenParams, parseRestakingParams, type RestakingParams } from "./params.ts";
import { simulate, type NetworkDetail } from "./sim.ts";

export { DEFAULT_PARAMS, PARAM_PATHS, RestakingParamsError, flattenParams, parseRestakingParams, type NetworkParams, type Range, type RestakingParams } from "./params.ts";
export { restakingCharts, bySlashingFactor, slashingFactorOf, type RestakingRunResult } from "./charts.ts";
export {
  simulate,
  correlation,
  operatorId,
  coprocessorId,
  toPlanck,
  toTokens,
  toPerbill,
  AVS_ACCOUNT,
  COST_ACCOUNT,
  PLANCK_PER_TOKEN,
  WORKING_CAPITAL_TASKS,
  type CoprocessorOutcome,
  type NetworkDetail,
  type OperatorOutcome,
  type RestakingDetail,
  type SampleAuction,
  type SampleBidder,
  type SimulateOptions,
  type SimulationOutput,
} from "./sim.ts";
export { band, mean, quantile, type Band } from "./stats.ts";

/** The parameters of the companion network run of figure (5): the run's, resized, with the task rate scaled to the coprocessors. */
export function networkParams(p: RestakingParams): RestakingParams {
  return {
    ...p,
    operators: p.network.operators,
    coprocessors: p.network.coprocessors,
    rounds: p.network.rounds,
    task_rate: (p.task_rate * p.network.coprocessors) / p.coprocessors,
    tracked_operators: 0,
  };
}

/**
 * Runs one seed: the main run (rows and summary), then, unless `network.rounds` is 0, the
 * companion network run of figure (5) with the same seed. The result carries `detail` (per
 * coprocessor and operator outcomes, the sampled auction, the network) beside the contract's
 * fields. A runtime error (a bug: the pallets' failures are ordinary failed extrinsics) is
 * returned as `failure` with the rounds before it lost.
 */
export function runRestaking(params: RestakingParams, opts: RunOptions): RestakingRunResult {
  const flat = flattenParams(params);
  const total = params.rounds + params.network.rounds;
  try {
    const main = simulate(params, { seed: opts.seed, engine: opts.engine, onProgress: opts.onProgress && ((d) => opts.onProgress!(d, total)) });
    let network: NetworkDetail | undefined;
    if (params.network.rounds > 0) {
      const np = networkParams(params);
      const n = simulate(np, { seed: opts.seed, engine: opts.engine, noSample: true, onProgress: opts.onProgress && ((d) => opts.onProgress!(params.rounds + d, total)) });
      network = {
        rounds: np.rounds,
        operators: n.detail.operators.map((o) => o.id),
        coprocessors: n.detail.coprocessors.map((c) => ({ id: c.id, quality: c.quality })),
        edges: n.detail.edges,
        self_executed: n.detail.self_executed,
      };
    }
    return { seed: opts.seed, params: flat, rows: main.rows, summary: main.summary, detail: { ...main.detail, ...(network ? { network } : {}) } };
  } catch (e) {
    return { seed: opts.seed, params: flat, rows: [], summary: {}, failure: { source: "restaking model", block: 0, message: e instanceof Error ? e.message : String(e) } };
  }
}

/** The `restaking` model for the simulation registry. */
export const restakingModel: SimulationModel<RestakingParams> = {
  name: "restaking",
  description: "Restaking/coprocessor network (Rodikov 2025 reconstruction): slashing, GAS reputation, Dutch-auction task allocation on the real pallets",
  parse: (raw, file) => parseRestakingParams(raw, file),
  blocksKey: "params.rounds",
  sweepKeys: () => PARAM_PATHS,
  run: (params, opts) => runRestaking(params, opts),
  charts: (runs: readonly LabelledRun[]) => restakingCharts(runs, DEFAULT_PARAMS.slashing_factor),
};
