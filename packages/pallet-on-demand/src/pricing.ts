/**
 * The spot price of the on-demand pallet as a port (`OnDemandPricing`, see `pricing-adapters.ts`)
 * with three rules, chosen by the Corelab knob `Pricing` (a constant of `OnDemand`):
 *
 * - `SpotTraffic` (default): the relay pallet's own rule, `calculate_spot_traffic` of
 *   polkadot-sdk `polkadot/runtime/parachains/src/on_demand/mod.rs` (`types.ts`), unchanged.
 * - `Exponential`: the rule of polkadot-sdk#13009 (fizyk20, open in 2026-09; the coretime chain's
 *   `substrate/frame/on-demand`, `types.rs` `DefaultPricingProvider` and `lib.rs` `do_place_order`
 *   at `12117d43`/`3498c35a`): `spot = base_fee · (1 + price_step)^outstanding`, FixedU128
 *   `ensure_pow` (num-traits `checked_pow` over the trait `checked_mul`, which rounds down) then
 *   `saturating_mul_int` (floor); the outstanding orders drain by `drain_rate_per_block ·
 *   (now − last_updated) · pool_cores`; `QueueFull` at `outstanding ≥ order_cap`; `EmptyPool`
 *   with no pool core.
 * - `Rfc1Geometric`: RFC-1 "Agile Coretime" (polkadot-fellows/RFCs `text/0001-agile-coretime.md`,
 *   "Instantaneous Price Progression"): once per relay block `NEW = OLD · 0.95` when
 *   `QUEUE_SIZE < POOL_SIZE · FACTOR`, else `NEW = OLD / 0.95`, `FACTOR` 3.
 *
 * This module holds the pure functions, the parameter types and the knob codecs (`Version`,
 * `Pricing`); it imports no pallet declaration.
 */
import {
  FixedU128,
  InvalidValueError,
  arithmeticCodecs,
  U128_MAX,
  UnknownNameError,
  t,
  type Codec,
  type ParseContext,
} from "@corelab/frame";

const U32_MAX = 0xffff_ffff;

/** A u32 product or sum saturating at `u32::MAX` (Rust's `saturating_mul` / `saturating_add` on u32). */
function u32Sat(v: number): number {
  return v > U32_MAX ? U32_MAX : v;
}

// ------------------------------------------------------------------------------------------------
// sdk#13009: exponential in outstanding orders

/**
 * `PriceParameters { order_cap, drain_rate_per_block, price_step, base_fee }` of sdk#13009
 * (`substrate/frame/on-demand/src/types.rs`). `price_step` is Perbill parts (3% = 30_000_000);
 * `base_fee` planck.
 */
export interface PriceParameters {
  /** Outstanding orders at or beyond which new orders are rejected (`QueueFull`). */
  readonly order_cap: number;
  /** Orders assumed drained per relay block, per pool core. */
  readonly drain_rate_per_block: number;
  /** Price increase per outstanding order (Perbill parts). */
  readonly price_step: number;
  /** The spot price with no outstanding order (planck). */
  readonly base_fee: bigint;
}

/**
 * `PriceParameters::default()` of sdk#13009: `DEFAULT_ORDER_CAP` 100, `DEFAULT_DRAIN_RATE_PER_BLOCK`
 * 1, `DEFAULT_PRICE_STEP` 3%, `DEFAULT_BASE_FEE` 10_000_000 (0.001 DOT at 10 decimals).
 */
export const DEFAULT_PRICE_PARAMETERS: PriceParameters = Object.freeze({
  order_cap: 100,
  drain_rate_per_block: 1,
  price_step: 30_000_000,
  base_fee: 10_000_000n,
});

/**
 * `QueueTracker { outstanding_orders, last_updated }` of sdk#13009: the estimated depth of the
 * on-demand queue and the relay block it was last updated at.
 */
export interface QueueTracker {
  readonly outstanding_orders: number;
  readonly last_updated: number;
}

/** Codec of `QueueTracker<RelayBlockNumber>` (both u32), the value of `OnDemand.QueueState`. */
export const QueueTrackerCodec = t.struct("QueueTracker", { outstanding_orders: t.u32, last_updated: t.u32 });

/**
 * `sp_arithmetic::traits::ensure_pow(base, exp)` for FixedU128 (inner values): num-traits
 * `checked_pow`, exponentiation by squaring in its exact order (square while the exponent is even,
 * then accumulate), each product the trait `checked_mul` (`x · y / 10^18` rounded **down**).
 * `undefined` on overflow (`ArithmeticError::Overflow`). `exp = 0` gives 1.0.
 */
