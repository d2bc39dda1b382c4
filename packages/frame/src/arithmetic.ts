/**
 * Exact fixed-point and per-thing arithmetic on bigint, with the rounding of `sp-arithmetic`
 * (polkadot-sdk `substrate/primitives/arithmetic/src/{per_things,fixed_point,helpers_128bit}.rs`).
 *
 * Values are plain bigints/numbers so they can live in frozen state: a `Perbill` is its parts
 * (0..=1e9) as a `number`, a `FixedU64`/`FixedU128` its inner integer as a `bigint`. The functions
 * below are the operations FRAME code uses; their names follow sp-arithmetic's methods.
 */
import { type Codec, type ParseContext } from "./codec.ts";
import { InvalidValueError } from "./errors.ts";

/** Rounding modes of sp-arithmetic's `Rounding`. */
export type Rounding = "Up" | "Down" | "NearestPrefUp" | "NearestPrefDown";

/**
 * `floor(x * n / d)` rounded as `rounding` says, exactly (sp-arithmetic's
 * `multiply_by_rational_with_rounding`, which works on u128 with 256-bit intermediates; here the
 * intermediate is unbounded). Returns `undefined` when `d == 0`.
 */
export function mulDivRounding(x: bigint, n: bigint, d: bigint, rounding: Rounding): bigint | undefined {
  if (d === 0n) return undefined;
  const num = x * n;
  const q = num / d;
  const r = num % d;
  if (r === 0n) return q;
  switch (rounding) {
    case "Down":
      return q;
    case "Up":
      return q + 1n;
    case "NearestPrefDown":
      // round up only when the remainder is strictly more than half (ties go down)
      return r > d / 2n || (r * 2n > d) ? q + 1n : q;
    case "NearestPrefUp":
      return r * 2n >= d ? q + 1n : q;
  }
}

/** Maximum of an unsigned integer of `bits` bits. */
export const maxUint = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
export const U64_MAX = maxUint(64);
export const U128_MAX = maxUint(128);

/** `a + b` saturating at `max` (FRAME's `saturating_add`). */
export const saturatingAdd = (a: bigint, b: bigint, max: bigint = U128_MAX): bigint => (a + b > max ? max : a + b);
/** `a - b` floored at 0 (FRAME's `saturating_sub` on unsigned). */
export const saturatingSub = (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n);
/** `a * b` saturating at `max`. */
export const saturatingMul = (a: bigint, b: bigint, max: bigint = U128_MAX): bigint => (a * b > max ? max : a * b);
/** `a - b` on numbers floored at 0 (u32 `saturating_sub`). */
export const saturatingSubN = (a: number, b: number): number => (a > b ? a - b : 0);
/** `a + b` on numbers saturating at u32::MAX. */
export const saturatingAddN = (a: number, b: number, max = 0xffff_ffff): number => Math.min(a + b, max);
/** `a + b`, or undefined on overflow of `max` (FRAME's `checked_add`). */
export const checkedAdd = (a: bigint, b: bigint, max: bigint = U128_MAX): bigint | undefined => (a + b > max ? undefined : a + b);
/** `a - b`, or undefined when negative (FRAME's `checked_sub`). */
export const checkedSub = (a: bigint, b: bigint): bigint | undefined => (a >= b ? a - b : undefined);

// ------------------------------------------------------------------------------------------------
// Per-things

/** A per-thing type: its accuracy (parts in one) and name. */
export interface PerThing {
  readonly name: "Percent" | "Permill" | "Perbill" | "Perquintill";
  readonly accuracy: bigint;
  /** `x` percent as parts. */
  fromPercent(x: number | bigint): bigint;
  /** `p / q` rounded down, saturating at one (sp-arithmetic `from_rational`). */
  fromRational(p: bigint, q: bigint): bigint;
  /** `p / q` with explicit rounding; undefined when `p > q` or `q == 0`. */
  fromRationalWithRounding(p: bigint, q: bigint, r: Rounding): bigint | undefined;
  /** `self * n`, rounding to nearest with ties down (sp-arithmetic `Mul<N>`). */
  mul(parts: bigint | number, n: bigint): bigint;
  /** `self * n` rounded down. */
  mulFloor(parts: bigint | number, n: bigint): bigint;
  /** `self * n` rounded up. */
  mulCeil(parts: bigint | number, n: bigint): bigint;
  /** `n / self`, saturating (sp-arithmetic `saturating_reciprocal_mul`, nearest-pref-up). */
  saturatingReciprocalMul(parts: bigint | number, n: bigint, max?: bigint): bigint;
  /** `1 - self`. */
  complement(parts: bigint | number): bigint;
}

