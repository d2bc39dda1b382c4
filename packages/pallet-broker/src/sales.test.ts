// End-to-end block sequences of sales, renewals, leases and reservations, driven through the
// broker mock runtime (vectors TV01–TV05, TV33–TV37, TV45–TV50 of the reference and the tests
// of polkadot-sdk broker tests.rs they come from).
import { initCrypto } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { C, Final, MAX, Mock, poolCore, rid, wholeCore } from "./__fixtures__/harness.ts";
import { fromChunk } from "./core-mask.ts";
import { Broker } from "./pallet.ts";
import { TestCoretime } from "./testing.ts";

beforeAll(initCrypto);

const S = Broker.storage;

describe("sales", () => {
  it("TV01 basic_initialize_works: start_sales commits nothing to the relay at once", () => {
    const m = new Mock();
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    expect(m.trace()).toEqual([]);
    expect(m.read((ctx) => S.Status.get(ctx))).toEqual({
      core_count: 1,
      private_pool_size: 0,
      system_pool_size: 0,
      last_committed_timeslice: 0,
      last_timeslice: 0,
    });
    expect(m.read((ctx) => S.SaleInfo.get(ctx))).toEqual({
      sale_start: 1,
      leadin_length: 1,
      end_price: 100n,
      region_begin: 4,
      region_end: 7,
      ideal_cores_sold: 0,
      cores_offered: 1,
      first_core: 0,
      sellout_price: 100n,
      cores_sold: 0,
    });
    // events at block 0 are not recorded
    expect(m.events()).toEqual([]);
  });

  it("TV02 purchase_works: a purchase at block 2 costs 100, a Final assignment is renewable and reaches the relay at block 6", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1000, finality: Final });
    const block2 = m.events().filter((e) => e.block === 2 && e.event.type === "Broker").map((e) => e.event.value);
    expect(block2.slice(-3)).toEqual([
      { type: "Purchased", value: { who: "1", region_id: rid(4, 0), price: 100n, duration: 3 } },
      { type: "Renewable", value: { core: 0, price: 100n, begin: 7, workload: wholeCore(1000) } },
      { type: "Assigned", value: { region_id: rid(4, 0), duration: 3, task: 1000 } },
    ]);
    expect(m.read((ctx) => S.PotentialRenewals.get(ctx, { core: 0, when: 7 }))).toEqual({
      price: 100n,
      completion: { type: "Complete", value: wholeCore(1000) },
    });
    m.to(6);
    expect(m.trace()).toEqual([[6, 0, 8, [[1000, 57600]]]]);
    expect(m.balance("1")).toBe(900n);
    expect(m.revenue()).toBe(100n);
    expect(m.brokerEvents("CoreAssigned")).toEqual([{ core: 0, when: 8, assignment: [[{ type: "Task", value: 1000 }, 57600]] }]);
  });

  it("TV03 purchase_requires_valid_status_and_sale_info: the checks come in Rust's order", () => {
    const m = new Mock();
    m.err("1", "purchase", { price_limit: 100n }, "Broker.Uninitialized");
    m.write((ctx) => S.Status.put(ctx, { core_count: 2, private_pool_size: 0, system_pool_size: 0, last_committed_timeslice: 0, last_timeslice: 1 }));
    m.err("1", "purchase", { price_limit: 100n }, "Broker.NoSales");
    const sale = {
      sale_start: 0,
      leadin_length: 0,
      end_price: 200n,
      sellout_price: undefined,
      region_begin: 0,
      region_end: 3,
      first_core: 3,
      ideal_cores_sold: 0,
      cores_offered: 1,
      cores_sold: 2,
    };
    m.write((ctx) => S.SaleInfo.put(ctx, sale));
    m.err("1", "purchase", { price_limit: 100n }, "Broker.Unavailable");
    m.write((ctx) => S.SaleInfo.put(ctx, { ...sale, first_core: 1 }));
    m.err("1", "purchase", { price_limit: 100n }, "Broker.SoldOut");
    m.ok("root", "start_sales", { end_price: 200n, extra_cores: 1 });
    m.err("1", "purchase", { price_limit: 100n }, "Broker.TooEarly");
    m.to(2);
    m.err("1", "purchase", { price_limit: 100n }, "Broker.Overpriced");
    // with the price accepted, the unfunded buyer fails at the charge
    m.err("1", "purchase", { price_limit: 200n }, "Token.FundsUnavailable");
  });

  it("TV04 renewal_requires_valid_status_and_sale_info", () => {
    const m = new Mock();
    m.err("1", "renew", { core: 1 }, "Broker.Uninitialized");
    m.write((ctx) => S.Status.put(ctx, { core_count: 2, private_pool_size: 0, system_pool_size: 0, last_committed_timeslice: 0, last_timeslice: 1 }));
    m.err("1", "renew", { core: 1 }, "Broker.NoSales");
    const sale = {
      sale_start: 0,
      leadin_length: 0,
      end_price: 200n,
      sellout_price: undefined,
      region_begin: 0,
      region_end: 3,
      first_core: 3,
      ideal_cores_sold: 0,
      cores_offered: 1,
      cores_sold: 2,
    };
    m.write((ctx) => S.SaleInfo.put(ctx, sale));
    m.err("1", "renew", { core: 1 }, "Broker.Unavailable");
    m.write((ctx) => S.SaleInfo.put(ctx, { ...sale, first_core: 1 }));
    m.err("1", "renew", { core: 1 }, "Broker.SoldOut");
    m.ok("root", "start_sales", { end_price: 200n, extra_cores: 1 });
    m.err("1", "renew", { core: 1 }, "Broker.NotAllowed");
    m.write((ctx) => S.PotentialRenewals.insert(ctx, { core: 1, when: 4 }, { price: 100n, completion: { type: "Partial", value: fromChunk(0, 20) } }));
    m.err("1", "renew", { core: 1 }, "Broker.IncompleteAssignment");
  });

  it("TV05 renewal_works: renewal prices follow the cap and the sale price", () => {
    const m = new Mock({ endow: { "1": 100_000n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.ok("1", "purchase", { price_limit: MAX });
    expect(m.balance("1")).toBe(99_900n);
    m.ok("1", "assign", { region_id: rid(4, 0), task: 1001, finality: Final });
    m.to(6);
    m.err("1", "purchase", { price_limit: MAX }, "Broker.TooEarly");
    m.ok("1", "renew", { core: 0 });
    expect(m.balance("1")).toBe(99_800n);
    expect(m.brokerEvents("SaleInitialized").at(-1)).toEqual({
      sale_start: 7,
      leadin_length: 1,
      start_price: 1000n,
      end_price: 10n,
      region_begin: 7,
      region_end: 10,
      ideal_cores_sold: 0,
      cores_offered: 1,
    });
    expect(m.brokerEvents("Renewed").at(-1)).toEqual({ who: "1", price: 100n, old_core: 0, core: 0, begin: 7, duration: 3, workload: wholeCore(1001) });
    expect(m.brokerEvents("Renewable").at(-1)).toEqual({ core: 0, price: 110n, begin: 10, workload: wholeCore(1001) });
    m.to(8);
    m.err("1", "purchase", { price_limit: MAX }, "Broker.SoldOut");
    m.to(12);
    m.ok("1", "renew", { core: 0 });
    expect(m.balance("1")).toBe(99_690n);
    expect(m.brokerEvents("SaleInitialized").at(-1)).toMatchObject({ sale_start: 13, start_price: 100n, end_price: 1n, region_begin: 10, region_end: 13 });
    expect(m.brokerEvents("Renewable").at(-1)).toMatchObject({ core: 0, price: 100n, begin: 13 });
  });

  it("renewals_affect_price: the bump applies in the lead-in, a late renewal drops to the end price", () => {
    const config = { advance_notice: 2, interlude_length: 10, leadin_length: 20, ideal_bulk_proportion: 1_000_000_000, limit_cores_offered: undefined, region_length: 20, renewal_bump: 100_000_000, contribution_timeout: 5 };
    let b = 100_000n;
    const m = new Mock({ endow: { "1": b }, config });
    m.ok("root", "start_sales", { end_price: 10n, extra_cores: 1 });
    m.to(11);
    m.ok("1", "purchase", { price_limit: MAX });
    let price = 910n;
    b -= price;
    expect(m.balance("1")).toBe(b);
    m.ok("1", "assign", { region_id: rid(21, 0), task: 1001, finality: Final });
    m.to(40);
    m.err("1", "purchase", { price_limit: MAX }, "Broker.TooEarly");
    m.ok("1", "renew", { core: 0 });
    b -= price;
    expect(m.balance("1")).toBe(b);
    m.to(51);
    m.err("1", "purchase", { price_limit: MAX }, "Broker.SoldOut");
    m.to(81);
    m.ok("1", "renew", { core: 0 });
    price = price + price / 10n;
    b -= price;
    expect(m.balance("1")).toBe(b);
    m.to(159);
    m.ok("1", "renew", { core: 0 });
    price = price + (price + 5n) / 10n; // Perbill 10% × 1001 = 100.1 → 100
    b -= price;
    expect(m.balance("1")).toBe(b);
    m.to(161);
    m.ok("1", "renew", { core: 0 });
    b -= 100n;
    expect(m.balance("1")).toBe(b);
    m.to(201);
    m.ok("1", "renew", { core: 0 });
    b -= 110n;
    expect(m.balance("1")).toBe(b);
  });

  it("renewal_price_adjusts_to_lower_market_end: renewals never go below the previous sale's end price", () => {
    const config = { advance_notice: 2, interlude_length: 10, leadin_length: 20, ideal_bulk_proportion: 1_000_000_000, limit_cores_offered: undefined, region_length: 20, renewal_bump: 100_000_000, contribution_timeout: 5 };
    let b = 100_000_000n;
    const m = new Mock({ endow: { "1": b, "2": b }, config });
    m.ok("root", "start_sales", { end_price: 10n, extra_cores: 2 });
    m.to(11);
    m.ok("1", "purchase", { price_limit: MAX });
    let price = 910n;
    b -= price;
    m.ok("1", "assign", { region_id: rid(21, 0), task: 1001, finality: Final });
    m.to(40);
    m.err("1", "purchase", { price_limit: MAX }, "Broker.TooEarly");
    m.ok("1", "renew", { core: 0 });
    b -= price;
    expect(m.balance("1")).toBe(b);
    m.to(51);
    m.ok("2", "purchase", { price_limit: MAX });
    m.to(80);
    m.ok("1", "renew", { core: 0 });
    price = price + price / 10n;
    b -= price;
    expect(m.balance("1")).toBe(b);
    m.to(91);
    m.ok("2", "purchase", { price_limit: MAX });
    m.to(120);
    m.ok("1", "renew", { core: 0 });
    price = price + (price + 5n) / 10n;
    b -= price;
    expect(m.balance("1")).toBe(b);
    const endPrice = m.read((ctx) => S.SaleInfo.get(ctx))!.end_price;
    expect(endPrice > price + price / 10n).toBe(true);
    m.to(160);
    m.ok("1", "renew", { core: 0 });
    b -= endPrice;
    expect(m.balance("1")).toBe(b);
  });

  it("TV45 start_sales_sets_correct_core_count: leases + reservations + extra cores", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.to(1);
    for (const task of [1, 2, 3]) m.ok("root", "set_lease", { task, until: 100 });
    m.ok("root", "reserve", { workload: poolCore() });
    m.ok("root", "start_sales", { end_price: 5n, extra_cores: 5 });
    expect(m.brokerEvents("CoreCountRequested")).toEqual([{ core_count: 9 }]);
    expect(m.brokerEvents("SaleInitialized")).toEqual([
      { sale_start: 2, leadin_length: 1, start_price: 500n, end_price: 5n, region_begin: 4, region_end: 7, ideal_cores_sold: 0, cores_offered: 5 },
    ]);
  });

  it("admin calls accept Root and the mock's signed admin 1, and nobody else", () => {
    const m = new Mock();
    m.to(1);
    m.ok("1", "reserve", { workload: poolCore() });
    m.err("2", "reserve", { workload: poolCore() }, "BadOrigin");
    m.err("2", "start_sales", { end_price: 1n, extra_cores: 1 }, "BadOrigin");
    m.ok("root", "unreserve", { item_index: 0 });
    expect(m.brokerEvents("ReservationCancelled")).toEqual([{ index: 0, workload: poolCore() }]);
  });
});

