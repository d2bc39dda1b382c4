/**
 * The bundled Magnet study (`studies/magnet/magnet.yaml`) loaded as the CLI loads it (its `sweep:`
 * set aside, a strategy and a shorter run as overrides), run for one seed: the bulk strategy buys a
 * region in the first sale, assigns it to para 2000 and the para's blocks then come from it; the
 * mixed strategy orders on demand while no bulk core runs the para and stops once one does; the
 * on-demand strategies leave the core on sale to the study's tenant, whose purchase is not para
 * 2000's spend. And `bulkSpendWithin`, by hand.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { siblingSovereignAccount } from "@corelab/runtimes";
import { parseSource } from "@corelab/testing";
import { describe, expect, it } from "vitest";
import { sweepSection } from "../runner/matrix.ts";
import { applyOverrides } from "../runner/overrides.ts";
import { networkModel, ORDER_STRATEGIES, preloadAgentModules, resolveAccount, type NetworkRunResult } from "./index.ts";
import { bulkSpendWithin, type SaleReport } from "./sales.ts";

const STUDY = resolve(import.meta.dirname, "../../../../studies/magnet/magnet.yaml");
const { sweep, ...raw } = parseSource(readFileSync(STUDY, "utf8"), STUDY).value as Record<string, unknown>;
/** Kusama's `TimeslicePeriod` (relay blocks per timeslice), which the study keeps. */
const TIMESLICE = 80;
/** Long enough for the first sale's region to begin and for the second sale's renewal. */
const BLOCKS = 700;

async function runStudy(strategy: string, blocks = BLOCKS): Promise<NetworkRunResult> {
  const params = networkModel.parse(applyOverrides(raw, [["agents.orderer.strategy", strategy], ["blocks", blocks]]), STUDY);
  await preloadAgentModules(params);
  const r = networkModel.run(params, { seed: 1 }) as NetworkRunResult;
  expect(r.failure).toBeUndefined();
  return r;
}

/** The relay blocks of the first sale's region: `[begin, end)`. */
function firstRegion(r: NetworkRunResult): [number, number] {
  const s = r.sales[0]!;
  return [s.regionBegin * TIMESLICE, s.regionEnd * TIMESLICE];
}

