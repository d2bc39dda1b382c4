import { describe, expect, it } from "vitest";
import * as vl from "vega-lite";
import type { LabelledRun } from "../types.ts";
import { dailyFactor, decideStrategy, histogramPercentile, ModelFileError, networkModel, percentile, preloadAgentModules, runNetworkModel, summarizeSales, type NetworkParams } from "./index.ts";
import { DEFAULT_SETTINGS } from "@corelab/pallet-assurance";
import { applyOverrides } from "../runner/overrides.ts";

const FILE = `${import.meta.dirname}/model.yaml`;

function parse(raw: Record<string, unknown>): NetworkParams {
  return networkModel.parse({ model: "network", ...raw }, FILE);
}

function run(raw: Record<string, unknown>, seed = 1) {
  return networkModel.run(parse(raw), { seed });
}

const bursty = {
  blocks: 150,
  agents: [
    { kind: "users", para: 2000, rate: 0.4, burst_every: 50, burst_length: 10, burst_factor: 8 },
    { kind: "orderer", para: 2000, strategy: "magnet" },
    { kind: "background", rate: 0.3 },
  ],
};

describe("network model: determinism", () => {
  it("the same seed gives the same rows and summary; another seed differs", () => {
    const a = run(bursty, 7);
    const b = run(bursty, 7);
    const c = run(bursty, 8);
    expect(a.failure).toBeUndefined();
    expect(a.rows).toHaveLength(150);
    expect(b.rows).toEqual(a.rows);
    expect(b.summary).toEqual(a.summary);
    expect(c.rows).not.toEqual(a.rows);
    expect(structuredClone(a)).toEqual(a); // plain data: crosses worker threads
  });
});

