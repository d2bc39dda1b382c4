// The pallet in the mock runtime: orders, their failure modes (which change nothing), traffic
// updates per order and per block, the idle-block write discipline, revenue, credits, the queue
// with core affinity, and the OnDemandAssignmentProvider port.
import { Origin, createRuntime, devAccount, formatDispatchError, palletAccountId, type Context, type DispatchOutcome, type Runtime } from "@corelab/frame";
import { Balances, fungibleOf } from "@corelab/pallet-balances";
import { beforeEach, describe, expect, it } from "vitest";
import {
  RELAY_ON_DEMAND_CONSTANTS,
  SDK_DEFAULT_HOST_CONFIG,
  legacyCurrencyOf,
  onDemandAssignmentProvider,
  staticHostConfiguration,
  type OnDemandConfig,
} from "./interfaces.ts";
import { OnDemand } from "./pallet.ts";
import { MOCK_HOST_CONFIG, MOCK_POT, OnDemandTest, createOnDemandMockRuntime, u64AccountOfPalletId } from "./testing.ts";

const ONE = 1_000_000_000_000_000_000n;
const S = OnDemand.storage;
const ALICE = "1";

let rt: Runtime;
beforeEach(() => {
  rt = createOnDemandMockRuntime({ genesis: { Balances: { balances: [[ALICE, 10_000_000n]] } } });
});

const err = (r: DispatchOutcome): string | undefined => (r.ok ? undefined : formatDispatchError(r.error));
const order = (who: string, para: number, max = 10_000_000n, call: "place_order_allow_death" | "place_order_keep_alive" | "place_order_with_credits" = "place_order_allow_death"): DispatchOutcome =>
  rt.applyExtrinsic({ origin: Origin.signed(who), call: OnDemand.call(call, { max_amount: max, para_id: para }) });
const root = (name: Parameters<typeof OnDemandTest.call>[0], args: Record<string, unknown>): DispatchOutcome =>
  rt.applyExtrinsic({ origin: Origin.root, call: OnDemandTest.call(name, args as never) });
const read = <R>(fn: (ctx: Context) => R): R => rt.read(fn);
const status = () => read((ctx) => S.QueueStatus.get(ctx));
const free = (who: string): bigint => read((ctx) => Balances.storage.Account.get(ctx, who)?.free ?? 0n);
const events = (name: string) => (rt.pendingEvents ?? []).filter((e) => e.is("OnDemand", name)).map((e) => e.data);

describe("pot account", () => {
  it("is PalletId(py/ondmd) truncated to a u64 (\"modlpy/o\" little-endian)", () => {
    expect(MOCK_POT).toBe(u64AccountOfPalletId("py/ondmd"));
    expect(BigInt(MOCK_POT)).toBe(0x6f2f79706c646f6dn);
  });
});

