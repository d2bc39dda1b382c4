import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { Counter } from "./__fixtures__/counter.ts";
import { devAccount, initCrypto } from "./accounts.ts";
import { inStorageKeyOrder } from "./__fixtures__/storage-order.ts";
import { createClient, InvalidTransactionError, type TxResult } from "./client.ts";
import { t } from "./codec.ts";
import { DispatchErrors, DispatchFailure, Origin, ensure, ensureSigned, fail } from "./dispatch.ts";
import { InvalidValueError, RuntimeUsageError, UnknownNameError } from "./errors.ts";
import { definePallet } from "./pallet.ts";
import { createRuntime, type Runtime } from "./runtime.ts";
import { map, value } from "./storage.ts";

beforeAll(initCrypto);

// A toy `Balances` (frame may not depend on @corelab/pallet-balances): a one-key map, a balance
// argument, an event, a constant and a call without arguments.
interface BalancesConfig {
  readonly ExistentialDeposit: bigint;
  /** A port (not a declared constant). */
  readonly OnTransfer?: () => void;
}

const Balances = definePallet<BalancesConfig>()({
  name: "Balances",
  constants: { ExistentialDeposit: t.balance },
  storage: {
    Account: map(t.accountId, t.balance, { hasher: "Blake2_128Concat" }),
    Nonces: map(t.accountId, t.u32, { hasher: "Blake2_128Concat", default: () => 0 }),
  },
  events: { Transfer: { from: t.accountId, to: t.accountId, amount: t.balance } },
  errors: { InsufficientBalance: "Balance too low to send value." },
  calls: {
    transfer_allow_death: {
      index: 0,
      args: { dest: t.accountId, value: t.balance },
      dispatch(ctx, { dest, value }): void {
        const from = ensureSigned(ctx.origin);
        const have = Balances.storage.Account.get(ctx, from) ?? 0n;
        Balances.storage.Account.insert(ctx, from, have - value);
        ensure(have >= value, Balances.err("InsufficientBalance"));
        Balances.storage.Account.insert(ctx, dest, (Balances.storage.Account.get(ctx, dest) ?? 0n) + value);
        Balances.deposit(ctx, "Transfer", { from, to: dest, amount: value });
      },
    },
    ping: { index: 1, args: {}, dispatch: () => {} },
  },
});

const alice = () => devAccount("alice");
const bob = () => devAccount("bob");

function setup(opts: { token?: boolean } = {}) {
  const rt = createRuntime({
    name: "client",
    pallets: [Counter.instance({ Max: 10 }), Balances.instance({ ExistentialDeposit: 1n })],
    token: opts.token ? { symbol: "UNIT", decimals: 3 } : undefined,
    retainBlocks: true,
  });
  const api = createClient(rt, { Counter, Balances });
  return { rt, api };
}

describe("docs/client.md", () => {
  it("runs the example of the doc as written", async () => {
    // ---- the doc's code (keep in sync with docs/client.md)
    const rt = createRuntime({ name: "counter", pallets: [Counter.instance({ Max: 10 })] });
    const api = createClient(rt, { Counter });

    const r = await api.tx.Counter.bump({ by: 3 }).signAndSubmit("alice");
    expect(r.ok).toBe(true);
    expect(r.block.number).toBe(1);
    expect(api.event.Counter.Bumped.filter(r.events)).toEqual([{ who: devAccount("alice"), value: 3 }]);

    const failed = await api.tx.Counter.bump({ by: 20 }).signAndSubmit("alice");
    expect(failed.dispatchError).toEqual({ type: "Module", value: { type: "Counter", value: { type: "TooBig" } } });
    expect(await api.query.Counter.Value.getValue()).toBe(3);
    expect(await api.constants.Counter.Max()).toBe(10);

    const id = await api.dev.snapshot();
    await api.dev.setStorage({ Counter: { Value: 7, Notes: [[[[7, 1]], "seven"]] } });
    const last = await api.dev.newBlock({ count: 3 });
    expect(last.number).toBe(5);
    expect(await api.query.Counter.Notes.getEntries()).toEqual([{ keyArgs: [[7, 1]], value: "seven" }]);
    await api.dev.revert(id);
    expect(await api.query.Counter.Value.getValue()).toBe(3);
    // ----
    expect(rt.blockNumber).toBe(2);
  });
});

