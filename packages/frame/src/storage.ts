/**
 * Storage items as FRAME declares them: `StorageValue` and `StorageMap` (a double map is a map
 * keyed by a tuple, with prefix iteration), each with an `OptionQuery` (absent reads as
 * `undefined`) or a `ValueQuery` (absent reads as a declared default).
 *
 * An accessor reads and writes through the context's storage (`Externalities`: the committed
 * state under the block's overlay, `externalities.ts`). A value item is one key of the overlay; a
 * map item one overlay prefix whose keys are the entries' canonical keys (`codec.key(k)`), stored
 * as frozen `[key, value]` pairs. A map write costs O(1) in the overlay and O(log n) at the block's
 * commit, whatever the map's size, and hashes nothing: reads and writes never need the real storage
 * key.
 *
 * Iteration is in real storage key order, as Rust's `iter()` walks the trie (by the hashed key
 * bytes: for a `Blake2_128Concat` map, an order that looks random; for `Identity` or
 * `Twox64Concat`, by the hash then the encoded key), never insertion order; a double map's
 * `iterPrefix` walks the entries under the hashed first key element(s), as `iter_prefix`. The
 * storage key after the item's prefix (`hasher(encode(k))…` as hex: `StorageMap.storageKeyOf`) is
 * computed when something needs it (iteration, the state root, a change set's order, the raw
 * export), once per canonical key: each accessor remembers it (a bounded cache), and each map
 * version its entries sorted by storage key, built the first time the version is iterated.
 *
 * Each map declares its storage hasher(s) as the Rust pallet does (`hasher: "Blake2_128Concat"`,
 * or one per element of a tuple key for a double map / NMap): `storage-key.ts` builds the keys
 * from them.
 *
 * Values read are the stored values themselves: immutable. With the runtime's `freezeStorage` on
 * (the default) they are deep-frozen when written, so changing one in place throws; change a value
 * with `put` or `mutate`.
 */
import { current, freeze, isDraft } from "immer";
import type { Codec } from "./codec.ts";
import { immer, immerUnfrozen, recipes, type Context } from "./context.ts";
import type { Externalities } from "./externalities.ts";
import type { MapEntry, MapState } from "./map-state.ts";
import { RuntimeUsageError } from "./errors.ts";
import { STORAGE_HASHERS, isStorageHasher, keySuffixHex, keySuffixPrefixHex, writeKeySuffix, type ByteSink, type StorageHasher } from "./storage-key.ts";

/** Declaration of a storage value. */
export interface ValueSpec<T, D extends boolean> {
  readonly kind: "value";
  readonly codec: Codec<T>;
  readonly default: D extends true ? () => T : undefined;
  readonly docs: string;
}

/** Declaration of a storage map. */
export interface MapSpec<K, V, D extends boolean> {
  readonly kind: "map";
  readonly key: Codec<K>;
  readonly codec: Codec<V>;
  /** The storage hashers, as the Rust pallet declares them: one, or one per element of a tuple key. */
  readonly hashers: readonly StorageHasher[];
  /** Whether the declaration gave its hasher(s) (else `hashers` is the default, `Blake2_128Concat`). */
  readonly hasherDeclared: boolean;
  readonly default: D extends true ? () => V : undefined;
  readonly docs: string;
}

/** `StorageValue<_, T, OptionQuery>`, or `ValueQuery` with `{ default }`. */
export function value<T>(codec: Codec<T>, opts?: { docs?: string }): ValueSpec<T, false>;
export function value<T>(codec: Codec<T>, opts: { default: () => T; docs?: string }): ValueSpec<T, true>;
export function value<T>(codec: Codec<T>, opts: { default?: () => T; docs?: string } = {}): ValueSpec<T, boolean> {
  return { kind: "value", codec, default: opts.default as never, docs: opts.docs ?? "" };
}

/**
 * The storage hasher(s) of a map: one hasher (`StorageMap<_, Hasher, K, V>`, the whole key hashed
 * at once, a tuple key too), or a list with one per element of a tuple key
 * (`StorageDoubleMap<_, H1, K1, H2, K2, V>`, `StorageNMap<_, (NMapKey<H1, K1>, …), V>`).
 */
