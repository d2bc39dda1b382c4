// The v2 core assignment (polkadot-sdk#10184, `scheduler/assigner_coretime::advance_assignments`)
// selected by `OnDemandVersion: 2`, on the test runtime with a v2 port over TestOnDemand's FIFO
// (every queued order is ready; one per para per block, as `pop_assignment_for_cores`). Expected
// runs are derived from the Rust function: pool cores of `now` pop at once; a core left without an
// assignment takes the next block's (bulk or pool, peeked without taking).
import { createRuntime, ensureRootOrSignedBy, initCrypto, type Context, type Runtime } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";
import { beforeAll, describe, expect, it } from "vitest";
import { coresAt } from "./cores.ts";
import type { OnDemandPort } from "./interfaces.ts";
import { Coretime } from "./pallet.ts";
import { TEST_BROKER_ORIGIN, TestBroker, TestOnDemand, testBrokerNotifier, testOnDemandPort } from "./testing.ts";
import type { CoreRun } from "./types.ts";

beforeAll(initCrypto);

/** Up to `n` distinct paras from the front of `queue` (ascending para id), and the rest in order. */
function take(queue: readonly number[], n: number): { popped: number[]; rest: number[] } {
  const taken = new Set<number>();
  const rest: number[] = [];
  for (const p of queue) {
    if (taken.size < n && !taken.has(p)) taken.add(p);
    else rest.push(p);
  }
  return { popped: [...taken].sort((a, b) => a - b), rest };
}

/** A v2 port over TestOnDemand.Queue. */
function v2Port(): OnDemandPort {
  const Q = TestOnDemand.storage.Queue;
  return {
    ...testOnDemandPort(),
    popAssignmentForCores(ctx: Context, _now: number, n: number) {
      const { popped, rest } = take(Q.get(ctx), n);
      if (popped.length > 0) Q.put(ctx, rest);
      return popped;
    },
    peekAssignmentForCores: (ctx: Context, _now: number, n: number) => take(Q.get(ctx), n).popped,
  };
}

function runtime(genesis: Record<string, Record<string, unknown>>, port: OnDemandPort = v2Port()): Runtime {
  return createRuntime({
    name: "coretime-v2-test",
    pallets: [
      Balances.instance({ ExistentialDeposit: 1n }),
      TestOnDemand.instance({}),
      TestBroker.instance({}),
      Coretime.instance({ BrokerId: 1005, CoreCountDelay: 1, BrokerOrigin: ensureRootOrSignedBy([TEST_BROKER_ORIGIN]), Broker: testBrokerNotifier(), OnDemand: port, OnDemandVersion: 2 }),
    ],
    genesis,
  });
}

const pool = (core: number, begin = 0) => ({ core, begin, assignment: [[{ type: "Pool" }, 57_600]], end_hint: undefined });
const task = (core: number, para: number, begin: number) => ({ core, begin, assignment: [[{ type: "Task", value: para }, 57_600]], end_hint: undefined });
const od = (p: number): CoreRun => ({ type: "OnDemand", value: p });
const T = (p: number): CoreRun => ({ type: "Task", value: p });
const POOL: CoreRun = { type: "Pool" };
const IDLE: CoreRun = { type: "Idle" };

/** Builds blocks 1..`to`, applying `orders[n]` (para ids) in block n; returns each block's runs. */
function runs(rt: Runtime, to: number, orders: Record<number, number[]> = {}): CoreRun[][] {
  const out: CoreRun[][] = [];
  for (let n = 1; n <= to; n++) {
    rt.initializeBlock();
    out.push([...rt.read(coresAt)]);
    for (const p of orders[n] ?? []) rt.applyExtrinsic({ origin: { type: "Root" }, call: TestOnDemand.call("place_order", { para_id: p, price: 0n }) });
    rt.finalizeBlock();
  }
  return out;
}

describe("Coretime with OnDemandVersion 2", () => {
  it("pops every pool core of a block at once, one per para; an empty core takes the next block's order without taking it", () => {
    const rt = runtime({ Coretime: { core_count: 2, assignments: [pool(0), pool(1)] } });
    // block 2: orders 7, 7, 5 (queue [7, 7, 5]).
    // block 3: pop for 3 on cores 0, 1 → paras {5, 7} ascending → core 0: 5, core 1: 7; queue [7].
    // block 4: pop → 7 on core 0; core 1 empty → peek for 5 on the rest (empty) → nothing: Pool.
    // block 5: nothing.
    const r = runs(rt, 5, { 2: [7, 7, 5] });
    expect(r[2]).toEqual([od(5), od(7)]);
    expect(r[3]).toEqual([od(7), POOL]);
    expect(r[4]).toEqual([POOL, POOL]);
  });

  it("a pool core that pops nothing shows the order the next block would pop (no write to the queue)", () => {
    // a port whose pop serves nothing this block (orders not ready) but whose peek sees them: the
    // duplicated first claim of #10184
    const Q = TestOnDemand.storage.Queue;
    const port: OnDemandPort = { ...v2Port(), popAssignmentForCores: () => [] };
    const rt = runtime({ Coretime: { core_count: 1, assignments: [pool(0)] } }, port);
    const r = runs(rt, 3, { 1: [9] });
    expect(r[1]).toEqual([od(9)]);
    expect(rt.read((ctx) => Q.get(ctx))).toEqual([9]);
  });

  it("an idle core whose bulk assignment begins next block runs it one block early (duplication covers bulk too)", () => {
    const rt = runtime({ Coretime: { core_count: 2, assignments: [task(0, 2000, 4), pool(1)] } });
    const r = runs(rt, 5);
    expect(r[1]).toEqual([IDLE, POOL]); // block 2: core 0 has no work, and none at 3 either
    expect(r[2]).toEqual([T(2000), POOL]); // block 3: none now, Task(2000) at 4 → duplicated
    expect(r[3]).toEqual([T(2000), POOL]);
    expect(r[4]).toEqual([T(2000), POOL]);
  });

  it("interleaved cores answer their part of each block; their pool part pops with the other pool cores", () => {
    const half = { core: 0, begin: 0, assignment: [[{ type: "Pool" }, 28_800], [{ type: "Task", value: 2000 }, 28_800]], end_hint: undefined };
    const rt = runtime({ Coretime: { core_count: 1, assignments: [half] } });
    // the work alternates Pool, Task(2000), Pool, … from block 1 (popWork: pos 0 first).
    // block 1: Pool, nothing queued; the next block's assignment (Task 2000) fills it.
    // block 2: Task(2000). block 3: Pool with order 4 (placed at 2) → OnDemand(4).
    const r = runs(rt, 4, { 2: [4] });
    expect(r[0]).toEqual([T(2000)]);
    expect(r[1]).toEqual([T(2000)]);
    expect(r[2]).toEqual([od(4)]);
    expect(r[3]).toEqual([T(2000)]);
  });

  it("a v1 port (no popAssignmentForCores) is a wiring error", () => {
    expect(() => runtime({ Coretime: { core_count: 1, assignments: [pool(0)] } }, testOnDemandPort()).initializeBlock()).toThrow(/OnDemandVersion is 2, but its OnDemand port has no popAssignmentForCores/);
  });
});
