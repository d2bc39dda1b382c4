// The engine of issue 10: storage transactions in the overlay, change sets, state roots on request,
// snapshots, forks, and what a throwing hook leaves behind.
import { beforeAll, describe, expect, it } from "vitest";
import { Counter } from "./__fixtures__/counter.ts";
import { initCrypto } from "./accounts.ts";
import { inStorageKeyOrder } from "./__fixtures__/storage-order.ts";
import { t } from "./codec.ts";
import { DispatchErrors, Origin, fail } from "./dispatch.ts";
import { HookThrewError, RuntimeUsageError } from "./errors.ts";
import type { MapState } from "./map-state.ts";
import { OverlayedChanges } from "./overlay.ts";
import { definePallet } from "./pallet.ts";
import { createRuntime, parseStateRootPolicy, type BlockRecord, type Extrinsic, type Runtime, type StateRootPolicy } from "./runtime.ts";
import { blake2, toHex } from "./state-root.ts";
import { value } from "./storage.ts";

beforeAll(initCrypto);

const bump = (by: number, who = "1"): Extrinsic => ({ origin: Origin.signed(who), call: Counter.call("bump", { by }) });
const set = (v: number, note?: string): Extrinsic => ({ origin: Origin.signed("1"), call: Counter.call("set", { value: v, note }) });

/** What `fn` throws (`undefined` if it returns). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

function counter(opts: { stateRoots?: StateRootPolicy; retainBlocks?: boolean } = {}): Runtime {
  return createRuntime({ name: "counter", pallets: [Counter.instance({ Max: 1000 })], genesis: { Counter: { owner: "1", value: 2 } }, ...opts });
}

/** A block sequence with writes from calls, failed calls and the hook (every third block). */
function drive(rt: Runtime, blocks = 12): BlockRecord[] {
  const out: BlockRecord[] = [];
  for (let n = 1; n <= blocks; n++) out.push(rt.newBlock(n % 4 === 0 ? [bump(n), set(n * 10, `n${n}`), bump(5000)] : n % 5 === 0 ? [bump(1)] : []));
  return out;
}

describe("OverlayedChanges", () => {
  it("keeps a key's value per transaction depth: commit folds it down, rollback pops it", () => {
    const o = new OverlayedChanges<string>();
    const get = (k: string) => o.slot("p", k)?.value;
    o.set("p", "tag", "a", 1); // depth 0 (a block's hook)
    o.startTransaction();
    o.set("p", "tag", "a", 2);
    o.set("p", "tag", "b", 3);
    o.startTransaction();
    o.set("p", "tag", "a", 4);
    expect([get("a"), get("b")]).toEqual([4, 3]);
    o.rollbackTransaction();
    expect([get("a"), get("b")]).toEqual([2, 3]);
    o.startTransaction();
    o.set("p", "tag", "c", 5);
    o.commitTransaction();
    expect(get("c")).toBe(5);
    o.rollbackTransaction(); // the outer transaction: everything since depth 0 goes, c included
    expect([get("a"), get("b"), get("c")]).toEqual([1, undefined, undefined]);
    expect(o.transactionDepth).toBe(0);
    expect(() => o.commitTransaction()).toThrow(/no open transaction/);
  });

  it("starts a new generation when cleared: old slots are no changes, and are reused when written again", () => {
    const o = new OverlayedChanges<string>();
    o.set("p", "tag", "a", 1);
    o.set("q", "tag", "b", 2);
    expect(o.allPrefixes().map((p) => p.name)).toEqual(["p", "q"]);
    o.clear();
    expect(o.isEmpty).toBe(true);
    expect(o.slot("p", "a")).toBeUndefined();
    expect(o.prefix("p")).toBeUndefined();
    o.startTransaction();
    o.set("q", "tag", "b", 3); // a slot of the last block, reused inside a transaction
    o.set("p", "tag", "c", 4);
    expect(o.allPrefixes().map((p) => p.name)).toEqual(["p", "q"]);
    o.rollbackTransaction();
    expect(o.isEmpty).toBe(true);
    expect(o.slot("q", "b")).toBeUndefined();
    o.set("p", "tag", "c", 5); // rolled back in this generation, written again: listed once
    expect(o.changedKeys(o.prefix("p")!)).toEqual(["c"]);
    expect(o.slot("p", "c")!.value).toBe(5);
    o.clear();
    o.set("p", "tag", "a", 6);
    expect(o.changedKeys(o.prefix("p")!)).toEqual(["a"]);
  });
});

