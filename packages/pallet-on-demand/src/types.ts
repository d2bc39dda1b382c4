/**
 * Codecs, TypeScript types and pure helpers of the on-demand pallet, named as in metadata. Mirrors
 * polkadot-sdk `polkadot/runtime/parachains/src/on_demand/types.rs` (v1 with credits:
 * `QueueStatusType`, `QueueIndex`, `ReverseQueueIndex`, `EnqueuedOrder`, `CoreAffinityCount`,
 * `SpotTrafficCalculationErr`) and `calculate_spot_traffic` of `on_demand/mod.rs`.
 *
 * Number mapping: `ParaId`, `CoreIndex`, `QueueIndex` and block numbers are `number`s; balances
 * are `bigint` planck; `FixedU128` values are their inner `bigint` (1.0 = 10^18); `Perbill` values
 * are their parts as a `number` (25% = 250_000_000).
 *
 * Binary heaps (`BinaryHeap<EnqueuedOrder>`, `BinaryHeap<ReverseQueueIndex>`) are stored as lists
 * in pop order (the element `peek()` returns first). Only their observable behaviour (peek, pop,
 * push, length, partition) matters to the pallet; Rust's in-memory heap layout is not reproduced.
 */
import { FixedU128, arithmeticCodecs, t, type Infer } from "@corelab/frame";

/** `ParaId` (u32). */
export const ParaId = t.alias("ParaId", t.u32);
/** A para id. */
export type ParaId = number;

/** `CoreIndex` (u32 in polkadot-primitives). */
export const CoreIndex = t.alias("CoreIndex", t.u32);
/** A core index. */
export type CoreIndex = number;

/** `QueueIndex` (u32, wrap-aware ordering, see `compareQueueIndex`). */
export const QueueIndex = t.alias("QueueIndex", t.u32);
/** A queue index. */
export type QueueIndex = number;

/** A balance in planck (`BalanceOf<T>`, u128). */
export const Balance = t.balance;

/** `ON_DEMAND_DEFAULT_QUEUE_MAX_SIZE` (polkadot-primitives): the default queue capacity, 10_000. */
export const ON_DEMAND_DEFAULT_QUEUE_MAX_SIZE = 10_000;
/**
 * `ON_DEMAND_MAX_QUEUE_MAX_SIZE` (polkadot-primitives): 1_000_000_000, the bound that keeps the
 * wrapping `QueueIndex` comparisons sound.
 */
export const ON_DEMAND_MAX_QUEUE_MAX_SIZE = 1_000_000_000;

const U32 = 0x1_0000_0000;

/**
 * `QueueIndex::cmp` (types.rs): `d = (a − b) mod 2³²`; 0 → equal (0), `d ≤ ON_DEMAND_MAX_QUEUE_MAX_SIZE`
 * → greater (1), else less (−1). Unsound (not transitive) for indices further apart than the bound,
 * as in Rust.
 */
export function compareQueueIndex(a: QueueIndex, b: QueueIndex): -1 | 0 | 1 {
  const d = (((a - b) % U32) + U32) % U32;
  if (d === 0) return 0;
  return d <= ON_DEMAND_MAX_QUEUE_MAX_SIZE ? 1 : -1;
}

/** `ReverseQueueIndex::cmp`: `compareQueueIndex` with the operands swapped. */
export function compareReverseQueueIndex(a: QueueIndex, b: QueueIndex): -1 | 0 | 1 {
  return compareQueueIndex(b, a);
}

/** `EnqueuedOrder { para_id, idx }`: an order in a queue, `idx` its `QueueIndex`. */
export const EnqueuedOrder = t.struct("EnqueuedOrder", { para_id: ParaId, idx: QueueIndex });
/** An enqueued order. */
export type EnqueuedOrder = Infer<typeof EnqueuedOrder>;

/**
 * `EnqueuedOrder::cmp` (types.rs): reversed on `idx`, ties reversed on `para_id`. A max-heap of
 * orders therefore yields the **oldest** index first (ties: the smaller para id). Returns −1 / 0 / 1
 * as Rust's `Ordering::Less / Equal / Greater`.
 */
