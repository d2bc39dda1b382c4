// `reputationPort(config)` as the task-auction pallet uses it: reads, outcome recording inside a
// caller's extrinsic (events in the caller's phase, rolled back with it), and the mock port.
import { Origin, createRuntime, definePallet, ensureRoot, fail, initCrypto, t, DispatchErrors } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { reputationPort, type ReputationConfig } from "./interfaces.ts";
import { Reputation } from "./pallet.ts";
import { MockReputationPort, coprocessorOf, historyOf } from "./testing.ts";

beforeAll(initCrypto);

const config: ReputationConfig = { MaxHistory: 8 };
const port = reputationPort(config);

/** A caller pallet standing in for the task auction: settles a task through the port. */
const Settler = definePallet<Record<string, never>>()({
  name: "Settler",
  storage: {},
  events: {},
  errors: {},
  calls: {
    settle: {
      index: 0,
      args: { who: t.accountId, task_id: t.u32, success: t.bool, then_fail: t.bool },
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        port.recordOutcome(ctx, a.who, a.task_id, { success: a.success });
        if (a.then_fail) fail(DispatchErrors.other("after"));
      },
    },
  },
});

function runtime() {
  return createRuntime({ name: "port-test", pallets: [Reputation.instance(config), Settler.instance({})] });
}

describe("reputationPort", () => {
  it("reads the stored reputation, or the prior for an unknown coprocessor", () => {
    const rt = createRuntime({
      name: "port-read",
      pallets: [Reputation.instance(config)],
      genesis: { Reputation: { initial_reputation: 250_000_000, coprocessors: [["a", 800_000_000]] } },
    });
    expect(rt.read((ctx) => port.reputationOf(ctx, "a"))).toBe(800_000_000);
    expect(rt.read((ctx) => port.reputationOf(ctx, "unknown"))).toBe(250_000_000);
  });

  it("records outcomes from another pallet's call; events land in the caller's extrinsic", () => {
    const rt = runtime();
    rt.openBlock(3);
    const r = rt.applyExtrinsic({ origin: Origin.root, call: Settler.call("settle", { who: "cop", task_id: 7, success: true, then_fail: false }) });
    expect(r).toEqual({ ok: true });
    expect(coprocessorOf(rt, "cop")).toEqual({ reputation: 600_000_000, registered_at: 3, updated_at: 3, tasks: 1, successes: 1 });
    expect(historyOf(rt, "cop").at(-1)).toEqual({ block: 3, task_id: 7, success: true, observation: 1_000_000_000, reputation: 600_000_000 });
    const evs = rt.pendingEvents.filter((e) => e.event.type === "Reputation");
    expect(evs.map((e) => [e.phase, e.event.value.type])).toEqual([
      [{ type: "ApplyExtrinsic", value: 0 }, "CoprocessorRegistered"],
      [{ type: "ApplyExtrinsic", value: 0 }, "ReputationUpdated"],
    ]);
  });

  it("a failing caller rolls the update back", () => {
    const rt = runtime();
    rt.openBlock(1);
    const r = rt.applyExtrinsic({ origin: Origin.root, call: Settler.call("settle", { who: "cop", task_id: 1, success: true, then_fail: true }) });
    expect(r.ok).toBe(false);
    expect(coprocessorOf(rt, "cop")).toBeUndefined();
    expect(rt.pendingEvents.some((e) => e.event.type === "Reputation")).toBe(false);
  });

  it("MockReputationPort answers fixed reputations and records outcomes", () => {
    const mock = new MockReputationPort({ a: 900_000_000 }, 100);
    const rt = runtime();
    rt.openBlock(2);
    expect(rt.read((ctx) => mock.reputationOf(ctx, "a"))).toBe(900_000_000);
    expect(rt.read((ctx) => mock.reputationOf(ctx, "b"))).toBe(100);
    rt.read((ctx) => mock.recordOutcome(ctx, "a", 5, { success: false }));
    expect(mock.outcomes).toEqual([{ block: 2, who: "a", taskId: 5, outcome: { success: false } }]);
    mock.set("b", 7);
    expect(rt.read((ctx) => mock.reputationOf(ctx, "b"))).toBe(7);
  });
});
