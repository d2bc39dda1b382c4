/**
 * Exact fixed-point and per-thing arithmetic on bigint, with the rounding of `sp-arithmetic`
 * (polkadot-sdk `substrate/primitives/arithmetic/src/{per_things,fixed_point,helpers_128bit}.rs`).
 *
 * Values are plain bigints/numbers so they can live in frozen state: a `Perbill` is its parts
 * (0..=1e9; the storage codec keeps them as a `number`, the functions below return `bigint`), a
 * `FixedU64`/`FixedU128` is its inner integer as a `bigint`. The functions are the operations FRAME
 * code uses; their names follow sp-arithmetic's methods, and each docstring names the Rust function
 * it mirrors and its rounding.
 *
 * Panics: where the Rust function panics (division by zero, overflow in a `const fn`), the function
 * here throws a `RangeError` with the Rust panic message. Inputs that Rust's types cannot hold
 * (negative integers where Rust's are unsigned, fixed-point inners outside `0..=max`, u128 operands
 * past `u128::MAX`) also throw a `RangeError`: they are bugs in the caller, not values to round.
 * Per-thing parts above one are clamped, as Rust's `from_parts` does.
 */
import { createCodec, createDecoder } from "@polkadot-api/substrate-bindings";
import { shareShape, t, type Codec, type ParseContext } from "./codec.ts";
import { InvalidValueError, ScaleError } from "./errors.ts";
import type { ScaleCodec } from "./scale.ts";

/**
 * Rounding modes of sp-arithmetic's `Rounding` (`per_things.rs`): `Up` (towards infinity), `Down`
 * (towards zero), `NearestPrefUp` (nearest, ties up), `NearestPrefDown` (nearest, ties down).
 */
export type Rounding = "Up" | "Down" | "NearestPrefUp" | "NearestPrefDown";

/** Maximum of an unsigned integer of `bits` bits. */
export const maxUint = (bits: number): bigint => (1n << BigInt(bits)) - 1n;
/** `u32::MAX`. */
export const U32_MAX = maxUint(32);
/** `u64::MAX`. */
export const U64_MAX = maxUint(64);
/** `u128::MAX`. */
export const U128_MAX = maxUint(128);

function unsigned(what: string, v: bigint, max?: bigint): bigint {
  if (v < 0n) throw new RangeError(`${what}: ${v} is negative (an unsigned integer is expected)`);
  if (max !== undefined && v > max) throw new RangeError(`${what}: ${v} is past the maximum ${max}`);
  return v;
}

/** Whether a division remainder `r` of divisor `d` rounds the quotient up, under `rounding`. */
function roundsUp(r: bigint, d: bigint, rounding: Rounding): boolean {
  if (r === 0n) return false;
  switch (rounding) {
    case "Down":
      return false;
    case "Up":
      return true;
    case "NearestPrefDown":
      // `r > d / 2` (integer division), i.e. strictly more than half: ties go down
      return r * 2n > d;
    case "NearestPrefUp":
      // `r >= d / 2 + d % 2`, i.e. at least half: ties go up
      return r * 2n >= d;
  }
}

/**
 * `x * n / d` rounded as `rounding` says, exactly and without bound (sp-arithmetic's
 * `multiply_by_rational_with_rounding`, but with an unbounded intermediate and result). Returns
 * `undefined` when `d == 0`. Operands are unsigned. Use `multiplyByRationalWithRounding` for the
 * u128-bounded Rust function itself.
 */
export function mulDivRounding(x: bigint, n: bigint, d: bigint, rounding: Rounding): bigint | undefined {
  if (d === 0n) return undefined;
  const num = x * n;
  const q = num / d;
  return roundsUp(num % d, d, rounding) ? q + 1n : q;
}

/**
 * `a * b / c` with rounding, as `helpers_128bit::multiply_by_rational_with_rounding`: the product is
 * exact (256-bit in Rust), the result must fit a u128. Returns `undefined` when `c == 0` or the
 * (rounded) result exceeds `u128::MAX`. Throws a `RangeError` when an operand is not a u128.
 */
export function multiplyByRationalWithRounding(a: bigint, b: bigint, c: bigint, rounding: Rounding): bigint | undefined {
  unsigned("multiply_by_rational_with_rounding", a, U128_MAX);
  unsigned("multiply_by_rational_with_rounding", b, U128_MAX);
  unsigned("multiply_by_rational_with_rounding", c, U128_MAX);
  const v = mulDivRounding(a, b, c, rounding);
  return v === undefined || v > U128_MAX ? undefined : v;
}

