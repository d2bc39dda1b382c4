import { describe, expect, it } from "vitest";
import {
  INPUT_SETS,
  KUSAMA_INPUTS,
  KUSAMA_POST24_INPUTS,
  POLKADOT_INPUTS,
  PROPOSAL_CONVENTIONS,
  bandwidthSenders,
  computeCoretimePricing,
  opportunityCost,
  toUsd,
  withConventions,
  withInputs,
} from "./model.ts";
import { rat } from "./rational.ts";

// docs/references.md#restaking-and-pricing §3.4 (test table) and §3.6 (the Python reproduction
// with exact fractions): the exact values, not only their printed digits.
describe("the model, exact values (reference §3.4, §3.6)", () => {
  const dot = computeCoretimePricing(POLKADOT_INPUTS);
  const ksm = computeCoretimePricing(KUSAMA_INPUTS);

  it("Polkadot validator approach = 0.83·2/5 · 0.018 · 1170 · 365/12 exactly", () => {
    expect(dot.validator.eq(rat("0.83").mul(rat(2)).div(rat(5)).mul(rat("0.018")).mul(rat(1170)).mul(rat("365/12")))).toBe(true);
    expect(dot.validator.toFixed(4)).toBe("212.6709");
  });

  it("Polkadot bandwidth and compute (month 30 d, GB of 1000 MB)", () => {
    // (1/6.5)·0.085·(5·4/1000)·14400·30 = 734.4/6.5
    expect(dot.bandwidth.eq(rat("734.4").div(rat("6.5")))).toBe(true);
    // (1/6.5)·1.710784·8·30
    expect(dot.compute.eq(rat("1.710784").mul(rat(240)).div(rat("6.5")))).toBe(true);
    expect(dot.bandwidth.toFixed(4)).toBe("112.9846");
    expect(dot.compute.toFixed(4)).toBe("63.1674");
  });

  it("opportunity cost 1052 · 15 % / 12 = 13.15 exactly; finals subtract it", () => {
    expect(dot.opportunityCost.eq(rat("13.15"))).toBe(true);
    expect(dot.finalValidator.eq(dot.validator.sub(rat("13.15")))).toBe(true);
    expect(dot.finalInfrastructure.eq(rat("163"))).toBe(true); // 112.98 + 63.17 − 13.15
  });

  it("on-demand is 2× the final price, per core-month and per block of its own month", () => {
    expect(dot.onDemandValidator.eq(dot.finalValidator.mul(rat(2)))).toBe(true);
    expect(dot.onDemandPerBlockValidator.eq(dot.onDemandValidator.div(rat(14400).mul(rat("365/12"))))).toBe(true);
    expect(dot.onDemandPerBlockInfrastructure.eq(rat(326).div(rat(432_000)))).toBe(true);
  });

  it("Kusama: utilisation 1, 2 KSM/day; senders = group 3 − 1 = 2; stated 3.9 KSM opportunity cost", () => {
    expect(ksm.validator.toFixed(4)).toBe("20.1967");
    expect(bandwidthSenders(KUSAMA_INPUTS)).toBe(2);
    expect(bandwidthSenders(POLKADOT_INPUTS)).toBe(4);
    expect(ksm.bandwidth.toFixed(4)).toBe("9.6632");
    expect(ksm.compute.toFixed(4)).toBe("10.8050");
    expect(ksm.opportunityCost.eq(rat("3.9"))).toBe(true);
  });

  it("infrastructureSum: rounded parts (the post) vs exact", () => {
    expect(ksm.infrastructure.eq(rat("20.46"))).toBe(true);
    const exact = computeCoretimePricing(KUSAMA_INPUTS, withConventions({ infrastructureSum: "exact" }));
    expect(exact.infrastructure.eq(exact.bandwidth.add(exact.compute))).toBe(true);
    expect(exact.infrastructure.toFixed(4)).toBe("20.4681");
  });

  it("convention probes change the result (reference §3.4)", () => {
    expect(computeCoretimePricing(POLKADOT_INPUTS, withConventions({ validatorMonthDays: rat(30) })).validator.toFixed(4)).toBe("209.7576");
    expect(computeCoretimePricing(POLKADOT_INPUTS, withConventions({ mbPerGiB: rat(1024) })).bandwidth.toFixed(4)).toBe("110.3365");
    expect(computeCoretimePricing(POLKADOT_INPUTS, withConventions({ bandwidthSenders: "backing-group" })).bandwidth.toFixed(4)).toBe("141.2308");
  });

  it("post 24: 0.91 KSM/era × 4 = 3.64 KSM/day at the 1.8 % median", () => {
    expect(KUSAMA_POST24_INPUTS.validatorRewardPerDay.eq(rat("3.64"))).toBe(true);
    expect(computeCoretimePricing(KUSAMA_POST24_INPUTS).validator.toFixed(4)).toBe("0.6616");
  });

  it("the opportunity cost needs a stated amount or a deposit and APR", () => {
    const none = withInputs(KUSAMA_INPUTS, { opportunityCostPerMonth: undefined });
    expect(() => opportunityCost(none)).toThrow(/no opportunityCostPerMonth/);
    expect(opportunityCost(withInputs(none, { registrationDeposit: rat(312), stakingApr: rat("0.15") })).eq(rat("3.9"))).toBe(true);
  });

  it("USD at the token price; the input sets are registered by name", () => {
    expect(toUsd(rat(213), POLKADOT_INPUTS).eq(rat("1384.5"))).toBe(true);
    expect(Object.keys(INPUT_SETS)).toEqual(["polkadot", "kusama", "kusama-post24"]);
    expect(PROPOSAL_CONVENTIONS.validatorMonthDays.eq(rat("365/12"))).toBe(true);
  });
});