export function fixedU128Pow(base: bigint, exp: number): bigint | undefined {
  if (!Number.isSafeInteger(exp) || exp < 0) throw new RangeError(`fixedU128Pow: the exponent must be a non-negative integer, got ${exp}`);
  if (exp === 0) return FixedU128.one;
  let b = base;
  let e = exp;
  while ((e & 1) === 0) {
    const sq = FixedU128.checkedMul(b, b);
    if (sq === undefined) return undefined;
    b = sq;
    e = Math.floor(e / 2);
  }
  if (e === 1) return b;
  let acc = b;
  while (e > 1) {
    e = Math.floor(e / 2);
    const sq = FixedU128.checkedMul(b, b);
    if (sq === undefined) return undefined;
    b = sq;
    if ((e & 1) === 1) {
      const next = FixedU128.checkedMul(acc, b);
      if (next === undefined) return undefined;
      acc = next;
    }
  }
  return acc;
}

/** The result of `exponentialSpotPrice`: the price (planck) or `Overflow` (`ensure_pow` failed). */
export type ExponentialPriceResult = { readonly ok: bigint } | { readonly err: "Overflow" };

/**
 * `DefaultPricingProvider::spot_price(config, queue_depth)` of sdk#13009:
 * `ensure_pow(1 + FixedU128::from_perbill(price_step), queue_depth)?.saturating_mul_int(base_fee)`.
 * `from_perbill` is exact for every Perbill; the power rounds down at each product
 * (`fixedU128Pow`); the last product floors and saturates at `u128::MAX`.
 */
export function exponentialSpotPrice(params: PriceParameters, outstanding: number): ExponentialPriceResult {
  const factor = FixedU128.saturatingAdd(FixedU128.one, FixedU128.fromPerbill(params.price_step));
  const adjustment = fixedU128Pow(factor, outstanding);
  if (adjustment === undefined) return { err: "Overflow" };
  return { ok: FixedU128.saturatingMulInt(adjustment, params.base_fee, U128_MAX) };
}

/**
 * The drained estimate of sdk#13009's `do_place_order` (steps 2–3), in u32 saturating arithmetic:
 * `drained = drain_rate_per_block · (now − last_updated) · pool_cores`,
 * `outstanding = outstanding_orders − drained` (floored at 0). No tracker yet: 0.
 */
export function drainedOutstanding(tracker: QueueTracker | undefined, now: number, drainRate: number, poolCores: number): number {
  if (tracker === undefined) return 0;
  const elapsed = u32Sat(Math.max(0, now - tracker.last_updated));
  const drained = u32Sat(u32Sat(drainRate * elapsed) * poolCores);
  return Math.max(0, tracker.outstanding_orders - drained);
}

/** Why sdk#13009 refuses an order before payment (`Overflow` is `ArithmeticError::Overflow`). */
export type ExponentialQuoteErr = "EmptyPool" | "QueueFull" | "Overflow";

/** A quote: the price and the outstanding orders it was computed at, or the error. */
export type ExponentialQuote = { readonly ok: { readonly price: bigint; readonly outstanding: number } } | { readonly err: ExponentialQuoteErr };

/**
 * sdk#13009 `do_place_order` up to the price, in its order (with the evident intent of its
 * inverted `ensure!`s, as the research brief says): `EmptyPool` when `pool_cores == 0`; the
 * drained estimate; `QueueFull` when `outstanding ≥ order_cap`; the spot price (`Overflow`).
 * `SpotPriceHigherThanMaxAmount` is the caller's check.
 */
export function exponentialQuote(params: PriceParameters, tracker: QueueTracker | undefined, now: number, poolCores: number): ExponentialQuote {
  if (poolCores === 0) return { err: "EmptyPool" };
  const outstanding = drainedOutstanding(tracker, now, params.drain_rate_per_block, poolCores);
  if (outstanding >= params.order_cap) return { err: "QueueFull" };
  const price = exponentialSpotPrice(params, outstanding);
  if ("err" in price) return price;
  return { ok: { price: price.ok, outstanding } };
}

/**
 * `PriceParameters::validate()` of sdk#13009: the price at `order_cap` outstanding orders must not
 * overflow (else `OrderPriceCanOverflow`). Returns whether the parameters are valid.
 */
