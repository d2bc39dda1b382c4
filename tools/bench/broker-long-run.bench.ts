/**
 * Benchmark: a long run of `broker-mock` (polkadot-sdk's broker `mock.rs`: region_length 3,
 * TimeslicePeriod 2, so a sale every 6 blocks) with sales running, to show that a block costs the
 * same at block 1,000,000 as at block 1,000 and that memory grows only by the trace it records.
 *
 * `start_sales(100, 3)` at block 1, then in every sale, once it has started: the two renewers renew
 * their cores (bought and assigned `Final` to tasks 2000 and 2001 in the first sale), the pooler
 * buys the third core and puts it in the instantaneous pool, the relay account spends on-demand
 * credit (`TestCoretime.spend_instantaneous`), and the pool regions that have ended claim their
 * revenue. So every rotation assigns all three cores on the mock relay (`TestCoretime.Trace` grows
 * by 3 every 6 blocks: 500,000 items over a million blocks), the pool, its history and the revenue
 * reports turn over, and everything except the trace is dropped once used.
 *
 * Printed: blocks/s per window of BENCH_WINDOW blocks (default 100,000), by CPU time
 * (`process.cpuUsage`, user + system: the machine may be shared) and wall time, with the trace's
 * length and the RSS at the window's end; then the peak RSS (sampled every 1,024 blocks) and peak V8
 * heap. A flat cost per block shows as the same blocks/s in every window.
 *
 * Everything but the trace stays the same size (the storage maps' sizes are printed at the end).
 * The mock relay keeps the last 10,000 trace items (`TestCoretime`'s `TraceRetention`), so memory
 * stays bounded; `BENCH_TRACE=all` keeps the whole trace, as mock.rs keeps `CoretimeTrace`, and the
 * live heap then grows by its items (the `live MB` column: the heap after a full GC between windows,
 * outside the timed part).
 *
 * The engine runs as the other benchmarks run it (`./engine.ts`: state roots on request);
 * `BENCH_STATE_ROOTS=every-block` adds a state root per block, as scenarios and tests compute them.
 *
 *   node --expose-gc --conditions=@corelab/source --import tsx tools/bench/broker-long-run.bench.ts
 *   npm run bench -- broker-long-run             the same, bundled
 *   BENCH_BLOCKS=200000 BENCH_WINDOW=20000 …    a shorter run (default 1,000,000 blocks)
 */
import { MemoryPeaks } from "./memory.ts";
import { Origin, initCrypto, type Extrinsic, type Runtime, type StorageItem } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";
import { Broker, complete, type RegionId } from "@corelab/pallet-broker";
import { TestCoretime } from "@corelab/pallet-broker/testing";
import { getPreset } from "@corelab/testing";
import { registerBenchPresets, benchEngine } from "./engine.ts";

registerBenchPresets(); // the presets this bench names

const BLOCKS = Math.max(1_000, Number(process.env.BENCH_BLOCKS ?? 1_000_000));
const WINDOW = Math.max(1_000, Number(process.env.BENCH_WINDOW ?? 100_000));
const CORES = 3;
const RENEWERS = ["r0", "r1"] as const;
const TASKS = [2_000, 2_001] as const;
const POOLER = "pooler";
const RELAY = "relay-account"; // on-demand credit holder on the mock relay
const MASK = complete();
const RICH = 10n ** 30n;
/** `TestCoretime`'s `TraceRetention`: the last 10,000 trace items by default (bounded memory); `BENCH_TRACE=all` keeps the whole trace, as mock.rs does. */
const TRACE_RETENTION = process.env.BENCH_TRACE === "all" ? undefined : Number(process.env.BENCH_TRACE ?? 10_000);

const signed = (who: string, call: Extrinsic["call"]): Extrinsic => ({ origin: Origin.signed(who), call });

function setup(): Runtime {
  const balances = Object.fromEntries([...RENEWERS, POOLER, RELAY].map((a) => [a, RICH.toString()]));
  const constants = TRACE_RETENTION === undefined ? undefined : { TestCoretime: { TraceRetention: TRACE_RETENTION } };
  const rt = getPreset("broker-mock").create({ genesis: { Balances: { balances } }, constants });
  rt.setEngineOptions(benchEngine());
  return rt;
}

