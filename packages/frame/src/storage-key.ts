/**
 * Real storage keys, as FRAME builds them (polkadot-sdk `substrate/frame/support/src/storage/types/`
 * `value.rs`, `map.rs`, `double_map.rs`, `nmap.rs`, and `hash.rs` for the hashers):
 *
 * ```
 * StorageValue:  twox_128(pallet) ++ twox_128(item)
 * StorageMap:    twox_128(pallet) ++ twox_128(item) ++ hasher(encode(key))
 * DoubleMap/NMap twox_128(pallet) ++ twox_128(item) ++ hasher1(encode(k1)) ++ hasher2(encode(k2)) ++ …
 * ```
 *
 * `pallet` is the pallet's name in the runtime (`Broker`), `item` the storage item's name
 * (`SaleInfo`), both as UTF-8 bytes; `encode` is the key's SCALE encoding (`Codec.scale`). The
 * hashers and their outputs:
 *
 * | hasher | output | reversible |
 * |---|---|---|
 * | `Blake2_128Concat` | blake2b-128(x) ++ x | yes |
 * | `Twox64Concat` | xxhash64(x) ++ x | yes |
 * | `Identity` | x | yes |
 * | `Blake2_128`, `Blake2_256`, `Twox128`, `Twox256` | the hash only | no |
 *
 * The hash functions are polkadot-api's (`@polkadot-api/substrate-bindings`), and, once
 * `initCrypto()` has run, hash-wasm's WebAssembly blake2b and xxhash64 (`hashing.ts`): the same
 * bytes, several times faster. These are pure functions over a storage item's declaration.
 *
 * The storage layer keys every map entry by its *key suffix* (`keySuffixHex`): the hex of the
 * bytes after the item's 32-byte prefix, `hasher1(encode(k1)) ++ …`, so that a map iterates in the
 * real key order (hex of equal-length digits sorts as the bytes do) and a double map's prefix is
 * a prefix of the string. A key part that has no SCALE encoding (a mock runtime's account `"1001"`,
 * which is not an SS58 address) is hashed, by the part's own hasher, over the UTF-8 bytes of its
 * canonical key (`codec.key`) instead: the *fallback key*, deterministic, never written to raw
 * state (the export refuses such accounts).
 */
import {
  Blake2128,
  Blake2128Concat,
  Blake2256,
  Identity,
  Twox128,
  Twox256,
  Twox64Concat,
} from "@polkadot-api/substrate-bindings";
import { blake2_128, blake2_128Hex, blake2_256, twox128, twox256, twox64 } from "./hashing.ts";
import { accountScaleOrUndefined, isAccountScale, type Codec } from "./codec.ts";
import { RuntimeUsageError, ScaleError } from "./errors.ts";
import { bytesToHex, hexToBytes } from "./scale.ts";

/** A FRAME storage hasher, named as in Rust and in metadata (`StorageHasher`). */
export type StorageHasher = "Blake2_128" | "Blake2_256" | "Blake2_128Concat" | "Twox128" | "Twox256" | "Twox64Concat" | "Identity";

interface HasherInfo {
  readonly hash: (encoded: Uint8Array) => Uint8Array;
  /** The hash alone, without the encoded key a concat hasher appends (empty for `Identity`). */
  readonly digest: (encoded: Uint8Array) => Uint8Array;
  /** `digest` as lowercase hex without `0x`. */
  readonly digestHex: (encoded: Uint8Array) => string;
  /** Bytes of hash before the encoded key (concat hashers), or the whole output (opaque ones). */
  readonly hashLength: number;
  /** Whether the encoded key follows the hash (so the key can be read back). */
  readonly concat: boolean;
}

const NO_KEY = new Uint8Array();

/** `hash ++ data` in one new array. */
function concat2(hash: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(hash.length + data.length);
  out.set(hash, 0);
  out.set(data, hash.length);
  return out;
}

/** A hasher's digest as hex (through an array: the hashers with no hex output of their own). */
const viaBytes = (digest: (d: Uint8Array) => Uint8Array) => (d: Uint8Array): string => hexOf(digest(d));