describe("place_order_*", () => {
  it("charges the spot price into the pot, records revenue, enqueues, emits OnDemandOrderPlaced", () => {
    rt.openBlock(1);
    expect(err(order(ALICE, 111))).toBeUndefined();
    expect(events("OnDemandOrderPlaced")).toEqual([{ para_id: 111, spot_price: 10_000n, ordered_by: ALICE }]);
    expect(free(ALICE)).toBe(9_990_000n);
    expect(free(MOCK_POT)).toBe(10_000n);
    expect(read((ctx) => S.Revenue.get(ctx))).toEqual([10_000n]);
    expect(status()).toEqual({ traffic: ONE, next_index: 1, smallest_index: 0, freed_indices: [] });
    expect(read((ctx) => S.FreeEntries.get(ctx))).toEqual([{ para_id: 111, idx: 0 }]);
  });

  it("BadOrigin, SpotPriceHigherThanMaxAmount, InsufficientBalance, QueueFull, InsufficientCredits change nothing (not even the traffic update)", () => {
    rt.openBlock(1);
    // queue above target, so every attempt would first raise the traffic
    rt.withContext((ctx) => S.QueueStatus.put(ctx, { traffic: ONE, next_index: 100, smallest_index: 0, freed_indices: [] }));
    const before = rt.state;
    expect(err(rt.applyExtrinsic({ origin: Origin.none, call: OnDemand.call("place_order_allow_death", { max_amount: 1n, para_id: 1 }) }))).toBe("BadOrigin");
    expect(err(order(ALICE, 111, 1n))).toBe("OnDemand.SpotPriceHigherThanMaxAmount");
    expect(err(order(ALICE, 111))).toBe("OnDemand.QueueFull");
    expect(rt.state).toBe(before);
    rt.withContext((ctx) => S.QueueStatus.put(ctx, { traffic: ONE, next_index: 50, smallest_index: 0, freed_indices: [] }));
    const before2 = rt.state;
    expect(err(order("2", 111))).toBe("Balances.InsufficientBalance");
    expect(err(order("2", 111, 10_000_000n, "place_order_with_credits"))).toBe("OnDemand.InsufficientCredits");
    expect(rt.state).toBe(before2);
    expect(events("SpotPriceSet")).toEqual([]);
  });

  it("checks the price before the queue size, and the queue size before payment", () => {
    rt.openBlock(1);
    rt.withContext((ctx) => S.QueueStatus.put(ctx, { traffic: ONE, next_index: 100, smallest_index: 0, freed_indices: [] }));
    // full queue: the traffic would rise to 1.75 → price 17_500 > 17_499
    expect(err(order("2", 1, 17_499n))).toBe("OnDemand.SpotPriceHigherThanMaxAmount");
    expect(err(order("2", 1, 17_500n))).toBe("OnDemand.QueueFull");
  });

  it("keep_alive: InsufficientBalance when short, Expendability when the payment would reap, ok otherwise", () => {
    rt.openBlock(1);
    rt.applyExtrinsic({ origin: Origin.root, call: Balances.call("force_set_balance", { who: "3", new_free: 10_000n }) });
    expect(err(order("3", 5, 10_000_000n, "place_order_keep_alive"))).toBe("Balances.Expendability");
    expect(err(order("3", 5, 10_000_000n, "place_order_allow_death"))).toBeUndefined();
    expect(read((ctx) => Balances.storage.Account.get(ctx, "3"))).toBeUndefined();
    expect(err(order(ALICE, 5, 10_000_000n, "place_order_keep_alive"))).toBeUndefined();
    expect(free(ALICE)).toBe(9_990_000n);
  });

  it("credits: credit_account adds (saturating), orders spend them, revenue counts them; no currency moves", () => {
    rt.openBlock(1);
    root("credit_account", { who: "4", amount: 15_000n });
    expect(err(order("4", 7, 20_000n, "place_order_with_credits"))).toBeUndefined();
    expect(read((ctx) => S.Credits.get(ctx, "4"))).toBe(5_000n);
    expect(err(order("4", 7, 20_000n, "place_order_with_credits"))).toBe("OnDemand.InsufficientCredits");
    expect(free(MOCK_POT)).toBe(0n);
    expect(read((ctx) => S.Revenue.get(ctx))).toEqual([10_000n]);
  });

  it("updates the traffic before each order: above target the N-th order of a block pays more (SpotPriceSet)", () => {
    rt.openBlock(1);
    rt.withContext((ctx) => S.QueueStatus.put(ctx, { traffic: ONE, next_index: 50, smallest_index: 0, freed_indices: [] }));
    expect(err(order(ALICE, 1))).toBeUndefined();
    expect(err(order(ALICE, 1))).toBeUndefined();
    // 50/100 → ×1.250003125 → 12_500; then 51/100: ×(1 + 0.26 + (0.01·0.26)²/2) = ×1.26000338 → 1.575008… → 15_750
    expect(events("SpotPriceSet").map((e) => e.spot_price)).toEqual([12_500n, 15_750n]);
    expect(events("OnDemandOrderPlaced").map((e) => e.spot_price)).toEqual([12_500n, 15_750n]);
  });
});