export function priceParametersValid(params: PriceParameters): boolean {
  return "ok" in exponentialSpotPrice(params, params.order_cap);
}

// ------------------------------------------------------------------------------------------------
// RFC-1: ×0.95 per relay block

/** Parameters of the RFC-1 rule: `FACTOR` (3) and the ratio (Perbill parts, 95% = 950_000_000). */
export interface Rfc1GeometricParameters {
  /** `FACTOR`: the price falls while `QUEUE_SIZE < POOL_SIZE · FACTOR`. */
  readonly factor: number;
  /** The per-block ratio (Perbill parts): `NEW = OLD · ratio` below, `OLD / ratio` at or above. */
  readonly ratio: number;
}

/** RFC-1's values: `FACTOR` 3, ratio 0.95. */
export const DEFAULT_RFC1_PARAMETERS: Rfc1GeometricParameters = Object.freeze({ factor: 3, ratio: 950_000_000 });

/**
 * RFC-1 "Instantaneous Price Progression", one relay block, on a FixedU128 value (inner):
 * `queueSize < poolSize · factor` → `old · ratio` (trait `saturating_mul`, rounded down), else
 * `old / ratio` (trait `checked_div`, rounded down; saturating at `FixedU128::max` when it
 * overflows or `ratio` is 0). The RFC sets no floor: the value follows the formula (see README).
 */
export function rfc1GeometricNext(old: bigint, queueSize: number, poolSize: number, params: Rfc1GeometricParameters = DEFAULT_RFC1_PARAMETERS): bigint {
  const ratio = FixedU128.fromPerbill(params.ratio);
  if (queueSize < poolSize * params.factor) return FixedU128.saturatingMul(old, ratio);
  return FixedU128.checkedDiv(old, ratio) ?? FixedU128.max;
}

// ------------------------------------------------------------------------------------------------
// The knobs

/** The names of the pricing rules (`Pricing` knob). */
export const PRICING_NAMES = ["SpotTraffic", "Exponential", "Rfc1Geometric"] as const;
/** A pricing rule's name. */
export type PricingName = (typeof PRICING_NAMES)[number];

/**
 * The `Pricing` knob, parsed (papi's enum shape): `SpotTraffic` (default, the relay pallet's own
 * rule), `Exponential` (sdk#13009, with its `PriceParameters`), `Rfc1Geometric` (RFC-1 ×0.95).
 */
export type OnDemandPricingConfig =
  | { readonly type: "SpotTraffic" }
  | { readonly type: "Exponential"; readonly value: PriceParameters }
  | { readonly type: "Rfc1Geometric"; readonly value: Rfc1GeometricParameters };

/** The on-demand pallet versions (`Version` knob): 1 = `QueueStatus` with affinity, 2 = `OrderStatus` FIFO (sdk#10184). */
export type OnDemandVersion = 1 | 2;

const PriceParametersCodec = t.struct("PriceParameters", {
  order_cap: t.u32,
  drain_rate_per_block: t.u32,
  price_step: arithmeticCodecs.perbill,
  base_fee: t.balance,
});
const Rfc1ParametersCodec = t.struct("Rfc1GeometricParameters", { factor: t.u32, ratio: arithmeticCodecs.perbill });
const PricingEnum = t.enumOf("OnDemandPricing", { SpotTraffic: null, Exponential: PriceParametersCodec, Rfc1Geometric: Rfc1ParametersCodec });

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses a partial parameter map over `defaults` with the field codecs, naming unknown fields. */
function parseParams<P extends object>(input: unknown, defaults: P, codecs: Readonly<Record<string, Codec<unknown>>>, rule: string, ctx: ParseContext): P {
  if (input === null || input === undefined) return { ...defaults } as P;
  if (!isPlainObject(input)) throw new InvalidValueError(ctx.path, `the parameters of ${rule} as a map (${Object.keys(codecs).join(", ")})`, input);
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, raw] of Object.entries(input)) {
    const codec = Object.hasOwn(codecs, k) ? codecs[k] : undefined;
    if (codec === undefined) throw new UnknownNameError(`parameter of ${rule}`, k, Object.keys(codecs), ctx.path);
    out[k] = codec.parse(raw, { ...ctx, path: `${ctx.path}.${k}` });
  }
  return out as P;
}

