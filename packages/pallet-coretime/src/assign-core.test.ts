// assign_core: validation, the append-only queue, schedules taking over at `begin`, end hints,
// whole-core tasks, Idle and Pool, and what coresAt answers block by block.
import { DispatchErrors, Origin, initCrypto } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { IDLE, POOL, Relay, task, whole } from "./__fixtures__/relay.ts";
import { Coretime } from "./pallet.ts";
import { TEST_BROKER_ORIGIN, orderOutcomes } from "./testing.ts";

beforeAll(initCrypto);

const err = (e: string) => ({ ok: false, error: DispatchErrors.module("Coretime", e) });

describe("assign_core validation", () => {
  it("rejects empty, unsorted, duplicate, over- and under-scheduled assignments, in Rust's order", () => {
    const r = new Relay();
    expect(r.assign(0, 5, [])).toEqual(err("AssignmentsEmpty"));
    expect(r.assign(0, 5, [[task(2), 28_800], [task(1), 28_800]])).toEqual(err("AssignmentsNotSorted"));
    expect(r.assign(0, 5, [[task(1), 28_800], [task(1), 28_800]])).toEqual(err("AssignmentsNotSorted"));
    expect(r.assign(0, 5, [[POOL, 28_800], [IDLE, 28_800]])).toEqual(err("AssignmentsNotSorted"));
    // sortedness is checked before the sum
    expect(r.assign(0, 5, [[task(2), 60_000], [task(1), 1]])).toEqual(err("AssignmentsNotSorted"));
    expect(r.assign(0, 5, [[IDLE, 57_600], [POOL, 1]])).toEqual(err("OverScheduled"));
    expect(r.assign(0, 5, [[task(1), 60_000]])).toEqual(err("OverScheduled"));
    expect(r.assign(0, 5, [[task(1), 57_599]])).toEqual(err("UnderScheduled"));
    expect(r.rt.read((ctx) => Coretime.storage.CoreSchedules.count(ctx))).toBe(0);
  });

  it("only appends after the queue's last schedule (DisallowedInsert) and refuses an existing key (DuplicateInsert)", () => {
    const r = new Relay();
    expect(r.assign(0, 5, whole(task(1)))).toEqual({ ok: true });
    expect(r.assign(0, 5, whole(task(2)))).toEqual(err("DisallowedInsert"));
    expect(r.assign(0, 4, whole(task(2)))).toEqual(err("DisallowedInsert"));
    // another core has its own queue
    expect(r.assign(1, 4, whole(task(2)))).toEqual({ ok: true });
    r.rt.withContext((ctx) => Coretime.storage.CoreSchedules.insert(ctx, [7, 0], { assignments: whole(task(9)), end_hint: undefined, next_schedule: undefined }));
    expect(r.assign(0, 7, whole(task(3)))).toEqual(err("DuplicateInsert"));
    // the failed call changed nothing: the last schedule still has no successor
    expect(r.rt.read((ctx) => Coretime.storage.CoreSchedules.get(ctx, [5, 0]))?.next_schedule).toBeUndefined();
    expect(r.assign(0, 8, whole(task(3)))).toEqual({ ok: true });
    expect(r.rt.read((ctx) => Coretime.storage.CoreSchedules.get(ctx, [5, 0]))?.next_schedule).toBe(8);
    expect(r.descriptor(0).queue).toEqual({ first: 5, last: 8 });
  });

  it("deposits CoreAssigned { core }", () => {
    const r = new Relay();
    r.open();
    r.assign(1, 10, whole(task(1000)));
    expect(r.rt.pendingEvents.filter((e) => e.section === "Coretime").map((e) => [e.method, e.data])).toEqual([["CoreAssigned", { core: 1 }]]);
  });
});

