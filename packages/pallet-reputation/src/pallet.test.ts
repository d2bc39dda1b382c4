// The Reputation pallet in its mock runtime (testing.ts): calls, origins, events, the bounded
// history, the §1.4 vector through `record_outcome` extrinsics, and parameter changes.
import { Origin, initCrypto, type Runtime } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { Reputation } from "./pallet.ts";
import { REPUTATION_MOCK_ADMIN, coprocessorOf, createReputationRuntime, historyOf } from "./testing.ts";
import { DEFAULT_GAS_PARAMS } from "./types.ts";

beforeAll(initCrypto);

const ONE = 1_000_000_000;

function call(rt: Runtime, origin: Origin, name: keyof typeof Reputation.calls, args: Record<string, unknown>) {
  return rt.applyExtrinsic({ origin, call: Reputation.call(name, args as never) });
}

function reputationEvents(rt: Runtime, name: string): Record<string, unknown>[] {
  return rt.pendingEvents.filter((e) => e.event.type === "Reputation" && e.event.value.type === name).map((e) => e.event.value.value as Record<string, unknown>);
}

describe("Reputation pallet", () => {
  it("register_coprocessor registers the signer at the prior, once", () => {
    const rt = createReputationRuntime();
    rt.openBlock(1);
    expect(call(rt, Origin.signed("cop"), "register_coprocessor", {})).toEqual({ ok: true });
    expect(coprocessorOf(rt, "cop")).toEqual({ reputation: 500_000_000, registered_at: 1, updated_at: 1, tasks: 0, successes: 0 });
    expect(reputationEvents(rt, "CoprocessorRegistered")).toEqual([{ who: "cop", reputation: 500_000_000 }]);
    const again = call(rt, Origin.signed("cop"), "register_coprocessor", {});
    expect(again).toEqual({ ok: false, error: Reputation.err("AlreadyRegistered") });
    expect(call(rt, Origin.root, "register_coprocessor", {})).toEqual({ ok: false, error: { type: "BadOrigin" } });
  });

  it("record_outcome reproduces the §1.4 vector, with events, counters and history", () => {
    const rt = createReputationRuntime();
    const ys = [true, true, false, true, true];
    const expected = [600_000_000, 670_000_000, 519_000_000, 613_300_000, 679_310_000];
    ys.forEach((success, i) => {
      rt.openBlock(i + 1);
      expect(call(rt, Origin.root, "record_outcome", { who: "cop", task_id: 10 + i, success, quality: undefined })).toEqual({ ok: true });
      const ev = reputationEvents(rt, "ReputationUpdated");
      expect(ev).toEqual([
        { who: "cop", task_id: 10 + i, success, observation: success ? ONE : 0, old_reputation: i === 0 ? 500_000_000 : expected[i - 1], new_reputation: expected[i] },
      ]);
    });
    expect(coprocessorOf(rt, "cop")).toEqual({ reputation: 679_310_000, registered_at: 1, updated_at: 5, tasks: 5, successes: 4 });
    const h = historyOf(rt, "cop");
    expect(h.map((x) => x.reputation)).toEqual([500_000_000, ...expected]);
    expect(h[0]).toEqual({ block: 1, task_id: undefined, success: undefined, observation: undefined, reputation: 500_000_000 });
    expect(h[3]).toEqual({ block: 3, task_id: 12, success: false, observation: 0, reputation: 519_000_000 });
  });

  it("the first outcome of an unknown coprocessor registers it at the prior (event first)", () => {
    const rt = createReputationRuntime();
    rt.openBlock(1);
    call(rt, Origin.root, "record_outcome", { who: "new", task_id: 1, success: false, quality: undefined });
    const names = rt.pendingEvents.filter((e) => e.event.type === "Reputation").map((e) => e.event.value.type);
    expect(names).toEqual(["CoprocessorRegistered", "ReputationUpdated"]);
    expect(coprocessorOf(rt, "new")?.reputation).toBe(400_000_000); // .05 + .7·.5
  });

  it("a success's quality is the observation", () => {
    const rt = createReputationRuntime();
    rt.openBlock(1);
    call(rt, Origin.root, "record_outcome", { who: "cop", task_id: 1, success: true, quality: 250_000_000 });
    expect(coprocessorOf(rt, "cop")).toMatchObject({ reputation: 450_000_000, tasks: 1, successes: 1 });
    expect(reputationEvents(rt, "ReputationUpdated")[0]).toMatchObject({ observation: 250_000_000, new_reputation: 450_000_000 });
  });

  it("History keeps the latest MaxHistory items, oldest first", () => {
    const rt = createReputationRuntime({ constants: { Reputation: { MaxHistory: 3 } } });
    rt.openBlock(1);
    for (let i = 0; i < 5; i++) call(rt, Origin.root, "record_outcome", { who: "cop", task_id: i, success: true, quality: undefined });
    expect(historyOf(rt, "cop").map((x) => x.task_id)).toEqual([2, 3, 4]);
    const none = createReputationRuntime({ constants: { Reputation: { MaxHistory: 0 } } });
    none.openBlock(1);
    call(none, Origin.root, "record_outcome", { who: "cop", task_id: 1, success: true, quality: undefined });
    expect(historyOf(none, "cop")).toEqual([]);
    expect(coprocessorOf(none, "cop")?.reputation).toBe(600_000_000);
  });

  it("admin calls need Root or AdminOrigin", () => {
    const rt = createReputationRuntime({ genesis: { Reputation: { coprocessors: [["cop", undefined]] } } });
    rt.openBlock(1);
    const bad = { ok: false, error: { type: "BadOrigin" } };
    expect(call(rt, Origin.signed("cop"), "force_set_reputation", { who: "cop", reputation: ONE })).toEqual(bad);
    expect(call(rt, Origin.signed("cop"), "record_outcome", { who: "cop", task_id: 1, success: true, quality: undefined })).toEqual(bad);
    expect(call(rt, Origin.signed("cop"), "set_parameters", { params: DEFAULT_GAS_PARAMS })).toEqual(bad);
    expect(call(rt, Origin.signed("x"), "force_register_coprocessor", { who: "x", reputation: undefined })).toEqual(bad);
    expect(call(rt, Origin.signed("cop"), "force_deregister_coprocessor", { who: "cop" })).toEqual(bad);
    expect(call(rt, Origin.signed(REPUTATION_MOCK_ADMIN), "force_set_reputation", { who: "cop", reputation: ONE })).toEqual({ ok: true });
    expect(coprocessorOf(rt, "cop")?.reputation).toBe(ONE);
  });

  it("force_set_reputation overrides a registered coprocessor's reputation and notes it in History", () => {
    const rt = createReputationRuntime();
    rt.openBlock(2);
    expect(call(rt, Origin.root, "force_set_reputation", { who: "cop", reputation: 1 })).toEqual({ ok: false, error: Reputation.err("NotRegistered") });
    call(rt, Origin.root, "force_register_coprocessor", { who: "cop", reputation: 700_000_000 });
    call(rt, Origin.root, "force_set_reputation", { who: "cop", reputation: 100_000_000 });
    expect(reputationEvents(rt, "ReputationForced")).toEqual([{ who: "cop", old_reputation: 700_000_000, new_reputation: 100_000_000 }]);
    expect(historyOf(rt, "cop")).toEqual([
      { block: 2, task_id: undefined, success: undefined, observation: undefined, reputation: 700_000_000 },
      { block: 2, task_id: undefined, success: undefined, observation: undefined, reputation: 100_000_000 },
    ]);
    expect(coprocessorOf(rt, "cop")).toMatchObject({ reputation: 100_000_000, tasks: 0 });
  });

  it("force_deregister_coprocessor removes the record and the history", () => {
    const rt = createReputationRuntime({ genesis: { Reputation: { coprocessors: [["cop", 900_000_000]] } } });
    rt.openBlock(1);
    expect(call(rt, Origin.root, "force_deregister_coprocessor", { who: "cop" })).toEqual({ ok: true });
    expect(reputationEvents(rt, "CoprocessorDeregistered")).toEqual([{ who: "cop", reputation: 900_000_000 }]);
    expect(coprocessorOf(rt, "cop")).toBeUndefined();
    expect(historyOf(rt, "cop")).toEqual([]);
    expect(call(rt, Origin.root, "force_deregister_coprocessor", { who: "cop" })).toEqual({ ok: false, error: Reputation.err("NotRegistered") });
  });

  it("set_parameters checks the domain and changes later updates only", () => {
    const rt = createReputationRuntime();
    rt.openBlock(1);
    call(rt, Origin.root, "record_outcome", { who: "cop", task_id: 1, success: true, quality: undefined });
    const invalid = { ok: false, error: Reputation.err("InvalidParameters") };
    expect(call(rt, Origin.root, "set_parameters", { params: { ...DEFAULT_GAS_PARAMS, alpha: 950_000_000 } })).toEqual(invalid);
    expect(call(rt, Origin.root, "set_parameters", { params: { ...DEFAULT_GAS_PARAMS, omega: 200_000_000 } })).toEqual(invalid);
    expect(rt.read((ctx) => Reputation.storage.Parameters.get(ctx))).toEqual(DEFAULT_GAS_PARAMS);
    const params = { omega: 0, alpha: 500_000_000, beta: ONE, initial_reputation: 0 };
    expect(call(rt, Origin.root, "set_parameters", { params })).toEqual({ ok: true });
    expect(reputationEvents(rt, "ParametersSet")).toEqual([{ params }]);
    expect(coprocessorOf(rt, "cop")?.reputation).toBe(600_000_000);
    call(rt, Origin.root, "record_outcome", { who: "cop", task_id: 2, success: false, quality: undefined });
    expect(coprocessorOf(rt, "cop")?.reputation).toBe(300_000_000); // .5 · .6
    call(rt, Origin.signed("late"), "register_coprocessor", {});
    expect(coprocessorOf(rt, "late")?.reputation).toBe(0); // the new prior
  });
});
