/**
 * The changes of the block being built, as Substrate's `OverlayedChanges`
 * (`substrate/primitives/state-machine/src/overlayed_changes/changeset.rs`): a mutable overlay on
 * top of the committed state, with nested storage transactions.
 *
 * Keys are opaque to the overlay: a change is keyed by `(prefix, key)`, two strings the storage
 * layer chooses (the item's `Pallet.Item` name and the entry's canonical key). A prefix groups the
 * keys that iterate together (one storage item), and carries an opaque `tag` the storage layer reads
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
  prev: Slot | undefined;
  /**
   * The overlay generation (one per block) the slot belongs to; a slot of an older generation is
   * not a change (it is kept to be reused); `-gen - 1`: rolled back in generation `gen`.
   */
  gen: number;
}

/** The changed keys of one prefix (one storage item), with the storage layer's tag. */
export interface OverlayPrefix<Tag> {
  readonly name: string;
  readonly tag: Tag;
  /** key → slot, changes of this generation and reusable slots of older ones (read through `OverlayedChanges.slot`). */
  slots: Map<string, Slot>;
  /** `live[0..liveCount)`: the keys that got a slot of this generation, in first-write order (some may have been rolled back since). */
  readonly live: string[];
  liveCount: number;
  /** How many keys have a change now. */
  count: number;
  /**
   * Bumped on every write to this prefix: lets a reader cache something derived from the
   * prefix's current contents (e.g. a materialised map version) until the next write.
   */
  version: number;
}

/** The (prefix, key) pairs first written in one open transaction, in two parallel lists (reused). */
class Dirty<Tag> {
  readonly prefixes: Array<OverlayPrefix<Tag>> = [];
  readonly keys: string[] = [];
  count = 0;
  add(p: OverlayPrefix<Tag>, key: string): void {
    this.prefixes[this.count] = p;
    this.keys[this.count++] = key;
  }
}

/** Reusable slots a prefix may keep before its map is replaced (keeps a map item of ever-new keys from growing). */
const MAX_REUSABLE = 1024;

/**
 * See the module doc. `Tag` is whatever the storage layer attaches to a prefix.
 *
 * The overlay is reused from block to block: clearing it starts a new generation instead of
 * emptying maps, and a key written again in a later block reuses its slot, so a block that writes
 * the same items as the last allocates nothing here.
 */
export class OverlayedChanges<Tag> {
  /** Every prefix ever written (a runtime's storage items: a bounded set), kept across blocks to be reused. */
  private readonly prefixes = new Map<string, OverlayPrefix<Tag>>();
  /** The prefixes with changes, in prefix order. */
  private readonly written: Array<OverlayPrefix<Tag>> = [];
  /** Per open transaction (innermost last), the (prefix, key) pairs first written in it. */
  private readonly dirty: Array<Dirty<Tag>> = [];
  /** Open transactions: `dirty[0..depth)` are theirs (the level objects are kept and reused). */
  private depth = 0;
  /** Prefixes a rollback emptied in this generation (their `live` lists are reset with the others). */
  private readonly emptied: Array<OverlayPrefix<Tag>> = [];
  private gen = 0;

  /** Number of open transactions (0: writes go straight to the block's overlay). */
  get transactionDepth(): number {
    return this.depth;
  }

  /** Whether the overlay holds no change. */
  get isEmpty(): boolean {
    return this.written.length === 0;
  }

  /** The changes under `prefix`, or `undefined` when it has none. */
  prefix(prefix: string): OverlayPrefix<Tag> | undefined {
    const p = this.prefixes.get(prefix);
    return p !== undefined && p.count > 0 ? p : undefined;
  }

  /** Every prefix with changes, in prefix order (`<` on the prefix strings). */
  allPrefixes(): ReadonlyArray<OverlayPrefix<Tag>> {
    return this.written;
  }

  /** The keys of `p` with a change now (each once), in first-write order. */
  changedKeys(p: OverlayPrefix<Tag>): string[] {
    const out: string[] = [];
    for (let i = 0; i < p.liveCount; i++) {
      const k = p.live[i]!;
      if (p.slots.get(k)!.gen === this.gen) out.push(k);
    }
    return out;
  }

  /** The slot of `key` under `prefix` (`slot.value` is the current value), or `undefined`: not changed. */
  slot(prefix: string, key: string): Slot | undefined {
    const p = this.prefixes.get(prefix);
    if (p === undefined || p.count === 0) return undefined; // the common read: nothing of this item changed
    const s = p.slots.get(key);
    return s !== undefined && s.gen === this.gen ? s : undefined;
  }

