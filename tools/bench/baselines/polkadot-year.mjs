// Vendored unchanged (below this header) from the mutable baselines the project's steering shared
// with the developers on 2026-12-07 (file polkadot-year.mjs): the physical limit tools/bench/polkadot-year.bench.ts
// is measured against. Plain Node, no dependencies. Do not edit: replace it with a newer copy.
// A hand-written mutable baseline of Corelab's `tools/bench/polkadot-year.bench.ts`: one year
// (5,256,000 relay blocks) of the `polkadot-network` preset, the same schedule of calls.
//
// Relay, every relay block (Rust's order):
//   OnDemand on_initialize: Revenue `force_insert_keep_left(0)` on the 160-entry ring (the
//     evicted entry folded into the new last one), `update_spot_traffic` (FixedU128 on bigints);
//   Coretime: a pending core count; the previous block's on-demand claims reported
//     (`report_processed`: affinity down, entries freed); then for EVERY core 0..99
//     `ensure_workload` + one `pop_assignment_for_core` of its work state (pos / remaining / step,
//     as `assigner_coretime` does, without Corelab's skip of whole-core pops); a `Pool` answer asks
//     the on-demand queue (`pop_assignment_for_core`: free / affinity heaps, queue index, affinity)
//     until it has nothing;
//   the parachains a core ran produce a block (light: counted per para);
//   messages from the coretime chain (sent one relay block before): `assign_core` (schedule queue),
//     `request_core_count` (active one block later), `request_revenue_at` (`claim_revenue_until`
//     from the ring, burnt from the on-demand pot, `notify_revenue` + teleported funds back);
//   `OnDemand.place_order_allow_death` every 50 relay blocks (spot price, withdraw, pot, revenue,
//     queue push).
// Coretime chain, every even relay block: the broker's tick (as in kusama-sale-period.mjs, with the
//   polkadot era's config and MinimumPrice(10 DOT), `assign_core` / revenue requests sent as
//   messages), the relay's messages (`notify_core_count`, teleported revenue, `notify_revenue`),
//   and the bench's calls: 20 Pool `reserve` + `start_sales` at block 2; in the first sale 80
//   `purchase` + `assign(Final)` at the fixed price, one pair every 20 relay blocks; in every later
//   sale the 80 `renew` in its interlude, one every 100 relay blocks.
//
// Left out, as in the sale-period baseline: events, state roots, block hashes and records,
// extrinsic records, origin checks and decoding, rollback, history of states, outbox storage.
//
//   node polkadot-year.mjs [BLOCKS]          default 5,256,000 (BENCH_BLOCKS is read too)
//   node polkadot-year.mjs [BLOCKS] --json   the observable values as one JSON line
//   node polkadot-year.mjs [BLOCKS] --steady skip the pops of whole-core work in blocks where no core's
//                                            work changes (their state is a fixed point; Corelab skips
//                                            them too) and count the bulk paras' blocks as runs

const YEAR = 5_256_000;
const argBlocks = process.argv.slice(2).find((a) => /^\d+$/.test(a));
const LAST = Math.max(1_000, Number(argBlocks ?? process.env.BENCH_BLOCKS ?? YEAR));
const ORDER_EVERY = Math.max(2, Number(process.env.BENCH_ORDER_EVERY ?? 50));
const POOL_CORES = 20;
const BULK_CORES = 80;
const CORES = POOL_CORES + BULK_CORES;
const ORDER_PARAS = [3000, 3001, 3002, 3003];
const DOT = 10_000_000_000n;
const PURCHASE_EVERY = 20;
const RENEW_EVERY = 100;
const START = 2;
const FULL_CORE = 57_600;
const TIMESLICE_PERIOD = 80;
const U32 = 0x1_0000_0000;
const COMPLETE_MASK = (1n << 80n) - 1n;

// ---- arithmetic ----
const DIV9 = 1_000_000_000n; // FixedU64 / Perbill
const DIV18 = 1_000_000_000_000_000_000n; // FixedU128
const roundNPD = (num, d) => {
  const q = num / d;
  return (num % d) * 2n > d ? q + 1n : q;
};
const satSub = (a, b) => (a > b ? a - b : 0n);
const subSat = (a, b) => (a > b ? a - b : 0);
const addU32 = (a, b) => Math.min(a + b, 0xffff_ffff);
const satI32 = (x) => (x < -0x8000_0000 ? -0x8000_0000 : x > 0x7fff_ffff ? 0x7fff_ffff : x);
const perbillMul = (p, n) => roundNPD(n * p, DIV9);
const HALF9 = DIV9 / 2n;
function leadinFactorAt(when) {
  if (when <= HALF9) return satSub(100n * DIV9, when * 180n);
  return satSub(19n * DIV9, when * 18n);
}
const MIN_PRICE = 10n * DOT; // MinimumPrice(10 DOT)
function adaptPrice(sale) {
  let end;
  let target;
  if (sale.sellout_price === undefined) {
    end = sale.end_price;
    target = 10n * sale.end_price;
  } else {
    const tenth = (sale.sellout_price * 100_000_000n) / DIV9;
    end = tenth === 0n ? sale.sellout_price : tenth;
    target = sale.sellout_price;
  }
  if (end < MIN_PRICE) end = MIN_PRICE;
  if (target < end) target = end;
  return { end_price: end, target_price: target };
}
function salePrice(sale, now) {
  const num = Math.min(subSat(now, sale.sale_start), sale.leadin_length);
  const through = roundNPD(DIV9 * BigInt(num), BigInt(sale.leadin_length));
  return (leadinFactorAt(through) * sale.end_price) / DIV9;
}
function countOnes(mask) {
  let n = 0;
  for (let m = mask; m !== 0n; m &= m - 1n) n++;
  return n;
}

