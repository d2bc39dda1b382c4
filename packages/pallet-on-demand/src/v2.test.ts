// On-demand v2 (polkadot-sdk#10184) as the `Version: 2` option: the pure FIFO functions, the
// claim-queue simulation, the declaration (storage as v2 names it), and the runtime behaviour the
// scenario files do not cover (credits, push-back, failures that change nothing, version guards,
// the provider port, pricing knobs on the same runtime).
import { Origin, RuntimeUsageError, formatDispatchError, type Context, type DispatchOutcome, type Runtime } from "@corelab/frame";
import { beforeEach, describe, expect, it } from "vitest";
import { onDemandAssignmentProvider, type OnDemandConfig } from "./interfaces.ts";
import { OnDemand } from "./pallet.ts";
import { OnDemandV2 } from "./pallet-v2.ts";
import { OnDemandTest, createOnDemandMockRuntime, onDemandMockConfig } from "./testing.ts";
import { DEFAULT_PRICE_PARAMETERS } from "./pricing.ts";
import { peekClaimQueue, popAssignmentsOf, type EnqueuedOrderV2 } from "./types.ts";

const ONE = 1_000_000_000_000_000_000n;
const o = (para_id: number, ordered_at: number): EnqueuedOrderV2 => ({ para_id, ordered_at });

describe("popAssignmentsOf (OrderQueue::pop_assignment_for_cores)", () => {
  it("serves an order from ordered_at + 2 on, oldest first, one per para per height, paras in ascending id", () => {
    const q = [o(7, 10), o(3, 10), o(7, 10), o(5, 11)];
    expect(popAssignmentsOf(q, 11, 4)).toEqual({ popped: [], remaining: q });
    expect(popAssignmentsOf(q, 12, 4)).toEqual({ popped: [3, 7], remaining: [o(7, 10), o(5, 11)] });
    expect(popAssignmentsOf(q, 13, 4)).toEqual({ popped: [3, 5, 7], remaining: [o(7, 10)] });
  });

  it("takes no more than num_cores, keeping the skipped orders in place", () => {
    const q = [o(9, 1), o(8, 1), o(7, 1)];
    expect(popAssignmentsOf(q, 5, 2)).toEqual({ popped: [8, 9], remaining: [o(7, 1)] });
    expect(popAssignmentsOf(q, 5, 0)).toEqual({ popped: [], remaining: q });
  });

  it("ordered_at + 2 saturates at u32::MAX (an order at the last block numbers is ready at u32::MAX)", () => {
    expect(popAssignmentsOf([o(1, 0xffff_fffe)], 0xffff_ffff, 1).popped).toEqual([1]);
    expect(popAssignmentsOf([o(1, 0xffff_fffe)], 0xffff_fffe, 1).popped).toEqual([]);
  });
});

describe("peekClaimQueue (scheduler peek_impl over the on-demand queue)", () => {
  it("duplicates a first claim at position 1 to position 0; later positions only append in place", () => {
    // placed at 10, viewed from 11: not ready at 11, ready at 12 → [p, p]
    expect(peekClaimQueue([o(1, 10)], 11, 1, 3)).toEqual([[0, [1, 1]]]);
    // ready at once (placed at 9): positions 0, 1, 2 as they come
    expect(peekClaimQueue([o(1, 9), o(1, 9), o(1, 9)], 11, 1, 3)).toEqual([[0, [1, 1, 1]]]);
  });

  it("stops filling at a hole: a core whose first para comes at position 2 gets nothing", () => {
    expect(peekClaimQueue([o(1, 11)], 11, 1, 3)).toEqual([]);
  });

  it("gives a height's paras to the pool cores in ascending core and para order", () => {
    expect(peekClaimQueue([o(2001, 8), o(2000, 8), o(1000, 9)], 11, 2, 2)).toEqual([
      [0, [2000, 1000]],
      [1, [2001]],
    ]);
  });
});

