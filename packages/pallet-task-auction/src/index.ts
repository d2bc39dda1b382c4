/**
 * @corelab/pallet-task-auction: Dutch-auction allocation of operators' tasks to coprocessors with
 * an adaptive load curve (Corelab's reconstruction of Rodikov 2025, arXiv:2501.01219). Mock ports
 * and a mock runtime are in `@corelab/pallet-task-auction/testing`.
 */
export { TaskAuction } from "./pallet.ts";
export type { CollateralPort, ReputationPort, TaskAuctionConfig } from "./interfaces.ts";
export {
  Balance,
  BidRecord,
  BlockNumber,
  CoprocessorRecord,
  NetworkLoadRecord,
  Perbill,
  TaskId,
  TaskRecord,
  TaskStatus,
  WorkUnits,
  type Outcome,
} from "./types.ts";
export { floorPrice, loadMultiplier, nextLoadTarget, priceAt, requiredCollateral, utilization } from "./price.ts";
export {
  currentFloor,
  doBid,
  doCancelTask,
  doDeregisterCoprocessor,
  doPostTask,
  doRegisterCoprocessor,
  doReportOutcome,
  escrowAccount,
  executionDeadline,
  ineligibility,
  loadTarget,
  networkUtilization,
  settleTask,
  taskPrice,
  type RankedBid,
  type TaskAuctionContext,
} from "./dispatchables.ts";
export { compareBids, endAuctions, ignoreFailure, onFinalize, onInitialize, resolveBids, timeOutTasks } from "./hooks.ts";