describe("tx", () => {
  it("applies a transaction in a block of its own and resolves with its events and block", async () => {
    const { rt, api } = setup();
    await api.dev.setStorage({ Balances: { Account: [[["alice"], 100n]] } });
    const r = await api.tx.Balances.transfer_allow_death({ dest: "bob", value: 30n }).signAndSubmit("alice");
    expect(r.ok).toBe(true);
    expect(r.dispatchError).toBeUndefined();
    expect(r.block).toEqual({ hash: rt.lastBlock!.hash, number: 1, index: 0 });
    expect(r.events.map((e) => `${e.type}.${e.value.type}`)).toEqual(["Balances.Transfer", "System.ExtrinsicSuccess"]);
    expect(r.events[0]).toMatchObject({ phase: { type: "ApplyExtrinsic", value: 0 }, topics: [], value: { value: { from: alice(), to: bob(), amount: 30n } } });
    expect(await api.query.Balances.Account.getValue("alice")).toBe(70n);
    expect(await api.query.Balances.Account.getValue(bob())).toBe(30n);
    expect(rt.blockNumber).toBe(1);
    expect(rt.isBuilding).toBe(false);
  });

  it("resolves a failed dispatch with ok: false and its dispatch error, and keeps nothing it wrote", async () => {
    const { rt, api } = setup();
    await api.dev.setStorage({ Balances: { Account: [[["alice"], 10n]] } });
    const r = await api.tx.Balances.transfer_allow_death({ dest: "bob", value: 30n }).signAndSubmit("alice");
    expect(r.ok).toBe(false);
    expect(r.dispatchError).toEqual(Balances.err("InsufficientBalance"));
    expect(r.events.map((e) => `${e.type}.${e.value.type}`)).toEqual(["System.ExtrinsicFailed"]);
    expect(r.events[0]!.value.value.dispatch_error).toEqual(r.dispatchError);
    expect(await api.query.Balances.Account.getValue("alice")).toBe(10n); // the write before the failure is rolled back
    expect(await api.query.Balances.Account.getValue("bob")).toBeUndefined();
    expect(rt.lastBlock!.changes).toEqual([]);
  });

  it("applies into the open block when there is one, then seals it", async () => {
    const { rt, api } = setup();
    rt.initializeBlock();
    rt.applyExtrinsic({ origin: Origin.signed("1"), call: Counter.call("bump", { by: 1 }) });
    const r = await api.tx.Counter.bump({ by: 2 }).signAndSubmit("1");
    expect(r.block.number).toBe(1);
    expect(r.block.index).toBe(1);
    expect(r.events[0]!.phase).toEqual({ type: "ApplyExtrinsic", value: 1 });
    expect(api.event.Counter.Bumped.filter(r.events)).toEqual([{ who: "1", value: 3 }]);
    expect(rt.isBuilding).toBe(false);
  });

  it("builds one block per transaction (chopsticks' Instant mode), in the order submitted", async () => {
    const { rt, api } = setup();
    const [a, b] = await Promise.all([api.tx.Counter.bump({ by: 1 }).signAndSubmit("1"), api.tx.Counter.bump({ by: 2 }).signAndSubmit("2")]);
    expect([a.block.number, b.block.number]).toEqual([1, 2]);
    expect(api.event.Counter.Bumped.filter(b.events)).toEqual([{ who: "2", value: 3 }]);
    expect(rt.blocks.map((x) => x.extrinsics.length)).toEqual([0, 1, 1]); // genesis, then one each
  });

  it("takes an Origin as signer, and rejects a signer that is neither", async () => {
    const { api } = setup();
    const r = await api.tx.Counter.bump({ by: 1 }).signAndSubmit(Origin.root);
    expect(r.dispatchError).toEqual(DispatchErrors.BadOrigin);
    await expect(api.tx.Counter.bump({ by: 1 }).signAndSubmit({ type: "Nobody" } as never)).rejects.toThrow(RuntimeUsageError);
    await expect(api.tx.Counter.bump({ by: 1 }).signAndSubmit("")).rejects.toThrow(/empty account/);
  });

  it("gives the call in papi's decodedCall form and as a RuntimeCall, with parsed arguments", () => {
    const { api } = setup({ token: true });
    const tx = api.tx.Balances.transfer_allow_death({ dest: "bob", value: "1.5 UNIT" as never });
    expect(tx.decodedCall).toEqual({ type: "Balances", value: { type: "transfer_allow_death", value: { dest: bob(), value: 1500n } } });
    expect(tx.call).toEqual({ pallet: "Balances", name: "transfer_allow_death", args: { dest: bob(), value: 1500n } });
    expect(api.tx.Balances.ping().call.args).toEqual({});
    expect(api.tx.Counter.set({ value: 1 }).call.args).toEqual({ value: 1, note: undefined }); // an Option argument may be left out
  });

  it("checks arguments with the call's codecs: an error names the call and the argument path", () => {
    const { api } = setup();
    expect(() => api.tx.Counter.bump({ by: -1 })).toThrow(InvalidValueError);
    expect(() => api.tx.Counter.bump({ by: -1 })).toThrow(/^Counter\.bump\.by: expected u32/);
    expect(() => api.tx.Counter.bump({ by: 2 ** 32 })).toThrow(/Counter\.bump\.by: expected u32 .*, got 4294967296\nout of range/);
    expect(() => api.tx.Counter.bump({} as never)).toThrow(/Counter\.bump\.by.*field 'by' of Counter\.bump is required/s);
    expect(() => api.tx.Counter.bump({ by: 1, extra: 2 } as never)).toThrow(UnknownNameError);
    expect(() => api.tx.Counter.bump({ by: 1, extra: 2 } as never)).toThrow(/Counter\.bump: unknown argument 'extra'/);
    expect(() => api.tx.Counter.bump(JSON.parse('{ "by": 1, "constructor": 2 }'))).toThrow(/unknown argument 'constructor'/);
    expect(() => api.tx.Counter.bump(JSON.parse('{ "by": 1, "__proto__": 2 }'))).toThrow(/unknown argument '__proto__'/);
    expect(() => api.tx.Counter.bump(3 as never)).toThrow(/Counter\.bump: expected a map with fields by/);
  });

  it("rejects an invalid transaction (the transaction extension refused it): not in the block", async () => {
    const rt = createRuntime({
      name: "fees",
      pallets: [Counter.instance({ Max: 10 })],
      transactionExtension: {
        prepare: (_ctx, xt) => {
          if (xt.origin.type === "Signed" && xt.origin.value === "poor") fail(DispatchErrors.token("FundsUnavailable"));
        },
      },
    });
    const api = createClient(rt, { Counter });
    const err = await api.tx.Counter.bump({ by: 1 }).signAndSubmit("poor").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTransactionError);
    expect((err as InvalidTransactionError).error).toEqual(DispatchErrors.token("FundsUnavailable"));
    expect(rt.lastBlock!.number).toBe(1);
    expect(rt.lastBlock!.extrinsics).toEqual([]);
    expect(await api.query.Counter.Value.getValue()).toBe(0);
    expect((await api.tx.Counter.bump({ by: 1 }).signAndSubmit("rich")).ok).toBe(true);
  });

  it("rejects with the emulator's error when a hook throws", async () => {
    const Boom = definePallet<Record<string, never>>()({
      name: "Boom",
      storage: {},
      events: {},
      errors: {},
      calls: {},
      hooks: {
        onInitialize: () => {
          throw new DispatchFailure(DispatchErrors.Exhausted);
        },
      },
    });
    const rt = createRuntime({ name: "boom", pallets: [Counter.instance({ Max: 10 }), Boom.instance({})] });
    const api = createClient(rt, { Counter, Boom });
    await expect(api.tx.Counter.bump({ by: 1 }).signAndSubmit("1")).rejects.toThrow(/Boom\.on_initialize threw at block 1/);
  });
});

