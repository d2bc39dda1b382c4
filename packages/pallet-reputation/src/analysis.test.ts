// The float analysis module: the §1.4 Bernoulli–logit vectors (each d) and the Gaussian float
// path against the exact runtime recursion.
import { describe, expect, it } from "vitest";
import { gaussianGasPath, logitGasPath, perbillToFloat, type ScoreScaling } from "./analysis.ts";
import { gasUpdate } from "./gas.ts";
import { DEFAULT_GAS_PARAMS } from "./types.ts";

const ys = [1, 1, 0, 1, 1];

// (p_{t+1}, f_{t+1}) for t = 1..5, rounded to 1e-6 (restaking-and-pricing.md §1.4)
const vectors: Record<string, Array<[number, number]>> = {
  "0": [[0.53743, 0.15], [0.569858, 0.281271], [0.524044, 0.09625], [0.55829, 0.234224], [0.587836, 0.355026]],
  "0.5": [[0.574443, 0.3], [0.632559, 0.543212], [0.53057, 0.122431], [0.598326, 0.398495], [0.651213, 0.624375]],
  "1": [[0.645656, 0.6], [0.737815, 1.034643], [0.459757, -0.16132], [0.622286, 0.499265], [0.722399, 0.956394]],
};

describe("logit GAS (analysis, floats)", () => {
  for (const [d, expected] of Object.entries(vectors)) {
    it(`reproduces the §1.4 vector with d = ${d}`, () => {
      const path = logitGasPath({ omega: 0, A: 0.3, B: 0.95, d: Number(d) as ScoreScaling }, 0, ys);
      expect(path).toHaveLength(5);
      path.forEach((s, i) => {
        expect(s.p).toBeCloseTo(expected[i]![0], 6);
        expect(s.f).toBeCloseTo(expected[i]![1], 6);
      });
    });
  }
});

describe("Gaussian GAS in floats", () => {
  it("agrees with the exact runtime recursion to 1e-9", () => {
    const floats = gaussianGasPath({ omega: 0.05, alpha: 0.2, beta: 0.9 }, 0.5, ys);
    let r = DEFAULT_GAS_PARAMS.initial_reputation;
    floats.forEach((f, i) => {
      r = gasUpdate(DEFAULT_GAS_PARAMS, r, ys[i]! * 1e9);
      expect(Math.abs(perbillToFloat(r) - f)).toBeLessThan(1e-9);
    });
    expect(floats[4]).toBeCloseTo(0.67931, 12);
  });
});