export function compareEnqueuedOrder(a: EnqueuedOrder, b: EnqueuedOrder): -1 | 0 | 1 {
  const o = compareQueueIndex(b.idx, a.idx);
  if (o !== 0) return o;
  return b.para_id === a.para_id ? 0 : b.para_id < a.para_id ? -1 : 1;
}

/**
 * `BinaryHeap<EnqueuedOrder>` as its pop-order list (greatest by `compareEnqueuedOrder` first).
 * SCALE: a `BinaryHeap` encodes as a `Vec` of its internal array; Corelab writes the pop-order list
 * (a sorted array is a valid max-heap, so Rust reads it as the same heap), while a real chain's
 * bytes hold Rust's array order: decoded real bytes are the same orders in another order, to be
 * sorted into pop order (`heapMerge([], list)`) before the pallet uses them.
 */
export const OrderHeap = t.vec(EnqueuedOrder, { name: "BinaryHeap<EnqueuedOrder>" });

/**
 * `BinaryHeap::push` on a pop-order list: a new list with `order` inserted after every element that
 * is not smaller (equal elements are indistinguishable, so their relative order is irrelevant).
 */
export function heapPush(heap: readonly EnqueuedOrder[], order: EnqueuedOrder): EnqueuedOrder[] {
  let lo = 0;
  let hi = heap.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareEnqueuedOrder(heap[mid]!, order) >= 0) lo = mid + 1;
    else hi = mid;
  }
  return [...heap.slice(0, lo), { para_id: order.para_id, idx: order.idx }, ...heap.slice(lo)];
}

/** `BinaryHeap::append` / `from_iter`: the union of two heaps, as a pop-order list. */
export function heapMerge(a: readonly EnqueuedOrder[], b: readonly EnqueuedOrder[]): EnqueuedOrder[] {
  let out = a.map((o) => ({ para_id: o.para_id, idx: o.idx }));
  for (const o of b) out = heapPush(out, o);
  return out;
}

/** `QueueStatusType { traffic, next_index, smallest_index, freed_indices }` (v1). */
export const QueueStatusType = t.struct("QueueStatusType", {
  traffic: arithmeticCodecs.fixedU128,
  next_index: QueueIndex,
  smallest_index: QueueIndex,
  freed_indices: t.vec(QueueIndex, { name: "BinaryHeap<ReverseQueueIndex>" }),
});
/**
 * The queue status: the last spot traffic (FixedU128 inner), the next index to push at the back,
 * the smallest index in use, and indices freed out of order (pop order: smallest first).
 */
export type QueueStatusType = Infer<typeof QueueStatusType>;

/** `QueueStatusType::size()`: `(next_index − smallest_index) mod 2³² − len(freed_indices)`, saturating at 0. */
export function queueSize(s: QueueStatusType): number {
  const span = (((s.next_index - s.smallest_index) % U32) + U32) % U32;
  return Math.max(0, span - s.freed_indices.length);
}

/** `QueueStatusType::push_back()` on a mutable status: returns `next_index`, then increments it (wrapping). */
export function pushBack(s: { next_index: number }): QueueIndex {
  const idx = s.next_index;
  s.next_index = (idx + 1) % U32;
  return idx;
}

/** `QueueStatusType::push_front()` on a mutable status: decrements `smallest_index` (wrapping) and returns it. */
export function pushFront(s: { smallest_index: number }): QueueIndex {
  s.smallest_index = (s.smallest_index - 1 + U32) % U32;
  return s.smallest_index;
}

/**
 * `QueueStatusType::consume_index(i)` on a mutable status: an index other than `smallest_index`
 * joins `freed_indices`; otherwise `smallest_index` advances past `i` and past every freed index
 * that directly follows.
 */
export function consumeIndex(s: { smallest_index: number; freed_indices: number[] }, removed: QueueIndex): void {
  if (removed !== s.smallest_index) {
    // ReverseQueueIndex max-heap: pops the smallest QueueIndex first.
    let lo = 0;
    let hi = s.freed_indices.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareReverseQueueIndex(s.freed_indices[mid]!, removed) >= 0) lo = mid + 1;
      else hi = mid;
    }
    s.freed_indices.splice(lo, 0, removed);
    return;
  }
  let index = (s.smallest_index + 1) % U32;
  while (s.freed_indices.length > 0 && s.freed_indices[0] === index) {
    index = (index + 1) % U32;
    s.freed_indices.shift();
  }
  s.smallest_index = index;
}

