/**
 * `CoreMask`: which of the 80 parts of a core (each 57600/80 = 720 `PartsOf57600`) a region or a
 * schedule item covers. Mirrors polkadot-sdk `substrate/frame/broker/src/core_mask.rs`.
 *
 * Representation: a `bigint` holding the 80 bits exactly as Rust's `From<CoreMask> for u128`
 * gives them (the 10 bytes read big-endian). Bit `i` of the mask (0..79, as `set(i)` /
 * `from_chunk` count them) is the integer bit `79 - i`, so bit 0 is the most significant bit of
 * byte 0. Scenario files and JSON write a mask as `0x` plus 20 hex digits
 * (`"0xfffff000000000000000"` = `from_chunk(0, 20)`).
 */

/** Number of bits in a core mask (`CORE_MASK_BITS`). */
export const CORE_MASK_BITS = 80;

/** A core mask: the 80-bit integer `u128::from(mask)`. */
export type CoreMask = bigint;

const ALL = (1n << 80n) - 1n;

/** `CoreMask::complete()`: all 80 parts. */
export function complete(): CoreMask {
  return ALL;
}

/** `CoreMask::void()`: no part. */
export function voidMask(): CoreMask {
  return 0n;
}

/** `CoreMask::is_complete()`. */
export function isComplete(mask: CoreMask): boolean {
  return mask === ALL;
}

/** `CoreMask::is_void()`. */
export function isVoid(mask: CoreMask): boolean {
  return mask === 0n;
}

/**
 * `CoreMask::from_chunk(from, to)`: parts `from..to` (both clamped to 80), e.g.
 * `fromChunk(0, 20) = 0xfffff000000000000000`, `fromChunk(40, 60) = 0x0000000000fffff00000`.
 */
export function fromChunk(from: number, to: number): CoreMask {
  const a = Math.min(from, CORE_MASK_BITS);
  const b = Math.min(to, CORE_MASK_BITS);
  if (b <= a) return 0n;
  return ((1n << BigInt(b - a)) - 1n) << BigInt(CORE_MASK_BITS - b);
}

/** `mask.set(i)`: the mask with part `i` added (no change for `i >= 80`). */
export function setBit(mask: CoreMask, i: number): CoreMask {
  return i < CORE_MASK_BITS ? mask | (1n << BigInt(CORE_MASK_BITS - 1 - i)) : mask;
}

/** `mask.clear(i)`: the mask with part `i` removed (no change for `i >= 80`). */
export function clearBit(mask: CoreMask, i: number): CoreMask {
  return i < CORE_MASK_BITS ? mask & ~(1n << BigInt(CORE_MASK_BITS - 1 - i)) & ALL : mask;
}

/** `a & b`. */
export function and(a: CoreMask, b: CoreMask): CoreMask {
  return a & b;
}

/** `a | b`. */
export function or(a: CoreMask, b: CoreMask): CoreMask {
  return a | b;
}

/** `a ^ b`. */
export function xor(a: CoreMask, b: CoreMask): CoreMask {
  return a ^ b;
}

/** `!a` (within the 80 bits). */
export function not(a: CoreMask): CoreMask {
  return ALL ^ a;
}

function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** `mask.count_ones()`: the number of parts (0..=80). */
export function countOnes(mask: CoreMask): number {
  if (mask === ALL) return CORE_MASK_BITS;
  if (mask === 0n) return 0;
  return (
    popcount32(Number(mask & 0xffff_ffffn)) +
    popcount32(Number((mask >> 32n) & 0xffff_ffffn)) +
    popcount32(Number((mask >> 64n) & 0xffffn))
  );
}

/** `mask.count_zeros()`: `80 - count_ones`. */
export function countZeros(mask: CoreMask): number {
  return CORE_MASK_BITS - countOnes(mask);
}

/** `CoreMask::from(u128)`: the low 80 bits of `x`. */
export function fromU128(x: bigint): CoreMask {
  return x & ALL;
}

/** The 10 bytes of the mask (`CoreMask.0`, the SCALE encoding). */
export function toBytes(mask: CoreMask): Uint8Array {
  const out = new Uint8Array(10);
  let v = mask & ALL;
  for (let i = 9; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** The mask of 10 bytes (`CoreMask([u8; 10])`). */
export function fromBytes(bytes: Uint8Array): CoreMask {
  if (bytes.length !== 10) throw new RangeError(`a CoreMask has 10 bytes, got ${bytes.length}`);
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** The mask as scenario files and JSON write it: `0x` plus 20 lowercase hex digits. */
export function toHex(mask: CoreMask): string {
  return `0x${(mask & ALL).toString(16).padStart(20, "0")}`;
}

/**
 * The core-mask helpers as one namespace, named after `CoreMask`'s Rust methods:
 * `CoreMaskOps.complete()`, `CoreMaskOps.fromChunk(0, 40)`, `CoreMaskOps.countOnes(m)` …
 */
export const CoreMaskOps = {
  complete,
  void: voidMask,
  isComplete,
  isVoid,
  fromChunk,
  set: setBit,
  clear: clearBit,
  and,
  or,
  xor,
  not,
  countOnes,
  countZeros,
  fromU128,
  toBytes,
  fromBytes,
  toHex,
} as const;
