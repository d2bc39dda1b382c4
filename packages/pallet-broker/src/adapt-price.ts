/**
 * Price adapters (`AdaptPrice` implementations). Mirrors polkadot-sdk
 * `substrate/frame/broker/src/adapt_price.rs` (`CenterTargetPrice`, `MinimumPrice`, `()`), the
 * same file before polkadot-sdk #4521 (`Linear`), and the custom adapter of the Kusama coretime
 * runtime 1 002 000–1 002 004 (polkadot-fellows/runtimes `coretime-kusama/src/coretime.rs` at
 * `640a001c7`).
 *
 * All fixed-point values are `FixedU64` inner integers (1.0 = 1_000_000_000n) computed with the
 * rounding of sp-arithmetic: `from_rational` rounds to nearest with ties down, fixed × fixed and
 * fixed × integer round down, subtraction saturates at 0.
 */
import { FixedU64 } from "@corelab/frame";
import type { AdaptPrice } from "./interfaces.ts";
import type { AdaptedPrices, CoreIndex, SalePerformance } from "./types.ts";

const ONE = FixedU64.fromInteger(1);
const HALF = FixedU64.fromRational(1n, 2n);
const TENTH = FixedU64.fromRational(1n, 10n);
const u16SaturatingMul = (a: number, b: number): number => Math.min(a * b, 0xffff);

/**
 * `CenterTargetPrice`: the lead-in falls linearly from 100× to 10× the end price over its first
 * half and from 10× to 1× over the second; the next sale's target price is the sellout price and
 * its end price a tenth of it (`⌊sellout/10⌋`, or the sellout price itself when that is 0). With no
 * sellout price the end price stays and the target is 10× it.
 */
export const CenterTargetPrice: AdaptPrice = {
  name: "CenterTargetPrice",
  leadinFactorAt(when: bigint): bigint {
    if (when <= HALF) return FixedU64.saturatingSub(FixedU64.fromInteger(100), FixedU64.saturatingMul(when, FixedU64.fromInteger(180)));
    return FixedU64.saturatingSub(FixedU64.fromInteger(19), FixedU64.saturatingMul(when, FixedU64.fromInteger(18)));
  },
  adaptPrice(p: SalePerformance): AdaptedPrices {
    const sellout = p.sellout_price;
    if (sellout === undefined) return { end_price: p.end_price, target_price: FixedU64.saturatingMulInt(FixedU64.fromInteger(10), p.end_price) };
    const tenth = FixedU64.saturatingMulInt(TENTH, sellout);
    return { end_price: tenth === 0n ? sellout : tenth, target_price: sellout };
  },
};

/**
 * `MinimumPrice<Balance, MinPrice>` (polkadot-sdk #8630): `CenterTargetPrice`, then the end price
 * is raised to at least `minPrice` and the target to at least the end price. The lead-in is
 * `CenterTargetPrice`'s. Kusama and Polkadot use it from runtime 1 006 000 (1 KSM / 10 DOT).
 */
export function MinimumPrice(minPrice: bigint): AdaptPrice {
  return {
    name: `MinimumPrice(${minPrice})`,
    leadinFactorAt: CenterTargetPrice.leadinFactorAt,
    adaptPrice(p: SalePerformance): AdaptedPrices {
      const r = CenterTargetPrice.adaptPrice(p);
      const end_price = r.end_price < minPrice ? minPrice : r.end_price;
      const target_price = r.target_price < end_price ? end_price : r.target_price;
      return { end_price, target_price };
    },
  };
}

/**
 * `impl AdaptPrice for ()`: a flat lead-in (factor 1) and the next price = the sellout price, or
 * the end price when there is none (end = target).
 */
export const UnitPriceAdapter: AdaptPrice = {
  name: "()",
  leadinFactorAt: () => ONE,
  adaptPrice(p: SalePerformance): AdaptedPrices {
    const price = p.sellout_price ?? p.end_price;
    return { end_price: price, target_price: price };
  },
};

/**
 * A correction factor of the pre-#4521 `AdaptPrice::adapt_price(sold, target, limit)` (FixedU64
 * inner), applied to the purchase price of the sale that ends.
 */
