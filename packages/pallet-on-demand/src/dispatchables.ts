/**
 * The logic of the on-demand pallet: `do_place_order` and the functions other pallets call
 * (`pop_assignment_for_core`, `report_processed`, `push_back_assignment`, `assignment_duplicated`,
 * `credit_account`, `claim_revenue_until`, `account_id`), with the internal helpers
 * (`update_spot_traffic`, `add_on_demand_order`, affinity bookkeeping). Mirrors polkadot-sdk
 * `polkadot/runtime/parachains/src/on_demand/mod.rs` (v1 with credits): every check in the same
 * order. A failing check throws a `DispatchFailure`; the runtime then discards every write of the
 * call (including the traffic update and its `SpotPriceSet` event), as the transactional
 * extrinsic does in Rust.
 */
import { ensure, palletAccountId, saturatingAdd, saturatingSub } from "@corelab/frame";
import type { ExistenceRequirement, OnDemandContext, OnDemandHostConfig } from "./interfaces.ts";
import { OnDemand } from "./pallet.ts";
import { pricingOf, type TrafficUpdateAt } from "./pricing-adapters.ts";
import {
  compareEnqueuedOrder,
  consumeIndex,
  heapMerge,
  heapPush,
  pushBack,
  pushFront,
  queueSize,
  spotPrice,
  type EnqueuedOrder,
  type QueuePushDirection,
  type QueueStatusType,
} from "./types.ts";

type Ctx = OnDemandContext;

/** How an order is paid (`PaymentType`). */
export type PaymentType = "Credits" | "Balance";

/** A mutable copy of a queue status. */
function copyStatus(s: QueueStatusType): QueueStatusType {
  return { traffic: s.traffic, next_index: s.next_index, smallest_index: s.smallest_index, freed_indices: [...s.freed_indices] };
}

/**
 * `QueueStatus::get()`: the stored status, or when none is stored the `OnEmpty` value
 * `{ traffic: TrafficDefaultValue, next_index: 0, smallest_index: 0, freed_indices: [] }`.
 */
export function queueStatus(ctx: Ctx): QueueStatusType {
  if (!OnDemand.storage.QueueStatus.exists(ctx)) return { traffic: ctx.config.TrafficDefaultValue, next_index: 0, smallest_index: 0, freed_indices: [] };
  return OnDemand.storage.QueueStatus.get(ctx);
}

/** `Pallet::account_id()`: the pot, `PalletId.into_account_truncating()`. */
export function accountId(ctx: Ctx): string {
  const of = ctx.config.PalletAccountOf ?? palletAccountId;
  return of(ctx.config.PalletId);
}

/** `configuration::ActiveConfig::<T>::get()` through the port. */
export function activeConfig(ctx: Ctx): OnDemandHostConfig {
  return ctx.config.HostConfiguration.activeConfig(ctx);
}

/**
 * `update_spot_traffic(config, queue_status)` on a mutable status: recomputes the traffic from the
 * current queue size with the pallet's pricing rule (`Pricing` knob; by default
 * `calculate_spot_traffic`); on a change stores it and emits `SpotPriceSet { spot_price: new ×
 * base_fee }`. A calculation error (capacity 0, size above capacity) leaves the traffic as it is.
 * `at` says whether this is the `on_initialize` update or the one before an order (RFC-1's rule
 * moves only per block). Returns whether the traffic changed.
 */
export function updateSpotTraffic(ctx: Ctx, config: OnDemandHostConfig, status: QueueStatusType, at: TrafficUpdateAt = "block"): boolean {
  return updateTraffic(ctx, config, status, queueSize(status), at);
}

/**
 * The traffic update of both versions on a mutable holder of `traffic` (v1 `QueueStatusType`, v2
 * `OrderStatus`), given the queue size: `OnDemandPricing.nextTraffic`, stored with `SpotPriceSet`
 * when it changed. Returns whether it changed.
 */