describe("change sets", () => {
  it("a block records every changed key with its old and new value, in canonical order", () => {
    const rt = counter();
    const b = rt.newBlock([set(7, "seven"), bump(3)]);
    expect(b.changes).toEqual([
      { pallet: "Counter", item: "Notes", key: [7, 1], old: undefined, new: "seven" },
      { pallet: "Counter", item: "Value", old: 2, new: 10 },
    ]);
    expect(rt.newBlock().changes).toEqual([]); // block 2: nothing written
    expect(rt.newBlock().changes).toEqual([{ pallet: "Counter", item: "Ticks", old: undefined, new: 1 }]); // the hook of block 3
  });

  it("lists a map's keys in storage key order whatever the order they were written in, also when read blocks later", () => {
    const rt = counter();
    rt.initializeBlock();
    rt.withContext((ctx) => {
      for (const v of [300, 2, 41]) Counter.storage.Notes.insert(ctx, [v, 0], `n${v}`);
    });
    const first = rt.finalizeBlock();
    rt.initializeBlock();
    rt.withContext((ctx) => {
      Counter.storage.Notes.insert(ctx, [41, 0], "again");
      Counter.storage.Notes.remove(ctx, [2, 0]);
      Counter.storage.Notes.insert(ctx, [1, 7], "new");
    });
    const second = rt.finalizeBlock();
    rt.newBlock(); // the change sets are built when first read, from what their commits recorded
    const notes = Counter.storage.Notes;
    expect(first.changes.map((c) => c.key)).toEqual(inStorageKeyOrder(notes, [[2, 0], [41, 0], [300, 0]]));
    // twox64 of the encoded tuples: (2, 0) 7063cc02…, (300, 0) 9c808b29…, (41, 0) bb9fd8de…, (1, 7) f028ef4f…
    expect(first.changes.map((c) => [c.key, c.old, c.new])).toEqual([
      [[2, 0], undefined, "n2"],
      [[300, 0], undefined, "n300"],
      [[41, 0], undefined, "n41"],
    ]);
    expect(second.changes.map((c) => c.key)).toEqual(inStorageKeyOrder(notes, [[1, 7], [2, 0], [41, 0]]));
    expect(second.changes.map((c) => [c.key, c.old, c.new])).toEqual([
      [[2, 0], "n2", undefined],
      [[41, 0], "n41", "again"],
      [[1, 7], undefined, "new"],
    ]);
    expect(second.changes).toBe(second.changes); // built once
  });

  it("a key written back to its committed value is no change", () => {
    const rt = counter();
    rt.initializeBlock();
    rt.withContext((ctx) => {
      Counter.storage.Value.put(ctx, 9);
      Counter.storage.Value.put(ctx, 2);
    });
    expect(rt.pendingChanges()).toEqual([]);
    const s = rt.state;
    expect(rt.finalizeBlock().changes).toEqual([]);
    expect(rt.state).toBe(s);
  });
});

describe("failed extrinsics", () => {
  it("leave the committed state, the block's other changes and the root exactly as they were", () => {
    const rt = counter();
    rt.newBlock();
    const state = rt.state;
    const root = rt.stateRoot();
    rt.initializeBlock();
    expect(rt.applyExtrinsic(bump(4)).ok).toBe(true);
    const pending = rt.pendingChanges();
    const r = rt.applyExtrinsic(bump(5000)); // writes, deposits, then fails
    expect(r.ok).toBe(false);
    expect(rt.pendingChanges()).toEqual(pending);
    expect(rt.state).toBe(state);
    expect(rt.pendingEvents.map((e) => `${e.section}.${e.method}`)).toEqual(["Counter.Bumped", "System.ExtrinsicSuccess", "System.ExtrinsicFailed"]);
    expect(rt.stateRoot()).toBe(root); // the root is of the committed state until the block is sealed
  });
});

