// Vendored unchanged (below this header) from the mutable baselines the project's steering shared
// with the developers on 2026-12-07 (file kusama-sale-period.mjs): the physical limit tools/bench/kusama-sale-period.bench.ts
// is measured against. Plain Node, no dependencies. Do not edit: replace it with a newer copy.
// A hand-written mutable baseline of Corelab's `tools/bench/kusama-sale-period.bench.ts`: one
// Kusama sale period on `coretime-kusama` (newest era: MinimumPrice(1 KSM), sale rules "current"),
// 403,201 relay blocks from `start_sales` to the next rotation, 100 cores (5 reserved, 15 leased,
// 80 for sale), 30 renewals in the interlude and 50 purchases along the lead-in and the
// fixed-price phase, at the same blocks as the bench.
//
// What it does, block by block, as the preset's runtime does (System, Balances, TestCoretime,
// Broker): TestCoretime's `bump()` (the mock relay applying assignments that are due), then the
// broker's `do_tick` (core-count inbox, revenue inbox, the commit of the next timeslice
// `advance_notice` blocks ahead: `rotate_sale` when the sale's region begins, `process_pool`, the
// workplans of that timeslice into workloads and `assign_core`; a new timeslice every 80 blocks:
// the mock's revenue answer), then the block's extrinsic (`start_sales`, `renew`, `purchase`) with
// the same checks, prices (FixedU64 / Perbill rounding of sp-arithmetic) and balance moves
// (withdraw from the buyer, `OnRevenue` into the burn account, total issuance).
//
// Mutable objects and Maps, bigint balances, plain numbers for block numbers and timeslices.
// Left out on purpose (Corelab does them, the baseline does not): events and event records,
// state roots, block hashes and headers, extrinsic records and roots, any history of past states,
// origin checks and call decoding, rollback of failed calls (no call here fails), the TestCoretime
// trace's copy-on-append (the baseline appends in place), and Corelab's canonical key strings.
//
//   node kusama-sale-period.mjs            prints the observable values and the loop's time
//   node kusama-sale-period.mjs --json     the observable values as one JSON line (for compare-sale-period.mjs)
//   node kusama-sale-period.mjs --repeat 20  runs the period 20 times in one process (steady-state time per run)

const KSM = 1_000_000_000_000n;
const GENESIS = 22_861_429;
const FIRST = GENESIS + 1;
const PERIOD = 5_040 * 80;
const LAST = FIRST + PERIOD;
const RESERVATIONS = 5;
const LEASES = 15;
const FOR_SALE = 80;
const RENEWALS = 30;
const PURCHASES = 50;
const REGION_BEGIN = (FIRST + 10) / 80 + 5_040;
const INTERLUDE = 100_800;

// coretime-kusama (newest era) constants and `configure`
const TIMESLICE_PERIOD = 80;
const MAX_AUTO_RENEWALS = 100;
const EXISTENTIAL_DEPOSIT = 33_333_333n;
const MIN_PRICE = KSM; // MinimumPrice(1 KSM)
const CONFIG = {
  advance_notice: 10,
  interlude_length: 100_800,
  leadin_length: 100_800,
  region_length: 5_040,
  ideal_bulk_proportion: 1_000_000_000n, // Perbill
  limit_cores_offered: undefined,
  renewal_bump: 30_000_000n, // Perbill, 3 %
  contribution_timeout: 5_040,
};
const COMPLETE_MASK = (1n << 80n) - 1n;
const BURN = "pallet:CoretimeBurn";
const POT = "pallet:Broker";

// ---- sp-arithmetic (FixedU64, Perbill) on bigints, with the runtime's rounding ----
const DIV = 1_000_000_000n; // FixedU64 and Perbill accuracy
/** FixedU64::from_rational(a, b): nearest, ties down. */
function fromRational(a, b) {
  const num = DIV * a;
  const q = num / b;
  return (num % b) * 2n > b ? q + 1n : q;
}
const satSub = (a, b) => (a > b ? a - b : 0n);
/** FixedU64 × integer, floor. */
const mulInt = (x, n) => (x * n) / DIV;
/** Perbill::mul (`p * n`): nearest, ties down. */
function perbillMul(p, n) {
  const num = n * p;
  const q = num / DIV;
  return (num % DIV) * 2n > DIV ? q + 1n : q;
}
const HALF = fromRational(1n, 2n);
const TENTH = fromRational(1n, 10n);
/** CenterTargetPrice::leadin_factor_at. */
function leadinFactorAt(when) {
  if (when <= HALF) return satSub(100n * DIV, (when * 180n * DIV) / DIV);
  return satSub(19n * DIV, (when * 18n * DIV) / DIV);
}
/** MinimumPrice(1 KSM) over CenterTargetPrice: the next sale's prices. */
function adaptPrice(sale) {
  let end;
  let target;
  if (sale.sellout_price === undefined) {
    end = sale.end_price;
    target = mulInt(10n * DIV, sale.end_price);
  } else {
    const tenth = mulInt(TENTH, sale.sellout_price);
    end = tenth === 0n ? sale.sellout_price : tenth;
    target = sale.sellout_price;
  }
  if (end < MIN_PRICE) end = MIN_PRICE;
  if (target < end) target = end;
  return { end_price: end, target_price: target };
}

