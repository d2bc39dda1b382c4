/**
 * The state root: blake2-256 over a canonical encoding of the state, computed incrementally.
 *
 * Encoding (documented, stable):
 * - a storage value item hashes to `blake2_256("Pallet.Item=" ++ json)`, where `json` is the
 *   `JSON.stringify` of the item codec's `toJson(value)` (metadata-shaped JSON; bigints as
 *   decimal strings, enums as `{ type, value }`, struct fields in declaration order);
 * - a map entry hashes to `blake2_256(json([keyJson, valueJson]))`; a map item hashes to
 *   `blake2_256("Pallet.Item" ++ u32_le(entry count) ++ u256_le(Σ entry hashes mod 2^256))`, each
 *   entry hash read as a little-endian 256-bit integer: a multiset hash (Bellare–Micciancio's
 *   AdHash), independent of order, so a map's hash moves by the entries that changed only;
 * - a pallet hashes to `blake2_256(item hashes in item-name order)`, and the root is
 *   `blake2_256((utf8(palletName) ++ palletHash)…)` over pallets in name order.
 * Absent items, empty maps and pallets with no items contribute nothing.
 *
 * Incremental: the state is an immutable tree with structural sharing, so hashes are cached by
 * object identity (pallet objects, map versions, map entries). A map version knows the version it
 * came from and the key that changed (`MapState`), so a block that touches k entries of a map of n
 * re-hashes those k entries, that map (O(k), not O(n)), its pallet and the root; nothing else.
 */
import { blake2AsU8a } from "@polkadot/util-crypto";
import { blake2b as wasmBlake2b, isReady as wasmReady } from "@polkadot/wasm-crypto";
import { encodeJson, type Codec } from "./codec.ts";
import type { State } from "./context.ts";
import { MapState, type MapEntry } from "./map-state.ts";
import type { StorageItem } from "./storage.ts";

/** 32-byte hash as `0x` hex. */
export type Hash = `0x${string}`;

/** Bytes as lowercase `0x` hex (Node's native encoder: this runs for every block). */
export function toHex(bytes: Uint8Array): Hash {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

const NO_KEY = new Uint8Array();

/** UTF-8 bytes of a string (Node's native encoder: the same bytes as `stringToU8a`). */
function utf8(s: string): Uint8Array {
  return Buffer.from(s, "utf8");
}

/** The buffer `hashText` encodes into (grown as needed; blake2 copies its input). */
let textBuf = Buffer.allocUnsafe(4096);

/** blake2-256 of the UTF-8 bytes of `s`, encoded into a reused buffer (no allocation per hash). */
function hashText(s: string): Uint8Array {
  if (s.length * 3 > textBuf.length) textBuf = Buffer.allocUnsafe(Math.max(s.length * 3, textBuf.length * 2));
  const n = textBuf.write(s, 0, "utf8");
  return blake2(textBuf.subarray(0, n));
}

/** A reusable byte buffer that hash inputs are appended to (one per nesting level: root, pallet, map). */
class Scratch {
  private buf = new Uint8Array(1024);
  private n = 0;
  reset(): this {
    this.n = 0;
    return this;
  }
  push(bytes: Uint8Array): void {
    const end = this.n + bytes.length;
    if (end > this.buf.length) {
      const next = new Uint8Array(Math.max(end, this.buf.length * 2));
      next.set(this.buf.subarray(0, this.n));
      this.buf = next;
    }
    this.buf.set(bytes, this.n);
    this.n = end;
  }
  get length(): number {
    return this.n;
  }
  /** blake2-256 of the bytes pushed since `reset` (the hash function copies its input). */
  hash(): Uint8Array {
    return blake2(this.buf.subarray(0, this.n));
  }
}

/** Sorted own keys of an object, cached per key list (pallet and item names rarely change). */
class SortedNames {
  private last: { keys: string[]; sorted: string[] } | undefined;
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
    const sorted = [...keys].sort();
    this.last = { keys, sorted };
    return sorted;
  }
}

const nameBytes = new Map<string, Uint8Array>();
/** UTF-8 bytes of a pallet name, cached. */
function nameU8a(name: string): Uint8Array {
  let b = nameBytes.get(name);
  if (b === undefined) nameBytes.set(name, (b = utf8(name)));
  return b;
}

/**
 * blake2-256 of bytes: @polkadot/util-crypto's WebAssembly blake2b called directly once it is
 * loaded (`initCrypto()`; it is on the path of every block), its JS fallback before that. Both give
 * the same bytes.
 */
export const blake2 = (data: Uint8Array): Uint8Array => (wasmReady() ? wasmBlake2b(data, NO_KEY, 32) : blake2AsU8a(data, 256));

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
  private lastState: State | undefined;
  private lastRoot: Hash | undefined;
  private readonly palletNames = new SortedNames();
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
        parts.push(nameU8a(pallet));
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
    if (names === undefined) this.itemNames.set(pallet, (names = new SortedNames()));
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
      const hash = hashValue(pallet, name, item.codec, v);
      this.primitiveHashes.set(item, { value: v, hash });
      return hash;
    }
    const cached = this.valueHashes.get(v);
    if (cached?.item === item) return cached.hash;
    const hash = hashValue(pallet, name, item.codec, v);
    this.valueHashes.set(v, { item, hash });
    return hash;
  }

  private hashMap(pallet: string, name: string, item: StorageItem & { kind: "map" }, m: MapState): Uint8Array | null {
    let h = this.mapHashes.get(m);
    if (h !== undefined) return h;
    if (!(m instanceof MapState)) throw new Error(`state root: ${pallet}.${name} is not a map's stored form (MapState)`);
    if (m.size === 0) h = null;
    else {
      const sum = this.mapSum(item, m);
      const parts = this.mapScratch.reset();
      parts.push(nameU8a(`${pallet}.${name}`));
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
  private mapSum(item: StorageItem & { kind: "map" }, m: MapState): Uint32Array {
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
        if (old !== undefined) addHash(sum, this.entryHash(item, old), -1);
        if (now !== undefined) addHash(sum, this.entryHash(item, now), 1);
      }
    } else {
      sum = new Uint32Array(8);
      for (const e of m.entries()) addHash(sum, this.entryHash(item, e), 1);
    }
    this.mapSums.set(m, sum);
    m.base = undefined; // hashed: its ancestry is no longer needed
    return sum;
  }

  private entryHash(item: StorageItem & { kind: "map" }, e: MapEntry): Uint8Array {
    let h = this.entryHashes.get(e);
    if (h === undefined) {
      h = hashText(`[${elementJson(item.keyCodec, e[0])},${elementJson(item.codec, e[1])}]`);
      this.entryHashes.set(e, h);
    }
    return h;
  }
}

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

/** The JSON text of a value as an array element (`JSON.stringify` writes `null` for undefined). */
function elementJson(codec: Codec<unknown>, v: unknown): string {
  return (encodeJson(codec, v) as string | undefined) ?? "null";
}

function hashValue(pallet: string, name: string, codec: Codec<unknown>, v: unknown): Uint8Array {
  return hashText(`${pallet}.${name}=${encodeJson(codec, v)}`);
}