function perThing(name: PerThing["name"], accuracy: bigint): PerThing {
  const mulR = (parts: bigint | number, n: bigint, r: Rounding) => {
    const p = BigInt(parts);
    // sp-arithmetic's `overflow_prune_mul`: rem_mul_div over (n / acc) and (n % acc) parts; it equals
    // the exact `n * p / acc` with the requested rounding applied to the fractional part.
    return mulDivRounding(n, p, accuracy, r)!;
  };
  const fromRationalWithRounding = (p: bigint, q: bigint, r: Rounding) => {
    if (q === 0n || p > q) return undefined;
    return mulDivRounding(p, accuracy, q, r)!;
  };
  return {
    name,
    accuracy,
    fromPercent: (x) => {
      const v = (BigInt(x) * accuracy) / 100n;
      return v > accuracy ? accuracy : v;
    },
    fromRational: (p, q) => fromRationalWithRounding(p, q, "Down") ?? accuracy,
    fromRationalWithRounding,
    mul: (parts, n) => mulR(parts, n, "NearestPrefDown"),
    mulFloor: (parts, n) => mulR(parts, n, "Down"),
    mulCeil: (parts, n) => mulR(parts, n, "Up"),
    saturatingReciprocalMul(parts, n, max = U128_MAX) {
      const p = BigInt(parts);
      if (p === 0n) return max;
      const v = mulDivRounding(n, accuracy, p, "NearestPrefUp")!;
      return v > max ? max : v;
    },
    complement: (parts) => accuracy - BigInt(parts),
  };
}

/** Parts per hundred. */
export const Percent = perThing("Percent", 100n);
/** Parts per million (u32). */
export const Permill = perThing("Permill", 1_000_000n);
/** Parts per billion (u32). */
export const Perbill = perThing("Perbill", 1_000_000_000n);
/** Parts per quintillion (u64). */
export const Perquintill = perThing("Perquintill", 1_000_000_000_000_000_000n);

function perThingCodec(pt: PerThing): Codec<number> {
  const expected = `${pt.name} (parts of ${pt.accuracy}, or a percentage like "10%")`;
  return {
    name: pt.name,
    parse(input: unknown, ctx: ParseContext) {
      let parts: bigint;
      if (typeof input === "string" && input.trim().endsWith("%")) {
        parts = parseDecimal(input.trim().slice(0, -1), pt.accuracy / 100n, ctx, expected, input);
      } else if (typeof input === "number" && Number.isSafeInteger(input)) parts = BigInt(input);
      else if (typeof input === "string" && /^\d+$/.test(input.trim())) parts = BigInt(input.trim());
      else throw new InvalidValueError(ctx.path, expected, input);
      if (parts < 0n || parts > pt.accuracy) throw new InvalidValueError(ctx.path, expected, input, "out of range");
      return Number(parts);
    },
    toJson: (v) => v,
    key: (v) => v.toString(16).padStart(16, "0"),
  };
}

// ------------------------------------------------------------------------------------------------
// Fixed point

/** An unsigned fixed-point type: inner integer `x` stands for `x / DIV`. */
export interface FixedUnsigned {
  readonly name: "FixedU64" | "FixedU128";
  /** `DIV`: 1e9 for FixedU64, 1e18 for FixedU128. */
  readonly div: bigint;
  /** Largest inner value. */
  readonly max: bigint;
  /** `n` as fixed point (`from_u32`/`saturating_from_integer`), saturating. */
  fromInteger(n: bigint | number): bigint;
  /** `a / b` as fixed point, ties rounded down (inherent `from_rational`, `NearestPrefDown`). */
  fromRational(a: bigint, b: bigint): bigint;
  /** `a / b` with explicit rounding; undefined on `b == 0` or overflow. */
  fromRationalWithRounding(a: bigint, b: bigint, r: Rounding): bigint | undefined;
  /** `x * y` (`saturating_mul`), rounded down. */
  saturatingMul(x: bigint, y: bigint): bigint;
  /** `x + y` saturating. */
  saturatingAdd(x: bigint, y: bigint): bigint;
  /** `x - y` floored at zero. */
  saturatingSub(x: bigint, y: bigint): bigint;
  /** `x / y`, rounded down; undefined when `y == 0` or on overflow (`checked_div`). */
  checkedDiv(x: bigint, y: bigint): bigint | undefined;
  /** `x * n` as an integer (`saturating_mul_int`), rounded down, saturating at `max`. */
  saturatingMulInt(x: bigint, n: bigint, max?: bigint): bigint;
  /** `x * n` as an integer, undefined on overflow of `max` (`checked_mul_int`). */
  checkedMulInt(x: bigint, n: bigint, max?: bigint): bigint | undefined;
  /** `floor(x)` as an integer. */
  floorToInt(x: bigint): bigint;
  /** `x` as a Perbill (parts), rounded down and saturating at one. */
  intoPerbill(x: bigint): bigint;
  /** Human-readable decimal string (`"1.5"`). */
  format(x: bigint): string;
}