// ---- on-demand host configuration (SDK default) and spot traffic ----
const QUEUE_MAX = 10_000;
const TARGET = 250_000_000n * DIV9; // Perbill → FixedU128
const VARIABILITY = 30_000_000n * DIV9;
const BASE_FEE = 10_000_000n;
const TRAFFIC_DEFAULT = DIV18;
const MAX_REVENUE = 160;
function calculateSpotTraffic(traffic, size) {
  const ratio = roundNPD(DIV18 * BigInt(size), BigInt(QUEUE_MAX));
  const positive = ratio >= TARGET;
  const diff = ratio > TARGET ? ratio - TARGET : TARGET - ratio;
  const vd = (diff * VARIABILITY) / DIV18;
  const vd2 = (vd * vd) / DIV18;
  const half = roundNPD(vd2 * DIV18, 2n * DIV18);
  const next = positive ? ((diff + half + DIV18) * traffic) / DIV18 : (satSub(diff, half) * traffic) / DIV18;
  return next > TRAFFIC_DEFAULT ? next : TRAFFIC_DEFAULT;
}

// ---- balances (ED checks only where the flow can hit them) ----
function account(map, who) {
  let a = map.get(who);
  if (a === undefined) map.set(who, (a = { free: 0n }));
  return a;
}

// =====================================================================================
// the relay chain
class Relay {
  constructor() {
    this.now = 0;
    this.ed = 10_000_000_000n;
    this.accounts = new Map();
    this.totalIssuance = 0n;
    this.coreCount = 0;
    this.pendingCoreCount = undefined;
    this.desc = Array.from({ length: CORES }, () => ({ queue: undefined, work: undefined }));
    this.schedules = new Map(); // begin * 65536 + core -> schedule
    // on-demand
    this.traffic = TRAFFIC_DEFAULT;
    this.q = { next_index: 0, smallest_index: 0, freed: [] };
    this.free = []; // pop-order heap of { para_id, idx }
    this.affinityEntries = new Map(); // core -> heap
    this.affinity = new Map(); // para -> { core, count }
    this.revenue = new Array(MAX_REVENUE); // ring: revenue[(head + i) % MAX] is index i
    this.revHead = 0;
    this.revLen = 0;
    this.prevClaims = []; // [core, para] popped last block
    this.pot = "pallet:OnDemand";
    this.inbox = []; // { at, kind, ... }
    this.toCoretime = [];
    this.slots = new Map(); // para id -> counter slot
    this.producedBySlot = new Float64Array(256);
    this.lastBuilt = new Float64Array(256).fill(-1);
    this.onDemandBlocks = 0;
    this.steady = process.argv.includes("--steady");
    this.plan = undefined;
  }

  // --- Coretime: assign_core (append to the core's schedule queue) ---
  assignCore(core, begin, assignment, endHint) {
    if (this.plan !== undefined) {
      this.flushPlan();
      this.plan = undefined;
    }
    const d = this.desc[core];
    const schedule = { assignments: assignment, end_hint: endHint, next_schedule: undefined };
    if (d.queue !== undefined) {
      if (!(begin > d.queue.last)) throw new Error("DisallowedInsert");
      const prev = this.schedules.get(d.queue.last * 65536 + core);
      if (prev !== undefined) prev.next_schedule = begin;
      this.schedules.set(begin * 65536 + core, schedule);
      d.queue.last = begin;
    } else {
      this.schedules.set(begin * 65536 + core, schedule);
      d.queue = { first: begin, last: begin };
    }
  }

  ensureWorkload(d, core) {
    const now = this.now;
    if (d.work !== undefined && d.work.end_hint !== undefined && d.work.end_hint <= now) d.work = undefined;
    const queue = d.queue;
    if (queue === undefined || queue.first > now) return;
    let next = queue.first;
    let update;
    for (;;) {
      const key = next * 65536 + core;
      const s = this.schedules.get(key);
      if (s === undefined) break;
      this.schedules.delete(key);
      if (s.end_hint === undefined || s.end_hint > now) {
        update = s;
        break;
      }
      if (s.next_schedule === undefined) break;
      next = s.next_schedule;
    }
    if (update === undefined) {
      d.work = undefined;
      d.queue = undefined;
      return;
    }
    let step = 0;
    for (const [, parts] of update.assignments) if (step === 0 || parts < step) step = parts;
    d.work = {
      items: update.assignments.map(([a, ratio]) => ({ a, ratio, remaining: ratio, slot: a.type === "Task" ? this.slotOf(a.value) : -1 })),
      end_hint: update.end_hint,
      pos: 0,
      step: step || 1,
    };
    d.queue = update.next_schedule === undefined ? undefined : { first: update.next_schedule, last: queue.last };
  }