describe("schedules in time", () => {
  it("a whole-core task runs from block `begin` on; the descriptor is at Rust's fixed point and never written again", () => {
    const r = new Relay();
    r.assign(0, 3, whole(task(1000)));
    expect(r.descriptor(0)).toEqual({ queue: { first: 3, last: 3 }, current_work: undefined });
    expect(r.step()).toEqual(["Idle", "Idle"]);
    expect(r.step()).toEqual(["Idle", "Idle"]);
    expect(r.step()).toEqual(["T1000", "Idle"]);
    // first pop: remaining 57600 − 57600 = 0 < step → pos 1, remaining 0 + 57600
    expect(r.descriptor(0)).toEqual({
      queue: undefined,
      current_work: { assignments: [[task(1000), { ratio: 57_600, remaining: 57_600 }]], end_hint: undefined, pos: 1, step: 57_600 },
    });
    expect(r.rt.read((ctx) => Coretime.storage.CoreSchedules.count(ctx))).toBe(0);
    const state = r.rt.state;
    const runs = r.rt.read((ctx) => Coretime.storage.CoreDescriptors.get(ctx, 0));
    for (let i = 0; i < 20; i++) expect(r.step()).toEqual(["T1000", "Idle"]);
    expect(r.rt.state).toBe(state);
    expect(r.descriptor(0)).toEqual(runs);
  });

  it("a queued schedule takes over at its `begin`", () => {
    const r = new Relay();
    r.assign(0, 2, whole(task(1)));
    r.assign(0, 5, whole(task(2)));
    expect(r.column(0, 7)).toEqual(["Idle", "T1", "T1", "T1", "T2", "T2", "T2"]);
    expect(r.descriptor(0).queue).toBeUndefined();
  });

  it("a schedule queued while another runs: the queue is { first, last } of what is not yet active", () => {
    const r = new Relay();
    r.assign(0, 1, whole(task(1)));
    r.step();
    expect(r.open()).toEqual(["T1", "Idle"]); // block 2
    expect(r.assign(0, 4, whole(POOL))).toEqual({ ok: true });
    expect(r.descriptor(0).queue).toEqual({ first: 4, last: 4 });
    expect(r.descriptor(0).current_work?.assignments).toEqual([[task(1), { ratio: 57_600, remaining: 57_600 }]]);
    // blocks 3, 4, 5
    expect(r.column(0, 3)).toEqual(["T1", "Pool", "Pool"]);
  });

  it("an end hint ends the work at that block (the core idles, the descriptor has no work)", () => {
    const r = new Relay();
    r.assign(0, 2, whole(task(1)), 4);
    expect(r.column(0, 5)).toEqual(["Idle", "T1", "T1", "Idle", "Idle"]);
    expect(r.descriptor(0)).toEqual({ queue: undefined, current_work: undefined });
  });

  it("an expired schedule is skipped and the next one is taken at once, even before its begin (Rust's loop)", () => {
    // Core 0 is not counted until block 5, so nothing pops it before; at block 5 the schedule at 2
    // (end_hint 4 ≤ 5) is dropped and ensure_workload follows next_schedule to the one at 6 without
    // comparing its begin with now.
    const r = new Relay({ cores: 0 });
    r.assign(0, 2, whole(task(1)), 4);
    r.assign(0, 6, whole(task(2)));
    for (let i = 0; i < 3; i++) expect(r.step()).toEqual([]);
    r.open(); // block 4
    r.rt.applyExtrinsic({ origin: Origin.signed(TEST_BROKER_ORIGIN), call: Coretime.call("request_core_count", { count: 1 }) });
    expect(r.step()).toEqual(["T2"]); // block 5
    expect(r.descriptor(0).queue).toBeUndefined();
  });

  it("an Idle assignment runs nothing; Pool serves on-demand orders core by core, reported the next block", () => {
    const r = new Relay({ cores: 3 });
    r.assign(0, 1, whole(IDLE));
    r.assign(1, 1, whole(POOL));
    r.assign(2, 1, whole(POOL));
    expect(r.step()).toEqual(["Idle", "Pool", "Pool"]);
    r.order(2000);
    r.order(2001);
    r.order(2002);
    expect(r.step()).toEqual(["Idle", "D2000", "D2001"]);
    expect(orderOutcomes(r.rt)).toEqual([]);
    expect(r.step()).toEqual(["Idle", "D2002", "Pool"]);
    expect(orderOutcomes(r.rt)).toEqual([
      { block: 3, para_id: 2000, core: 1, outcome: { type: "Processed" } },
      { block: 3, para_id: 2001, core: 2, outcome: { type: "Processed" } },
    ]);
    expect(r.step()).toEqual(["Idle", "Pool", "Pool"]);
    expect(orderOutcomes(r.rt).at(-1)).toEqual({ block: 4, para_id: 2002, core: 1, outcome: { type: "Processed" } });
    expect(r.queue()).toEqual([]);
  });

  it("an order popped for a core that is no longer counted is pushed back", () => {
    const r = new Relay({ cores: 2 });
    r.assign(1, 1, whole(POOL));
    r.order(7);
    r.open(); // block 1: core 1 pops 7
    expect(r.runs()).toEqual(["Idle", "D7"]);
    r.rt.applyExtrinsic({ origin: Origin.root, call: Coretime.call("request_core_count", { count: 1 }) });
    expect(r.step()).toEqual(["Idle"]); // block 2: core 1 is gone; its claim goes back to the queue
    expect(orderOutcomes(r.rt)).toEqual([{ block: 2, para_id: 7, core: 1, outcome: { type: "PushedBack" } }]);
    expect(r.queue()).toEqual([7]);
  });
});

