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
import { u8aConcat, stringToU8a } from "@polkadot/util";
import type { Codec } from "./codec.ts";
import type { State } from "./context.ts";
import { sortedKeys, type StorageItem } from "./storage.ts";

/** 32-byte hash as `0x` hex. */
export type Hash = `0x${string}`;

/** Bytes as lowercase `0x` hex (Node's native encoder: this runs for every block). */
export function toHex(bytes: Uint8Array): Hash {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

const NO_KEY = new Uint8Array();

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
  private readonly valueHashes = new WeakMap<object, { item: string; hash: Uint8Array }>();
  /** Last hash of each primitive-valued storage value (numbers, strings), by item. */
  private readonly primitiveHashes = new Map<string, { value: unknown; hash: Uint8Array }>();
  private lastState: State | undefined;
  private lastRoot: Hash | undefined;

  constructor(private readonly items: ItemCodecs) {}

  /** The state root of `state`. */
  root(state: State): Hash {
    if (state === this.lastState && this.lastRoot) return this.lastRoot;
    const parts: Uint8Array[] = [];
    for (const pallet of Object.keys(state).sort()) {
      const obj = state[pallet]!;
      let h = this.palletHashes.get(obj);
      if (h === undefined) {
        h = this.hashPallet(pallet, obj);
        this.palletHashes.set(obj, h);
      }
      if (h) parts.push(stringToU8a(pallet), h);
    }
    const root = toHex(blake2(u8aConcat(...parts)));
    this.lastState = state;
    this.lastRoot = root;
    return root;
  }

  private hashPallet(pallet: string, obj: { readonly [item: string]: unknown }): Uint8Array | null {
    const items = this.items.get(pallet);
    const parts: Uint8Array[] = [];
    for (const name of Object.keys(obj).sort()) {
      const v = obj[name];
      if (v === undefined) continue;
      const item = items?.get(name);
      if (!item) throw new Error(`state root: ${pallet}.${name} is not a declared storage item`);
      const h = item.kind === "value" ? this.hashValueItem(pallet, name, item.codec, v) : this.hashMap(pallet, name, item, v as object);
      if (h) parts.push(h);
    }
    return parts.length === 0 ? null : blake2(u8aConcat(...parts));
  }

  private hashValueItem(pallet: string, name: string, codec: Codec<unknown>, v: unknown): Uint8Array {
    const id = `${pallet}.${name}`;
    if (typeof v !== "object" || v === null) {
      const last = this.primitiveHashes.get(id);
      if (last !== undefined && last.value === v) return last.hash;
      const hash = hashValue(pallet, name, codec, v);
      this.primitiveHashes.set(id, { value: v, hash });
      return hash;
    }
    const cached = this.valueHashes.get(v);
    if (cached?.item === id) return cached.hash;
    const hash = hashValue(pallet, name, codec, v);
    this.valueHashes.set(v, { item: id, hash });
    return hash;
  }

  private hashMap(pallet: string, name: string, item: StorageItem & { kind: "map" }, m: object): Uint8Array | null {
    let h = this.mapHashes.get(m);
    if (h !== undefined) return h;
    const entries = m as Record<string, readonly [unknown, unknown]>;
    const keys = sortedKeys(entries);
    if (keys.length === 0) h = null;
    else {
      const parts: Uint8Array[] = [stringToU8a(`${pallet}.${name}`)];
      for (const k of keys) {
        const e = entries[k]!;
        let eh = this.entryHashes.get(e);
        if (!eh) {
          eh = blake2(stringToU8a(JSON.stringify([item.keyCodec.toJson(e[0]), item.codec.toJson(e[1])])));
          this.entryHashes.set(e, eh);
        }
        parts.push(eh);
      }
      h = blake2(u8aConcat(...parts));
    }
    this.mapHashes.set(m, h);
    return h;
  }
}

function hashValue(pallet: string, name: string, codec: Codec<unknown>, v: unknown): Uint8Array {
  return blake2(stringToU8a(`${pallet}.${name}=${JSON.stringify(codec.toJson(v))}`));
}
