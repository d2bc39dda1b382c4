/**
 * `@corelab/pallet-reputation/analysis`: **analysis code, not runtime code.** It uses JavaScript
 * floats and `Math.exp`, whose precision ECMAScript leaves implementation-defined, so nothing here
 * may be called from a pallet, a port or anything that writes state. Use it in notebooks, reports,
 * simulations' plots and tests that compare the runtime's exact recursion with its float model.
 *
 * The faithful (paper-style) form of the reconstruction, `restaking-and-pricing.md` §1.3.6 [R]:
 * Bernoulli–logit GAS(1,1) (Creal, Koopman & Lucas 2013):
 *
 * ```
 * p_t = σ(f_t) = 1 / (1 + e^(−f_t)),   ∇_t = y_t − p_t,   I_t = p_t (1 − p_t),
 * s_t = I_t^(−d) ∇_t  (d ∈ {0, ½, 1}),   f_{t+1} = ω + A s_t + B f_t .
 * ```
 *
 * Stationary when |B| < 1; the long-run level of f is about ω / (1 − B).
 */

/** Fisher-information scaling exponent `d` of the score: 0 (unit), ½ (inverse square root), 1 (inverse). */
export type ScoreScaling = 0 | 0.5 | 1;

/** Parameters of the Bernoulli–logit GAS(1,1) recursion (floats). */
export interface LogitGasParams {
  /** ω: intercept of the time-varying parameter f. */
  readonly omega: number;
  /** A: weight of the scaled score. */
  readonly A: number;
  /** B: persistence of f (|B| < 1 for stationarity). */
  readonly B: number;
  /** d: the Fisher scaling exponent. */
  readonly d: ScoreScaling;
}

/** One step of the logit recursion: the state after observing `y`. */
export interface LogitGasStep {
  /** f_{t+1}. */
  readonly f: number;
  /** p_{t+1} = σ(f_{t+1}), the reputation after the update. */
  readonly p: number;
}

/** The logistic function σ(f) = 1 / (1 + e^(−f)) (float). */
export function sigmoid(f: number): number {
  return 1 / (1 + Math.exp(-f));
}

/** One Bernoulli–logit GAS update from `f` with observation `y ∈ {0, 1}` (or a quality in [0, 1]). */
export function logitGasStep(params: LogitGasParams, f: number, y: number): LogitGasStep {
  const p = sigmoid(f);
  const score = y - p;
  const info = p * (1 - p);
  const scaled = params.d === 0 ? score : score / Math.pow(info, params.d);
  const next = params.omega + params.A * scaled + params.B * f;
  return { f: next, p: sigmoid(next) };
}

/** The path of the logit recursion from `f0` over observations `ys`: one step per observation. */
export function logitGasPath(params: LogitGasParams, f0: number, ys: readonly number[]): LogitGasStep[] {
  const out: LogitGasStep[] = [];
  let f = f0;
  for (const y of ys) {
    const s = logitGasStep(params, f, y);
    out.push(s);
    f = s.f;
  }
  return out;
}

/**
 * The Gaussian-location recursion `R' = ω + (β − α) R + α y` in floats, to compare with the exact
 * runtime version (`gasUpdate`, Perbill parts). Parameters and results are fractions in [0, 1].
 */
export function gaussianGasPath(params: { omega: number; alpha: number; beta: number }, r0: number, ys: readonly number[]): number[] {
  const out: number[] = [];
  let r = r0;
  for (const y of ys) {
    r = params.omega + (params.beta - params.alpha) * r + params.alpha * y;
    out.push(r);
  }
  return out;
}

/** Converts Perbill parts to a float fraction (for plots and reports). */
export function perbillToFloat(parts: number): number {
  return parts / 1e9;
}
