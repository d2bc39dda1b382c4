/**
 * The state root: blake2-256 over a canonical encoding of the state, computed incrementally.
 *
 * Encoding (documented, stable):
 * - a storage value item hashes to `blake2_256("Pallet.Item=" ++ json)`, where `json` is the
 *   `JSON.stringify` of the item codec's `toJson(value)` (metadata-shaped JSON; bigints as
 *   decimal strings, enums as `{ type, value }`, struct fields in declaration order);
 * - a map entry hashes to `blake2_256(json([keyJson, valueJson]))`; a map item hashes to
 *   `blake2_256("Pallet.Item" ++ entryHash…)` over its entries in canonical key order;
 * - a pallet hashes to `blake2_256(item hashes in item-name order)`, and the root is
 *   `blake2_256((utf8(palletName) ++ palletHash)…)` over pallets in name order.
 * Absent items, empty maps and pallets with no items contribute nothing.
 *
 * Incremental: the state is an immutable tree with structural sharing, so hashes are cached by
 * object identity (pallet objects, map objects, map entries). A block that touches one map entry
 * re-hashes that entry, that map, its pallet and the root; nothing else.
 */
import { blake2AsU8a } from "@polkadot/util-crypto";
import { blake2b as wasmBlake2b, isReady as wasmReady } from "@polkadot/wasm-crypto";
import { encodeJson, type Codec } from "./codec.ts";
import type { State } from "./context.ts";
import { sortedKeys, type StorageItem } from "./storage.ts";

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
  private readonly entryHashes = new WeakMap<object, Uint8Array>();
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
      const h = item.kind === "value" ? this.hashValueItem(item, pallet, name, v) : this.hashMap(pallet, name, item, v as object);
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

  private hashMap(pallet: string, name: string, item: StorageItem & { kind: "map" }, m: object): Uint8Array | null {
    let h = this.mapHashes.get(m);
    if (h !== undefined) return h;
    const entries = m as Record<string, readonly [unknown, unknown]>;
    const keys = sortedKeys(entries);
    if (keys.length === 0) h = null;
    else {
      const parts = this.mapScratch.reset();
      parts.push(utf8(`${pallet}.${name}`));
      for (const k of keys) {
        const e = entries[k]!;
        let eh = this.entryHashes.get(e);
        if (!eh) {
          eh = blake2(utf8(`[${elementJson(item.keyCodec, e[0])},${elementJson(item.codec, e[1])}]`));
          this.entryHashes.set(e, eh);
        }
        parts.push(eh);
      }
      h = parts.hash();
    }
    this.mapHashes.set(m, h);
    return h;
  }
}

/** The JSON text of a value as an array element (`JSON.stringify` writes `null` for undefined). */
function elementJson(codec: Codec<unknown>, v: unknown): string {
  return (encodeJson(codec, v) as string | undefined) ?? "null";
}

function hashValue(pallet: string, name: string, codec: Codec<unknown>, v: unknown): Uint8Array {
  return blake2(utf8(`${pallet}.${name}=${encodeJson(codec, v)}`));
}
