import { CorelabError } from "@corelab/frame";
import { describe, expect, it } from "vitest";
import { computeCoretimePricing, KUSAMA_POST24_INPUTS, POLKADOT_INPUTS } from "./model.ts";
import { formatPlanck, saleEndPrice, scenarioSnippet, toPresetPricing } from "./preset.ts";
import { rat } from "./rational.ts";

describe("toPresetPricing", () => {
  it("Polkadot final-validator: end price for a 28-day region, base fee 2× bulk per block, planck rounded down", () => {
    const p = toPresetPricing({ preset: "coretime-polkadot" });
    const monthly = computeCoretimePricing(POLKADOT_INPUTS).finalValidator;
    expect(p.choice).toBe("final-validator");
    expect(p.monthlyPrice.eq(monthly)).toBe(true);
    expect(p.regionBlocks).toBe(403_200);
    // 199.5209 DOT × 403 200 / (14 400 × 365/12) = 183.6685545205… DOT
    expect(p.endPriceExact.eq(monthly.mul(rat(403_200)).div(rat(14_400).mul(rat("365/12"))))).toBe(true);
    expect(p.endPrice).toBe(1_836_685_545_205n);
    // 2 × 199.5209 / 438 000 = 0.00091105433… DOT
    expect(p.onDemandBaseFee).toBe(9_110_543n);
    expect(p.onDemandBaseFeeExact.eq(p.endPriceExact.mul(rat(2)).div(rat(403_200)))).toBe(true);
    expect(p.extraCores).toBe(5);
    expect(p.notes).toEqual([]);
  });

  it("regionPricing month takes the monthly price as the end price; the base fee does not change", () => {
    const t = toPresetPricing({ preset: "coretime-polkadot", choice: "final-infrastructure" });
    const m = toPresetPricing({ preset: "coretime-polkadot", choice: "final-infrastructure", regionPricing: "month" });
    expect(m.endPrice).toBe(1_630_000_000_000n); // 163 DOT
    expect(t.endPrice).toBe(1_521_333_333_333n); // 163 × 28/30
    expect(m.onDemandBaseFee).toBe(t.onDemandBaseFee);
    expect(m.onDemandBaseFee).toBe(7_546_296n); // 326 / 432 000 DOT
    expect(m.monthDays.eq(rat(30))).toBe(true);
  });

  it("Kusama: KSM planck (12 decimals), 3 extra cores; post 24's median price falls under the 1 KSM floor", () => {
    const k = toPresetPricing({ preset: "coretime-kusama" });
    expect(k.endPrice).toBe(15_001_863_013_698n);
    expect(k.onDemandBaseFee).toBe(74_414_003n);
    expect(k.extraCores).toBe(3);
    const low = toPresetPricing({ preset: "coretime-kusama", inputs: "kusama-post24", choice: "validator", extraCores: 10 });
    expect(low.monthlyPrice.eq(computeCoretimePricing(KUSAMA_POST24_INPUTS).validator)).toBe(true);
    expect(low.endPrice < 1_000_000_000_000n).toBe(true);
    expect(low.notes.join()).toMatch(/MinimumPrice floor \(1 KSM\)/);
    expect(saleEndPrice(low)).toBe(1_000_000_000_000n);
    expect(saleEndPrice(k)).toBe(k.endPrice);
    expect(scenarioSnippet(low)).toContain("value: { end_price: 1000000000000 }");
    expect(low.extraCores).toBe(10);
  });

  it("rejects unknown names, another network's inputs and bad core counts with CorelabErrors", () => {
    expect(() => toPresetPricing({ preset: "coretime-westend" })).toThrow(/unknown pricing preset 'coretime-westend'\nknown: coretime-polkadot, coretime-kusama/);
    expect(() => toPresetPricing({ preset: "coretime-kusama", inputs: "polkadot" })).toThrow(/prices DOT, preset 'coretime-kusama' uses KSM/);
    expect(() => toPresetPricing({ preset: "coretime-kusama", inputs: "nope" })).toThrow(CorelabError);
    expect(() => toPresetPricing({ preset: "coretime-kusama", choice: "average" as never })).toThrow(/unknown price 'average'/);
    expect(() => toPresetPricing({ preset: "coretime-kusama", extraCores: 70_000 })).toThrow(/u16/);
  });
});

describe("scenarioSnippet and formatPlanck", () => {
  it("prints a scenario with start_sales and the on-demand value, every non-YAML line commented", () => {
    const s = scenarioSnippet(toPresetPricing({ preset: "coretime-polkadot" }));
    expect(s).toContain("runtime: coretime-polkadot\n");
    expect(s).toContain("        call: Broker.start_sales\n        args: { end_price: 1836685545205, extra_cores: 5 }\n");
    expect(s).toContain("- Broker.SalesStarted: { price: 1836685545205, core_count: 5 }");
    expect(s).toContain("# on_demand_base_fee: 9110543\n");
    expect(s).toContain("= 183.6685545205 DOT per region");
    const body = s.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(body[0]).toMatch(/^name: /);
    expect(body.every((l) => /^(name|runtime|blocks):|^ {2}/.test(l))).toBe(true);
  });

  it("formats planck with all decimals, trailing zeros trimmed", () => {
    expect(formatPlanck(1_630_000_000_000n, { symbol: "DOT", decimals: 10 })).toBe("163 DOT");
    expect(formatPlanck(9_110_543n, { symbol: "DOT", decimals: 10 })).toBe("0.0009110543 DOT");
    expect(formatPlanck(74_414_003n, { symbol: "KSM", decimals: 12 })).toBe("0.000074414003 KSM");
  });
});
