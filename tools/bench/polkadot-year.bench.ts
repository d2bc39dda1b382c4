/**
 * Benchmark: one year of Polkadot relay blocks (5 256 000 = 365 days × 14 400) on the
 * `polkadot-network` preset: the relay (System, Outbox, Balances, OnDemand, Coretime), the Coretime
 * chain (a broker block at every even relay block) and light parachains (they only count blocks).
 *
 * The year (issue 3): 100 cores, 80 held in bulk and renewed every sale, 20 in the on-demand pool.
 * - relay block 2 (coretime chain): 20 `reserve` of a whole `Pool` core (cores 0…19) and
 *   `start_sales { extra_cores: 80 }`, which asks the relay for 100 cores (`request_core_count`);
 * - the first sale, at its fixed price (after the lead-in): 80 `purchase` + `assign(Final)` to
 *   tasks 2000…2079 (cores 20…99), one pair every 20 relay blocks;
 * - every later sale (13 rotations in the year): the 80 `renew` in its interlude, one every 100
 *   relay blocks, signed by the region's owner (Polkadot had no auto-renewal of these then; the
 *   renewals stay real extrinsics on the coretime chain);
 * - on the relay: `OnDemand.place_order_allow_death` every `ORDER_EVERY` relay blocks (default 50,
 *   5 minutes: 105 120 orders a year), round-robin from the sovereign accounts of paras
 *   3000…3003; the pool cores serve them the next block.
 * The broker's `assign_core`, `request_core_count` and revenue requests travel as messages to the
 * relay, whose Coretime pallet advances the 100 cores every block. Which paras build a block is
 * read after each relay block from `coresAt` (what the network does for core-gated chains; the
 * preset gives runtimes only to the parachains a scenario names, so the light paras are counted
 * here, in the relay's block listener).
 *
 * Printed: blocks/s per chain (relay, coretime, the paras' produced blocks), wall and CPU time,
 * peak RSS and V8 heap (sampled every 16 384 relay blocks), then one instrumented run splitting the
 * time per chain and block phase. The year is checked at the end (every sale rotated, every
 * purchase, assignment, renewal and order succeeded, orders were served, the bulk paras built a
 * block in every relay block of their regions), so a broken run cannot pass.
 *
 *   npm run bench -- polkadot-year          BENCH_RUNS=3 for more direct runs (default 1)
 *   BENCH_BLOCKS=500000                     a shorter horizon (profiling); checks scale with it
 *   BENCH_ONLY=direct node --cpu-prof …     direct runs only (a clean CPU profile)
 *   BENCH_ORDER_EVERY=10                    another on-demand order rate (relay blocks per order)
 *   BENCH_PHASE_BLOCKS=…                    horizon of the instrumented run (default 500 000: the first
 *                                           sale's purchases, its rotation and the renewals)
 *
 * Targets (issue 10): the year in at most 30 s of CPU for the whole process, at most 4× the mutable
 * baseline (`baselines/polkadot-year.mjs` over the same horizon, run beside it as a whole process
 * after the direct runs; `BENCH_BASELINE=0` skips it), peak RSS at most 300 MB.
 */
import { printSideBySide, processCpu, runBaseline, type ProcessTime } from "./baseline.ts";
import { registerBenchPresets, benchEngine } from "./engine.ts";
import { MemoryPeaks } from "./memory.ts";
import { Origin, initCrypto, palletAccountId, paraSovereignAccount, type Extrinsic, type Network, type Runtime } from "@corelab/frame";
import { Broker, complete } from "@corelab/pallet-broker";
import { coresAt, paraOfRun, type CoreRun } from "@corelab/pallet-coretime";
import { getPreset } from "@corelab/testing";

registerBenchPresets(); // the presets this bench names

const PRESET = "polkadot-network";
const YEAR = 5_256_000;
const LAST = Math.max(1_000, Number(process.env.BENCH_BLOCKS ?? YEAR));
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
const ORDER_EVERY = Math.max(2, Number(process.env.BENCH_ORDER_EVERY ?? 50));
const POOL_CORES = 20;
const BULK_CORES = 80;
const ORDER_PARAS = [3000, 3001, 3002, 3003];
const DOT = 10_000_000_000n;
const PURCHASE_EVERY = 20;
const RENEW_EVERY = 100;
const START = 2; // the coretime chain's first block