type Sale = { region_begin: number; region_end: number; sale_start: number; first_core: number; cores_sold: number; cores_offered: number };

/** Drives the run, calling `onBlock(n)` once block `n`'s calls are applied; returns the failed calls and the sales served. */
function run(rt: Runtime, onBlock: (n: number) => void): { failed: number; sales: number } {
  let failed = 0;
  const apply = (xt: Extrinsic): boolean => {
    const r = rt.applyExtrinsic(xt);
    if (!r.ok) failed++;
    return r.ok;
  };
  const owned: Array<number | undefined> = [undefined, undefined]; // each renewer's core in the current sale
  const pooled: RegionId[] = []; // pool contributions not yet fully claimed
  let served = -1; // region_begin of the last sale served
  let sales = 0;

  rt.openBlock(1);
  apply({ origin: Origin.root, call: Broker.call("start_sales", { end_price: 100n, extra_cores: CORES }) });
  apply(signed(RELAY, Broker.call("purchase_credit", { amount: 10n ** 20n, beneficiary: RELAY })));
  onBlock(1);
  for (let n = 2; n <= BLOCKS; n++) {
    rt.openBlock(n);
    const sale = rt.read((ctx) => Broker.storage.SaleInfo.get(ctx)) as Sale | undefined;
    if (sale && sale.region_begin !== served && n > sale.sale_start) {
      // a sale's calls go into the first block after its start (`purchase` wants `now > sale_start`)
      served = sale.region_begin;
      sales++;
      for (let i = 0; i < RENEWERS.length; i++) {
        const core = owned[i];
        if (core !== undefined) {
          // the core a renewal lands on is the sale's next one
          const next = rt.read((ctx) => Broker.storage.SaleInfo.get(ctx))!;
          if (apply(signed(RENEWERS[i]!, Broker.call("renew", { core })))) owned[i] = next.first_core + next.cores_sold;
          continue;
        }
        const next = rt.read((ctx) => Broker.storage.SaleInfo.get(ctx))!;
        const region = { begin: sale.region_begin, core: next.first_core + next.cores_sold, mask: MASK };
        if (apply(signed(RENEWERS[i]!, Broker.call("purchase", { price_limit: RICH }))) && apply(signed(RENEWERS[i]!, Broker.call("assign", { region_id: region, task: TASKS[i]!, finality: { type: "Final" } }))))
          owned[i] = region.core;
      }
      const next = rt.read((ctx) => Broker.storage.SaleInfo.get(ctx))!;
      if (next.cores_sold < next.cores_offered) {
        const region = { begin: sale.region_begin, core: next.first_core + next.cores_sold, mask: MASK };
        if (apply(signed(POOLER, Broker.call("purchase", { price_limit: RICH })))) {
          if (apply(signed(POOLER, Broker.call("pool", { region_id: region, payee: POOLER, finality: { type: "Final" } })))) pooled.push(region);
        }
      }
      if (rt.read((ctx) => TestCoretime.storage.CoretimeInPool.get(ctx)) > 0)
        apply({ origin: Origin.root, call: TestCoretime.call("spend_instantaneous", { who: RELAY, price: 10n }) });
      // claim the pool regions that ended two sales ago (their revenue is known by now)
      while (pooled.length > 0 && pooled[0]!.begin + 3 + 3 < sale.region_begin) {
        const region = pooled.shift()!;
        apply(signed(POOLER, Broker.call("claim_revenue", { region_id: region, max_timeslices: 3 })));
      }
    }
    onBlock(n);
  }
  rt.finalizeBlock();
  return { failed, sales };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

await initCrypto();
const gc = (globalThis as { gc?: () => void }).gc;
const rt = setup();
console.log(`broker-long-run: ${BLOCKS.toLocaleString("en-US")} blocks of broker-mock with sales running (${CORES} cores: 2 renewed, 1 pooled, every 6-block sale)`);
console.log(`  state roots ${rt.stateRoots} (BENCH_STATE_ROOTS=every-block to hash every block); node ${process.version}; CPU seconds are the steadier figure (the machine may be shared)${gc ? "" : "; run with --expose-gc for a clean start"}`);
gc?.();
const memory = new MemoryPeaks();
const sample = memory.sample;
const traceLength = () => rt.read((ctx) => TestCoretime.storage.TraceCount.get(ctx));
console.log(`\n  ${"blocks".padStart(21)}${"blocks/s cpu".padStart(14)}${"blocks/s wall".padStart(15)}${"trace items".padStart(13)}${"rss MB".padStart(9)}${gc ? "live MB".padStart(10) : ""}`);
let cpu0 = process.cpuUsage();
let wall0 = performance.now();
let from = 1;
const cpuAll = process.cpuUsage();
const wallAll = performance.now();
const rates: number[] = [];

const live: number[] = [];
let firstWindowTrace = 0;
const result = run(rt, (n) => {
  if ((n & 1023) === 0) sample();
  if (n % WINDOW !== 0 && n !== BLOCKS) return;
  const c = process.cpuUsage(cpu0);
  const cpu = (c.user + c.system) / 1e6;
  const wall = (performance.now() - wall0) / 1000;
  const count = n - from + 1;
  sample();
  rates.push(count / cpu);
  const range = `${from.toLocaleString("en-US")}..${n.toLocaleString("en-US")}`;
  process.stdout.write(`  ${range.padStart(21)}${Math.round(count / cpu).toLocaleString("en-US").padStart(14)}${Math.round(count / wall).toLocaleString("en-US").padStart(15)}${traceLength().toLocaleString("en-US").padStart(13)}${mb(process.memoryUsage().rss).padStart(9)}`);
  if (gc) {
    gc(); // outside the timed window: the live heap is what the run keeps
    live.push(process.memoryUsage().heapUsed);
    if (live.length === 1) firstWindowTrace = traceLength();
    process.stdout.write(`${mb(live[live.length - 1]!).padStart(10)}`);
  }
  process.stdout.write("\n");
  from = n + 1;
  cpu0 = process.cpuUsage();
  wall0 = performance.now();
});
const c = process.cpuUsage(cpuAll);
const cpu = (c.user + c.system) / 1e6;
const wall = (performance.now() - wallAll) / 1000;
console.log(`\n  total: ${cpu.toFixed(1)} s cpu, ${wall.toFixed(1)} s wall, ${Math.round(BLOCKS / cpu).toLocaleString("en-US")} blocks/s (cpu); ${result.sales.toLocaleString("en-US")} sales, ${result.failed} failed calls`);
if (rates.length >= 2) console.log(`  last window / first window (blocks/s, cpu): ${(rates[rates.length - 1]! / rates[0]!).toFixed(2)}`);
console.log(`  peak rss ${mb(memory.rss)} MB, peak V8 heap ${mb(memory.heap)} MB`);
// every storage map's size at the end: only the trace grows with the run
const sizes = rt.read((ctx) =>
  [Balances, TestCoretime, Broker].flatMap((p) =>
    Object.entries(p.storage as Record<string, StorageItem>).flatMap(([name, item]) => (item.kind === "map" ? [`${p.name}.${name} ${item.count(ctx).toLocaleString("en-US")}`] : [])),
  ),
);
console.log(`  storage maps at the end (entries): ${sizes.join(", ")}`);
if (live.length >= 2) {
  const perItem = (live[live.length - 1]! - live[0]!) / Math.max(1, traceLength() - firstWindowTrace);
  console.log(
    `  live heap after GC: ${mb(live[0]!)} MB after the first window, ${mb(live[live.length - 1]!)} MB at the end` +
      (TRACE_RETENTION === undefined ? ` (${Math.round(perItem)} bytes per trace item added)` : ` (the trace keeps its last ${TRACE_RETENTION.toLocaleString("en-US")} items)`),
  );
}
if (result.failed > 0) throw new Error(`${result.failed} calls failed: the run did not exercise what it claims`);