/**
 * Parses the `Pricing` knob: `SpotTraffic`, `Exponential`, `Rfc1Geometric` (defaults), or
 * `{ Exponential: { order_cap?, drain_rate_per_block?, price_step?, base_fee? } }`,
 * `{ Rfc1Geometric: { factor?, ratio? } }` (missing fields take the defaults). An unknown rule or
 * parameter throws an `UnknownNameError` naming the path and the valid names; `Exponential`
 * parameters whose price at `order_cap` overflows throw an `InvalidValueError` saying
 * `OrderPriceCanOverflow` (sdk#13009's `validate`).
 */
export function parsePricing(input: unknown, ctx: ParseContext): OnDemandPricingConfig {
  let name: string;
  let params: unknown;
  if (typeof input === "string") name = input;
  else if (isPlainObject(input) && typeof input.type === "string" && Object.keys(input).every((k) => k === "type" || k === "value")) {
    name = input.type;
    params = input.value;
  } else if (isPlainObject(input) && Object.keys(input).length === 1) {
    name = Object.keys(input)[0]!;
    params = input[name];
  } else throw new InvalidValueError(ctx.path, `an on-demand pricing rule: ${PRICING_NAMES.join(" | ")} (or { Exponential: { … } }, { Rfc1Geometric: { … } })`, input);
  const at = { ...ctx, path: `${ctx.path}.${name}` };
  switch (name) {
    case "SpotTraffic":
      if (params !== undefined && params !== null && !(isPlainObject(params) && Object.keys(params).length === 0))
        throw new InvalidValueError(at.path, "no parameters (SpotTraffic reads the host configuration)", params);
      return { type: "SpotTraffic" };
    case "Exponential": {
      const value = parseParams<PriceParameters>(params, DEFAULT_PRICE_PARAMETERS, PriceParametersCodec.fields as never, "Exponential", at);
      if (!priceParametersValid(value))
        throw new InvalidValueError(at.path, "PriceParameters whose price at order_cap does not overflow", params, "OrderPriceCanOverflow (sdk#13009 `PriceParameters::validate`)");
      return { type: "Exponential", value };
    }
    case "Rfc1Geometric":
      return { type: "Rfc1Geometric", value: parseParams<Rfc1GeometricParameters>(params, DEFAULT_RFC1_PARAMETERS, Rfc1ParametersCodec.fields as never, "Rfc1Geometric", at) };
    default:
      throw new UnknownNameError("on-demand pricing rule (OnDemand.Pricing)", name, [...PRICING_NAMES], ctx.path);
  }
}

/**
 * Codec of the `Pricing` knob (a Corelab constant of `OnDemand`; `null` = `SpotTraffic`). SCALE:
 * an enum `SpotTraffic | Exponential(PriceParameters) | Rfc1Geometric(Rfc1GeometricParameters)`
 * (no Rust type: the knob is Corelab's).
 */
export const PricingCodec: Codec<OnDemandPricingConfig | undefined> = t.option(
  t.custom<OnDemandPricingConfig>({
    name: "OnDemandPricing",
    parse: parsePricing,
    toJson: (v) => PricingEnum.toJson(v as never),
    key: (v) => v.type,
    scale: PricingEnum.scale as never,
    shape: PricingEnum.shape,
  }),
);

/**
 * Codec of the `Version` knob (a Corelab constant of `OnDemand`; `null` = 1): `1` (the pallet with
 * `QueueStatus`, `FreeEntries`, `AffinityEntries`, `ParaIdAffinity`) or `2` (sdk#10184: one FIFO
 * `OrderStatus`, no affinity). Also `"v1"` / `"v2"`. Anything else throws an `InvalidValueError`
 * naming the path and the valid values.
 */
export const VersionCodec: Codec<OnDemandVersion | undefined> = t.option(
  t.custom<OnDemandVersion>({
    name: "OnDemandVersion",
    parse(input, ctx) {
      if (input === 1 || input === "1" || input === "v1") return 1;
      if (input === 2 || input === "2" || input === "v2") return 2;
      throw new InvalidValueError(ctx.path, "an on-demand pallet version: 1 (QueueStatus, affinity) | 2 (OrderStatus FIFO, sdk#10184)", input);
    },
    toJson: (v) => v,
    key: (v) => String(v),
    // a Corelab constant (no Rust type): the version number as a u8
    scale: t.u8.scale as never,
    shape: t.u8.shape,
  }),
);
