/**
 * The state root: blake2-256 over the state's real storage keys and SCALE-encoded values,
 * computed incrementally. It is not Substrate's trie root (no Patricia-Merkle trie), but it is a
 * function of the same `(key, value)` bytes the chain would store.
 *
 * Construction (documented, stable; `state-root.test.ts` rebuilds it by hand):
 * - every entry hashes to `e = blake2_256(key ++ value)`: `key` its full storage key
 *   (`twox_128(pallet) ++ twox_128(item)` for a value item, followed by `hasher(encode(k))…` for a
 *   map entry: `storage-key.ts`), `value` the SCALE encoding of the value (`Codec.scale`);
 * - a storage value item hashes to its entry hash `e`;
 * - a map item hashes to `blake2_256(prefix ++ u32_le(entry count) ++ u256_le(Σ e mod 2^256))`,
 *   `prefix` its 32-byte item prefix, each `e` read as a little-endian 256-bit integer: a multiset
 *   hash (Bellare–Micciancio's AdHash), independent of order, so a map's hash moves by the entries
 *   that changed only;
 * - a pallet hashes to `blake2_256(its item hashes, in twox_128(item) order)`, and the root is
 *   `blake2_256((twox_128(pallet) ++ palletHash)…)` over pallets in twox_128(pallet) order: the
 *   order of the storage keys themselves.
 * Absent items, empty maps and pallets with no items contribute nothing.
 *
 * Fallback, for what has no SCALE form: a value that cannot be encoded (a codec marked `noScale`:
 * `Outbox.Messages`, a network chain's outbound messages; or a value holding an account that is
 * not an SS58 address, as mock runtimes name accounts `"1001"`) hashes to
 * `blake2_256(utf8("json:") ++ key ++ utf8(json))` instead, `json` the `JSON.stringify` of the
 * codec's `toJson(value)` (the `"json:"` bytes cannot start a real key, which starts with
 * `twox_128(pallet)`); a map key part that cannot be encoded is hashed by its hasher over the UTF-8
 * of its canonical key (`storage-key.ts`, the fallback key). Both are deterministic, so a mock
 * runtime has roots too; such a state has no raw form (the raw export refuses those accounts).
 *
 * Incremental: the state is an immutable tree with structural sharing, so hashes are cached by
 * object identity (pallet objects, map versions, map entries). A map version knows the version it
 * came from and the keys that changed (`MapState`), so a block that touches k entries of a map of
 * n re-hashes those k entries, that map (O(k), not O(n)), its pallet and the root; nothing else.
 */
import { blake2_256 } from "./hashing.ts";
import { accountScaleOrUndefined, encodeInto, encodeJson, isAccountScale, type Codec } from "./codec.ts";
import { storagePrefix } from "./storage-key.ts";
import type { State } from "./context.ts";
import { MapState, type MapEntry } from "./map-state.ts";
import type { StorageItem } from "./storage.ts";

/** 32-byte hash as `0x` hex. */
export type Hash = `0x${string}`;

/** Bytes as lowercase `0x` hex (Node's native encoder: this runs for every block). */
export function toHex(bytes: Uint8Array): Hash {
  return `0x${Buffer.from(bytes).toString("hex")}`; // a copy: a small array's `.buffer` costs more (storage-key.ts, hexOf)
}


/** UTF-8 bytes of a string (Node's native encoder: the same bytes as `stringToU8a`). */
function utf8(s: string): Uint8Array {
  return Buffer.from(s, "utf8");
}

/** A reusable byte buffer that hash inputs are appended to (one per nesting level: root, pallet, map). */
class Scratch {
  private buf = new Uint8Array(1024);
  /** `buf` as a Node `Buffer` (the same bytes), for writing hex into it. */
  private view = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  private n = 0;
  reset(): this {
    this.n = 0;
    return this;
  }
  push(bytes: Uint8Array): void {
    const end = this.n + bytes.length;
    this.reserve(end);
    this.buf.set(bytes, this.n);
    this.n = end;
  }
  /** Appends the bytes of `hex` (lowercase, no `0x`), decoded in place by Node (no array for them). */
  pushHex(hex: string): void {
    const end = this.n + hex.length / 2;
    this.reserve(end);
    this.view.write(hex, this.n, "hex");
    this.n = end;
  }
  private reserve(end: number): void {
    if (end > this.buf.length) {
      const next = new Uint8Array(Math.max(end, this.buf.length * 2));
      next.set(this.buf.subarray(0, this.n));
      this.buf = next;
      this.view = Buffer.from(next.buffer, next.byteOffset, next.length);
    }
  }
  get length(): number {
    return this.n;
  }
  /** The bytes pushed since `reset`: a view, valid until the next `reset` or `push`. */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
  /** blake2-256 of the bytes pushed since `reset` (the hash function copies its input). */
  hash(): Uint8Array {
    return blake2(this.buf.subarray(0, this.n));
  }
}

