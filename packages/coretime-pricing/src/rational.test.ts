import { describe, expect, it } from "vitest";
import { Rational, rat } from "./rational.ts";

describe("Rational", () => {
  it("parses decimals and fractions exactly and normalises", () => {
    expect(rat("0.83").toString()).toBe("83/100");
    expect(rat("365/12").toString()).toBe("365/12");
    expect(rat("-13.150").toString()).toBe("-263/20");
    expect(rat("6/4").toString()).toBe("3/2");
    expect(Rational.of(3n, -6n).toString()).toBe("-1/2");
    expect(rat(7).toString()).toBe("7");
  });

  it("rejects what is not exact", () => {
    expect(() => rat("1e3")).toThrow(/not an exact decimal/);
    expect(() => rat(0.5)).toThrow(/decimal strings/);
    expect(() => Rational.of(1n, 0n)).toThrow(RangeError);
    expect(() => rat(1).div(rat(0))).toThrow(RangeError);
  });

  it("does arithmetic without floating point error", () => {
    // 0.1 + 0.2 is exactly 0.3, unlike floats
    expect(rat("0.1").add(rat("0.2")).eq(rat("0.3"))).toBe(true);
    expect(rat("1/3").mul(rat(3)).eq(rat(1))).toBe(true);
    expect(rat(1).sub(rat("1/3")).toString()).toBe("2/3");
    expect(rat("1/3").cmp(rat("0.333"))).toBe(1);
    expect(rat("0.333").cmp(rat("1/3"))).toBe(-1);
  });

  it("rounds half-up (away from zero) and down", () => {
    expect(rat("1144.975").toFixed(2)).toBe("1144.98");
    expect(rat("2.5").toFixed(0)).toBe("3");
    expect(rat("-2.5").toFixed(0)).toBe("-3");
    expect(rat("2.4999").toFixed(0)).toBe("2");
    expect(rat("0.0005").toFixed(3)).toBe("0.001");
    expect(rat("199.52").toFixed(1)).toBe("199.5");
    expect(rat("2/3").toFixed(3, "down")).toBe("0.666");
    expect(rat("-2/3").toFixed(3, "down")).toBe("-0.667");
    expect(rat("1/3").round(2).toString()).toBe("33/100");
  });

  it("converts to planck rounding down", () => {
    expect(rat("199.5209").toPlanck(10)).toBe(1_995_209_000_000n);
    expect(rat("1/3").toPlanck(12)).toBe(333_333_333_333n);
  });
});
