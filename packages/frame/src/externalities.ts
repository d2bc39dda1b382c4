/**
 * The storage a runtime's code reads and writes (sp-externalities' `Externalities`, as
 * `sp_state_machine::Ext` gives it): the committed state of the last block and, above it, the
 * overlay of the block being built (`OverlayedChanges`, `overlay.ts`).
 *
 * - Reads look in the overlay first, then in the committed state. Nothing is copied to read.
 * - Writes go into the overlay's innermost storage transaction: a failed extrinsic's transaction
 *   is rolled back, a successful one's is folded into the block's changes.
 * - `commit()` ends the block: it folds the overlay into the next committed state (persistent:
 *   every untouched pallet, item and map node is shared with the previous one) and returns the
 *   block's change set, `(item, key, old, new)` for every key whose value changed.
 *
 * The committed state is one immutable tree, `state[Pallet][Item]`: a value item holds its value,
 * a map item a `MapState` (a persistent B+ tree of `[key, value]` entries by canonical key). A
 * snapshot of a runtime is a reference to that tree, so snapshots and forks cost O(1).
 *
 * The overlay's keys are the storage layer's choice, opaque to the overlay: the item's `prefix`
 * (`Pallet.Item`) and the entry's canonical key (`codec.key`; `""` for a value item): a read or a
 * write hashes nothing. Where the real storage key order matters (a change set's keys), the item
 * gives each entry's storage key after its prefix (`ItemRef.suffixOf`, `StorageMap.storageKeyOf`).
 */
import type { MapEntry } from "./map-state.ts";
import { MapState } from "./map-state.ts";
import { DELETED, OverlayedChanges } from "./overlay.ts";

/** The whole committed state: pallet name → storage item name → value (maps: `MapState`). */
export type State = { readonly [pallet: string]: { readonly [item: string]: unknown } };

/** What the storage layer knows of a storage item (a `StorageValue` or `StorageMap` accessor). */
export interface ItemRef {
  readonly kind: "value" | "map";
  readonly pallet: string;
  readonly name: string;
  /** The item's overlay prefix: `Pallet.Item`. */
  readonly prefix: string;
  /**
   * A map item's storage key (after the item's prefix, hex) of the entry whose canonical key is
   * `canonical` and map key `key`: the order of its changes. Without it, canonical key order.
   */
  suffixOf?(canonical: string, key: unknown): string;
}

/** The key of a value item in the overlay. */
const VALUE_KEY = "";
/** The change set of a block that changed nothing (shared: never written to). */
const NO_CHANGES: StorageChange[] = Object.freeze([]) as never;

/**
 * One changed key of a committed block: the storage item, the map key (`undefined` for a value
 * item) and the value before and after (`undefined`: absent). Values are the stored values
 * (frozen when the runtime freezes; never change them).
 */
export interface StorageChange {
  readonly pallet: string;
  readonly item: string;
  readonly key?: unknown;
  readonly old: unknown;
  readonly new: unknown;
}

/** See the module doc. One per runtime; the runtime opens and ends transactions around extrinsics. */
export class Externalities {
  /** The overlay of the block being built (changes since `base`). */
  readonly overlay = new OverlayedChanges<ItemRef>();
  /**
   * Whether a committed map version remembers the one it came from, so that the next state root
   * re-hashes only the changed entries. The runtime turns it off when it computes roots only on
   * request: a chain of versions would keep every old version alive until then.
   */
  linkMapVersions = true;
  /** Map versions materialised from `base` and the overlay, by item prefix, until the item's next write. */
  private readonly views = new Map<string, { version: number; map: MapState | undefined }>();

  constructor(
    /** The committed state the overlay sits on. */
    public base: State,
    /**
     * Whether stored values are deep-frozen (a write to a value read from storage throws): on by
     * default, and in tests; long runs may switch it off.
     */
    public freeze: boolean,
  ) {}

  // --- values -----------------------------------------------------------------------------------

  /** The value of a value item (`undefined`: absent). */
  getValue(item: ItemRef): unknown {
    const slot = this.overlay.slot(item.prefix, VALUE_KEY);
    if (slot === undefined) return this.base[item.pallet]?.[item.name];
    return slot.value === DELETED ? undefined : slot.value;
  }

