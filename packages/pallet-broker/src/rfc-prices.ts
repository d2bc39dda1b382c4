/**
 * Bulk-price rules of the Polkadot Fellowship RFCs as `AdaptPrice` adapters (issue 14, part 4):
 *
 * - `Rfc1Linear`: RFC-1 "Agile Coretime" (`text/0001-agile-coretime.md`, "Bulk Price Progression",
 *   §Notes on Economics), which its authors call "a trivial example".
 * - `Rfc6Price` and its named variants `Rfc6Baseline`, `Rfc6Aggressive`, `Rfc6Conservative`,
 *   `Rfc6Linear`: RFC-6 "Dynamic Pricing for Bulk Coretime Sales" (Tommi Enenkel, 2023; RFCs
 *   commit `ed4972439e`, never approved).
 *
 * RFC-149's renewal cap is a renewal-price rule, not an adapter: `Rfc149RenewalCap` in
 * `renewal-price.ts`.
 *
 * Both rules read the sale that ends through `SalePerformance`: `n` = `cores_sold` (the broker
 * counts renewals, as RFC-1 does; RFC-6 does not say), clamped to `L` = `cores_offered`; `T` =
 * `ideal_cores_sold`; the old price = `end_price`. The new price is both the next `end_price` and
 * `target_price` (an ending lease renews at it, as RFC-1's "nominal regular price").
 *
 * Rounding (Corelab's choice; the RFCs use real numbers): the formulas are evaluated exactly in
 * integers, and the price moves from the old one by the formula's change **rounded toward zero**
 * (to whole planck): never further than the real-number formula says. RFC-6's fractional powers
 * `x^(k/2)` are `FixedU128` values rounded down (`⌊√⌊x^k · 10^36⌋⌋`, exact in that sense), then the
 * change is rounded toward zero; the result is within one planck (plus `P · 10^-18`) of the real
 * value. Exponents must be positive multiples of ½ (every named variant's are).
 */
import { FixedU128, integerSqrt, mulDivRounding, U128_MAX } from "@corelab/frame";
import { CenterTargetPrice, LinearPrice } from "./adapt-price.ts";
import type { AdaptPrice } from "./interfaces.ts";
import type { AdaptedPrices, SalePerformance } from "./types.ts";

const sat = (x: bigint): bigint => (x > U128_MAX ? U128_MAX : x);

/** The inputs of RFC-1's bulk price rule. */
export interface Rfc1Input {
  /** `OLD`: the price of the sale that ends. */
  readonly old: bigint;
  /** `SELLOUT`: the last purchase price before sales exceeded `T` (or just after); `undefined` = null. */
  readonly sellout: bigint | undefined;
  /** `n`: cores sold, renewals included (clamped to `L`). */
  readonly sold: number;
  /** `T`: the target. */
  readonly target: number;
  /** `L`: the limit (cores offered). */
  readonly limit: number;
}

/**
 * RFC-1's next bulk price: `EFF = n > T ? SELLOUT : OLD` (and `OLD` when `SELLOUT` is null and
 * `n > T`); `NEW = EFF · max(n, 1)/T` when `n < T`, else `EFF + EFF · (n − T)/(L − T)`. With
 * `n = T` (also `T = L = 0`, a sale that offered nothing) the price stays. Rounding: below `T`
 * the price is rounded up (its fall toward zero), above `T` the rise is rounded down.
 */
export function rfc1LinearPrice(i: Rfc1Input): bigint {
  const n = Math.min(i.sold, i.limit);
  const T = i.target;
  if (n < T) return mulDivRounding(i.old, BigInt(Math.max(n, 1)), BigInt(T), "Up")!;
  if (n === T) return i.old;
  if (i.sellout === undefined) return i.old;
  const eff = i.sellout;
  return sat(eff + mulDivRounding(eff, BigInt(n - T), BigInt(i.limit - T), "Down")!);
}