  // --- on-demand queue ---
  queueSize() {
    const span = (((this.q.next_index - this.q.smallest_index) % U32) + U32) % U32;
    return Math.max(0, span - this.q.freed.length);
  }
  consumeIndex(idx) {
    const q = this.q;
    if (idx !== q.smallest_index) {
      q.freed.push(idx);
      q.freed.sort((a, b) => a - b);
      return;
    }
    q.smallest_index = (q.smallest_index + 1) % U32;
    while (q.freed.length > 0 && q.freed[0] === q.smallest_index) {
      q.freed.shift();
      q.smallest_index = (q.smallest_index + 1) % U32;
    }
  }
  /** The oldest order first (`EnqueuedOrder`'s reversed ordering: smaller queue index pops first). */
  static heapPush(heap, order) {
    let i = heap.length;
    while (i > 0 && heap[i - 1].idx > order.idx) i--;
    heap.splice(i, 0, order);
  }
  popOnDemand(core) {
    const aff = this.affinityEntries.get(core);
    const a = aff?.[0];
    const f = this.free[0];
    if (a === undefined && f === undefined) return undefined;
    let entry;
    if (a === undefined || (f !== undefined && f.idx < a.idx)) {
      entry = this.free.shift();
      // the other free entries of the same para follow it to this core
      let moved;
      for (let i = this.free.length - 1; i >= 0; i--)
        if (this.free[i].para_id === entry.para_id) (moved ??= []).push(...this.free.splice(i, 1));
      if (moved) {
        const heap = aff ?? [];
        for (const m of moved) Relay.heapPush(heap, m);
        this.affinityEntries.set(core, heap);
      }
    } else {
      entry = aff.shift();
      if (aff.length === 0) this.affinityEntries.delete(core);
    }
    this.consumeIndex(entry.idx);
    const x = this.affinity.get(entry.para_id);
    if (x === undefined) this.affinity.set(entry.para_id, { core, count: 1 });
    else if (x.core === core) x.count = Math.min(x.count + 1, 0xffff_ffff);
    return entry.para_id;
  }
  reportProcessed(para, core) {
    const x = this.affinity.get(para);
    if (x === undefined || x.core !== core) return;
    x.count = Math.max(0, x.count - 1);
    if (x.count > 0) return;
    this.affinity.delete(para);
    const aff = this.affinityEntries.get(core);
    if (aff === undefined) return;
    const kept = aff.filter((e) => e.para_id !== para);
    for (const e of aff) if (e.para_id === para) Relay.heapPush(this.free, e);
    if (kept.length === 0) this.affinityEntries.delete(core);
    else this.affinityEntries.set(core, kept);
  }

  /** `update_spot_traffic`: a pure function of (traffic, queue size), recomputed when either changed. */
  updateTraffic(size) {
    if (this.traffic === this.lastTrafficIn && size === this.lastSizeIn) {
      this.traffic = this.lastTrafficOut;
      return;
    }
    this.lastTrafficIn = this.traffic;
    this.lastSizeIn = size;
    this.traffic = this.lastTrafficOut = calculateSpotTraffic(this.traffic, size);
  }

  // --- revenue ring ---
  revAt(i) {
    return this.revenue[(this.revHead + i) % MAX_REVENUE];
  }
  rotateRevenue() {
    if (this.revLen < MAX_REVENUE) {
      this.revHead = (this.revHead + MAX_REVENUE - 1) % MAX_REVENUE;
      this.revenue[this.revHead] = 0n;
      this.revLen++;
      return;
    }
    const evicted = this.revAt(MAX_REVENUE - 1);
    this.revHead = (this.revHead + MAX_REVENUE - 1) % MAX_REVENUE;
    this.revenue[this.revHead] = 0n;
    if (evicted !== 0n) {
      const last = (this.revHead + MAX_REVENUE - 1) % MAX_REVENUE;
      this.revenue[last] += evicted;
    }
  }
  claimRevenueUntil(when) {
    let amount = 0n;
    while (this.revLen > 0) {
      const index = this.revLen - 1;
      if (when > Math.max(0, this.now - index)) {
        amount += this.revAt(index);
        this.revLen--;
      } else break;
    }
    return amount;
  }