export type MapHasher = StorageHasher | readonly StorageHasher[];

/** How many map keys an accessor remembers the storage keys of (then it starts again). */
const KEY_CACHE_SIZE = 1 << 18;

/** A map version's entries in storage key order, with their storage keys (suffixes, hex): parallel arrays. */
interface StorageOrder<K, V> {
  readonly keys: readonly string[];
  readonly entries: ReadonlyArray<MapEntry<K, V>>;
}

/** The hasher of a map that declares none: `Blake2_128Concat`, FRAME's safe choice for any key. */
export const DEFAULT_MAP_HASHER: StorageHasher = "Blake2_128Concat";

/** Options of `map`: the hasher(s), a default (`ValueQuery`) and docs. */
export interface MapOptions<V> {
  /**
   * As the Rust pallet declares it: `"Blake2_128Concat"`, `"Twox64Concat"`,
   * `["Twox64Concat", "Blake2_128Concat"]` … Every pallet of Corelab declares it; a map without
   * one (a quick pallet of a user's) gets `DEFAULT_MAP_HASHER`.
   */
  readonly hasher?: MapHasher;
  readonly default?: () => V;
  readonly docs?: string;
}

/**
 * `StorageMap<_, Hasher, K, V, OptionQuery>`, or `ValueQuery` with `{ default }`. Tuple keys make a
 * double map: with one hasher per element it is a `StorageDoubleMap` / `StorageNMap` (each element
 * hashed on its own, so entries can be iterated by a prefix of elements on chain as here); with
 * one hasher for the whole tuple, a `StorageMap` keyed by a tuple.
 */
export function map<K, V>(key: Codec<K>, codec: Codec<V>, opts?: MapOptions<V> & { default?: undefined }): MapSpec<K, V, false>;
export function map<K, V>(key: Codec<K>, codec: Codec<V>, opts: MapOptions<V> & { default: () => V }): MapSpec<K, V, true>;
export function map<K, V>(key: Codec<K>, codec: Codec<V>, opts: MapOptions<V> = {}): MapSpec<K, V, boolean> {
  return {
    kind: "map",
    key,
    codec,
    hashers: mapHashers(key, opts.hasher ?? DEFAULT_MAP_HASHER),
    hasherDeclared: opts.hasher !== undefined,
    default: opts.default as never,
    docs: opts.docs ?? "",
  };
}

/** Checks a map's declared hasher(s) against its key: known names, one per tuple element when several. */
function mapHashers(key: Codec<unknown>, hasher: MapHasher): readonly StorageHasher[] {
  const list: readonly unknown[] = typeof hasher === "string" ? [hasher] : hasher;
  for (const h of list) if (!isStorageHasher(h)) throw new RuntimeUsageError(`unknown storage hasher ${JSON.stringify(h)} for a map keyed by ${key.name} (valid: ${STORAGE_HASHERS.join(", ")})`);
  if (list.length === 0) throw new RuntimeUsageError(`a map keyed by ${key.name} declares an empty list of hashers`);
  if (list.length > 1) {
    const items = Object.hasOwn(key, "items") ? (key as { items?: readonly unknown[] }).items : undefined;
    if (items === undefined || items.length !== list.length)
      throw new RuntimeUsageError(`${list.length} hashers (a double map / NMap) need a tuple key of ${list.length} elements; the key is ${key.name}`);
  }
  return Object.freeze([...list] as StorageHasher[]);
}

/** Any storage declaration. */
export type StorageSpec = ValueSpec<any, boolean> | MapSpec<any, any, boolean>;

/** Typed access to a storage value. */
export class StorageValue<T, Q> {
  readonly kind = "value" as const;
  /** The item's key prefix in the overlay (`Pallet.Item`). */
  readonly prefix: string;
  constructor(
    readonly pallet: string,
    readonly name: string,
    readonly codec: Codec<T>,
    readonly defaultValue: (() => T) | undefined,
    readonly docs: string,
  ) {
    this.prefix = `${pallet}.${name}`;
  }

