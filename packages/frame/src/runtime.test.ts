import { beforeAll, describe, expect, it } from "vitest";
import { Counter } from "./__fixtures__/counter.ts";
import { createRuntime, type BlockRecord, type Runtime } from "./runtime.ts";
import { Origin, ensure, formatDispatchError } from "./dispatch.ts";
import { t } from "./codec.ts";
import { map } from "./storage.ts";
import { initCrypto } from "./accounts.ts";
import { inStorageKeyOrder } from "./__fixtures__/storage-order.ts";
import { HookThrewError, RuntimeUsageError, UnknownNameError } from "./errors.ts";
import { definePallet } from "./pallet.ts";

beforeAll(initCrypto);

const bump = (by: number, who = "1") => ({ origin: Origin.signed(who), call: Counter.call("bump", { by }) });

function counterRuntime(): Runtime {
  return createRuntime({
    name: "counter",
    pallets: [Counter.instance({ Max: 10 })],
    genesis: { Counter: { owner: "1", value: 2 } },
  });
}

describe("runtime", () => {
  it("applies genesis, then blocks in the Executive's order", () => {
    const rt = counterRuntime();
    expect(rt.query("Counter", "Value")).toBe(2);
    const b1 = rt.newBlock([bump(3)]);
    expect(b1.number).toBe(1);
    expect(rt.query("Counter", "Value")).toBe(5);
    expect(b1.events.map((e) => `${e.section}.${e.method}`)).toEqual(["Counter.Bumped", "System.ExtrinsicSuccess"]);
    expect(b1.events[0]!.phase).toEqual({ type: "ApplyExtrinsic", value: 0 });
    rt.newBlock();
    const b3 = rt.newBlock();
    expect(b3.events.map((e) => e.method)).toEqual(["Ticked"]);
    expect(b3.events[0]!.phase).toEqual({ type: "Initialization" });
    expect(b3.parent_hash).not.toBe(b1.hash);
  });

  it("rolls a failed extrinsic back: the state stays reference-equal and only ExtrinsicFailed is recorded", () => {
    const rt = counterRuntime();
    rt.initializeBlock();
    const before = rt.state;
    const r = rt.applyExtrinsic(bump(20));
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : formatDispatchError(r.error)).toBe("Counter.TooBig");
    expect(rt.state).toBe(before);
    expect(rt.pendingEvents.map((e) => e.method)).toEqual(["ExtrinsicFailed"]);
    expect(rt.pendingEvents[0]!.data.dispatch_error).toEqual({ type: "Module", value: { type: "Counter", value: { type: "TooBig" } } });
  });

  it("rolls back map writes of a failed extrinsic, and keeps those of the extrinsic before it", () => {
    const Ledger = definePallet<Record<string, never>>()({
      name: "Ledger",
      storage: { Entries: map(t.u32, t.u128, { hasher: "Twox64Concat" }) },
      events: {},
      errors: { Full: "The ledger is full." },
      calls: {
        record: {
          index: 0,
          args: { key: t.u32, amount: t.u128, fail: t.bool },
          dispatch(ctx, { key, amount, fail: shouldFail }): void {
            Ledger.storage.Entries.insert(ctx, key, amount);
            Ledger.storage.Entries.mutate(ctx, 0, (v) => (v ?? 0n) + amount);
            Ledger.storage.Entries.remove(ctx, 1);
            ensure(!shouldFail, Ledger.err("Full"));
          },
        },
      },
    });
    const rt = createRuntime({ name: "ledger", pallets: [Ledger.instance({})] });
    const record = (key: number, fail: boolean) => ({ origin: Origin.root, call: Ledger.call("record", { key, amount: 5n, fail }) });
    rt.initializeBlock();
    expect(rt.applyExtrinsic(record(1, false)).ok).toBe(true);
    const root = (rt.finalizeBlock(), rt.stateRoot());
    rt.initializeBlock();
    const before = rt.state;
    const r = rt.applyExtrinsic(record(2, true));
    expect(r.ok ? "" : formatDispatchError(r.error)).toBe("Ledger.Full");
    expect(rt.state).toBe(before);
    rt.finalizeBlock();
    expect(rt.stateRoot()).toBe(root);
    expect(rt.read((ctx) => Ledger.storage.Entries.entries(ctx))).toEqual([[0, 5n]]);
  });

  it("checks origins with BadOrigin", () => {
    const rt = counterRuntime();
    rt.initializeBlock();
    const r = rt.applyExtrinsic({ origin: Origin.root, call: Counter.call("bump", { by: 1 }) });
    expect(r).toEqual({ ok: false, error: { type: "BadOrigin" } });
  });

  it("does not copy the state in blocks where no hook writes", () => {
    const rt = counterRuntime();
    rt.newBlock();
    const s = rt.state;
    rt.newBlock(); // block 2: tick does nothing
    expect(rt.state).toBe(s);
    rt.newBlock(); // block 3: tick writes
    expect(rt.state).not.toBe(s);
  });

  it("gives the same state roots for the same block sequence and different ones otherwise", () => {
    const run = (by: number) => {
      const rt = counterRuntime();
      const roots: string[] = [];
      rt.onBlock((b) => roots.push(b.state_root!));
      rt.newBlock([bump(by)]);
      rt.advanceTo(4);
      return roots;
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)[1]).not.toEqual(run(2)[1]);
  });

  it("iterates maps in storage key order (as Rust's iter()), not insertion order", () => {
    const rt = counterRuntime();
    rt.openBlock(11);
    for (const [v, note] of [[9, "nine"], [1, "one"], [10, "ten"]] as const)
      rt.applyExtrinsic({ origin: Origin.signed("1"), call: Counter.call("set", { value: v, note }) });
    const keys = rt.read((ctx) => Counter.storage.Notes.keys(ctx));
    // Notes is Twox64Concat over (u32, u16): by xxhash64 of the encoded tuple, then the tuple's bytes
    expect(keys).toEqual(inStorageKeyOrder(Counter.storage.Notes, [[1, 11], [9, 11], [10, 11]]));
    expect(keys).toEqual([[9, 11], [10, 11], [1, 11]]);
  });

  it("names the nearest pallets and calls on unknown names", () => {
    const rt = counterRuntime();
    rt.initializeBlock();
    expect(() => rt.applyExtrinsic({ origin: Origin.root, call: { pallet: "Countr", name: "bump", args: {} } })).toThrow(UnknownNameError);
    try {
      rt.applyExtrinsic({ origin: Origin.root, call: { pallet: "Counter", name: "bmp", args: {} } });
    } catch (e) {
      expect((e as UnknownNameError).suggestions).toContain("Counter.bump");
    }
  });

  it("reports a throwing hook as an emulator bug", () => {
    const Broken = definePallet<Record<string, never>>()({
      name: "Broken",
      storage: {},
      events: {},
      errors: {},
      calls: {},
      hooks: {
        onInitialize(): void {
          throw new Error("boom");
        },
      },
    });
    const rt = createRuntime({ name: "broken", pallets: [Broken.instance({})] });
    expect(() => rt.newBlock()).toThrow(HookThrewError);
  });

  it("refuses blocks in the past", () => {
    const rt = counterRuntime();
    rt.openBlock(5);
    expect(() => rt.openBlock(3)).toThrow(RuntimeUsageError);
  });

  it("starts from a given genesis block number for replays of real history", () => {
    const rt = createRuntime({ name: "late", pallets: [Counter.instance({ Max: 10 })], genesisNumber: 22_861_429 });
    expect(rt.blockNumber).toBe(22_861_429);
    rt.applyExtrinsic({ origin: Origin.signed("1"), call: Counter.call("bump", { by: 1 }) });
    rt.openBlock(22_861_431);
    const b = rt.finalizeBlock();
    expect(b.number).toBe(22_861_431);
    expect(rt.query("Counter", "Value")).toBe(1);
    expect(() => rt.openBlock(22_861_429)).toThrow(RuntimeUsageError);
  });

  it("hashes with the WebAssembly blake2b exactly as the JS fallback does", async () => {
    const { blake2 } = await import("./state-root.ts");
    const { blake2AsU8a } = await import("@polkadot/util-crypto");
    for (const len of [0, 1, 100, 1000]) {
      const data = Uint8Array.from({ length: len }, (_, i) => (i * 31 + 7) & 0xff);
      expect(blake2(data)).toEqual(blake2AsU8a(data, 256, null, true));
    }
  });

  it("computes block hashes on demand with the values of hashing each header when sealed", () => {
    const build = () => {
      const rt = counterRuntime();
      const blocks: BlockRecord[] = [];
      rt.onBlock((b) => blocks.push(b));
      for (let n = 1; n <= 3000; n++) rt.newBlock(n % 997 === 0 ? [bump(1)] : []);
      return blocks;
    };
    // eager: every hash read as the block is sealed, in order
    const eager = counterRuntime();
    const inOrder: string[] = [];
    eager.onBlock((b) => inOrder.push(b.hash));
    for (let n = 1; n <= 3000; n++) eager.newBlock(n % 997 === 0 ? [bump(1)] : []);
    // lazy: nothing read until the end, then in reverse, then a scattered sample, then forward again
    const lazy = build();
    expect(lazy.at(-1)!.hash).toBe(inOrder.at(-1));
    const reversed = [...lazy].reverse().map((b) => b.hash).reverse();
    expect(reversed).toEqual(inOrder);
    const fresh = build();
    for (const i of [2048, 5, 1023, 1024, 2999, 0, 1500]) expect(fresh[i]!.hash).toBe(inOrder[i]);
    expect(fresh.map((b) => b.parent_hash).slice(1)).toEqual(inOrder.slice(0, -1));
  });
});

describe("genesis given in code", () => {
  const build = (genesis: Record<string, Record<string, unknown>>) => () => createRuntime({ name: "g", pallets: [Counter.instance({ Max: 10 })], genesis });

  it("is checked as a file's would be: unknown fields and values outside their type name their path", () => {
    expect(build({ Counter: { valu: 3 } })).toThrow(UnknownNameError);
    expect(build({ Counter: { valu: 3 } })).toThrow(/genesis\.Counter: unknown genesis field of Counter 'valu'\ndid you mean 'value'\?/);
    expect(build({ Counter: { value: -1 } })).toThrow(/genesis\.Counter\.value: expected u32/);
    expect(build({ Counter: { value: 2 ** 32 } })).toThrow(/genesis\.Counter\.value: expected u32/);
    expect(build({ Countr: { value: 1 } })).toThrow(/unknown pallet 'Countr'/);
  });

  it("builds what is declared", () => {
    const rt = build({ Counter: { value: 7 } })();
    expect(rt.query("Counter", "Value")).toBe(7);
  });
});