  // --- the block ---
  initialize(n) {
    this.now = n;
    // OnDemand on_initialize
    this.rotateRevenue();
    this.updateTraffic(this.queueSize());
    // Coretime: core count, previous claims, every core popped once
    if (this.pendingCoreCount !== undefined && this.pendingCoreCount.at <= n) {
      const count = this.pendingCoreCount.count;
      this.pendingCoreCount = undefined;
      if (count !== this.coreCount) {
        this.coreCount = count;
        this.toCoretime.push({ kind: "notify_core_count", count });
      }
    }
    if (this.prevClaims.length > 0) {
      for (const [core, para] of this.prevClaims) this.reportProcessed(para, core);
      this.prevClaims = [];
    }
    if (this.steady && this.plan !== undefined && n < this.plan.wake && this.plan.count === this.coreCount) {
      this.steadyBlock(n);
      return;
    }
    let queueEmpty = false;
    for (let core = 0; core < this.coreCount; core++) {
      const d = this.desc[core];
      if (d.queue !== undefined || d.work?.end_hint !== undefined) this.ensureWorkload(d, core);
      const w = d.work;
      if (w === undefined) continue;
      // pop_assignment_for_core on the work state (Rust's arithmetic, every core, every block)
      if (w.pos >= w.items.length) w.pos = w.pos % w.items.length;
      const item = w.items[w.pos];
      item.remaining = Math.max(0, item.remaining - w.step);
      if (item.remaining < w.step) {
        w.pos = (w.pos + 1) & 0xffff;
        item.remaining = Math.min(FULL_CORE, item.remaining + item.ratio);
      }
      let slot = -1;
      if (item.slot >= 0) slot = item.slot;
      else if (item.a.type === "Pool" && !queueEmpty) {
        const para = this.popOnDemand(core);
        if (para === undefined) queueEmpty = true;
        else {
          this.prevClaims.push([core, para]);
          this.onDemandBlocks++;
          slot = this.slotOf(para);
        }
      }
      // one block per para per relay block, however many cores run it
      if (slot >= 0 && this.lastBuilt[slot] !== n) {
        this.lastBuilt[slot] = n;
        this.producedBySlot[slot]++;
      }
    }
    if (this.steady) this.rebuildPlan();
  }

  /**
   * --steady: a block in which no core's work changes and every core runs one whole-core
   * assignment. Rust's pop leaves such a work state unchanged (pos 1, remaining 57600 after its
   * first pop), so the pops are skipped, the bulk paras' blocks are counted as one run, and only
   * the Pool cores ask the on-demand queue, in core order, while it has orders.
   */
  steadyBlock(n) {
    const plan = this.plan;
    plan.run++;
    if (this.free.length === 0 && this.affinityEntries.size === 0) return;
    for (const core of plan.pool) {
      const para = this.popOnDemand(core);
      if (para === undefined) break;
      this.prevClaims.push([core, para]);
      this.onDemandBlocks++;
      const slot = this.slotOf(para);
      if (!plan.bulkSet.has(slot) && this.lastBuilt[slot] !== n) {
        this.lastBuilt[slot] = n;
        this.producedBySlot[slot]++;
      }
    }
  }

  /** Rebuilds the steady plan after a full block (flushing the previous plan's run). */
  rebuildPlan() {
    this.flushPlan();
    let wake = Infinity;
    const pool = [];
    const bulk = new Set();
    let steady = true;
    for (let core = 0; core < this.coreCount; core++) {
      const d = this.desc[core];
      if (d.queue !== undefined && d.queue.first < wake) wake = d.queue.first;
      const w = d.work;
      if (w === undefined) continue;
      if (w.end_hint !== undefined && w.end_hint < wake) wake = w.end_hint;
      if (w.items.length !== 1 || w.items[0].ratio !== FULL_CORE) steady = false;
      else if (w.items[0].a.type === "Pool") pool.push(core);
      else if (w.items[0].slot >= 0) bulk.add(w.items[0].slot);
    }
    this.plan = steady ? { wake, pool, bulkSet: bulk, count: this.coreCount, run: 0 } : undefined;
  }

  flushPlan() {
    const plan = this.plan;
    if (plan === undefined || plan.run === 0) return;
    for (const slot of plan.bulkSet) this.producedBySlot[slot] += plan.run;
    plan.run = 0;
  }

  /** A dense counter slot per para id (so the per-core loop touches typed arrays, not Maps). */
  slotOf(para) {
    let s = this.slots.get(para);
    if (s === undefined) {
      s = this.slots.size;
      this.slots.set(para, s);
      if (s >= this.producedBySlot.length) {
        const grow = (a) => {
          const b = new a.constructor(a.length * 2);
          b.set(a);
          return b;
        };
        this.producedBySlot = grow(this.producedBySlot);
        this.lastBuilt = grow(this.lastBuilt);
      }
    }
    return s;
  }

  get produced() {
    this.flushPlan();
    const out = new Map();
    for (const [para, s] of this.slots) out.set(para, this.producedBySlot[s]);
    return out;
  }