describe("the bundled Magnet study", () => {
  it("sweeps every ordering strategy, on demand, bulk and mixed", () => {
    const sweeps = sweepSection(sweep, STUDY);
    expect(sweeps.map((s) => s.key)).toEqual(["agents.orderer.strategy"]);
    expect([...sweeps[0]!.values].sort()).toEqual([...ORDER_STRATEGIES].sort());
  });

  it("bulk: buys a region in the first sale for para 2000, which then makes a block every relay block from it, and renews it", async () => {
    const r = await runStudy("bulk");
    const buyer = siblingSovereignAccount(2000);
    expect(r.sales[0]!.purchases.map((d) => d.who)).toEqual([buyer]);
    const [begin, end] = firstRegion(r);
    expect(begin).toBeGreaterThan(1);
    expect(end).toBeGreaterThan(begin);
    expect(BLOCKS).toBeGreaterThan(begin);
    // no block before the region; from its first relay block one each block (the renewed region follows it at `end`)
    for (const row of r.rows) expect({ block: row.block, para_blocks: row.para_blocks }).toEqual({ block: row.block, para_blocks: (row.block as number) >= begin ? 1 : 0 });
    // the second sale: renewed for the para, not bought again
    expect(r.sales[1]!.renewals.map((d) => [d.who, d.task])).toEqual([[buyer, 2000]]);
    expect(r.sales[1]!.purchases).toEqual([]);
    expect(r.summary.orders).toBe(0);
    expect(r.summary.on_demand_spend).toBe(0);
    expect(r.summary.bulk_purchases).toBe(1);
    expect(r.summary.renewals).toBe(1);
    expect(r.summary.bulk_spend).toBeGreaterThan(0);
    expect(r.summary.para_blocks).toBe(BLOCKS - begin + 1);
    // the renewed region runs mostly after the run: only its part in the run counts there
    expect(r.summary.bulk_spend_in_run).toBeGreaterThan(0);
    expect(r.summary.bulk_spend_in_run).toBeLessThan(r.summary.bulk_spend!);
  });

  it("mixed: orders on demand while no bulk core runs the para, and not once its region runs", async () => {
    const r = await runStudy("mixed");
    const [begin] = firstRegion(r);
    expect(r.sales[0]!.purchases.map((d) => d.who)).toEqual([siblingSovereignAccount(2000)]);
    const before = r.rows.filter((row) => (row.block as number) < begin);
    const during = r.rows.filter((row) => (row.block as number) >= begin);
    expect(before.reduce((n, row) => n + (row.orders as number), 0)).toBeGreaterThan(0);
    expect(before.reduce((n, row) => n + (row.para_blocks as number), 0)).toBeGreaterThan(0);
    expect(r.summary.orders).toBe(r.summary.orders_profit! + r.summary.orders_assurance!);
    // Magnet's on-demand rule with its assurance: a para with no block for bid_threshold relay blocks orders anyway
    expect(r.summary.orders_assurance).toBeGreaterThan(0);
    expect(r.summary.on_demand_spend).toBeGreaterThan(0);
    for (const row of during) {
      expect({ block: row.block, orders: row.orders, para_blocks: row.para_blocks, wait: row.wait_reason }).toEqual({ block: row.block, orders: 0, para_blocks: 1, wait: "BulkCore" });
    }
  });

  it("magnet: the core on sale goes to the tenant, whose purchase is not para 2000's coretime spend", async () => {
    const r = await runStudy("magnet", 400);
    expect(r.sales[0]!.purchases.map((d) => d.who)).toEqual([resolveAccount("charlie")]);
    expect(r.summary.bulk_purchases).toBe(0);
    expect(r.summary.bulk_spend).toBe(0);
    expect(r.summary.bulk_spend_in_run).toBe(0);
    expect(r.summary.coretime_spend).toBe(r.summary.on_demand_spend);
    expect(r.summary.orders).toBeGreaterThan(0);
    // para 2000 never runs on the tenant's core: each of its blocks is an on-demand order served
    expect(r.summary.para_blocks).toBeLessThanOrEqual(r.summary.orders!);
  });
});

describe("bulkSpendWithin", () => {
  const sale = (regionBegin: number, regionEnd: number, deals: Array<[string, bigint]>): SaleReport => ({
    sale: 1,
    regionBegin,
    regionEnd,
    openedAt: 0,
    closedAt: 0,
    closed: true,
    startPrice: 0n,
    endPrice: 0n,
    coresOffered: deals.length,
    idealCoresSold: deals.length,
    purchases: deals.slice(0, 1).map(([who, price]) => ({ who, core: 0, price, at: 0 })),
    renewals: deals.slice(1).map(([who, price]) => ({ who, core: 1, price, at: 0 })),
    renewalsOffered: [],
    renewalsLost: [],
    revenue: 0n,
    routing: { pot: 0n, revenueAccount: 0n, issuance: 0n, accumulateAccount: 0n },
  });

  it("counts each deal of the buyers for the part of its region within the run", () => {
    // regions of 4 timeslices × 10 relay blocks: [40, 80) whole, [80, 120) 20 of 40 blocks (80..99), [120, 160) none
    const sales = [sale(4, 8, [["a", 1000n], ["b", 7n]]), sale(8, 12, [["b", 5n], ["a", 600n]]), sale(12, 16, [["a", 999n]])];
    expect(bulkSpendWithin(sales, new Set(["a"]), 99, 10)).toBe(1000n + 300n);
    expect(bulkSpendWithin(sales, new Set(["a", "b"]), 99, 10)).toBe(1000n + 7n + 2n + 300n); // 5 × 20/40 rounds down to 2
    expect(bulkSpendWithin(sales, new Set(["a"]), 1000, 10)).toBe(1000n + 600n + 999n);
    expect(bulkSpendWithin(sales, new Set(["a"]), 39, 10)).toBe(0n);
    expect(bulkSpendWithin(sales, new Set(), 1000, 10)).toBe(0n);
    expect(() => bulkSpendWithin(sales, new Set(["a"]), 99, 0)).toThrow(RangeError);
  });
});
