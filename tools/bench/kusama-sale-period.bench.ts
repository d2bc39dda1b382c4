/**
 * Benchmark: one Kusama sale period (403 200 relay blocks = region_length 5 040 × 80) on
 * `coretime-kusama` (the current era) with 100 cores and 80 extrinsics spread over it: 30 renewals
 * in the interlude and 50 purchases along the lead-in and the fixed-price phase. The period runs
 * from `start_sales` to the next rotation, which schedules all 100 cores.
 *
 * Measured, per run: wall and CPU seconds (`process.cpuUsage`, user + system: the machine may be
 * shared), blocks/s, extrinsics/s, peak RSS and V8 heap (sampled every 16 384 blocks). The
 * direct runs drive the runtime as the replay runner does (`openBlock`, `applyExtrinsic`,
 * `advanceTo`); then one instrumented run splits the time into the block phases (hooks,
 * extrinsics, finalize + seal), and one run replays the same blocks as a scenario through
 * `@corelab/testing`'s runner, to show what the runner adds.
 *
 *   npm run bench -- kusama-sale-period          BENCH_RUNS=5 for more direct runs (default 3)
 *   BENCH_ONLY=direct node --cpu-prof …          direct runs only (a clean CPU profile)
 *
 * Targets (issue 10): at most 5× the mutable baseline (`baselines/kusama-sale-period.mjs`, run beside
 * it as a whole process at the end; `BENCH_BASELINE=0` skips it), whole processes, CPU.
 */
import { printSideBySide, processCpu, runBaseline, type ProcessTime } from "./baseline.ts";
import { registerBenchPresets, benchEngine } from "./engine.ts";
import { MemoryPeaks } from "./memory.ts";
import { Origin, initCrypto, type Extrinsic, type Runtime } from "@corelab/frame";
import { Broker, complete } from "@corelab/pallet-broker";
import { compileScenario, getPreset, replay, scenarioFromObject } from "@corelab/testing";

registerBenchPresets(); // the presets this bench names

const PRESET = "coretime-kusama";
const GENESIS = 22_861_429; // (GENESIS + 1 + 10) % 80 == 0: start_sales commits timeslice 285 768
const FIRST = GENESIS + 1; // the start_sales block
const PERIOD = 5_040 * 80; // 403 200 relay blocks
const LAST = FIRST + PERIOD; // the next rotation: (LAST + 10) / 80 = 285 768 + 5 040
const RESERVATIONS = 5;
const LEASES = 15;
const FOR_SALE = 80; // 5 + 15 + 80 = 100 cores
const RENEWALS = 30;
const PURCHASES = 50;
const KSM = 1_000_000_000_000n;
const REGION_BEGIN = (FIRST + 10) / 80 + 5_040; // the first sale's region
const INTERLUDE = 100_800; // the preset's configure (relay blocks)
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));

const buyer = (i: number) => `buyer-${i}`;
const renewer = (i: number) => `renewer-${i}`;
const renewalCore = (i: number) => 200 + i; // any core id: a right is keyed by (core, when)
const task = (i: number) => 3_000 + i;

/** The 80 extrinsics: block and call, ascending. */
function schedule(): Array<{ block: number; xt: Extrinsic }> {
  const out: Array<{ block: number; xt: Extrinsic }> = [];
  const saleStart = FIRST + INTERLUDE;
  for (let i = 0; i < RENEWALS; i++) {
    const block = FIRST + 1 + Math.floor(((INTERLUDE - 2) * i) / RENEWALS);
    out.push({ block, xt: { origin: Origin.signed(renewer(i)), call: Broker.call("renew", { core: renewalCore(i) }) } });
  }
  for (let i = 0; i < PURCHASES; i++) {
    const block = saleStart + 1 + Math.floor(((LAST - saleStart - 2) * i) / PURCHASES);
    out.push({ block, xt: { origin: Origin.signed(buyer(i)), call: Broker.call("purchase", { price_limit: 1_000n * KSM }) } });
  }
  return out.sort((a, b) => a.block - b.block);
}

const balances = (): Array<[string, bigint]> => [
  ...Array.from({ length: PURCHASES }, (_, i): [string, bigint] => [buyer(i), 10_000n * KSM]),
  ...Array.from({ length: RENEWALS }, (_, i): [string, bigint] => [renewer(i), 10_000n * KSM]),
];

/** The runtime at genesis: 5 reservations, 15 leases, 30 renewal rights for the first sale, funded accounts. */
function setup(): Runtime {
  const rt = getPreset(PRESET).create({ genesisNumber: GENESIS, genesis: { Balances: { balances: Object.fromEntries(balances().map(([a, b]) => [a, b.toString()])) } } });
  rt.setEngineOptions(benchEngine());
  const ok = (r: { ok: boolean }) => {
    if (!r.ok) throw new Error(`setup call failed: ${JSON.stringify(r)}`);
  };
  for (let i = 0; i < RESERVATIONS; i++)
    ok(rt.applyExtrinsic({ origin: Origin.root, call: Broker.call("reserve", { workload: [{ mask: complete(), assignment: { type: "Task", value: 1_000 + i } }] }) }));
  for (let i = 0; i < LEASES; i++) ok(rt.applyExtrinsic({ origin: Origin.root, call: Broker.call("set_lease", { task: 2_000 + i, until: 400_000 }) }));
  rt.withContext((ctx) => {
    for (let i = 0; i < RENEWALS; i++)
      Broker.storage.PotentialRenewals.insert(
        ctx,
        { core: renewalCore(i), when: REGION_BEGIN },
        { price: 5n * KSM, completion: { type: "Complete", value: [{ mask: complete(), assignment: { type: "Task", value: task(i) } }] } },
      );
  });
  return rt;
}

