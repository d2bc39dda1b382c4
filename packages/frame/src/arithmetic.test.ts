/**
 * Tests of the sp-arithmetic port: the edge cases of sp-arithmetic's own `#[test]`s
 * (`per_things.rs`, `fixed_point.rs`, `helpers_128bit.rs`, `lib.rs`), the pricing values of
 * pallet-broker (reference broker.md §6) and the on-demand pallet, and a deterministic property
 * table over pseudo-random operands (fast-check would widen it; it is not installed).
 *
 * Expected constants past 2^53 were computed independently (Python integers), not with this code.
 */
import { describe, expect, it } from "vitest";
import {
  FixedU128,
  FixedU64,
  Perbill,
  Percent,
  Permill,
  Perquintill,
  U128_MAX,
  U32_MAX,
  U64_MAX,
  arithmeticCodecs,
  checkedAdd,
  checkedMul,
  checkedSub,
  integerSqrt,
  mulDivRounding,
  multiplyByRationalWithRounding,
  saturatingAdd,
  saturatingAddN,
  saturatingMul,
  saturatingSub,
  saturatingSubN,
  type FixedUnsigned,
  type PerThing,
  type Rounding,
} from "./arithmetic.ts";

const I128_MAX = (1n << 127n) - 1n;
const U8_MAX = 255n;
const I8_MAX = 127n;
const PER_THINGS: PerThing[] = [Percent, Permill, Perbill, Perquintill];
const FIXED: FixedUnsigned[] = [FixedU64, FixedU128];
/** Rust's `$type::max_value()` of each per-thing's inner type. */
const INNER_MAX: Record<PerThing["name"], bigint> = { Percent: U8_MAX, Permill: U32_MAX, Perbill: U32_MAX, Perquintill: U64_MAX };
/** `from_float(x)` for the exact decimals used in the Rust tests (`x` given in thousandths). */
const milli = (pt: PerThing, thousandths: bigint): bigint => (pt.accuracy * thousandths) / 1000n;

// ------------------------------------------------------------------------------------------------
describe("helpers_128bit", () => {
  it("rounds a*b/c as each Rounding says (rational_multiply_basic_rounding_works)", () => {
    const cases: Array<[bigint, bigint, bigint, Rounding, bigint]> = [
      [1n, 1n, 1n, "Up", 1n],
      [3n, 1n, 3n, "Up", 1n],
      [1n, 1n, 3n, "Up", 1n],
      [1n, 2n, 3n, "Down", 0n],
      [1n, 1n, 3n, "NearestPrefDown", 0n],
      [1n, 1n, 2n, "NearestPrefDown", 0n],
      [1n, 2n, 3n, "NearestPrefDown", 1n],
      [1n, 1n, 3n, "NearestPrefUp", 0n],
      [1n, 1n, 2n, "NearestPrefUp", 1n],
      [1n, 2n, 3n, "NearestPrefUp", 1n],
    ];
    for (const [a, b, c, r, want] of cases) {
      expect(multiplyByRationalWithRounding(a, b, c, r), `${a}*${b}/${c} ${r}`).toBe(want);
      expect(mulDivRounding(a, b, c, r)).toBe(want);
    }
  });

  it("handles u128::MAX operands with a 256-bit product (rational_multiply_big_number_works)", () => {
    const M = U128_MAX;
    expect(multiplyByRationalWithRounding(M, M - 1n, M, "Down")).toBe(M - 1n);
    expect(multiplyByRationalWithRounding(M, 1n, M, "Down")).toBe(1n);
    expect(multiplyByRationalWithRounding(M, M - 1n, M, "Up")).toBe(M - 1n);
    expect(multiplyByRationalWithRounding(M, 1n, M, "Up")).toBe(1n);
    expect(multiplyByRationalWithRounding(1n, M - 1n, M, "Down")).toBe(0n);
    expect(multiplyByRationalWithRounding(1n, 1n, M, "Up")).toBe(1n);
    expect(multiplyByRationalWithRounding(1n, M / 2n, M, "NearestPrefDown")).toBe(0n);
    expect(multiplyByRationalWithRounding(1n, M / 2n + 1n, M, "NearestPrefDown")).toBe(1n);
    expect(multiplyByRationalWithRounding(1n, M / 2n, M, "NearestPrefUp")).toBe(0n);
    expect(multiplyByRationalWithRounding(1n, M / 2n + 1n, M, "NearestPrefUp")).toBe(1n);
  });

  it("returns undefined on a zero divisor or a result past u128::MAX, and rejects non-u128 operands", () => {
    expect(multiplyByRationalWithRounding(1n, 1n, 0n, "Down")).toBeUndefined();
    expect(mulDivRounding(1n, 1n, 0n, "Down")).toBeUndefined();
    expect(multiplyByRationalWithRounding(U128_MAX, 2n, 1n, "Down")).toBeUndefined();
    expect(multiplyByRationalWithRounding(U128_MAX, 1n, 1n, "Up")).toBe(U128_MAX);
    // rounding up past the maximum overflows too
    expect(multiplyByRationalWithRounding(U128_MAX, U128_MAX, U128_MAX - 1n, "Down")).toBeUndefined();
    expect(mulDivRounding(U128_MAX, 2n, 1n, "Down")).toBe(2n * U128_MAX);
    expect(() => multiplyByRationalWithRounding(-1n, 1n, 1n, "Down")).toThrow(RangeError);
    expect(() => multiplyByRationalWithRounding(U128_MAX + 1n, 1n, 1n, "Down")).toThrow(RangeError);
  });

  it("takes integer square roots rounded down (sqrt_works)", () => {
    expect(integerSqrt(0n)).toBe(0n);
    expect(integerSqrt(1n)).toBe(1n);
    expect(integerSqrt(3n)).toBe(1n);
    expect(integerSqrt(4n)).toBe(2n);
    expect(integerSqrt(U128_MAX)).toBe(U64_MAX);
    for (const a of [2n, 3n, 1_000_000_007n, U32_MAX, U64_MAX, 1n << 100n]) {
      expect(integerSqrt(a * a)).toBe(a);
      expect(integerSqrt(a * a - 1n)).toBe(a - 1n);
      expect(integerSqrt(a * a + 2n * a)).toBe(a);
    }
    expect(() => integerSqrt(-1n)).toThrow(RangeError);
  });

  it("saturates and checks plain integers", () => {
    expect(saturatingAdd(U128_MAX, 1n)).toBe(U128_MAX);
    expect(saturatingAdd(U64_MAX - 1n, 5n, U64_MAX)).toBe(U64_MAX);
    expect(saturatingSub(3n, 5n)).toBe(0n);
    expect(saturatingMul(U128_MAX, 2n)).toBe(U128_MAX);
    expect(saturatingMul(3n, 4n)).toBe(12n);
    expect(checkedAdd(U128_MAX, 1n)).toBeUndefined();
    expect(checkedAdd(1n, 2n)).toBe(3n);
    expect(checkedSub(1n, 2n)).toBeUndefined();
    expect(checkedSub(2n, 2n)).toBe(0n);
    expect(checkedMul(U64_MAX, 2n, U64_MAX)).toBeUndefined();
    expect(checkedMul(U64_MAX, 1n, U64_MAX)).toBe(U64_MAX);
    expect(saturatingSubN(1, 2)).toBe(0);
    expect(saturatingAddN(0xffff_fffe, 5)).toBe(0xffff_ffff);
  });
});

