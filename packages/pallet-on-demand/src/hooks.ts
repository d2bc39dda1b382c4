/**
 * `on_initialize` of the on-demand pallet (polkadot-sdk `polkadot/runtime/parachains/src/on_demand/mod.rs`,
 * v1 with credits):
 *
 * ```
 * on_initialize
 *   1 Revenue.force_insert_keep_left(0, 0); an evicted (overdue) value is added to the new last entry
 *   2 QueueStatus.mutate(update_spot_traffic(ActiveConfig, ·))   SpotPriceSet when the traffic changes
 * ```
 *
 * Rust writes both items back every block. Here a write is skipped when the value would not
 * change, which is observably identical (same state, same events) and keeps an idle block to a
 * few reads and comparisons:
 * - `Revenue` is unchanged exactly when it is full (`MaxHistoricalRevenue` entries) and all zero
 *   (inserting a 0 at the front and folding the evicted 0 into the last entry gives the same list);
 *   the all-zero check is memoised per stored (frozen, immutable) list object, so a long idle
 *   stretch costs O(1) per block.
 * - `QueueStatus` is unchanged exactly when the recomputed traffic equals the stored one; with an
 *   empty queue and the traffic at `TrafficDefaultValue` this is known without computing (for
 *   size 0 the multiplier is ≤ 1 below target and 1 at target 0, and the result is floored at the
 *   default), otherwise the traffic is computed and compared.
 */
import { saturatingAdd } from "@corelab/frame";
import { activeConfig, queueStatus, updateSpotTraffic } from "./dispatchables.ts";
import type { OnDemandContext } from "./interfaces.ts";
import { OnDemand } from "./pallet.ts";
import { pricingOf } from "./pricing-adapters.ts";
import { queueSize } from "./types.ts";

/** Stored `Revenue` lists known to be all zero (pure function of an immutable value; a cache only). */
const ALL_ZERO = new WeakSet<readonly bigint[]>();

function allZero(list: readonly bigint[]): boolean {
  if (ALL_ZERO.has(list)) return true;
  for (let i = 0; i < list.length; i++) if (list[i] !== 0n) return false;
  if (Object.isFrozen(list)) ALL_ZERO.add(list);
  return true;
}

/** Step 1: the revenue ring buffer rotation (`force_insert_keep_left(0, 0)` with overdue folding). */
export function rotateRevenue(ctx: OnDemandContext): void {
  const max = ctx.config.MaxHistoricalRevenue;
  if (max === 0) return; // force_insert_keep_left on a zero-bound vec fails (defensive): nothing changes
  const revenue = OnDemand.storage.Revenue.get(ctx);
  if (revenue.length >= max) {
    if (allZero(revenue)) return; // identical after the rotation
    // force_insert_keep_left(0, 0): shift right by one (native copies), the evicted last entry
    // folded into the new last one
    const next = revenue.slice(0, max);
    next.copyWithin(1, 0, max - 1);
    next[0] = 0n;
    next[max - 1] = saturatingAdd(next[max - 1]!, revenue[max - 1]!);
    OnDemand.storage.Revenue.put(ctx, next);
  } else {
    // the history is shorter after `claim_revenue_until` took its tail: one more entry in front
    OnDemand.storage.Revenue.put(ctx, [0n].concat(revenue));
  }
}

/**
 * Step 2: the spot traffic update for idle blocks (writes `QueueStatus` only when the traffic
 * changes). The empty-queue shortcut holds for the default `SpotTraffic` rule only; `Exponential`
 * pricing never moves the traffic.
 */
export function updateTrafficOnInitialize(ctx: OnDemandContext): void {
  const pricing = pricingOf(ctx.config).name;
  if (pricing === "Exponential") return;
  const status = queueStatus(ctx);
  if (pricing === "SpotTraffic" && status.traffic === ctx.config.TrafficDefaultValue && queueSize(status) === 0) return;
  const next = { ...status, freed_indices: [...status.freed_indices] };
  if (updateSpotTraffic(ctx, activeConfig(ctx), next)) OnDemand.storage.QueueStatus.put(ctx, next);
}

/** `on_initialize(n)`: revenue rotation, then the traffic update. Never throws. */
export function onInitialize(ctx: OnDemandContext): void {
  rotateRevenue(ctx);
  updateTrafficOnInitialize(ctx);
}
