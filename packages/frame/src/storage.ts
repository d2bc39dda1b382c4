/**
 * Storage items as FRAME declares them: `StorageValue` and `StorageMap` (a double map is a map
 * keyed by a tuple, with prefix iteration), each with an `OptionQuery` (absent reads as
 * `undefined`) or a `ValueQuery` (absent reads as a declared default).
 *
 * Layout in the state tree: a value item is stored as the value itself; a map item as an object
 * from the canonical key string (`codec.key(k)`) to the `[key, value]` pair. Iteration is always in
 * sorted key order, never insertion order.
 */
import { current, freeze, isDraft } from "immer";
import type { Codec } from "./codec.ts";
import { readPallet, setItem, writePallet, type Context } from "./context.ts";

/**
 * What reads return once a context has a draft: a frozen snapshot, never the draft itself, so a
 * value read stays immutable and readable after the phase ends (immer's `current` returns the base
 * object untouched for parts that were not modified, so this copies only what the phase changed).
 */
export function snapshot<T>(v: T): T {
  return isDraft(v) ? (freeze(current(v as object), true) as T) : v;
}

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
  readonly default: D extends true ? () => V : undefined;
  readonly docs: string;
}

/** `StorageValue<_, T, OptionQuery>`, or `ValueQuery` with `{ default }`. */
export function value<T>(codec: Codec<T>, opts?: { docs?: string }): ValueSpec<T, false>;
export function value<T>(codec: Codec<T>, opts: { default: () => T; docs?: string }): ValueSpec<T, true>;
export function value<T>(codec: Codec<T>, opts: { default?: () => T; docs?: string } = {}): ValueSpec<T, boolean> {
  return { kind: "value", codec, default: opts.default as never, docs: opts.docs ?? "" };
}

/** `StorageMap<_, K, V, OptionQuery>`, or `ValueQuery` with `{ default }`. Tuple keys make a double map. */
export function map<K, V>(key: Codec<K>, codec: Codec<V>, opts?: { docs?: string }): MapSpec<K, V, false>;
export function map<K, V>(key: Codec<K>, codec: Codec<V>, opts: { default: () => V; docs?: string }): MapSpec<K, V, true>;
export function map<K, V>(key: Codec<K>, codec: Codec<V>, opts: { default?: () => V; docs?: string } = {}): MapSpec<K, V, boolean> {
  return { kind: "map", key, codec, default: opts.default as never, docs: opts.docs ?? "" };
}

/** Any storage declaration. */
export type StorageSpec = ValueSpec<any, boolean> | MapSpec<any, any, boolean>;

type MapState<K, V> = { readonly [key: string]: readonly [K, V] };

/** Typed access to a storage value. */
export class StorageValue<T, Q> {
  readonly kind = "value" as const;
  constructor(
    readonly pallet: string,
    readonly name: string,
    readonly codec: Codec<T>,
    readonly defaultValue: (() => T) | undefined,
    readonly docs: string,
  ) {}

  /** The value (`undefined` when absent for OptionQuery, the default for ValueQuery). Read-only. */
  get(ctx: Context): Q {
    const v = readPallet(ctx, this.pallet)?.[this.name] as T | undefined;
    return (v === undefined && this.defaultValue ? this.defaultValue() : snapshot(v)) as Q;
  }
  /** Whether a value is stored. */
  exists(ctx: Context): boolean {
    return readPallet(ctx, this.pallet)?.[this.name] !== undefined;
  }
  /** Stores `value`. */
  put(ctx: Context, value: T): void {
    setItem(ctx, this.pallet, this.name, value);
  }
  /** Removes the value. */
  kill(ctx: Context): void {
    if (this.exists(ctx)) setItem(ctx, this.pallet, this.name, undefined);
  }
  /** Removes and returns the value. */
  take(ctx: Context): Q {
    const v = this.get(ctx);
    this.kill(ctx);
    return v;
  }
  /**
   * Changes the value in place, as an immer recipe: `fn` gets a mutable draft (the default, or
   * `undefined` for an absent OptionQuery value) and may instead return a replacement value.
   */
  mutate(ctx: Context, fn: (v: Q) => T | void): void {
    const d = writePallet(ctx, this.pallet);
    let cur = d[this.name] as T | undefined;
    if (cur === undefined && this.defaultValue) {
      d[this.name] = this.defaultValue() as never;
      cur = d[this.name] as T;
    }
    const r = fn(cur as Q);
    if (r !== undefined) d[this.name] = r as never;
  }
}