// ------------------------------------------------------------------------------------------------
describe("per-things", () => {
  it.each(PER_THINGS)("$name: from_percent, from_parts and one (per_thing_api_works)", (pt) => {
    const max = pt.accuracy;
    expect(pt.one).toBe(max);
    expect(pt.fromPercent(0)).toBe(0n);
    expect(pt.fromPercent(10)).toBe(max / 10n);
    expect(pt.fromPercent(50)).toBe(max / 2n);
    expect(pt.fromPercent(100)).toBe(max);
    expect(pt.fromPercent(200)).toBe(max);
    expect(pt.fromParts(max + 1n)).toBe(max);
    expect(pt.fromParts(7)).toBe(7n);
    expect(() => pt.fromParts(-1)).toThrow(RangeError);
    expect(() => pt.fromPercent(-1)).toThrow(RangeError);
  });

  it.each(PER_THINGS)("$name: from_rational(1, 3) * 30 == 10 (per_thing_mul_works)", (pt) => {
    expect(pt.mul(pt.fromRational(1n, 3n), 30n)).toBe(10n);
  });

  it.each(PER_THINGS)("$name: multiplies u64::MAX and u128::MAX at the bounds (per_thing_mul_test)", (pt) => {
    for (const M of [U64_MAX, U128_MAX]) {
      expect(pt.mul(pt.one, M)).toBe(M);
      expect(pt.mul(0, M)).toBe(0n);
      // the exact half of an odd maximum is a tie: it rounds down
      expect(pt.mul(pt.fromPercent(50), M)).toBe(M / 2n);
    }
    expect(pt.mul(pt.fromPercent(99), U64_MAX)).toBe(18262276632972456099n);
    expect(pt.mul(pt.fromPercent(99), U128_MAX)).toBe(336879543251729078828740861357450529340n);
    expect(pt.mul(pt.fromPercent(1), U64_MAX)).toBe(184467440737095516n);
    expect(pt.mul(pt.fromPercent(1), U128_MAX)).toBe(3402823669209384634633746074317682115n);
  });

  it.each(PER_THINGS)("$name: Mul<N> rounds to the nearest, ties down (per_thing_mul_rounds_to_nearest_number)", (pt) => {
    expect(pt.mul(pt.fromPercent(33), 10n)).toBe(3n);
    expect(pt.mul(pt.fromPercent(34), 10n)).toBe(3n);
    expect(pt.mul(pt.fromPercent(35), 10n)).toBe(3n); // 3.5: tie, down
    expect(pt.mul(pt.fromPercent(36), 10n)).toBe(4n);
    expect(pt.mul(pt.fromPercent(50), 100n)).toBe(50n); // per_things_mul_operates_in_output_type
  });

  it("Perbill(1) * u128::MAX and Perthing(max - 1) * u128::MAX are exact (per_thing_multiplication_with_large_number)", () => {
    // u128::MAX / 1e9 = …431.768211455: the remainder is past one half, so it rounds up
    expect(Perbill.mul(1, U128_MAX)).toBe(340282366920938463463374607432n);
    expect(Perbill.mulFloor(1, U128_MAX)).toBe(340282366920938463463374607431n);
    const want: Record<PerThing["name"], bigint> = {
      Percent: 336879543251729078828740861357450529340n,
      Permill: 340282026638571542524911144057160779687n,
      Perbill: 340282366580656096542436143968393604023n,
      Perquintill: 340282366920938463123092240510829747992n,
    };
    for (const pt of PER_THINGS) expect(pt.mul(pt.accuracy - 1n, U128_MAX), pt.name).toBe(want[pt.name]);
  });

  it("Perbill::from_rational(1, 3) rounds down; from_rational never exceeds one", () => {
    expect(Perbill.fromRational(1n, 3n)).toBe(333_333_333n);
    expect(Perbill.fromRational(2n, 3n)).toBe(666_666_666n);
    expect(Perbill.fromRational(5n, 3n)).toBe(1_000_000_000n); // p > q: one
    expect(Perbill.fromRational(0n, 0n)).toBe(1_000_000_000n); // q == 0: one
    expect(Percent.fromRational(989n, 1000n)).toBe(98n);
    expect(Percent.fromRational(5n, 100n)).toBe(5n); // percent_mult
    expect(Percent.mul(Percent.fromRational(5n, 100n), 100n)).toBe(5n);
    expect(Percent.fromRational(190n, 400n)).toBe(47n); // percent_example
    expect(Perbill.fromPercent(80)).toBe(800_000_000n); // perbill_example
    expect(() => Perbill.fromRational(-1n, 3n)).toThrow(RangeError);
  });

  it.each(PER_THINGS)("$name: from_rational at the edges (per_thing_from_rationale_approx_works)", (pt) => {
    const max = pt.accuracy;
    expect(pt.fromRational(max - 1n, max + 1n)).toBe(max - 2n);
    expect(pt.fromRational(1n, max - 1n)).toBe(1n);
    expect(pt.fromRational(1n, max)).toBe(1n);
    expect(pt.fromRational(2n, 2n * max - 1n)).toBe(1n);
    expect(pt.fromRational(1n, max + 1n)).toBe(0n);
    expect(pt.fromRational((3n * max) / 2n, 3n * max)).toBe(max / 2n);
    // the N of Rust's test: u32, u64, u128 (Perquintill: u64, u128)
    for (const N of pt.name === "Perquintill" ? [U64_MAX, U128_MAX] : [U32_MAX, U64_MAX, U128_MAX]) {
      expect(pt.fromRational(1n, 0n)).toBe(max);
      expect(pt.fromRational(1n, 1n)).toBe(max);
      expect(pt.fromRational(1n, 3n)).toBe(max / 3n);
      expect(pt.fromRational(1n, 10n)).toBe(max / 10n);
      expect(pt.fromRational(1n, 4n)).toBe(max / 4n);
      expect(pt.fromRational(1n, 4n)).toBe(pt.fromRational(2n, 8n));
      // (N − 1)/N · max = max − max/N, rounded down: max − ceil(max / N)
      expect(pt.fromRational(N - 1n, N)).toBe(max - (max + N - 1n) / N);
      // every N here is 2^k − 1, a multiple of 3: exactly one third
      expect(pt.fromRational(N / 3n, N)).toBe(max / 3n);
      expect(pt.fromRational(1n, N)).toBe(0n);
    }
  });

  it("from_rational_with_rounding follows the doc examples of per_things.rs", () => {
    expect(Percent.fromRationalWithRounding(989n, 1000n, "Down")).toBe(98n);
    expect(Percent.fromRationalWithRounding(984n, 1000n, "NearestPrefUp")).toBe(98n);
    expect(Percent.fromRationalWithRounding(985n, 1000n, "NearestPrefDown")).toBe(98n);
    expect(Percent.fromRationalWithRounding(985n, 1000n, "NearestPrefUp")).toBe(99n);
    expect(Percent.fromRationalWithRounding(986n, 1000n, "NearestPrefDown")).toBe(99n);
    expect(Percent.fromRationalWithRounding(981n, 1000n, "Up")).toBe(99n);
    expect(Percent.fromRationalWithRounding(1001n, 1000n, "Up")).toBeUndefined();
    expect(Perbill.fromRationalWithRounding(1n, 0n, "Down")).toBeUndefined();
  });

  it("from_rational_with_rounding works in extreme cases and keeps q·d on the right side of n", () => {
    const roundings: Rounding[] = ["Down", "NearestPrefDown", "NearestPrefUp", "Up"];
    for (const r of roundings)
      for (const pt of [Percent, Permill, Perbill])
        for (const M of [U64_MAX, U32_MAX, 0xffffn]) {
          expect(pt.fromRationalWithRounding(1n, M, r)).toBeDefined();
          expect(pt.fromRationalWithRounding(M - 1n, M, r)).toBeDefined();
        }
    // from_rational_with_rounding_breakage(_2)
    const n1 = 372633774963620730670986667244911905n;
    const d1 = 512593663333074177468745541591173060n;
    const q1 = Perquintill.fromRationalWithRounding(n1, d1, "Down")!;
    expect(q1).toBe(726957435526256165n);
    expect(Perquintill.mul(q1, d1) <= n1).toBe(true);
    const n2 = 36893488147419103230n;
    const d2 = 36893488147419103630n;
    const q2 = Perquintill.fromRationalWithRounding(n2, d2, "Up")!;
    expect(Perquintill.mul(q2, d2) >= n2).toBe(true);
  });

  it.each(PER_THINGS)("$name: saturating add/sub/mul and checked ops (per_thing_saturating_op_works, test_basic_*)", (pt) => {
    const max = pt.accuracy;
    expect(pt.saturatingAdd(milli(pt, 500n), milli(pt, 400n))).toBe(milli(pt, 900n));
    expect(pt.saturatingAdd(milli(pt, 500n), milli(pt, 500n))).toBe(max);
    expect(pt.saturatingAdd(milli(pt, 600n), milli(pt, 500n))).toBe(max);
    expect(pt.saturatingSub(milli(pt, 600n), milli(pt, 500n))).toBe(milli(pt, 100n));
    expect(pt.saturatingSub(milli(pt, 600n), milli(pt, 700n))).toBe(0n);
    expect(pt.saturatingMul(milli(pt, 500n), milli(pt, 500n))).toBe(milli(pt, 250n));
    expect(pt.saturatingMul(milli(pt, 100n), milli(pt, 100n))).toBe(max / 100n);
    expect(pt.checkedAdd(1, 1)).toBe(2n);
    expect(pt.checkedAdd(max, 1)).toBeUndefined();
    expect(pt.checkedSub(20, 10)).toBe(10n);
    expect(pt.checkedSub(0, 1)).toBeUndefined();
    expect(pt.saturatingMul(pt.fromPercent(50), pt.fromPercent(26))).toBe(pt.fromPercent(13));
    expect(pt.saturatingMul(max, max)).toBe(max);
    expect(pt.complement(pt.fromPercent(30))).toBe(pt.fromPercent(70));
    expect(pt.complement(max + 5n)).toBe(0n);
  });

  it("Perbill * Perbill rounds down", () => {
    // 0.000000001 * 0.999999999 = 0.000000000999999999: down to zero
    expect(Perbill.saturatingMul(1, 999_999_999)).toBe(0n);
    expect(Percent.saturatingMul(33, 33)).toBe(10n); // 10.89%
  });

  it.each(PER_THINGS)("$name: square and saturating_pow (per_thing_square_works, saturating_pow_works)", (pt) => {
    const max = pt.accuracy;
    expect(pt.square(max)).toBe(max);
    expect(pt.square(milli(pt, 500n))).toBe(milli(pt, 250n));
    expect(pt.square(milli(pt, 100n))).toBe(max / 100n);
    expect(pt.square(milli(pt, 20n))).toBe((4n * max) / 100n / 100n);
    const half = max / 2n;
    expect(pt.saturatingPow(half, 0)).toBe(max);
    expect(pt.saturatingPow(half, 1)).toBe(half);
    expect(pt.saturatingPow(half, 2)).toBe(pt.square(half));
    for (let n = 1n; n <= 16n; n++) expect(pt.saturatingPow(half, n), `${pt.name} ^${n}`).toBe(max / 2n ** n);
    expect(pt.saturatingPow(0, 3)).toBe(0n);
    expect(pt.saturatingPow(max, 3)).toBe(max);
    expect(pt.saturatingPow(half, 2 ** 31)).toBe(0n);
  });

  it.each(PER_THINGS)("$name: a / b between per-things (per_things_div_works)", (pt) => {
    const max = pt.accuracy;
    expect(pt.saturatingDiv(milli(pt, 100n), milli(pt, 200n), "Down")).toBe(milli(pt, 500n));
    expect(pt.saturatingDiv(milli(pt, 100n), milli(pt, 100n), "Down")).toBe(max);
    expect(pt.saturatingDiv(milli(pt, 100n), 0, "Down")).toBe(max);
    expect(pt.saturatingDiv(milli(pt, 100n), milli(pt, 50n), "Down")).toBe(max);
    expect(pt.saturatingDiv(max, milli(pt, 500n), "Down")).toBe(max);
  });

  it("saturating_div rounds as asked (doc example of per_things.rs)", () => {
    const pc = (x: number) => Percent.fromPercent(x);
    expect(Percent.saturatingDiv(pc(2), pc(3), "Down")).toBe(66n);
    expect(Percent.saturatingDiv(pc(1), pc(3), "NearestPrefUp")).toBe(33n);
    expect(Percent.saturatingDiv(pc(2), pc(3), "NearestPrefDown")).toBe(67n);
    expect(Percent.saturatingDiv(pc(1), pc(3), "Up")).toBe(34n);
  });

  it.each(PER_THINGS)("$name: saturating_reciprocal_mul and its floor/ceil variants", (pt) => {
    const tmax = INNER_MAX[pt.name];
    expect(pt.saturatingReciprocalMul(pt.accuracy, 10n, tmax)).toBe(10n);
    expect(pt.saturatingReciprocalMul(pt.accuracy / 2n, 10n, tmax)).toBe(20n);
    expect(pt.saturatingReciprocalMul(1, pt.accuracy, tmax)).toBe(tmax); // saturates at the type's max
    expect(pt.saturatingReciprocalMul(pt.fromPercent(60), 10n, tmax)).toBe(17n); // 16.67: nearest
    expect(pt.saturatingReciprocalMulFloor(pt.fromPercent(60), 10n, tmax)).toBe(16n);
    expect(pt.saturatingReciprocalMul(pt.fromPercent(61), 10n, tmax)).toBe(16n); // 16.39: nearest
    expect(pt.saturatingReciprocalMulCeil(pt.fromPercent(61), 10n, tmax)).toBe(17n);
    expect(pt.saturatingReciprocalMul(pt.fromPercent(40), 1n, tmax)).toBe(3n); // 2.5: tie, up
    expect(pt.saturatingReciprocalMulFloor(pt.fromPercent(40), 1n, tmax)).toBe(2n);
    expect(() => pt.saturatingReciprocalMul(0, 10n)).toThrow(/divide by zero/);
  });

  it("saturating_reciprocal_mul saturates at u128::MAX by default", () => {
    expect(Perbill.saturatingReciprocalMul(1, U128_MAX)).toBe(U128_MAX);
    expect(Perbill.saturatingReciprocalMul(Perbill.fromPercent(50), 10n, 15n)).toBe(15n);
  });

  it.each(PER_THINGS)("$name: mul_floor and mul_ceil (saturating_truncating_mul_works, PerThing docs)", (pt) => {
    expect(pt.mulFloor(pt.fromPercent(49), 10n)).toBe(4n);
    const sq = pt.accuracy * pt.accuracy;
    expect(pt.mulFloor(pt.fromPercent(50), sq)).toBe(sq / 2n);
    expect(pt.mulFloor(pt.fromPercent(34), 10n)).toBe(3n);
    expect(pt.mulFloor(pt.fromPercent(36), 10n)).toBe(3n);
    expect(pt.mulCeil(pt.fromPercent(34), 10n)).toBe(4n);
    expect(pt.mulCeil(pt.fromPercent(36), 10n)).toBe(4n);
    expect(pt.mulCeil(pt.fromPercent(30), 10n)).toBe(3n);
    expect(() => pt.mul(1, -1n)).toThrow(RangeError);
  });

  it("int_mul saturates at one; int_div is integer division of the parts", () => {
    expect(Perbill.intMul(300_000_000, 3)).toBe(900_000_000n);
    expect(Perbill.intMul(300_000_000, 4)).toBe(1_000_000_000n);
    expect(Perbill.intDiv(900_000_000, 300_000_001)).toBe(2n);
    expect(() => Perbill.intDiv(1, 0)).toThrow(RangeError);
  });

  it("Perbill × balance as pallets use it (restaking slashes, broker renewal bump, Magnet threshold)", () => {
    expect(Perbill.mul(500_000_000, 3n)).toBe(1n); // 1.5: tie, down
    expect(Perbill.mul(1, 1_500_000_000n)).toBe(1n); // 1.5: tie, down
    expect(Perbill.mul(1, 1_500_000_001n)).toBe(2n);
    expect(Perbill.mulCeil(1, 1_000_000_001n)).toBe(2n);
    expect(Perbill.mul(Perbill.fromPercent(3), 1_000_000_001n)).toBe(30_000_000n);
    expect(Perbill.mulFloor(Perbill.fromPercent(3), 999n)).toBe(29n);
  });
});