  /** Writes `value` (or `DELETED`) at `(prefix, key)` in the innermost open transaction. */
  set(prefix: string, tag: Tag, key: string, value: OverlayValue): void {
    let p = this.prefixes.get(prefix);
    if (p === undefined) this.prefixes.set(prefix, (p = { name: prefix, tag, slots: new Map(), live: [], liveCount: 0, count: 0, version: 0 }));
    p.version++;
    const gen = this.gen;
    const depth = this.depth;
    const top = p.slots.get(key);
    if (top !== undefined && top.gen === gen) {
      if (top.depth === depth) {
        top.value = value;
        return;
      }
      p.slots.set(key, { value, depth, prev: top, gen });
    } else {
      // no change of this key yet: reuse its slot from an older block (or one rolled back in this one)
      if (top === undefined) p.slots.set(key, { value, depth, prev: undefined, gen });
      else {
        if (top.gen !== -gen - 1) p.live[p.liveCount++] = key; // a rolled-back key of this generation is listed already
        top.value = value;
        top.depth = depth;
        top.prev = undefined;
        top.gen = gen;
      }
      if (top === undefined) p.live[p.liveCount++] = key;
      if (p.count++ === 0) this.addWritten(p);
    }
    if (depth > 0) this.dirty[depth - 1]!.add(p, key);
  }

  /** Opens a storage transaction (`with_storage_layer`, `#[transactional]`). */
  startTransaction(): void {
    if (this.depth === this.dirty.length) this.dirty.push(new Dirty<Tag>());
    this.depth++;
  }

  /** Keeps what the innermost transaction wrote, in the transaction around it (or the block). */
  commitTransaction(): void {
    const level = this.close("commit");
    const depth = this.depth;
    const outer = depth > 0 ? this.dirty[depth - 1]! : undefined;
    for (let i = 0; i < level.count; i++) {
      const p = level.prefixes[i]!;
      const key = level.keys[i]!;
      const top = p.slots.get(key)!;
      const below = top.prev;
      if (below !== undefined && below.depth === depth) {
        below.value = top.value;
        p.slots.set(key, below);
      } else {
        top.depth = depth;
        outer?.add(p, key);
      }
    }
    level.count = 0;
  }

  /** Drops everything the innermost transaction wrote. */
  rollbackTransaction(): void {
    const level = this.close("roll back");
    let emptied = false;
    for (let i = 0; i < level.count; i++) {
      const p = level.prefixes[i]!;
      const key = level.keys[i]!;
      const top = p.slots.get(key)!;
      if (top.prev !== undefined) p.slots.set(key, top.prev);
      else {
        top.gen = -this.gen - 1; // no change any more; the key stays listed in `live`
        top.value = undefined;
        if (--p.count === 0) emptied = true;
      }
      p.version++;
    }
    level.count = 0;
    if (emptied) {
      let k = 0;
      for (const p of this.written) {
        if (p.count > 0) this.written[k++] = p;
        else this.emptied.push(p);
      }
      this.written.length = k;
    }
  }

  /** Forgets every change (and every open transaction): the block is committed or abandoned. */
  clear(): void {
    this.gen++;
    for (const p of this.written) this.reset(p);
    for (const p of this.emptied) this.reset(p);
    if (this.written.length !== 0) this.written.length = 0;
    if (this.emptied.length !== 0) this.emptied.length = 0;
    for (let i = 0; i < this.depth; i++) this.dirty[i]!.count = 0;
    this.depth = 0;
  }

  /** Ends the innermost transaction: its level of dirtied keys. */
  private close(what: string): Dirty<Tag> {
    if (this.depth === 0) throw new Error(`overlay: no open transaction to ${what}`);
    return this.dirty[--this.depth]!;
  }

  private reset(p: OverlayPrefix<Tag>): void {
    p.liveCount = 0;
    p.count = 0;
    p.version++;
    if (p.slots.size > MAX_REUSABLE) {
      p.slots = new Map();
      p.live.length = 0;
    }
  }

  /** Inserts `p` into `written`, keeping prefix order (a block writes a few items: a short scan). */
  private addWritten(p: OverlayPrefix<Tag>): void {
    const w = this.written;
    let i = w.length;
    w.push(p);
    for (; i > 0 && w[i - 1]!.name > p.name; i--) w[i] = w[i - 1]!;
    w[i] = p;
  }
}