describe("the v2 declaration", () => {
  it("names its storage as v2 does: OrderStatus, Revenue, Credits (+ Corelab's QueueState); no v1 queue items", () => {
    expect(Object.keys(OnDemandV2.storage)).toEqual(["OrderStatus", "Revenue", "Credits", "QueueState"]);
    expect(Object.keys(OnDemand.storage)).toEqual(["ParaIdAffinity", "QueueStatus", "FreeEntries", "AffinityEntries", "Revenue", "Credits", "QueueState"]);
    expect(OnDemandV2.name).toBe("OnDemand");
    expect(Object.keys(OnDemandV2.events)).toEqual(["OnDemandOrderPlaced", "SpotPriceSet", "AccountCredited"]);
    expect(Object.keys(OnDemandV2.errors)).toEqual(Object.keys(OnDemand.errors));
    expect(Object.fromEntries(Object.entries(OnDemandV2.calls).map(([k, c]) => [k, c.index]))).toEqual(
      Object.fromEntries(Object.entries(OnDemand.calls).map(([k, c]) => [k, c.index])),
    );
  });

  it("metadata builds for both versions, with the knobs as constants and each version's own storage", () => {
    for (const [version, items] of [
      [1, ["ParaIdAffinity", "QueueStatus", "FreeEntries", "AffinityEntries", "Revenue", "Credits", "QueueState"]],
      [2, ["OrderStatus", "Revenue", "Credits", "QueueState"]],
    ] as const) {
      const md = createOnDemandMockRuntime({ constants: { OnDemand: { Version: version, Pricing: { type: "Exponential", value: DEFAULT_PRICE_PARAMETERS } } } }).metadata();
      expect(md.omitted).toEqual([]);
      const p = md.v15.pallets.find((x) => x.name === "OnDemand")!;
      expect(p.storage!.items.map((i) => i.name)).toEqual([...items]);
      expect(p.constants.map((c) => c.name)).toEqual(["TrafficDefaultValue", "MaxHistoricalRevenue", "PalletId", "Version", "Pricing"]);
    }
  });

  it("the mock runtime holds OnDemandV2 exactly when Version is 2", () => {
    const v1 = createOnDemandMockRuntime();
    const v2 = createOnDemandMockRuntime({ constants: { OnDemand: { Version: 2 } } });
    expect(v1.pallets.get("OnDemand")!.pallet).toBe(OnDemand);
    expect(v2.pallets.get("OnDemand")!.pallet).toBe(OnDemandV2);
  });
});