// ------------------------------------------------------------------------------------------------
describe("fixed point", () => {
  it.each(FIXED)("$name: from_inner/into_inner, from_u32/to_u32 (u32_roundtrip_matches, from_inner_works)", (f) => {
    expect(f.fromInner(f.max)).toBe(f.max);
    expect(f.intoInner(0n)).toBe(0n);
    expect(() => f.fromInner(f.max + 1n)).toThrow(RangeError);
    expect(() => f.fromInner(-1n)).toThrow(RangeError);
    const x = f.fromU32(0xffff_ffff);
    expect(x).toBe(U32_MAX * f.div);
    expect(f.toU32(x)).toBe(0xffff_ffff);
    expect(() => f.fromU32(2 ** 32)).toThrow(RangeError);
    expect(f.one).toBe(f.div);
  });

  it.each(FIXED)("$name: saturating_from_integer and checked_from_integer", (f) => {
    expect(f.fromInteger(42)).toBe(42n * f.div);
    expect(f.fromInteger(-42)).toBe(0n);
    expect(f.fromInteger(f.max / f.div)).toBe((f.max / f.div) * f.div);
    expect(f.fromInteger(f.max / f.div + 1n)).toBe(f.max);
    expect(f.checkedFromInteger(42)).toBe(42n * f.div);
    expect(f.checkedFromInteger(f.max / f.div)).toBe((f.max / f.div) * f.div);
    expect(f.checkedFromInteger(f.max / f.div + 1n)).toBeUndefined();
  });

  it.each(FIXED)("$name: saturating_from_rational rounds down and saturates (saturating_from_rational_works)", (f) => {
    const acc = f.div;
    expect(f.saturatingFromRational(5n, 2n)).toBe((25n * acc) / 10n);
    expect(f.saturatingFromRational(f.max - 1n, acc)).toBe(f.max - 1n);
    expect(f.saturatingFromRational(f.max, acc)).toBe(f.max);
    expect(f.saturatingFromRational(0n, 1n)).toBe(0n);
    expect(f.saturatingFromRational(f.max, 1n)).toBe(f.max);
    expect(f.saturatingFromRational(f.max, f.max)).toBe(acc);
    expect(f.saturatingFromRational(f.max, 3n * acc)).toBe(f.max / 3n);
    expect(f.saturatingFromRational(1n, acc)).toBe(1n);
    expect(f.saturatingFromRational(1n, acc + 1n)).toBe(0n); // out of accuracy: down
    // signed operands as Rust's FixedPointOperand allows: a negative result saturates to zero
    expect(f.saturatingFromRational(-5n, 2n)).toBe(0n);
    expect(f.saturatingFromRational(5n, -2n)).toBe(0n);
    expect(f.saturatingFromRational(-5n, -2n)).toBe((25n * acc) / 10n);
    expect(() => f.saturatingFromRational(1n, 0n)).toThrow(/divide by zero/);
  });

  it.each(FIXED)("$name: checked_from_rational (checked_from_rational_works)", (f) => {
    const acc = f.div;
    expect(f.checkedFromRational(1n, 0n)).toBeUndefined();
    expect(f.checkedFromRational(f.max - 1n, acc)).toBe(f.max - 1n);
    expect(f.checkedFromRational(f.max, acc)).toBe(f.max);
    expect(f.checkedFromRational(f.max, 3n * acc)).toBe(f.max / 3n);
    expect(f.checkedFromRational(1n, acc)).toBe(1n);
    expect(f.checkedFromRational(1n, acc + 1n)).toBe(0n);
    expect(f.checkedFromRational(f.max, 1n)).toBeUndefined();
    expect(f.checkedFromRational(-1n, acc)).toBeUndefined();
    expect(f.checkedFromRational(0n, -1n)).toBe(0n);
  });

  it.each(FIXED)("$name: the inherent from_rational rounds to the nearest, ties down (from_rational_works)", (f) => {
    const acc = f.div;
    expect(f.fromRational(f.max - 1n, acc)).toBe(f.max - 1n);
    expect(f.fromRational(1n, acc)).toBe(1n);
    expect(f.fromRational(f.max, acc)).toBe(f.max);
    expect(f.fromRational(0n, acc)).toBe(0n);
    expect(f.fromRational(f.max, 3n * acc)).toBe(f.max / 3n);
    expect(f.fromRational(1n, acc + 1n)).toBe(1n); // 0.999…: nearest
    expect(f.fromRationalWithRounding(1n, acc + 1n, "Down")).toBe(0n);
    expect(f.fromRational(1n, 2n * acc)).toBe(0n); // 0.5 of the last digit: tie, down
    expect(f.fromRational(3n, 2n * acc)).toBe(1n); // 1.5: tie, down
    expect(f.fromRationalWithRounding(3n, 2n * acc, "NearestPrefUp")).toBe(2n);
    expect(() => f.fromRational(1n, 0n)).toThrow(/divide by zero in from_rational/);
    expect(() => f.fromRational(f.max, 1n)).toThrow(/overflow in from_rational/);
    expect(f.fromRationalWithRounding(1n, 0n, "Down")).toBeUndefined();
    expect(f.fromRationalWithRounding(f.max, 1n, "Down")).toBeUndefined();
  });

  it("the inherent from_rational and the trait's saturating_from_rational differ by their rounding", () => {
    expect(FixedU64.fromRational(2n, 3n)).toBe(666_666_667n);
    expect(FixedU64.saturatingFromRational(2n, 3n)).toBe(666_666_666n);
    expect(FixedU64.checkedFromRational(2n, 3n)).toBe(666_666_666n);
    expect(FixedU128.fromRational(2n, 3n)).toBe(666_666_666_666_666_667n);
    expect(FixedU128.saturatingFromRational(2n, 3n)).toBe(666_666_666_666_666_666n);
  });

  it("FixedU64 examples of sp-arithmetic's lib.rs", () => {
    expect(FixedU64.fromRational(5n, 10n)).toBe(500_000_000n);
    expect(FixedU64.fromRational(19n, 10n)).toBe(1_900_000_000n);
    expect(FixedU64.fromRational(10n, 5n)).toBe(2_000_000_000n);
    expect(FixedU64.fromRationalWithRounding(5n, 10n, "Down")).toBe(500_000_000n);
  });

  it.each(FIXED)("$name: checked_mul_int and saturating_mul_int round down and bound by N (checked_mul_int_works)", (f) => {
    const two = f.fromInteger(2);
    expect(f.checkedMulInt(two, (I128_MAX - 1n) / 2n, I128_MAX)).toBe(I128_MAX - 1n);
    expect(f.checkedMulInt(two, I128_MAX / 2n, I128_MAX)).toBe(I128_MAX - 1n);
    expect(f.checkedMulInt(two, I128_MAX / 2n + 1n, I128_MAX)).toBeUndefined();
    expect(f.saturatingMulInt(two, I128_MAX / 2n + 1n, I128_MAX)).toBe(I128_MAX);
    const half = f.saturatingFromRational(1n, 2n);
    expect(f.checkedMulInt(half, 42n)).toBe(21n);
    expect(f.checkedMulInt(half, I128_MAX, I128_MAX)).toBe(I128_MAX / 2n);
    expect(f.checkedMulInt(half, U128_MAX)).toBe(U128_MAX / 2n);
    const c = f.fromInteger(255);
    expect(f.checkedMulInt(c, 2n, I8_MAX)).toBeUndefined();
    expect(f.saturatingMulInt(c, 2n, I8_MAX)).toBe(I8_MAX);
    expect(f.checkedMulInt(c, 2n)).toBe(510n);
    expect(f.checkedMulInt(c, I128_MAX, I128_MAX)).toBeUndefined();
    expect(f.saturatingMulInt(c, I128_MAX, I128_MAX)).toBe(I128_MAX);
    expect(f.saturatingMulInt(c, U128_MAX)).toBe(U128_MAX);
    expect(f.saturatingMulInt(c, U64_MAX, U64_MAX)).toBe(U64_MAX);
    // 1.5 * 3 = 4.5: down
    expect(f.saturatingMulInt(f.fromRational(3n, 2n), 3n)).toBe(4n);
    expect(() => f.checkedMulInt(two, -1n)).toThrow(RangeError);
  });

  it.each(FIXED)("$name: checked_mul and saturating_mul round down (checked_mul_works)", (f) => {
    const two = f.fromInteger(2);
    const b = f.max - 1n;
    expect(f.checkedMul(two, f.checkedDiv(b, two)!)).toBe(b);
    expect(f.checkedMul(two, f.checkedDiv(f.max, two)!)).toBe(b);
    expect(f.checkedMul(two, f.checkedDiv(f.max, two)! + 1n)).toBeUndefined();
    expect(f.saturatingMul(two, f.checkedDiv(f.max, two)! + 1n)).toBe(f.max);
    const half = f.saturatingFromRational(1n, 2n);
    const c = f.fromInteger(255);
    expect(f.checkedMul(half, f.fromInteger(42))).toBe(f.fromInteger(21));
    expect(f.checkedMul(c, two)).toBe(f.fromInteger(510));
    expect(f.checkedMul(c, f.max)).toBeUndefined();
    expect(f.checkedMul(half, f.max)).toBe(f.checkedDiv(f.max, two));
    expect(f.checkedMul(half, 0n)).toBe(0n);
  });

  it.each(FIXED)("$name: const_checked_mul / mul round to the nearest, ties down (const_checked_mul_works)", (f) => {
    const two = f.fromInteger(2);
    const b = f.max - 1n;
    expect(f.constCheckedMul(two, f.checkedDiv(b, two)!)).toBe(b);
    expect(f.constCheckedMul(two, f.checkedDiv(f.max, two)! + 1n)).toBeUndefined();
    const half = f.saturatingFromRational(1n, 2n);
    expect(f.constCheckedMul(half, f.fromInteger(42))).toBe(f.fromInteger(21));
    expect(f.constCheckedMul(f.fromInteger(255), f.max)).toBeUndefined();
    expect(f.constCheckedMul(half, f.max)).toBe(f.checkedDiv(f.max, two));
    // inner 1 × 0.6 = 0.6 of the last digit: const mul rounds to 1, the trait's mul to 0
    const sixTenths = f.fromRational(6n, 10n);
    expect(f.constMul(1n, sixTenths)).toBe(1n);
    expect(f.checkedMul(1n, sixTenths)).toBe(0n);
    expect(f.constMul(3n, half)).toBe(1n); // 1.5: tie, down
    expect(() => f.constMul(f.max, two)).toThrow(/multiply with overflow/);
  });

  it.each(FIXED)("$name: checked_div rounds down, const_checked_div to the nearest (checked_div_works)", (f) => {
    const a = f.max;
    const d = f.one;
    const e = f.fromInteger(6);
    const five = f.fromInteger(5);
    const two = f.fromInteger(2);
    expect(f.checkedDiv(e, two)).toBe(f.fromInteger(3));
    expect(f.checkedDiv(five, two)).toBe(f.saturatingFromRational(5n, 2n));
    expect(f.checkedDiv(a, f.fromInteger(f.max))).toBe(f.one);
    expect(f.checkedDiv(a, two)).toBe(f.max / 2n);
    expect(f.checkedDiv(a, f.max)).toBe(f.one);
    expect(f.checkedDiv(a, d)).toBe(a);
    expect(f.checkedDiv(0n, two)).toBe(0n);
    expect(f.checkedDiv(0n, a)).toBe(0n);
    expect(f.checkedDiv(d, d)).toBe(d);
    for (const x of [a, 0n, d]) expect(f.checkedDiv(x, 0n)).toBeUndefined();
    expect(f.checkedDiv(a, 1n)).toBeUndefined(); // max / 0.000…1 overflows
    // 1 / 3 of the last digit: 0.333… → 0 either way; 2 / 3 → 0 down, 1 nearest
    expect(f.checkedDiv(2n, f.fromInteger(3))).toBe(0n);
    expect(f.constCheckedDiv(2n, f.fromInteger(3))).toBe(1n);
    // on-demand's `x.const_checked_div(2)`: floor(x / 2) for odd x (tie, down)
    expect(f.constCheckedDiv(3n, two)).toBe(1n);
    expect(f.constDiv(7n, two)).toBe(3n);
    expect(f.constCheckedDiv(1n, 0n)).toBeUndefined();
    expect(() => f.constDiv(1n, 0n)).toThrow(/divide with overflow/);
  });

  it.each(FIXED)("$name: reciprocal is one / x rounded down", (f) => {
    expect(f.reciprocal(f.fromInteger(2))).toBe(f.div / 2n);
    expect(f.reciprocal(f.fromInteger(3))).toBe(f.div / 3n);
    expect(f.reciprocal(f.one)).toBe(f.one);
    expect(f.reciprocal(0n)).toBeUndefined();
  });

  it.each(FIXED)("$name: checked_div_int and saturating_div_int (checked_div_int_works, saturating_div_int_works)", (f) => {
    const a = f.max;
    const d = f.one;
    expect(f.checkedDivInt(f.fromInteger(6), 2n)).toBe(3n);
    expect(f.checkedDivInt(f.fromInteger(5), 2n)).toBe(2n);
    expect(f.checkedDivInt(a, I128_MAX)).toBe(0n);
    expect(f.checkedDivInt(a, 2n)).toBe(f.max / (2n * f.div));
    expect(f.checkedDivInt(a, f.max / f.div)).toBe(1n);
    expect(f.checkedDivInt(a, 1n, I8_MAX)).toBeUndefined();
    expect(f.checkedDivInt(0n, 1n)).toBe(0n);
    expect(f.checkedDivInt(0n, 1n, I8_MAX)).toBe(0n);
    expect(f.checkedDivInt(d, 1n)).toBe(1n);
    expect(f.checkedDivInt(d, 0x7fff_ffffn)).toBe(0n);
    for (const x of [a, 0n, d]) expect(f.checkedDivInt(x, 0n)).toBeUndefined();
    expect(f.saturatingDivInt(f.fromInteger(5), 2n)).toBe(2n);
    expect(f.saturatingDivInt(0n, 1n)).toBe(0n);
    expect(f.saturatingDivInt(a, 1n, I8_MAX)).toBe(I8_MAX);
    expect(() => f.saturatingDivInt(f.one, 0n)).toThrow(/divide by zero/);
  });

  it.each(FIXED)("$name: saturating_mul_acc_int (saturating_mul_acc_int_works)", (f) => {
    expect(f.saturatingMulAccInt(0n, 42n, I8_MAX)).toBe(42n);
    expect(f.saturatingMulAccInt(f.one, 42n, I8_MAX)).toBe(84n);
    expect(f.saturatingMulAccInt(f.one, I128_MAX, I128_MAX)).toBe(I128_MAX);
    expect(f.saturatingMulAccInt(f.one, U128_MAX / 2n)).toBe(U128_MAX - 1n);
    expect(f.saturatingMulAccInt(f.one, 0n)).toBe(0n);
  });

  it.each(FIXED)("$name: saturating_pow (saturating_pow_should_work)", (f) => {
    const two = f.fromInteger(2);
    const usizeMax = (1n << 64n) - 1n;
    expect(f.saturatingPow(two, 0)).toBe(f.one);
    expect(f.saturatingPow(two, 1)).toBe(two);
    expect(f.saturatingPow(two, 2)).toBe(f.fromInteger(4));
    expect(f.saturatingPow(two, 3)).toBe(f.fromInteger(8));
    expect(f.saturatingPow(two, 50)).toBe(f.fromInteger(1125899906842624n));
    expect(f.saturatingPow(f.one, 1000)).toBe(f.one);
    expect(f.saturatingPow(f.one, usizeMax)).toBe(f.one);
    expect(f.saturatingPow(f.fromInteger(114209), 5)).toBe(f.max);
    expect(f.saturatingPow(0n, usizeMax)).toBe(0n);
    expect(f.saturatingPow(two, usizeMax)).toBe(f.max);
    // 1.5³ = 3.375 exactly; 0.1³ loses nothing either (each step rounds down)
    expect(f.saturatingPow(f.fromRational(3n, 2n), 3)).toBe(f.fromRational(27n, 8n));
    expect(f.saturatingPow(f.fromRational(1n, 10n), 3)).toBe(f.fromRational(1n, 1000n));
  });

  it("saturating_pow multiplies in Rust's order, rounding down at each step", () => {
    // x = 1.000000001 (FixedU64): x² = 1.000000002 (the 1e-18 term is dropped), x⁴ = 1.000000004, …
    const x = FixedU64.fromInner(1_000_000_001n);
    expect(FixedU64.saturatingPow(x, 2)).toBe(1_000_000_002n);
    expect(FixedU64.saturatingPow(x, 3)).toBe(1_000_000_003n);
    expect(FixedU64.saturatingPow(x, 1000)).toBe(1_000_001_000n);
  });

  it.each(FIXED)("$name: sqrt of squares is exact (op_sqrt_works)", (f) => {
    for (let i = 1n; i < 1000n; i++) {
      const frac = f.saturatingFromRational(i, 1000n);
      expect(f.sqrt(f.checkedMul(frac, frac)!)).toBe(frac);
      const whole = f.saturatingFromRational(i, 1n);
      expect(f.sqrt(f.checkedMul(whole, whole)!)).toBe(whole);
    }
    expect(f.sqrt(0n)).toBe(0n);
    expect(f.sqrt(f.fromInteger(2))).toBe(f.name === "FixedU64" ? 1_414_213_562n : 1_414_213_562_373_095_048n);
  });

  it("FixedU128::sqrt falls back to sqrt(x)·sqrt(DIV) when x·DIV overflows a u128", () => {
    expect(FixedU128.sqrt(U128_MAX)).toBe(18446744073709551615000000000n);
  });

  it.each(FIXED)("$name: trunc, frac, ceil, floor, round (trunc_works … round_works)", (f) => {
    const n = f.saturatingFromRational(5n, 2n);
    expect(f.trunc(n)).toBe(f.fromInteger(2));
    expect(f.trunc(n) + f.frac(n)).toBe(n);
    expect(f.saturatingMul(f.frac(n), f.fromInteger(10))).toBe(f.fromInteger(5));
    expect(f.ceil(n)).toBe(f.fromInteger(3));
    expect(f.floor(n)).toBe(f.fromInteger(2));
    expect(f.round(n)).toBe(f.fromInteger(3));
    expect(f.round(0n)).toBe(0n);
    expect(f.round(f.one)).toBe(f.one);
    expect(f.ceil(f.fromInteger(4))).toBe(f.fromInteger(4));
    expect(f.ceil(f.max)).toBe(f.trunc(f.max));
    expect(f.floor(f.max)).toBe(f.trunc(f.max));
    expect(f.round(f.max)).toBe(f.trunc(f.max));
    const base = f.trunc(f.saturatingSub(f.max, f.one));
    expect(f.round(f.saturatingAdd(base, f.saturatingFromRational(1n, 3n)))).toBe(base);
    expect(f.round(f.saturatingAdd(base, f.saturatingFromRational(1n, 2n)))).toBe(f.trunc(f.max));
    expect(f.floorToInt(n)).toBe(2n);
  });

  it.each(FIXED)("$name: From<PerThing> (perthing_into_works)", (f) => {
    for (const pt of PER_THINGS) expect(f.fromPerThing(pt.fromPercent(10), pt), pt.name).toBe(f.div / 10n);
    expect(f.fromPerThing(Perbill.one, Perbill)).toBe(f.one);
  });

  it("from_perbill is exact; into_perbill rounds to the nearest, ties down; into_clamped_perthing rounds down", () => {
    expect(FixedU128.fromPerbill(30_000_000)).toBe(30_000_000_000_000_000n);
    expect(FixedU64.fromPerbill(30_000_000)).toBe(30_000_000n);
    expect(FixedU128.fromPerbill(1_000_000_000)).toBe(FixedU128.one);
    expect(FixedU128.intoPerbill(0n)).toBe(0n);
    expect(FixedU128.intoPerbill(FixedU128.one)).toBe(1_000_000_000n);
    expect(FixedU128.intoPerbill(FixedU128.max)).toBe(1_000_000_000n);
    expect(FixedU128.intoPerbill(1_499_999_999n)).toBe(1n);
    expect(FixedU128.intoPerbill(1_500_000_000n)).toBe(1n); // tie: down
    expect(FixedU128.intoPerbill(1_500_000_001n)).toBe(2n);
    expect(FixedU128.intoPerbill(1_999_999_999n)).toBe(2n);
    expect(FixedU128.intoPerbill(499_999_999n)).toBe(0n);
    expect(FixedU128.intoPerbill(FixedU128.fromRational(2n, 3n))).toBe(666_666_667n);
    expect(FixedU64.intoPerbill(123_456_789n)).toBe(123_456_789n);
    expect(FixedU128.intoClampedPerthing(1_999_999_999n, Perbill)).toBe(1n);
    expect(FixedU128.intoClampedPerthing(FixedU128.fromInteger(2), Perbill)).toBe(1_000_000_000n);
    expect(FixedU128.intoClampedPerthing(FixedU128.fromRational(1n, 4n), Percent)).toBe(25n);
    expect(FixedU128.tryIntoPerthing(FixedU128.fromInteger(2), Perbill)).toEqual({ ok: false, value: 1_000_000_000n });
    expect(FixedU128.tryIntoPerthing(FixedU128.one, Perbill)).toEqual({ ok: true, value: 1_000_000_000n });
    for (const p of [0n, 1n, 333_333_333n, 999_999_999n, 1_000_000_000n]) {
      expect(FixedU128.intoPerbill(FixedU128.fromPerbill(p))).toBe(p);
      expect(FixedU64.intoPerbill(FixedU64.fromPerbill(p))).toBe(p);
    }
  });

  it.each(FIXED)("$name: saturating and checked add/sub at the bounds", (f) => {
    expect(f.saturatingAdd(f.max, 1n)).toBe(f.max);
    expect(f.checkedAdd(f.max, 1n)).toBeUndefined();
    expect(f.checkedAdd(f.one, f.one)).toBe(2n * f.one);
    expect(f.saturatingSub(0n, 1n)).toBe(0n);
    expect(f.checkedSub(0n, 1n)).toBeUndefined();
    expect(f.saturatingAdd(f.saturatingFromRational(5n, 2n), f.saturatingFromRational(1n, 2n))).toBe(f.fromInteger(3));
    expect(f.saturatingMul(f.max, f.fromInteger(2))).toBe(f.max);
    expect(f.checkedMul(f.max, f.fromInteger(2))).toBeUndefined();
  });

  it.each(FIXED)("$name: format gives a short decimal", (f) => {
    expect(f.format(f.fromRational(3n, 2n))).toBe("1.5");
    expect(f.format(f.fromInteger(7))).toBe("7");
    expect(f.format(1n)).toBe(f.name === "FixedU64" ? "0.000000001" : "0.000000000000000001");
  });
});