  deliver(msg) {
    switch (msg.kind) {
      case "assign_core":
        this.assignCore(msg.core, msg.begin, msg.assignment, msg.end_hint);
        break;
      case "request_core_count":
        this.pendingCoreCount = { at: this.now + 1, count: msg.count };
        break;
      case "request_revenue_at": {
        if (msg.when > this.now) throw new Error("RequestedFutureRevenue");
        const amount = this.claimRevenueUntil(msg.when);
        if (amount > 0n) {
          const pot = account(this.accounts, this.pot);
          if (pot.free < amount) throw new Error("AssetTransferFailed");
          pot.free -= amount;
          this.totalIssuance -= amount;
          this.toCoretime.push({ kind: "teleport", amount });
        }
        this.toCoretime.push({ kind: "notify_revenue", until: msg.when, amount });
        break;
      }
      default:
        throw new Error(`unknown message ${msg.kind}`);
    }
  }

  placeOrder(para, maxAmount, who) {
    const size = this.queueSize();
    this.updateTraffic(size);
    const price = (this.traffic * BASE_FEE) / DIV18;
    if (price > maxAmount) throw new Error("SpotPriceHigherThanMaxAmount");
    if (size >= QUEUE_MAX) throw new Error("QueueFull");
    const a = this.accounts.get(who);
    if (a === undefined || a.free < price) throw new Error("Token.FundsUnavailable");
    a.free -= price;
    account(this.accounts, this.pot).free += price;
    if (this.revLen > 0) this.revenue[this.revHead] += price;
    else {
      this.revHead = 0;
      this.revenue[0] = price;
      this.revLen = 1;
    }
    const idx = this.q.next_index;
    this.q.next_index = (idx + 1) % U32;
    const order = { para_id: para, idx };
    const aff = this.affinity.get(para);
    if (aff === undefined) Relay.heapPush(this.free, order);
    else {
      let heap = this.affinityEntries.get(aff.core);
      if (heap === undefined) this.affinityEntries.set(aff.core, (heap = []));
      Relay.heapPush(heap, order);
    }
  }
}

// =====================================================================================
// the coretime chain's broker (polkadot era: MinimumPrice(10 DOT), config in relay blocks)
class CoretimeChain {
  constructor() {
    this.now = 0;
    this.ed = DOT / 10n;
    this.accounts = new Map();
    this.config = {
      advance_notice: 10,
      interlude_length: 100_800,
      leadin_length: 201_600,
      region_length: 5_040,
      ideal_bulk_proportion: 1_000_000_000n,
      limit_cores_offered: undefined,
      renewal_bump: 30_000_000n,
    };
    this.reservations = [];
    this.leases = [];
    this.status = undefined;
    this.sale = undefined;
    this.potentialRenewals = new Map();
    this.regions = new Map();
    this.workplan = new Map(); // timeslice -> Map(core -> schedule)
    this.workload = new Map();
    this.instaPoolIo = new Map();
    this.instaPoolHistory = new Map();
    this.coreCountInbox = undefined;
    this.revenueInbox = undefined;
    this.toRelay = [];
    this.inbox = [];
    this.pot = "pallet:Broker";
    this.burn = "pallet:CoretimeBurn";
  }

  withdraw(who, amount) {
    if (amount === 0n) return;
    const a = this.accounts.get(who);
    if (a === undefined || a.free < amount) throw new Error("Token.FundsUnavailable");
    a.free -= amount;
    if (a.free < this.ed) this.accounts.delete(who);
  }
  resolve(who, amount) {
    if (amount === 0n) return;
    const a = this.accounts.get(who);
    if ((a?.free ?? 0n) + amount < this.ed) return false;
    account(this.accounts, who).free += amount;
    return true;
  }
  charge(who, amount) {
    this.withdraw(who, amount);
    if (amount !== 0n) this.resolve(this.burn, amount);
  }
  addPoolIo(when, dPrivate, dSystem) {
    const r = this.instaPoolIo.get(when) ?? { private: 0, system: 0 };
    this.instaPoolIo.set(when, { private: satI32(r.private + dPrivate), system: satI32(r.system + dSystem) });
  }
  setWorkplan(t, core, schedule) {
    let m = this.workplan.get(t);
    if (m === undefined) this.workplan.set(t, (m = new Map()));
    m.set(core, schedule);
  }

  rotateSale(old, status) {
    const cfg = this.config;
    let oldPooled = 0;
    for (let i = old.cores_sold; i < old.cores_offered; i++) {
      oldPooled = satI32(oldPooled + 80);
      this.setWorkplan(old.region_begin, (old.first_core + i) & 0xffff, [{ mask: COMPLETE_MASK, assignment: { type: "Pool" } }]);
    }
    this.addPoolIo(old.region_begin, 0, oldPooled);
    this.addPoolIo(old.region_end, 0, -oldPooled);
    const prices = adaptPrice(old);
    const regionBegin = old.region_end;
    const regionEnd = regionBegin + cfg.region_length;
    let firstCore = 0;
    let totalPooled = 0;
    for (const schedule of this.reservations) {
      let parts = 0;
      for (const item of schedule) if (item.assignment.type === "Pool") parts += countOnes(item.mask);
      totalPooled = satI32(totalPooled + parts);
      this.setWorkplan(regionBegin, firstCore++, schedule);
    }
    this.addPoolIo(regionBegin, 0, totalPooled);
    this.addPoolIo(regionEnd, 0, -totalPooled);
    for (const lease of this.leases) this.setWorkplan(regionBegin, firstCore++, [{ mask: COMPLETE_MASK, assignment: { type: "Task", value: lease.task } }]);
    const coresOffered = Math.min(cfg.limit_cores_offered ?? 0xffff, subSat(status.core_count, firstCore));
    this.sale = {
      sale_start: addU32(this.now, cfg.interlude_length),
      leadin_length: cfg.leadin_length,
      end_price: prices.end_price,
      region_begin: regionBegin,
      region_end: regionEnd,
      ideal_cores_sold: Number(perbillMul(cfg.ideal_bulk_proportion, BigInt(coresOffered))) & 0xffff,
      cores_offered: coresOffered,
      first_core: firstCore,
      sellout_price: coresOffered > 0 ? prices.end_price : undefined,
      cores_sold: 0,
    };
  }