describe("query", () => {
  it("reads values and map entries of the current state, the open block's writes included", async () => {
    const { rt, api } = setup();
    expect(await api.query.Counter.Value.getValue()).toBe(0); // ValueQuery: the default
    expect(await api.query.Counter.Owner.getValue()).toBeUndefined(); // OptionQuery: absent
    expect(await api.query.Counter.Notes.getValue([1, 2])).toBeUndefined();
    expect(await api.query.Balances.Nonces.getValue("alice")).toBe(0);
    expect(await api.query.Counter.Notes.getEntries()).toEqual([]);

    rt.initializeBlock();
    rt.withContext((ctx) => {
      Counter.storage.Notes.insert(ctx, [10, 1], "ten");
      Counter.storage.Notes.insert(ctx, [2, 7], "two");
      Counter.storage.Value.put(ctx, 4);
    });
    expect(await api.query.Counter.Value.getValue()).toBe(4);
    expect(await api.query.Counter.Notes.getValue([2, 7])).toBe("two");
    // in storage key order (Twox64Concat over the tuple), as papi lists a chain's entries
    const order = inStorageKeyOrder(Counter.storage.Notes, [[2, 7], [10, 1]]);
    expect((await api.query.Counter.Notes.getEntries()).map((e) => e.keyArgs[0])).toEqual(order);
    expect(await api.query.Counter.Notes.getEntries()).toEqual([
      { keyArgs: [[10, 1]], value: "ten" },
      { keyArgs: [[2, 7]], value: "two" },
    ]);
    expect(await api.query.Counter.Notes.getValues([[[10, 1]], [[3, 3]]])).toEqual(["ten", undefined]);
  });

  it("parses keys with the key codec and rejects wrong keys and argument counts", async () => {
    const { api } = setup();
    await api.dev.setStorage({ Balances: { Account: [[[alice()], 5n]] } });
    expect(await api.query.Balances.Account.getValue("alice")).toBe(5n); // dev names resolve
    await expect(api.query.Counter.Notes.getValue([1] as never)).rejects.toThrow(/query\.Counter\.Notes key: expected a list of 2/);
    await expect((api.query.Counter.Notes.getValue as (...a: unknown[]) => Promise<unknown>)(1, 2)).rejects.toThrow(/takes one key/);
    await expect((api.query.Counter.Value.getValue as (...a: unknown[]) => Promise<unknown>)(1)).rejects.toThrow(/takes no key/);
    await expect((api.query.Counter.Notes.getEntries as (...a: unknown[]) => Promise<unknown>)(1)).rejects.toThrow(/takes no argument/);
  });
});