// ------------------------------------------------------------------------------------------------
describe("pallet pricing values", () => {
  // pallet-broker `CenterTargetPrice::leadin_factor_at` (broker.md §6.2), written with the FixedU64 API
  const half = FixedU64.fromRational(1n, 2n);
  const leadinFactorAt = (when: bigint): bigint =>
    when <= half
      ? FixedU64.saturatingSub(FixedU64.fromInteger(100), FixedU64.saturatingMul(when, FixedU64.fromInteger(180)))
      : FixedU64.saturatingSub(FixedU64.fromInteger(19), FixedU64.saturatingMul(when, FixedU64.fromInteger(18)));
  const salePrice = (num: bigint, leadin: bigint, endPrice: bigint): bigint =>
    FixedU64.saturatingMulInt(leadinFactorAt(FixedU64.fromRational(num, leadin)), endPrice, U64_MAX);

  it("broker leadin factor: 100, 55, 10, 5.5, 1 at 0, 1/4, 1/2, 3/4, 1 (broker.md §6.1–6.2)", () => {
    const at = (n: bigint, d: bigint) => FixedU64.format(leadinFactorAt(FixedU64.fromRational(n, d)));
    expect([at(0n, 1n), at(1n, 4n), at(1n, 2n), at(3n, 4n), at(1n, 1n)]).toEqual(["100", "55", "10", "5.5", "1"]);
    expect([0n, 1n, 2n, 3n, 4n].map((n) => salePrice(n, 4n, 1000n))).toEqual([100_000n, 55_000n, 10_000n, 5_500n, 1_000n]);
  });

  it("broker sale price depends on from_rational's nearest-ties-down rounding", () => {
    // through = 1/3 → 0.333333333; factor 100 − 180·0.333333333 = 40.00000006
    expect(leadinFactorAt(FixedU64.fromRational(1n, 3n))).toBe(40_000_000_060n);
    expect(salePrice(1n, 3n, 1000n)).toBe(40_000n);
    // through = 2/3 → 0.666666667 (rounded up: nearest); factor 19 − 18·0.666666667 = 6.999999994
    expect(leadinFactorAt(FixedU64.fromRational(2n, 3n))).toBe(6_999_999_994n);
    expect(salePrice(2n, 3n, 1000n)).toBe(6_999n); // with a rounded-down `through` it would be 7000
  });

  it("broker adapt_price: end price = floor(sellout / 10) via FixedU64(0.1).saturating_mul_int", () => {
    const tenth = FixedU64.fromRational(1n, 10n);
    expect(tenth).toBe(100_000_000n);
    expect(FixedU64.saturatingMulInt(tenth, 10_000n, U64_MAX)).toBe(1_000n);
    expect(FixedU64.saturatingMulInt(tenth, 100n, U64_MAX)).toBe(10n);
    expect(FixedU64.saturatingMulInt(tenth, 999n, U64_MAX)).toBe(99n);
    expect(FixedU64.saturatingMulInt(tenth, 1n, U64_MAX)).toBe(0n);
  });

  it("on-demand traffic arithmetic (on-demand-and-magnet.md A.6.2)", () => {
    expect(FixedU128.fromRational(1n, 3n)).toBe(333_333_333_333_333_333n);
    expect(FixedU128.fromRational(2n, 3n)).toBe(666_666_666_666_666_667n);
    expect(FixedU128.fromPerbill(Perbill.fromPercent(25))).toBe(250_000_000_000_000_000n);
    expect(FixedU128.fromPerThing(Perbill.fromPercent(3), Perbill)).toBe(30_000_000_000_000_000n);
    expect(FixedU128.saturatingMul(FixedU128.max, FixedU128.fromInteger(2))).toBe(U128_MAX);
    expect(FixedU128.fromInteger(U128_MAX)).toBe(U128_MAX);
    // traffic 1.5 × base fee 10_000 = 15_000; traffic 1.000000000000000001 × 10 = 10 (down)
    expect(FixedU128.saturatingMulInt(FixedU128.fromRational(3n, 2n), 10_000n)).toBe(15_000n);
    expect(FixedU128.saturatingMulInt(FixedU128.one + 1n, 10n)).toBe(10n);
  });
});