  processPool(when, status) {
    const io = this.instaPoolIo.get(when) ?? { private: 0, system: 0 };
    this.instaPoolIo.delete(when);
    status.private_pool_size = satI32((status.private_pool_size | 0) + io.private) >>> 0;
    status.system_pool_size = satI32((status.system_pool_size | 0) + io.system) >>> 0;
    this.instaPoolHistory.set(when, { private_contributions: status.private_pool_size, system_contributions: status.system_pool_size, maybe_payout: undefined });
  }

  processCoreSchedule(plan, rcBegin, core) {
    const wp = plan.get(core);
    plan.delete(core);
    const workload = this.workload.get(core) ?? [];
    let used = 0n;
    for (const item of wp) used |= item.mask;
    const merged = wp.slice();
    for (const item of workload) if ((item.mask & used) === 0n) merged.push(item);
    this.workload.set(core, merged);
    let total = 0;
    const parts = merged.map((item) => {
      const p = countOnes(item.mask) * 720;
      total = Math.min(total + p, 0xffff);
      return [item.assignment, p];
    });
    if (total < FULL_CORE) parts.push([{ type: "Idle" }, FULL_CORE - total]);
    this.toRelay.push({ kind: "assign_core", core, begin: rcBegin, assignment: parts, end_hint: undefined });
  }

  processRevenue() {
    const record = this.revenueInbox;
    this.revenueInbox = undefined;
    const when = subSat(Math.floor(record.until / TIMESLICE_PERIOD), 1);
    let revenue = record.amount;
    if (revenue === 0n) {
      this.instaPoolHistory.delete(when);
      return;
    }
    const r = this.instaPoolHistory.get(when) ?? { private_contributions: 0, system_contributions: 0, maybe_payout: undefined };
    if (r.maybe_payout !== undefined) return;
    const contrib = r.system_contributions + r.private_contributions;
    if (contrib !== 0) {
      const payout = (revenue * BigInt(r.system_contributions)) / BigInt(contrib);
      try {
        this.charge(this.pot, payout);
      } catch {
        // ignored (defensive_ok)
      }
      revenue = revenue > payout ? revenue - payout : 0n;
    }
    if (revenue !== 0n && r.private_contributions > 0) this.instaPoolHistory.set(when, { ...r, maybe_payout: revenue });
    else this.instaPoolHistory.delete(when);
  }

  tick() {
    const status = this.status;
    if (status === undefined) return;
    const now = this.now;
    const cfg = this.config;
    const ready = Math.floor(addU32(now, cfg.advance_notice) / TIMESLICE_PERIOD);
    if (this.coreCountInbox === undefined && this.revenueInbox === undefined && status.last_committed_timeslice >= ready && status.last_timeslice >= Math.floor(now / TIMESLICE_PERIOD)) return;
    if (this.coreCountInbox !== undefined) {
      status.core_count = this.coreCountInbox;
      this.coreCountInbox = undefined;
    }
    if (this.revenueInbox !== undefined) this.processRevenue();
    if (status.last_committed_timeslice < ready) {
      const commit = status.last_committed_timeslice + 1;
      status.last_committed_timeslice = commit;
      if (this.sale !== undefined && commit >= this.sale.region_begin) this.rotateSale(this.sale, status);
      this.processPool(commit, status);
      const plan = this.workplan.get(commit);
      if (plan !== undefined) {
        for (const core of [...plan.keys()].sort((a, b) => a - b)) {
          if (core >= status.core_count) break;
          this.processCoreSchedule(plan, commit * TIMESLICE_PERIOD, core);
        }
        if (plan.size === 0) this.workplan.delete(commit);
      }
    }
    if (status.last_timeslice < Math.floor(now / TIMESLICE_PERIOD)) {
      status.last_timeslice = addU32(status.last_timeslice, 1);
      this.toRelay.push({ kind: "request_revenue_at", when: TIMESLICE_PERIOD * status.last_timeslice });
    }
  }

  deliver(msg) {
    switch (msg.kind) {
      case "notify_core_count":
        this.coreCountInbox = msg.count;
        break;
      case "teleport":
        this.resolve(this.pot, msg.amount); // below the existential deposit the teleport fails (funds lost)
        break;
      case "notify_revenue":
        this.revenueInbox = { until: msg.until, amount: msg.amount };
        break;
      default:
        throw new Error(`unknown message ${msg.kind}`);
    }
  }

