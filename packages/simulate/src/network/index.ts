/**
 * The `network` simulation model (`model: network`): a relay chain with on-demand cores, its
 * coretime chain, simulated parachains (transaction pools, blocks when a core runs them) and
 * agents that observe the chains each relay block and act — parachain users, on-demand orderers
 * (Magnet-style and the alternatives), other paras' background demand, bulk buyers and renewers,
 * and user agents loaded from TypeScript modules. See `schema.ts` for the model file, `engine.ts`
 * for a run, `charts.ts` for the charts, `types.ts` for the agent contract.
 */
import type { SimulationModel } from "../types.ts";
import { networkCharts } from "./charts.ts";
import { runNetworkModel } from "./engine.ts";
import { parseNetworkModel, type NetworkParams } from "./schema.ts";

export { BUILTIN_AGENTS, type BuiltinAgent, type ParamSpec } from "./agents/index.ts";
export { decideStrategy, ORDER_STRATEGIES, type OrderDecision, type OrderInput, type OrderStrategy } from "./agents/orderer.ts";
export { dailyFactor } from "./agents/users.ts";
export { bandSeries, networkCharts, percentile, type BandPoint } from "./charts.ts";
export { buildNetwork, histogramPercentile, ORDER_REASONS, preloadAgentModules, runNetworkModel, type NetworkRunResult } from "./engine.ts";
export { SalesLedger, summarizeResales, summarizeSales, type Resale, type ResalesSummary, type SaleDeal, type SaleReport, type SaleRouting, type SalesSummary } from "./sales.ts";
export { buyListedRegion, listingPrice, pricedListings, type PricedListing } from "./agents/reseller.ts";
export { DEFAULT_AGENTS, ModelFileError, NETWORK_PRESETS, parseNetworkModel, resolveAccount, type AgentSpec, type NetworkParams, type ParaSpec, type SetupCall } from "./schema.ts";
export type { Agent, AgentContext, AgentFactory, AgentView, OrderOutcome, ParaView, SubmitOutcome, TxSubmission } from "./types.ts";

/**
 * The `network` model for `corelab simulate`: `parse` validates a model file (errors name the
 * path and the valid names), `sweepKeys` lists its scalar parameters (`blocks`, `cores`,
 * `agents.<i or name>.<param>`), `run` runs one seed, `charts` draws spot price, queue size, para
 * block intervals, orders by reason and cumulative fees vs coretime spend.
 */
export const networkModel: SimulationModel<NetworkParams> = {
  name: "network",
  description: "a relay + coretime chain + parachains with agents: users, on-demand orderers (Magnet-style), bulk buyers, renewers",
  parse: (raw, file) => parseNetworkModel(raw, file),
  sweepKeys: (params) => params.sweepable,
  run: (params, opts) => runNetworkModel(params, opts),
  charts: (runs) => networkCharts(runs),
};

export default networkModel;