const addU32 = (a, b) => Math.min(a + b, 0xffff_ffff);
const subSat = (a, b) => (a > b ? a - b : 0);
const satI32 = (x) => (x < -0x8000_0000 ? -0x8000_0000 : x > 0x7fff_ffff ? 0x7fff_ffff : x);

function countOnes(mask) {
  let n = 0;
  for (let m = mask; m !== 0n; m &= m - 1n) n++;
  return n;
}

/** The chain's mutable state. */
function createState() {
  return {
    now: GENESIS,
    // Balances
    accounts: new Map(), // who -> { free, reserved }
    totalIssuance: 0n,
    // Broker
    config: { ...CONFIG },
    reservations: [], // Schedule[]
    leases: [], // { until, task }[]
    status: undefined,
    sale: undefined,
    potentialRenewals: new Map(), // `${core}/${when}` -> { core, when, price, workload }
    regions: new Map(), // `${begin}/${core}/${mask}` -> { begin, core, mask, end, owner, paid }
    workplan: new Map(), // timeslice -> Map(core -> Schedule)
    workload: new Map(), // core -> Schedule
    instaPoolIo: new Map(), // timeslice -> { private, system }
    instaPoolHistory: new Map(), // timeslice -> { private_contributions, system_contributions, maybe_payout }
    coreCountInbox: undefined,
    revenueInbox: undefined,
    autoRenewals: [],
    // TestCoretime (the mock relay)
    coretimeWorkplan: new Map(), // `${begin}/${core}` -> { begin, core, parts }
    coretimeUsage: new Map(), // core -> parts
    coretimeInPool: 0,
    coretimeSpending: [],
    trace: [],
  };
}

// ---- Balances ----
function withdraw(st, who, amount) {
  if (amount === 0n) return;
  const a = st.accounts.get(who);
  if (a === undefined || a.free < amount) throw new Error(`Token.FundsUnavailable: ${who}`);
  st.totalIssuance -= amount;
  a.free -= amount;
  if (a.free + a.reserved < EXISTENTIAL_DEPOSIT) st.accounts.delete(who); // reaped (dust lost)
}
function resolve(st, who, amount) {
  if (amount === 0n) return;
  let a = st.accounts.get(who);
  const total = a === undefined ? 0n : a.free + a.reserved;
  if (total + amount < EXISTENTIAL_DEPOSIT) return; // BelowMinimum: the burn's resolve is ignored (defensive_ok)
  st.totalIssuance += amount;
  if (a === undefined) st.accounts.set(who, (a = { free: 0n, reserved: 0n }));
  a.free += amount;
}
/** `charge(who, amount)`: withdraw, then `OnRevenue` = resolve into the burn account. */
function charge(st, who, amount) {
  withdraw(st, who, amount);
  if (amount !== 0n) resolve(st, BURN, amount);
}

// ---- Broker helpers ----
function salePrice(sale, now) {
  const num = Math.min(subSat(now, sale.sale_start), sale.leadin_length);
  const through = fromRational(BigInt(num), BigInt(sale.leadin_length));
  return mulInt(leadinFactorAt(through), sale.end_price);
}
function addPoolIo(st, when, dPrivate, dSystem) {
  const r = st.instaPoolIo.get(when) ?? { private: 0, system: 0 };
  st.instaPoolIo.set(when, { private: satI32(r.private + dPrivate), system: satI32(r.system + dSystem) });
}
function setWorkplan(st, timeslice, core, schedule) {
  let m = st.workplan.get(timeslice);
  if (m === undefined) st.workplan.set(timeslice, (m = new Map()));
  m.set(core, schedule);
}
function purchaseCore(st, who, price, sale) {
  charge(st, who, price);
  const core = Math.min(sale.first_core + sale.cores_sold, 0xffff);
  sale.cores_sold = Math.min(sale.cores_sold + 1, 0xffff);
  if (sale.cores_sold <= sale.ideal_cores_sold || sale.sellout_price === undefined) sale.sellout_price = price;
  return core;
}
function ensureCoresForSale(st) {
  if (st.sale.first_core >= st.status.core_count) throw new Error("Broker.Unavailable");
  if (st.sale.cores_sold >= st.sale.cores_offered) throw new Error("Broker.SoldOut");
}