const HASHERS: ReadonlyMap<StorageHasher, HasherInfo> = new Map<StorageHasher, HasherInfo>([
  ["Blake2_128", { hash: blake2_128, digest: blake2_128, digestHex: blake2_128Hex, hashLength: 16, concat: false }],
  ["Blake2_256", { hash: blake2_256, digest: blake2_256, digestHex: viaBytes(blake2_256), hashLength: 32, concat: false }],
  ["Blake2_128Concat", { hash: (d) => concat2(blake2_128(d), d), digest: blake2_128, digestHex: blake2_128Hex, hashLength: 16, concat: true }],
  ["Twox128", { hash: twox128, digest: twox128, digestHex: viaBytes(twox128), hashLength: 16, concat: false }],
  ["Twox256", { hash: twox256, digest: twox256, digestHex: viaBytes(twox256), hashLength: 32, concat: false }],
  ["Twox64Concat", { hash: (d) => concat2(twox64(d), d), digest: twox64, digestHex: viaBytes(twox64), hashLength: 8, concat: true }],
  ["Identity", { hash: Identity, digest: () => NO_KEY, digestHex: () => "", hashLength: 0, concat: true }],
]);

/** polkadot-api's hasher of each name (the reference the WebAssembly ones are tested against). @internal */
export const PAPI_HASHERS: ReadonlyMap<StorageHasher, (data: Uint8Array) => Uint8Array> = new Map<StorageHasher, (data: Uint8Array) => Uint8Array>([
  ["Blake2_128", Blake2128],
  ["Blake2_256", Blake2256],
  ["Blake2_128Concat", Blake2128Concat],
  ["Twox128", Twox128],
  ["Twox256", Twox256],
  ["Twox64Concat", Twox64Concat],
  ["Identity", Identity],
]);

/** The storage hashers, in metadata's order (`StorageHasher` variant indices 0..6). */
export const STORAGE_HASHERS: readonly StorageHasher[] = ["Blake2_128", "Blake2_256", "Blake2_128Concat", "Twox128", "Twox256", "Twox64Concat", "Identity"];

/** Whether `x` names a storage hasher (`"Blake2_128Concat"` …). */
export function isStorageHasher(x: unknown): x is StorageHasher {
  return typeof x === "string" && HASHERS.has(x as StorageHasher);
}

/** Whether a hasher keeps the key after its hash (`Blake2_128Concat`, `Twox64Concat`, `Identity`), so a key can be decoded back. */
export function isReversibleHasher(h: StorageHasher): boolean {
  return HASHERS.get(h)!.concat;
}

/** `hasher(encoded)`: the bytes a key part contributes to a storage key. */
export function hashKeyPart(hasher: StorageHasher, encoded: Uint8Array): Uint8Array {
  const h = HASHERS.get(hasher);
  if (h === undefined) throw new RuntimeUsageError(`unknown storage hasher '${String(hasher)}' (valid: ${STORAGE_HASHERS.join(", ")})`);
  return h.hash(encoded);
}

/** Lowercase hex of `bytes`, without `0x` (Node's native encoder: a flat string, cheap to compare and keep). */
function hexOf(bytes: Uint8Array): string {
  if (bytes instanceof Buffer) return bytes.toString("hex"); // a fallback key's UTF-8 bytes
  // a copy into Node's pooled buffer: reading `.buffer` of a small fresh Uint8Array makes V8 move
  // its bytes off the heap (about 1 µs on Node 20), dearer than the copy
  return Buffer.from(bytes).toString("hex");
}

const textEncoder = new TextEncoder();
/** UTF-8 bytes of a fallback key (Node's pooled `Buffer`: a `TextEncoder` result costs about 0.8 µs more on Node 20). */
function utf8(s: string): Uint8Array {
  return Buffer.from(s, "utf8");
}
const prefixCache = new Map<string, Uint8Array>();

/**
 * `twox_128(pallet) ++ twox_128(item)`: the 32 bytes every key of the item starts with, and the
 * whole key of a `StorageValue`. (Cached per item: a fresh copy is returned.)
 */