describe("state roots", () => {
  it("parses the command line's policies", () => {
    expect(parseStateRootPolicy("every-block")).toBe("every-block");
    expect(parseStateRootPolicy("on-request")).toBe("on-request");
    expect(parseStateRootPolicy("1")).toBe("every-block");
    expect(parseStateRootPolicy("64")).toEqual({ every: 64 });
    for (const bad of ["0", "-3", "2.5", "always", ""]) expect(() => parseStateRootPolicy(bad)).toThrow(/every-block, on-request or a number/);
  });

  it("the final root is the same under every policy; blocks record a root only when the policy computes it", () => {
    const runs = (["every-block", "on-request", { every: 4 }] as StateRootPolicy[]).map((p) => {
      const rt = counter({ stateRoots: p });
      const blocks = drive(rt);
      return { root: rt.stateRoot(), recorded: blocks.map((b) => b.state_root), xts: blocks.map((b) => b.extrinsics_root), state: rt.state };
    });
    const [every, onRequest, four] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    expect(onRequest.root).toBe(every.root);
    expect(four.root).toBe(every.root);
    expect(every.recorded.every((r) => typeof r === "string")).toBe(true);
    expect(onRequest.recorded.every((r) => r === null)).toBe(true);
    expect(onRequest.xts.every((r) => r === null)).toBe(true);
    expect(every.xts.every((r) => typeof r === "string")).toBe(true);
    expect(four.recorded.map((r, i) => (r === null ? null : i + 1))).toEqual([null, null, null, 4, null, null, null, 8, null, null, null, 12]);
    expect(four.recorded[3]).toBe(every.recorded[3]);
    expect(four.recorded[11]).toBe(every.recorded[11]);
  });

  it("the incremental root equals a root computed from scratch after every block", () => {
    const rt = counter();
    rt.onBlock((b) => expect(b.state_root).toBe(rt.stateRoot({ fromScratch: true })));
    drive(rt, 24);
  });

  it("a map hashed every block keeps no ancestry past its last hashed version, however many writes it has seen", () => {
    const rt = counter();
    for (let n = 1; n <= 5000; n++) rt.newBlock([set(n, "x")]); // one Notes entry a block
    const notes = rt.state.Counter!.Notes as MapState;
    expect(notes.size).toBe(5000);
    expect(notes.pending).toBe(1); // the version before it was hashed: one change since
    expect(rt.stateRoot()).toBe(rt.stateRoot({ fromScratch: true }));
  });

  it("a policy can change between blocks (a runner's --state-roots)", () => {
    const rt = counter();
    expect(rt.newBlock().state_root).not.toBeNull();
    rt.setEngineOptions({ stateRoots: "on-request" });
    expect(rt.newBlock().state_root).toBeNull();
    expect(() => rt.setEngineOptions({ stateRoots: { every: 0 } })).toThrow(RuntimeUsageError);
  });
});

describe("idle blocks", () => {
  it("cost no state: a run of idle blocks commits nothing, and their hashes are those of hashing every header", () => {
    const rt = counter({ retainBlocks: true });
    drive(rt, 40); // blocks with calls, hook writes (every third) and idle ones
    const blocks = rt.blocks;
    expect(blocks.filter((b) => b.changes.length === 0 && b.extrinsics.length === 0).length).toBeGreaterThan(10);
    // the reference: hash each header as sealed, from the records alone (no run merging, no checkpoints)
    let parent: Uint8Array = new Uint8Array(32);
    for (const b of blocks) {
      const header = new Uint8Array(100);
      new DataView(header.buffer).setUint32(0, b.number, true);
      header.set(parent, 4);
      header.set(Buffer.from(b.state_root!.slice(2), "hex"), 36);
      header.set(Buffer.from(b.extrinsics_root!.slice(2), "hex"), 68);
      parent = blake2(header);
      expect(b.hash).toBe(toHex(parent));
      expect(b.parent_hash).toBe(b.number === 0 ? toHex(new Uint8Array(32)) : blocks[b.number - 1]!.hash);
    }
    // read back to front on a second chain (the log hashes forward from its nearest known hash)
    const again = counter({ retainBlocks: true });
    drive(again, 40);
    for (let i = again.blocks.length - 1; i >= 0; i--) expect(again.blocks[i]!.hash).toBe(blocks[i]!.hash);
  });
});