  /** The value (`undefined` when absent for OptionQuery, the default for ValueQuery). Read-only. */
  get(ctx: Context): Q {
    const v = ctx.storage.getValue(this);
    return (v === undefined && this.defaultValue ? this.defaultValue() : v) as Q;
  }
  /** Whether a value is stored. */
  exists(ctx: Context): boolean {
    return ctx.storage.getValue(this) !== undefined;
  }
  /** Stores `value`. */
  put(ctx: Context, value: T): void {
    ctx.storage.putValue(this, stored(ctx.storage, value));
  }
  /** Removes the value. */
  kill(ctx: Context): void {
    if (this.exists(ctx)) ctx.storage.putValue(this, undefined);
  }
  /** Removes and returns the value. */
  take(ctx: Context): Q {
    const v = this.get(ctx);
    this.kill(ctx);
    return v;
  }
  /**
   * Changes the value in place, as an immer recipe: `fn` gets a mutable draft (the default, or
   * `undefined` for an absent OptionQuery value) and may instead return a replacement value. As
   * FRAME's `mutate` with a `ValueQuery`, an absent value is written (as the default) even when
   * `fn` leaves it as it is.
   */
  mutate(ctx: Context, fn: (v: Q) => T | void): void {
    const v = ctx.storage.getValue(this) as T | undefined;
    const cur = v === undefined && this.defaultValue ? this.defaultValue() : v;
    const next = produce(ctx.storage, cur, fn as (d: unknown) => T | void) as T | undefined;
    if (next === undefined || next === v) return;
    ctx.storage.putValue(this, stored(ctx.storage, next));
  }
}

/** Typed access to a storage map (or, with a tuple key, a double map). */
export class StorageMap<K, V, Q> {
  readonly kind = "map" as const;
  /** The item's key prefix in the overlay (`Pallet.Item`). */
  readonly prefix: string;
  constructor(
    readonly pallet: string,
    readonly name: string,
    readonly keyCodec: Codec<K>,
    readonly codec: Codec<V>,
    readonly defaultValue: (() => V) | undefined,
    readonly docs: string,
    /** The storage hashers, as the Rust pallet declares them (see `storage-key.ts`). */
    readonly hashers: readonly StorageHasher[] = [DEFAULT_MAP_HASHER],
    /** Whether the declaration gave its hasher(s) (else `hashers` is `DEFAULT_MAP_HASHER`). */
    readonly hasherDeclared = false,
  ) {
    this.prefix = `${pallet}.${name}`;
  }

  /** Storage keys (suffixes, hex) of map keys by canonical key: filled only for keys whose storage key was needed. */
  private readonly keyCache = new Map<string, string>();
  /** Each map version's entries in storage key order, built when the version is first iterated. */
  private readonly orders = new WeakMap<MapState<K, V>, StorageOrder<K, V>>();

  /**
   * The storage key of the entry at `key` after the item's 32-byte prefix, as lowercase hex with
   * no `0x` (`keySuffixHex` in storage-key.ts): what the map iterates by. Remembered per canonical
   * key (the last 262,144 keys or so).
   */
  storageKeyOf(key: K): string {
    return this.suffixOf(this.keyCodec.key(key), key);
  }

  /**
   * `storageKeyOf(key)` for the map key `key` whose canonical key (`keyCodec.key(key)`, what the
   * overlay and the committed map are keyed by) is `canonical`. @internal
   */
  suffixOf(canonical: string, key: K): string {
    let k = this.keyCache.get(canonical);
    if (k === undefined) {
      k = keySuffixHex(this, key, this.hashers.length === 1 ? canonical : undefined);
      if (this.keyCache.size >= KEY_CACHE_SIZE) this.keyCache.clear();
      this.keyCache.set(canonical, k);
    }
    return k;
  }

  /**
   * Appends the bytes of `suffixOf(canonical, key)` to `sink`, remembering nothing new: from the
   * remembered hex when there is one, else computed for this call only. For a pass over every
   * entry of a large map (a full state root), where remembering each key costs more than it saves. @internal
   */
  writeSuffix(canonical: string, key: K, sink: ByteSink & { pushHex(hex: string): void }): void {
    const hex = this.keyCache.get(canonical);
    if (hex !== undefined) sink.pushHex(hex);
    else writeKeySuffix(this, key, this.hashers.length === 1 ? canonical : undefined, sink);
  }

