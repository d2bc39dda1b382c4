// End-to-end tests of auto-renewal (TV39–TV43 of the reference, auto_renewal_works of
// polkadot-sdk broker tests.rs) and the mirrored stale-core bug of the snapshot.
import { initCrypto } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { Final, MAX, Mock, Provisional, rid, wholeCore } from "./__fixtures__/harness.ts";
import { doEnableAutoRenew, doDisableAutoRenew } from "./dispatchables.ts";
import { Broker } from "./pallet.ts";

beforeAll(initCrypto);

const S = Broker.storage;

describe("auto-renewal", () => {
  it("TV39 enable_auto_renew_works: origin checks, the renewal-right check, sorting and the limit", () => {
    const m = new Mock({ endow: { "1": 1000n }, config: { limit_cores_offered: 10 } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 5 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Provisional });
    m.err("1001", "enable_auto_renew", { core: 0, task: 1001, workload_end_hint: 7 }, "Broker.NotAllowed");
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    m.err("1", "enable_auto_renew", { core: 0, task: 1001, workload_end_hint: 7 }, "Broker.NoPermission");
    m.ok("1001", "enable_auto_renew", { core: 0, task: 1001, workload_end_hint: 7 });
    expect(m.read((ctx) => S.AutoRenewals.get(ctx))).toEqual([{ core: 0, task: 1001, next_renewal: 7 }]);
    expect(m.lastBrokerEvent()).toEqual({ name: "AutoRenewalEnabled", fields: { core: 0, task: 1001 } });
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "assign", { region_id: rid(4, 1), task: 1002, finality: Final });
    m.ok("1", "assign", { region_id: rid(4, 2), task: 1003, finality: Final });
    m.ok("1003", "enable_auto_renew", { core: 2, task: 1003, workload_end_hint: 7 });
    m.ok("1002", "enable_auto_renew", { core: 1, task: 1002, workload_end_hint: 7 });
    expect(m.read((ctx) => S.AutoRenewals.get(ctx))).toEqual([
      { core: 0, task: 1001, next_renewal: 7 },
      { core: 1, task: 1002, next_renewal: 7 },
      { core: 2, task: 1003, next_renewal: 7 },
    ]);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "assign", { region_id: rid(4, 3), task: 1004, finality: Final });
    m.err("1004", "enable_auto_renew", { core: 3, task: 1004, workload_end_hint: 7 }, "Broker.TooManyAutoRenewals");
    expect(m.balance("1")).toBe(600n);
  });

  it("TV40 enable_auto_renewal_works_for_legacy_leases: a hinted right is renewed at its rotation", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.write((ctx) => S.PotentialRenewals.insert(ctx, { core: 0, when: 10 }, { price: 100n, completion: { type: "Complete", value: wholeCore(1001) } }));
    m.endow("1001", 1000n);
    m.err("1001", "enable_auto_renew", { core: 0, task: 1001, workload_end_hint: undefined }, "Broker.NotAllowed");
    m.ok("1001", "enable_auto_renew", { core: 0, task: 1001, workload_end_hint: 10 });
    expect(m.read((ctx) => S.AutoRenewals.get(ctx))).toEqual([{ core: 0, task: 1001, next_renewal: 10 }]);
    m.to(7);
    expect(m.balance("1001")).toBe(1000n);
    m.to(13);
    expect(m.balance("1001")).toBe(900n);
    expect(m.brokerEvents("Renewed")).toEqual([{ who: "1001", old_core: 0, core: 0, price: 100n, begin: 10, duration: 3, workload: wholeCore(1001) }]);
    expect(m.events().find((e) => e.event.value.type === "Renewed")!.block).toBe(12);
    expect(m.read((ctx) => S.AutoRenewals.get(ctx))).toEqual([{ core: 0, task: 1001, next_renewal: 13 }]);
  });

  it("TV41 enable_auto_renew_renews: enabling during the renewal's sale renews at once", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    m.to(6);
    m.err("1001", "enable_auto_renew", { core: 0, task: 1001, workload_end_hint: undefined }, "Token.FundsUnavailable");
    m.endow("1001", 1000n);
    m.ok("1001", "enable_auto_renew", { core: 0, task: 1001, workload_end_hint: undefined });
    expect(m.read((ctx) => S.AutoRenewals.get(ctx))).toEqual([{ core: 0, task: 1001, next_renewal: 10 }]);
    expect(m.read((ctx) => S.PotentialRenewals.get(ctx, { core: 0, when: 10 }))).toMatchObject({ price: 110n });
    expect(m.lastBrokerEvent()).toEqual({ name: "AutoRenewalEnabled", fields: { core: 0, task: 1001 } });
    expect(m.balance("1001")).toBe(900n);
  });

  it("auto_renewal_works: a failed auto-renewal drops its record and frees its core for the next", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 3 });
    m.to(2);
    for (let i = 0; i < 3; i++) m.ok("1", "purchase", { price_limit: MAX });
    for (let i = 0; i < 3; i++) m.ok("1", "assign", { region_id: rid(4, i), task: 1001 + i, finality: Final });
    for (let i = 0; i < 3; i++) m.withBroker((ctx) => doEnableAutoRenew(ctx, String(1001 + i), i, 1001 + i, 7));
    expect(m.read((ctx) => S.AutoRenewals.get(ctx))).toEqual([
      { core: 0, task: 1001, next_renewal: 7 },
      { core: 1, task: 1002, next_renewal: 7 },
      { core: 2, task: 1003, next_renewal: 7 },
    ]);
    m.endow("1001", 1000n);
    m.endow("1003", 1000n);
    m.to(7);
    expect(m.brokerEvents("Renewed")).toEqual([
      { who: "1001", old_core: 0, core: 0, price: 100n, begin: 7, duration: 3, workload: wholeCore(1001) },
      { who: "1003", old_core: 2, core: 1, price: 100n, begin: 7, duration: 3, workload: wholeCore(1003) },
    ]);
    expect(m.brokerEvents("AutoRenewalFailed")).toEqual([{ core: 1, payer: "1002" }]);
    expect(m.read((ctx) => S.AutoRenewals.get(ctx))).toEqual([
      { core: 0, task: 1001, next_renewal: 10 },
      { core: 1, task: 1003, next_renewal: 10 },
    ]);
  });

  it("TV43 disable_auto_renew_works", () => {
    const m = new Mock({ endow: { "1": 1000n }, config: { limit_cores_offered: 10 } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 3 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    expect(() => m.withBroker((ctx) => doDisableAutoRenew(ctx, 0, 1001))).toThrow();
    m.err("1001", "disable_auto_renew", { core: 0, task: 1001 }, "Broker.AutoRenewalNotEnabled");
    m.ok("1001", "enable_auto_renew", { core: 0, task: 1001, workload_end_hint: 7 });
    m.err("1", "disable_auto_renew", { core: 0, task: 1001 }, "Broker.NoPermission");
    m.err("1002", "disable_auto_renew", { core: 0, task: 1002 }, "Broker.NoPermission");
    m.ok("1001", "disable_auto_renew", { core: 0, task: 1001 });
    expect(m.read((ctx) => S.AutoRenewals.get(ctx))).toEqual([]);
    expect(m.lastBrokerEvent()).toEqual({ name: "AutoRenewalDisabled", fields: { core: 0, task: 1001 } });
  });

  it("stores the old core when the immediate renewal moves the workload (mirrored snapshot bug, fixed by #10767)", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 2 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "assign", { region_id: rid(4, 1), task: 1002, finality: Final });
    m.to(6);
    m.endow("1002", 1000n);
    // the renewal of core 1 lands on core 0 (first_core + cores_sold)
    m.ok("1002", "enable_auto_renew", { core: 1, task: 1002, workload_end_hint: undefined });
    expect(m.brokerEvents("Renewed")).toEqual([{ who: "1002", old_core: 1, core: 0, price: 100n, begin: 7, duration: 3, workload: wholeCore(1002) }]);
    expect(m.read((ctx) => S.AutoRenewals.get(ctx))).toEqual([{ core: 1, task: 1002, next_renewal: 10 }]);
    // at the next rotation core 1 has no renewal right: the auto-renewal fails and is dropped
    m.to(12);
    expect(m.brokerEvents("AutoRenewalFailed")).toEqual([{ core: 1, payer: "1002" }]);
    expect(m.read((ctx) => S.AutoRenewals.get(ctx))).toEqual([]);
  });
});
