/**
 * The simulator's seeded randomness: pure-rand's xoroshiro128+ behind a small mutable facade with
 * the distributions agents need. Same seed → same sequence on every machine (integer generator;
 * floats derived from 53 random bits; `Math.log`/`Math.exp` are the only transcendental functions
 * used, which V8 computes identically on every platform it runs on). Never `Math.random`.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";

type Generator = ReturnType<typeof xoroshiro128plus>;

/** murmur3's 32-bit finaliser: spreads nearby seeds (0, 1, 2, …) over the whole state space. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85eb_ca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2_ae35);
  return (x ^ (x >>> 16)) | 0;
}

/** A seeded pseudo-random number generator (mutable: each draw advances it). */
export class Rng {
  private readonly gen: Generator;

  /** `seed`: any 32-bit integer (larger values are reduced modulo 2^32). */
  constructor(seed: number) {
    this.gen = xoroshiro128plus(mix32(seed | 0));
    for (let i = 0; i < 8; i++) this.gen.next(); // warm up: small seeds start with low-entropy states
  }

  /** An independent stream for `label` (e.g. an agent's name): same seed and label → same stream. */
  fork(label: string): Rng {
    let h = 0x811c9dc5; // FNV-1a over the label, mixed with a draw of this stream
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
    return new Rng((h ^ this.int(0, 0x7fff_ffff)) | 0);
  }

  /** A float uniformly in [0, 1). */
  next(): number {
    return uniformFloat64(this.gen);
  }

  /** An integer uniformly in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  /** True with probability `p`. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** An exponential draw with rate `lambda` (mean 1/lambda). */
  exponential(lambda: number): number {
    return -Math.log(1 - this.next()) / lambda;
  }

  /**
   * A Poisson draw with mean `lambda`: Knuth's product method below 30, a rounded normal
   * approximation (Box–Muller) above it. Returns a non-negative integer.
   */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.next();
      while (p > limit) {
        k++;
        p *= this.next();
      }
      return k;
    }
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** One element of `items` chosen uniformly (undefined for an empty array). */
  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(0, items.length - 1)];
  }
}