/** `CoreAffinityCount { core_index, count }`: the core a para is bound to and how many of its assignments the scheduler holds. */
export const CoreAffinityCount = t.struct("CoreAffinityCount", { core_index: CoreIndex, count: t.u32 });
/** A core affinity. */
export type CoreAffinityCount = Infer<typeof CoreAffinityCount>;

/** `QueuePushDirection`: where `add_on_demand_order` puts an order. */
export type QueuePushDirection = "Back" | "Front";

/** `SpotTrafficCalculationErr` variants. */
export type SpotTrafficCalculationErr = "QueueCapacityIsZero" | "QueueSizeLargerThanCapacity" | "Division";

/** The result of `calculateSpotTraffic`: `{ ok: traffic }` (FixedU128 inner) or `{ err }`. */
export type SpotTrafficResult = { readonly ok: bigint } | { readonly err: SpotTrafficCalculationErr };

const PERBILL_TO_FIXED = 1_000_000_000n; // 10^18 / 10^9: `Perbill → FixedU128` is exact.

/**
 * `calculate_spot_traffic(traffic, queue_capacity, queue_size, target_queue_utilisation,
 * variability)` of `on_demand/mod.rs`, exactly as the code computes it (FixedU128 inner values;
 * `target` and `variability` in Perbill parts; `trafficDefault` is `T::TrafficDefaultValue`):
 *
 * ```
 * capacity == 0 → QueueCapacityIsZero;  size > capacity → QueueSizeLargerThanCapacity
 * ratio = FixedU128::from_rational(size, capacity)      (inherent: nearest, ties down)
 * positive = ratio >= T;  d = max(ratio, T) − min(ratio, T)
 * vd = d.saturating_mul(V);  vd² = vd.saturating_mul(vd)  (trait: round down)
 * half = vd².const_checked_div(2)                          (nearest, ties down = floor)
 * positive: new = (d + half + 1).saturating_mul(traffic)   else new = (d − half).saturating_mul(traffic)
 * return max(new, TrafficDefaultValue)
 * ```
 *
 * Note the linear term is `d`, not `V·d` (as the doc comment says); `V` only enters the square.
 */
export function calculateSpotTraffic(
  traffic: bigint,
  capacity: number,
  size: number,
  target: number,
  variability: number,
  trafficDefault: bigint,
): SpotTrafficResult {
  if (capacity === 0) return { err: "QueueCapacityIsZero" };
  if (size > capacity) return { err: "QueueSizeLargerThanCapacity" };
  const F = FixedU128;
  const ratio = F.fromRational(BigInt(size), BigInt(capacity));
  const T = BigInt(target) * PERBILL_TO_FIXED;
  const V = BigInt(variability) * PERBILL_TO_FIXED;
  const positive = ratio >= T;
  const diff = (ratio > T ? ratio : T) - (ratio < T ? ratio : T);
  const vd = F.saturatingMul(diff, V);
  const vd2 = F.saturatingMul(vd, vd);
  const half = F.constCheckedDiv(vd2, F.fromInteger(2));
  if (half === undefined) return { err: "Division" };
  const next = positive
    ? F.saturatingMul(F.saturatingAdd(F.saturatingAdd(diff, half), F.one), traffic)
    : F.saturatingMul(F.saturatingSub(diff, half), traffic);
  return { ok: next > trafficDefault ? next : trafficDefault };
}

/** `traffic.saturating_mul_int(base_fee)`: the spot price (planck) of an order at `traffic`. */
export function spotPrice(traffic: bigint, baseFee: bigint): bigint {
  return FixedU128.saturatingMulInt(traffic, baseFee);
}

// ------------------------------------------------------------------------------------------------
// Version 2 (polkadot-sdk#10184): one FIFO, no affinity

