// `corelab compare`: one history under several variants, sale beside sale; the intents' agents
// (sniper, forgetful renewer); and bad variants (exit 2 naming the variant and the valid names).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveAccount } from "@corelab/simulate";
import { runCli, type CliRun } from "../__fixtures__/run-cli.ts";
import { parseVariant, setHistoryKey } from "./compare.ts";

const HISTORY = fileURLToPath(new URL("./__fixtures__/compare-history.yaml", import.meta.url));
let tmp: string;
const run = (...argv: string[]): Promise<CliRun> => runCli([...argv, "--workers", "0"], { cwd: tmp });

interface Deal {
  who: string;
  core: number;
  price: string;
}
interface Sale {
  sale: number;
  regionBegin: number;
  endPrice: string;
  coresOffered: number;
  purchases: Deal[];
  renewals: Deal[];
  renewalsOffered: number[];
  renewalsLost: number[];
  closed: boolean;
  revenue: string;
  routing: { pot: string; revenueAccount: string; issuance: string; accumulateAccount: string };
}
interface Report {
  seed: number;
  variants: Array<{ name: string; failure: unknown; sales: Sale[] }>;
}
const report = (dir: string): Report => JSON.parse(readFileSync(join(tmp, dir, "compare.json"), "utf8")) as Report;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "corelab-compare-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("corelab compare", () => {
  it("a revenue route variant (OnRevenue: AccumulateForward, fellows #1282/#1301): the same sales, nothing into py/ctbrn", async () => {
    const r = await run("compare", HISTORY, "--variant", "today=", "--variant", "dap=constants.coretime.Broker.OnRevenue=AccumulateForward", "--out", "route");
    expect(r.code).toBe(0);
    const [today, dap] = report("route").variants as [Report["variants"][0], Report["variants"][0]];
    expect(dap.failure).toBeNull();
    expect(dap.sales.map((s) => s.revenue)).toEqual(today.sales.map((s) => s.revenue));
    for (const s of dap.sales) {
      expect(BigInt(s.revenue)).toBeGreaterThan(0n);
      // the revenue went to the accumulation account instead (forwarded only every TransferPeriod, a day by default)
      expect(s.routing.revenueAccount).toBe("0");
    }
    // what today's route paid into py/ctbrn, the DAP route accumulated, sale by sale
    expect(dap.sales.map((s) => s.routing.accumulateAccount)).toEqual(today.sales.map((s) => s.routing.revenueAccount));
    expect(today.sales.every((s) => s.routing.accumulateAccount === "0")).toBe(true);
    const md = readFileSync(join(tmp, "route", "compare.md"), "utf8");
    expect(md).toMatch(/\| → accumulate-and-forward \(acf\/…, DAP route\) +\|/);
  });

  it("a revenue route that forwards within the history (constants.coretime.AccumulateForward.TransferPeriod): what is forwarded leaves the chain's issuance", async () => {
    const r = await run(
      "compare", HISTORY, "--variant", "today=",
      "--variant", "fwd=constants.coretime.Broker.OnRevenue=AccumulateForward,constants.coretime.AccumulateForward.TransferPeriod=20",
      "--out", "forward",
    );
    expect(r.code).toBe(0);
    const [today, fwd] = report("forward").variants as [Report["variants"][0], Report["variants"][0]];
    expect(fwd.failure).toBeNull();
    const sum = (xs: string[]): bigint => xs.reduce((a, x) => a + BigInt(x), 0n);
    const paid = sum(today.sales.map((s) => s.routing.revenueAccount));
    const kept = sum(fwd.sales.map((s) => s.routing.accumulateAccount));
    const forwarded = sum(today.sales.map((s) => s.routing.issuance)) - sum(fwd.sales.map((s) => s.routing.issuance));
    expect(paid).toBeGreaterThan(0n);
    expect(forwarded).toBeGreaterThan(0n);
    expect(kept + forwarded).toBe(paid);
  });

  it("replays the history under each variant: the same sales, each variant's own prices, cores and revenue", async () => {
    const r = await run("compare", HISTORY, "--variant", "today=", "--variant", "two=genesis.coretime.Broker.config.limit_cores_offered=2", "--out", "a");
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const { variants } = report("a");
    expect(variants.map((v) => v.name)).toEqual(["today", "two"]);
    const [today, two] = variants as [Report["variants"][0], Report["variants"][0]];
    expect(today.failure).toBeNull();
    // 200 relay blocks, sales every 20 timeslices of 2 relay blocks: the same sales in both
    expect(today.sales.length).toBeGreaterThanOrEqual(4);
    expect(two.sales.map((s) => s.regionBegin)).toEqual(today.sales.map((s) => s.regionBegin));
    for (const v of variants) {
      for (const s of v.sales) {
        // the ledger's revenue is what its deals paid, and the revenue account took it (RFC-10 burn account)
        const paid = [...s.purchases, ...s.renewals].reduce((a, d) => a + BigInt(d.price), 0n);
        expect(BigInt(s.revenue)).toBe(paid);
        expect(BigInt(s.routing.revenueAccount)).toBe(paid);
        expect(s.renewalsLost.every((c) => s.renewalsOffered.includes(c))).toBe(true);
        // only the last sale can still be open when the run ends; it counts no renewal as lost
        if (!s.closed) expect([s.sale, s.renewalsLost]).toEqual([v.sales.length, []]);
        expect(s.purchases.length).toBeLessThanOrEqual(s.coresOffered);
      }
    }
    expect(today.sales.every((s) => s.coresOffered === 3)).toBe(true);
    expect(two.sales.every((s) => s.coresOffered === 2)).toBe(true);
    // fewer cores for the same buyers: the whale gets fewer of them, and later, dearer
    const bought = (v: typeof today): number => v.sales.reduce((a, s) => a + s.purchases.length, 0);
    expect(bought(two)).toBeLessThan(bought(today));
    for (const name of ["prices", "revenue", "cores"]) {
      expect(existsSync(join(tmp, "a", `${name}.svg`))).toBe(true);
      expect(existsSync(join(tmp, "a", `${name}.png`))).toBe(true);
    }
    const md = readFileSync(join(tmp, "a", "compare.md"), "utf8");
    expect(md).toMatch(/## sale 1\n/);
    expect(md).toMatch(/\| cores offered +\| 3 +\| 2 +\|/);
    expect(r.out).toContain(md.split("\n")[0]);
  });

  it("the same history and seed give the same report", async () => {
    await run("compare", HISTORY, "--variant", "x=", "--out", "b1");
    await run("compare", HISTORY, "--variant", "x=", "--out", "b2");
    expect(readFileSync(join(tmp, "b1", "compare.json"), "utf8")).toBe(readFileSync(join(tmp, "b2", "compare.json"), "utf8"));
  });

  it("intents: a sniper buys only at the end price; a renewer who always forgets loses every renewal", async () => {
    const r = await run(
      "compare",
      HISTORY,
      "--variant",
      "snipe=agents.whale.wait=floor,agents.renew.forget=1",
      "--out",
      "c",
    );
    expect(r.code).toBe(0);
    const [v] = report("c").variants;
    const bob = resolveAccount("bob");
    const whale = v!.sales.flatMap((s) => s.purchases.filter((d) => d.who === bob).map((d) => ({ d, s })));
    expect(whale.length).toBeGreaterThan(0);
    for (const { d, s } of whale) expect(d.price).toBe(s.endPrice);
    expect(v!.sales.every((s) => s.renewals.length === 0)).toBe(true);
    const closed = v!.sales.filter((s) => s.closed);
    const offered = closed.flatMap((s) => s.renewalsOffered);
    expect(offered.length).toBeGreaterThan(0);
    expect(closed.flatMap((s) => s.renewalsLost)).toEqual(offered);
  });
});