/**
 * RFC-1's rule as an adapter. Lead-in: RFC-1's `PRICE = SALE_PRICE · (2 − t)` (the SDK's pre-#4521
 * `Linear` lead-in, reused). `SELLOUT` is `SalePerformance.sellout_price`: pair it with
 * `SaleRules: "before-4521"`, whose bookkeeping is RFC-1's (a sale's sellout price starts unset
 * and only purchases set it) and whose renewal cap is RFC-1's (`Rfc1RenewalCap`). Under the
 * current rules the sellout price starts at the end price and renewals set it too.
 */
export const Rfc1Linear: AdaptPrice = {
  name: "Rfc1Linear",
  leadinFactorAt: LinearPrice.leadinFactorAt,
  adaptPrice(p: SalePerformance): AdaptedPrices {
    const price = rfc1LinearPrice({ old: p.end_price, sellout: p.sellout_price, sold: p.cores_sold, target: p.ideal_cores_sold, limit: p.cores_offered });
    return { end_price: price, target_price: price };
  },
};

/**
 * RFC-6's parameters. `F` (`MAX_PRICE_INCREASE_FACTOR`, > 1), `d` (`SCALE_DOWN`) and `u`
 * (`SCALE_UP`) are `FixedU128` inner values (1.0 = 10^18); `d` and `u` must be positive multiples
 * of ½. `minPrice` is `P_min` (`MIN_PRICE`), in planck.
 */
export interface Rfc6Params {
  readonly F: bigint;
  readonly d: bigint;
  readonly u: bigint;
  readonly minPrice: bigint;
}

/** RFC-6's named variants (its "Example Configurations"): `F`, `d`, `u` as FixedU128 inners. */
export const RFC6_VARIANTS = {
  /** baseline: F 2, d 2, u 2. */
  baseline: { F: FixedU128.fromInteger(2), d: FixedU128.fromInteger(2), u: FixedU128.fromInteger(2) },
  /** "more aggressive pricing": F 3, d 2, u 1. */
  aggressive: { F: FixedU128.fromInteger(3), d: FixedU128.fromInteger(2), u: FixedU128.fromInteger(1) },
  /** "conservative pricing … quick corrections in an affluent market": F 1.5, d 0.5, u 2. */
  conservative: { F: FixedU128.fromRational(3n, 2n), d: FixedU128.fromRational(1n, 2n), u: FixedU128.fromInteger(2) },
  /** linear: F 1.5, d 1, u 1. */
  linear: { F: FixedU128.fromRational(3n, 2n), d: FixedU128.fromInteger(1), u: FixedU128.fromInteger(1) },
} as const;

/** A name of `RFC6_VARIANTS`. */
export type Rfc6Variant = keyof typeof RFC6_VARIANTS;

const HALF = FixedU128.div / 2n;

/** The number of halves in a FixedU128 exponent (`0.5` → 1, `2` → 4); throws unless a positive multiple of ½ up to 16. */
function halves(e: bigint, what: string): number {
  if (e <= 0n || e % HALF !== 0n || e / HALF > 32n) throw new RangeError(`RFC-6 ${what} must be a positive multiple of 0.5 up to 16, got the FixedU128 inner ${e}`);
  return Number(e / HALF);
}

/**
 * `(a/b)^(k/2)` as a FixedU128 inner, rounded down: `⌊√⌊a^k · 10^36 / b^k⌋⌋` (= `⌊(a/b)^(k/2) ·
 * 10^18⌋` exactly; `integerSqrt` is sp-arithmetic's `helpers_128bit::sqrt`, unbounded here).
 */
export function powRatioHalves(a: bigint, b: bigint, k: number): bigint {
  if (b === 0n) throw new RangeError("powRatioHalves: division by zero");
  const K = BigInt(k);
  const num = a ** K * FixedU128.div * FixedU128.div;
  return integerSqrt(num / b ** K);
}