describe("constants", () => {
  it("gives the configured value of each declared constant (papi: a function resolving to it)", async () => {
    const { api } = setup();
    expect(await api.constants.Counter.Max()).toBe(10);
    expect(await api.constants.Balances.ExistentialDeposit()).toBe(1n);
    // a port in the configuration is not a constant (the types allow it: see docs/client.md)
    expect(() => api.constants.Balances.OnTransfer).toThrow(/api\.constants\.Balances: unknown constant 'OnTransfer'/);
  });
});

describe("event", () => {
  it("filters the payloads of one event kind out of a tx result, block records or plain events", async () => {
    const { rt, api } = setup();
    const r = await api.tx.Counter.bump({ by: 2 }).signAndSubmit("1");
    expect(api.event.Counter.Bumped.filter(r.events)).toEqual([{ who: "1", value: 2 }]);
    expect(api.event.System.ExtrinsicSuccess.filter(r.events)).toHaveLength(1);
    expect(api.event.System.ExtrinsicFailed.filter(r.events)).toEqual([]);
    await api.dev.newBlock({ count: 2 }); // block 3 ticks
    expect(api.event.Counter.Ticked.filter(rt.lastBlock!.events)).toEqual([{ block: 3 }]);
    expect(api.event.Counter.Ticked.filter(rt.lastBlock!.events.map((e) => e.event))).toEqual([{ block: 3 }]);
    expect(api.event.Counter.Bumped.filter([{ type: "Counter", value: { type: "Bumped", value: { who: "x", value: 1 } } }, 7 as never])).toEqual([{ who: "x", value: 1 }]);
    expect(await api.event.Counter.Ticked.pull()).toEqual([{ meta: { phase: { type: "Initialization" }, block: { hash: rt.lastBlock!.hash, number: 3 } }, payload: { block: 3 } }]);
    expect(() => api.event.Counter.Ticked.filter("x" as never)).toThrow(/expected a list of events/);
  });
});