  /** Writes a value item (`undefined` removes it). The value must already be in its stored form. */
  putValue(item: ItemRef, value: unknown): void {
    this.overlay.set(item.prefix, item, VALUE_KEY, value === undefined ? DELETED : value);
  }

  // --- maps -------------------------------------------------------------------------------------

  /** The entry of a map item at canonical key `k`. */
  getEntry(item: ItemRef, k: string): MapEntry | undefined {
    const slot = this.overlay.slot(item.prefix, k);
    if (slot === undefined) return (this.base[item.pallet]?.[item.name] as MapState | undefined)?.get(k);
    return slot.value === DELETED ? undefined : (slot.value as MapEntry);
  }

  /** Writes the entry at canonical key `k` (`undefined` removes it). The entry must be in its stored form. */
  putEntry(item: ItemRef, k: string, entry: MapEntry | undefined): void {
    this.overlay.set(item.prefix, item, k, entry === undefined ? DELETED : entry);
  }

  /**
   * The map item as it is now, as one persistent version: the committed version itself while the
   * block has not written the item (the same object from block to block while it is unchanged,
   * so callers may cache what they derive from it by identity), else the committed version with
   * the overlay's changes applied, kept until the item's next write. `undefined` when empty.
   */
  mapVersion(item: ItemRef): MapState | undefined {
    const committed = this.base[item.pallet]?.[item.name] as MapState | undefined;
    const p = this.overlay.prefix(item.prefix);
    if (p === undefined) return committed;
    const cached = this.views.get(item.prefix);
    if (cached !== undefined && cached.version === p.version) return cached.map;
    const batch: Array<[string, MapEntry | undefined]> = [];
    for (const k of this.overlay.changedKeys(p)) {
      const v = p.slots.get(k)!.value;
      batch.push([k, v === DELETED ? undefined : (v as MapEntry)]);
    }
    const next = (committed ?? MapState.EMPTY).apply(batch, false);
    const map = next.size === 0 ? undefined : next;
    this.views.set(item.prefix, { version: p.version, map });
    return map;
  }

  /** Removes every entry of a map item (each key is a change, as `clear_prefix` makes them). */
  clearMap(item: ItemRef): void {
    const m = this.mapVersion(item);
    if (m === undefined) return;
    for (const k of m.keys()) this.overlay.set(item.prefix, item, k, DELETED);
  }

  // --- the block --------------------------------------------------------------------------------

  /** Whether the block being built has written anything (that is still there). */
  get isDirty(): boolean {
    return !this.overlay.isEmpty;
  }

  /**
   * The changes of the overlay against the committed state, as `commit` would record them, without
   * committing: items in prefix order, keys in storage key order.
   */
  pendingChanges(): readonly StorageChange[] {
    return new ChangeSet(this.diff(false)).list();
  }

  /**
   * Ends the block: the next committed state (the same object when nothing changed) and its change
   * set; the overlay is emptied. Only between transactions.
   */
  commit(): { state: State; changes: ChangeSet } {
    if (this.overlay.transactionDepth > 0) throw new Error("storage: cannot commit inside a storage transaction");
    if (this.overlay.isEmpty) return { state: this.base, changes: ChangeSet.EMPTY };
    const items = this.diff(this.linkMapVersions);
    let state = this.base;
    if (items.length > 0) {
      const next: Record<string, unknown> = { ...this.base };
      // `items` is sorted by prefix, so one pallet's items are adjacent
      for (let i = 0; i < items.length; ) {
        const pallet = items[i]!.item.pallet;
        const p: Record<string, unknown> = { ...this.base[pallet] };
        for (; i < items.length && items[i]!.item.pallet === pallet; i++) {
          const { item, stored } = items[i]!;
          if (stored === undefined) delete p[item.name];
          else p[item.name] = stored;
        }
        next[pallet] = this.freeze ? Object.freeze(p) : p;
      }
      state = (this.freeze ? Object.freeze(next) : next) as State;
    }
    this.base = state;
    this.discard();
    return { state, changes: items.length === 0 ? ChangeSet.EMPTY : new ChangeSet(items) };
  }

