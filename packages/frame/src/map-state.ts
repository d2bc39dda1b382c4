/**
 * The stored form of one storage map: an immutable, persistent map from canonical key strings to
 * `[key, value]` entries, kept sorted by canonical key (a B+ tree from `sorted-btree`, cloned
 * copy-on-write). Writing an entry makes a new version in O(log n), sharing every untouched node
 * with the version it came from, so a map with a million entries costs the same per write as one
 * with ten (a plain object rewritten through immer costs a copy of every key).
 *
 * This is the engine's order, not the chain's: `StorageMap` iterates a version in real storage key
 * order (Rust's `iter()`), sorting its entries by storage key once per version (`storage.ts`).
 *
 * A version also remembers which version it was derived from and which keys changed, so the state
 * root can update a map's hash from the last hashed version by the changed keys only
 * (`state-root.ts`). Entries are frozen; a version is never changed after it is published.
 */
import { createRequire } from "node:module";
import type BTreeClass from "sorted-btree";

const BTree: typeof BTreeClass = createRequire(import.meta.url)("sorted-btree").default;

/** A stored map entry: the key as given and the value. */
export type MapEntry<K = unknown, V = unknown> = readonly [K, V];

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Unhashed versions a map keeps behind it before it forgets its ancestry (the next root then
 * hashes that map in full, once): bounds the memory of a chain nobody hashes.
 */
const MAX_PENDING = 4096;

/** One version of a storage map's entries (see the module doc). Create versions with `with` / `without`. */
export class MapState<K = unknown, V = unknown> {
  /** The empty map (contributes nothing to the state root; stored maps are never empty). */
  static readonly EMPTY: MapState = new MapState(new BTree<string, MapEntry>(undefined, compare), undefined, undefined, 0);

  private constructor(
    private readonly tree: BTreeClass<string, MapEntry<K, V>>,
    /** @internal The version this one was derived from, until the state root has hashed this one. */
    public base: MapState<K, V> | undefined,
    /** @internal The canonical key(s) whose entries differ from `base`. */
    readonly changed: string | readonly string[] | undefined,
    /** @internal Versions between this one and the oldest `base` still linked. */
    readonly pending: number,
  ) {}

  /** Number of entries. */
  get size(): number {
    return this.tree.size;
  }

  /** The entry at canonical key `k`. */
  get(k: string): MapEntry<K, V> | undefined {
    return this.tree.get(k);
  }

  /** Whether canonical key `k` has an entry. */
  has(k: string): boolean {
    return this.tree.has(k);
  }

  /** The entry with the smallest canonical key, or `undefined` when empty: O(log n). */
  first(): MapEntry<K, V> | undefined {
    const k = this.tree.minKey();
    return k === undefined ? undefined : this.tree.get(k);
  }

  /** The entries in canonical key order. */
  entries(): Array<MapEntry<K, V>> {
    return this.tree.valuesArray();
  }

  /** The canonical keys in order. */
  keys(): string[] {
    return this.tree.keysArray();
  }

  /** Entries from the first canonical key ≥ `lowest` on, in order, while `keep(canonicalKey)` holds. */
  entriesFrom(lowest: string, keep: (k: string) => boolean): Array<MapEntry<K, V>> {
    const out: Array<MapEntry<K, V>> = [];
    for (const [k, e] of this.tree.entries(lowest)) {
      if (!keep(k)) break;
      out.push(e);
    }
    return out;
  }

  /** A new version with `entry` (frozen by the caller) at canonical key `k`. */
  with(k: string, entry: MapEntry<K, V>): MapState<K, V> {
    return this.apply([[k, entry]]);
  }

  /**
   * A new version with every `[canonicalKey, entry]` of `entries` (entries frozen by the caller;
   * a later pair wins over an earlier one with the same key): one copy-on-write clone for the whole
   * batch, where `with` per entry clones once each (a genesis of a million accounts).
   */
  withMany(entries: ReadonlyArray<readonly [string, MapEntry<K, V>]>): MapState<K, V> {
    return this.apply(entries);
  }

  /** A new version without canonical key `k` (this version if it has no such entry). */
  without(k: string): MapState<K, V> {
    return this.tree.has(k) ? this.apply([[k, undefined]]) : this;
  }

  /**
   * A new version with a batch of changes, `[canonicalKey, entry]` to set (entries frozen by the
   * caller) or `[canonicalKey, undefined]` to remove, applied in order: one copy-on-write clone of
   * the tree for the whole batch (a block's commit of one map item). This version if the batch is empty.
   *
   * With `linked: false` the new version does not remember this one (the next state root hashes it
   * in full, once): for versions nobody hashes incrementally (an overlay's transient view, a runtime
   * that computes roots only on request), so old versions are not kept alive.
   */
  apply(changes: ReadonlyArray<readonly [string, MapEntry<K, V> | undefined]>, linked = true): MapState<K, V> {
    return this.applyColumns(
      changes.map(([k]) => k),
      changes.map(([, e]) => e),
      linked,
    );
  }

  /**
   * `apply` with the batch as two parallel lists, `keys[i]` set to `entries[i]` (removed when
   * `undefined`): a block's commit, which has the lists already. A linked version keeps `keys`:
   * the caller must not change it afterwards.
   */
  applyColumns(keys: readonly string[], entries: ReadonlyArray<MapEntry<K, V> | undefined>, linked = true): MapState<K, V> {
    const n = keys.length;
    if (n === 0) return this;
    const tree = this.tree.clone();
    for (let i = 0; i < n; i++) {
      const e = entries[i];
      if (e === undefined) tree.delete(keys[i]!);
      else tree.set(keys[i]!, e, true);
    }
    if (!linked) return new MapState(tree, undefined, undefined, 0);
    return this.derive(tree, n === 1 ? keys[0]! : keys, n);
  }

  /** The version after this one with `tree`, where `changed` (`count` keys) differ; forgets the ancestry past MAX_PENDING. */
  private derive(tree: BTreeClass<string, MapEntry<K, V>>, changed: string | readonly string[], count: number): MapState<K, V> {
    // pending counts the changes since the nearest version with no ancestry (hashed, or a root)
    const pending = (this.base === undefined ? 0 : this.pending) + count;
    if (pending > MAX_PENDING) return new MapState(tree, undefined, undefined, 0);
    return new MapState(tree, this, changed, pending);
  }

  /** Calls `fn(canonicalKey, entry)` for every entry, in canonical key order. */
  forEach(fn: (k: string, e: MapEntry<K, V>) => void): void {
    this.tree.forEachPair(fn);
  }

  /** The entries as a plain object (canonical key → `[key, value]`), in key order: the map's serialisable form. */
  toJSON(): Record<string, MapEntry<K, V>> {
    const out: Record<string, MapEntry<K, V>> = {};
    this.tree.forEachPair((k, e) => void (out[k] = e));
    return out;
  }
}