  /**
   * The entries of map version `m` in storage key order, with their storage keys: built once per
   * version (a version is immutable), so a map that is iterated often but changed rarely sorts once.
   */
  private order(m: MapState<K, V>): StorageOrder<K, V> {
    let o = this.orders.get(m);
    if (o === undefined) {
      const n = m.size;
      const sks = new Array<string>(n);
      const es = new Array<MapEntry<K, V>>(n);
      let i = 0;
      m.forEach((ck, e) => {
        sks[i] = this.suffixOf(ck, e[0]);
        es[i++] = e;
      });
      const idx = Array.from({ length: n }, (_, j) => j);
      idx.sort((a, b) => (sks[a]! < sks[b]! ? -1 : sks[a]! > sks[b]! ? 1 : 0));
      o = { keys: idx.map((j) => sks[j]!), entries: idx.map((j) => es[j]!) };
      this.orders.set(m, o);
    }
    return o;
  }

  /** The value at `key` (`undefined` when absent for OptionQuery, the default for ValueQuery). Read-only. */
  get(ctx: Context, key: K): Q {
    const e = ctx.storage.getEntry(this, this.keyCodec.key(key));
    return (e === undefined ? (this.defaultValue ? this.defaultValue() : undefined) : e[1]) as Q;
  }
  /** Whether `key` has a value. */
  contains(ctx: Context, key: K): boolean {
    return ctx.storage.getEntry(this, this.keyCodec.key(key)) !== undefined;
  }
  /** Stores `value` at `key`. */
  insert(ctx: Context, key: K, value: V): void {
    const s = ctx.storage;
    s.putEntry(this, this.keyCodec.key(key), Object.freeze([stored(s, key), stored(s, value)] as const));
  }
  /**
   * Stores every `[key, value]` of `pairs` (a later pair wins over an earlier one with the same
   * key): the same as `insert` for each (genesis and other bulk writes).
   */
  insertMany(ctx: Context, pairs: Iterable<readonly [K, V]>): void {
    for (const [key, value] of pairs) this.insert(ctx, key, value);
  }
  /** Removes the value at `key`. */
  remove(ctx: Context, key: K): void {
    const k = this.keyCodec.key(key);
    if (ctx.storage.getEntry(this, k) !== undefined) ctx.storage.putEntry(this, k, undefined);
  }
  /** Removes and returns the value at `key`. */
  take(ctx: Context, key: K): Q {
    const v = this.get(ctx, key);
    this.remove(ctx, key);
    return v;
  }
  /**
   * Changes the value at `key` in place, as an immer recipe: `fn` gets a mutable draft of the
   * value (the default for ValueQuery, `undefined` for an absent OptionQuery value) and may instead
   * return a replacement. An absent OptionQuery value stays absent unless `fn` returns one; an
   * absent ValueQuery value is written (as the default) even when `fn` leaves it as it is.
   */
  mutate(ctx: Context, key: K, fn: (v: Q) => V | void): void {
    const s = ctx.storage;
    const k = this.keyCodec.key(key);
    const e = s.getEntry(this, k);
    const cur = e !== undefined ? e[1] : this.defaultValue ? this.defaultValue() : undefined;
    const next = produce(s, cur, fn as (d: unknown) => V | void) as V | undefined;
    if (next === undefined || (e !== undefined && next === e[1])) return;
    s.putEntry(this, k, Object.freeze([e !== undefined ? e[0] : stored(s, key), stored(s, next)] as const));
  }
  /**
   * The map as one persistent version (`undefined` when empty): the same object for as long as
   * the map is unchanged, so what a caller derives from it can be cached by identity (see
   * `Externalities.mapVersion`).
   */
  version(ctx: Context): MapState<K, V> | undefined {
    return ctx.storage.mapVersion(this) as MapState<K, V> | undefined;
  }
  /** The entry with the smallest storage key (the first `iter()` gives), or `undefined` when the map is empty. */
  first(ctx: Context): readonly [K, V] | undefined {
    const m = this.version(ctx);
    return m === undefined ? undefined : this.order(m).entries[0];
  }
  /** All entries, in storage key order (Rust's `iter()`). */
  entries(ctx: Context): Array<readonly [K, V]> {
    const m = this.version(ctx);
    return m === undefined ? [] : this.order(m).entries.slice();
  }
  /** All keys, in storage key order. */
  keys(ctx: Context): K[] {
    return this.entries(ctx).map((e) => e[0]);
  }
  /** All values, in storage key order. */
  values(ctx: Context): V[] {
    return this.entries(ctx).map((e) => e[1]);
  }
  /**
   * The entries of a double map / NMap whose first key elements are `first` (FRAME's
   * `iter_prefix`), in storage key order: those under the storage key prefix of the hashed
   * `first`. The map must declare one hasher per key element (a map with one hasher over a tuple
   * key has no prefix iteration, in Rust either).
   */
  iterPrefix(ctx: Context, first: readonly unknown[]): Array<readonly [K, V]> {
    const prefix = keySuffixPrefixHex(this, first);
    const m = this.version(ctx);
    if (m === undefined) return [];
    const { keys, entries } = this.order(m);
    // the first storage key ≥ prefix (binary search), then while the keys start with it
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: Array<readonly [K, V]> = [];
    for (let i = lo; i < keys.length && keys[i]!.startsWith(prefix); i++) out.push(entries[i]!);
    return out;
  }
  /** Number of entries. */
  count(ctx: Context): number {
    return this.version(ctx)?.size ?? 0;
  }
  /** Removes every entry. */
  clear(ctx: Context): void {
    ctx.storage.clearMap(this);
  }
}

