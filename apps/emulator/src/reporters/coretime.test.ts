import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto } from "@corelab/frame";
import { compileScenario, replay, scenarioFromObject, type ReplayResult } from "@corelab/testing";
import { styleFor } from "../io.ts";
import { KUSAMA_CALENDAR, POLKADOT_CALENDAR, blockDate, blockTime, calendarFor, describeCalendar } from "./coretime-calendar.ts";
import { MAX_WIDTH, amountColumn, coretimeReporter, table } from "./coretime.ts";
import type { Report } from "./types.ts";

beforeAll(() => initCrypto());

const KSM = { symbol: "KSM", decimals: 12 };
const MASK = "0xffffffffffffffffffff";

/** Replays a scenario object with the coretime reporter; returns the replay result and the report. */
function run(doc: Record<string, unknown>): { result: ReplayResult; report: Report } {
  const compiled = compileScenario(scenarioFromObject(doc, "t.yaml"));
  const style = styleFor({ write: () => true, isTTY: false }, {}, false);
  expect(coretimeReporter.appliesTo?.(compiled.preset, compiled.runtime)).toBe(true);
  const session = coretimeReporter.create({ file: "t.yaml", compiled, preset: compiled.preset, runtime: compiled.runtime, style });
  const result = replay(compiled, { observers: [session] });
  return { result, report: session.render(result) };
}

describe("coretime reporter: formatting helpers", () => {
  it("aligns amounts on the decimal point, with every decimal of the token", () => {
    expect(amountColumn([23_000_000_000_000n, 17_450_000_000_000n, 12_796_666_660_850n], KSM)).toEqual([
      "23".padEnd(14),
      "17.45".padEnd(14),
      "12.79666666085",
    ]);
    expect(amountColumn([1n], KSM)).toEqual(["0.000000000001"]);
    expect(amountColumn([5n, 10n], undefined)).toEqual([" 5", "10"]);
  });

  it("renders aligned columns without trailing spaces", () => {
    expect(table([["a", "1"], ["bbb", "22"]], ["l", "r"])).toEqual(["a     1", "bbb  22"]);
    expect(table([["x", ""], ["yy", "z"]], ["l", "l"])).toEqual(["x", "yy  z"]);
  });
});

describe("coretime reporter: calendar", () => {
  it("gives the anchors' dates at the anchors and interpolates between them", () => {
    expect(blockDate(KUSAMA_CALENDAR, 26_187_122)).toBe("2024-12-13 10:58");
    expect(blockDate(KUSAMA_CALENDAR, 22_861_430)).toBe("2024-04-20 12:00");
    const [a, b] = KUSAMA_CALENDAR.anchors;
    const mid = Math.round((a!.block + b!.block) / 2);
    expect(Math.abs(blockTime(KUSAMA_CALENDAR, mid) - (a!.ms + b!.ms) / 2)).toBeLessThan(10_000);
  });

  it("counts 6 s per block outside the anchors", () => {
    expect(blockTime(KUSAMA_CALENDAR, 26_187_122 + 100) - blockTime(KUSAMA_CALENDAR, 26_187_122)).toBe(600_000);
    expect(blockTime(POLKADOT_CALENDAR, 22_602_000 - 14_400)).toBe(blockTime(POLKADOT_CALENDAR, 22_602_000) - 86_400_000);
  });

  it("knows the real-chain presets only", () => {
    expect(calendarFor("coretime-kusama")).toBe(KUSAMA_CALENDAR);
    expect(calendarFor("coretime-kusama@1002002")).toBe(KUSAMA_CALENDAR);
    expect(calendarFor("coretime-polkadot@1003000")).toBe(POLKADOT_CALENDAR);
    expect(calendarFor("broker-mock")).toBeUndefined();
    for (const l of [...describeCalendar(KUSAMA_CALENDAR), ...describeCalendar(POLKADOT_CALENDAR)]) expect([...l].length).toBeLessThanOrEqual(MAX_WIDTH);
  });
});