describe("TV50 admin bookkeeping errors", () => {
  it("config_works", () => {
    const m = new Mock();
    m.ok("root", "configure", { config: { advance_notice: 2, interlude_length: 1, leadin_length: 1, region_length: 3, ideal_bulk_proportion: 0, limit_cores_offered: undefined, renewal_bump: 0, contribution_timeout: 5 } });
    m.err("root", "configure", { config: { advance_notice: 2, interlude_length: 1, leadin_length: 0, region_length: 3, ideal_bulk_proportion: 0, limit_cores_offered: undefined, renewal_bump: 0, contribution_timeout: 5 } }, "Broker.InvalidConfig");
  });

  it("reservations_are_limited, cannot_unreserve_unknown", () => {
    const m = new Mock();
    for (let i = 0; i < 5; i++) m.ok("root", "reserve", { workload: poolCore() });
    m.err("root", "reserve", { workload: poolCore() }, "Broker.TooManyReservations");
    m.err("root", "unreserve", { item_index: 5 }, "Broker.UnknownReservation");
  });

  it("cannot_set_expired_lease, short_leases_are_cleaned, leases_are_limited, remove_lease_works", () => {
    const m = new Mock();
    m.ok("root", "start_sales", { end_price: 200n, extra_cores: 1 });
    m.to(2);
    m.err("root", "set_lease", { task: 1000, until: 0 }, "Broker.AlreadyExpired");
    m.err("root", "set_lease", { task: 1000, until: 1 }, "Broker.AlreadyExpired");
    m.ok("root", "set_lease", { task: 1000, until: 2 });
    expect(m.read((ctx) => S.Leases.get(ctx))).toHaveLength(1);
    m.to(6);
    expect(m.read((ctx) => S.Leases.get(ctx))).toHaveLength(0);
    expect(m.brokerEvents("Renewable").at(-1)).toMatchObject({ core: 0, price: 200n, begin: 10 });
    expect(m.brokerEvents("LeaseEnding").at(-1)).toEqual({ task: 1000, when: 10 });

    for (let i = 0; i < 5; i++) m.ok("root", "set_lease", { task: 2000 + i, until: 100 });
    m.err("root", "set_lease", { task: 1000, until: 100 }, "Broker.TooManyLeases");
    m.err("root", "remove_lease", { task: 3 }, "Broker.LeaseNotFound");
    m.ok("root", "remove_lease", { task: 2001 });
    m.err("root", "remove_lease", { task: 2001 }, "Broker.LeaseNotFound");
    expect(m.brokerEvents("LeaseRemoved")).toEqual([{ task: 2001 }]);
    m.ok("root", "swap_leases", { id: 2000, other: 2004 });
    expect(m.read((ctx) => S.Leases.get(ctx)).map((l) => l.task)).toEqual([2004, 2002, 2003, 2000]);
  });
});