describe("genesis", () => {
  it("queues genesis assignments as assign_core does, without events", () => {
    const r = new Relay({
      cores: 2,
      genesis: { Coretime: { assignments: [{ core: 1, begin: 2, assignment: whole(task(1000)), end_hint: undefined }] } },
    });
    expect(r.descriptor(1).queue).toEqual({ first: 2, last: 2 });
    expect(r.step()).toEqual(["Idle", "Idle"]);
    expect(r.step()).toEqual(["Idle", "T1000"]);
  });

  it("rejects an invalid genesis assignment with the error's name", () => {
    expect(
      () => new Relay({ genesis: { Coretime: { assignments: [{ core: 0, begin: 1, assignment: [[task(1), 100]], end_hint: undefined }] } } }),
    ).toThrow(/UnderScheduled/);
  });
});

describe("cores changing while others run", () => {
  it("a Pool core whose end hint comes is popped once, not twice, and then idles", () => {
    const r = new Relay({ cores: 2 });
    r.assign(0, 1, whole(POOL), 3);
    r.assign(1, 1, whole(POOL));
    r.order(10);
    r.order(11);
    r.order(12);
    expect(r.step()).toEqual(["D10", "D11"]); // block 1: both take over, in core order
    expect(r.step()).toEqual(["D12", "Pool"]); // block 2
    expect(r.step()).toEqual(["Idle", "Pool"]); // block 3: core 0's work ended
    expect(r.step()).toEqual(["Idle", "Pool"]);
    expect(orderOutcomes(r.rt).map((o) => [o.block, o.para_id, o.core])).toEqual([
      [2, 10, 0],
      [2, 11, 1],
      [3, 12, 0],
    ]);
  });

  it("an interleaved core is replaced by a queued whole-core schedule at its begin", () => {
    const r = new Relay({ cores: 1 });
    r.assign(0, 1, [[task(1), 28_800], [task(2), 28_800]]);
    r.assign(0, 4, whole(task(3)));
    expect(r.column(0, 6)).toEqual(["T1", "T2", "T1", "T3", "T3", "T3"]);
    expect(r.rt.read((ctx) => Coretime.storage.Runs.get(ctx))).toBeUndefined();
  });
});