/** `fn` applied to `base` as an immer recipe, freezing the result when the storage freezes. */
function produce<T>(storage: Externalities, base: T, fn: (d: unknown) => T | void): T {
  recipes.depth++;
  try {
    return (storage.freeze ? immer : immerUnfrozen).produce(base, fn as never) as T;
  } finally {
    recipes.depth--;
  }
}

/**
 * A value as stored: any immer draft inside replaced by its current value (a value built inside a
 * `mutate` recipe must outlive it), and deep-frozen when the storage freezes.
 */
function stored<T>(storage: Externalities, v: T): T {
  if (typeof v !== "object" || v === null) return v;
  const u = recipes.depth > 0 ? (undraft(v) as T) : v;
  return storage.freeze && !Object.isFrozen(u) ? (freeze(u, true) as T) : u;
}

/** `v` with every draft inside (plain objects and arrays) replaced by its current value; `v` itself when it holds none. */
function undraft(v: unknown): unknown {
  if (isDraft(v)) return current(v);
  if (typeof v !== "object" || v === null || Object.isFrozen(v)) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = undraft(v[i]);
      if (x !== v[i]) (out ??= [...v])[i] = x;
    }
    return out ?? v;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(v)) {
    const x0 = (v as Record<string, unknown>)[k];
    const x = undraft(x0);
    if (x !== x0) (out ??= { ...(v as Record<string, unknown>) })[k] = x;
  }
  return out ?? v;
}

/** Any storage accessor. */
export type StorageItem = StorageValue<any, any> | StorageMap<any, any, any>;

/** The accessor type of a declaration. */
export type AccessorOf<S> =
  S extends ValueSpec<infer T, infer D>
    ? StorageValue<T, D extends true ? T : T | undefined>
    : S extends MapSpec<infer K, infer V, infer D>
      ? StorageMap<K, V, D extends true ? V : V | undefined>
      : never;

/** Builds the accessor of a declaration. @internal */
export function accessorOf(pallet: string, name: string, spec: StorageSpec): StorageItem {
  return spec.kind === "value"
    ? new StorageValue(pallet, name, spec.codec, spec.default, spec.docs)
    : new StorageMap(pallet, name, spec.key, spec.codec, spec.default, spec.docs, spec.hashers, spec.hasherDeclared);
}