export function updateTraffic(ctx: Ctx, config: OnDemandHostConfig, holder: { traffic: bigint }, size: number, at: TrafficUpdateAt): boolean {
  const old = holder.traffic;
  const next = pricingOf(ctx.config).nextTraffic(ctx, at, old, size, config);
  if (next === undefined || next === old) return false;
  holder.traffic = next;
  OnDemand.deposit(ctx, "SpotPriceSet", { spot_price: spotPrice(next, config.on_demand_base_fee) });
  return true;
}

/**
 * `do_place_order(sender, max_amount, para_id, existence, payment)`:
 * 1. traffic update from the queue size before this order (`SpotPriceSet` on change);
 * 2. `spot_price = traffic × base_fee` (floor) — or the price of the `Pricing` knob's rule, which
 *    may refuse first (`EmptyPool`, `QueueFull`, `Arithmetic.Overflow` under `Exponential`);
 *    `SpotPriceHigherThanMaxAmount` when above `max_amount`;
 * 3. `QueueFull` when `size ≥ on_demand_queue_max_size`;
 * 4. payment: balance (`Currency::withdraw`, FEE, `existence`; errors from Balances) into the pot,
 *    or credits (`InsufficientCredits` when short);
 * 5. `Revenue[0] += spot_price` (push when empty); 6. enqueue at the back; 7. `OnDemandOrderPlaced`.
 * A stateful pricing rule records the order after the payment (`Exponential`: `QueueState`).
 */
export function doPlaceOrder(
  ctx: Ctx,
  sender: string,
  maxAmount: bigint,
  paraId: number,
  existence: ExistenceRequirement,
  payment: PaymentType,
): void {
  const config = activeConfig(ctx);
  const status = copyStatus(queueStatus(ctx));
  updateSpotTraffic(ctx, config, status, "order");
  const quote = pricingOf(ctx.config).quote(ctx, status.traffic, config);
  const price = quote.price;
  ensure(price <= maxAmount, OnDemand.err("SpotPriceHigherThanMaxAmount"));
  ensure(queueSize(status) < config.on_demand_queue_max_size, OnDemand.err("QueueFull"));
  if (payment === "Balance") {
    ctx.config.Currency.withdraw(ctx, sender, price, existence);
    // Rust: `inc_providers(pot)` when the pot does not exist, so it survives at zero balance.
    // Corelab's Balances has no provider counts (see README, deviations).
    ctx.config.Currency.resolveCreating(ctx, accountId(ctx), price);
  } else {
    const credits = OnDemand.storage.Credits.get(ctx, sender);
    ensure(price <= credits, OnDemand.err("InsufficientCredits"));
    OnDemand.storage.Credits.insert(ctx, sender, saturatingSub(credits, price));
  }
  addRevenue(ctx, price);
  quote.placed?.(ctx);
  addOnDemandOrder(ctx, status, paraId, "Back");
  OnDemand.storage.QueueStatus.put(ctx, status);
  OnDemand.deposit(ctx, "OnDemandOrderPlaced", { para_id: paraId, spot_price: price, ordered_by: sender });
}

/**
 * The revenue step of `do_place_order` (both versions): `Revenue[0] += price`, or a first entry
 * when the list is empty (claimed in this very block; `try_push`, nothing when the bound is 0).
 */
export function addRevenue(ctx: Ctx, price: bigint): void {
  const revenue = OnDemand.storage.Revenue.get(ctx);
  if (revenue.length > 0) {
    const next = revenue.slice();
    next[0] = saturatingAdd(revenue[0]!, price);
    OnDemand.storage.Revenue.put(ctx, next);
  } else if (ctx.config.MaxHistoricalRevenue > 0) OnDemand.storage.Revenue.put(ctx, [price]);
}

