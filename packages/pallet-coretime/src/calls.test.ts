// request_core_count, request_revenue_at and credit_account forwarding, and the broker origin.
import { DispatchErrors, Origin, initCrypto, type RuntimeCall } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { Relay, task, whole } from "./__fixtures__/relay.ts";
import { fungibleOf } from "@corelab/pallet-balances";
import { burnFromPot } from "./interfaces.ts";
import { Coretime } from "./pallet.ts";
import { TEST_BROKER_ORIGIN, TestOnDemand, brokerNotifications } from "./testing.ts";

beforeAll(initCrypto);

const broker = Origin.signed(TEST_BROKER_ORIGIN);

describe("request_core_count", () => {
  it("schedules the count; it becomes active CoreCountDelay blocks later and is announced to the broker once", () => {
    const r = new Relay({ cores: 2 });
    r.assign(3, 1, whole(task(42)));
    expect(r.open()).toEqual(["Idle", "Idle"]); // block 1: core 3 is not counted
    expect(r.rt.applyExtrinsic({ origin: broker, call: Coretime.call("request_core_count", { count: 4 }) })).toEqual({ ok: true });
    expect(r.rt.read((ctx) => Coretime.storage.PendingCoreCount.get(ctx))).toEqual({ at: 2, count: 4 });
    expect(r.rt.read((ctx) => Coretime.storage.CoreCount.get(ctx))).toBe(2);
    expect(brokerNotifications(r.rt)).toEqual([]);
    // block 2: 4 cores; core 3 takes its (past) schedule over at once
    expect(r.step()).toEqual(["Idle", "Idle", "Idle", "T42"]);
    expect(r.rt.read((ctx) => Coretime.storage.PendingCoreCount.get(ctx))).toBeUndefined();
    expect(brokerNotifications(r.rt)).toEqual([{ block: 2, message: { type: "CoreCount", value: 4 } }]);
    // asking for the same count again announces nothing
    r.open();
    r.rt.applyExtrinsic({ origin: broker, call: Coretime.call("request_core_count", { count: 4 }) });
    r.step();
    expect(brokerNotifications(r.rt)).toHaveLength(1);
  });

  it("honours CoreCountDelay", () => {
    const r = new Relay({ cores: 1, constants: { CoreCountDelay: 3 } });
    r.open(); // block 1
    r.rt.applyExtrinsic({ origin: Origin.root, call: Coretime.call("request_core_count", { count: 3 }) });
    expect(r.step()).toHaveLength(1); // block 2
    expect(r.step()).toHaveLength(1); // block 3
    expect(r.step()).toHaveLength(3); // block 4 = 1 + 3
    expect(brokerNotifications(r.rt)).toEqual([{ block: 4, message: { type: "CoreCount", value: 3 } }]);
  });
});

describe("request_revenue_at", () => {
  it("claims the on-demand revenue before `when` and notifies the broker, also when it is zero", () => {
    const r = new Relay();
    r.open(); // block 1
    r.rt.applyExtrinsic({ origin: Origin.signed("alice"), call: TestOnDemand.call("place_order", { para_id: 2000, price: 10n }) });
    r.open(); // block 2
    r.rt.applyExtrinsic({ origin: Origin.signed("alice"), call: TestOnDemand.call("place_order", { para_id: 2001, price: 25n }) });
    r.open(); // block 3
    expect(r.rt.applyExtrinsic({ origin: broker, call: Coretime.call("request_revenue_at", { when: 2 }) })).toEqual({ ok: true });
    expect(r.rt.applyExtrinsic({ origin: broker, call: Coretime.call("request_revenue_at", { when: 2 }) })).toEqual({ ok: true });
    expect(r.rt.applyExtrinsic({ origin: broker, call: Coretime.call("request_revenue_at", { when: 3 }) })).toEqual({ ok: true });
    expect(brokerNotifications(r.rt)).toEqual([
      { block: 3, message: { type: "Revenue", value: { until: 2, amount: 10n } } },
      { block: 3, message: { type: "Revenue", value: { until: 2, amount: 0n } } },
      { block: 3, message: { type: "Revenue", value: { until: 3, amount: 25n } } },
    ]);
  });

  it("refuses a block in the future (RequestedFutureRevenue) and notifies nothing", () => {
    const r = new Relay();
    r.open(); // block 1
    expect(r.rt.applyExtrinsic({ origin: broker, call: Coretime.call("request_revenue_at", { when: 2 }) })).toEqual({
      ok: false,
      error: DispatchErrors.module("Coretime", "RequestedFutureRevenue"),
    });
    expect(brokerNotifications(r.rt)).toEqual([]);
  });
});