  // calls
  reserve(workload) {
    this.reservations.push(workload);
  }
  startSales(endPrice, extraCores) {
    const cfg = this.config;
    const coreCount = (this.leases.length + this.reservations.length + extraCores) & 0xffff;
    this.toRelay.push({ kind: "request_core_count", count: coreCount });
    const commit = Math.floor(addU32(this.now, cfg.advance_notice) / TIMESLICE_PERIOD);
    const status = { core_count: coreCount, private_pool_size: 0, system_pool_size: 0, last_committed_timeslice: subSat(commit, 1), last_timeslice: Math.floor(this.now / TIMESLICE_PERIOD) };
    this.rotateSale(
      { sale_start: this.now, leadin_length: 0, end_price: endPrice, region_begin: commit, region_end: addU32(commit, cfg.region_length), ideal_cores_sold: 0, cores_offered: 0, first_core: 0, sellout_price: undefined, cores_sold: 0 },
      status,
    );
    this.status = status;
  }
  ensureCoresForSale() {
    if (this.sale.first_core >= this.status.core_count) throw new Error("Broker.Unavailable");
    if (this.sale.cores_sold >= this.sale.cores_offered) throw new Error("Broker.SoldOut");
  }
  purchaseCore(who, price) {
    const sale = this.sale;
    this.charge(who, price);
    const core = Math.min(sale.first_core + sale.cores_sold, 0xffff);
    sale.cores_sold = Math.min(sale.cores_sold + 1, 0xffff);
    if (sale.cores_sold <= sale.ideal_cores_sold || sale.sellout_price === undefined) sale.sellout_price = price;
    return core;
  }
  purchase(who, priceLimit) {
    this.ensureCoresForSale();
    const sale = this.sale;
    if (!(this.now > sale.sale_start)) throw new Error("Broker.TooEarly");
    const price = salePrice(sale, this.now);
    if (priceLimit < price) throw new Error("Broker.Overpriced");
    const core = this.purchaseCore(who, price);
    const id = { begin: sale.region_begin, core, mask: COMPLETE_MASK };
    this.regions.set(`${id.begin}/${core}/${COMPLETE_MASK}`, { end: sale.region_end, owner: who, paid: price });
    return id;
  }
  assign(who, id, task) {
    const key = `${id.begin}/${id.core}/${id.mask}`;
    const region = this.regions.get(key);
    if (region === undefined) throw new Error("Broker.UnknownRegion");
    if (region.owner !== who) throw new Error("Broker.NotOwner");
    this.regions.delete(key);
    if (id.begin <= this.status.last_committed_timeslice) throw new Error("baseline: region already under way (not in this schedule)");
    const old = this.workplan.get(id.begin)?.get(id.core);
    const plan = (old ?? []).filter((i) => (i.mask & id.mask) === 0n);
    plan.push({ mask: id.mask, assignment: { type: "Task", value: task } });
    this.setWorkplan(id.begin, id.core, plan);
    if (region.end - id.begin === this.config.region_length && region.paid !== undefined)
      this.potentialRenewals.set(`${id.core}/${region.end}`, { price: region.paid, workload: plan });
  }
  renew(who, core) {
    this.ensureCoresForSale();
    const sale = this.sale;
    const key = `${core}/${sale.region_begin}`;
    const record = this.potentialRenewals.get(key);
    if (record === undefined) throw new Error("Broker.NotAllowed");
    const newCore = this.purchaseCore(who, record.price);
    this.setWorkplan(sale.region_begin, newCore, record.workload);
    const bumped = record.price + perbillMul(this.config.renewal_bump, record.price);
    const cap = sale.end_price > bumped ? sale.end_price : bumped;
    const atSale = salePrice(sale, this.now);
    const price = atSale < cap ? atSale : cap;
    this.potentialRenewals.delete(key);
    this.potentialRenewals.set(`${newCore}/${sale.region_end}`, { price, workload: record.workload });
  }
}

// =====================================================================================
// the network and the bench's year
const even = (n) => n + (n & 1);
const sovereign = (p) => `para:${p}`;
const owner = (i) => `bulk-${i}`;
const task = (i) => 2_000 + i;