// ---- the tick ----
function rotateSale(st, old, status) {
  const cfg = st.config;
  const now = st.now;
  let oldPooled = 0;
  for (let i = old.cores_sold; i < old.cores_offered; i++) {
    oldPooled = satI32(oldPooled + 80);
    setWorkplan(st, old.region_begin, (old.first_core + i) & 0xffff, [{ mask: COMPLETE_MASK, assignment: { type: "Pool" } }]);
  }
  addPoolIo(st, old.region_begin, 0, oldPooled);
  addPoolIo(st, old.region_end, 0, -oldPooled);
  const prices = adaptPrice(old);
  const regionBegin = old.region_end;
  const regionEnd = regionBegin + cfg.region_length;
  let firstCore = 0;
  let totalPooled = 0;
  for (const schedule of st.reservations) {
    let parts = 0;
    for (const item of schedule) if (item.assignment.type === "Pool") parts += countOnes(item.mask);
    totalPooled = satI32(totalPooled + parts);
    setWorkplan(st, regionBegin, firstCore, schedule);
    firstCore = Math.min(firstCore + 1, 0xffff);
  }
  addPoolIo(st, regionBegin, 0, totalPooled);
  addPoolIo(st, regionEnd, 0, -totalPooled);
  const kept = [];
  for (const lease of st.leases) {
    const schedule = [{ mask: COMPLETE_MASK, assignment: { type: "Task", value: lease.task } }];
    setWorkplan(st, regionBegin, firstCore, schedule);
    if (lease.until < regionEnd) {
      st.potentialRenewals.set(`${firstCore}/${regionEnd}`, { core: firstCore, when: regionEnd, price: prices.target_price, workload: schedule });
    } else kept.push(lease);
    firstCore = Math.min(firstCore + 1, 0xffff);
  }
  st.leases = kept;
  const coresOffered = Math.min(cfg.limit_cores_offered ?? 0xffff, subSat(status.core_count, firstCore));
  const ideal = Number(perbillMul(cfg.ideal_bulk_proportion, BigInt(coresOffered))) & 0xffff;
  st.sale = {
    sale_start: addU32(now, cfg.interlude_length),
    leadin_length: cfg.leadin_length,
    end_price: prices.end_price,
    region_begin: regionBegin,
    region_end: regionEnd,
    ideal_cores_sold: ideal,
    cores_offered: coresOffered,
    first_core: firstCore,
    sellout_price: coresOffered > 0 ? prices.end_price : undefined,
    cores_sold: 0,
  };
  renewCores(st);
}

function renewCores(st) {
  // auto-renewals: none are enabled in this period (the list stays empty)
  const out = [];
  for (const r of st.autoRenewals) if (st.sale.region_begin < r.next_renewal) out.push(r);
  if (out.length <= MAX_AUTO_RENEWALS) st.autoRenewals = out;
}

function processPool(st, when, status) {
  const io = st.instaPoolIo.get(when) ?? { private: 0, system: 0 };
  st.instaPoolIo.delete(when);
  status.private_pool_size = satI32((status.private_pool_size | 0) + io.private) >>> 0;
  status.system_pool_size = satI32((status.system_pool_size | 0) + io.system) >>> 0;
  st.instaPoolHistory.set(when, { private_contributions: status.private_pool_size, system_contributions: status.system_pool_size, maybe_payout: undefined });
}

