/**
 * @corelab/pallet-on-demand: the relay chain's on-demand coretime pallet, mirroring polkadot-sdk
 * `polkadot/runtime/parachains/src/on_demand` (v1 with credits: `QueueStatus`, `FreeEntries`,
 * `AffinityEntries`, `Revenue`, `Credits`). Spot traffic and price bit-exact with FixedU128; the
 * queue with core affinity; revenue history; the `OnDemandAssignmentProvider` port for the relay
 * coretime pallet and the scheduler. The mock runtime is in `@corelab/pallet-on-demand/testing`.
 */
export { OnDemand, PalletIdCodec } from "./pallet.ts";
export {
  RELAY_ON_DEMAND_CONSTANTS,
  SDK_DEFAULT_HOST_CONFIG,
  legacyCurrencyOf,
  onDemandAssignmentProvider,
  staticHostConfiguration,
  withOnDemandConfig,
  type ExistenceRequirement,
  type HostConfigurationPort,
  type OnDemandAssignmentProvider,
  type OnDemandConfig,
  type OnDemandContext,
  type OnDemandCurrency,
  type OnDemandHostConfig,
} from "./interfaces.ts";
export {
  Balance,
  CoreAffinityCount,
  CoreIndex,
  EnqueuedOrder,
  ON_DEMAND_DEFAULT_QUEUE_MAX_SIZE,
  ON_DEMAND_MAX_QUEUE_MAX_SIZE,
  OrderHeap,
  ParaId,
  QueueIndex,
  QueueStatusType,
  calculateSpotTraffic,
  compareEnqueuedOrder,
  compareQueueIndex,
  compareReverseQueueIndex,
  consumeIndex,
  heapMerge,
  heapPush,
  pushBack,
  pushFront,
  queueSize,
  spotPrice,
  type QueuePushDirection,
  type SpotTrafficCalculationErr,
  type SpotTrafficResult,
} from "./types.ts";
export {
  accountId,
  activeConfig,
  addOnDemandOrder,
  assignmentDuplicated,
  claimRevenueUntil,
  creditAccount,
  decreaseAffinity,
  decreaseAffinityUpdateQueue,
  doPlaceOrder,
  increaseAffinity,
  popAssignmentForCore,
  pushBackAssignment,
  queueStatus,
  reportProcessed,
  updateSpotTraffic,
  type PaymentType,
} from "./dispatchables.ts";
export { onInitialize, rotateRevenue, updateTrafficOnInitialize } from "./hooks.ts";
