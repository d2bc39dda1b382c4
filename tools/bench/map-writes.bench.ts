/**
 * Benchmark: the cost of a block that writes a few entries of a large storage map, by map size.
 *
 * A runtime with `Balances` (ED 1) whose `Account` map holds N accounts at genesis (N = 1,000 …
 * 1,000,000); then 2,000 blocks, each with one `transfer_allow_death` from a funded account to a
 * new one (the block writes two entries of the map and adds one) and a state root. With storage
 * maps as persistent B+ trees and a map hash updated by the changed entries only (`MapState`,
 * `@corelab/frame`), the cost per block should not depend on N beyond O(log N); before that, every
 * map write copied and re-hashed all N entries.
 *
 * Printed per N: genesis time, µs of CPU per block (best of 3 runs of 2,000 blocks) and the
 * entries at the end. Fails if a transfer fails or an account is missing.
 *
 *   npm run bench -- map-writes            BENCH_MAX=100000 stops at a smaller map
 */
import { Origin, createRuntime, initCrypto, type Runtime } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";

const SIZES = [1_000, 10_000, 100_000, 1_000_000].filter((n) => n <= Number(process.env.BENCH_MAX ?? 1_000_000));
const BLOCKS = 2_000;
const RUNS = 3;

const account = (i: number): string => `0x${i.toString(16).padStart(64, "0")}`;

function genesis(n: number): Runtime {
  const balances: Array<[string, bigint]> = [];
  for (let i = 0; i < n; i++) balances.push([account(i), 1_000_000n]);
  return createRuntime({ name: "map-writes", pallets: [Balances.instance({ ExistentialDeposit: 1n })], genesis: { Balances: { balances } } });
}

await initCrypto();
const cpuSeconds = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1e6;
console.log(`map-writes: one transfer to a new account per block, ${BLOCKS.toLocaleString("en")} blocks, best of ${RUNS}; Node ${process.version}`);
console.log("  accounts at genesis   genesis s   µs CPU per block   accounts at the end");
/** Builds `blocks` blocks on `rt` (N accounts at genesis), one transfer to a new account each. */
function transfers(rt: Runtime, n: number, blocks: number): void {
  for (let b = 0; b < blocks; b++) {
    rt.initializeBlock();
    const r = rt.applyExtrinsic({ origin: Origin.signed(account(b % n)), call: Balances.call("transfer_allow_death", { dest: account(n + b), value: 10n }) });
    if (!r.ok) throw new Error(`map-writes: transfer ${b} failed at N = ${n}`);
    rt.finalizeBlock();
  }
}
transfers(genesis(100), 100, 1_000); // warm-up (JIT), not measured
for (const n of SIZES) {
  const g0 = process.cpuUsage();
  const base = genesis(n);
  base.stateRoot();
  const genesisS = cpuSeconds(process.cpuUsage(g0));
  let best = Infinity;
  let end = 0;
  for (let run = 0; run < RUNS; run++) {
    const rt = run === 0 ? base : genesis(n);
    rt.stateRoot();
    const c0 = process.cpuUsage();
    transfers(rt, n, BLOCKS);
    best = Math.min(best, (cpuSeconds(process.cpuUsage(c0)) / BLOCKS) * 1e6);
    end = rt.read((ctx) => Balances.storage.Account.count(ctx));
    if (end !== n + BLOCKS) throw new Error(`map-writes: ${end} accounts at the end, expected ${n + BLOCKS}`);
  }
  console.log(`  ${n.toLocaleString("en").padStart(19)}   ${genesisS.toFixed(2).padStart(9)}   ${best.toFixed(1).padStart(16)}   ${end.toLocaleString("en").padStart(19)}`);
}