/** Own keys of an object sorted by a sort key of each name, cached per key list (pallet and item names rarely change). */
class SortedNames {
  private last: { keys: string[]; sorted: string[] } | undefined;
  constructor(private readonly sortKey: (name: string) => string) {}
  of(obj: object): string[] {
    const keys = Object.keys(obj);
    const last = this.last;
    if (last !== undefined && last.keys.length === keys.length) {
      let same = true;
      for (let i = 0; i < keys.length; i++)
        if (keys[i] !== last.keys[i]) {
          same = false;
          break;
        }
      if (same) return last.sorted;
    }
    const sk = new Map(keys.map((k) => [k, this.sortKey(k)]));
    const sorted = [...keys].sort((a, b) => (sk.get(a)! < sk.get(b)! ? -1 : sk.get(a)! > sk.get(b)! ? 1 : 0));
    this.last = { keys, sorted };
    return sorted;
  }
}

const prefixes = new Map<string, Uint8Array>();
/** `twox_128(pallet) ++ twox_128(item)`, cached (never changed: `storagePrefix` gives a copy once). */
function itemPrefix(pallet: string, item: string): Uint8Array {
  const id = `${pallet}.${item}`;
  let b = prefixes.get(id);
  if (b === undefined) prefixes.set(id, (b = storagePrefix(pallet, item)));
  return b;
}
/** `twox_128(pallet)`, cached. */
function palletPrefix(pallet: string): Uint8Array {
  return itemPrefix(pallet, "").subarray(0, 16);
}
/** Hex of `twox_128(name)`: the order of pallets (and of a pallet's items) in the root. */
const twoxOrder = (name: string): string => toHex(itemPrefix(name, "").subarray(0, 16));

/** blake2-256 of bytes (`hashing.ts`: hash-wasm once `initCrypto()` has run, a slower source before; the same bytes). */
export const blake2 = (data: Uint8Array): Uint8Array => blake2_256(data);

type ItemCodecs = ReadonlyMap<string, ReadonlyMap<string, StorageItem>>;

/** Computes state roots of one runtime's states, reusing hashes of unchanged parts. */
export class StateHasher {
  private readonly palletHashes = new WeakMap<object, Uint8Array | null>();
  private readonly mapHashes = new WeakMap<object, Uint8Array | null>();
  /** The entry-hash sum (8 little-endian u32 limbs) of each hashed map version. */
  private readonly mapSums = new WeakMap<MapState, Uint32Array>();
  private readonly entryHashes = new WeakMap<MapEntry, Uint8Array>();
  /** Hashes of object-valued storage values, by identity (and item, should one object sit in two items). */
  private readonly valueHashes = new WeakMap<object, { item: StorageItem; hash: Uint8Array }>();
  /** Last hash of each primitive-valued storage value (numbers, strings), by item. */
  private readonly primitiveHashes = new Map<StorageItem, { value: unknown; hash: Uint8Array }>();
  private readonly rootScratch = new Scratch();
  private readonly palletScratch = new Scratch();
  private readonly mapScratch = new Scratch();
  private readonly entryScratch = new Scratch();
  private lastState: State | undefined;
  private lastRoot: Hash | undefined;
  private readonly palletNames = new SortedNames(twoxOrder);
  private readonly itemNames = new Map<string, SortedNames>();

  constructor(private readonly items: ItemCodecs) {}

  /** The state root of `state`. */
  root(state: State): Hash {
    if (state === this.lastState && this.lastRoot) return this.lastRoot;
    const parts = this.rootScratch.reset();
    for (const pallet of this.palletNames.of(state)) {
      const obj = state[pallet]!;
      let h = this.palletHashes.get(obj);
      if (h === undefined) {
        h = this.hashPallet(pallet, obj);
        this.palletHashes.set(obj, h);
      }
      if (h) {
        parts.push(palletPrefix(pallet));
        parts.push(h);
      }
    }
    const root = toHex(parts.hash());
    this.lastState = state;
    this.lastRoot = root;
    return root;
  }

  private hashPallet(pallet: string, obj: { readonly [item: string]: unknown }): Uint8Array | null {
    const items = this.items.get(pallet);
    const parts = this.palletScratch.reset();
    let names = this.itemNames.get(pallet);
    if (names === undefined) this.itemNames.set(pallet, (names = new SortedNames(twoxOrder)));
    for (const name of names.of(obj)) {
      const v = obj[name];
      if (v === undefined) continue;
      const item = items?.get(name);
      if (!item) throw new Error(`state root: ${pallet}.${name} is not a declared storage item`);
      const h = item.kind === "value" ? this.hashValueItem(item, pallet, name, v) : this.hashMap(pallet, name, item, v as MapState);
      if (h) parts.push(h);
    }
    return parts.length === 0 ? null : parts.hash();
  }