const owner = (i: number) => `bulk-${i}`;
const task = (i: number) => 2_000 + i;

interface SaleInfo {
  sale_start: number;
  leadin_length: number;
  region_begin: number;
  region_end: number;
  first_core: number;
  cores_sold: number;
}

interface Counts {
  purchases: number;
  assigns: number;
  renewals: number;
  orders: number;
  rotations: number;
  firstRegionBegin: number;
  firstFixed: number;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

function createYearNetwork(): Network {
  // the on-demand pot exists (as on Polkadot): an order's price (0.001 DOT) is below the existential deposit
  const relayBalances = Object.fromEntries([
    ...ORDER_PARAS.map((p) => [paraSovereignAccount(p), (1_000_000n * DOT).toString()]),
    [palletAccountId("py/ondmd"), DOT.toString()],
  ]);
  const ctBalances = Object.fromEntries(Array.from({ length: BULK_CORES }, (_, i) => [owner(i), (1_000_000n * DOT).toString()]));
  // the relay's cores at genesis, as the broker will sell them (Polkadot's relay had its cores
  // assigned before the broker's first region): Pool on 0…19, Task(2000 + i) on 20 + i
  const assignments = Array.from({ length: POOL_CORES + BULK_CORES }, (_, core) => ({
    core,
    begin: 1,
    assignment: [[core < POOL_CORES ? "Pool" : { Task: task(core - POOL_CORES) }, 57_600]],
    end_hint: null,
  }));
  const net = getPreset(PRESET).network!({
    genesis: {
      Balances: { balances: relayBalances },
      Coretime: { core_count: POOL_CORES + BULK_CORES, assignments },
      "coretime.Balances": { balances: ctBalances },
    },
  });
  net.setEngineOptions(benchEngine());
  return net;
}

/**
 * Light parachains: what each relay block's cores run (`coresAt`), folded into per-para block
 * counts. An unchanged answer is the same array object, so a block costs one read and a compare.
 */
class ParaCounter {
  readonly produced = new Map<number, number>();
  private last: readonly CoreRun[] | undefined;
  private lastCount = 0;
  onDemandBlocks = 0;

  constructor(private readonly relay: Runtime) {}

  block(): void {
    const runs = this.relay.read(coresAt);
    if (runs === this.last) {
      this.lastCount++;
      return;
    }
    this.flush();
    this.last = runs;
    this.lastCount = 1;
  }

  flush(): void {
    const runs = this.last;
    if (runs === undefined || this.lastCount === 0) return;
    const seen = new Set<number>(); // one block per para per relay block, however many cores it has
    for (const r of runs) {
      const p = paraOfRun(r);
      if (p === undefined || seen.has(p)) continue;
      seen.add(p);
      this.produced.set(p, (this.produced.get(p) ?? 0) + this.lastCount);
      if (r.type === "OnDemand") this.onDemandBlocks += this.lastCount;
    }
    this.lastCount = 0;
  }

