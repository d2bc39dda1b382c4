/**
 * @corelab/pallet-assurance: Magnet-style on-demand coretime ordering for a parachain.
 *
 * - `Assurance` (pallet): the ordering policy (price limit, profit threshold, bid threshold,
 *   assurance on/off, reserve account, Documented or Magnet mode) and the on-chain record of the
 *   order task's decisions (`OrderPlaced`, `OrderSkipped { reason }`, `AssuranceTriggered`,
 *   `Orders` history).
 * - `decideOrder` (pure): the decision at one relay block from the settings, what the node sees of
 *   its para (pending fees in the pool, last para block) and of the relay (spot price, queue).
 * - `assuranceOrderTask` (node): runs the decision every relay block in a `createNetwork` network
 *   and places the relay order; strategies `Policy`, `NoAssurance`, `Always`, `FixedInterval`.
 */
export { Assurance } from "./pallet.ts";
export {
  AssuranceMode,
  DEFAULT_SETTINGS,
  DecisionKind,
  DecisionRecord,
  MAGNET_PRICE_SCALE,
  OrderRecord,
  Ratio,
  SkipReason,
  type AssuranceSettings,
  type SkipReasonName,
} from "./types.ts";
export { bidThresholdExceeded, decideOrder, magnetReachesThreshold, reachesProfitThreshold, type Decision, type ParaObservation, type RelayObservation } from "./decide.ts";
export { buildGenesis, doNoteDecisions, doSetMode, doSetProfitThreshold, ensureUpdateOrigin, settingsOf, type AssuranceGenesis } from "./dispatchables.ts";
export { placeOrderAllowDeath, type AssuranceConfig, type PooledFee, type RelayOnDemandPort } from "./interfaces.ts";
export { AssuranceOrderTask, assuranceOrderTask, type OrderStrategy, type OrderTaskOptions, type OrderTaskStats } from "./node.ts";
