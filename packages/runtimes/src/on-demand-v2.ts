/**
 * On-demand v2 (polkadot-sdk#10184) as the network presets wire it: the relay's `Coretime` port
 * over the v2 pallet (all pool cores popped at once, the queue peeked for the next block) and the
 * parachains' order-task view of the v2 queue (`OrderStatus` instead of v1's `QueueStatus` /
 * `FreeEntries` / `AffinityEntries`). Selected in a network preset by
 * `constants: { OnDemand: { Version: 2 } }` (or `relay.OnDemand`).
 */
import type { Context } from "@corelab/frame";
import { placeOrderAllowDeath, type RelayOnDemandPort } from "@corelab/pallet-assurance";
import type { OnDemandPort } from "@corelab/pallet-coretime";
import {
  activeConfig,
  onDemandAssignmentProvider,
  orderStatus,
  popAssignmentsOf,
  spotPrice,
  withOnDemandConfig,
  type OnDemandConfig,
} from "@corelab/pallet-on-demand";

/**
 * The relay `Coretime` pallet's `OnDemand` port over an on-demand v2 pallet configured with
 * `config` (`Version: 2`): `popAssignmentForCores` is the pallet's `pop_assignment_for_cores`
 * (takes the orders), `peekAssignmentForCores(now, n)` the same rule on `peek_order_queue()`
 * without taking anything (the scheduler's `AccessMode::Peek`), revenue and credits as v1's
 * port. The v1-only methods (`pop_assignment_for_core`, `report_processed`,
 * `push_back_assignment`) throw `RuntimeUsageError` if called; the v2 scheduler never calls them.
 */
export function onDemandV2CoretimePort(config: OnDemandConfig): OnDemandPort {
  const provider = onDemandAssignmentProvider(config);
  return {
    popAssignmentForCore: (ctx, core) => provider.popAssignmentForCore(ctx, core),
    reportProcessed: (ctx, para, core) => provider.reportProcessed(ctx, para, core),
    pushBackAssignment: (ctx, para, core) => provider.pushBackAssignment(ctx, para, core),
    claimRevenueUntil: (ctx, when) => provider.claimRevenueUntil(ctx, when),
    creditAccount: (ctx, who, amount) => provider.creditAccount(ctx, who, amount),
    popAssignmentForCores: (ctx, now, numCores) => provider.popAssignmentForCores(ctx, now, numCores),
    peekAssignmentForCores: (ctx, now, numCores) => (numCores === 0 ? [] : popAssignmentsOf(provider.peekOrderQueue(ctx), now, numCores).popped),
  };
}

/**
 * The v2 relay as a parachain's order task sees it (`RelayOnDemandPort` of
 * `@corelab/pallet-assurance`): spot price = `OrderStatus.traffic × on_demand_base_fee` (planck),
 * queued = an order of the para is in `OrderStatus.queue`, the order call
 * `OnDemand.place_order_allow_death`.
 */
export function onDemandV2RelayPort(config: OnDemandConfig): RelayOnDemandPort {
  const read = <T>(ctx: Context, f: (c: ReturnType<typeof withOnDemandConfig>) => T): T => f(withOnDemandConfig(ctx, config));
  return {
    spotPrice: (relay) => relay.read((ctx) => read(ctx, (c) => spotPrice(orderStatus(c).traffic, activeConfig(c).on_demand_base_fee))),
    queued: (relay, paraId) => relay.read((ctx) => read(ctx, (c) => orderStatus(c).queue.queue.some((o) => o.para_id === paraId))),
    orderCall: placeOrderAllowDeath,
  };
}