describe("coretime reporter: a short Kusama sale", () => {
  // The restart's start_sales with a short interlude and lead-in (20 and 100 relay blocks), so
  // that the lead-in 25 -> 5 KSM is crossed in a few hundred blocks.
  const doc = {
    name: "short sale",
    runtime: "coretime-kusama@1002002",
    start: 22_861_429,
    genesis: {
      Balances: { balances: { alice: "100 KSM", bob: "100 KSM", "para:2015": "10 KSM" } },
      Broker: {
        config: {
          advance_notice: 10,
          interlude_length: 20,
          leadin_length: 100,
          region_length: 5040,
          ideal_bulk_proportion: "100%",
          limit_cores_offered: null,
          renewal_bump: "3%",
          contribution_timeout: 5040,
        },
      },
    },
    blocks: [
      {
        at: 22_861_429,
        calls: [
          { origin: "Root", call: "Broker.reserve", args: { workload: [{ mask: MASK, assignment: { Task: 1000 } }] } },
          { origin: "Root", call: "Broker.set_lease", args: { task: 2015, until: 287280 } },
        ],
      },
      { at: 22_861_430, calls: [{ origin: "Root", call: "Broker.start_sales", args: { end_price: "5 KSM", extra_cores: 2 } }] },
      // sale_start 22861450; w = 0.1 at 22861460: 23 KSM
      {
        at: 22_861_460,
        calls: [
          { origin: { Signed: "alice" }, call: "Broker.purchase", args: { price_limit: "22 KSM" }, expect: { error: "Broker.Overpriced" } },
          { origin: { Signed: "alice" }, call: "Broker.purchase", args: { price_limit: "23 KSM" } },
        ],
      },
      { at: 22_861_600, calls: [{ origin: { Signed: "bob" }, call: "Broker.purchase", args: { price_limit: "5 KSM" } }] },
    ],
  };

  it("reports the timeline with dates, the lead-in prices, purchases, sales and revenue", () => {
    const { result, report } = run(doc);
    expect(result.mismatches).toEqual([]);
    const text = report.text;
    // the head and the calendar
    expect(text).toContain("coretime-kusama@1002002, prices in KSM");
    expect(text).toContain("22,861,430 ≈ 2024-04-20 12:00");
    // timeline: rotation at 22,861,430; lead-in 22,861,450..22,861,550; region 290,808 x 80
    expect(text).toMatch(/rotation: sale opens, renewals +22,861,430 {2}2024-04-20 12:00/);
    expect(text).toMatch(/interlude ends, lead-in starts +22,861,450/);
    expect(text).toMatch(/lead-in ends, fixed price +22,861,550/);
    expect(text).toMatch(/region begins +23,264,640/);
    // lead-in prices from the pallet's sale_price: 5 - 4w times 5 KSM
    const prices = [...text.matchAll(/^ +(\d+) % +[\d,]+ +\S+ \S+ +([\d.]+)$/gm)].map((m) => [m[1], m[2]]);
    expect(prices).toEqual([
      ["0", "25"],
      ["10", "23"],
      ["25", "20"],
      ["50", "15"],
      ["75", "10"],
      ["100", "5"],
    ]);
    // purchases, renewal right of the expired lease, sales and revenue
    expect(text).toMatch(/Purchases \(2\)/);
    expect(text).toMatch(/22,861,460 +2024-04-20 \d\d:\d\d +1 +2 +alice +23/);
    expect(text).toMatch(/22,861,600 +2024-04-20 \d\d:\d\d +1 +3 +bob +5/);
    expect(text).toContain("Renewals (0)");
    expect(text).toMatch(/^ +1 +2 +2 +2 +0 +28 +5 +5$/m);
    expect(text).toContain("Revenue: 28 KSM (purchases 28 KSM, renewals 0 KSM)");
    expect(text).toMatch(/Broker\.purchase → Broker\.Overpriced +× 1/);
    for (const line of text.split("\n")) expect([...line].length).toBeLessThanOrEqual(MAX_WIDTH);
    // JSON: the same numbers, exact
    const json = report.json as { sales: Array<Record<string, unknown>>; revenue: string };
    expect(json.revenue).toBe("28000000000000");
    expect(json.sales[0]).toMatchObject({ number: 1, sale_start: 22861450, region: [290808, 295848], cores_offered: 2, sold: 2, start_price: "25000000000000" });
  });

  it("counts a sale already running at genesis (imported state) and renewals", () => {
    const { result, report } = run({
      name: "imported sale",
      runtime: "coretime-kusama@1002002",
      start: 23_264_629,
      genesis: { ...doc.genesis },
      storage: {
        Broker: {
          Status: { core_count: 3, private_pool_size: 0, system_pool_size: 0, last_committed_timeslice: 290807, last_timeslice: 290807 },
          SaleInfo: {
            sale_start: 22_962_230,
            leadin_length: 100,
            end_price: "5 KSM",
            region_begin: 290808,
            region_end: 295848,
            ideal_cores_sold: 2,
            cores_offered: 2,
            first_core: 1,
            sellout_price: "23 KSM",
            cores_sold: 1,
          },
          PotentialRenewals: [[{ core: 0, when: 295848 }, { price: "5 KSM", completion: { Complete: [{ mask: MASK, assignment: { Task: 2015 } }] } }]],
        },
      },
      blocks: [
        // the rotation: 1 of 2 sold, so the new base is (0.5 + 1/4) x 5 KSM = 3.75 KSM
        { at: 23_264_630, expect: { events: [{ "Broker.SaleInitialized": { end_price: "3.75 KSM", cores_offered: 3 } }] } },
        { at: 23_264_700, calls: [{ origin: { Signed: "para:2015" }, call: "Broker.renew", args: { core: 0 } }] },
      ],
    });
    expect(result.mismatches).toEqual([]);
    const text = report.text;
    expect(text).toMatch(/rotation: sale opens, renewals +before the replay/);
    expect(text).toMatch(/^ +1 +2 +1\* +0 +0 +0 +5 +23$/m);
    expect(text).toMatch(/^ +2 +3 +1 +0 +1 +5 +3\.75 +none$/m);
    expect(text).toContain("includes cores sold before the replay began (sale 1: 1)");
    expect(text).toMatch(/Renewals \(1\)\n.*\n +23,264,700 +2024-05-19 \d\d:\d\d +2 +0 → 0 +para:2015 +5/);
    // only the sale that opened during the replay gets a lead-in table: 5 x 3.75 ... 3.75 KSM
    expect(text).not.toContain("Lead-in prices, sale 1");
    expect(text).toMatch(/Lead-in prices, sale 2 .*\n.*\n +0 % +[\d,]+ +\S+ \S+ +18\.75/);
  });

  it("does not apply to a runtime without a broker", () => {
    const compiled = compileScenario(scenarioFromObject({ name: "b", runtime: "balances-mock", blocks: [] }, "t.yaml"));
    expect(coretimeReporter.appliesTo?.(compiled.preset, compiled.runtime)).toBe(false);
  });
});
