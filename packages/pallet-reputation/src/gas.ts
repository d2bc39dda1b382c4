/**
 * The Gaussian-location GAS reputation update in exact Perbill arithmetic (runtime code: bigint
 * only, no floats). Corelab's reconstruction of Rodikov 2025, `docs/references.md#restaking-and-pricing`
 * §1.3.6 [R]:
 *
 * ```
 * R_{t+1} = ω + α·(y_t − R_t) + β·R_t  =  ω + (β − α)·R_t + α·y_t
 * ```
 *
 * with inverse-Fisher scaling of the Gaussian score (so the scaled score is `y − R`).
 *
 * Rounding: the three terms are summed exactly in parts² (`ω·10⁹ + (β−α)·R + α·y`, a bigint) and
 * rounded **once, down**, to Perbill parts: `Perbill::from_rational(sum, 10¹⁸)` of sp-arithmetic.
 * One rounding (not one per product) keeps the error under one part per update; rounding down never
 * overstates a reputation. The §1.4 vectors are exact, so any rounding reproduces them.
 */
import { Perbill } from "@corelab/frame";
import type { GasParams, TaskOutcome } from "./types.ts";

const ONE = Perbill.one;

/** A violated domain rule of the GAS parameters: the parameter to blame and why. */
export interface ParamViolation {
  /** The parameter's metadata name (`omega`, `alpha`, `beta`, `initial_reputation`). */
  readonly parameter: keyof GasParams & string;
  readonly message: string;
}

const PARAM_NAMES = ["omega", "alpha", "beta", "initial_reputation"] as const;

/** Whether `v` is a Perbill in [0, 1]: an integer number of parts in 0..=1e9. */
export function isUnitPerbill(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0 && v <= Number(ONE);
}

/**
 * Checks the domain of GAS parameters; returns the first violation, or `undefined` when valid.
 * Rules, in order:
 * 1. each of `omega`, `alpha`, `beta`, `initial_reputation` is a Perbill in [0, 1] (integer parts
 *    0..=1e9);
 * 2. `alpha ≤ beta` (blames `alpha`): otherwise the coefficient `β − α` of `R` is negative and a
 *    failure could drive reputation below 0;
 * 3. `omega + beta ≤ 1` (blames `omega`): otherwise a success could drive reputation above 1.
 *
 * Under 1–3, [0, 1] is invariant: `0 ≤ ω + (β−α)R + αy ≤ ω + β ≤ 1` for `R, y ∈ [0, 1]`.
 */
export function checkGasParams(p: { readonly [K in keyof GasParams]?: unknown }): ParamViolation | undefined {
  for (const name of PARAM_NAMES) {
    const v = p[name];
    if (!isUnitPerbill(v))
      return { parameter: name, message: `must be in [0, 1] (Perbill parts 0..=1000000000), got ${String(v)}` };
  }
  const { omega, alpha, beta } = p as unknown as GasParams;
  if (alpha > beta)
    return {
      parameter: "alpha",
      message: `must not exceed beta (${beta}), got ${alpha}: the coefficient beta − alpha of R would be negative and reputation would leave [0, 1]`,
    };
  if (omega + beta > Number(ONE))
    return {
      parameter: "omega",
      message: `omega + beta must not exceed 1 (1000000000 parts), got ${omega} + ${beta}: reputation would leave [0, 1]`,
    };
  return undefined;
}

/**
 * The observation `y` (Perbill parts) of a settled task: 0 for a failure (its quality, if any, is
 * ignored: a failed task earns nothing); for a success, its `quality` when given, else 1.
 * `quality` is read as `Perbill::from_parts` reads parts (clamped to one); a negative or
 * fractional quality throws a `RangeError` (a bug in the caller).
 */
export function observationOf(outcome: TaskOutcome): number {
  if (!outcome.success) return 0;
  if (outcome.quality === undefined) return Number(ONE);
  return Number(Perbill.fromParts(outcome.quality));
}

/**
 * One GAS update: `R' = ω + (β − α)·R + α·y` (Perbill parts), summed exactly and rounded once,
 * down. `params` must satisfy `checkGasParams` (otherwise the result is clamped to [0, 1]).
 * `reputation` and `observation` are Perbill parts (clamped to one, as `from_parts`).
 *
 * §1.4 vector: ω = 0.05, α = 0.2, β = 0.9, R = 0.5 and y = 1 give 0.6 (600_000_000 parts).
 */
export function gasUpdate(params: Readonly<GasParams>, reputation: number, observation: number): number {
  const r = Perbill.fromParts(reputation);
  const y = Perbill.fromParts(observation);
  const omega = Perbill.fromParts(params.omega);
  const alpha = Perbill.fromParts(params.alpha);
  const persistence = Perbill.saturatingSub(params.beta, params.alpha); // β − α
  const sum = omega * ONE + persistence * r + alpha * y; // exact, in parts²
  return Number(Perbill.fromRational(sum, ONE * ONE)); // rounds down; one when sum > 1
}

/**
 * The long-run mean of the recursion for a mean observation `ȳ` (Perbill parts):
 * `(ω + α·ȳ) / (1 − β + α)`, rounded down to Perbill parts; `undefined` when `1 − β + α = 0`
 * (β = 1, α = 0: reputation never moves). With the defaults and ȳ = 1 this is 0.25 / 0.3 = 0.8333….
 */
export function longRunMean(params: Readonly<GasParams>, meanObservation: number): number | undefined {
  const omega = Perbill.fromParts(params.omega);
  const alpha = Perbill.fromParts(params.alpha);
  const denom = ONE - Perbill.fromParts(params.beta) + alpha; // parts
  if (denom === 0n) return undefined;
  return Number(Perbill.fromRational(omega * ONE + alpha * Perbill.fromParts(meanObservation), denom * ONE));
}