/**
 * `add_on_demand_order(queue_status, para_id, direction)` on a mutable status: takes an index
 * (`push_back` or `push_front`) and puts `{ para_id, idx }` into `AffinityEntries[core]` when the
 * para has an affinity, else into `FreeEntries`. The caller stores the status.
 */
export function addOnDemandOrder(ctx: Ctx, status: QueueStatusType, paraId: number, direction: QueuePushDirection): void {
  const idx = direction === "Back" ? pushBack(status) : pushFront(status);
  const order: EnqueuedOrder = { para_id: paraId, idx };
  const affinity = OnDemand.storage.ParaIdAffinity.get(ctx, paraId);
  if (affinity === undefined) OnDemand.storage.FreeEntries.put(ctx, heapPush(OnDemand.storage.FreeEntries.get(ctx), order));
  else OnDemand.storage.AffinityEntries.insert(ctx, affinity.core_index, heapPush(OnDemand.storage.AffinityEntries.get(ctx, affinity.core_index), order));
}

/**
 * `pop_assignment_for_core(core)`: the next order for `core`. Peeks the oldest entry of
 * `AffinityEntries[core]` (`a`) and of `FreeEntries` (`f`); takes the free one when there is no
 * `a`, or when both exist and `f < a` under `EnqueuedOrder`'s reversed ordering (literally: when
 * `f` is the **newer** one). Taking a free entry moves every other free entry of the same para
 * into `AffinityEntries[core]`. The index is consumed and the para's affinity to `core` increased.
 * Returns the para id, or undefined when both queues are empty (then nothing is written).
 */
export function popAssignmentForCore(ctx: Ctx, core: number): number | undefined {
  const S = OnDemand.storage;
  const free = S.FreeEntries.get(ctx);
  const affinity = S.AffinityEntries.contains(ctx, core) ? S.AffinityEntries.get(ctx, core) : [];
  if (free.length === 0 && affinity.length === 0) return undefined;
  const a = affinity[0];
  const f = free[0];
  const pickFree = a === undefined ? true : f === undefined ? false : compareEnqueuedOrder(f, a) < 0;
  let entry: EnqueuedOrder;
  if (pickFree) {
    entry = f!;
    const rest = free.slice(1);
    const same = rest.filter((e) => e.para_id === entry.para_id);
    const others = rest.filter((e) => e.para_id !== entry.para_id);
    S.FreeEntries.put(ctx, others.map((e) => ({ para_id: e.para_id, idx: e.idx })));
    putAffinityEntries(ctx, core, heapMerge(affinity, same));
  } else {
    entry = a!;
    putAffinityEntries(ctx, core, affinity.slice(1).map((e) => ({ para_id: e.para_id, idx: e.idx })));
  }
  const status = copyStatus(queueStatus(ctx));
  consumeIndex(status, entry.idx);
  S.QueueStatus.put(ctx, status);
  increaseAffinity(ctx, entry.para_id, core);
  return entry.para_id;
}

/** `AffinityEntries[core] = heap` (a ValueQuery map: an empty heap is removed, as FRAME does). */
function putAffinityEntries(ctx: Ctx, core: number, heap: EnqueuedOrder[]): void {
  if (heap.length === 0) OnDemand.storage.AffinityEntries.remove(ctx, core);
  else OnDemand.storage.AffinityEntries.insert(ctx, core, heap);
}

/** `assignment_duplicated(para_id, core)`: the scheduler duplicated an assignment; `increase_affinity`. */
export function assignmentDuplicated(ctx: Ctx, paraId: number, core: number): void {
  increaseAffinity(ctx, paraId, core);
}

/** `report_processed(para_id, core)`: `decrease_affinity_update_queue`. */
export function reportProcessed(ctx: Ctx, paraId: number, core: number): void {
  decreaseAffinityUpdateQueue(ctx, paraId, core);
}

/**
 * `push_back_assignment(para_id, core)`: `decrease_affinity_update_queue`, then the order goes back
 * to the **front** of the queue (`push_front`; no size check, so the queue may exceed its maximum).
 */
