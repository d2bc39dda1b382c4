/**
 * Storage items as FRAME declares them: `StorageValue` and `StorageMap` (a double map is a map
 * keyed by a tuple, with prefix iteration), each with an `OptionQuery` (absent reads as
 * `undefined`) or a `ValueQuery` (absent reads as a declared default).
 *
 * Layout in the state tree: a value item is stored as the value itself; a map item as a
 * `MapState`, a persistent sorted map from the canonical key string (`codec.key(k)`) to the frozen
 * `[key, value]` pair (its `toJSON()` is the plain object of those pairs). A map write costs
 * O(log n), whatever the map's size. Iteration is always in sorted key order, never insertion order.
 */
import { current, freeze, isDraft } from "immer";
import type { Codec } from "./codec.ts";
import { immer, readPallet, setItem, writePallet, type Context } from "./context.ts";
import { MapState } from "./map-state.ts";

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
  /** Stores version `m` of the map (an emptied map is removed: it is as if never written). */
  private store(ctx: Context, m: MapState<K, V>): void {
    setItem(ctx, this.pallet, this.name, m.size === 0 ? undefined : m);
  }

  /** The value at `key` (`undefined` when absent for OptionQuery, the default for ValueQuery). Read-only. */
  get(ctx: Context, key: K): Q {
    const e = this.state(ctx)?.get(this.keyCodec.key(key));
    return (e === undefined ? (this.defaultValue ? this.defaultValue() : undefined) : e[1]) as Q;
  }
  /** Whether `key` has a value. */
  contains(ctx: Context, key: K): boolean {
    return this.state(ctx)?.has(this.keyCodec.key(key)) ?? false;
  }
  /** Stores `value` at `key`. */
  insert(ctx: Context, key: K, value: V): void {
    const m = this.state(ctx) ?? (MapState.EMPTY as MapState<K, V>);
    this.store(ctx, m.with(this.keyCodec.key(key), Object.freeze([stored(key), stored(value)] as const)));
  }
  /**
   * Stores every `[key, value]` of `pairs` (a later pair wins over an earlier one with the same
   * key): the same state as `insert` for each, in one map version (one copy-on-write of the map
   * for the whole batch; use it for genesis and other bulk writes).
   */
  insertMany(ctx: Context, pairs: Iterable<readonly [K, V]>): void {
    const batch: Array<readonly [string, readonly [K, V]]> = [];
    for (const [key, value] of pairs) batch.push([this.keyCodec.key(key), Object.freeze([stored(key), stored(value)] as const)]);
    if (batch.length === 0) return;
    this.store(ctx, (this.state(ctx) ?? (MapState.EMPTY as MapState<K, V>)).withMany(batch));
  }
  /** Removes the value at `key`. */
  remove(ctx: Context, key: K): void {
    const m = this.state(ctx);
    const k = this.keyCodec.key(key);
    if (m?.has(k)) this.store(ctx, m.without(k));
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
   * return a replacement. An absent OptionQuery value stays absent unless `fn` returns one.
   */
  mutate(ctx: Context, key: K, fn: (v: Q) => V | void): void {
    const k = this.keyCodec.key(key);
    const e = this.state(ctx)?.get(k);
    const cur = e !== undefined ? e[1] : this.defaultValue ? this.defaultValue() : undefined;
    const next = immer.produce(cur, fn as (d: unknown) => V | void) as V | undefined;
    if (next === undefined || (e !== undefined && next === e[1])) return;
    // read the map again: `fn` may have written other entries of it
    const m = this.state(ctx) ?? (MapState.EMPTY as MapState<K, V>);
    this.store(ctx, m.with(k, Object.freeze([e !== undefined ? e[0] : stored(key), stored(next)] as const)));
  }
  /** All entries, sorted by canonical key. */
  entries(ctx: Context): Array<readonly [K, V]> {
    return this.state(ctx)?.entries() ?? [];
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
    return this.state(ctx)?.entriesFrom(prefixKey, (k) => k.startsWith(prefixKey)) ?? [];
  }
  /** Number of entries. */
  count(ctx: Context): number {
    return this.state(ctx)?.size ?? 0;
  }
  /** Removes every entry. */
  clear(ctx: Context): void {
    if (this.state(ctx) !== undefined) setItem(ctx, this.pallet, this.name, undefined);
  }
}

/**
 * A value as stored: frozen, with any immer draft inside replaced by its current value (a value
 * built from drafts of this phase must outlive the phase).
 */
function stored<T>(v: T): T {
  if (typeof v !== "object" || v === null || Object.isFrozen(v)) return v;
  return freeze(undraft(v), true) as T;
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
    : new StorageMap(pallet, name, spec.key, spec.codec, spec.default, spec.docs);
}