describe("request_revenue_at with a RevenueTransactor (the funds of do_notify_revenue)", () => {
  const pot = "ondemand-pot";
  const relay = (potBalance: bigint) =>
    new Relay({ revenueTransactor: burnFromPot(fungibleOf({ ExistentialDeposit: 1n }), pot), genesis: { Balances: { balances: [[pot, potBalance]] } } });
  const balance = (r: Relay, who: string) => r.rt.read((ctx) => fungibleOf({ ExistentialDeposit: 1n }).balance(ctx, who));
  const issuance = (r: Relay) => r.rt.read((ctx) => fungibleOf({ ExistentialDeposit: 1n }).totalIssuance(ctx));

  it("burns the claimed revenue from the pot before notifying; a zero revenue moves nothing", () => {
    const r = relay(100n);
    r.open(); // block 1
    r.order(2000, 30n);
    r.open(); // block 2
    expect(r.rt.applyExtrinsic({ origin: broker, call: Coretime.call("request_revenue_at", { when: 2 }) })).toEqual({ ok: true });
    expect(balance(r, pot)).toBe(70n);
    expect(issuance(r)).toBe(70n);
    expect(r.rt.applyExtrinsic({ origin: broker, call: Coretime.call("request_revenue_at", { when: 2 }) })).toEqual({ ok: true });
    expect(balance(r, pot)).toBe(70n);
    expect(brokerNotifications(r.rt)).toEqual([
      { block: 2, message: { type: "Revenue", value: { until: 2, amount: 30n } } },
      { block: 2, message: { type: "Revenue", value: { until: 2, amount: 0n } } },
    ]);
  });

  it("fails with AssetTransferFailed when the pot cannot pay, and keeps the revenue claimable", () => {
    const r = relay(10n);
    r.open(); // block 1
    r.order(2000, 30n);
    r.open(); // block 2
    expect(r.rt.applyExtrinsic({ origin: broker, call: Coretime.call("request_revenue_at", { when: 2 }) })).toEqual({
      ok: false,
      error: DispatchErrors.module("Coretime", "AssetTransferFailed"),
    });
    expect(balance(r, pot)).toBe(10n);
    expect(brokerNotifications(r.rt)).toEqual([]);
    expect(r.rt.read((ctx) => TestOnDemand.storage.Revenue.get(ctx))).toEqual([[1, 30n]]);
  });
});

describe("credit_account", () => {
  it("credits the relay account through the on-demand port", () => {
    const r = new Relay();
    r.open();
    r.rt.applyExtrinsic({ origin: broker, call: Coretime.call("credit_account", { who: "bob", amount: 500n }) });
    r.rt.applyExtrinsic({ origin: Origin.root, call: Coretime.call("credit_account", { who: "bob", amount: 20n }) });
    expect(r.rt.read((ctx) => TestOnDemand.storage.Credits.get(ctx, "bob"))).toBe(520n);
  });
});

describe("origins", () => {
  const calls: RuntimeCall[] = [
    Coretime.call("request_core_count", { count: 3 }),
    Coretime.call("request_revenue_at", { when: 0 }),
    Coretime.call("credit_account", { who: "bob", amount: 1n }),
    Coretime.call("assign_core", { core: 0, begin: 5, assignment: whole(task(1)), end_hint: undefined }),
  ];

  it("every call is refused with BadOrigin unless it comes from the broker or Root, and then changes nothing", () => {
    const r = new Relay();
    r.open();
    const state = r.rt.state;
    for (const call of calls) {
      for (const origin of [Origin.none, Origin.signed("eve")]) {
        expect(r.rt.applyExtrinsic({ origin, call })).toEqual({ ok: false, error: DispatchErrors.BadOrigin });
      }
    }
    expect(r.rt.state).toBe(state);
    for (const call of calls) expect(r.rt.applyExtrinsic({ origin: Origin.root, call })).toEqual({ ok: true });
  });

  it("calls carry Rust's indices and argument names", () => {
    expect(Object.fromEntries(Object.entries(Coretime.calls).map(([n, c]) => [n, [c.index, Object.keys(c.args)]]))).toEqual({
      request_core_count: [1, ["count"]],
      request_revenue_at: [2, ["when"]],
      credit_account: [3, ["who", "amount"]],
      assign_core: [4, ["core", "begin", "assignment", "end_hint"]],
    });
  });
});