function fixedUnsigned(name: FixedUnsigned["name"], div: bigint, bits: number): FixedUnsigned {
  const max = maxUint(bits);
  const sat = (v: bigint) => (v > max ? max : v < 0n ? 0n : v);
  const fromRationalWithRounding = (a: bigint, b: bigint, r: Rounding) => {
    const v = mulDivRounding(div, a, b, r);
    return v === undefined || v > max ? undefined : v;
  };
  return {
    name,
    div,
    max,
    fromInteger: (n) => sat(BigInt(n) * div),
    fromRational: (a, b) => {
      if (b === 0n) throw new RangeError(`${name}::from_rational: division by zero`);
      return sat(mulDivRounding(div, a, b, "NearestPrefDown")!);
    },
    fromRationalWithRounding,
    saturatingMul: (x, y) => sat((x * y) / div),
    saturatingAdd: (x, y) => sat(x + y),
    saturatingSub: (x, y) => (x > y ? x - y : 0n),
    checkedDiv: (x, y) => {
      if (y === 0n) return undefined;
      const v = (x * div) / y;
      return v > max ? undefined : v;
    },
    saturatingMulInt: (x, n, m = U128_MAX) => {
      const v = (x * n) / div;
      return v > m ? m : v;
    },
    checkedMulInt: (x, n, m = U128_MAX) => {
      const v = (x * n) / div;
      return v > m ? undefined : v;
    },
    floorToInt: (x) => x / div,
    intoPerbill: (x) => {
      const v = mulDivRounding(x, Perbill.accuracy, div, "Down")!;
      return v > Perbill.accuracy ? Perbill.accuracy : v;
    },
    format: (x) => {
      const whole = x / div;
      const digits = div.toString().length - 1;
      const frac = (x % div).toString().padStart(digits, "0").replace(/0+$/, "");
      return frac ? `${whole}.${frac}` : `${whole}`;
    },
  };
}

/** Unsigned fixed point with 9 decimals (inner u64). */
export const FixedU64 = fixedUnsigned("FixedU64", 1_000_000_000n, 64);
/** Unsigned fixed point with 18 decimals (inner u128). */
export const FixedU128 = fixedUnsigned("FixedU128", 1_000_000_000_000_000_000n, 128);

function fixedCodec(f: FixedUnsigned): Codec<bigint> {
  const expected = `${f.name} (the inner integer, or a decimal with a point like "1.5")`;
  return {
    name: f.name,
    parse(input: unknown, ctx: ParseContext) {
      let v: bigint;
      if (typeof input === "string" && input.includes(".")) v = parseDecimal(input.trim(), f.div, ctx, expected, input);
      else if (typeof input === "number" && Number.isSafeInteger(input)) v = BigInt(input);
      else if (typeof input === "string" && /^\d+$/.test(input.trim())) v = BigInt(input.trim());
      else if (typeof input === "bigint") v = input;
      else throw new InvalidValueError(ctx.path, expected, input);
      if (v < 0n || v > f.max) throw new InvalidValueError(ctx.path, expected, input, "out of range");
      return v;
    },
    toJson: (v) => v.toString(),
    key: (v) => v.toString(16).padStart(32, "0"),
  };
}

/** Parses a non-negative decimal `"12.5"` into integer units of `unit` per 1, exactly. */
function parseDecimal(s: string, unit: bigint, ctx: ParseContext, expected: string, input: unknown): bigint {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new InvalidValueError(ctx.path, expected, input);
  const digits = unit.toString().length - 1;
  const frac = m[2] ?? "";
  if (frac.replace(/0+$/, "").length > digits) throw new InvalidValueError(ctx.path, expected, input, "more decimals than the type holds");
  return BigInt(m[1]!) * unit + BigInt((frac + "0".repeat(digits)).slice(0, digits) || "0");
}

/** Codecs for the arithmetic types, to use in pallet declarations. */
export const arithmeticCodecs = {
  perbill: perThingCodec(Perbill),
  permill: perThingCodec(Permill),
  percent: perThingCodec(Percent),
  fixedU64: fixedCodec(FixedU64),
  fixedU128: fixedCodec(FixedU128),
} as const;