/** The inputs of RFC-6's rule. */
export interface Rfc6Input {
  /** `P_old`. */
  readonly old: bigint;
  /** `n` (clamped to `L`). */
  readonly sold: number;
  /** `T` (`BULK_TARGET`). */
  readonly target: number;
  /** `L` (`BULK_LIMIT`). */
  readonly limit: number;
}

/**
 * RFC-6's next bulk price: `P(n) = (P_old − P_min)·(1 − ((T − n)/T)^d) + P_min` for `n ≤ T`, and
 * `P(n) = (F − 1)·P_old·((n − T)/(L − T))^u + P_old` for `n > T`; `n` clamped to `L` (the RFC does
 * not define `n > L`). At `n = T` (also `T = L = 0`) the price stays. The first is computed as
 * `P_old − (P_old − P_min)·x^d`, its change rounded toward zero (see the module doc).
 */
export function rfc6Price(i: Rfc6Input, params: Rfc6Params): bigint {
  const n = Math.min(i.sold, i.limit);
  const T = i.target;
  if (n === T) return i.old;
  if (n < T) {
    const pow = powRatioHalves(BigInt(T - n), BigInt(T), halves(params.d, "SCALE_DOWN (d)"));
    const span = i.old >= params.minPrice ? i.old - params.minPrice : params.minPrice - i.old;
    const change = (span * pow) / FixedU128.div;
    return i.old >= params.minPrice ? i.old - change : i.old + change;
  }
  if (params.F < FixedU128.div) throw new RangeError("RFC-6 MAX_PRICE_INCREASE_FACTOR (F) must be at least 1");
  const pow = powRatioHalves(BigInt(n - T), BigInt(i.limit - T), halves(params.u, "SCALE_UP (u)"));
  const rise = (i.old * (params.F - FixedU128.div) * pow) / (FixedU128.div * FixedU128.div);
  return sat(i.old + rise);
}

/**
 * RFC-6's rule as an adapter. The RFC has no lead-in: the era's is reused (`leadinFactorAt`,
 * default `CenterTargetPrice`'s, the mock's and the coretime chains' since #4521).
 */
export function Rfc6Price(name: string, params: Rfc6Params, leadinFactorAt: (when: bigint) => bigint = CenterTargetPrice.leadinFactorAt): AdaptPrice {
  halves(params.d, "SCALE_DOWN (d)");
  halves(params.u, "SCALE_UP (u)");
  if (params.F < FixedU128.div) throw new RangeError("RFC-6 MAX_PRICE_INCREASE_FACTOR (F) must be at least 1");
  return {
    name,
    leadinFactorAt,
    adaptPrice(p: SalePerformance): AdaptedPrices {
      const price = rfc6Price({ old: p.end_price, sold: p.cores_sold, target: p.ideal_cores_sold, limit: p.cores_offered }, params);
      return { end_price: price, target_price: price };
    },
  };
}

function variant(v: Rfc6Variant, label: string): (minPrice?: bigint) => AdaptPrice {
  return (minPrice = 1n) => Rfc6Price(`${label}(${minPrice})`, { ...RFC6_VARIANTS[v], minPrice });
}

/** RFC-6 baseline (F 2, d 2, u 2) with `P_min = minPrice` (default 1 planck). */
export const Rfc6Baseline = variant("baseline", "Rfc6Baseline");
/** RFC-6 aggressive (F 3, d 2, u 1) with `P_min = minPrice` (default 1 planck). */
export const Rfc6Aggressive = variant("aggressive", "Rfc6Aggressive");
/** RFC-6 conservative (F 1.5, d 0.5, u 2) with `P_min = minPrice` (default 1 planck). */
export const Rfc6Conservative = variant("conservative", "Rfc6Conservative");
/** RFC-6 linear (F 1.5, d 1, u 1) with `P_min = minPrice` (default 1 planck). */
export const Rfc6Linear = variant("linear", "Rfc6Linear");
