/**
 * Benchmark of the per-block cost of `Coretime` (not a test; no assertions on time):
 * 100 cores, 80 whole-core bulk tasks and 20 whole-core Pool cores, over an on-demand port whose
 * queue is empty except for one order every 600 blocks. Measures
 *   1. the hook alone (`on_initialize`) plus `coresAt`, on a bare state, per block;
 *   2. whole relay blocks of a runtime with only System and Coretime (`newBlock` + `coresAt`),
 * each next to a baseline without the pallet (the contexts alone; a runtime with System only).
 *
 *   node --conditions=@corelab/source --import tsx packages/pallet-coretime/bench/cores.bench.ts [blocks]
 *
 * Default: 5 256 000 blocks (one year of 6 s blocks) for run 1, a tenth of that for run 2.
 */
import { ExecutionContext, Externalities, createRuntime, initCrypto, type Context } from "@corelab/frame";
import { Coretime, NoBroker, coresAt, type CoretimeConfig, type OnDemandPort } from "../src/index.ts";

const BLOCKS = Number(process.argv[2] ?? 5_256_000);
const CORES = 100;
const BULK = 80;

function sparsePort(): { port: OnDemandPort; served: () => number } {
  let pending = 0;
  let served = 0;
  let lastBlock = -1;
  return {
    served: () => served,
    port: {
      popAssignmentForCore: (ctx: Context) => {
        if (ctx.blockNumber % 600 === 0 && ctx.blockNumber !== lastBlock) {
          lastBlock = ctx.blockNumber;
          pending = 1;
        }
        if (pending === 0) return undefined;
        pending--;
        served++;
        return 4000;
      },
      reportProcessed: () => {},
      pushBackAssignment: () => {},
      claimRevenueUntil: () => 0n,
      creditAccount: () => {},
    },
  };
}

function genesis() {
  return {
    core_count: CORES,
    assignments: Array.from({ length: CORES }, (_, core) => ({
      core,
      begin: 1,
      assignment: [[core < BULK ? { type: "Task", value: 2000 + core } : { type: "Pool" }, 57_600]],
      end_hint: undefined,
    })),
  };
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

async function main(): Promise<void> {
  await initCrypto();
  {
    const { port, served } = sparsePort();
    const config: CoretimeConfig = { BrokerId: 1005, BrokerOrigin: () => undefined, Broker: NoBroker, OnDemand: port };
    const rt = createRuntime({ name: "bench", pallets: [Coretime.instance(config)], genesis: { Coretime: genesis() as never } });
    const ext = new Externalities(rt.state, false);
    const info = rt.info;
    let producing = 0;
    let last: readonly unknown[] | undefined;
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (let n = 1; n <= BLOCKS; n++) {
      const ctx = new ExecutionContext(ext, n, { type: "Initialization" }, info);
      Coretime.hooks.onInitialize!(ctx.forPallet(config));
      ext.commit();
      const runs = coresAt(new ExecutionContext(ext, n, { type: "Initialization" }, info));
      if (runs !== last) {
        last = runs;
        producing++;
      }
    }
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = cpuSeconds(c0);
    console.log(
      `hook + coresAt: ${BLOCKS} blocks in ${s.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU = ${((cpu / BLOCKS) * 1e6).toFixed(3)} µs CPU/block; ${served()} orders served; answer changed ${producing} times`,
    );
  }
  {
    // baseline of run 1: the same contexts, no hook, no coresAt
    const { port } = sparsePort();
    const config: CoretimeConfig = { BrokerId: 1005, BrokerOrigin: () => undefined, Broker: NoBroker, OnDemand: port };
    const rt = createRuntime({ name: "bench", pallets: [Coretime.instance(config)], genesis: { Coretime: genesis() as never } });
    const ext = new Externalities(rt.state, false);
    const info = rt.info;
    let reads = 0;
    const c0 = process.cpuUsage();
    for (let n = 1; n <= BLOCKS; n++) {
      const ctx = new ExecutionContext(ext, n, { type: "Initialization" }, info);
      ctx.forPallet(config);
      ext.commit();
      reads += new ExecutionContext(ext, n, { type: "Initialization" }, info).blockNumber;
    }
    const cpu = cpuSeconds(c0);
    console.log(`baseline (contexts only): ${((cpu / BLOCKS) * 1e6).toFixed(3)} µs CPU/block (${reads > 0 ? "ok" : ""})`);
  }
  {
    const blocks = Math.floor(BLOCKS / 10);
    const rt = createRuntime({ name: "bench", pallets: [] });
    const c0 = process.cpuUsage();
    for (let n = 1; n <= blocks; n++) rt.newBlock();
    const cpu = cpuSeconds(c0);
    console.log(`baseline runtime (System only) newBlock: ${((cpu / blocks) * 1e6).toFixed(3)} µs CPU/block`);
  }
  {
    const blocks = Math.floor(BLOCKS / 10);
    const { port } = sparsePort();
    const config: CoretimeConfig = { BrokerId: 1005, BrokerOrigin: () => undefined, Broker: NoBroker, OnDemand: port };
    const rt = createRuntime({ name: "bench", pallets: [Coretime.instance(config)], genesis: { Coretime: genesis() as never } });
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    for (let n = 1; n <= blocks; n++) {
      rt.newBlock();
      rt.read(coresAt);
    }
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = cpuSeconds(c0);
    console.log(`runtime newBlock + coresAt: ${blocks} blocks in ${s.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU = ${((cpu / blocks) * 1e6).toFixed(3)} µs CPU/block`);
  }
}

void main();