export function storagePrefix(pallet: string, item: string): Uint8Array {
  const id = `${pallet}\u0000${item}`;
  let p = prefixCache.get(id);
  if (p === undefined) {
    p = new Uint8Array(32);
    p.set(Twox128(textEncoder.encode(pallet)), 0);
    p.set(Twox128(textEncoder.encode(item)), 16);
    prefixCache.set(id, p);
  }
  return p.slice();
}

/** What a storage key is built from: where the item is, and for a map its key codec and hashers. */
export interface StorageKeyLayout<K = unknown> {
  /** The pallet's name in the runtime (`System`, `Broker`). */
  readonly pallet: string;
  /** The storage item's name (`Account`, `Regions`). */
  readonly name: string;
  /** A map's key codec (a tuple codec for a double map / NMap); absent for a value. */
  readonly keyCodec?: Codec<K>;
  /**
   * A map's hashers: one (a `StorageMap`, whose whole key, tuple or not, is hashed at once), or one
   * per element of a tuple key (a `StorageDoubleMap` / `StorageNMap`).
   */
  readonly hashers?: readonly StorageHasher[];
}

/** The key codec of each hashed part of a map's key: the key itself, or each element of a tuple key. */
function keyParts(layout: StorageKeyLayout<any>): Array<Codec<unknown>> {
  const { keyCodec, hashers } = layout;
  if (keyCodec === undefined || hashers === undefined || hashers.length === 0)
    throw new RuntimeUsageError(`${layout.pallet}.${layout.name} is not a map (no key codec and hashers)`);
  if (hashers.length === 1) return [keyCodec as Codec<unknown>];
  const items = Object.hasOwn(keyCodec, "items") ? (keyCodec as { items?: ReadonlyArray<Codec<unknown>> }).items : undefined;
  if (items === undefined || items.length !== hashers.length)
    throw new RuntimeUsageError(
      `${layout.pallet}.${layout.name}: ${hashers.length} hashers need a tuple key of ${hashers.length} elements, the key is ${keyCodec.name}`,
    );
  return [...items];
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The storage key of an item: for a value, `storagePrefix(pallet, name)`; for a map, the prefix
 * followed by each key part hashed by its hasher. `key` is the map key as Corelab holds it in
 * memory (a tuple key is an array). Throws a `ScaleError` when the key cannot be encoded (e.g. an
 * account that is not an SS58 address).
 */
export function storageKey<K>(layout: StorageKeyLayout<K>, ...key: [] | [K]): Uint8Array {
  const prefix = storagePrefix(layout.pallet, layout.name);
  if (layout.keyCodec === undefined) {
    if (key.length !== 0) throw new RuntimeUsageError(`${layout.pallet}.${layout.name} is a value: its key takes no map key`);
    return prefix;
  }
  if (key.length === 0) throw new RuntimeUsageError(`${layout.pallet}.${layout.name} is a map: give the map key`);
  const parts = keyParts(layout);
  return concat([prefix, ...hashedParts(layout, parts, key[0], parts.length)]);
}

function hashedParts(layout: StorageKeyLayout<any>, parts: ReadonlyArray<Codec<unknown>>, key: unknown, n: number): Uint8Array[] {
  const hashers = layout.hashers!;
  const values = hashers.length === 1 ? [key] : (key as unknown[]);
  if (hashers.length > 1 && !Array.isArray(key)) throw new RuntimeUsageError(`${layout.pallet}.${layout.name}: the key is a tuple of ${hashers.length}, got ${String(key)}`);
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    let encoded: Uint8Array;
    try {
      encoded = parts[i]!.scale.enc(values[i]);
    } catch (e) {
      if (e instanceof ScaleError) throw e;
      throw new ScaleError(parts[i]!.name, `cannot encode key part ${i} of ${layout.pallet}.${layout.name}: ${(e as Error).message}`, { cause: e });
    }
    out.push(hashKeyPart(hashers[i]!, encoded));
  }
  return out;
}

/** `storageKey` as lowercase `0x` hex. */
export function storageKeyHex<K>(layout: StorageKeyLayout<K>, ...key: [] | [K]): string {
  return bytesToHex(storageKey(layout, ...key));
}

/**
 * The key prefix of the entries of a double map / NMap whose first `first.length` key elements
 * are `first` (`iter_prefix` in FRAME): the item's prefix followed by those hashed parts. With no
 * elements, the item's prefix (every entry).
 */