describe("a v2 runtime", () => {
  let rt: Runtime;
  const ALICE = "1";
  beforeEach(() => {
    rt = createOnDemandMockRuntime({ constants: { OnDemand: { Version: 2 } }, genesis: { Balances: { balances: [[ALICE, 1_000_000n]] } } });
  });
  const err = (r: DispatchOutcome): string | undefined => (r.ok ? undefined : formatDispatchError(r.error));
  const order = (para: number, max = 1_000_000n, call: "place_order_allow_death" | "place_order_with_credits" = "place_order_allow_death"): DispatchOutcome =>
    rt.applyExtrinsic({ origin: Origin.signed(ALICE), call: OnDemandV2.call(call, { max_amount: max, para_id: para }) });
  const root = (name: Parameters<typeof OnDemandTest.call>[0], args: Record<string, unknown>): DispatchOutcome =>
    rt.applyExtrinsic({ origin: Origin.root, call: OnDemandTest.call(name, args as never) });
  const read = <R>(fn: (ctx: Context) => R): R => rt.read(fn);
  const queue = () => read((ctx) => OnDemandV2.storage.OrderStatus.get(ctx).queue.queue);
  const events = (pallet: string, name: string) => rt.pendingEvents.filter((e) => e.is(pallet, name)).map((e) => e.data);

  it("place_order_with_credits spends credits, removes an entry that reaches 0, and credit_account emits AccountCredited", () => {
    rt.openBlock(3);
    expect(err(root("credit_account", { who: ALICE, amount: 20_000n }))).toBeUndefined();
    expect(events("OnDemand", "AccountCredited")).toEqual([{ who: ALICE, amount: 20_000n }]);
    expect(err(order(5, 20_000n, "place_order_with_credits"))).toBeUndefined();
    expect(read((ctx) => OnDemandV2.storage.Credits.get(ctx, ALICE))).toBe(10_000n);
    expect(err(order(5, 20_000n, "place_order_with_credits"))).toBeUndefined();
    expect(read((ctx) => OnDemandV2.storage.Credits.contains(ctx, ALICE))).toBe(false);
    expect(err(order(5, 20_000n, "place_order_with_credits"))).toBe("OnDemand.InsufficientCredits");
    expect(queue()).toEqual([o(5, 3), o(5, 3)]);
  });

  it("failing orders change nothing, the traffic update included; QueueFull at on_demand_queue_max_size", () => {
    rt.openBlock(1); // traffic 0 → 1.0
    const cfg = read((ctx) => OnDemandTest.storage.ActiveConfig.get(ctx));
    root("set_active_config", { config: { ...cfg, on_demand_queue_max_size: 2 } });
    expect(err(order(1))).toBeUndefined();
    const before1 = rt.state;
    expect(err(rt.applyExtrinsic({ origin: Origin.signed("2"), call: OnDemandV2.call("place_order_allow_death", { max_amount: 1_000_000n, para_id: 3 }) }))).toBe(
      "Balances.InsufficientBalance",
    );
    expect(rt.state).toBe(before1);
    expect(err(order(2))).toBeUndefined();
    const before = rt.state;
    expect(err(order(3))).toBe("OnDemand.QueueFull");
    expect(err(order(3, 1n))).toBe("OnDemand.SpotPriceHigherThanMaxAmount");
    expect(rt.state).toBe(before);
  });

  it("the traffic follows the queue length with v1's rule; price = traffic × base fee", () => {
    rt.openBlock(1);
    const cfg = read((ctx) => OnDemandTest.storage.ActiveConfig.get(ctx));
    // capacity 4, target 25%: the second order sees size 1 = target → traffic (0 + 0 + 1) × 1.0;
    // the third sees size 2 (ratio 0.5, d = 0.25, V = 1%): (1.25 + (0.0025²)/2) × 1.0
    root("set_active_config", { config: { ...cfg, on_demand_queue_max_size: 4 } });
    for (const p of [1, 2, 3]) expect(err(order(p))).toBeUndefined();
    const traffic = read((ctx) => OnDemandV2.storage.OrderStatus.get(ctx).traffic);
    expect(traffic).toBe(1_250_003_125_000_000_000n);
    expect(events("OnDemand", "OnDemandOrderPlaced").map((e) => e.spot_price)).toEqual([10_000n, 10_000n, 12_500n]);
  });

  it("push_back_order puts an order at the back with ordered_at = now; pop writes only when it takes something", () => {
    rt.openBlock(4);
    order(1);
    order(2);
    rt.openBlock(6);
    root("pop_assignment_for_cores", { now: 6, num_cores: 1 });
    expect(events("OnDemandTest", "AssignmentsPopped")).toEqual([{ now: 6, para_ids: [1] }]);
    root("push_back_order", { para_id: 1 });
    expect(queue()).toEqual([o(2, 4), o(1, 6)]);
    const before = rt.state;
    root("pop_assignment_for_cores", { now: 6, num_cores: 0 });
    expect(rt.state).toBe(before);
  });

  it("v1-only harness calls fail with Other on v2 (and v2-only ones on v1)", () => {
    rt.openBlock(1);
    expect(err(root("pop_assignment_for_core", { core: 0 }))).toBe("Other");
    expect(err(root("set_queue_status", { status: { traffic: ONE, next_index: 0, smallest_index: 0, freed_indices: [] } }))).toBe("Other");
    const v1 = createOnDemandMockRuntime();
    v1.openBlock(1);
    const r = v1.applyExtrinsic({ origin: Origin.root, call: OnDemandTest.call("pop_assignment_for_cores", { now: 1, num_cores: 1 }) });
    expect(err(r)).toBe("Other");
  });

  it("the provider port serves v2's functions and refuses v1's", () => {
    const cfg: OnDemandConfig = rt.configOf<OnDemandConfig>(OnDemandV2);
    const port = onDemandAssignmentProvider(cfg);
    rt.openBlock(8);
    order(42);
    expect(rt.withContext((ctx) => port.peekOrderQueue(ctx))).toEqual([o(42, 8)]);
    rt.openBlock(10);
    expect(rt.withContext((ctx) => port.popAssignmentForCores(ctx, 10, 3))).toEqual([42]);
    rt.withContext((ctx) => port.pushBackOrder(ctx, 42));
    expect(queue()).toEqual([o(42, 10)]);
    expect(() => rt.withContext((ctx) => port.popAssignmentForCore(ctx, 0))).toThrow(RuntimeUsageError);
    const v1port = onDemandAssignmentProvider(onDemandMockConfig());
    expect(() => rt.withContext((ctx) => v1port.popAssignmentForCores(ctx, 10, 1))).toThrow(/on-demand v2/);
    expect(rt.configOf<OnDemandConfig>(OnDemand).Version).toBe(2);
  });
});