describe("on_initialize", () => {
  it("decays the traffic of idle blocks to the default (spot_traffic_decreases_between_idle_blocks)", () => {
    rt.openBlock(100);
    root("set_queue_status", { status: { traffic: 10n * ONE, next_index: 0, smallest_index: 0, freed_indices: [] } });
    rt.openBlock(101);
    expect(status().traffic).toBe(2_499_968_750_000_000_000n);
    expect(events("SpotPriceSet")).toEqual([{ spot_price: 24_999n }]);
    rt.openBlock(102);
    expect(status().traffic).toBe(ONE);
    expect(events("SpotPriceSet")).toEqual([{ spot_price: 10_000n }]);
  });

  it("writes nothing on idle blocks once Revenue is full of zeros and the traffic is at the default", () => {
    rt.openBlock(10); // 10 rotations: Revenue = ten zeros
    expect(read((ctx) => S.Revenue.get(ctx))).toEqual(Array(10).fill(0n));
    rt.finalizeBlock();
    const state = rt.state;
    rt.openBlock(500);
    rt.finalizeBlock();
    expect(rt.state).toBe(state);
    expect(events("SpotPriceSet")).toEqual([]);
  });

  it("folds overdue revenue into the oldest kept block", () => {
    rt.openBlock(1);
    order(ALICE, 1);
    rt.openBlock(10);
    expect(read((ctx) => S.Revenue.get(ctx))).toEqual([...Array(9).fill(0n), 10_000n]);
    rt.openBlock(11);
    expect(read((ctx) => S.Revenue.get(ctx))).toEqual([...Array(9).fill(0n), 10_000n]);
    order(ALICE, 1);
    rt.openBlock(30);
    expect(read((ctx) => S.Revenue.get(ctx))).toEqual([...Array(9).fill(0n), 20_000n]);
  });

  it("leaves the traffic alone when the queue exceeds its capacity (calculation error) and when capacity is 0", () => {
    rt.openBlock(1);
    rt.withContext((ctx) => S.QueueStatus.put(ctx, { traffic: 3n * ONE, next_index: 150, smallest_index: 0, freed_indices: [] }));
    rt.openBlock(2);
    expect(status().traffic).toBe(3n * ONE);
    root("set_active_config", { config: { ...MOCK_HOST_CONFIG, on_demand_queue_max_size: 0 } });
    rt.openBlock(3);
    expect(status().traffic).toBe(3n * ONE);
  });
});

describe("queue and affinity", () => {
  const pop = (core: number) => {
    root("pop_assignment_for_core", { core });
    return rt.pendingEvents.filter((e) => e.is("OnDemandTest", "AssignmentPopped")).at(-1)!.data.para_id;
  };
  it("takes the free entry only when it is newer than the core's affinity head (the literal `f < a`)", () => {
    rt.openBlock(1);
    for (const p of [1, 1, 2]) order(ALICE, p);
    expect(pop(0)).toBe(1); // affinity[1] = core 0; the other order of 1 moves to AffinityEntries[0]
    expect(read((ctx) => S.AffinityEntries.get(ctx, 0))).toEqual([{ para_id: 1, idx: 1 }]);
    expect(read((ctx) => S.FreeEntries.get(ctx))).toEqual([{ para_id: 2, idx: 2 }]);
    // free head idx 2 is newer than affinity head idx 1: `f < a` under the reversed order → free
    expect(pop(0)).toBe(2);
    expect(pop(0)).toBe(1);
    expect(pop(0)).toBeUndefined();
    expect(status()).toMatchObject({ next_index: 3, smallest_index: 3, freed_indices: [] });
  });
  it("push_back_assignment puts the order at the front, possibly beyond the queue size limit", () => {
    rt.openBlock(1);
    rt.withContext((ctx) => S.QueueStatus.put(ctx, { traffic: ONE, next_index: 100, smallest_index: 0, freed_indices: [] }));
    root("push_back_assignment", { para_id: 9, core: 0 });
    expect(status()).toMatchObject({ smallest_index: 0xffff_ffff, next_index: 100 });
    expect(read((ctx) => S.FreeEntries.get(ctx))).toEqual([{ para_id: 9, idx: 0xffff_ffff }]);
  });
});

describe("affinity bookkeeping", () => {
  it("assignment_duplicated increases the count on the same core and ignores another core; report_processed on another core does nothing", () => {
    rt.openBlock(1);
    root("assignment_duplicated", { para_id: 7, core: 2 });
    root("assignment_duplicated", { para_id: 7, core: 2 });
    root("assignment_duplicated", { para_id: 7, core: 3 });
    expect(read((ctx) => S.ParaIdAffinity.get(ctx, 7))).toEqual({ core_index: 2, count: 2 });
    root("report_processed", { para_id: 7, core: 3 });
    expect(read((ctx) => S.ParaIdAffinity.get(ctx, 7))).toEqual({ core_index: 2, count: 2 });
    // an order of a para with affinity goes to that core's queue, not to the free queue
    order(ALICE, 7);
    expect(read((ctx) => S.AffinityEntries.get(ctx, 2))).toEqual([{ para_id: 7, idx: 0 }]);
    expect(read((ctx) => S.FreeEntries.get(ctx))).toEqual([]);
    root("report_processed", { para_id: 7, core: 2 });
    root("report_processed", { para_id: 7, core: 2 });
    expect(read((ctx) => S.AffinityEntries.get(ctx, 2))).toEqual([]);
    expect(read((ctx) => S.FreeEntries.get(ctx))).toEqual([{ para_id: 7, idx: 0 }]);
  });
});