  get total(): number {
    let n = 0;
    for (const v of this.produced.values()) n += v;
    return n;
  }
}

/** Drives the year on `net`. `hook` runs before anything starts (instrumentation). */
function runYear(net: Network, onSample: () => void, last = LAST): { counts: Counts; paras: ParaCounter } {
  const relay = net.relay;
  const ct = net.chain("coretime").runtime!;
  const paras = new ParaCounter(relay);
  relay.onBlock((b) => {
    paras.block();
    if ((b.number & 16_383) === 0) onSample();
  });
  const counts: Counts = { purchases: 0, assigns: 0, renewals: 0, orders: 0, rotations: 0, firstRegionBegin: 0, firstFixed: 0 };
  const apply = (rt: Runtime, xt: Extrinsic, what: keyof Counts) => {
    const r = rt.applyExtrinsic(xt);
    if (!r.ok) throw new Error(`${xt.call.pallet}.${xt.call.name} failed at relay block ${net.relayBlockNumber}: ${JSON.stringify(r.error)}`);
    (counts[what] as number)++;
  };
  let nextOrder = ORDER_EVERY;
  let orderIndex = 0;
  const placeOrder = () => {
    const para = ORDER_PARAS[orderIndex++ % ORDER_PARAS.length]!;
    apply(relay, { origin: Origin.signed(paraSovereignAccount(para)), call: { pallet: "OnDemand", name: "place_order_allow_death", args: { max_amount: DOT, para_id: para } } }, "orders");
  };
  /** Opens relay block `b` (≤ last), placing the orders due before and at it. */
  const open = (b: number) => {
    while (nextOrder < b) {
      net.openBlock(nextOrder);
      placeOrder();
      nextOrder += ORDER_EVERY;
    }
    net.openBlock(b);
    if (nextOrder === b) {
      placeOrder();
      nextOrder += ORDER_EVERY;
    }
  };
  const sale = () => ct.query("Broker", "SaleInfo") as SaleInfo;

  // relay block 2: 20 pool reservations, then the sales
  open(START);
  const root = (xt: Extrinsic["call"]) => {
    const r = ct.applyExtrinsic({ origin: Origin.root, call: xt });
    if (!r.ok) throw new Error(`${xt.pallet}.${xt.name} failed: ${JSON.stringify(r)}`);
  };
  for (let i = 0; i < POOL_CORES; i++) root(Broker.call("reserve", { workload: [{ mask: complete(), assignment: { type: "Pool" } }] }));
  root(Broker.call("start_sales", { end_price: 100n * DOT, extra_cores: BULK_CORES }));

  // the first sale: purchases at the fixed price, each region assigned for good to its task
  let s = sale();
  counts.firstRegionBegin = s.region_begin;
  const fixed = even(s.sale_start + s.leadin_length + 2);
  counts.firstFixed = fixed;
  for (let i = 0; i < BULK_CORES; i++) {
    const b = even(fixed + i * PURCHASE_EVERY);
    if (b > last) break;
    open(b);
    const before = sale();
    const core = before.first_core + before.cores_sold;
    apply(ct, { origin: Origin.signed(owner(i)), call: Broker.call("purchase", { price_limit: 1_000n * DOT }) }, "purchases");
    const region_id = { begin: before.region_begin, core, mask: complete() };
    apply(ct, { origin: Origin.signed(owner(i)), call: Broker.call("assign", { region_id, task: task(i), finality: { type: "Final" } }) }, "assigns");
  }

  // every later sale: the 80 renewals in its interlude (the owner of core 20 + i is bulk-i)
  for (;;) {
    const rotation = s.region_begin * 80; // the next sale starts advance_notice (10) relay blocks before the region
    if (rotation + 2 > last) break;
    open(even(rotation + 2));
    const next = sale();
    if (next.region_begin !== s.region_end) throw new Error(`the sale did not rotate at relay block ${rotation}: region_begin ${next.region_begin}, expected ${s.region_end}`);
    counts.rotations++;
    s = next;
    for (let i = 0; i < BULK_CORES; i++) {
      const b = even(rotation + 2 + (i + 1) * RENEW_EVERY);
      if (b > last) break;
      open(b);
      apply(ct, { origin: Origin.signed(owner(i)), call: Broker.call("renew", { core: POOL_CORES + i }) }, "renewals");
    }
  }
  open(last);
  net.advanceTo(last);
  onSample();
  paras.flush();
  return { counts, paras };
}

const even = (n: number) => n + (n & 1);

/** The checks a finished year must pass. */
function check(net: Network, counts: Counts, paras: ParaCounter): string[] {
  const problems: string[] = [];
  const firstFixed = counts.firstFixed;
  const purchasesDue = Math.min(BULK_CORES, Math.max(0, Math.floor((LAST - firstFixed) / PURCHASE_EVERY) + 1));
  if (counts.purchases !== purchasesDue || counts.assigns !== purchasesDue) problems.push(`purchases ${counts.purchases}, assigns ${counts.assigns}, expected ${purchasesDue}`);
  const rotationsDue = Math.max(0, Math.floor((LAST - 2 - counts.firstRegionBegin * 80) / 403_200) + 1);
  if (counts.rotations !== rotationsDue) problems.push(`rotations ${counts.rotations}, expected ${rotationsDue}`);
  if (counts.renewals < (counts.rotations - 1) * BULK_CORES || counts.renewals > counts.rotations * BULK_CORES) problems.push(`renewals ${counts.renewals} for ${counts.rotations} rotations`);
  const ordersDue = Math.floor(LAST / ORDER_EVERY);
  if (counts.orders !== ordersDue) problems.push(`orders placed ${counts.orders}, expected ${ordersDue}`);
  // every order is served the block after it was placed (20 pool cores, at most one order a block)
  const served = ORDER_PARAS.reduce((a, p) => a + (paras.produced.get(p) ?? 0), 0);
  const lastServed = LAST % ORDER_EVERY === 0 ? counts.orders - 1 : counts.orders;
  if (served !== lastServed) problems.push(`on-demand blocks ${served}, expected ${lastServed} (orders ${counts.orders})`);
  // a bulk para builds in every relay block: its genesis assignment, then the regions bought and renewed
  for (let i = 0; i < BULK_CORES; i++) {
    const got = paras.produced.get(task(i)) ?? 0;
    if (got !== LAST) {
      problems.push(`para ${task(i)} built ${got} blocks, expected ${LAST}`);
      break;
    }
  }
  const coreCount = net.relay.query("Coretime", "CoreCount") as number;
  if (LAST > 10 && coreCount !== POOL_CORES + BULK_CORES) problems.push(`relay CoreCount ${coreCount}`);
  return problems;
}

interface Sample {
  wall: number;
  cpu: number;
  rss: number;
  heap: number;
  relay: number;
  coretime: number;
  paraBlocks: number;
  counts: Counts;
  roots: Record<string, string>;
}

function runDirect(): Sample {
  const net = createYearNetwork();
  (globalThis as { gc?: () => void }).gc?.();
  const memory = new MemoryPeaks();
  const sample = memory.sample;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // progress every 2^18 relay blocks (a long run on a busy machine shows its rate as it goes)
  const progress = () => {
    sample();
    const n = net.relayBlockNumber;
    if (n === 0 || (n & 262_143) !== 0) return;
    const c = process.cpuUsage(cpu0);
    const cpu = (c.user + c.system) / 1e6;
    console.log(`    … relay block ${fmt(n)}: wall ${((performance.now() - t0) / 1000).toFixed(1)} s, cpu ${cpu.toFixed(1)} s (${((1e6 * cpu) / n).toFixed(1)} µs a block), rss ${mb(memory.rss)} MB`);
  };
  const { counts, paras } = runYear(net, progress);
  const roots = net.stateRoots(); // the run's checkpoint: the final state root of each chain
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  const problems = check(net, counts, paras);
  if (problems.length > 0) throw new Error(`the year is wrong:\n  ${problems.join("\n  ")}`);
  return { wall, cpu: (c.user + c.system) / 1e6, rss: memory.rss, heap: memory.heap, relay: net.chain("relay").produced, coretime: net.chain("coretime").produced, paraBlocks: paras.total, counts, roots };
}

type Phase = "init" | "apply" | "finalize";

/** One instrumented run of the first `last` relay blocks: wall time per chain and block phase (methods of the two runtimes wrapped). */
function runPhases(last: number): { phases: Record<string, number>; total: number } {
  const net = createYearNetwork();
  const t: Record<string, number> = {};
  const wrap = (name: string, rt: Runtime) => {
    const r = rt as unknown as Record<Phase, (...a: unknown[]) => unknown>;
    const names: Record<Phase, string> = { init: "initializeBlock", apply: "applyExtrinsic", finalize: "finalizeBlock" };
    for (const p of ["init", "apply", "finalize"] as const) {
      const key = `${name} ${p}`;
      t[key] = 0;
      const m = names[p] as Phase;
      const orig = (r[m] as (...a: unknown[]) => unknown).bind(rt);
      r[m] = (...a: unknown[]) => {
        const s = performance.now();
        const out = orig(...a);
        t[key]! += performance.now() - s;
        return out;
      };
    }
  };
  wrap("relay", net.relay);
  wrap("coretime", net.chain("coretime").runtime!);
  const t0 = performance.now();
  runYear(net, () => {}, last);
  const total = (performance.now() - t0) / 1000;
  const phases: Record<string, number> = {};
  let inside = 0;
  for (const [k, v] of Object.entries(t)) {
    phases[k] = v / 1000;
    inside += v / 1000;
  }
  phases["network loop, para counting, bench driver"] = total - inside;
  return { phases, total };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

await initCrypto();
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(`polkadot-year: ${fmt(LAST)} relay blocks on ${PRESET}${LAST === YEAR ? " (one year)" : ""}: 100 cores (${BULK_CORES} bulk, renewed every sale; ${POOL_CORES} on-demand pool),`);
console.log(`  an on-demand order every ${ORDER_EVERY} relay blocks from paras ${ORDER_PARAS.join(", ")}; light parachains`);
console.log(`  node ${process.version}, ${RUNS} direct run${RUNS === 1 ? "" : "s"}; the machine may be shared: CPU seconds are the steadier figure`);

const samples: Sample[] = [];
let wholeRun1: ProcessTime | undefined;
for (let i = 0; i < RUNS; i++) {
  const s = runDirect();
  if (i === 0) wholeRun1 = { cpu: processCpu(), wall: process.uptime() };
  samples.push(s);
  console.log(
    `  run ${i + 1}: wall ${s.wall.toFixed(2)} s, cpu ${s.cpu.toFixed(2)} s, peak rss ${mb(s.rss)} MB, peak heap ${mb(s.heap)} MB` +
      ` (${s.counts.rotations} rotations, ${s.counts.purchases} purchases, ${s.counts.renewals} renewals, ${s.counts.orders} orders)` +
      `\n    final state roots: ${Object.entries(s.roots).map(([k, v]) => `${k} ${v}`).join(", ")}`,
  );
}
const walls = samples.map((s) => s.wall);
const cpus = samples.map((s) => s.cpu);
const s0 = samples[0]!;
const row = (label: string, best: string, med: string) => console.log(`  ${label.padEnd(40)}${best.padStart(14)}${med.padStart(14)}`);
console.log("");
row("", "best", "median");
row("total seconds (wall)", Math.min(...walls).toFixed(2), median(walls).toFixed(2));
row("total seconds (cpu)", Math.min(...cpus).toFixed(2), median(cpus).toFixed(2));
row("relay blocks/s (wall)", fmt(s0.relay / Math.min(...walls)), fmt(s0.relay / median(walls)));
row("coretime blocks/s (wall)", fmt(s0.coretime / Math.min(...walls)), fmt(s0.coretime / median(walls)));
row(`para blocks/s (wall, ${fmt(s0.paraBlocks)} blocks)`, fmt(s0.paraBlocks / Math.min(...walls)), fmt(s0.paraBlocks / median(walls)));
row("µs per relay block (cpu)", ((1e6 * Math.min(...cpus)) / s0.relay).toFixed(2), ((1e6 * median(cpus)) / s0.relay).toFixed(2));
row("peak rss MB", mb(Math.min(...samples.map((s) => s.rss))), mb(median(samples.map((s) => s.rss))));
row("peak V8 heap MB", mb(Math.min(...samples.map((s) => s.heap))), mb(median(samples.map((s) => s.heap))));
printSideBySide("polkadot-year", wholeRun1!, runBaseline("polkadot-year", [String(LAST)]), 4);
const rssOk = samples[0]!.rss <= 300 * 1024 * 1024;
if (LAST === YEAR)
  console.log(`  the year: ${wholeRun1!.cpu.toFixed(2)} s CPU for the whole process, target at most 30 s: ${wholeRun1!.cpu <= 30 ? "met" : "NOT met"}; peak RSS ${mb(samples[0]!.rss)} MB, target at most 300 MB: ${rssOk ? "met" : "NOT met"}`);
else console.log(`  (the 30 s and 300 MB targets are for the whole year: BENCH_BLOCKS=${fmt(LAST)} is a shorter horizon)`);

if (process.env.BENCH_ONLY !== "direct") {
  const phaseBlocks = Math.min(LAST, Number(process.env.BENCH_PHASE_BLOCKS ?? 500_000));
  console.log(`\n  where the time goes (one instrumented run of the first ${fmt(phaseBlocks)} relay blocks, wall seconds):`);
  const { phases, total } = runPhases(phaseBlocks);
  for (const [k, v] of Object.entries(phases)) console.log(`    ${k.padEnd(46)}${v.toFixed(2).padStart(8)} s ${((100 * v) / total).toFixed(0).padStart(4)} %`);
  console.log(`    ${"total (instrumented)".padEnd(46)}${total.toFixed(2).padStart(8)} s`);
}