// ------------------------------------------------------------------------------------------------
describe("property table (deterministic pseudo-random operands)", () => {
  /** xorshift64* over bigint: deterministic operands of every magnitude. */
  function* operands(seed: bigint, count: number, bits: number): Generator<bigint> {
    let s = seed;
    const mask64 = U64_MAX;
    const next = () => {
      s ^= s >> 12n;
      s ^= (s << 25n) & mask64;
      s ^= s >> 27n;
      return (s * 0x2545f4914f6cdd1dn) & mask64;
    };
    for (let i = 0; i < count; i++) {
      let v = 0n;
      for (let b = 0; b < bits; b += 64) v = (v << 64n) | next();
      // vary the magnitude: shift right by a pseudo-random amount
      yield v >> (next() % BigInt(bits));
    }
  }
  const pairs = (seed: bigint, count: number, bits: number): Array<[bigint, bigint]> => {
    const a = [...operands(seed, count, bits)];
    const b = [...operands(seed * 7n + 3n, count, bits)];
    return a.map((x, i) => [x, b[i]!]);
  };

  it("per-thing mul / mul_floor / mul_ceil bracket the exact product", () => {
    for (const pt of PER_THINGS) {
      for (const [n, raw] of pairs(0x9e3779b97f4a7c15n + pt.accuracy, 300, 128)) {
        const p = raw % (pt.accuracy + 1n);
        const exact = n * p; // × 1/ACC
        const fl = pt.mulFloor(p, n);
        const ce = pt.mulCeil(p, n);
        const nr = pt.mul(p, n);
        expect(fl * pt.accuracy <= exact && exact < (fl + 1n) * pt.accuracy).toBe(true);
        expect(ce - fl).toBe(exact % pt.accuracy === 0n ? 0n : 1n);
        // nearest, ties down: |nr·ACC − exact| ≤ ACC/2, and a tie picks the lower
        const err = nr * pt.accuracy - exact;
        expect(2n * (err < 0n ? -err : err) <= pt.accuracy).toBe(true);
        if (2n * (err < 0n ? -err : err) === pt.accuracy) expect(nr).toBe(fl);
        expect(nr <= n).toBe(true);
      }
    }
  });

  it("per-thing from_rational(p, q) is the largest r with r·q ≤ p·ACC; Up is the smallest with r·q ≥ p·ACC", () => {
    for (const pt of PER_THINGS) {
      for (const [x, y] of pairs(0x1234567n + pt.accuracy, 300, 128)) {
        const q = x > y ? x : y;
        const p = x > y ? y : x;
        if (q === 0n) continue;
        const r = pt.fromRational(p, q);
        expect(r * q <= p * pt.accuracy && p * pt.accuracy < (r + 1n) * q).toBe(true);
        const u = pt.fromRationalWithRounding(p, q, "Up")!;
        expect(u * q >= p * pt.accuracy && (u === 0n || (u - 1n) * q < p * pt.accuracy)).toBe(true);
      }
    }
  });

  it("per-thing saturating_reciprocal_mul is n·ACC/p to the nearest, ties up, saturating", () => {
    for (const [n, raw] of pairs(0xabcdefn, 300, 64)) {
      const p = (raw % Perbill.accuracy) + 1n;
      const v = Perbill.saturatingReciprocalMul(p, n, U64_MAX);
      const exact = n * Perbill.accuracy; // ÷ p
      const fl = exact / p;
      const rem = exact % p;
      const want = 2n * rem >= p && rem !== 0n ? fl + 1n : fl;
      expect(v).toBe(want > U64_MAX ? U64_MAX : want);
    }
  });

  it("fixed-point mul/div: the trait rounds down, the const fns to the nearest (ties down)", () => {
    for (const f of FIXED) {
      const bits = f.name === "FixedU64" ? 64 : 128;
      for (const [x, y] of pairs(0x5151n + BigInt(bits), 300, bits)) {
        const exact = x * y; // ÷ DIV
        const down = f.checkedMul(x, y);
        const near = f.constCheckedMul(x, y);
        const fl = exact / f.div;
        const rem = exact % f.div;
        expect(down).toBe(fl > f.max ? undefined : fl);
        const n = 2n * rem > f.div ? fl + 1n : fl;
        expect(near).toBe(n > f.max ? undefined : n);
        expect(f.saturatingMul(x, y)).toBe(fl > f.max ? f.max : fl);
        if (y !== 0n) {
          const q = (x * f.div) / y;
          expect(f.checkedDiv(x, y)).toBe(q > f.max ? undefined : q);
          const r2 = (x * f.div) % y;
          const qn = 2n * r2 > y ? q + 1n : q;
          expect(f.constCheckedDiv(x, y)).toBe(qn > f.max ? undefined : qn);
        }
      }
    }
  });

  it("fixed-point from_rational (nearest) is saturating_from_rational (down) or one more", () => {
    for (const f of FIXED) {
      for (const [a, b] of pairs(0x777n + f.div, 300, 64)) {
        if (b === 0n) continue;
        const near = f.fromRationalWithRounding(a, b, "NearestPrefDown");
        const down = f.checkedFromRational(a, b);
        if (down === undefined) continue;
        expect(near === down || near === down + 1n).toBe(true);
        const twice = 2n * ((a * f.div) % b);
        expect(near).toBe(twice > b ? down + 1n : down);
      }
    }
  });

  it("integer sqrt brackets n and FixedU64 sqrt is floor(sqrt(x·DIV))", () => {
    for (const [n] of pairs(0xfeedn, 300, 128)) {
      const r = integerSqrt(n);
      expect(r * r <= n && n < (r + 1n) * (r + 1n)).toBe(true);
    }
    for (const [x] of pairs(0xbeefn, 100, 64)) {
      const r = FixedU64.sqrt(x);
      expect(r * r <= x * FixedU64.div && x * FixedU64.div < (r + 1n) * (r + 1n)).toBe(true);
    }
  });

  it("Perbill → FixedU128 → Perbill round-trips exactly", () => {
    for (const [raw] of pairs(0x31337n, 200, 64)) {
      const p = raw % (Perbill.accuracy + 1n);
      expect(FixedU128.intoPerbill(FixedU128.fromPerbill(p))).toBe(p);
      expect(FixedU128.intoPerbill(FixedU128.fromPerThing(p, Perbill))).toBe(p);
    }
  });
});

