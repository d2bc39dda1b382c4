/**
 * The hashes storage keys and the state root are made of (`sp_io::hashing`): blake2b-128/256 and
 * xxhash64 in its twox forms. hash-wasm's WebAssembly once `initHashers()` (called by
 * `initCrypto()`) has compiled it, polkadot-api's pure-JavaScript ones (`@noble/hashes`'
 * blake2b, papi's xxhash64) before: the same bytes (`hashing.test.ts` compares them).
 *
 * Why hash-wasm: a storage key or a state-root entry hashes a few dozen bytes, where the cost is
 * the call, not the hashing. Measured on 2026-12-07 (Node 20.20.2, this project's 2-core machine,
 * 300,000 calls each after a warm-up, one process): blake2b-128 of 66 bytes 0.50 µs (hash-wasm)
 * against 2.06 µs (`@polkadot/wasm-crypto`) and 6.5 µs (`@noble/hashes`); blake2b-256 of 140
 * bytes 0.83 µs against 1.70 µs and 10.5 µs. Its start-up is small too: loading and compiling the
 * blake2b and xxhash64 modules took 0.02 s of CPU and 8 MB, where `@polkadot/util-crypto` with
 * `cryptoWaitReady()` took 0.35–0.5 s and 30 MB (2026-12-07, whole processes, 3 each).
 */
import { Blake2128, Blake2256, Twox128, Twox256, Twox64Concat } from "@polkadot-api/substrate-bindings";
import { createBLAKE2b, createXXHash64, type IHasher } from "hash-wasm";

let b128: IHasher | undefined;
let b256: IHasher | undefined;
/** xxhash64 with seeds 0, 1, 2, 3: `twox_64` is the first, `twox_128` the first two, `twox_256` all four. */
let xx: readonly IHasher[] | undefined;

/**
 * Compiles hash-wasm's BLAKE2b and xxhash64 (once; later calls return at once). `initCrypto()`
 * calls it; until it has run, the functions below use the pure-JavaScript hashers.
 */
export async function initHashers(): Promise<void> {
  b128 ??= await createBLAKE2b(128);
  b256 ??= await createBLAKE2b(256);
  xx ??= await Promise.all([0, 1, 2, 3].map((seed) => createXXHash64(seed, 0)));
}

/**
 * A small input copied into one long-lived array first: hash-wasm reads `data.buffer`, and on a
 * small fresh `Uint8Array` (a SCALE encoding just made) that makes V8 move its bytes off the heap,
 * about 0.4 µs on Node 20; the copy costs a few nanoseconds.
 */
const STAGE = new Uint8Array(1024);
function staged(data: Uint8Array): Uint8Array {
  if (data.length > STAGE.length || data instanceof Buffer) return data; // a Buffer's bytes are off the heap already
  STAGE.set(data);
  return STAGE.subarray(0, data.length);
}

/** `blake2_128(data)` (16 bytes, `sp_io::hashing::blake2_128`): a fresh array. */
export function blake2_128(data: Uint8Array): Uint8Array {
  return b128 !== undefined ? b128.init().update(staged(data)).digest("binary") : Blake2128(data);
}

/**
 * `blake2_128(data)` as lowercase hex without `0x` (32 characters): hash-wasm writes the hex itself,
 * so no array is allocated for the digest (a storage key's hash part, `storage-key.ts`).
 */
export function blake2_128Hex(data: Uint8Array): string {
  if (b128 !== undefined) return b128.init().update(staged(data)).digest("hex");
  return Buffer.from(Blake2128(data)).toString("hex");
}

/** `blake2_256(data)` (32 bytes, `sp_io::hashing::blake2_256`): a fresh array. */
export function blake2_256(data: Uint8Array): Uint8Array {
  return b256 !== undefined ? b256.init().update(staged(data)).digest("binary") : Blake2256(data);
}

/**
 * `twox_64(data)`, `twox_128(data)` or `twox_256(data)` (`sp_io::hashing`): xxhash64 with seeds
 * 0, 1, … for `parts` 8-byte parts, each written little-endian (hash-wasm gives the canonical,
 * big-endian form: reversed here). A fresh array.
 */
function twox(data: Uint8Array, parts: 1 | 2 | 4): Uint8Array {
  const hashers = xx!;
  const input = staged(data);
  const out = new Uint8Array(8 * parts);
  for (let p = 0; p < parts; p++) {
    const be = hashers[p]!.init().update(input).digest("binary");
    for (let i = 0; i < 8; i++) out[8 * p + i] = be[7 - i]!;
  }
  return out;
}

/** `twox_64(data)` (8 bytes, `sp_io::hashing::twox_64`): a fresh array. */
export function twox64(data: Uint8Array): Uint8Array {
  return xx !== undefined ? twox(data, 1) : Twox64Concat(data).slice(0, 8);
}

/** `twox_128(data)` (16 bytes, `sp_io::hashing::twox_128`): a fresh array. */
export function twox128(data: Uint8Array): Uint8Array {
  return xx !== undefined ? twox(data, 2) : Twox128(data);
}

/** `twox_256(data)` (32 bytes, `sp_io::hashing::twox_256`): a fresh array. */
export function twox256(data: Uint8Array): Uint8Array {
  return xx !== undefined ? twox(data, 4) : Twox256(data);
}