export function storageKeyPrefix(layout: StorageKeyLayout<any>, first: readonly unknown[] = []): Uint8Array {
  const prefix = storagePrefix(layout.pallet, layout.name);
  if (first.length === 0) return prefix;
  const parts = keyParts(layout);
  if (first.length >= parts.length) throw new RuntimeUsageError(`${layout.pallet}.${layout.name}: a prefix takes fewer than ${parts.length} key elements, got ${first.length}`);
  return concat([prefix, ...hashedParts(layout, parts, first, first.length)]);
}

/**
 * The map key of a storage key of `layout` (the inverse of `storageKey`), as Corelab holds it in
 * memory. Every hasher must be reversible (`Blake2_128Concat`, `Twox64Concat`, `Identity`); each
 * part's hash is checked against its encoded key, each part must be canonically encoded, and no
 * byte may follow the last part. Throws a `ScaleError` naming the item otherwise (another item's
 * key, an opaque hasher, a key that does not fit its type).
 */
export function decodeStorageKey<K>(layout: StorageKeyLayout<K>, storageKeyBytes: Uint8Array | string): K {
  const item = `${layout.pallet}.${layout.name}`;
  const bytes = typeof storageKeyBytes === "string" ? hexToBytes(storageKeyBytes, `key of ${item}`) : storageKeyBytes;
  const prefix = storagePrefix(layout.pallet, layout.name);
  const hex = (): string => bytesToHex(bytes);
  if (bytes.length < 32 || !prefix.every((b, i) => bytes[i] === b)) throw new ScaleError(item, `${hex()} is not a key of ${item} (its first 32 bytes are not twox128("${layout.pallet}") ++ twox128("${layout.name}"))`);
  const parts = keyParts(layout);
  const hashers = layout.hashers!;
  const values: unknown[] = [];
  let at = 32;
  for (let i = 0; i < parts.length; i++) {
    const h = HASHERS.get(hashers[i]!)!;
    if (!h.concat) throw new ScaleError(item, `key part ${i} is hashed with ${hashers[i]}, which does not keep the key: it cannot be decoded`);
    const start = at + h.hashLength;
    if (start > bytes.length) throw new ScaleError(item, `the key ${hex()} ends inside the hash of key part ${i}`);
    const codec = parts[i]!;
    let value: unknown;
    let encoded: Uint8Array;
    try {
      value = codec.scale.dec(bytes.slice(start));
      encoded = codec.scale.enc(value);
    } catch (e) {
      throw new ScaleError(item, `key part ${i} of ${hex()} is not a ${codec.name}: ${e instanceof ScaleError ? e.shortMessage : e instanceof RangeError ? "the bytes run out" : (e as Error).message}`, { cause: e });
    }
    const end = start + encoded.length;
    const hashed = h.hash(encoded);
    if (end > bytes.length || !hashed.every((b, k) => bytes[at + k] === b))
      throw new ScaleError(item, `key part ${i} of ${hex()} does not match its ${hashers[i]} hash (or is not the canonical encoding of a ${codec.name})`);
    values.push(value);
    at = end;
  }
  if (at !== bytes.length) throw new ScaleError(item, `${bytes.length - at} trailing byte(s) after the key in ${hex()}`);
  return (parts.length === 1 ? values[0] : values) as K;
}

/**
 * The encoded key part `hasher` hashes: `encode(value)`, or the UTF-8 bytes of its canonical key
 * (`canonical` when the caller has it, else `codec.key(value)`) when the value has no SCALE
 * encoding (its fallback key, see the module doc).
 */