describe("dev", () => {
  it("newBlock builds count blocks, or up to `to`; an open block counts as the first", async () => {
    const { rt, api } = setup();
    expect((await api.dev.newBlock()).number).toBe(1);
    expect((await api.dev.newBlock({ count: 4 })).number).toBe(5);
    expect((await api.dev.newBlock({ to: 8 })).number).toBe(8);
    rt.initializeBlock();
    expect((await api.dev.newBlock({ count: 2 })).number).toBe(10);
    rt.initializeBlock();
    expect((await api.dev.newBlock({ to: 11 })).number).toBe(11);
    await expect(api.dev.newBlock({ count: 0 })).rejects.toThrow(/'count' must be a whole number/);
    await expect(api.dev.newBlock({ to: 11 })).rejects.toThrow(/'to' must be a block number ahead of the chain/);
    expect(rt.blockNumber).toBe(11);
  });

  it("setStorage writes values and map entries by name, parsed by the items' codecs", async () => {
    const { rt, api } = setup({ token: true });
    await api.dev.setStorage({
      Counter: { Value: 5, Owner: "alice", Notes: [[[[1, 2]], "one"], [[[3, 4]], "three"]] },
      Balances: { Account: [[["bob"], "2 UNIT" as never]] },
    });
    expect(await api.query.Counter.Value.getValue()).toBe(5);
    expect(await api.query.Counter.Owner.getValue()).toBe(alice());
    expect(await api.query.Balances.Account.getValue(bob())).toBe(2000n);
    expect(rt.atGenesis).toBe(true); // committed at once, no block built

    await api.dev.setStorage({ Counter: { Owner: null, Notes: [[[[1, 2]], null]] } });
    expect(await api.query.Counter.Owner.getValue()).toBeUndefined();
    expect(await api.query.Counter.Notes.getEntries()).toEqual([{ keyArgs: [[3, 4]], value: "three" }]);

    // $removePrefix clears a map before the entries given are written
    await api.dev.setStorage({ Counter: { $removePrefix: ["Notes"], Notes: [[[[9, 9]], "nine"]] } });
    expect(await api.query.Counter.Notes.getEntries()).toEqual([{ keyArgs: [[9, 9]], value: "nine" }]);

    // in an open block, the writes are part of it
    rt.initializeBlock();
    await api.dev.setStorage({ Counter: { Value: 6 } });
    const block = rt.finalizeBlock();
    expect(block.changes.map((c) => `${c.pallet}.${c.item}`)).toEqual(["Counter.Value"]);
  });

  it("setStorage checks everything before writing anything", async () => {
    const { api } = setup();
    const bad = api.dev.setStorage({ Counter: { Value: 5, Notes: [[[[1, 2]], "one"], [[[1]], "bad key" as never]] as never } });
    await expect(bad).rejects.toThrow(/dev\.setStorage\.Counter\.Notes\[1\]\.key: expected a list of 2/);
    expect(await api.query.Counter.Value.getValue()).toBe(0);
    expect(await api.query.Counter.Notes.getEntries()).toEqual([]);
    await expect(api.dev.setStorage({ Counter: { Value: -1 } })).rejects.toThrow(/dev\.setStorage\.Counter\.Value: expected u32/);
    await expect(api.dev.setStorage({ Counter: { Nope: 1 } } as never)).rejects.toThrow(/unknown storage item 'Counter\.Nope'/);
    await expect(api.dev.setStorage({ Counter: { Notes: [[[1, 2], "x"]] } } as never)).rejects.toThrow(/expected \[\[key\], value\]/);
    await expect(api.dev.setStorage({ Counter: { $removePrefix: ["Value"] } } as never)).rejects.toThrow(/unknown map 'Counter\.Value'/);
    await expect(api.dev.setStorage({ Nope: {} } as never)).rejects.toThrow(/dev\.setStorage: unknown pallet 'Nope'/);
  });

  it("snapshot and revert go back to the committed state and head, as often as needed", async () => {
    const { rt, api } = setup();
    await api.tx.Counter.bump({ by: 1 }).signAndSubmit("1");
    const id = await api.dev.snapshot();
    const head = rt.lastBlock!.hash;
    await api.tx.Counter.bump({ by: 5 }).signAndSubmit("1");
    await api.dev.newBlock({ count: 3 });
    expect(await api.query.Counter.Value.getValue()).toBe(6);
    await api.dev.revert(id);
    expect(rt.blockNumber).toBe(1);
    expect(rt.lastBlock!.hash).toBe(head);
    expect(await api.query.Counter.Value.getValue()).toBe(1);
    await api.dev.setStorage({ Counter: { Value: 9 } });
    await api.dev.revert(id); // not used up
    expect(await api.query.Counter.Value.getValue()).toBe(1);
    const again = await api.tx.Counter.bump({ by: 2 }).signAndSubmit("1");
    expect(again.block.number).toBe(2);
    await expect(api.dev.revert("0x99")).rejects.toThrow(/dev\.revert: unknown snapshot id '0x99'/);
    rt.initializeBlock();
    await expect(api.dev.snapshot()).rejects.toThrow(/snapshot: block 3 is open/);
  });
});