  private hashValueItem(item: StorageItem & { kind: "value" }, pallet: string, name: string, v: unknown): Uint8Array {
    if (typeof v !== "object" || v === null) {
      const last = this.primitiveHashes.get(item);
      if (last !== undefined && last.value === v) return last.hash;
      const hash = entryHash(this.entryScratch, itemPrefix(pallet, name), item.codec, v);
      this.primitiveHashes.set(item, { value: v, hash });
      return hash;
    }
    const cached = this.valueHashes.get(v);
    if (cached?.item === item) return cached.hash;
    const hash = entryHash(this.entryScratch, itemPrefix(pallet, name), item.codec, v);
    this.valueHashes.set(v, { item, hash });
    return hash;
  }

  private hashMap(pallet: string, name: string, item: StorageItem & { kind: "map" }, m: MapState): Uint8Array | null {
    let h = this.mapHashes.get(m);
    if (h !== undefined) return h;
    if (!(m instanceof MapState)) throw new Error(`state root: ${pallet}.${name} is not a map's stored form (MapState)`);
    if (m.size === 0) h = null;
    else {
      const prefix = itemPrefix(pallet, name);
      const sum = this.mapSum(item, prefix, m);
      const parts = this.mapScratch.reset();
      parts.push(prefix);
      MAP_TAIL_VIEW.setUint32(0, m.size, true);
      for (let i = 0; i < 8; i++) MAP_TAIL_VIEW.setUint32(4 + 4 * i, sum[i]!, true);
      parts.push(MAP_TAIL);
      h = parts.hash();
    }
    this.mapHashes.set(m, h);
    return h;
  }

  /**
   * The sum of `m`'s entry hashes: from the nearest hashed version it derives from, by the keys
   * changed since (an entry replaced by an equal one is re-hashed but cancels out), or in full.
   */
  private mapSum(item: StorageItem & { kind: "map" }, prefix: Uint8Array, m: MapState): Uint32Array {
    const cached = this.mapSums.get(m);
    if (cached !== undefined) return cached;
    const changed = new Set<string>();
    let from: MapState | undefined = m;
    let fromSum: Uint32Array | undefined;
    while (from !== undefined) {
      fromSum = this.mapSums.get(from) ?? (from.size === 0 ? ZERO_SUM : undefined);
      if (fromSum !== undefined || from.changed === undefined) break;
      if (typeof from.changed === "string") changed.add(from.changed);
      else for (const k of from.changed) changed.add(k);
      from = from.base;
    }
    let sum: Uint32Array;
    if (from !== undefined && fromSum !== undefined) {
      sum = fromSum.slice();
      for (const k of changed) {
        const old = from.get(k);
        const now = m.get(k);
        if (old === now) continue;
        if (old !== undefined) addHash(sum, this.entryHash(item, prefix, k, old, true), -1);
        if (now !== undefined) addHash(sum, this.entryHash(item, prefix, k, now, true), 1);
      }
    } else {
      const acc = new Uint32Array(8);
      const remember = m.size <= REMEMBER_KEYS_OF_MAPS_UP_TO;
      m.forEach((k, e) => addHash(acc, this.entryHash(item, prefix, k, e, remember), 1));
      sum = acc;
    }
    this.mapSums.set(m, sum);
    m.base = undefined; // hashed: its ancestry is no longer needed
    return sum;
  }

  /**
   * The hash of the entry `e` stored under canonical key `k` (as the map is keyed), cached by
   * entry. `remember`: whether the map remembers the entry's storage key (`suffixOf`), for an entry
   * a block changed and for the entries of a small map (keys asked for again: by a later full
   * root, by the other runtimes of a network, which share the pallet's storage items); a full pass
   * over a large map (a genesis of many accounts) computes each key it lacks for its hash only,
   * written straight into the hash input: remembering a million keys costs more than it saves.
   */
  private entryHash(item: StorageItem & { kind: "map" }, prefix: Uint8Array, k: string, e: MapEntry, remember: boolean): Uint8Array {
    let h = this.entryHashes.get(e);
    if (h === undefined) {
      const scratch = this.entryScratch;
      const bytes = beginEntry(scratch, prefix, item.codec, e[1]);
      if (remember) scratch.pushHex(item.suffixOf(k, e[0]));
      else item.writeSuffix(k, e[0], scratch);
      h = finishEntry(scratch, bytes, item.codec, e[1]);
      this.entryHashes.set(e, h);
    }
    return h;
  }
}