describe("OnDemandAssignmentProvider", () => {
  it("runs the pallet's functions on the caller's context", () => {
    const config = rt.configOf<OnDemandConfig>(OnDemand);
    const p = onDemandAssignmentProvider(config);
    rt.openBlock(5);
    order(ALICE, 111);
    order(ALICE, 222);
    const got = rt.withContext((ctx) => [p.popAssignmentForCore(ctx, 0), p.popAssignmentForCore(ctx, 1), p.popAssignmentForCore(ctx, 2)]);
    expect(got).toEqual([111, 222, undefined]);
    expect(read((ctx) => S.ParaIdAffinity.get(ctx, 111))).toEqual({ core_index: 0, count: 1 });
    rt.withContext((ctx) => p.reportProcessed(ctx, 111, 0));
    expect(read((ctx) => S.ParaIdAffinity.get(ctx, 111))).toBeUndefined();
    rt.withContext((ctx) => p.pushBackAssignment(ctx, 222, 1));
    expect(rt.withContext((ctx) => p.popAssignmentForCore(ctx, 3))).toBe(222);
    rt.withContext((ctx) => p.creditAccount(ctx, "8", 5n));
    rt.withContext((ctx) => p.creditAccount(ctx, "8", 7n));
    expect(read((ctx) => S.Credits.get(ctx, "8"))).toBe(12n);
    expect(rt.withContext((ctx) => p.claimRevenueUntil(ctx, 5))).toBe(0n); // exclusive
    expect(rt.withContext((ctx) => p.claimRevenueUntil(ctx, 6))).toBe(20_000n);
    expect(rt.withContext((ctx) => p.claimRevenueUntil(ctx, 6))).toBe(0n);
  });
});

describe("a relay-like runtime (SDK defaults, relay constants, 32-byte accounts)", () => {
  it("charges the default base fee into the py/ondmd pot and keeps 160 blocks of revenue", () => {
    const balances = { ExistentialDeposit: 1_000_000n };
    const alice = devAccount("alice");
    const relay = createRuntime({
      name: "relay-like",
      pallets: [
        Balances.instance(balances),
        OnDemand.instance({ ...RELAY_ON_DEMAND_CONSTANTS, Currency: legacyCurrencyOf(fungibleOf(balances)), HostConfiguration: staticHostConfiguration(SDK_DEFAULT_HOST_CONFIG) }),
      ],
      genesis: { Balances: { balances: [[alice, 1_000_000_000n]] } },
    });
    relay.openBlock(1);
    const r = relay.applyExtrinsic({ origin: Origin.signed(alice), call: OnDemand.call("place_order_keep_alive", { max_amount: 10_000_000n, para_id: 2000 }) });
    expect(r.ok).toBe(true);
    const pot = palletAccountId("py/ondmd");
    expect(relay.read((ctx) => Balances.storage.Account.get(ctx, pot)?.free)).toBe(10_000_000n);
    relay.openBlock(200);
    const revenue = relay.read((ctx) => S.Revenue.get(ctx));
    expect(revenue.length).toBe(160);
    expect(revenue[159]).toBe(10_000_000n); // overdue revenue folded into the oldest kept block
  });
});

describe("revenue rotation (force_insert_keep_left with the evicted entry folded into the last)", () => {
  const rotations = (max: number, seed: bigint[], blocks: number): bigint[] => {
    const r = createOnDemandMockRuntime({ constants: { OnDemand: { MaxHistoricalRevenue: max } } });
    r.withContext((ctx) => S.Revenue.put(ctx, seed));
    for (let i = 0; i < blocks; i++) r.newBlock();
    return r.read((ctx) => S.Revenue.get(ctx));
  };

  it("shifts a full history right by one and keeps the total", () => {
    expect(rotations(3, [5n, 7n, 11n], 1)).toEqual([0n, 5n, 18n]);
    expect(rotations(3, [5n, 7n, 11n], 2)).toEqual([0n, 0n, 23n]);
    expect(rotations(3, [5n, 7n, 11n], 3)).toEqual([0n, 0n, 23n]); // the same values again
  });

  it("with room for one entry, keeps folding into it", () => {
    expect(rotations(1, [9n], 2)).toEqual([9n]);
  });

  it("grows a history that is not full", () => {
    expect(rotations(3, [4n], 1)).toEqual([0n, 4n]);
  });
});