  /** Forgets the overlay (the block is abandoned, or the runtime moves to another state). */
  discard(): void {
    this.overlay.clear();
    if (this.views.size > 0) this.views.clear();
  }

  /**
   * Every changed item in prefix order, with its new stored form and what changed in it (a map's
   * keys in first-write order: the change set sorts them when it is read).
   */
  private diff(linked: boolean): ItemDiff[] {
    const items: ItemDiff[] = [];
    for (const p of this.overlay.allPrefixes()) {
      const item = p.tag;
      const old = this.base[item.pallet]?.[item.name];
      if (item.kind === "value") {
        const v = p.slots.get(VALUE_KEY)!.value;
        const stored = v === DELETED ? undefined : v;
        if (stored !== old) items.push({ item, stored, old, keys: undefined, before: undefined, after: undefined });
        continue;
      }
      const m = (old as MapState | undefined) ?? MapState.EMPTY;
      // the keys that really changed, with their entries before and after, as three parallel lists
      const keys = this.overlay.changedKeys(p);
      const before: Array<MapEntry | undefined> = [];
      const after: Array<MapEntry | undefined> = [];
      let n = 0;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const v = p.slots.get(k)!.value;
        const now = v === DELETED ? undefined : (v as MapEntry);
        const was = m.get(k);
        if (now === was) continue;
        keys[n] = k;
        before[n] = was;
        after[n++] = now;
      }
      if (n === 0) continue;
      keys.length = n;
      const next = m.applyColumns(keys, after, linked);
      items.push({ item, stored: next.size === 0 ? undefined : next, old: undefined, keys, before, after });
    }
    return items;
  }
}

/** One changed item of a block: its new stored form, and what changed in it. */
interface ItemDiff {
  readonly item: ItemRef;
  /** The item's new stored form (`undefined`: absent). */
  readonly stored: unknown;
  /** A value item's stored value before. */
  readonly old: unknown;
  /** A map item's changed keys (first-write order) and their entries before and after. */
  readonly keys: readonly string[] | undefined;
  readonly before: ReadonlyArray<MapEntry | undefined> | undefined;
  readonly after: ReadonlyArray<MapEntry | undefined> | undefined;
}

/**
 * The change set of a committed block, kept as the commit found it (the changed items, and for a
 * map its changed keys with their entries before and after) and turned into `StorageChange`s when
 * first read: a long run whose blocks nobody inspects allocates no change records.
 */
export class ChangeSet {
  /** The change set of a block that changed nothing. */
  static readonly EMPTY = new ChangeSet([]);
  private listed: readonly StorageChange[] | undefined;

  constructor(private items: readonly ItemDiff[]) {
    if (items.length === 0) this.listed = NO_CHANGES;
  }

  /** How many items changed (not keys: `list().length` counts those). */
  get itemCount(): number {
    return this.items.length;
  }

  /** The changes, items in prefix order, a map's keys in storage key order (the same array on every call). */
  list(): readonly StorageChange[] {
    if (this.listed !== undefined) return this.listed;
    const out: StorageChange[] = [];
    for (const d of this.items) {
      const pallet = d.item.pallet;
      const name = d.item.name;
      if (d.keys === undefined) {
        out.push({ pallet, item: name, old: d.old, new: d.stored });
        continue;
      }
      const order = d.keys.map((_, i) => i);
      if (order.length > 1) {
        // by storage key (computed now: a change set nobody reads hashes nothing)
        const suffixOf = d.item.suffixOf?.bind(d.item);
        const keys = suffixOf === undefined ? d.keys : d.keys.map((k, i) => suffixOf(k, (d.after![i] ?? d.before![i])![0]));
        order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
      }
      for (const i of order) {
        const was = d.before![i];
        const now = d.after![i];
        out.push({ pallet, item: name, key: (now ?? was)![0], old: was?.[1], new: now?.[1] });
      }
    }
    this.items = [];
    return (this.listed = out);
  }
}

