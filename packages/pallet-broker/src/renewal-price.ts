/**
 * Renewal-price rules: the price at which a renewed workload may be renewed again (the next
 * `PotentialRenewals` record), given the price just paid. Named after their sources:
 *
 * - `Rfc149RenewalCap` (RFC-149, eskimor, approved 2025-06-11; implemented by polkadot-sdk #8630,
 *   in the coretime chains from runtime 1 006 000): `min(sale_price(now), max(recorded +
 *   renewal_bump·recorded, end_price))`. A renewal never stays below the current sale's end
 *   price: with all cores sold at 1000, the next end price is 100 (`CenterTargetPrice`), and a
 *   right recorded at 10 (bump 10 %) is next renewable at `min(sale price, max(11, 100)) = 100`.
 * - `Rfc1RenewalCap` (RFC-1 "Renewal": `min(current sale price, prev · (1 + RENEWAL_PRICE_CAP))`;
 *   the broker before #8630): `min(sale_price(now), recorded + renewal_bump·recorded)`.
 *
 * `renewal_bump · recorded` is `Perbill × Balance` (sp-arithmetic: rounded to the nearest, ties down);
 * sums saturate at u128.
 */
import { Perbill, U128_MAX } from "@corelab/frame";
import type { SaleRules } from "./interfaces.ts";

/** What a renewal-price rule reads. */
export interface RenewalPriceInput {
  /** The price just paid (the right's recorded price). */
  readonly recorded: bigint;
  /** `ConfigRecord.renewal_bump` (Perbill parts). */
  readonly renewal_bump: number;
  /** The current sale's `end_price`. */
  readonly end_price: bigint;
  /** `sale_price(now)` of the current sale. */
  readonly sale_price: bigint;
}

/** A renewal-price rule: the next renewal price. */
export type RenewalPriceRule = (input: RenewalPriceInput) => bigint;

const sat = (x: bigint): bigint => (x > U128_MAX ? U128_MAX : x);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

/** `recorded + renewal_bump · recorded` (saturating). */
export function bumpedPrice(recorded: bigint, renewalBump: number): bigint {
  return sat(recorded + Perbill.mul(renewalBump, recorded));
}

/** RFC-149's cap (polkadot-sdk #8630): `min(sale_price, max(bumped, end_price))`. */
export const Rfc149RenewalCap: RenewalPriceRule = (i) => {
  const bumped = bumpedPrice(i.recorded, i.renewal_bump);
  return min(i.sale_price, i.end_price > bumped ? i.end_price : bumped);
};

/** RFC-1's cap (the broker before #8630): `min(sale_price, bumped)`. */
export const Rfc1RenewalCap: RenewalPriceRule = (i) => min(i.sale_price, bumpedPrice(i.recorded, i.renewal_bump));

/** The rule of a `SaleRules` era: `Rfc149RenewalCap` for `"current"`, `Rfc1RenewalCap` before #8630. */
export function renewalPriceRule(rules: SaleRules): RenewalPriceRule {
  return rules === "current" ? Rfc149RenewalCap : Rfc1RenewalCap;
}
