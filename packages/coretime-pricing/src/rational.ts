/**
 * Exact rational numbers over bigint, for the pricing model: every figure the proposal prints is
 * compared to a value computed here without floating point. A `Rational` is immutable and always
 * normalised (denominator > 0, numerator and denominator coprime). Floats appear only in
 * `toNumber()`, for display.
 *
 * Mirrors nothing in polkadot-sdk (the proposal is a forum post, not code); it plays the role of
 * Python's `fractions.Fraction` in the reproduction script of
 * `docs/references.md#restaking-and-pricing` §3.6.
 */

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** How `Rational.round` breaks ties and rounds: `half-up` (half away from zero, the proposal's digits) or `down` (toward −∞). */
export type RoundingMode = "half-up" | "down";

/** An exact rational number `num / den` (bigint). Build one with `rat()` or `Rational.parse()`. */
export class Rational {
  /** The numerator (carries the sign). */
  readonly num: bigint;
  /** The denominator, always > 0. */
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
  }

  /** `num / den`, normalised. Throws a `RangeError` for a zero denominator. */
  static of(num: bigint, den: bigint = 1n): Rational {
    if (den === 0n) throw new RangeError("Rational: zero denominator");
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num, den) || 1n;
    return new Rational(num / g, den / g);
  }

  /**
   * Parses an exact decimal (`"0.83"`, `"-13.15"`, `"1170"`) or a fraction (`"365/12"`). Throws a
   * `RangeError` naming the text when it is neither. Never goes through a float.
   */
  static parse(text: string): Rational {
    const s = text.trim();
    const frac = /^(-?\d+)\s*\/\s*(\d+)$/.exec(s);
    if (frac) return Rational.of(BigInt(frac[1]!), BigInt(frac[2]!));
    const dec = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
    if (!dec) throw new RangeError(`not an exact decimal or fraction: '${text}'`);
    const digits = dec[3] ?? "";
    const n = BigInt(dec[2]! + digits) * (dec[1] === "-" ? -1n : 1n);
    return Rational.of(n, 10n ** BigInt(digits.length));
  }

  /** `this + o`. */
  add(o: Rational): Rational {
    return Rational.of(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  /** `this − o`. */
  sub(o: Rational): Rational {
    return Rational.of(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  /** `this × o`. */
  mul(o: Rational): Rational {
    return Rational.of(this.num * o.num, this.den * o.den);
  }
  /** `this ÷ o`; throws a `RangeError` when `o` is zero. */
  div(o: Rational): Rational {
    return Rational.of(this.num * o.den, this.den * o.num);
  }
  /** −1, 0 or 1 as `this` is less than, equal to or greater than `o`. */
  cmp(o: Rational): number {
    const d = this.num * o.den - o.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }
  /** Exact equality. */
  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  /** Whether the value is 0. */
  isZero(): boolean {
    return this.num === 0n;
  }

  /** The value scaled by 10^`digits` and rounded to an integer (`half-up`: half away from zero). */
  scaled(digits: number, mode: RoundingMode = "half-up"): bigint {
    const n = this.num * 10n ** BigInt(digits);
    const q = n / this.den; // truncates toward zero
    const r = n % this.den;
    if (mode === "down") return r < 0n ? q - 1n : q;
    const twice = 2n * (r < 0n ? -r : r);
    if (twice >= this.den) return n < 0n ? q - 1n : q + 1n;
    return q;
  }

  /** The value rounded to `digits` decimals, as a `Rational`. */
  round(digits: number, mode: RoundingMode = "half-up"): Rational {
    return Rational.of(this.scaled(digits, mode), 10n ** BigInt(digits));
  }

  /** Fixed-point text with exactly `digits` decimals (`half-up` unless told): `toFixed(2)` of 112.98461… is `"112.98"`. */
  toFixed(digits: number, mode: RoundingMode = "half-up"): string {
    const v = this.scaled(digits, mode);
    const neg = v < 0n;
    const s = (neg ? -v : v).toString().padStart(digits + 1, "0");
    const int = s.slice(0, s.length - digits);
    const frac = s.slice(s.length - digits);
    return `${neg ? "-" : ""}${int}${digits > 0 ? `.${frac}` : ""}`;
  }

  /** An amount of a token with `decimals` decimals in its smallest unit (planck), rounded down. */
  toPlanck(decimals: number): bigint {
    return this.scaled(decimals, "down");
  }

  /** `"num/den"` (or `"num"` for an integer): the exact value. */
  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }

  /** A float approximation, for display only: never compare it to the proposal's digits. */
  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }
}

/**
 * Shorthand: `rat("0.83")`, `rat("365/12")`, `rat(5)` (a safe integer), `rat(3n)`. Throws a
 * `RangeError` for a non-integer number (write decimals as strings, so they stay exact).
 */
export function rat(x: string | number | bigint | Rational): Rational {
  if (x instanceof Rational) return x;
  if (typeof x === "bigint") return Rational.of(x);
  if (typeof x === "number") {
    if (!Number.isSafeInteger(x)) throw new RangeError(`rat(${x}): write non-integers as decimal strings`);
    return Rational.of(BigInt(x));
  }
  return Rational.parse(x);
}