/** `floor(sqrt(n))` of an unsigned integer (`helpers_128bit::sqrt`, exact for any size here). */
export function integerSqrt(n: bigint): bigint {
  unsigned("sqrt", n);
  if (n < 2n) return n;
  // Newton's method from above converges to the floor.
  let x = 1n << BigInt((n.toString(2).length + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** `a + b` saturating at `max` (FRAME's `saturating_add`; u128 by default). */
export const saturatingAdd = (a: bigint, b: bigint, max: bigint = U128_MAX): bigint => (a + b > max ? max : a + b);
/** `a - b` floored at 0 (FRAME's `saturating_sub` on unsigned). */
export const saturatingSub = (a: bigint, b: bigint): bigint => (a > b ? a - b : 0n);
/** `a * b` saturating at `max` (FRAME's `saturating_mul`; u128 by default). */
export const saturatingMul = (a: bigint, b: bigint, max: bigint = U128_MAX): bigint => (a * b > max ? max : a * b);
/** `a - b` on numbers floored at 0 (u32 `saturating_sub`). */
export const saturatingSubN = (a: number, b: number): number => (a > b ? a - b : 0);
/** `a + b` on numbers saturating at `max` (u32::MAX by default; u32 `saturating_add`). */
export const saturatingAddN = (a: number, b: number, max = 0xffff_ffff): number => Math.min(a + b, max);
/** `a + b`, or undefined on overflow of `max` (FRAME's `checked_add`; u128 by default). */
export const checkedAdd = (a: bigint, b: bigint, max: bigint = U128_MAX): bigint | undefined => (a + b > max ? undefined : a + b);
/** `a - b`, or undefined when negative (FRAME's `checked_sub` on unsigned). */
export const checkedSub = (a: bigint, b: bigint): bigint | undefined => (a >= b ? a - b : undefined);
/** `a * b`, or undefined on overflow of `max` (FRAME's `checked_mul`; u128 by default). */
export const checkedMul = (a: bigint, b: bigint, max: bigint = U128_MAX): bigint | undefined => (a * b > max ? undefined : a * b);

// ------------------------------------------------------------------------------------------------
// Per-things

/**
 * A per-thing type (`per_things.rs`, `PerThing` trait and the `implement_per_thing!` inherent
 * methods): `Percent`, `Permill`, `Perbill`, `Perquintill`. A value is its parts (`deconstruct()`),
 * passed as `bigint | number` and returned as `bigint`. Parts above the accuracy are read as
 * `from_parts` does: clamped to one. Negative parts throw a `RangeError`.
 *
 * `N` arguments (the integers a per-thing multiplies) are unsigned bigints.
 */
export interface PerThing {
  readonly name: "Percent" | "Permill" | "Perbill" | "Perquintill";
  /** `ACCURACY`: the parts in one (100, 1e6, 1e9, 1e18). */
  readonly accuracy: bigint;
  /** `one()` as parts (equal to `accuracy`). */
  readonly one: bigint;
  /** `from_parts(parts)`: the parts, clamped to one. */
  fromParts(parts: bigint | number): bigint;
  /** `from_percent(x)`: `min(x, 100) * ACCURACY / 100`, rounded down. */
  fromPercent(x: number | bigint): bigint;
  /**
   * `from_rational(p, q)`: `p / q` rounded **down**; one when `p > q` or `q == 0` (the
   * `unwrap_or_else(|_| Self::one())` of the Rust trait). `Percent::from_rational(989, 1000)` is 98.
   */
  fromRational(p: bigint, q: bigint): bigint;
  /**
   * `from_rational_with_rounding(p, q, r)`: `p / q` with explicit rounding; undefined (Rust `Err(())`)
   * when `q == 0` or `p > q`.
   */
  fromRationalWithRounding(p: bigint, q: bigint, r: Rounding): bigint | undefined;
  /**
   * `self * n` (`impl Mul<N> for Perbill`, `overflow_prune_mul` with `NearestPrefDown`): the exact
   * `n * parts / ACCURACY` rounded to the nearest integer, **ties down**. Never exceeds `n`.
   * `Percent(50) * 5 = 2`, `Percent(36) * 10 = 4`, `Perbill(1) * u128::MAX` rounds up (the remainder
   * is past one half).
   */
  mul(parts: bigint | number, n: bigint): bigint;
  /** `mul_floor(n)`: `n * parts / ACCURACY` rounded down. */
  mulFloor(parts: bigint | number, n: bigint): bigint;
  /** `mul_ceil(n)`: `n * parts / ACCURACY` rounded up. */
  mulCeil(parts: bigint | number, n: bigint): bigint;
  /**
   * `saturating_reciprocal_mul(n)`: `n * ACCURACY / parts` rounded to the nearest, **ties up**
   * (`NearestPrefUp`), saturating at `max` (the maximum of Rust's `N`; u128 by default). Throws a
   * `RangeError` when `parts == 0` (Rust panics: division by zero).
   */
  saturatingReciprocalMul(parts: bigint | number, n: bigint, max?: bigint): bigint;
  /** `saturating_reciprocal_mul_floor(n)`: as `saturatingReciprocalMul`, rounded down. */
  saturatingReciprocalMulFloor(parts: bigint | number, n: bigint, max?: bigint): bigint;
  /** `saturating_reciprocal_mul_ceil(n)`: as `saturatingReciprocalMul`, rounded up. */
  saturatingReciprocalMulCeil(parts: bigint | number, n: bigint, max?: bigint): bigint;
  /** `left_from_one()`: `1 - self` (`one().saturating_sub(self)`). */
  complement(parts: bigint | number): bigint;
  /** `saturating_add(rhs)`: `a + b`, saturating at one. */
  saturatingAdd(a: bigint | number, b: bigint | number): bigint;
  /** `saturating_sub(rhs)`: `a - b`, floored at zero. */
  saturatingSub(a: bigint | number, b: bigint | number): bigint;
  /** `checked_add(rhs)`: `a + b`, or undefined when past one. */
  checkedAdd(a: bigint | number, b: bigint | number): bigint | undefined;
  /** `checked_sub(rhs)`: `a - b`, or undefined when negative. */
  checkedSub(a: bigint | number, b: bigint | number): bigint | undefined;
  /**
   * `saturating_mul(rhs)` = `self * rhs` (`impl Mul for Perbill`, also `checked_mul`): `a * b /
   * ACCURACY` rounded **down**.
   */
  saturatingMul(a: bigint | number, b: bigint | number): bigint;
  /**
   * `saturating_div(rhs, r)`: `a / b` with rounding, one when `b < a` or `b == 0`. With `Down` this
   * is also `impl Div for Perbill` (`a / b` = `from_rational(a, b)`).
   */
  saturatingDiv(a: bigint | number, b: bigint | number, r: Rounding): bigint;
  /** `square()`: `from_rational(p², ACCURACY²)`, rounded down. */
  square(parts: bigint | number): bigint;
  /**
   * `saturating_pow(exp)` (= `Pow<usize>`): exponentiation by squaring with `self * self` and
   * `square()` at each step (each rounded down), exactly in Rust's order.
   */
  saturatingPow(parts: bigint | number, exp: number | bigint): bigint;
  /** `int_mul(b)`: parts times an integer, saturating at one. */
  intMul(parts: bigint | number, b: bigint | number): bigint;
  /** `int_div(b)`: the integer `a / b` of the parts (rounded down). Throws when `b == 0` (Rust panics). */
  intDiv(a: bigint | number, b: bigint | number): bigint;
}

function perThing(name: PerThing["name"], accuracy: bigint): PerThing {
  const parts = (p: bigint | number): bigint => {
    const v = unsigned(`${name} parts`, BigInt(p));
    return v > accuracy ? accuracy : v;
  };
  const n = (v: bigint): bigint => unsigned(`${name}: integer operand`, v);
  const fromRationalWithRounding = (p: bigint, q: bigint, r: Rounding): bigint | undefined => {
    n(p);
    n(q);
    if (q === 0n || p > q) return undefined;
    return mulDivRounding(accuracy, p, q, r)!;
  };
  const fromRational = (p: bigint, q: bigint): bigint => fromRationalWithRounding(p, q, "Down") ?? accuracy;
  // overflow_prune_mul / rational_mul_correction: `(x / ACC) * p + round((x % ACC) * p / ACC)`, which is
  // exactly `round(x * p / ACC)`: the split only avoids overflow in Rust.
  const mulR = (p: bigint | number, x: bigint, r: Rounding): bigint => mulDivRounding(n(x), parts(p), accuracy, r)!;
  // saturating_reciprocal_mul: `(x / p).saturating_mul(ACC).saturating_add(round((x % p) * ACC / p))`,
  // which is exactly `min(round(x * ACC / p), N::MAX)`.
  const reciprocal = (p: bigint | number, x: bigint, r: Rounding, max: bigint): bigint => {
    const pp = parts(p);
    if (pp === 0n) throw new RangeError(`${name}::saturating_reciprocal_mul: attempt to divide by zero`);
    const v = mulDivRounding(n(x), accuracy, pp, r)!;
    return v > max ? max : v;
  };
  const saturatingMulSelf = (a: bigint | number, b: bigint | number): bigint => (parts(a) * parts(b)) / accuracy;
  const square = (p: bigint | number): bigint => {
    const pp = parts(p);
    return fromRational(pp * pp, accuracy * accuracy);
  };
  return {
    name,
    accuracy,
    one: accuracy,
    fromParts: parts,
    fromPercent: (x) => {
      const v = unsigned(`${name}::from_percent`, BigInt(x));
      return ((v > 100n ? 100n : v) * accuracy) / 100n;
    },
    fromRational,
    fromRationalWithRounding,
    mul: (p, x) => mulR(p, x, "NearestPrefDown"),
    mulFloor: (p, x) => mulR(p, x, "Down"),
    mulCeil: (p, x) => mulR(p, x, "Up"),
    saturatingReciprocalMul: (p, x, max = U128_MAX) => reciprocal(p, x, "NearestPrefUp", max),
    saturatingReciprocalMulFloor: (p, x, max = U128_MAX) => reciprocal(p, x, "Down", max),
    saturatingReciprocalMulCeil: (p, x, max = U128_MAX) => reciprocal(p, x, "Up", max),
    complement: (p) => accuracy - parts(p),
    saturatingAdd: (a, b) => {
      const v = parts(a) + parts(b);
      return v > accuracy ? accuracy : v;
    },
    saturatingSub: (a, b) => {
      const x = parts(a);
      const y = parts(b);
      return x > y ? x - y : 0n;
    },
    checkedAdd: (a, b) => {
      const v = parts(a) + parts(b);
      return v > accuracy ? undefined : v;
    },
    checkedSub: (a, b) => {
      const x = parts(a);
      const y = parts(b);
      return x >= y ? x - y : undefined;
    },
    saturatingMul: saturatingMulSelf,
    saturatingDiv: (a, b, r) => fromRationalWithRounding(parts(a), parts(b), r) ?? accuracy,
    square,
    saturatingPow(p, exp) {
      let e = unsigned(`${name}::saturating_pow exponent`, BigInt(exp));
      let base = parts(p);
      if (e === 0n || base === accuracy) return accuracy;
      let result = base;
      e -= 1n;
      while (e > 0n && result !== 0n) {
        if (e % 2n !== 0n) {
          result = saturatingMulSelf(result, base);
          e -= 1n;
        }
        base = square(base);
        e /= 2n;
      }
      return result;
    },
    intMul: (p, b) => {
      const v = parts(p) * unsigned(`${name}::int_mul`, BigInt(b));
      return v > accuracy ? accuracy : v;
    },
    intDiv: (a, b) => {
      const d = parts(b);
      if (d === 0n) throw new RangeError(`${name}::int_div: attempt to divide by zero`);
      return parts(a) / d;
    },
  };
}

/** Parts per hundred (`Percent`, inner u8). */
export const Percent = perThing("Percent", 100n);
/** Parts per million (`Permill`, inner u32). */
export const Permill = perThing("Permill", 1_000_000n);
/** Parts per billion (`Perbill`, inner u32). */
export const Perbill = perThing("Perbill", 1_000_000_000n);
/** Parts per quintillion (`Perquintill`, inner u64). */
export const Perquintill = perThing("Perquintill", 1_000_000_000_000_000_000n);

/** The inner integer of each per-thing (sp-arithmetic `per_things.rs`): `Percent` u8, `Permill`/`Perbill` u32. */
const PER_THING_INNER: ReadonlyMap<string, ScaleCodec<number>> = new Map<string, ScaleCodec<number>>([
  ["Percent", t.u8.scale],
  ["Permill", t.u32.scale],
  ["Perbill", t.u32.scale],
]);

function perThingCodec(pt: PerThing): Codec<number> {
  const max = Number(pt.accuracy);
  const expected = `${pt.name} (parts of ${pt.accuracy}, or a percentage like "10%")`;
  const inner = PER_THING_INNER.get(pt.name);
  if (inner === undefined) throw new RangeError(`${pt.name} has no number codec (its inner integer is wider than u32)`);
  const check = (value: unknown, path: string): void => {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max)
      throw new InvalidValueError(path, `${pt.name} (an integer number of parts 0..${pt.accuracy})`, value, typeof value === "number" && Number.isInteger(value) ? "out of range" : undefined);
  };
  // SCALE: the parts as the inner integer; a value past the accuracy does not decode (as in Rust)
  const scale = createCodec<number>(
    (v) => {
      check(v, pt.name);
      return inner.enc(v);
    },
    createDecoder((bytes) => {
      const v = inner.dec(bytes);
      if (v > max) throw new ScaleError(pt.name, `${v} parts, more than the accuracy ${pt.accuracy}`);
      return v;
    }),
  );
  return shareShape({
    name: pt.name,
    parse(input: unknown, ctx: ParseContext) {
      let parts: bigint;
      if (typeof input === "string" && input.trim().endsWith("%")) {
        parts = parseDecimal(input.trim().slice(0, -1).trim(), pt.accuracy / 100n, ctx, expected, input);
      } else if (typeof input === "number" && Number.isSafeInteger(input)) parts = BigInt(input);
      else if (typeof input === "string" && /^\d+$/.test(input.trim())) parts = BigInt(input.trim());
      else throw new InvalidValueError(ctx.path, expected, input);
      if (parts < 0n || parts > pt.accuracy) throw new InvalidValueError(ctx.path, expected, input, "out of range");
      return Number(parts);
    },
    check,
    toJson: (v) => v,
    key: (v) => v.toString(16).padStart(16, "0"),
    scale,
    // `sp_arithmetic::per_things::Perbill(u32)` (`Percent(u8)`, `Permill(u32)`)
    shape: { kind: "composite", path: ["sp_arithmetic", "per_things", pt.name], fields: [{ codec: pt.name === "Percent" ? t.u8 : t.u32 }] },
  });
}

// ------------------------------------------------------------------------------------------------
// Fixed point

/**
 * An unsigned fixed-point type (`fixed_point.rs`, `implement_fixed!` for `FixedU64`/`FixedU128`):
 * the inner integer `x` stands for `x / DIV`. Values are inner integers (`bigint`); inputs outside
 * `0..=max` throw a `RangeError`.
 *
 * Rounding differs between the trait and the inherent `const fn`s, and so it does here:
 * - `FixedPointNumber` trait methods (`saturating_from_rational`, `checked_from_rational`,
 *   `checked_mul`/`saturating_mul`/`*`, `checked_div`/`/`, `*_int`, `reciprocal`) round **down**;
 * - inherent const fns (`from_rational`, `mul`, `div`, `const_checked_mul`, `const_checked_div`,
 *   `from_perbill`, `into_perbill`) round to the **nearest, ties down**.
 *
 * Integer operands (`n` of `*_int`) are unsigned; `max` is the maximum of Rust's `N` (u128 by
 * default: pass `U64_MAX` for a u64 balance).
 */
export interface FixedUnsigned {
  readonly name: "FixedU64" | "FixedU128";
  /** `DIV`: 1e9 for FixedU64, 1e18 for FixedU128 (also the inner value of `one()`). */
  readonly div: bigint;
  /** `one()` as inner (equal to `div`). */
  readonly one: bigint;
  /** Largest inner value (`max_value()`: u64::MAX / u128::MAX). */
  readonly max: bigint;
  /** `from_inner(inner)`: the inner value itself, checked to be in `0..=max`. */
  fromInner(inner: bigint): bigint;
  /** `into_inner()`: the inner value. */
  intoInner(x: bigint): bigint;
  /**
   * `saturating_from_integer(n)` (also `From<u64>`/`From<u128>`): `n * DIV`, saturating at `max`
   * (negative `n` gives zero, as Rust's `to_bound` for an unsigned type).
   */
  fromInteger(n: bigint | number): bigint;
  /** `checked_from_integer(n)`: `n * DIV`, or undefined past `max`. */
  checkedFromInteger(n: bigint | number): bigint | undefined;
  /** `from_u32(n)` (const fn): `n * DIV`. Throws for `n` outside u32. */
  fromU32(n: number | bigint): bigint;
  /** `to_u32()`: `(x / DIV) as u32` (rounded down, then truncated to 32 bits as Rust's `as`). */
  toU32(x: bigint): number;
  /**
   * `from_rational(a, b)` — the **inherent const fn** (`FixedU64::from_rational(a: u128, b: u128)`):
   * `a / b` rounded to the nearest, **ties down** (`NearestPrefDown`). Throws a `RangeError` where
   * Rust panics: `b == 0` ("attempt to divide by zero in from_rational") or a result past `max`
   * ("overflow in from_rational"). This is what pallet-broker and the on-demand pallet call.
   * Not to be confused with the trait's `saturatingFromRational`/`checkedFromRational` (round down).
   */
  fromRational(a: bigint, b: bigint): bigint;
  /**
   * `from_rational_with_rounding(a, b, r)` (inherent const fn): `a / b` with explicit rounding;
   * `undefined` where Rust panics (`b == 0`, or a result past `max`).
   */
  fromRationalWithRounding(a: bigint, b: bigint, r: Rounding): bigint | undefined;
  /**
   * `saturating_from_rational(n, d)` — the **`FixedPointNumber` trait** method (also
   * `From<(N, D)>`): `n / d` rounded **down**, saturating at `max` (at zero when the signs of `n`
   * and `d` differ). Throws a `RangeError` when `d == 0` (Rust panics).
   */
  saturatingFromRational(n: bigint, d: bigint): bigint;
  /**
   * `checked_from_rational(n, d)` — the **`FixedPointNumber` trait** method: `n / d` rounded
   * **down**; undefined when `d == 0`, the result is past `max`, or it is negative and non-zero.
   */
  checkedFromRational(n: bigint, d: bigint): bigint | undefined;
  /**
   * `saturating_mul(rhs)` (trait `Saturating`): `x * y / DIV` rounded **down**, saturating at `max`.
   */
  saturatingMul(x: bigint, y: bigint): bigint;
  /**
   * `checked_mul(rhs)` (trait `CheckedMul`; `x * y` is this, panicking on `None`): `x * y / DIV`
   * rounded **down**, or undefined past `max`.
   */
  checkedMul(x: bigint, y: bigint): bigint | undefined;
  /**
   * `const_checked_mul(rhs)` (inherent const fn): `x * y / DIV` rounded to the nearest, **ties
   * down**, or undefined past `max`.
   */
  constCheckedMul(x: bigint, y: bigint): bigint | undefined;
  /**
   * `mul(rhs)` — the **inherent const fn** (`x.mul(y)` in Rust resolves to it, while `x * y` is the
   * trait's `checkedMul`): nearest, ties down; throws "attempt to multiply with overflow".
   */
  constMul(x: bigint, y: bigint): bigint;
  /** `saturating_add(rhs)`: `x + y`, saturating at `max`. */
  saturatingAdd(x: bigint, y: bigint): bigint;
  /** `saturating_sub(rhs)`: `x - y`, floored at zero. */
  saturatingSub(x: bigint, y: bigint): bigint;
  /** `checked_add(rhs)`: `x + y`, or undefined past `max`. */
  checkedAdd(x: bigint, y: bigint): bigint | undefined;
  /** `checked_sub(rhs)`: `x - y`, or undefined when negative. */
  checkedSub(x: bigint, y: bigint): bigint | undefined;
  /**
   * `checked_div(rhs)` (trait `CheckedDiv`; `x / y` is this, panicking on `None`): `x * DIV / y`
   * rounded **down**; undefined when `y == 0` or past `max`.
   */
  checkedDiv(x: bigint, y: bigint): bigint | undefined;
  /**
   * `const_checked_div(rhs)` (inherent const fn): `x * DIV / y` rounded to the nearest, **ties
   * down**; undefined when `y == 0` or past `max`.
   */
  constCheckedDiv(x: bigint, y: bigint): bigint | undefined;
  /**
   * `div(rhs)` — the **inherent const fn**: as `constCheckedDiv`, throwing "attempt to divide with
   * overflow or NaN" where that is undefined.
   */
  constDiv(x: bigint, y: bigint): bigint;
  /** `reciprocal()`: `1 / x` = `one().checked_div(x)`, rounded **down**; undefined when `x == 0`. */
  reciprocal(x: bigint): bigint | undefined;
  /**
   * `saturating_mul_int(n)`: `x * n / DIV` rounded **down**, saturating at `max` (Rust's `N::MAX`;
   * u128 by default).
   */
  saturatingMulInt(x: bigint, n: bigint, max?: bigint): bigint;
  /** `checked_mul_int(n)`: `x * n / DIV` rounded **down**, undefined past `max` (Rust's `N::MAX`). */
  checkedMulInt(x: bigint, n: bigint, max?: bigint): bigint | undefined;
  /**
   * `checked_div_int(d)`: `x / d` as an integer (`(inner / d) / DIV`, rounded **down**); undefined
   * when `d == 0` or past `max`.
   */
  checkedDivInt(x: bigint, d: bigint, max?: bigint): bigint | undefined;
  /**
   * `saturating_div_int(d)`: as `checkedDivInt`, saturating at `max`; throws a `RangeError` when
   * `d == 0` (Rust panics: "attempt to divide by zero").
   */
  saturatingDivInt(x: bigint, d: bigint, max?: bigint): bigint;
  /** `saturating_mul_acc_int(n)`: `x * n + n` (the product rounded down), saturating at `max`. */
  saturatingMulAccInt(x: bigint, n: bigint, max?: bigint): bigint;
  /**
   * `saturating_pow(exp)`: square-and-multiply over the bits of `exp as u32` with `saturating_mul`
   * (each step rounded down), exactly in Rust's order. `exp == 0` gives one.
   */
  saturatingPow(x: bigint, exp: number | bigint): bigint;
  /**
   * `try_sqrt()` (= `sqrt()` for unsigned types, never `None`): `isqrt(x * DIV)` when that product
   * fits a u128, else `isqrt(x) * isqrt(DIV)` (less precise, as in Rust).
   */
  sqrt(x: bigint): bigint;
  /** `trunc()`: the integer part, as a fixed-point value. */
  trunc(x: bigint): bigint;
  /** `frac()`: the fractional part, as a fixed-point value. */
  frac(x: bigint): bigint;
  /** `ceil()`: the smallest integer ≥ x (as fixed point); saturates to `trunc(max)`. */
  ceil(x: bigint): bigint;
  /** `floor()`: the largest integer ≤ x (as fixed point; equal to `trunc` for unsigned). */
  floor(x: bigint): bigint;
  /** `round()`: the nearest integer (as fixed point), halves away from zero; saturates to `trunc(max)`. */
  round(x: bigint): bigint;
  /** `floor(x)` as an integer (`x / DIV`). */
  floorToInt(x: bigint): bigint;
  /**
   * `from_perbill(p)` (inherent const fn): `from_rational(parts, 1e9)` (nearest, ties down; exact
   * for both types: FixedU64's DIV is 1e9, FixedU128's a multiple of it).
   */
  fromPerbill(parts: bigint | number): bigint;
  /**
   * `into_perbill()` (inherent const fn): zero at zero, one at or above one, else
   * `x * 1e9 / DIV` rounded to the nearest, **ties down**. Returns Perbill parts.
   */
  intoPerbill(x: bigint): bigint;
  /**
   * `From<P: PerThing>`: `saturating_from_rational(parts, P::ACCURACY)`, rounded **down** (exact for
   * Percent/Permill/Perbill; Perquintill into FixedU64 loses the last nine digits).
   */
  fromPerThing(parts: bigint | number, pt: PerThing): bigint;
  /**
   * `into_clamped_perthing::<P>()`: one above one, else `P::from_rational(inner, DIV)` (rounded
   * **down**, unlike `intoPerbill`). Returns parts of `pt`.
   */
  intoClampedPerthing(x: bigint, pt: PerThing): bigint;
  /**
   * `try_into_perthing::<P>()`: `{ ok: true, value }` when `x <= 1` (value as `intoClampedPerthing`),
   * else `{ ok: false, value: one }` (Rust's `Err(P::one())`).
   */
  tryIntoPerthing(x: bigint, pt: PerThing): { ok: boolean; value: bigint };
  /** Human-readable decimal string (`"1.5"`; not Rust's `Debug`, which pads the fraction). */
  format(x: bigint): string;
}

function fixedUnsigned(name: FixedUnsigned["name"], div: bigint, bits: number): FixedUnsigned {
  const max = maxUint(bits);
  const inner = (x: bigint): bigint => unsigned(`${name} inner`, x, max);
  const int = (what: string, v: bigint): bigint => unsigned(`${name}::${what}`, v, U128_MAX);
  const sat = (v: bigint): bigint => (v > max ? max : v < 0n ? 0n : v);
  const fit = (v: bigint | undefined): bigint | undefined => (v === undefined || v > max ? undefined : v);

  const fromRationalWithRounding = (a: bigint, b: bigint, r: Rounding): bigint | undefined => {
    int("from_rational", a);
    int("from_rational", b);
    if (b === 0n) return undefined;
    return fit(multiplyByRationalWithRounding(div, a, b, r));
  };
  const checkedFromRational = (n: bigint, d: bigint): bigint | undefined => {
    if (d === 0n) return undefined;
    const negative = n < 0n !== d < 0n;
    const an = n < 0n ? -n : n;
    const ad = d < 0n ? -d : d;
    // I129 holds the magnitude in a u128; Rounding::from_signed(Minor, _) is Down either way.
    const v = multiplyByRationalWithRounding(int("checked_from_rational", an), div, int("checked_from_rational", ad), "Down");
    if (v === undefined) return undefined;
    if (negative && v !== 0n) return undefined; // from_i129: an unsigned type holds no negative value
    return fit(v);
  };
  const checkedMulR = (x: bigint, y: bigint, r: Rounding): bigint | undefined =>
    fit(multiplyByRationalWithRounding(inner(x), inner(y), div, r));
  const checkedDivR = (x: bigint, y: bigint, r: Rounding): bigint | undefined => {
    if (inner(y) === 0n) return undefined;
    return fit(multiplyByRationalWithRounding(inner(x), div, y, r));
  };
  const saturatingMul = (x: bigint, y: bigint): bigint => checkedMulR(x, y, "Down") ?? max;
  const saturatingAdd = (x: bigint, y: bigint): bigint => sat(inner(x) + inner(y));
  const checkedMulInt = (x: bigint, n: bigint, m: bigint = U128_MAX): bigint | undefined => {
    const i = int("checked_mul_int", n);
    const v = x === div ? i : multiplyByRationalWithRounding(inner(x), i, div, "Down"); // one × n is n, whatever the rounding
    return v === undefined || v > m ? undefined : v;
  };
  const saturatingMulInt = (x: bigint, n: bigint, m: bigint = U128_MAX): bigint => checkedMulInt(x, n, m) ?? m;
  const checkedDivInt = (x: bigint, d: bigint, m: bigint = U128_MAX): bigint | undefined => {
    if (int("checked_div_int", d) === 0n) return undefined;
    const v = inner(x) / d / div;
    return v > m ? undefined : v;
  };
  const trunc = (x: bigint): bigint => (inner(x) / div) * div;
  const frac = (x: bigint): bigint => x - trunc(x);
  const fromRational = (a: bigint, b: bigint): bigint => {
    if (int("from_rational", b) === 0n) throw new RangeError(`${name}::from_rational: attempt to divide by zero in from_rational`);
    const v = fromRationalWithRounding(a, b, "NearestPrefDown");
    if (v === undefined) throw new RangeError(`${name}::from_rational(${a}, ${b}): overflow in from_rational`);
    return v;
  };

  return {
    name,
    div,
    one: div,
    max,
    fromInner: inner,
    intoInner: inner,
    fromInteger: (n) => sat(BigInt(n) * div),
    checkedFromInteger: (n) => fit(int("checked_from_integer", BigInt(n)) * div),
    fromU32: (n) => unsigned(`${name}::from_u32`, BigInt(n), U32_MAX) * div,
    toU32: (x) => Number((inner(x) / div) & U32_MAX),
    fromRational,
    fromRationalWithRounding,
    saturatingFromRational: (n, d) => {
      if (d === 0n) throw new RangeError(`${name}::saturating_from_rational: attempt to divide by zero`);
      return checkedFromRational(n, d) ?? (n < 0n !== d < 0n ? 0n : max);
    },
    checkedFromRational,
    saturatingMul,
    checkedMul: (x, y) => checkedMulR(x, y, "Down"),
    constCheckedMul: (x, y) => checkedMulR(x, y, "NearestPrefDown"),
    constMul: (x, y) => {
      const v = checkedMulR(x, y, "NearestPrefDown");
      if (v === undefined) throw new RangeError(`${name}::mul: attempt to multiply with overflow`);
      return v;
    },
    saturatingAdd,
    saturatingSub: (x, y) => (inner(x) > inner(y) ? x - y : 0n),
    checkedAdd: (x, y) => fit(inner(x) + inner(y)),
    checkedSub: (x, y) => (inner(x) >= inner(y) ? x - y : undefined),
    checkedDiv: (x, y) => checkedDivR(x, y, "Down"),
    constCheckedDiv: (x, y) => checkedDivR(x, y, "NearestPrefDown"),
    constDiv: (x, y) => {
      const v = checkedDivR(x, y, "NearestPrefDown");
      if (v === undefined) throw new RangeError(`${name}::div: attempt to divide with overflow or NaN`);
      return v;
    },
    reciprocal: (x) => checkedDivR(div, x, "Down"),
    saturatingMulInt,
    checkedMulInt,
    checkedDivInt,
    saturatingDivInt: (x, d, m = U128_MAX) => {
      if (d === 0n) throw new RangeError(`${name}::saturating_div_int: attempt to divide by zero`);
      return checkedDivInt(x, d, m) ?? m;
    },
    saturatingMulAccInt: (x, n, m = U128_MAX) => {
      const v = saturatingMulInt(x, n, m) + n;
      return v > m ? m : v;
    },
    saturatingPow(x, exp) {
      const e0 = unsigned(`${name}::saturating_pow exponent`, BigInt(exp));
      if (e0 === 0n) return div;
      const e = e0 & U32_MAX; // `exp as u32`
      let result = div;
      let powVal = inner(x);
      for (let bit = e; bit > 0n; bit >>= 1n) {
        if (bit & 1n) result = saturatingMul(result, powVal);
        powVal = saturatingMul(powVal, powVal);
      }
      return result;
    },
    sqrt(x) {
      const v = inner(x);
      if (v === 0n) return 0n;
      const vd = v * div;
      const r = vd <= U128_MAX ? integerSqrt(vd) : integerSqrt(v) * integerSqrt(div);
      return r & max; // `r as $inner_type`
    },
    trunc,
    frac,
    ceil: (x) => (frac(x) === 0n ? x : trunc(saturatingAdd(x, div))),
    floor: trunc,
    round: (x) => (saturatingMul(frac(x), 10n * div) < 5n * div ? trunc(x) : trunc(saturatingAdd(x, div))),
    floorToInt: (x) => inner(x) / div,
    fromPerbill: (parts) => fromRational(Perbill.fromParts(parts), Perbill.accuracy),
    intoPerbill: (x) => {
      if (inner(x) === 0n) return 0n;
      if (x >= div) return Perbill.accuracy;
      return multiplyByRationalWithRounding(x, Perbill.accuracy, div, "NearestPrefDown") ?? 0n;
    },
    fromPerThing: (parts, pt) => {
      const p = pt.fromParts(parts);
      return checkedFromRational(p, pt.accuracy) ?? max;
    },
    intoClampedPerthing: (x, pt) => (inner(x) > div ? pt.accuracy : pt.fromRational(x, div)),
    tryIntoPerthing: (x, pt) => (inner(x) > div ? { ok: false, value: pt.accuracy } : { ok: true, value: pt.fromRational(x, div) }),
    format: (x) => {
      const whole = x / div;
      const digits = div.toString().length - 1;
      const f = (x % div).toString().padStart(digits, "0").replace(/0+$/, "");
      return f ? `${whole}.${f}` : `${whole}`;
    },
  };
}

/** Unsigned fixed point with 9 decimals (`FixedU64`, inner u64, DIV 1e9). */
export const FixedU64 = fixedUnsigned("FixedU64", 1_000_000_000n, 64);
/** Unsigned fixed point with 18 decimals (`FixedU128`, inner u128, DIV 1e18). */
export const FixedU128 = fixedUnsigned("FixedU128", 1_000_000_000_000_000_000n, 128);

function fixedCodec(f: FixedUnsigned): Codec<bigint> {
  const expected = `${f.name} (the inner integer, or a decimal with a point like "1.5")`;
  // SCALE: the inner integer (`FixedU64` a u64, `FixedU128` a u128), as sp-arithmetic encodes it
  const inner = f.max === (1n << 64n) - 1n ? t.u64 : t.u128;
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
    check(value: unknown, path: string) {
      if (typeof value !== "bigint" || value < 0n || value > f.max)
        throw new InvalidValueError(path, `${f.name} (the inner integer, a bigint 0..${f.max})`, value, typeof value === "bigint" ? "out of range" : undefined);
    },
    toJson: (v) => v.toString(),
    key: (v) => v.toString(16).padStart(32, "0"),
    scale: inner.scale,
    // `sp_arithmetic::fixed_point::FixedU128(u128)` (`FixedU64(u64)`)
    shape: { kind: "composite", path: ["sp_arithmetic", "fixed_point", f.name], fields: [{ codec: inner }] },
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
