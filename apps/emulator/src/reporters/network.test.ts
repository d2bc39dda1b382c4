// The `network` reporter against the bundled network scenario (scenarios/network/kusama-bulk-and-pool.yaml):
// which para each core ran per relay-block range, the spot price, the orders and the revenue path.
import { fileURLToPath } from "node:url";
import { initCrypto, paraSovereignAccount } from "@corelab/frame";
import { compileScenario, loadScenario, replay, scenarioFromObject, type ReplayResult } from "@corelab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { styleFor } from "../io.ts";
import { MAX_WIDTH } from "./coretime.ts";
import { describeRange, networkReporter, sovereignLabel } from "./network.ts";
import type { Report } from "./types.ts";

beforeAll(() => initCrypto());

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const SCENARIO = `${ROOT}scenarios/network/kusama-bulk-and-pool.yaml`;
/** Para 2002's sovereign account on the relay as the scenario writes it (hex) and as Corelab holds it (SS58). */
const SOVEREIGN_2002_HEX = "0x70617261d2070000000000000000000000000000000000000000000000000000";
const SOVEREIGN_2002 = paraSovereignAccount(2002);

interface Facts {
  cores: { core: number; from: number; to: number; kind: string; para: number | null }[];
  built: Record<string, { count: number; first: number; last: number }>;
  spot_price: { block: number; price: string }[];
  orders: { block: number; para: number; by: string; count: number; paid: string }[];
  revenue: {
    until: number;
    timeslice: number;
    requested: number;
    burned: string;
    minted: number | null;
    notified: number | null;
    amount: string | null;
    outcome: { block: number; event: string; system: string; pool: string } | null;
  }[];
  payouts: { block: number; who: string; amount: string; items: { when: number; amount: string }[] }[];
  totals: Record<string, string>;
}

function run(compiled = compileScenario(loadScenario(SCENARIO))): { result: ReplayResult; report: Report; facts: Facts } {
  const style = styleFor({ write: () => true, isTTY: false }, {}, false);
  expect(networkReporter.appliesTo?.(compiled.preset, compiled.runtime)).toBe(true);
  const session = networkReporter.create({ file: SCENARIO, compiled, preset: compiled.preset, runtime: compiled.runtime, style });
  const result = replay(compiled, { observers: [session] });
  const report = session.render(result);
  return { result, report, facts: report.json as Facts };
}

describe("network reporter: the bundled network scenario", () => {
  let result: ReplayResult;
  let report: Report;
  let facts: Facts;
  beforeAll(() => {
    ({ result, report, facts } = run());
  });

  it("replays the scenario without a mismatch", () => {
    expect(result.mismatches).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it("gives per core the relay-block ranges of bulk paras, on-demand service and pool idling", () => {
    const byCore = (core: number) => facts.cores.filter((r) => r.core === core).map((r) => [r.from, r.to, r.kind, r.para]);
    expect(byCore(0)).toEqual([
      [4, 27, "idle", null],
      [28, 51, "task", 2000],
      [52, 56, "pool", null],
    ]);
    expect(byCore(1)).toEqual([
      [4, 27, "idle", null],
      [28, 51, "task", 2001],
      [52, 56, "pool", null],
    ]);
    // the pooled core serves para 2002's nine orders, one per relay block, from the block after the first order
    expect(byCore(2)).toEqual([
      [4, 27, "idle", null],
      [28, 29, "pool", null],
      [30, 38, "on-demand", 2002],
      [39, 56, "pool", null],
    ]);
    expect(facts.built).toEqual({
      "para-2000": { count: 24, first: 28, last: 51 },
      "para-2001": { count: 24, first: 28, last: 51 },
      "para-2002": { count: 9, first: 30, last: 38 },
    });
    expect(report.text).toMatch(/core 0: +blocks 4–27 +idle +24 blocks\n +blocks 28–51 +para 2000 +24 blocks/);
    expect(report.text).toMatch(/blocks 30–38 +para 2002 \(on demand\)/);
  });

  it("tracks the spot price at its changes and the orders with their payer", () => {
    expect(facts.spot_price.slice(0, 2)).toEqual([
      { block: 29, price: "1207511925" },
      { block: 30, price: "1509423867" },
    ]);
    expect(facts.spot_price.at(-1)).toEqual({ block: 37, price: "1000000000" });
    expect(facts.orders).toEqual([
      { block: 29, para: 2002, by: SOVEREIGN_2002, count: 5, paid: "5257513050" },
      { block: 33, para: 2002, by: SOVEREIGN_2002, count: 4, paid: "4257513050" },
    ]);
    expect(report.text).toMatch(/29 +2002 +5 +para 2002 sovereign +0\.00525751305/);
  });

  it("follows the revenue of timeslices 7 and 8 from the relay's pot to the broker's pot and to the pool", () => {
    const paid = facts.revenue.filter((s) => s.amount !== "0");
    expect(paid).toEqual([
      {
        until: 32,
        timeslice: 7,
        requested: 33,
        burned: "5257513050",
        minted: 34,
        mintedAmount: "5257513050",
        notified: 34,
        amount: "5257513050",
        outcome: { block: 36, event: "ClaimsReady", system: "0", pool: "5257513050" },
      },
      {
        until: 36,
        timeslice: 8,
        requested: 37,
        burned: "4257513050",
        minted: 38,
        mintedAmount: "4257513050",
        notified: 38,
        amount: "4257513050",
        outcome: { block: 40, event: "ClaimsReady", system: "0", pool: "4257513050" },
      },
    ]);
    // a request with no revenue moves no funds and is dropped by the broker
    const zero = facts.revenue.find((s) => s.until === 28)!;
    expect(zero).toMatchObject({ burned: "0", minted: null, amount: "0", outcome: { event: "HistoryDropped" } });
    expect(facts.payouts).toEqual([
      {
        block: 44,
        who: "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y",
        amount: "9515026100",
        items: [
          { when: 7, amount: "5257513050" },
          { when: 8, amount: "4257513050" },
        ],
      },
    ]);
    expect(facts.totals).toEqual({ ordered: "9515026100", burned: "9515026100", teleported: "9515026100", system_pool: "0", paid: "9515026100" });
    expect(report.text).toMatch(/44 +charlie +7, 8 +0\.0095150261/);
  });

  it("keeps every line within the report width", () => {
    for (const l of report.text.split("\n")) expect([...l].length).toBeLessThanOrEqual(MAX_WIDTH);
    expect(report.text).not.toContain("…");
  });
});

describe("network reporter: helpers and applicability", () => {
  it("names relay sovereign accounts and ranges", () => {
    expect(sovereignLabel(SOVEREIGN_2002_HEX)).toBe("para 2002 sovereign");
    expect(sovereignLabel(SOVEREIGN_2002)).toBe("para 2002 sovereign");
    expect(sovereignLabel(paraSovereignAccount(0xfffffffe))).toBe("para 4294967294 sovereign");
    expect(sovereignLabel("0x7061726101000000")).toBeUndefined();
    expect(sovereignLabel("5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y")).toBeUndefined();
    expect(describeRange({ kind: "task", para: 1000 })).toBe("para 1000");
    expect(describeRange({ kind: "pool" })).toBe("pool, no order");
  });

  it("applies to network presets only", () => {
    const single = compileScenario(scenarioFromObject({ name: "x", runtime: "coretime-kusama", blocks: [{ at: 1 }] }, "x.yaml"));
    expect(networkReporter.appliesTo?.(single.preset, single.runtime)).toBe(false);
  });
});