export function runYear(last = LAST) {
  const relay = new Relay();
  const ct = new CoretimeChain();
  for (const p of ORDER_PARAS) relay.accounts.set(sovereign(p), { free: 1_000_000n * DOT });
  relay.accounts.set(relay.pot, { free: DOT });
  for (const a of relay.accounts.values()) relay.totalIssuance += a.free;
  for (let i = 0; i < BULK_CORES; i++) ct.accounts.set(owner(i), { free: 1_000_000n * DOT });
  relay.coreCount = CORES;
  for (let core = 0; core < CORES; core++)
    relay.assignCore(core, 1, [[core < POOL_CORES ? { type: "Pool" } : { type: "Task", value: task(core - POOL_CORES) }, FULL_CORE]], undefined);

  const counts = { purchases: 0, assigns: 0, renewals: 0, orders: 0, rotations: 0 };
  const calls = new Map(); // coretime block -> [fn]
  const at = (b, fn) => {
    if (!calls.has(b)) calls.set(b, []);
    calls.get(b).push(fn);
  };
  // block 2: reservations and start_sales; the rest of the schedule is derived from the sale
  at(START, () => {
    for (let i = 0; i < POOL_CORES; i++) ct.reserve([{ mask: COMPLETE_MASK, assignment: { type: "Pool" } }]);
    ct.startSales(100n * DOT, BULK_CORES);
    const s = ct.sale;
    const fixed = even(s.sale_start + s.leadin_length + 2);
    for (let i = 0; i < BULK_CORES; i++)
      at(even(fixed + i * PURCHASE_EVERY), () => {
        const id = ct.purchase(owner(i), 1_000n * DOT);
        counts.purchases++;
        ct.assign(owner(i), id, task(i));
        counts.assigns++;
      });
    let regionBegin = s.region_begin;
    let regionEnd = s.region_end;
    const scheduleRotation = () => {
      const rotation = regionBegin * 80;
      at(even(rotation + 2), () => {
        if (ct.sale.region_begin !== regionEnd) throw new Error(`the sale did not rotate at ${rotation}`);
        counts.rotations++;
        regionBegin = ct.sale.region_begin;
        regionEnd = ct.sale.region_end;
        for (let i = 0; i < BULK_CORES; i++)
          at(even(rotation + 2 + (i + 1) * RENEW_EVERY), () => {
            ct.renew(owner(i), POOL_CORES + i);
            counts.renewals++;
          });
        scheduleRotation();
      });
    };
    scheduleRotation();
  });

  let orderIndex = 0;
  for (let n = 1; n <= last; n++) {
    // relay block n: hooks, messages due, the order
    relay.initialize(n);
    if (ct.toRelay.length > 0) {
      for (const m of ct.toRelay) relay.deliver(m);
      ct.toRelay.length = 0;
    }
    if (n % ORDER_EVERY === 0) {
      const para = ORDER_PARAS[orderIndex++ % ORDER_PARAS.length];
      relay.placeOrder(para, DOT, sovereign(para));
      counts.orders++;
    }
    // coretime block at even relay blocks: tick, messages, calls
    if ((n & 1) === 0) {
      ct.now = n;
      ct.tick();
      for (const m of ct.inbox) ct.deliver(m);
      ct.inbox.length = 0;
      const fns = calls.get(n);
      if (fns !== undefined) {
        calls.delete(n);
        for (const fn of fns) fn();
      }
    }
    // finalize: the relay's outbox goes to the coretime chain (delivered at its next block)
    if (relay.toCoretime.length > 0) {
      ct.inbox.push(...relay.toCoretime);
      relay.toCoretime.length = 0;
    }
    // (the coretime chain's outbox, ct.toRelay, is delivered at relay block n + 1 above)
  }
  return { relay, ct, counts, last };
}

function observe({ relay, ct, counts, last }) {
  const bulk = Array.from({ length: BULK_CORES }, (_, i) => relay.produced.get(task(i)) ?? 0);
  const served = ORDER_PARAS.reduce((a, p) => a + (relay.produced.get(p) ?? 0), 0);
  const renewal = [...ct.potentialRenewals.values()].map((r) => r.price);
  return {
    relay_blocks: last,
    coretime_blocks: Math.floor(last / 2),
    counts,
    on_demand_blocks: served,
    bulk_para_blocks_min: Math.min(...bulk),
    bulk_para_blocks_max: Math.max(...bulk),
    para_blocks_total: [...relay.produced.values()].reduce((a, b) => a + b, 0),
    relay_core_count: relay.coreCount,
    sale: ct.sale && { region_begin: ct.sale.region_begin, end_price: ct.sale.end_price.toString(), sellout_price: ct.sale.sellout_price?.toString(), cores_sold: ct.sale.cores_sold },
    next_renewal_price: renewal.length ? renewal.reduce((a, b) => (b > a ? b : a)).toString() : undefined,
    burned_on_coretime: (ct.accounts.get(ct.burn)?.free ?? 0n).toString(),
    broker_pot: (ct.accounts.get(ct.pot)?.free ?? 0n).toString(),
    on_demand_pot: (relay.accounts.get(relay.pot)?.free ?? 0n).toString(),
  };
}

if (process.argv[1]?.endsWith("polkadot-year.mjs")) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = runYear();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(cpu0);
  const obs = observe(r);
  if (process.argv.includes("--json")) console.log(JSON.stringify(obs));
  else {
    console.log(`polkadot-year (mutable baseline${process.argv.includes("--steady") ? ", --steady" : ""}): ${LAST.toLocaleString("en-US")} relay blocks in ${(wall / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s cpu: ${((1000 * wall) / LAST).toFixed(3)} µs a relay block (wall)`);
    console.log(`  ${JSON.stringify(obs)}`);
  }
}