describe("snapshots", () => {
  it("restore goes back to the snapshot's state and head in O(1); the same blocks again give the same roots and hashes", () => {
    const rt = counter({ retainBlocks: true });
    drive(rt, 5);
    const snap = rt.snapshot();
    const a = drive(rt, 3).map((b) => [b.state_root, b.hash]); // blocks 6..8 (numbers are the runtime's)
    const stateA = rt.state;
    rt.restore(snap);
    expect(rt.state).toBe(snap.state);
    expect(rt.blockNumber).toBe(5);
    expect(rt.blocks.map((b) => b.number)).toEqual([0, 1, 2, 3, 4, 5]);
    const b = drive(rt, 3).map((x) => [x.state_root, x.hash]);
    expect(b).toEqual(a);
    expect(rt.state).not.toBe(stateA); // rebuilt, equal by root
    expect(rt.stateRoot()).toBe(a[2]![0]);
  });

  it("a different continuation gives a different head; a snapshot of an abandoned branch cannot be restored", () => {
    const rt = counter();
    drive(rt, 2);
    const root = rt.snapshot();
    rt.newBlock([bump(1)]);
    const onA = rt.snapshot();
    const hashA = rt.lastBlock!.hash;
    rt.restore(root);
    rt.newBlock([bump(2)]);
    expect(rt.lastBlock!.hash).not.toBe(hashA);
    expect(() => rt.restore(onA)).toThrow(/abandoned/);
    rt.restore(root); // still on the chain
    expect(rt.blockNumber).toBe(2);
    expect(() => counter().restore(root)).toThrow(/another runtime/);
  });

  it("a snapshot at genesis restores the chain to before block 1", () => {
    const rt = counter();
    const g = rt.snapshot();
    const first = rt.newBlock([bump(1)]).hash;
    rt.restore(g);
    expect(rt.atGenesis).toBe(true);
    expect(rt.newBlock([bump(1)]).hash).toBe(first);
  });

  it("snapshot, restore and fork need a finalized block", () => {
    const rt = counter();
    rt.initializeBlock();
    expect(() => rt.snapshot()).toThrow(/finalize it first/);
    expect(() => rt.fork()).toThrow(/finalize it first/);
  });
});

describe("forks", () => {
  it("share the state until one writes, then go their own ways; the same blocks give the same hashes", () => {
    const rt = counter();
    drive(rt, 4);
    const fork = rt.fork();
    expect(fork.state).toBe(rt.state);
    expect(fork.blockNumber).toBe(4);
    expect(fork.stateRoot()).toBe(rt.stateRoot());
    const x = fork.newBlock([bump(7)]);
    expect(rt.query("Counter", "Value")).not.toBe(fork.query("Counter", "Value"));
    const y = rt.newBlock([bump(7)]);
    expect([x.hash, x.parent_hash, x.state_root]).toEqual([y.hash, y.parent_hash, y.state_root]);
    rt.newBlock([bump(1)]);
    expect(fork.blockNumber).toBe(5);
    expect(() => fork.lastBlock!.hash && fork.restore(rt.snapshot())).toThrow(/another runtime/);
  });
});

describe("hooks that throw", () => {
  const Faulty = definePallet<{ failAt: number }>()({
    name: "Faulty",
    storage: { Seen: value(t.u32) },
    events: {},
    errors: {},
    calls: {},
    hooks: {
      onInitialize(ctx) {
        Faulty.storage.Seen.put(ctx, ctx.blockNumber);
        if (ctx.blockNumber === ctx.config.failAt) throw new Error("boom");
        if (ctx.blockNumber === ctx.config.failAt + 100) fail(DispatchErrors.token("BelowMinimum"));
      },
    },
  });

  it("abandon the block: nothing of it is committed, the error names pallet, hook and block, and the block can be built again", () => {
    const config = { failAt: 3 };
    const rt = createRuntime({ name: "faulty", pallets: [Faulty.instance(config)] });
    rt.newBlock();
    rt.newBlock();
    const state = rt.state;
    const err = thrown(() => rt.newBlock());
    expect(err).toBeInstanceOf(HookThrewError);
    expect(String((err as Error).message)).toMatch(/Faulty.*on_initialize.*3|3.*Faulty/);
    expect(rt.state).toBe(state);
    expect(rt.blockNumber).toBe(2);
    expect(rt.isBuilding).toBe(false);
    expect(rt.pendingChanges()).toEqual([]);
    config.failAt = 0;
    expect(rt.newBlock().number).toBe(3);
    expect(rt.query("Faulty", "Seen")).toBe(3);
    config.failAt = -96; // a dispatch error thrown by a hook (block 4) is named in the details
    const dispatchErr = thrown(() => rt.newBlock());
    expect(dispatchErr).toBeInstanceOf(HookThrewError);
    expect((dispatchErr as HookThrewError).details).toEqual(["it failed with the dispatch error Token.BelowMinimum"]);
  });
});
