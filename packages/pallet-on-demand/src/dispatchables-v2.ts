/**
 * The logic of on-demand v2 (polkadot-sdk#10184, eskimor, merged 2025-11;
 * `polkadot/runtime/parachains/src/on_demand/mod.rs` after it, storage version 2): one FIFO of
 * `(para_id, ordered_at)` in `OrderStatus`, no affinity. `do_place_order` (the same checks, the
 * same spot-price rule as v1), `on_initialize`, and the functions the scheduler calls:
 * `pop_assignment_for_cores` (all on-demand cores of a block at once, a para unique per height,
 * an order ready at `ordered_at + 2`), `peek_order_queue`, `push_back_order`, `credit_account`
 * (with `AccountCredited`). Revenue and `claim_revenue_until` are v1's (`dispatchables.ts`).
 */
import { ensure, saturatingAdd } from "@corelab/frame";
import { accountId, activeConfig, addRevenue, updateTraffic, type PaymentType } from "./dispatchables.ts";
import { rotateRevenue } from "./hooks.ts";
import type { ExistenceRequirement, OnDemandContext } from "./interfaces.ts";
import { OnDemandV2 } from "./pallet-v2.ts";
import { pricingOf } from "./pricing-adapters.ts";
import { ON_DEMAND_MAX_QUEUE_MAX_SIZE, popAssignmentsOf, type EnqueuedOrderV2, type OrderStatusType } from "./types.ts";

type Ctx = OnDemandContext;

/** `OrderStatus::get()` (ValueQuery): the stored status, or `Default`: traffic **0** (not `TrafficDefaultValue`) and an empty queue. */
export function orderStatus(ctx: Ctx): OrderStatusType {
  return OnDemandV2.storage.OrderStatus.get(ctx);
}

/** A mutable copy of an order status. */
function copyOrderStatus(s: OrderStatusType): { traffic: bigint; queue: { queue: EnqueuedOrderV2[] } } {
  return { traffic: s.traffic, queue: { queue: s.queue.queue.map((o) => ({ para_id: o.para_id, ordered_at: o.ordered_at })) } };
}

/**
 * `do_place_order` (v2): traffic update from the queue length (`SpotPriceSet` on change); the
 * price (`Pricing` knob; default `floor(traffic × base_fee)`); `SpotPriceHigherThanMaxAmount`;
 * `QueueFull` when `queue.len() ≥ on_demand_queue_max_size`; payment (balance into the pot, or
 * credits: `InsufficientCredits`, an entry falling to 0 is removed); `Revenue[0] += price`; the
 * order `(para_id, ordered_at: now)` at the back; `OnDemandOrderPlaced`.
 */
export function doPlaceOrderV2(ctx: Ctx, sender: string, maxAmount: bigint, paraId: number, existence: ExistenceRequirement, payment: PaymentType): void {
  const config = activeConfig(ctx);
  const status = copyOrderStatus(orderStatus(ctx));
  updateTraffic(ctx, config, status, status.queue.queue.length, "order");
  const quote = pricingOf(ctx.config).quote(ctx, status.traffic, config);
  const price = quote.price;
  ensure(price <= maxAmount, OnDemandV2.err("SpotPriceHigherThanMaxAmount"));
  ensure(status.queue.queue.length < config.on_demand_queue_max_size, OnDemandV2.err("QueueFull"));
  if (payment === "Balance") {
    ctx.config.Currency.withdraw(ctx, sender, price, existence);
    ctx.config.Currency.resolveCreating(ctx, accountId(ctx), price);
  } else {
    const credits = OnDemandV2.storage.Credits.get(ctx, sender);
    ensure(price <= credits, OnDemandV2.err("InsufficientCredits"));
    const left = credits - price;
    if (left === 0n) OnDemandV2.storage.Credits.remove(ctx, sender);
    else OnDemandV2.storage.Credits.insert(ctx, sender, left);
  }
  addRevenue(ctx, price);
  quote.placed?.(ctx);
  // `try_push` cannot fail here: the length was checked against the (smaller) configured maximum
  status.queue.queue.push({ para_id: paraId, ordered_at: ctx.blockNumber });
  OnDemandV2.storage.OrderStatus.put(ctx, status);
  OnDemandV2.deposit(ctx, "OnDemandOrderPlaced", { para_id: paraId, spot_price: price, ordered_by: sender });
}

/**
 * `on_initialize` (v2): the revenue rotation (as v1), then `OrderStatus.mutate(update_spot_traffic)`.
 * As in v1, `OrderStatus` is written only when the traffic changes. An `OrderStatus` never
 * written reads traffic 0, so the first update lifts it to `TrafficDefaultValue` and emits
 * `SpotPriceSet` (v2 has no `OnEmpty` default, unlike v1's `QueueStatus`).
 */
export function onInitializeV2(ctx: Ctx): void {
  rotateRevenue(ctx);
  if (pricingOf(ctx.config).name === "Exponential") return;
  const stored = orderStatus(ctx);
  if (pricingOf(ctx.config).name === "SpotTraffic" && stored.traffic === ctx.config.TrafficDefaultValue && stored.queue.queue.length === 0) return;
  const status = { traffic: stored.traffic, queue: stored.queue };
  if (updateTraffic(ctx, activeConfig(ctx), status, stored.queue.queue.length, "block")) OnDemandV2.storage.OrderStatus.put(ctx, status);
}

/**
 * `pop_assignment_for_cores(now, num_cores)` (v2): takes up to `numCores` ready orders
 * (`ordered_at + 2 ≤ now`), one per para, oldest first (`popAssignmentsOf`), and returns their
 * paras in ascending para id; the others stay in order. Writes `OrderStatus` only when something
 * was taken (Rust writes it back unchanged otherwise).
 */
export function popAssignmentForCores(ctx: Ctx, now: number, numCores: number): number[] {
  const stored = orderStatus(ctx);
  if (stored.queue.queue.length === 0 || numCores === 0) return [];
  const { popped, remaining } = popAssignmentsOf(stored.queue.queue, now, numCores);
  if (popped.length > 0) OnDemandV2.storage.OrderStatus.put(ctx, { traffic: stored.traffic, queue: { queue: remaining } });
  return popped;
}

/** `peek_order_queue()` (v2): the queued orders, oldest first (for the scheduler's claim-queue simulation). */
export function peekOrderQueue(ctx: Ctx): readonly EnqueuedOrderV2[] {
  return orderStatus(ctx).queue.queue;
}

/**
 * `push_back_order(para_id)` (v2): an order the scheduler could not serve goes to the **back** of
 * the queue with `ordered_at = now` (v1 put it at the front). Dropped (Rust logs) when the
 * bounded queue is at its bound.
 */
export function pushBackOrder(ctx: Ctx, paraId: number): void {
  const stored = orderStatus(ctx);
  if (stored.queue.queue.length >= ON_DEMAND_MAX_QUEUE_MAX_SIZE) return;
  OnDemandV2.storage.OrderStatus.put(ctx, {
    traffic: stored.traffic,
    queue: { queue: [...stored.queue.queue, { para_id: paraId, ordered_at: ctx.blockNumber }] },
  });
}

/** `credit_account(who, amount)` (v2): `Credits[who] += amount` (saturating) and `AccountCredited { who, amount }`. */
export function creditAccountV2(ctx: Ctx, who: string, amount: bigint): void {
  OnDemandV2.storage.Credits.insert(ctx, who, saturatingAdd(OnDemandV2.storage.Credits.get(ctx, who), amount));
  OnDemandV2.deposit(ctx, "AccountCredited", { who, amount });
}