export function pushBackAssignment(ctx: Ctx, paraId: number, core: number): void {
  decreaseAffinityUpdateQueue(ctx, paraId, core);
  const status = copyStatus(queueStatus(ctx));
  addOnDemandOrder(ctx, status, paraId, "Front");
  OnDemand.storage.QueueStatus.put(ctx, status);
}

/** `credit_account(who, amount)`: `Credits[who] += amount` (saturating). Emits nothing (v1 + credits). */
export function creditAccount(ctx: Ctx, who: string, amount: bigint): void {
  OnDemand.storage.Credits.insert(ctx, who, saturatingAdd(OnDemand.storage.Credits.get(ctx, who), amount));
}

/**
 * `decrease_affinity_update_queue(para_id, core)`: decreases the affinity; when it reaches exactly
 * 0, every entry of `para_id` in `AffinityEntries[core]` moves back to `FreeEntries`.
 */
export function decreaseAffinityUpdateQueue(ctx: Ctx, paraId: number, core: number): void {
  const left = decreaseAffinity(ctx, paraId, core);
  if (left !== 0) return;
  const S = OnDemand.storage;
  const entries = S.AffinityEntries.contains(ctx, core) ? S.AffinityEntries.get(ctx, core) : [];
  const freed = entries.filter((e) => e.para_id === paraId);
  const kept = entries.filter((e) => e.para_id !== paraId).map((e) => ({ para_id: e.para_id, idx: e.idx }));
  putAffinityEntries(ctx, core, kept);
  S.FreeEntries.put(ctx, heapMerge(S.FreeEntries.get(ctx), freed));
}

/**
 * `decrease_affinity(para_id, core)`: when the para has an affinity to `core`, decrements the count
 * (removing it at 0) and returns the new count; otherwise changes nothing and returns undefined.
 */
export function decreaseAffinity(ctx: Ctx, paraId: number, core: number): number | undefined {
  const a = OnDemand.storage.ParaIdAffinity.get(ctx, paraId);
  if (a === undefined || a.core_index !== core) return undefined;
  const count = Math.max(0, a.count - 1);
  if (count > 0) OnDemand.storage.ParaIdAffinity.insert(ctx, paraId, { core_index: core, count });
  else OnDemand.storage.ParaIdAffinity.remove(ctx, paraId);
  return count;
}

/**
 * `increase_affinity(para_id, core)`: creates `{ core, 1 }`, or increments the count (saturating)
 * when the affinity is to `core`; an affinity to another core is left as it is.
 */
export function increaseAffinity(ctx: Ctx, paraId: number, core: number): void {
  const a = OnDemand.storage.ParaIdAffinity.get(ctx, paraId);
  if (a === undefined) OnDemand.storage.ParaIdAffinity.insert(ctx, paraId, { core_index: core, count: 1 });
  else if (a.core_index === core) OnDemand.storage.ParaIdAffinity.insert(ctx, paraId, { core_index: core, count: Math.min(a.count + 1, 0xffff_ffff) });
}

/**
 * `claim_revenue_until(when)`: with `now` the current block, repeatedly takes the last `Revenue`
 * entry (index `i`, the revenue of block `now − i`) while `when > now − i` (saturating), summing
 * them. "Until" is exclusive. Returns the sum in planck; writes only when something is taken.
 */
export function claimRevenueUntil(ctx: Ctx, when: number): bigint {
  const now = ctx.blockNumber;
  const revenue = OnDemand.storage.Revenue.get(ctx);
  let len = revenue.length;
  let amount = 0n;
  while (len > 0) {
    const index = len - 1;
    if (when > Math.max(0, now - index)) {
      amount = saturatingAdd(amount, revenue[index]!);
      len -= 1;
    } else break;
  }
  if (len !== revenue.length) OnDemand.storage.Revenue.put(ctx, revenue.slice(0, len));
  return amount;
}