export type LegacyAdaptFactor = (sold: CoreIndex, target: CoreIndex, limit: CoreIndex) => bigint;

/**
 * Wraps a pre-#4521 adapter (a lead-in factor and a correction factor) into the current
 * `AdaptPrice` shape, computing the old `rotate_sale` price rule from `SalePerformance`:
 *
 * ```
 * purchase_price = offered == 0 ? none : sold >= ideal ? sellout_price : end_price (the old "regular price")
 * new price      = purchase_price ? factor(min(sold, offered), ideal, offered) × purchase_price : end_price
 * ```
 * and `end_price = target_price = new price` (an expiring lease was renewable at the new regular
 * price). Run it with `BrokerConfig.SaleRules = "before-4521"`, which restores the old sellout
 * bookkeeping (`sellout_price` starts as `None`; renewals do not set it) and renewal cap.
 *
 * A `factor` that divides by `target == 0` throws (Rust's `from_rational` panics there too);
 * the old rotation only reaches it with `sold > 0 == target`, which takes the other branch.
 */
export function legacyPriceAdapter(name: string, leadinFactorAt: (when: bigint) => bigint, factor: LegacyAdaptFactor): AdaptPrice {
  return {
    name,
    leadinFactorAt,
    adaptPrice(p: SalePerformance): AdaptedPrices {
      const offered = p.cores_offered;
      const ideal = p.ideal_cores_sold;
      const sold = p.cores_sold;
      const purchase = offered === 0 ? undefined : sold >= ideal ? p.sellout_price : p.end_price;
      const price = purchase === undefined ? p.end_price : FixedU64.saturatingMulInt(factor(Math.min(sold, offered), ideal, offered), purchase);
      return { end_price: price, target_price: price };
    },
  };
}

/**
 * The SDK's pre-#4521 `Linear` correction factor: `0.5 + sold/(2·target)` when `sold ≤ target`
 * (range [0.5, 1]), else `1 + (sold − target)/(limit − target)` (range (1, 2]).
 */
export const linearAdaptFactor: LegacyAdaptFactor = (sold, target, limit) => {
  if (sold <= target) return FixedU64.saturatingAdd(HALF, FixedU64.fromRational(BigInt(sold), BigInt(u16SaturatingMul(target, 2))));
  return FixedU64.saturatingAdd(ONE, FixedU64.fromRational(BigInt(sold - target), BigInt(limit - target)));
};

/** The SDK's pre-#4521 `Linear` adapter: lead-in `2 − w` (2× → 1×), correction `linearAdaptFactor`. */
export const LinearPrice: AdaptPrice = legacyPriceAdapter(
  "Linear",
  (when) => FixedU64.saturatingSub(FixedU64.fromInteger(2), when),
  linearAdaptFactor,
);

/**
 * The Kusama launch correction factor (coretime-kusama 1 002 000–1 002 004): `0.5 + sold/(2·target)`
 * when `sold ≤ target` (range [0.5, 1]), else `1 + (sold − target)/(5·(limit − target))` (range (1, 1.2]).
 */
export const kusamaLaunchAdaptFactor: LegacyAdaptFactor = (sold, target, limit) => {
  if (sold <= target) return FixedU64.saturatingAdd(HALF, FixedU64.fromRational(BigInt(sold), BigInt(u16SaturatingMul(target, 2))));
  return FixedU64.saturatingAdd(ONE, FixedU64.fromRational(BigInt(sold - target), BigInt(u16SaturatingMul(limit - target, 5))));
};

/**
 * The custom adapter Kusama's coretime chain launched with (runtimes 1 002 000–1 002 004, until
 * 2024-06-06): lead-in `5 − 4w` (5× → 1×), correction `kusamaLaunchAdaptFactor`, under the old
 * rotation rule (`legacyPriceAdapter`). Needs `SaleRules = "before-4521"`.
 */
export const KusamaLaunchPrice: AdaptPrice = legacyPriceAdapter(
  "KusamaLaunchPrice",
  (when) => FixedU64.saturatingSub(FixedU64.fromInteger(5), FixedU64.saturatingMul(FixedU64.fromInteger(4), when)),
  kusamaLaunchAdaptFactor,
);