/** The largest map whose storage keys a full pass remembers (see `StateHasher.entryHash`). */
const REMEMBER_KEYS_OF_MAPS_UP_TO = 4_096;
const ZERO_SUM = new Uint32Array(8);
/** The map hash's tail, `u32_le(count) ++ u256_le(sum)`, written in place for each map hashed (`Scratch.push` copies it). */
const MAP_TAIL = new Uint8Array(36);
const MAP_TAIL_VIEW = new DataView(MAP_TAIL.buffer);

/** `acc += sign · h (mod 2^256)`, `h` read as a little-endian 256-bit integer, `acc` as 8 little-endian u32 limbs. */
function addHash(acc: Uint32Array, h: Uint8Array, sign: 1 | -1): void {
  let carry = 0;
  for (let i = 0; i < 8; i++) {
    const o = 4 * i;
    const x = (h[o]! | (h[o + 1]! << 8) | (h[o + 2]! << 16) | (h[o + 3]! << 24)) >>> 0;
    const s = sign === 1 ? acc[i]! + x + carry : acc[i]! - x - carry;
    acc[i] = s; // Uint32Array stores s mod 2^32
    carry = sign === 1 ? (s > 0xffffffff ? 1 : 0) : s < 0 ? 1 : 0;
  }
}

/** The bytes the JSON fallback's hash starts with (see the module doc). */
const JSON_TAG = utf8("json:");

/** Where `scaleOrUndefined` encodes a value (its answer is a view of it). */
const VALUE_SCRATCH = new Scratch();

/**
 * The SCALE encoding of `v`, or `undefined` when it has none (a `noScale` codec, an account that
 * is not an SS58 address): the caller falls back to JSON (module doc). An account, or a struct
 * whose own fields hold one, is checked first, so a value that takes the fallback is not half
 * encoded (and an error built) before its JSON is. The answer is a view of one shared array,
 * valid until the next call: the caller copies it (`Scratch.push`).
 */
export function scaleOrUndefined(codec: Codec<unknown>, v: unknown): Uint8Array | undefined {
  const accounts = accountFieldsOf(codec);
  if (accounts === SELF) {
    if (accountScaleOrUndefined(v) === undefined) return undefined;
  } else if (accounts.length > 0 && typeof v === "object" && v !== null) {
    for (const k of accounts) if (accountScaleOrUndefined((v as Record<string, unknown>)[k]) === undefined) return undefined;
  }
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0; // the error is dropped: no stack to capture
  try {
    encodeInto(codec, v, VALUE_SCRATCH.reset());
    return VALUE_SCRATCH.bytes();
  } catch {
    return undefined;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** `accountFieldsOf`'s answer for the account id codec itself. */
const SELF: readonly string[] = [];
const accountFields = new WeakMap<Codec<unknown>, readonly string[]>();
/** The names of a struct codec's fields that are account ids (`SELF` for the account id codec), remembered per codec. */
function accountFieldsOf(codec: Codec<unknown>): readonly string[] {
  let f = accountFields.get(codec);
  if (f === undefined) {
    if (isAccountScale(codec.scale)) f = SELF;
    else if (Object.hasOwn(codec, "fields")) {
      const fields = (codec as unknown as { fields: Record<string, Codec<unknown>> }).fields;
      f = Object.keys(fields).filter((k) => isAccountScale(fields[k]!.scale));
    } else f = [];
    accountFields.set(codec, f);
  }
  return f;
}

/**
 * An entry's hash: `blake2_256(prefix ++ suffix ++ scale(v))` (`suffix`: a map entry's hashed key,
 * absent for a value item), or `blake2_256("json:" ++ prefix ++ suffix ++ json(v))` when `v` has
 * no SCALE encoding. Built in `scratch` (reused): `beginEntry` writes what comes before the
 * suffix and returns `scale(v)` (`undefined`: the fallback), the caller appends the suffix, and
 * `finishEntry` appends the value and hashes.
 */
function beginEntry(scratch: Scratch, prefix: Uint8Array, codec: Codec<unknown>, v: unknown): Uint8Array | undefined {
  const bytes = scaleOrUndefined(codec, v);
  scratch.reset();
  if (bytes === undefined) scratch.push(JSON_TAG);
  scratch.push(prefix);
  return bytes;
}
/** See `beginEntry`. */
function finishEntry(scratch: Scratch, bytes: Uint8Array | undefined, codec: Codec<unknown>, v: unknown): Uint8Array {
  scratch.push(bytes ?? utf8((encodeJson(codec, v) as string | undefined) ?? "null"));
  return scratch.hash();
}
/** The hash of a storage value item's entry (no suffix: see `beginEntry`). */
function entryHash(scratch: Scratch, prefix: Uint8Array, codec: Codec<unknown>, v: unknown): Uint8Array {
  return finishEntry(scratch, beginEntry(scratch, prefix, codec, v), codec, v);
}