const ASSIGNMENT_ORDER = { Idle: 0, Pool: 1, Task: 2 };
function processCoreSchedule(st, workplan, timeslice, rcBegin, core) {
  const plan = workplan.get(core);
  workplan.delete(core);
  const workload = st.workload.get(core) ?? [];
  let used = 0n;
  for (const item of plan) used |= item.mask;
  const merged = plan.slice();
  for (const item of workload) if ((item.mask & used) === 0n) merged.push(item);
  if (merged.length > 80) merged.length = 80;
  st.workload.set(core, merged);
  let total = 0;
  const parts = merged.map((item) => {
    const p = countOnes(item.mask) * 720;
    total = Math.min(total + p, 0xffff);
    return [item.assignment, p];
  });
  if (total < 57_600) parts.push([{ type: "Idle" }, 57_600 - total]);
  if (parts.length > 1)
    parts.sort((a, b) => ASSIGNMENT_ORDER[a[0].type] - ASSIGNMENT_ORDER[b[0].type] || (a[0].value ?? 0) - (b[0].value ?? 0) || a[1] - b[1]);
  const assignment = [];
  for (const p of parts) {
    const last = assignment[assignment.length - 1];
    if (last !== undefined && last[0].type === p[0].type && last[0].value === p[0].value) last[1] = (last[1] + p[1]) & 0xffff;
    else assignment.push([p[0], p[1]]);
  }
  // the mock relay's assign_core: its workplan and trace
  st.coretimeWorkplan.set(`${rcBegin}/${core}`, { begin: rcBegin, core, parts: assignment });
  st.trace.push({ block: st.now, core, begin: rcBegin, assignment, end_hint: undefined });
}

function processRevenue(st) {
  const record = st.revenueInbox;
  st.revenueInbox = undefined;
  const when = subSat(Math.floor(record.until / TIMESLICE_PERIOD), 1);
  let revenue = record.amount;
  if (revenue === 0n) {
    st.instaPoolHistory.delete(when);
    return;
  }
  const r = st.instaPoolHistory.get(when) ?? { private_contributions: 0, system_contributions: 0, maybe_payout: undefined };
  if (r.maybe_payout !== undefined) return;
  const contrib = r.system_contributions + r.private_contributions;
  let systemPayout = 0n;
  if (contrib !== 0) {
    systemPayout = (revenue * BigInt(r.system_contributions)) / BigInt(contrib);
    try {
      charge(st, POT, systemPayout);
    } catch {
      // ignored, as in Rust
    }
    revenue = revenue > systemPayout ? revenue - systemPayout : 0n;
  }
  if (revenue !== 0n && r.private_contributions > 0) st.instaPoolHistory.set(when, { ...r, maybe_payout: revenue });
  else st.instaPoolHistory.delete(when);
}

/** The mock relay's `request_revenue_info_at(when)`: sums the spending before `when` (none here). */
function requestRevenueInfoAt(st, when) {
  let total = 0n;
  if (st.coretimeSpending.length > 0) {
    const kept = [];
    for (const [n, amount] of st.coretimeSpending) if (n < when) total += amount;
    else kept.push([n, amount]);
    st.coretimeSpending = kept;
  }
  if (total > 0n) resolve(st, POT, total);
  st.revenueInbox = { until: when, amount: total };
}

function doTick(st) {
  const status = st.status;
  if (status === undefined) return;
  const now = st.now;
  const cfg = st.config;
  if (
    st.coreCountInbox === undefined &&
    st.revenueInbox === undefined &&
    status.last_committed_timeslice >= Math.floor(addU32(now, cfg.advance_notice) / TIMESLICE_PERIOD) &&
    status.last_timeslice >= Math.floor(now / TIMESLICE_PERIOD)
  )
    return;
  if (st.coreCountInbox !== undefined) {
    status.core_count = st.coreCountInbox;
    st.coreCountInbox = undefined;
  }
  if (st.revenueInbox !== undefined) processRevenue(st);
  if (status.last_committed_timeslice < Math.floor(addU32(now, cfg.advance_notice) / TIMESLICE_PERIOD)) {
    const commit = status.last_committed_timeslice + 1;
    status.last_committed_timeslice = commit;
    if (st.sale !== undefined && commit >= st.sale.region_begin) rotateSale(st, st.sale, status);
    processPool(st, commit, status);
    const plan = st.workplan.get(commit);
    if (plan !== undefined) {
      const cores = [...plan.keys()].sort((a, b) => a - b);
      for (const core of cores) {
        if (core >= status.core_count) break;
        processCoreSchedule(st, plan, commit, commit * TIMESLICE_PERIOD, core);
      }
      if (plan.size === 0) st.workplan.delete(commit);
    }
  }
  if (status.last_timeslice < Math.floor(now / TIMESLICE_PERIOD)) {
    status.last_timeslice = addU32(status.last_timeslice, 1);
    requestRevenueInfoAt(st, TIMESLICE_PERIOD * status.last_timeslice);
  }
}