function partInput(codec: Codec<unknown>, value: unknown, canonical: string | undefined): Uint8Array {
  // the common key, and the one that may have no encoding: asked without an exception
  if (isAccountScale(codec.scale)) return accountScaleOrUndefined(value) ?? utf8(canonical ?? codec.key(value));
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0; // a value with no encoding throws here: its stack is never looked at
  try {
    return codec.scale.enc(value);
  } catch {
    return utf8(canonical ?? codec.key(value));
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * The hex (without `0x`) of the bytes one key part contributes, `hasher(partInput(value))`: the
 * hash and the key it keeps written out one after the other
 * (no array is built for the two together: an array over 64 bytes is allocated off V8's heap,
 * about 1 µs on Node 20).
 */
function partHex(codec: Codec<unknown>, hasher: StorageHasher, value: unknown, canonical?: string): string {
  const h = HASHERS.get(hasher)!;
  const input = partInput(codec, value, canonical);
  if (!h.concat) return h.digestHex(input);
  return h.hashLength === 0 ? hexOf(input) : h.digestHex(input) + hexOf(input);
}

/**
 * The storage key of a map entry after the item's 32-byte prefix, as lowercase hex without `0x`:
 * `hasher1(encode(k1)) ++ hasher2(encode(k2)) ++ …` (one part for a map with one hasher, whatever
 * its key). The storage layer keys the overlay and the committed maps by it. A part with no SCALE
 * encoding gets its fallback key (module doc). `key` is the map key as Corelab holds it;
 * `canonical`, when the caller has it, its canonical key `keyCodec.key(key)` (not computed again
 * for a fallback key).
 */
export function keySuffixHex<K>(layout: StorageKeyLayout<K>, key: K, canonical?: string): string {
  const hashers = layout.hashers!;
  if (hashers.length === 1) return partHex(layout.keyCodec as Codec<unknown>, hashers[0]!, key, canonical);
  const parts = keyParts(layout);
  if (!Array.isArray(key)) throw new RuntimeUsageError(`${layout.pallet}.${layout.name}: the key is a tuple of ${hashers.length}, got ${String(key)}`);
  let out = "";
  for (let i = 0; i < parts.length; i++) out += partHex(parts[i]!, hashers[i]!, key[i]);
  return out;
}

/** Where `writeKeySuffix` appends bytes (the state root's hash input). @internal */
export interface ByteSink {
  push(bytes: Uint8Array): void;
}

/**
 * Appends to `sink` the bytes whose hex `keySuffixHex(layout, key, canonical)` is, part by part,
 * without building the hex: a storage key wanted once, as hash input (a full state root over keys
 * nobody has asked for before). Throws as `keySuffixHex` does (a tuple key that is not an array). @internal
 */
export function writeKeySuffix<K>(layout: StorageKeyLayout<K>, key: K, canonical: string | undefined, sink: ByteSink): void {
  const hashers = layout.hashers!;
  if (hashers.length === 1) return writePart(layout.keyCodec as Codec<unknown>, hashers[0]!, key, canonical, sink);
  const parts = keyParts(layout);
  if (!Array.isArray(key)) throw new RuntimeUsageError(`${layout.pallet}.${layout.name}: the key is a tuple of ${hashers.length}, got ${String(key)}`);
  for (let i = 0; i < parts.length; i++) writePart(parts[i]!, hashers[i]!, key[i], undefined, sink);
}

/** `partHex`'s bytes, appended to `sink`. */
function writePart(codec: Codec<unknown>, hasher: StorageHasher, value: unknown, canonical: string | undefined, sink: ByteSink): void {
  const h = HASHERS.get(hasher)!;
  const input = partInput(codec, value, canonical);
  if (!h.concat) return sink.push(h.hash(input));
  if (h.hashLength !== 0) sink.push(h.digest(input));
  sink.push(input);
}

/**
 * The key suffix (as `keySuffixHex`) shared by the entries of a double map / NMap whose first
 * `first.length` key elements are `first`: what `iter_prefix` walks. Needs one hasher per element.
 */
export function keySuffixPrefixHex(layout: StorageKeyLayout<any>, first: readonly unknown[]): string {
  const hashers = layout.hashers!;
  if (hashers.length < 2 || first.length >= hashers.length)
    throw new RuntimeUsageError(`${layout.pallet}.${layout.name}: a key prefix takes fewer elements than the key's ${hashers.length} hashed parts (a map with one hasher has no prefix iteration), got ${first.length}`);
  const parts = keyParts(layout);
  let out = "";
  for (let i = 0; i < first.length; i++) out += partHex(parts[i]!, hashers[i]!, first[i]);
  return out;
}
