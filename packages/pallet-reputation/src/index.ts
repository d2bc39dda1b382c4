/**
 * @corelab/pallet-reputation: GAS (score-driven) reputation of coprocessors in exact Perbill
 * arithmetic, following Corelab's **reconstruction of** Rodikov 2025 (arXiv:2501.01219;
 * `docs/references.md#restaking-and-pricing` §1.3.6 [R]). The mock runtime and a recording mock
 * port are in `@corelab/pallet-reputation/testing`; the float Bernoulli–logit form (analysis only,
 * never runtime code) is in `@corelab/pallet-reputation/analysis`.
 */
export { Reputation } from "./pallet.ts";
export { reputationPort, type ReputationConfig, type ReputationPort } from "./interfaces.ts";
export {
  BlockNumber,
  CoprocessorRecord,
  DEFAULT_GAS_PARAMS,
  GasParams,
  GenesisCoprocessor,
  HistoryItem,
  Perbill,
  TaskId,
  UnitFraction,
  type TaskOutcome,
} from "./types.ts";
export { checkGasParams, gasUpdate, isUnitPerbill, longRunMean, observationOf, type ParamViolation } from "./gas.ts";
export {
  doDeregisterCoprocessor,
  doForceSetReputation,
  doRecordOutcome,
  doRegisterCoprocessor,
  doSetParameters,
  ensureAdmin,
  pushHistory,
  reputationOf,
  type ReputationContext,
} from "./dispatchables.ts";
export { reputationHooks } from "./hooks.ts";