/** TestCoretime's `bump()`: the mock relay applies the assignments that are due. */
function bump(st) {
  if (st.coretimeWorkplan.size === 0) return;
  const now = st.now;
  const due = [...st.coretimeWorkplan.entries()].filter(([, w]) => w.begin <= now).sort((a, b) => a[1].begin - b[1].begin || a[1].core - b[1].core);
  if (due.length === 0) return;
  let pool = st.coretimeInPool;
  for (const [key, w] of due) {
    const old = st.coretimeUsage.get(w.core);
    const oldPool = old?.find(([a]) => a.type === "Pool");
    if (oldPool) pool -= Math.floor(oldPool[1] / 720);
    const newPool = w.parts.find(([a]) => a.type === "Pool");
    if (newPool) pool += Math.floor(newPool[1] / 720);
    st.coretimeUsage.set(w.core, w.parts);
    st.coretimeWorkplan.delete(key);
  }
  st.coretimeInPool = pool;
}

// ---- calls ----
function startSales(st, endPrice, extraCores) {
  const cfg = st.config;
  const coreCount = (st.leases.length + st.reservations.length + extraCores) & 0xffff;
  st.coreCountInbox = coreCount; // the mock relay answers request_core_count at once
  const commit = Math.floor(addU32(st.now, cfg.advance_notice) / TIMESLICE_PERIOD);
  const status = {
    core_count: coreCount,
    private_pool_size: 0,
    system_pool_size: 0,
    last_committed_timeslice: subSat(commit, 1),
    last_timeslice: Math.floor(st.now / TIMESLICE_PERIOD),
  };
  const old = {
    sale_start: st.now,
    leadin_length: 0,
    end_price: endPrice,
    region_begin: commit,
    region_end: addU32(commit, cfg.region_length),
    ideal_cores_sold: 0,
    cores_offered: 0,
    first_core: 0,
    sellout_price: undefined,
    cores_sold: 0,
  };
  rotateSale(st, old, status);
  st.status = status;
}

function purchase(st, who, priceLimit) {
  ensureCoresForSale(st);
  const sale = st.sale;
  if (!(st.now > sale.sale_start)) throw new Error("Broker.TooEarly");
  const price = salePrice(sale, st.now);
  if (priceLimit < price) throw new Error("Broker.Overpriced");
  const core = purchaseCore(st, who, price, sale);
  st.regions.set(`${sale.region_begin}/${core}/${COMPLETE_MASK}`, { begin: sale.region_begin, core, mask: COMPLETE_MASK, end: sale.region_end, owner: who, paid: price });
  return price;
}

function renew(st, who, core) {
  ensureCoresForSale(st);
  const sale = st.sale;
  const key = `${core}/${sale.region_begin}`;
  const record = st.potentialRenewals.get(key);
  if (record === undefined) throw new Error("Broker.NotAllowed");
  const newCore = purchaseCore(st, who, record.price, sale);
  setWorkplan(st, sale.region_begin, newCore, record.workload);
  const bumped = record.price + perbillMul(st.config.renewal_bump, record.price);
  const cap = sale.end_price > bumped ? sale.end_price : bumped;
  const atSale = salePrice(sale, st.now);
  const price = atSale < cap ? atSale : cap;
  st.potentialRenewals.delete(key);
  st.potentialRenewals.set(`${newCore}/${sale.region_end}`, { core: newCore, when: sale.region_end, price, workload: record.workload });
  return { paid: record.price, newCore, next: price };
}

// ---- the bench's period ----
const buyer = (i) => `buyer-${i}`;
const renewer = (i) => `renewer-${i}`;

function schedule() {
  const out = [];
  const saleStart = FIRST + INTERLUDE;
  for (let i = 0; i < RENEWALS; i++) out.push({ block: FIRST + 1 + Math.floor(((INTERLUDE - 2) * i) / RENEWALS), kind: "renew", i });
  for (let i = 0; i < PURCHASES; i++) out.push({ block: saleStart + 1 + Math.floor(((LAST - saleStart - 2) * i) / PURCHASES), kind: "purchase", i });
  return out.sort((a, b) => a.block - b.block);
}