describe("reservations and leases", () => {
  it("TV33 initialize_with_system_paras_works", () => {
    const m = new Mock();
    m.ok("root", "reserve", { workload: wholeCore(1) });
    m.ok("root", "reserve", {
      workload: [
        { mask: 0xfffff_fffff_00000_00000n, assignment: { type: "Task", value: 2 } },
        { mask: 0x00000_00000_fffff_00000n, assignment: { type: "Task", value: 3 } },
        { mask: 0x00000_00000_00000_fffffn, assignment: { type: "Task", value: 4 } },
      ],
    });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    m.to(10);
    expect(m.trace()).toEqual([
      [6, 0, 8, [[1, 57600]]],
      [6, 1, 8, [[2, 28800], [3, 14400], [4, 14400]]],
    ]);
  });

  it("TV34 initialize_with_leased_slots_works: ending leases become renewable at the target price", () => {
    const m = new Mock();
    m.ok("root", "set_lease", { task: 1000, until: 6 });
    m.ok("root", "set_lease", { task: 1001, until: 7 });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    m.to(18);
    expect(m.trace()).toEqual([
      [6, 0, 8, [[1000, 57600]]],
      [6, 1, 8, [[1001, 57600]]],
      [12, 0, 14, [[1001, 57600]]],
      [12, 1, 14, [["Pool", 57600]]],
      [18, 0, 20, [["Pool", 57600]]],
      [18, 1, 20, [["Pool", 57600]]],
    ]);
    expect(m.brokerEvents("Renewable")).toEqual([{ core: 0, price: 1000n, begin: 10, workload: wholeCore(1001) }]);
    expect(m.brokerEvents("LeaseEnding")).toEqual([{ task: 1001, when: 10 }]);
  });

  it("TV35 migration_works: a lease ending within a sale's region is renewable in the next sale", () => {
    const m = new Mock({ endow: { "1": 1000n } });
    m.ok("root", "set_lease", { task: 1000, until: 8 });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.err("1", "renew", { core: 0 }, "Broker.NotAllowed");
    m.to(12);
    m.ok("1", "renew", { core: 0 });
    expect(m.balance("1")).toBe(900n);
    m.to(18);
    expect(m.trace()).toEqual([
      [6, 0, 8, [[1000, 57600]]],
      [6, 1, 8, [["Pool", 57600]]],
      [12, 0, 14, [[1000, 57600]]],
      [12, 1, 14, [["Pool", 57600]]],
      [18, 0, 20, [[1000, 57600]]],
      [18, 1, 20, [["Pool", 57600]]],
    ]);
  });

  it("TV36 leases_can_be_renewed", () => {
    const m = new Mock({ endow: { "1": 100_000n } });
    m.ok("root", "set_lease", { task: 2001, until: 9 });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    m.salePeriod();
    expect(m.block).toBe(8);
    expect(m.read((ctx) => S.PotentialRenewals.get(ctx, { core: 0, when: 10 }))).toEqual({ price: 1000n, completion: { type: "Complete", value: wholeCore(2001) } });
    expect(m.read((ctx) => S.Leases.get(ctx))).toEqual([]);
    m.salePeriod();
    m.ok("1", "renew", { core: 0 });
    expect(m.balance("1")).toBe(99_000n);
    m.salePeriod();
    m.salePeriod();
    expect(m.trace()).toEqual([
      [6, 0, 8, [[2001, 57600]]],
      [12, 0, 14, [[2001, 57600]]],
      [18, 0, 20, [[2001, 57600]]],
      [24, 0, 26, [["Pool", 57600]]],
    ]);
  });

  it("TV37 short_leases_cannot_be_renewed (and the right of region 7..10 works only in its sale)", () => {
    const m = new Mock({ endow: { "1": 10_000n } });
    m.ok("root", "set_lease", { task: 2001, until: 3 });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    expect(m.read((ctx) => S.Leases.get(ctx))).toEqual([]);
    expect(m.read((ctx) => S.PotentialRenewals.get(ctx, { core: 0, when: 7 }))).toMatchObject({ price: 1000n });
    m.err("1", "renew", { core: 0 }, "Broker.Unavailable");
    m.to(13);
    m.err("1", "renew", { core: 0 }, "Broker.NotAllowed");
    expect(m.trace()).toEqual([
      [6, 0, 8, [[2001, 57600]]],
      [12, 0, 14, [["Pool", 57600]]],
    ]);

    const n = new Mock({ endow: { "1": 10_000n } });
    n.ok("root", "set_lease", { task: 2001, until: 3 });
    n.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    n.to(7);
    n.ok("1", "renew", { core: 0 });
    expect(n.balance("1")).toBe(9_000n);
    expect(n.read((ctx) => S.PotentialRenewals.get(ctx, { core: 0, when: 10 }))).toMatchObject({ price: 1100n });
  });

  it("renewal_works_leases_ended_before_start_sales", () => {
    const m = new Mock({ endow: { "1": 100_000n } });
    m.ok("root", "set_lease", { task: 1, until: 1 });
    m.to(5);
    // latest_timeslice_ready_to_commit = (5 + 2) / 2 = 3
    m.ok("root", "set_lease", { task: 2, until: 3 + 3 * 3 });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    m.err("1", "renew", { core: 1 }, "Broker.Unavailable");
    m.err("1", "renew", { core: 0 }, "Broker.Unavailable");
    expect(m.read((ctx) => S.Leases.get(ctx)).map((l) => l.task)).toEqual([2]);
    m.salePeriod();
    m.ok("1", "renew", { core: 0 });
    m.err("1", "renew", { core: 1 }, "Broker.SoldOut");
    expect(m.balance("1")).toBe(99_000n);
    m.salePeriod();
    m.ok("1", "renew", { core: 1 });
    m.err("1", "renew", { core: 0 }, "Broker.SoldOut");
    expect(m.balance("1")).toBe(98_900n);
    expect(m.read((ctx) => S.Leases.get(ctx))).toEqual([]);
    m.salePeriod();
    m.ok("1", "renew", { core: 1 });
    expect(m.brokerEvents("Renewed").at(-1)).toMatchObject({ old_core: 1, core: 0 });
    m.ok("1", "renew", { core: 0 });
    expect(m.brokerEvents("Renewed").at(-1)).toMatchObject({ old_core: 0, core: 1 });
    expect(m.balance("1")).toBe(98_790n);
    m.salePeriod();
    expect(m.trace()).toEqual([
      [10, 0, 12, [[1, 57600]]],
      [10, 1, 12, [[2, 57600]]],
      [16, 0, 18, [[2, 57600]]],
      [16, 1, 18, [[1, 57600]]],
      [22, 0, 24, [[2, 57600]]],
      [22, 1, 24, [[1, 57600]]],
      [28, 0, 30, [[1, 57600]]],
      [28, 1, 30, [[2, 57600]]],
    ]);
  });

  it("TV46 reserve_works: a reservation takes effect at the second sale boundary", () => {
    const m = new Mock();
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    m.to(1);
    m.ok("root", "request_core_count", { core_count: 1 });
    m.ok("root", "reserve", { workload: wholeCore(1004) });
    expect(m.lastBrokerEvent()).toEqual({ name: "ReservationMade", fields: { index: 0, workload: wholeCore(1004) } });
    for (let i = 0; i < 20; i++) expect(m.read((ctx) => S.Workplan.get(ctx, [i, 0]))).toBeUndefined();
    m.salePeriod();
    expect(m.read((ctx) => S.Workplan.get(ctx, [7, 0]))).toEqual(wholeCore(1004));
    expect(m.trace()).toEqual([]);
    m.salePeriod();
    expect(m.trace()).toEqual([[12, 0, 14, [[1004, 57600]]]]);
    expect(m.brokerEvents("CoreAssigned")).toContainEqual({ core: 0, when: 14, assignment: [[{ type: "Task", value: 1004 }, 57600]] });
    expect(m.read((ctx) => S.Workplan.get(ctx, [10, 0]))).toEqual(wholeCore(1004));
  });

  it("TV47 can_reserve_workloads_quickly: the relay's assign_core called directly is traced", () => {
    const m = new Mock();
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    m.to(2);
    m.ok("root", "request_core_count", { core_count: 1 });
    m.ok("root", "reserve", { workload: wholeCore(1004) });
    expect(m.relay("assign_core", { core: 0, begin: 2, assignment: [[{ type: "Task", value: 1004 }, 57600]], end_hint: undefined }).ok).toBe(true);
    m.write((ctx) => S.Workplan.insert(ctx, [4, 0], wholeCore(1004)));
    m.salePeriod();
    expect(m.read((ctx) => S.Workplan.get(ctx, [7, 0]))).toEqual(wholeCore(1004));
    m.salePeriod();
    expect(m.trace()).toEqual([
      [2, 0, 2, [[1004, 57600]]],
      [6, 0, 8, [[1004, 57600]]],
      [12, 0, 14, [[1004, 57600]]],
    ]);
    expect(m.read((ctx) => S.Workplan.get(ctx, [10, 0]))).toEqual(wholeCore(1004));
  });

  it("TV48 force_reserve_works", () => {
    const m = new Mock();
    m.err("root", "force_reserve", { workload: wholeCore(1004), core: 0 }, "Broker.NoSales");
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 0 });
    m.to(1);
    m.ok("root", "request_core_count", { core_count: 1 });
    m.ok("root", "force_reserve", { workload: wholeCore(1004), core: 0 });
    expect(m.read((ctx) => S.Reservations.get(ctx))).toEqual([wholeCore(1004)]);
    expect(m.read((ctx) => S.Workplan.get(ctx, [2, 0]))).toEqual(wholeCore(1004));
    m.to(3);
    expect(m.brokerEvents("CoreAssigned")).toContainEqual({ core: 0, when: 4, assignment: [[{ type: "Task", value: 1004 }, 57600]] });
    expect(m.read((ctx) => S.Workplan.get(ctx, [4, 0]))).toEqual(wholeCore(1004));
    m.salePeriod();
    expect(m.read((ctx) => S.Workplan.get(ctx, [7, 0]))).toEqual(wholeCore(1004));
    m.salePeriod();
    expect(m.trace()).toEqual([
      [2, 0, 4, [[1004, 57600]]],
      [6, 0, 8, [[1004, 57600]]],
      [12, 0, 14, [[1004, 57600]]],
    ]);
  });

  it("force_reserve on an unsold core of the current sale is overwritten by the next rotation (mirrored snapshot bug)", () => {
    const m = new Mock();
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(1);
    m.ok("root", "request_core_count", { core_count: 2 });
    // core 0 is the current sale's unsold core (first_core 0, cores_offered 1)
    m.ok("root", "force_reserve", { workload: wholeCore(1004), core: 0 });
    m.to(6);
    // the rotation at block 6 pooled the unsold core over the force-reserved region 4..7
    expect(m.trace().filter(([, core, begin]) => core === 0 && begin === 8)).toEqual([[6, 0, 8, [["Pool", 57600]]]]);
  });
});

describe("purchase_credit", () => {
  it("TV49 purchase_credit_works: the pot passes the amount to the relay, which burns it", () => {
    const m = new Mock({ endow: { "1": 50n } });
    m.ok("root", "start_sales", { end_price: 100n, extra_cores: 1 });
    m.to(2);
    m.err("1", "purchase_credit", { amount: 10n, beneficiary: "1" }, "Broker.CreditPurchaseTooSmall");
    m.err("1", "purchase_credit", { amount: 100n, beneficiary: "1" }, "Token.FundsUnavailable");
    m.ok("1", "purchase_credit", { amount: 50n, beneficiary: "1" });
    expect(m.read((ctx) => TestCoretime.storage.CoretimeCredit.get(ctx, "1"))).toBe(50n);
    expect(m.brokerEvents("CreditPurchased")).toEqual([{ who: "1", beneficiary: "1", amount: 50n }]);
    expect(m.balance("1")).toBe(0n);
    expect(m.pot()).toBe(0n);
  });
});

export { C };