describe("corelab compare: other markets on the same intents", () => {
  it("RFC-17 behind the broker's port: bids settle at one clearing price, every winner pays it", async () => {
    const rfc17 = [
      "constants.coretime.Broker.Market=Rfc17",
      "constants.coretime.CoretimeMarket.MarketPeriod=16",
      "constants.coretime.CoretimeMarket.RenewalPeriod=8",
      "constants.coretime.CoretimeMarket.RegionLength=20",
      "constants.coretime.CoretimeMarket.AdvanceNotice=2",
    ].join(",");
    const r = await run("compare", HISTORY, "--variant", "today=", "--variant", `rfc17=${rfc17}`, "--variant", "rfc6=constants.coretime.Broker.PriceAdapter=Rfc6Baseline", "--out", "m");
    expect(r.code).toBe(0);
    const [today, market, rfc6] = report("m").variants as [Report["variants"][0], Report["variants"][0], Report["variants"][0]];
    expect(market.failure).toBeNull();
    expect(market.sales.length).toBeGreaterThanOrEqual(3);
    for (const s of market.sales) {
      // a uniform-price auction: whoever wins a core in the auction pays the same clearing price, at least the reserve
      const prices = new Set(s.purchases.map((d) => d.price));
      expect(prices.size).toBeLessThanOrEqual(1);
      for (const p of prices) expect(BigInt(p)).toBeGreaterThanOrEqual(BigInt(s.endPrice));
    }
    expect(market.sales.some((s) => s.purchases.length > 0)).toBe(true);
    // the legacy market sells along a falling lead-in: buyers in one sale pay different prices
    expect(today.sales.some((s) => new Set(s.purchases.map((d) => d.price)).size > 1)).toBe(true);
    // RFC-6 moves the next sale's prices by its own rule: the same history, other prices
    expect(rfc6.sales.map((s) => s.endPrice)).not.toEqual(today.sales.map((s) => s.endPrice));
  });
});