/** Typed access to a storage map (or, with a tuple key, a double map). */
export class StorageMap<K, V, Q> {
  readonly kind = "map" as const;
  constructor(
    readonly pallet: string,
    readonly name: string,
    readonly keyCodec: Codec<K>,
    readonly codec: Codec<V>,
    readonly defaultValue: (() => V) | undefined,
    readonly docs: string,
  ) {}

  private state(ctx: Context): MapState<K, V> | undefined {
    return readPallet(ctx, this.pallet)?.[this.name] as MapState<K, V> | undefined;
  }
  private draft(ctx: Context): Record<string, [K, V]> {
    const p = writePallet(ctx, this.pallet);
    return (p[this.name] ??= {}) as Record<string, [K, V]>;
  }

  /** The value at `key` (`undefined` when absent for OptionQuery, the default for ValueQuery). Read-only. */
  get(ctx: Context, key: K): Q {
    const e = this.state(ctx)?.[this.keyCodec.key(key)];
    return (e === undefined ? (this.defaultValue ? this.defaultValue() : undefined) : snapshot(e[1])) as Q;
  }
  /** Whether `key` has a value. */
  contains(ctx: Context, key: K): boolean {
    return this.state(ctx)?.[this.keyCodec.key(key)] !== undefined;
  }
  /** Stores `value` at `key`. */
  insert(ctx: Context, key: K, value: V): void {
    this.draft(ctx)[this.keyCodec.key(key)] = [key, value];
  }
  /** Removes the value at `key`. */
  remove(ctx: Context, key: K): void {
    const k = this.keyCodec.key(key);
    if (this.state(ctx)?.[k] !== undefined) delete this.draft(ctx)[k];
  }
  /** Removes and returns the value at `key`. */
  take(ctx: Context, key: K): Q {
    const v = this.get(ctx, key);
    this.remove(ctx, key);
    return v;
  }
  /** Changes the value at `key` in place, as an immer recipe (starting from the default for ValueQuery); `fn` may instead return a replacement. */
  mutate(ctx: Context, key: K, fn: (v: Q) => V | void): void {
    const k = this.keyCodec.key(key);
    const d = this.draft(ctx);
    let e = d[k];
    if (e === undefined && this.defaultValue) {
      d[k] = [key, this.defaultValue()];
      e = d[k];
    }
    const r = fn((e === undefined ? undefined : e[1]) as Q);
    if (r !== undefined) d[k] = [key, r];
  }
  /** All entries, sorted by canonical key. */
  entries(ctx: Context): Array<readonly [K, V]> {
    const s = this.state(ctx);
    if (!s) return [];
    return sortedKeys(s).map((k) => snapshot(s[k]!));
  }
  /** All keys, sorted. */
  keys(ctx: Context): K[] {
    return this.entries(ctx).map((e) => e[0]);
  }
  /** All values, in key order. */
  values(ctx: Context): V[] {
    return this.entries(ctx).map((e) => e[1]);
  }
  /** Entries whose key starts with `prefix` (the first elements of a tuple key), sorted. */
  entriesWithPrefix(ctx: Context, prefixKey: string): Array<readonly [K, V]> {
    const s = this.state(ctx);
    if (!s) return [];
    const keys = sortedKeys(s);
    const out: Array<readonly [K, V]> = [];
    for (let i = lowerBound(keys, prefixKey); i < keys.length && keys[i]!.startsWith(prefixKey); i++) out.push(snapshot(s[keys[i]!]!));
    return out;
  }
  /** Number of entries. */
  count(ctx: Context): number {
    const s = this.state(ctx);
    return s ? sortedKeys(s).length : 0;
  }
  /** Removes every entry. */
  clear(ctx: Context): void {
    if (this.count(ctx) > 0) delete writePallet(ctx, this.pallet)[this.name];
  }
}

// Sorted keys of a frozen map object, computed once per map version (a written map is a new object).
const sortedKeyCache = new WeakMap<object, string[]>();

/** Sorted own keys of a map object, cached per (frozen) map version. @internal */
export function sortedKeys(m: object): string[] {
  // Only a frozen map is a fixed version: a draft, or a plain object created in the open phase
  // (immer hands those back undrafted), may still change.
  if (isDraft(m) || !Object.isFrozen(m)) return Object.keys(m).sort();
  let keys = sortedKeyCache.get(m);
  if (!keys) {
    keys = Object.keys(m).sort();
    sortedKeyCache.set(m, keys);
  }
  return keys;
}

/** Index of the first key >= `k` in sorted `keys`. */
function lowerBound(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
    : new StorageMap(pallet, name, spec.key, spec.codec, spec.default, spec.docs);
}