describe("names", () => {
  it("does not take Object.prototype's names for pallets, calls, items, events or constants", async () => {
    const { api } = setup();
    expect(() => api.tx.Balances.constructor).toThrow(UnknownNameError);
    expect(() => api.tx.Balances.constructor).toThrow(/api\.tx\.Balances: unknown call 'constructor'/);
    expect(() => (api.query.Balances as unknown as Record<string, unknown>).__proto__).toThrow(/api\.query\.Balances: unknown storage item '__proto__'/);
    expect(() => (api.tx as unknown as Record<string, unknown>).constructor).toThrow(/api\.tx: unknown pallet 'constructor'/);
    expect(() => (api.tx as unknown as Record<string, unknown>).hasOwnProperty).toThrow(/unknown pallet 'hasOwnProperty'/);
    expect(() => (api.event.Counter as unknown as Record<string, unknown>).toString).toThrow(/api\.event\.Counter: unknown event 'toString'/);
    expect(() => (api.constants.Counter as unknown as Record<string, unknown>).valueOf).toThrow(/unknown constant 'valueOf'/);
    expect("constructor" in api.tx.Balances).toBe(false);
    expect(Object.keys(api.tx.Balances)).toEqual(["transfer_allow_death", "ping"]);
    await expect(api.dev.setStorage(JSON.parse('{ "Counter": { "__proto__": 1 } }'))).rejects.toThrow(/unknown storage item 'Counter\.__proto__'/);
    await expect(api.dev.setStorage(JSON.parse('{ "constructor": {} }'))).rejects.toThrow(/unknown pallet 'constructor'/);
    await expect(api.dev.setStorage(JSON.parse('{ "Counter": { "$removePrefix": ["constructor"] } }'))).rejects.toThrow(/unknown map 'Counter\.constructor'/);
    // an unknown name suggests the nearest
    expect(() => (api.tx.Balances as unknown as Record<string, unknown>).transfer_allow_deth).toThrow(/did you mean 'transfer_allow_death'/);
  });

  it("lets a level be awaited or returned from an async function (then reads as undefined)", async () => {
    const { api } = setup();
    const tx = await (async () => api.tx)();
    expect(typeof tx.Counter.bump).toBe("function");
  });

  it("covers the pallets given (and System) only, each the runtime's own declaration under its name", () => {
    const rt = createRuntime({ name: "c", pallets: [Counter.instance({ Max: 1 }), Balances.instance({ ExistentialDeposit: 1n })] });
    const api = createClient(rt, { Counter });
    expect(() => (api.query as unknown as Record<string, unknown>).Balances).toThrow(/api\.query: unknown pallet 'Balances'/);
    expect(Object.keys(api.tx)).toEqual(["System", "Counter"]);
    expect(() => createClient(rt, { Count: Counter })).toThrow(/the key 'Count' names the pallet 'Counter'/);
    const Other = definePallet<Record<string, never>>()({ name: "Counter", storage: {}, events: {}, errors: {}, calls: {} });
    expect(() => createClient(rt, { Counter: Other })).toThrow(/holds another declaration of Counter/);
    const Missing = definePallet<Record<string, never>>()({ name: "Missing", storage: {}, events: {}, errors: {}, calls: {} });
    expect(() => createClient(rt, { Missing })).toThrow(/unknown pallet 'Missing'/);
  });
});