const startSales: Extrinsic = { origin: Origin.root, call: Broker.call("start_sales", { end_price: KSM, extra_cores: FOR_SALE }) };

interface Sample {
  wall: number;
  cpu: number;
  rss: number;
  heap: number;
  extrinsicSeconds: number;
  ok: number;
  root: string;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

/** Runs the period once, driving the runtime directly. */
function runDirect(): Sample {
  const rt = setup();
  const plan = schedule();
  (globalThis as { gc?: () => void }).gc?.();
  // memory every 16 384 blocks (reading the RSS costs a tenth of a millisecond on this machine)
  const memory = new MemoryPeaks();
  let samples = 0;
  const sample = () => {
    if ((samples++ & 15) === 0) memory.sample();
  };
  let ok = 0;
  let extrinsicSeconds = 0;
  const apply = (xt: Extrinsic) => {
    const t = performance.now();
    if (rt.applyExtrinsic(xt).ok) ok++;
    extrinsicSeconds += (performance.now() - t) / 1000;
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  rt.openBlock(FIRST);
  apply(startSales);
  let next = FIRST + 1024;
  for (const { block, xt } of plan) {
    while (next < block) {
      rt.openBlock(next);
      sample();
      next += 1024;
    }
    rt.openBlock(block);
    apply(xt);
  }
  while (next < LAST) {
    rt.openBlock(next);
    sample();
    next += 1024;
  }
  rt.advanceTo(LAST);
  const root = rt.stateRoot(); // the run's checkpoint: its final state root (every policy gives the same)
  sample();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  const sold = (rt.query("Broker", "SaleInfo") as { cores_sold: number; region_begin: number }) ?? undefined;
  if (sold.region_begin !== REGION_BEGIN + 5_040) throw new Error(`the period did not end with the next rotation (region_begin ${sold.region_begin})`);
  return { wall, cpu: (c.user + c.system) / 1e6, rss: memory.rss, heap: memory.heap, extrinsicSeconds, ok, root };
}

/** One instrumented run: CPU-time per block phase (performance.now around each phase). */
function runPhases(): Record<string, number> {
  const rt = setup();
  const plan = schedule();
  const byBlock = new Map(plan.map((p) => [p.block, p.xt]));
  const t = { init: 0, apply: 0, finalize: 0 };
  const time = (k: keyof typeof t, f: () => void) => {
    const s = performance.now();
    f();
    t[k] += performance.now() - s;
  };
  for (let b = FIRST; b <= LAST; b++) {
    time("init", () => rt.initializeBlock());
    const xt = b === FIRST ? startSales : byBlock.get(b);
    if (xt) time("apply", () => rt.applyExtrinsic(xt));
    time("finalize", () => rt.finalizeBlock());
  }
  return { "on_initialize hooks (Broker tick, TestCoretime bump)": t.init / 1000, "extrinsics (80 + start_sales)": t.apply / 1000, "on_finalize + seal (state root, header hash)": t.finalize / 1000 };
}

/** The same block sequence replayed as a scenario through the runner (compile excluded). */
function runRunner(): { wall: number; cpu: number; passed: boolean } {
  const raw = (xt: Extrinsic) => {
    const origin = xt.origin.type === "Signed" ? { Signed: xt.origin.value } : xt.origin.type;
    const args = Object.fromEntries(Object.entries(xt.call.args).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
    return { origin, call: `${xt.call.pallet}.${xt.call.name}`, args };
  };
  const MASK = "0xffffffffffffffffffff";
  const doc = {
    name: "bench: one Kusama sale period",
    runtime: PRESET,
    start: GENESIS,
    // the buyers and renewers are plain names, as the direct runs use them: the file declares them as accounts
    accounts: [...Array.from({ length: PURCHASES }, (_, i) => buyer(i)), ...Array.from({ length: RENEWALS }, (_, i) => renewer(i))],
    genesis: { Balances: { balances: Object.fromEntries(balances().map(([a, b]) => [a, b.toString()])) } },
    storage: {
      Broker: {
        PotentialRenewals: Array.from({ length: RENEWALS }, (_, i) => [
          { core: renewalCore(i), when: REGION_BEGIN },
          { price: (5n * KSM).toString(), completion: { Complete: [{ mask: MASK, assignment: { Task: task(i) } }] } },
        ]),
      },
    },
    blocks: [
      {
        at: GENESIS,
        calls: [
          ...Array.from({ length: RESERVATIONS }, (_, i) => ({ origin: "Root", call: "Broker.reserve", args: { workload: [{ mask: MASK, assignment: { Task: 1_000 + i } }] } })),
          ...Array.from({ length: LEASES }, (_, i) => ({ origin: "Root", call: "Broker.set_lease", args: { task: 2_000 + i, until: 400_000 } })),
        ],
      },
      { at: FIRST, calls: [raw(startSales)] },
      ...schedule().map(({ block, xt }) => ({ at: block, calls: [raw(xt)] })),
      { at: LAST, expect: { storage: [{ item: "Broker.SaleInfo", value: { region_begin: REGION_BEGIN + 5_040 } }] } },
    ],
  };
  const compiled = compileScenario(scenarioFromObject(doc, "bench.yaml"));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = replay(compiled);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(cpu0);
  return { wall, cpu: (c.user + c.system) / 1e6, passed: r.passed };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// The WebAssembly hasher pays for its start-up when roots are computed as blocks go; with one root
// at the end (the default), the JS blake2 fallback hashes it (the same bytes).
if (benchEngine().stateRoots !== "on-request") await initCrypto();
const blocks = LAST - FIRST + 1;
const extrinsics = RENEWALS + PURCHASES;
console.log(`kusama-sale-period: one sale period on ${PRESET}: ${blocks.toLocaleString("en-US")} relay blocks (${FIRST}..${LAST}),`);
console.log(`  100 cores (${RESERVATIONS} reserved, ${LEASES} leased, ${FOR_SALE} for sale), ${extrinsics} extrinsics (${RENEWALS} renewals, ${PURCHASES} purchases)`);
console.log(`  node ${process.version}, ${RUNS} direct run${RUNS === 1 ? "" : "s"}; the machine may be shared: CPU seconds are the steadier figure`);

const samples: Sample[] = [];
let wholeRun1: ProcessTime | undefined;
for (let i = 0; i < RUNS; i++) {
  const s = runDirect();
  if (i === 0) wholeRun1 = { cpu: processCpu(), wall: process.uptime() };
  if (s.ok !== extrinsics + 1) throw new Error(`only ${s.ok} of ${extrinsics + 1} extrinsics succeeded`);
  samples.push(s);
  console.log(`  run ${i + 1}: wall ${s.wall.toFixed(2)} s, cpu ${s.cpu.toFixed(2)} s, peak rss ${mb(s.rss)} MB, peak heap ${mb(s.heap)} MB, final state root ${s.root}`);
}
const walls = samples.map((s) => s.wall);
const cpus = samples.map((s) => s.cpu);
const row = (label: string, best: string, med: string) => console.log(`  ${label.padEnd(34)}${best.padStart(12)}${med.padStart(12)}`);
console.log("");
row("", "best", "median");
row("total seconds (wall)", Math.min(...walls).toFixed(2), median(walls).toFixed(2));
row("total seconds (cpu)", Math.min(...cpus).toFixed(2), median(cpus).toFixed(2));
row("blocks/s (wall)", Math.round(blocks / Math.min(...walls)).toLocaleString("en-US"), Math.round(blocks / median(walls)).toLocaleString("en-US"));
row("blocks/s (cpu)", Math.round(blocks / Math.min(...cpus)).toLocaleString("en-US"), Math.round(blocks / median(cpus)).toLocaleString("en-US"));
row("extrinsics/s (whole period, wall)", (extrinsics / Math.min(...walls)).toFixed(1), (extrinsics / median(walls)).toFixed(1));
const xs = samples.map((s) => (extrinsics + 1) / s.extrinsicSeconds);
row("extrinsics/s (applying them only)", Math.round(Math.max(...xs)).toLocaleString("en-US"), Math.round(median(xs)).toLocaleString("en-US"));
row("peak rss MB", mb(Math.min(...samples.map((s) => s.rss))), mb(median(samples.map((s) => s.rss))));
row("peak V8 heap MB", mb(Math.min(...samples.map((s) => s.heap))), mb(median(samples.map((s) => s.heap))));
printSideBySide("kusama-sale-period", wholeRun1!, runBaseline("kusama-sale-period"), 5);

if (process.env.BENCH_ONLY === "direct") process.exit(0);

console.log("\n  where the time goes (one instrumented run, wall seconds per block phase):");
const phases = runPhases();
const total = Object.values(phases).reduce((a, b) => a + b, 0);
for (const [k, v] of Object.entries(phases)) console.log(`    ${k.padEnd(54)}${v.toFixed(2).padStart(8)} s ${((100 * v) / total).toFixed(0).padStart(4)} %`);

const r = runRunner();
if (!r.passed) throw new Error("the runner's replay of the period did not pass");
console.log(`\n  through the scenario runner (@corelab/testing replay): wall ${r.wall.toFixed(2)} s, cpu ${r.cpu.toFixed(2)} s`);
const best = Math.min(...walls);
console.log(`\n  best run: wall ${best.toFixed(2)} s, cpu ${Math.min(...cpus).toFixed(2)} s (the target is against the baseline, above)`);