describe("network model: built-in agents", () => {
  it("users send Poisson arrivals at the given rate, more in bursts, all included with latency >= 1", () => {
    const calm = run({ blocks: 200, agents: [{ kind: "users", para: 2000, rate: 2 }, { kind: "orderer", para: 2000, strategy: "always" }] });
    expect(calm.summary.txs_submitted).toBeGreaterThan(320); // mean 400, sd 20
    expect(calm.summary.txs_submitted).toBeLessThan(480);
    expect(calm.summary.tx_latency_mean).toBeGreaterThanOrEqual(1);
    expect(calm.summary.txs_included! + calm.summary.txs_pending!).toBe(calm.summary.txs_submitted);
    const bursts = run({ blocks: 200, agents: [{ kind: "users", para: 2000, rate: 2, burst_every: 20, burst_length: 10, burst_factor: 10 }] });
    expect(bursts.summary.txs_submitted).toBeGreaterThan(calm.summary.txs_submitted! * 2);
    expect(bursts.summary.para_blocks).toBe(0); // nobody orders: everything waits
    expect(bursts.summary.txs_pending).toBe(bursts.summary.txs_submitted);
  });

  it("the daily cycle scales the rate between 1 - a and 1 + a over a period", () => {
    expect(dailyFactor(0, 0.5, 100)).toBe(1);
    expect(dailyFactor(25, 0.5, 100)).toBeCloseTo(1.5);
    expect(dailyFactor(75, 0.5, 100)).toBeCloseTo(0.5);
    expect(dailyFactor(75, 0, 100)).toBe(1);
  });

  it("interval orders every N relay blocks; always orders whenever nothing is in flight", () => {
    const interval = run({ blocks: 100, agents: [{ kind: "orderer", para: 2000, strategy: "interval", interval: 10 }] });
    expect(interval.summary.orders_interval).toBe(10);
    expect(interval.summary.para_blocks).toBe(9); // the order of block 100 is served at 101
    expect(interval.rows.filter((r) => r.orders === 1).map((r) => r.block)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    const always = run({ blocks: 100, agents: [{ kind: "orderer", para: 2000, strategy: "always" }] });
    expect(always.summary.orders_always).toBeGreaterThan(90);
    expect(always.summary.coretime_spend).toBeCloseTo(always.summary.orders_always! * 0.00001, 9); // base fee 0.00001 KSM, traffic 1.0
  });

  it("magnet waits below the profit threshold and orders by assurance after the bid threshold", () => {
    const r = run({ blocks: 120, agents: [{ kind: "users", para: 2000, rate: 0.2 }, { kind: "orderer", para: 2000, threshold: 1000, bid_threshold: 8 }] });
    expect(r.summary.orders).toBeGreaterThan(0);
    expect(r.summary.orders_assurance).toBe(r.summary.orders);
    expect(r.rows.some((x) => x.wait_reason === "BelowProfitThreshold")).toBe(true);
    expect(r.summary.block_interval_max).toBeGreaterThan(8);
    const none = run({ blocks: 120, agents: [{ kind: "users", para: 2000, rate: 0.2 }, { kind: "orderer", para: 2000, strategy: "no-assurance", threshold: 1000 }] });
    expect(none.summary.orders).toBe(0);
    expect(none.summary.txs_pending).toBe(none.summary.txs_submitted);
  });

  it("magnet orders for profit when the waiting fees cover the spot price, and respects the price limit", () => {
    const r = run({ blocks: 80, agents: [{ kind: "users", para: 2000, rate: 3, fee_base: 5_000_000 }, { kind: "orderer", para: 2000, threshold: 1 }] });
    expect(r.summary.orders_profit).toBeGreaterThan(20);
    expect(r.summary.profit_ratio).toBeGreaterThan(1);
    const limited = run({ blocks: 40, agents: [{ kind: "users", para: 2000, rate: 3 }, { kind: "orderer", para: 2000, strategy: "no-assurance", price_limit: 1 }] });
    expect(limited.summary.orders).toBe(0);
    expect(limited.rows.filter((x) => x.pending_txs !== 0).every((x) => x.wait_reason === "PriceOverLimit")).toBe(true);
  });

  it("magnet-code mode orders only in the first half of each 2^slot_width window, once per window", () => {
    const r = run({ blocks: 80, agents: [{ kind: "users", para: 2000, rate: 3, fee_base: 5_000_000 }, { kind: "orderer", para: 2000, mode: "magnet-code", slot_width: 3 }] });
    const at = r.rows.filter((x) => x.orders === 1).map((x) => x.block as number);
    expect(at.length).toBeGreaterThan(5);
    expect(at.every((b) => b % 8 < 4)).toBe(true);
    expect(new Set(at.map((b) => Math.floor(b / 8))).size).toBe(at.length);
  });

  it("background orders fill the on-demand queue (and move nothing of the studied para)", () => {
    const r = run({ blocks: 60, cores: 1, paras: [2000], agents: [{ kind: "background", rate: 2 }] });
    expect(r.summary.background_orders).toBeGreaterThan(80);
    expect(r.summary.queue_size_mean).toBeGreaterThan(10);
    expect(r.summary.coretime_spend).toBe(0);
  });

  it("a bulk buyer buys and assigns a region, the renewer renews it each sale, and the para builds on its core", () => {
    const r = run({
      blocks: 60,
      cores: 0,
      constants: { "coretime.Broker": { TimeslicePeriod: 2 } },
      genesis: {
        "relay.Coretime": { core_count: 1 },
        "coretime.Broker": { config: { advance_notice: 2, interlude_length: 4, leadin_length: 4, region_length: 5, ideal_bulk_proportion: 0, limit_cores_offered: null, renewal_bump: "10%", contribution_timeout: 5 } },
      },
      setup: [{ at: 2, chain: "coretime", call: "Broker.start_sales", args: { end_price: "1 KSM", extra_cores: 1 } }],
      agents: [
        { kind: "bulk-buyer", para: 2000, price_limit: "100 KSM" },
        { kind: "renewer", para: 2000 },
      ],
    });
    expect(r.failure).toBeUndefined();
    expect(r.summary.bulk_purchases).toBe(1);
    expect(r.summary.renewals).toBeGreaterThanOrEqual(3);
    expect(r.summary.para_blocks).toBeGreaterThan(30);
    expect(r.summary.block_interval_max).toBe(1);
    expect(r.summary.bulk_spend).toBeGreaterThan(0);
  });
});

describe("network model: Magnet's bulk module (orderer strategies bulk and mixed)", () => {
  // one on-demand Pool core, one core for the sale; the para's region begins at relay block 28
  const market = (strategy: string, extra: Record<string, unknown> = {}) => ({
    blocks: 90,
    cores: 1,
    constants: { "coretime.Broker": { TimeslicePeriod: 2 } },
    genesis: {
      "relay.Coretime": { core_count: 2 },
      "coretime.Broker": { config: { advance_notice: 2, interlude_length: 4, leadin_length: 4, region_length: 12, ideal_bulk_proportion: 0, limit_cores_offered: null, renewal_bump: "10%", contribution_timeout: 5 } },
    },
    setup: [{ at: 2, chain: "coretime", call: "Broker.start_sales", args: { end_price: "1 KSM", extra_cores: 1 } }],
    agents: [
      { kind: "users", para: 2000, rate: 3 },
      { kind: "orderer", para: 2000, strategy, bulk_price_limit: "100 KSM", ...extra },
    ],
  });

  it("bulk: buys a region, assigns it, renews it every sale, and never orders on demand", () => {
    const r = run(market("bulk"));
    expect(r.failure).toBeUndefined();
    expect(r.summary.bulk_purchases).toBe(1);
    expect(r.summary.renewals).toBeGreaterThanOrEqual(2);
    expect(r.summary.orders).toBe(0);
    expect(r.summary.para_blocks).toBeGreaterThan(40);
    // before the region begins nothing runs the para; from then on a block every relay block
    const first = r.rows.findIndex((row) => row.para_blocks === 1);
    expect(first).toBeGreaterThan(10);
    expect(r.rows.slice(first).every((row) => row.para_blocks === 1)).toBe(true);
  });

  it("mixed: on demand (Magnet's rule) until its region runs, then bulk only", () => {
    const r = run(market("mixed", { threshold: 0 }));
    expect(r.failure).toBeUndefined();
    expect(r.summary.bulk_purchases).toBe(1);
    expect(r.summary.orders).toBeGreaterThan(0);
    const firstBulk = r.rows.findIndex((row, i) => i > 0 && row.wait_reason === "BulkCore");
    expect(firstBulk).toBeGreaterThan(0);
    // every on-demand order comes before the bulk core runs the para; none after
    expect(r.rows.slice(firstBulk).every((row) => row.orders === 0)).toBe(true);
    expect(r.rows.slice(0, firstBulk).some((row) => Number(row.orders) > 0)).toBe(true);
    // the para starts producing earlier than with bulk alone
    const bulkOnly = run(market("bulk"));
    expect(r.rows.findIndex((row) => row.para_blocks === 1)).toBeLessThan(bulkOnly.rows.findIndex((row) => row.para_blocks === 1));
  });

  it("a renewal over renewal_limit is not paid: the para buys again in the sale, or waits on demand (mixed)", () => {
    const r = run(market("mixed", { threshold: 0, renewal_limit: "0.5 KSM", bulk_price_limit: "0.9 KSM" }));
    expect(r.failure).toBeUndefined();
    expect(r.summary.renewals).toBe(0);
    expect(r.summary.bulk_purchases).toBe(0); // the end price is 1 KSM: over its limit every sale
    expect(r.summary.orders).toBeGreaterThan(10);
  });

  it("the run's market figures come from its sales: cores sold, the top buyer's share, revenue", () => {
    const r = runNetworkModel(parse(market("bulk")), { seed: 1 });
    const sales = r.sales;
    expect(r.summary.sales).toBe(sales.length);
    const deals = sales.reduce((a, s) => a + s.purchases.length + s.renewals.length, 0);
    const offered = sales.reduce((a, s) => a + s.coresOffered, 0);
    expect(r.summary.cores_sold_share).toBeCloseTo(deals / offered, 12);
    expect(r.summary.top_buyer_share).toBe(1); // the para's buyer takes the one core of every sale
    expect(r.summary.bulk_revenue).toBeCloseTo(Number(sales.reduce((a, s) => a + s.revenue, 0n)) / 1e12, 9);
    expect(r.summary.bulk_spend).toBeCloseTo(r.summary.bulk_revenue!, 9);
  });

  it("summarizeSales: volatility is the coefficient of variation of the sales' mean prices", () => {
    const deal = (who: string, price: bigint) => ({ who, core: 0, price, at: 1 });
    const sale = (k: number, prices: bigint[], offered: number, lost: number[] = []) => ({
      sale: k, regionBegin: k * 10, regionEnd: k * 10 + 10, openedAt: k, closedAt: k + 1, closed: true, startPrice: 0n, endPrice: 0n, coresOffered: offered, idealCoresSold: offered,
      purchases: prices.map((p, i) => deal(i === 0 ? "whale" : `b${i}`, p)), renewals: [], renewalsOffered: lost, renewalsLost: lost,
      revenue: prices.reduce((a, b) => a + b, 0n), routing: { pot: 0n, revenueAccount: 0n, issuance: 0n, accumulateAccount: 0n },
    });
    // mean prices 10 and 30 (in units of 10^2 planck): mean 20, deviation 10, cv 0.5
    const s = summarizeSales([sale(1, [1000n], 4, [3]), sale(2, [2000n, 4000n], 4)], 2);
    expect(s).toEqual({ sales: 2, sale_price_mean: 70 / 3, sale_price_cv: 0.5, cores_sold_share: 3 / 8, top_buyer_share: 0.25, renewals_lost: 1, bulk_revenue: 70 });
    expect(summarizeSales([], 2)).toEqual({ sales: 0, sale_price_mean: 0, sale_price_cv: 0, cores_sold_share: 0, top_buyer_share: 0, renewals_lost: 0, bulk_revenue: 0 });
  });

  it("market: picks the coretime chain's market (sweepable); an unknown one lists the valid names", () => {
    const rfc17 = parse({ ...market("bulk"), market: "rfc17" });
    expect(rfc17.constants["coretime.Broker"]).toMatchObject({ Market: "Rfc17" });
    expect(rfc17.flat.market).toBe("rfc17");
    expect(rfc17.sweepable).toContain("market");
    expect(parse({ ...market("bulk"), market: "Rfc6Baseline" }).constants["coretime.Broker"]).toMatchObject({ PriceAdapter: "Rfc6Baseline" });
    expect(parse(market("bulk")).constants["coretime.Broker"]).not.toHaveProperty("Market");
    expect(() => parse({ ...market("bulk"), market: "dutch" })).toThrow(/market: unknown market 'dutch'; valid: today, rfc17, CenterTargetPrice/);
    expect(() => parse({ ...market("bulk"), market: "rfc17", constants: { "coretime.Broker": { Market: "Legacy" } } })).toThrow(/set either market: rfc17 or constants.coretime.Broker.Market/);
  });

  it("a forgetful renewer draws once per sale, also when the market takes renewals only later (RFC-17)", () => {
    const rfc17 = {
      ...market("bulk"),
      blocks: 120,
      market: "rfc17",
      constants: { "coretime.Broker": { TimeslicePeriod: 2 }, "coretime.CoretimeMarket": { MarketPeriod: 8, RenewalPeriod: 6, RegionLength: 12, AdvanceNotice: 2 } },
      agents: [
        { kind: "bulk-buyer", account: "alice", para: 2000, sales: 1, price_limit: "100 KSM" },
        { kind: "renewer", account: "alice", para: 2000, forget: 0.5 },
      ],
    };
    const renewed = [1, 2, 3, 4, 5, 6].map((seed) => run(rfc17, seed).summary.renewals!);
    // renewals wait for RFC-17's renewal phase: a draw per block would forget nearly every sale
    expect(Math.max(...renewed)).toBeGreaterThan(0);
    expect(new Set(renewed).size).toBeGreaterThan(1);
  });

  it("bulk strategies need a bulk_price_limit", () => {
    expect(() => parse({ agents: [{ kind: "orderer", para: 2000, strategy: "bulk" }] })).toThrow(/agents\[0\]\.bulk_price_limit: strategy bulk needs a bulk_price_limit above 0/);
  });
});

describe("network model: user agents and failures", () => {
  it("loads a module agent (a plain function factory) that orders", async () => {
    const p = parse({ blocks: 30, paras: [2000], agents: [{ module: "./__fixtures__/counting-agent.ts", name: "mine", params: { para: 2000 } }] });
    await preloadAgentModules(p);
    const r = networkModel.run(p, { seed: 1 });
    expect(r.summary.orders_other).toBe(6);
    expect(r.rows[4]!.order_reason).toBe("custom");
  });

  it("an agent that throws ends the run with a failure naming it and the block", async () => {
    const p = parse({ blocks: 30, paras: [2000], agents: [{ module: "./__fixtures__/throwing-agent.ts", name: "boom", params: { at: 5 } }] });
    await preloadAgentModules(p);
    const r = networkModel.run(p, { seed: 1 });
    expect(r.failure).toEqual({ source: "agent 'boom'", block: 5, message: "gave up at 5" });
    expect(r.rows).toHaveLength(4);
    expect(r.summary.relay_blocks).toBe(4);
    expect(r.summary.txs_submitted).toBe(4);
  });

  it("a failing setup call ends the run naming the call", () => {
    const r = run({ blocks: 5, setup: [{ at: 2, chain: "coretime", call: "Broker.purchase", args: { price_limit: 1 } }], paras: [2000] });
    expect(r.failure).toEqual({ source: "setup[0] (Broker.purchase)", block: 2, message: "BadOrigin" });
    expect(r.rows).toHaveLength(1);
  });
});

describe("network model: bad model files", () => {
  const bad = (raw: Record<string, unknown>): string => {
    try {
      parse(raw);
    } catch (e) {
      expect(e).toBeInstanceOf(ModelFileError);
      return (e as Error).message;
    }
    throw new Error("parse accepted a bad model file");
  };

  it("names the path and the valid names", () => {
    expect(bad({ agents: [{ kind: "bulk-buyer", account: "alcie", price_limit: 1 }] })).toMatch(/model\.yaml: agents\[0\]\.account: unknown account .alcie.; an account is a dev name \(alice, bob/);
    expect(bad({ agents: [{ kind: "users", para: 2000 }, { kind: "buyer" }] })).toMatch(/model\.yaml: agents\[1\]\.kind: unknown agent kind 'buyer'; valid: users, orderer, background, bulk-buyer, renewer/);
    expect(bad({ agents: [{ kind: "orderer", para: 2000, strategi: "always" }] })).toMatch(/agents\[0\]\.strategi: unknown parameter 'strategi' of agent kind 'orderer'; valid: kind, name, para, strategy, mode/);
    expect(bad({ agents: [{ kind: "orderer", para: 2000, strategy: "sometimes" }] })).toMatch(/agents\[0\]\.strategy: unknown value 'sometimes'; valid: magnet, no-assurance, always, interval/);
    expect(bad({ agents: { magnet: { kind: "orderer" } } })).toMatch(/agents\.magnet\.para: agent kind 'orderer' needs 'para'/);
    expect(bad({ agents: [{ kind: "users", para: 2000, rate: -1 }] })).toMatch(/agents\[0\]\.rate: expected a number >= 0, got -1/);
    expect(bad({ paras: [2000], agents: [{ kind: "users", para: 2001 }] })).toMatch(/agents\[0\]\.para: para 2001 is not among the model's paras; valid: 2000/);
    expect(bad({ blockz: 5 })).toMatch(/blockz: unknown key 'blockz'; valid: model, name, description, preset, blocks/);
    expect(bad({ preset: "rococo" })).toMatch(/preset: unknown preset 'rococo'; valid: kusama-network, polkadot-network/);
    expect(bad({ agents: [{ kind: "users", para: 2000, fee_base: "1 DOT" }] })).toMatch(/agents\[0\]\.fee_base: expected an amount/);
    expect(bad({ agents: [{ module: "./x.py" }] })).toMatch(/agents\[0\]\.module: expected a path to a \.ts or \.js file/);
  });

  it("lists sweep keys for every built-in parameter, by index or by name", () => {
    const keys = networkModel.sweepKeys(parse({ agents: { magnet: { kind: "orderer", para: 2000 } } }));
    expect(keys).toContain("blocks");
    expect(keys).toContain("agents.magnet.strategy");
    expect(keys).toContain("agents.magnet.threshold");
    expect(networkModel.sweepKeys(parse({ agents: [{ kind: "users", para: 2000 }] }))).toContain("agents.0.rate");
  });

  it("takes the runner's sweep overrides of a map or a list of agents", () => {
    const byName = applyOverrides({ model: "network", agents: { orderer: { kind: "orderer", para: 2000 } } }, [["agents.orderer.strategy", "interval"]]);
    expect(networkModel.parse(byName, FILE).agents[0]!.params.strategy).toBe("interval");
    const byIndex = applyOverrides({ model: "network", agents: [{ kind: "users", para: 2000 }] }, [["agents.0.rate", "0.25"]]);
    expect(networkModel.parse(byIndex, FILE).agents[0]!.params.rate).toBe(0.25);
  });
});

describe("network model: decisions, percentiles and charts", () => {
  const settings = { ...DEFAULT_SETTINGS, assurance: true };
  const para = { pendingFees: 0n, pendingCount: 0, lastBlockRelayParent: 0, lastOrderRelayBlock: undefined };
  const relay = { relayBlock: 20, spotPrice: 100n, queued: false };

  it("decides per strategy", () => {
    expect(decideStrategy({ strategy: "magnet", settings, interval: 10, para: { ...para, pendingFees: 100n, pendingCount: 1 }, relay })).toEqual({ order: true, reason: "profit" });
    expect(decideStrategy({ strategy: "magnet", settings, interval: 10, para: { ...para, pendingFees: 99n, pendingCount: 1 }, relay })).toEqual({ order: true, reason: "assurance" });
    expect(decideStrategy({ strategy: "no-assurance", settings, interval: 10, para: { ...para, pendingFees: 99n, pendingCount: 1 }, relay })).toEqual({ order: false, reason: "BelowProfitThreshold" });
    expect(decideStrategy({ strategy: "always", settings, interval: 10, para, relay: { ...relay, queued: true } })).toEqual({ order: false, reason: "AlreadyQueued" });
    expect(decideStrategy({ strategy: "interval", settings, interval: 7, para, relay })).toEqual({ order: false, reason: "NotDue" });
    expect(decideStrategy({ strategy: "interval", settings, interval: 10, para, relay })).toEqual({ order: true, reason: "interval" });
  });

  it("uses nearest-rank percentiles", () => {
    expect(percentile([5, 1, 4, 2, 3], 0.95)).toBe(5);
    expect(percentile([5, 1, 4, 2, 3], 0.05)).toBe(1);
    expect(histogramPercentile(new Map([[1, 90], [7, 10]]), 0.95)).toBe(7);
    expect(histogramPercentile(new Map([[1, 95], [7, 5]]), 0.95)).toBe(1);
  });

  it("draws the five charts as valid vega-lite, with a band per sweep point", () => {
    const runs: LabelledRun[] = [];
    for (const strategy of ["magnet", "always"])
      for (const seed of [1, 2]) runs.push({ label: `strategy=${strategy}`, result: run({ blocks: 40, agents: [{ kind: "users", para: 2000, rate: 1 }, { kind: "orderer", para: 2000, strategy }] }, seed) });
    const charts = networkModel.charts(runs);
    expect(Object.keys(charts).sort()).toEqual(["block-intervals", "fees-vs-spend", "orders", "queue-size", "spot-price"]);
    for (const spec of Object.values(charts)) expect(() => vl.compile(spec)).not.toThrow();
    const spot = (charts["spot-price"] as { data: { values: Array<{ label: string; p5: number; p95: number; mean: number }> } }).data.values;
    expect(new Set(spot.map((v) => v.label))).toEqual(new Set(["strategy=magnet", "strategy=always"]));
    expect(spot.every((v) => v.p5 <= v.mean && v.mean <= v.p95)).toBe(true);
    const orders = (charts.orders as { data: { values: Array<{ label: string; key: string; value: number }> } }).data.values;
    expect(orders.find((v) => v.label === "strategy=always" && v.key === "always")!.value).toBeGreaterThan(10);
  });
});