function setup() {
  const st = createState();
  for (let i = 0; i < PURCHASES; i++) st.accounts.set(buyer(i), { free: 10_000n * KSM, reserved: 0n });
  for (let i = 0; i < RENEWALS; i++) st.accounts.set(renewer(i), { free: 10_000n * KSM, reserved: 0n });
  for (const a of st.accounts.values()) st.totalIssuance += a.free;
  for (let i = 0; i < RESERVATIONS; i++) st.reservations.push([{ mask: COMPLETE_MASK, assignment: { type: "Task", value: 1_000 + i } }]);
  for (let i = 0; i < LEASES; i++) st.leases.push({ until: 400_000, task: 2_000 + i });
  for (let i = 0; i < RENEWALS; i++)
    st.potentialRenewals.set(`${200 + i}/${REGION_BEGIN}`, {
      core: 200 + i,
      when: REGION_BEGIN,
      price: 5n * KSM,
      workload: [{ mask: COMPLETE_MASK, assignment: { type: "Task", value: 3_000 + i } }],
    });
  return st;
}

/** One block's hooks: TestCoretime's bump, then the broker's tick (runtime order). */
function initialize(st, n) {
  st.now = n;
  bump(st);
  doTick(st);
}

/** Runs the period; returns the observable values. */
export function runPeriod() {
  const st = setup();
  const plan = schedule();
  const purchases = [];
  const renewals = [];
  let p = 0;
  initialize(st, FIRST);
  startSales(st, KSM, FOR_SALE);
  let oldSale;
  for (let n = FIRST + 1; n <= LAST; n++) {
    if (n === LAST) oldSale = { ...st.sale };
    initialize(st, n);
    while (p < plan.length && plan[p].block === n) {
      const x = plan[p++];
      if (x.kind === "purchase") purchases.push({ block: n, who: buyer(x.i), price: purchase(st, buyer(x.i), 1_000n * KSM) });
      else renewals.push({ block: n, who: renewer(x.i), ...renew(st, renewer(x.i), 200 + x.i) });
    }
  }
  return observe(st, oldSale, purchases, renewals);
}

function observe(st, oldSale, purchases, renewals) {
  const regions = [...st.regions.values()].sort((a, b) => a.core - b.core);
  const potential = [...st.potentialRenewals.values()].sort((a, b) => a.when - b.when || a.core - b.core);
  return {
    blocks: LAST - FIRST + 1,
    purchase_prices: regions.map((r) => r.paid.toString()),
    purchase_cores: regions.map((r) => r.core),
    cores_sold: oldSale.cores_sold,
    cores_offered: oldSale.cores_offered,
    sellout_price: oldSale.sellout_price.toString(),
    revenue_burned: (st.accounts.get(BURN)?.free ?? 0n).toString(),
    // what the buyers and renewers paid, read from their balances (as the Corelab side reads them)
    revenue_purchases: Array.from({ length: PURCHASES }, (_, i) => 10_000n * KSM - (st.accounts.get(buyer(i))?.free ?? 0n)).reduce((a, b) => a + b, 0n).toString(),
    revenue_renewals: Array.from({ length: RENEWALS }, (_, i) => 10_000n * KSM - (st.accounts.get(renewer(i))?.free ?? 0n)).reduce((a, b) => a + b, 0n).toString(),
    renewal_next_prices: potential.map((r) => `${r.core}@${r.when}:${r.price}`),
    next_sale: {
      region_begin: st.sale.region_begin,
      sale_start: st.sale.sale_start,
      end_price: st.sale.end_price.toString(),
      sellout_price: st.sale.sellout_price?.toString(),
      cores_offered: st.sale.cores_offered,
      first_core: st.sale.first_core,
    },
    status: { ...st.status },
    total_issuance: st.totalIssuance.toString(),
    assign_core_at_rotation: st.trace.length,
    workloads: st.workload.size,
  };
}

// ---- main ----
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("kusama-sale-period.mjs")) {
  const args = process.argv.slice(2);
  const repeat = args.includes("--repeat") ? Math.max(1, Number(args[args.indexOf("--repeat") + 1])) : 1;
  let obs;
  const times = [];
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    obs = runPeriod();
    times.push(performance.now() - t0);
  }
  if (args.includes("--json")) console.log(JSON.stringify(obs));
  else {
    console.log(`kusama-sale-period (mutable baseline): ${obs.blocks.toLocaleString("en-US")} relay blocks, ${obs.cores_sold} cores sold of ${obs.cores_offered}`);
    console.log(`  sellout price ${obs.sellout_price}, revenue burned ${obs.revenue_burned}, next sale end price ${obs.next_sale.end_price}`);
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`  loop time: first run ${times[0].toFixed(1)} ms, median of ${repeat} ${sorted[repeat >> 1].toFixed(1)} ms, best ${sorted[0].toFixed(1)} ms (${((1000 * sorted[repeat >> 1]) / obs.blocks).toFixed(3)} µs a block)`);
  }
}