describe("corelab compare: bad variants", () => {
  it("an unknown network preset, key or constant exits 2 naming the variant and the valid names", async () => {
    let r = await run("compare", HISTORY, "--variant", "x=westend-network");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--variant x: 'westend-network' is not a network preset/);
    expect(r.err).toMatch(/kusama-network, polkadot-network/);
    r = await run("compare", HISTORY, "--variant", "x=agents.whale.colour=blue");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--variant x/);
    expect(r.err).toMatch(/colour/);
    r = await run("compare", HISTORY, "--variant", "x=constants.coretime.Broker.NoSuchConstant=3");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--variant x/);
    expect(r.err).toMatch(/NoSuchConstant/);
    r = await run("compare", HISTORY, "--variant", "x=", "--variant", "x=");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/named twice/);
    r = await run("compare", HISTORY);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/at least one --variant/);
  });

  it("a history that is not a network model is refused", async () => {
    const f = join(tmp, "toy.yaml");
    writeFileSync(f, "model: restaking\n");
    const r = await run("compare", f, "--variant", "x=");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/compare replays a history of the `network` model/);
  });

  it("variant syntax: presets, keys into chain.Pallet sections, YAML scalars", () => {
    const v = parseVariant("alt=polkadot-network,constants.coretime.Broker.MaxLeasedCores=40,blocks=100");
    expect(v.overrides).toEqual([
      ["preset", "polkadot-network"],
      ["constants.coretime.Broker.MaxLeasedCores", 40],
      ["blocks", 100],
    ]);
    expect(setHistoryKey({ constants: { "coretime.Broker": { TimeslicePeriod: 2 } } }, "constants.coretime.Broker.MaxLeasedCores", 40)).toEqual({
      constants: { "coretime.Broker": { TimeslicePeriod: 2, MaxLeasedCores: 40 } },
    });
    expect(() => parseVariant("=x")).toThrow(/expected <name>=/);
  });
});