describe("types", () => {
  it("types calls, storage, events and constants from the declarations; wrong names do not type-check", () => {
    const { api } = setup();
    const _check = (rt: Runtime) => {
      const a = createClient(rt, { Counter, Balances });
      // @ts-expect-error no such pallet
      void a.tx.Nope;
      // @ts-expect-error no such call
      void a.tx.Balances.transfer_keep_alive;
      // @ts-expect-error no such argument
      void a.tx.Balances.transfer_allow_death({ dest: "bob", value: 1n, extra: 1 });
      // @ts-expect-error a missing argument
      void a.tx.Balances.transfer_allow_death({ dest: "bob" });
      // @ts-expect-error an argument of the wrong type
      void a.tx.Counter.bump({ by: 1n });
      // @ts-expect-error no such storage item
      void a.query.Balances.TotalIssuance;
      // @ts-expect-error a map needs its key
      void a.query.Balances.Account.getValue();
      // @ts-expect-error a storage value has no entries
      void a.query.Counter.Value.getEntries;
      // @ts-expect-error no such event
      void a.event.Balances.Deposit;
      // @ts-expect-error no such constant
      void a.constants.Counter.Min;
      // @ts-expect-error no such pallet in setStorage
      void a.dev.setStorage({ Nope: {} });
      // @ts-expect-error no such item in setStorage
      void a.dev.setStorage({ Counter: { Nope: 1 } });
      // @ts-expect-error $removePrefix names maps only
      void a.dev.setStorage({ Counter: { $removePrefix: ["Value"] } });
      // (Object.prototype's names, `a.tx.Balances.constructor`, type-check as every object's: they throw at run time)
    };
    void _check;
    expectTypeOf(api.tx.Balances.transfer_allow_death).parameter(0).toEqualTypeOf<{ readonly dest: string; readonly value: bigint }>();
    expectTypeOf(api.tx.Counter.set).parameter(0).toEqualTypeOf<{ readonly value: number; readonly note?: string | undefined }>();
    expectTypeOf(api.tx.Balances.ping).parameters.toEqualTypeOf<[args?: Record<string, never>]>();
    expectTypeOf(api.tx.Counter.bump({ by: 1 }).signAndSubmit).returns.toEqualTypeOf<Promise<TxResult>>();
    expectTypeOf(api.tx.Counter.bump({ by: 1 }).decodedCall).toEqualTypeOf<{
      readonly type: "Counter";
      readonly value: { readonly type: "bump"; readonly value: { by: number } };
    }>();
    expectTypeOf(api.query.Counter.Value.getValue).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(api.query.Counter.Owner.getValue).returns.toEqualTypeOf<Promise<string | undefined>>();
    expectTypeOf(api.query.Counter.Notes.getValue).parameter(0).toEqualTypeOf<[number, number]>();
    expectTypeOf(api.query.Balances.Account.getEntries).returns.toEqualTypeOf<Promise<Array<{ keyArgs: [string]; value: bigint }>>>();
    expectTypeOf(api.event.Balances.Transfer.filter).returns.toEqualTypeOf<Array<{ from: string; to: string; amount: bigint }>>();
    expectTypeOf(api.event.System.ExtrinsicFailed.filter([])).items.toHaveProperty("dispatch_error");
    expectTypeOf(api.constants.Balances.ExistentialDeposit).returns.toEqualTypeOf<Promise<bigint>>();
    expectTypeOf(api.tx.System.remark_with_event).parameter(0).toEqualTypeOf<{ readonly remark: string }>();
  });
});

describe("value and map declarations", () => {
  it("handles a pallet with a value and a map item defined in the test", async () => {
    const Store = definePallet<Record<string, never>>()({
      name: "Store",
      storage: { Flag: value(t.bool), Tags: map(t.u32, t.vec(t.str), { hasher: "Twox64Concat", default: () => [] }) },
      events: {},
      errors: {},
      calls: {},
    });
    const rt = createRuntime({ name: "s", pallets: [Store.instance({})] });
    const api = createClient(rt, { Store });
    await api.dev.setStorage({ Store: { Flag: true, Tags: [[[1], ["a", "b"]]] } });
    expect(await api.query.Store.Flag.getValue()).toBe(true);
    expect(await api.query.Store.Tags.getValue(1)).toEqual(["a", "b"]);
    expect(await api.query.Store.Tags.getValue(2)).toEqual([]);
    expect(Object.keys(api.constants.Store)).toEqual([]);
  });
});