/**
 * `EnqueuedOrder<N> { para_id, ordered_at }` of on-demand v2 (sdk#10184, `on_demand/mod.rs`): an
 * order and the relay block it was placed in. (v1's `EnqueuedOrder` is `{ para_id, idx }`.)
 */
export const EnqueuedOrderV2 = t.struct("EnqueuedOrder", { para_id: ParaId, ordered_at: t.u32 });
/** A v2 enqueued order. */
export type EnqueuedOrderV2 = Infer<typeof EnqueuedOrderV2>;

/** `OrderQueue<N> { queue: BoundedVec<EnqueuedOrder<N>, ON_DEMAND_MAX_QUEUE_MAX_SIZE> }` (v2): the orders, oldest first. */
export const OrderQueue = t.struct("OrderQueue", {
  queue: t.vec(EnqueuedOrderV2, { name: "BoundedVec<EnqueuedOrder, ON_DEMAND_MAX_QUEUE_MAX_SIZE>" }),
});
/** A v2 order queue. */
export type OrderQueue = Infer<typeof OrderQueue>;

/** `OrderStatus<N> { traffic, queue }` (v2): the last spot traffic (FixedU128 inner) and the FIFO. */
export const OrderStatusType = t.struct("OrderStatus", { traffic: arithmeticCodecs.fixedU128, queue: OrderQueue });
/** The v2 order status. */
export type OrderStatusType = Infer<typeof OrderStatusType>;

/** The blocks between an order and the first height it may be served at (asynchronous backing): `ordered_at + 2`. */
export const ORDER_READY_AFTER = 2;

/**
 * `OrderQueue::pop_assignment_for_cores(now, num_cores)` (v2) on a list, without side effects:
 * walks the queue oldest first and takes an order when cores are left, it is ready
 * (`ordered_at + 2 ≤ now`, saturating) and its para was not taken yet at this height (a para is
 * unique per height; its later orders stay queued, in place). Returns the taken paras **in
 * ascending para id** (Rust collects them in a `BTreeSet`) and the orders left, in order.
 */
export function popAssignmentsOf(
  queue: readonly EnqueuedOrderV2[],
  now: number,
  numCores: number,
): { readonly popped: number[]; readonly remaining: EnqueuedOrderV2[] } {
  const taken = new Set<number>();
  const remaining: EnqueuedOrderV2[] = [];
  let cores = numCores;
  for (const order of queue) {
    const readyAt = Math.min(order.ordered_at + ORDER_READY_AFTER, 0xffff_ffff);
    if (cores > 0 && readyAt <= now && !taken.has(order.para_id)) {
      taken.add(order.para_id);
      cores -= 1;
    } else remaining.push(order);
  }
  return { popped: [...taken].sort((a, b) => a - b), remaining };
}

/**
 * The on-demand part of v2's claim queue as the scheduler's `peek_impl` builds it (sdk#10184,
 * `scheduler/assigner_coretime` `peek_next_block`), for `poolCores` cores `0..poolCores − 1` that
 * all serve the pool: from height `from` (the block after the current one) for `numEntries`
 * heights, the queue is popped on a copy (`popAssignmentsOf`) and the paras go to the pool cores
 * in ascending core order. A core's list only grows at its own position, except that an empty
 * list receiving its first para at position 1 gets it twice (positions 0 and 1: the duplication
 * that gives a new order a full asynchronous backing opportunity). Returns `[core, paras]` for
 * the cores with a claim, ascending.
 */
export function peekClaimQueue(queue: readonly EnqueuedOrderV2[], from: number, poolCores: number, numEntries: number): Array<[number, number[]]> {
  const result = new Map<number, number[]>();
  let rest: readonly EnqueuedOrderV2[] = queue;
  for (let i = 0; i < numEntries; i++) {
    const { popped, remaining } = popAssignmentsOf(rest, from + i, poolCores);
    rest = remaining;
    popped.forEach((para, core) => {
      let claims = result.get(core);
      if (claims === undefined) result.set(core, (claims = []));
      if (claims.length === i) claims.push(para);
      else if (claims.length === 0 && i === 1) claims.push(para, para);
    });
  }
  return [...result.entries()].filter(([, c]) => c.length > 0).sort((a, b) => a[0] - b[0]);
}