// ------------------------------------------------------------------------------------------------
describe("arithmetic codecs", () => {
  const ctx = { path: "x" };
  it("parse per-things from parts or percentages", () => {
    expect(arithmeticCodecs.perbill.parse("10%", ctx)).toBe(100_000_000);
    expect(arithmeticCodecs.perbill.parse("0.5%", ctx)).toBe(5_000_000);
    expect(arithmeticCodecs.perbill.parse(" 12.5 % ", ctx)).toBe(125_000_000);
    expect(arithmeticCodecs.perbill.parse(100_000_000, ctx)).toBe(100_000_000);
    expect(arithmeticCodecs.perbill.parse("1000000000", ctx)).toBe(1_000_000_000);
    expect(arithmeticCodecs.permill.parse("10%", ctx)).toBe(100_000);
    expect(arithmeticCodecs.percent.parse("10%", ctx)).toBe(10);
    expect(() => arithmeticCodecs.perbill.parse("100.1%", ctx)).toThrow(/out of range/);
    expect(() => arithmeticCodecs.perbill.parse(1_000_000_001, ctx)).toThrow(/out of range/);
    expect(() => arithmeticCodecs.perbill.parse("0.00000001%", ctx)).toThrow(/more decimals/);
    expect(() => arithmeticCodecs.perbill.parse(0.5, ctx)).toThrow(/x: expected Perbill/);
  });

  it("parse fixed point from the inner integer or a decimal with a point", () => {
    expect(arithmeticCodecs.fixedU128.parse("1.5", ctx)).toBe(1_500_000_000_000_000_000n);
    expect(arithmeticCodecs.fixedU128.parse("1000000000000000000", ctx)).toBe(FixedU128.one);
    expect(arithmeticCodecs.fixedU64.parse("0.000000001", ctx)).toBe(1n);
    expect(arithmeticCodecs.fixedU64.parse(7, ctx)).toBe(7n);
    expect(() => arithmeticCodecs.fixedU64.parse("0.0000000001", ctx)).toThrow(/more decimals/);
    expect(() => arithmeticCodecs.fixedU64.parse("18446744074.0", ctx)).toThrow(/out of range/);
    expect(arithmeticCodecs.fixedU128.toJson(FixedU128.one)).toBe("1000000000000000000");
  });
});
