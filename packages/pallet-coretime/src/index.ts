/**
 * @corelab/pallet-coretime: the relay-chain side of coretime, mirroring polkadot-sdk
 * `polkadot/runtime/parachains/src/coretime/mod.rs` (calls) and `assigner_coretime/mod.rs` (the
 * per-core schedule queues and their interleaving). What each core runs in a relay block:
 * `coresAt(ctx)`. The recording mocks and a small runtime are in `@corelab/pallet-coretime/testing`.
 */
export { Coretime } from "./pallet.ts";
export { NoBroker, NoOnDemand, burnFromPot, type BrokerNotifier, type CoretimeConfig, type OnDemandPort, type RevenueTransactor } from "./interfaces.ts";
export { PALLET_NAME, coresAt, copyDescriptor, ensureWorkload, paraOfRun, popWork, viewOf, workStateOf, type CoresView } from "./cores.ts";
export { applyPendingCoreCount, doAdvanceCores, settlePreviousRuns } from "./hooks.ts";
export { advanceCoresV2 } from "./scheduler-v2.ts";
export {
  appendSchedule,
  doAssignCore,
  doCreditAccount,
  doRequestCoreCount,
  doRequestRevenueAt,
  ensureBroker,
  setCoreCount,
} from "./dispatchables.ts";
export {
  AssignmentPart,
  AssignmentState,
  Balance,
  BlockNumber,
  BlockRuns,
  BrokerCoreIndex,
  CoreAssignment,
  CoreAssignmentParts,
  CoreDescriptor,
  CoreIndex,
  CoreRun,
  FULL_CORE,
  GenesisAssignment,
  ParaId,
  PartsOf57600,
  PendingCoreCountRecord,
  QueueDescriptor,
  RUN_IDLE,
  RUN_POOL,
  Schedule,
  WorkState,
  compareCoreAssignment,
} from "./types.ts";
