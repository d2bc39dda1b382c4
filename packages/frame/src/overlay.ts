/**
 * The changes of the block being built, as Substrate's `OverlayedChanges`
 * (`substrate/primitives/state-machine/src/overlayed_changes/changeset.rs`): a mutable overlay on
 * top of the committed state, with nested storage transactions.
 *
 * Keys are opaque to the overlay: a change is keyed by `(prefix, key)`, two strings the storage
 * layer chooses (today the item's `Pallet.Item` name and the entry's canonical key; the storage
 * layer may move them to SCALE storage keys without touching this file). A prefix groups the keys
 * that iterate together (one storage item), and carries an opaque `tag` the storage layer reads
 * back when it commits.
 *
 * Transactions work as Substrate's: every key keeps a stack of values, one per transaction depth
 * it was written at, and each open transaction remembers the keys it dirtied. Writing at depth d
 * overwrites the key's value at d or pushes a new one; committing transaction d folds its values
 * into d − 1; rolling it back pops them. Both cost O(keys written in the transaction), whatever
 * the size of the state or of the block's other changes. Writes outside any transaction (a block's
 * hooks) are at depth 0 and are only undone by discarding the whole overlay.
 */

/** The value of a deleted key (a removal is a change like any other until the block commits). */
export const DELETED: unique symbol = Symbol("DELETED");

/** What the overlay holds for a key: a value, or `DELETED`. */
export type OverlayValue = unknown;

/** A key's value at one transaction depth, above the values of lower depths (`prev`). */
export interface Slot {
  value: OverlayValue;
  depth: number;
  readonly prev: Slot | undefined;
}

/** The changed keys of one prefix (one storage item), with the storage layer's tag. */
export interface OverlayPrefix<Tag> {
  readonly name: string;
  readonly tag: Tag;
  /** key → its slot at the innermost depth it was written at (`slot.value`: the current value). */
  readonly slots: Map<string, Slot>;
  /** The keys added to `slots` since the overlay was last cleared (some may have been rolled back). */
  readonly added: string[];
  /**
   * Bumped on every write to this prefix: lets a reader cache something derived from the
   * prefix's current contents (e.g. a materialised map version) until the next write.
   */
  version: number;
}

/** See the module doc. `Tag` is whatever the storage layer attaches to a prefix. */
export class OverlayedChanges<Tag> {
  /** Every prefix ever written (a runtime's storage items: a bounded set), kept across blocks to be reused. */
  private readonly prefixes = new Map<string, OverlayPrefix<Tag>>();
  /** The prefixes with changes, in the order each was first written since the overlay was last cleared. */
  private readonly written: Array<OverlayPrefix<Tag>> = [];
  /** Per open transaction (innermost last), the (prefix, key) pairs first written in it. */
  private readonly dirty: Array<Array<[OverlayPrefix<Tag>, string]>> = [];

  /** Number of open transactions (0: writes go straight to the block's overlay). */
  get transactionDepth(): number {
    return this.dirty.length;
  }

  /** Whether the overlay holds no change. */
  get isEmpty(): boolean {
    return this.written.length === 0;
  }

  /** The changes under `prefix`, or `undefined` when it has none. */
  prefix(prefix: string): OverlayPrefix<Tag> | undefined {
    const p = this.prefixes.get(prefix);
    return p !== undefined && p.slots.size > 0 ? p : undefined;
  }

  /** Every prefix with changes, in the order each was first written. */
  allPrefixes(): ReadonlyArray<OverlayPrefix<Tag>> {
    return this.written;
  }

  /** The slot of `key` under `prefix` (`slot.value` is the current value), or `undefined`: not changed. */
  slot(prefix: string, key: string): Slot | undefined {
    return this.prefixes.get(prefix)?.slots.get(key);
  }

  /** Writes `value` (or `DELETED`) at `(prefix, key)` in the innermost open transaction. */
  set(prefix: string, tag: Tag, key: string, value: OverlayValue): void {
    let p = this.prefixes.get(prefix);
    if (p === undefined) this.prefixes.set(prefix, (p = { name: prefix, tag, slots: new Map(), added: [], version: 0 }));
    if (p.slots.size === 0) this.written.push(p);
    p.version++;
    const depth = this.dirty.length;
    const top = p.slots.get(key);
    if (top !== undefined && top.depth === depth) {
      top.value = value;
      return;
    }
    p.slots.set(key, { value, depth, prev: top });
    if (top === undefined) p.added.push(key);
    if (depth > 0) this.dirty[depth - 1]!.push([p, key]);
  }

  /** Opens a storage transaction (`with_storage_layer`, `#[transactional]`). */
  startTransaction(): void {
    this.dirty.push([]);
  }

  /** Keeps what the innermost transaction wrote, in the transaction around it (or the block). */
  commitTransaction(): void {
    const keys = this.dirty.pop();
    if (keys === undefined) throw new Error("overlay: no open transaction to commit");
    const depth = this.dirty.length;
    for (const [p, key] of keys) {
      const top = p.slots.get(key)!;
      const below = top.prev;
      if (below !== undefined && below.depth === depth) {
        below.value = top.value;
        p.slots.set(key, below);
      } else {
        top.depth = depth;
        if (depth > 0) this.dirty[depth - 1]!.push([p, key]);
      }
    }
  }

  /** Drops everything the innermost transaction wrote. */
  rollbackTransaction(): void {
    const keys = this.dirty.pop();
    if (keys === undefined) throw new Error("overlay: no open transaction to roll back");
    let emptied = false;
    for (const [p, key] of keys) {
      const below = p.slots.get(key)!.prev;
      if (below === undefined) {
        p.slots.delete(key);
        if (p.slots.size === 0) emptied = true;
      } else p.slots.set(key, below);
      p.version++;
    }
    if (emptied) {
      let k = 0;
      for (const p of this.written) {
        if (p.slots.size > 0) this.written[k++] = p;
        else p.added.length = 0;
      }
      this.written.length = k;
    }
  }

  /** Forgets every change (and every open transaction): the block is committed or abandoned. */
  clear(): void {
    for (const p of this.written) {
      // deleting the few keys a block wrote is cheaper than `Map.clear`, which allocates a new table
      const added = p.added;
      if (added.length > 64) p.slots.clear();
      else for (let i = 0; i < added.length; i++) p.slots.delete(added[i]!);
      added.length = 0;
      p.version++;
    }
    this.written.length = 0;
    this.dirty.length = 0;
  }
}
