import { describe, expect, it } from "vitest";
import { FIGURES, commonDiscount, matchesStated, reproduceFigure, reproductionTable } from "./figures.ts";
import { INPUT_SETS, KUSAMA_POST24_INPUTS, computeCoretimePricing, withInputs } from "./model.ts";
import { rat } from "./rational.ts";

// One row per figure the proposal prints (forum 5187 post 7 with its Kusama section, post 24),
// plus the derived on-demand prices and PR #212's Kusama figures: name, inputs, convention,
// expected as stated, computed. `other-convention` rows are computed under the convention that
// reproduces them, and their literal reading is asserted NOT to reproduce.
const rows = FIGURES.map((f) => [f.id, f] as const);

describe("reproduction table: every figure of the proposal", () => {
  it.each(rows.filter(([, f]) => f.status === "reproduces" || f.status === "derived"))(
    "%s reproduces to its stated digits",
    (_id, f) => {
      const r = reproduceFigure(f);
      expect({ id: f.id, inputs: f.inputs, convention: f.convention, stated: f.stated, computed: r.shown }).toEqual({
        id: f.id,
        inputs: f.inputs,
        convention: f.convention,
        stated: f.stated,
        computed: f.stated,
      });
      expect(r.ok).toBe(true);
    },
  );

  it.each(rows.filter(([, f]) => f.status === "other-convention"))(
    "%s reproduces only under its other convention, not as written",
    (_id, f) => {
      const r = reproduceFigure(f);
      expect(r.shown).toBe(f.stated);
      expect(r.alternatives.length).toBeGreaterThan(0);
      for (const a of r.alternatives) expect({ convention: a.convention, ok: a.ok }).toEqual({ convention: a.convention, ok: false });
    },
  );

  it.each(rows.filter(([, f]) => f.alternatives !== undefined))("%s: no alternative reading reproduces it", (_id, f) => {
    for (const a of reproduceFigure(f).alternatives) expect([a.convention, a.shown, a.ok]).toEqual([a.convention, a.shown, false]);
  });

  it.each(rows.filter(([, f]) => f.status === "input"))("%s is the stated input", (_id, f) => {
    expect(f.value!().eq(rat(f.stated))).toBe(true);
  });

  it("the stated figures of the post, all present (ids and digits as printed)", () => {
    const stated = Object.fromEntries(FIGURES.filter((f) => f.status !== "derived").map((f) => [f.id, `${f.stated} ${f.unit}`]));
    expect(stated).toEqual({
      "dot-validator": "213 DOT",
      "dot-validator-usd": "1384.50 USD",
      "dot-bandwidth": "112.98 DOT",
      "dot-compute": "63.17 DOT",
      "dot-infra": "176.15 DOT",
      "dot-infra-usd": "1144.98 USD",
      "dot-deposit": "1052 DOT",
      "dot-oppcost": "13.15 DOT",
      "dot-final-val": "199.5 DOT",
      "dot-final-val-usd": "1296.75 USD",
      "dot-final-infra": "163 DOT",
      "dot-final-infra-usd": "1059.50 USD",
      "ksm-validator": "20.2 KSM",
      "ksm-validator-usd": "767.60 USD",
      "ksm-compute": "10.80 KSM",
      "ksm-bandwidth": "9.66 KSM",
      "ksm-infra": "20.46 KSM",
      "ksm-infra-usd": "777.48 USD",
      "ksm-oppcost": "3.9 KSM",
      "ksm-final-val": "16.3 KSM",
      "ksm-final-val-usd": "619.40 USD",
      "ksm-final-infra": "16.56 KSM",
      "ksm-final-infra-usd": "629.28 USD",
      "ksm24-reward": "3.64 KSM/day",
      "ksm24-median": "0.662 KSM",
      "ksm24-median-discounted": "0.66 KSM",
      "ksm24-mean": "4.41 KSM",
      "ksm24-mean-discounted": "4.39 KSM",
      "ksm-pr212-max": "36.8 KSM",
      "ksm-pr212-mean": "4.4 KSM",
    });
    for (const f of FIGURES) expect(f.stated.split(".")[1]?.length ?? 0).toBe(f.digits);
    for (const f of FIGURES) expect(f.inputs.split(/[ ,]/)[0]! in INPUT_SETS).toBe(true);
  });

  it("exact values behind the key rows (reference §3.3)", () => {
    const v = (id: string) => reproduceFigure(FIGURES.find((f) => f.id === id)!).computed!.toFixed(4);
    expect(v("dot-validator")).toBe("212.6709");
    expect(v("dot-final-val")).toBe("199.5209");
    expect(v("ksm-validator")).toBe("20.1967");
    expect(v("ksm24-mean")).toBe("4.4110");
    expect(v("ksm-pr212-max")).toBe("36.7579");
  });

  it("the table has every row once, and all rows but the two discounted ones reproduce", () => {
    const t = reproductionTable();
    expect(new Set(t.map((r) => r.figure.id)).size).toBe(FIGURES.length);
    expect(t.filter((r) => !r.ok).map((r) => r.figure.id)).toEqual(["ksm24-median-discounted", "ksm24-mean-discounted"]);
    expect(reproductionTable("Polkadot").every((r) => r.figure.network === "Polkadot")).toBe(true);
  });

  it("post 24's discounted 0.66 and 4.39 admit no common subtracted discount", () => {
    const median = computeCoretimePricing(KUSAMA_POST24_INPUTS).validator;
    const mean = computeCoretimePricing(withInputs(KUSAMA_POST24_INPUTS, { utilisation: rat("0.12") })).validator;
    expect(commonDiscount(median, "0.66", mean, "4.39", 2)).toBeUndefined();
    // each alone is reachable: the check is not vacuous
    expect(commonDiscount(median, "0.66", median, "0.66", 2)).toBeDefined();
    const both = commonDiscount(mean, "4.39", mean, "4.39", 2)!;
    expect(matchesStated(mean.sub(both.hi), "4.39", 2)).toBe(true);
  });

  it("half-up matters for $1144.98 (176.15 × 6.50 = 1144.975)", () => {
    expect(matchesStated(rat("1144.975"), "1144.98", 2)).toBe(true);
    expect(rat("1144.975").toFixed(2, "down")).toBe("1144.97");
  });
});
