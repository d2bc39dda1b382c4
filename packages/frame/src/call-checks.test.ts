// Calls built in code are checked like calls read from scenario files (issue 12, part 7, class 6),
// and a call whose logic throws is named like a hook that throws (class 8).
import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto } from "./accounts.ts";
import { arithmeticCodecs } from "./arithmetic.ts";
import { checkValue, t } from "./codec.ts";
import { Origin, fail, DispatchErrors } from "./dispatch.ts";
import { CallThrewError, InvalidValueError, UnknownNameError } from "./errors.ts";
import { definePallet } from "./pallet.ts";
import { createRuntime } from "./runtime.ts";
import { map, value } from "./storage.ts";

beforeAll(initCrypto);

const Item = t.struct("Item", { id: t.u32, amount: t.u128, note: t.option(t.str), kind: t.enumOf("Kind", { A: null, B: t.u8 }) });

const Bank = definePallet<Record<string, never>>()({
  name: "Bank",
  storage: { Total: value(t.u128, { default: () => 0n }), Items: map(t.u32, Item, { hasher: "Twox64Concat" }) },
  events: { Paid: { who: t.accountId, value: t.u128 } },
  errors: { Nope: "Refused." },
  calls: {
    pay: {
      index: 0,
      args: { who: t.accountId, value: t.u128, memo: t.option(t.u32) },
      dispatch(ctx, a) {
        Bank.storage.Total.put(ctx, Bank.storage.Total.get(ctx) + a.value);
        Bank.deposit(ctx, "Paid", { who: a.who, value: a.value });
      },
    },
    put_items: {
      index: 1,
      args: { items: t.vec(Item), share: arithmeticCodecs.perbill },
      dispatch(ctx, a) {
        for (const it of a.items) Bank.storage.Items.insert(ctx, it.id, it);
      },
    },
    refuse: { index: 2, args: {}, dispatch: () => fail(DispatchErrors.BadOrigin) },
    crash: {
      index: 3,
      args: { n: t.u32 },
      dispatch(ctx) {
        Bank.storage.Total.put(ctx, 999n); // rolled back with the call
        (undefined as unknown as { x: number }).x = 1;
      },
    },
  },
});

const bankRuntime = () => createRuntime({ name: "bank", pallets: [Bank.instance({})] });

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
}

describe("Pallet.call checks its arguments with the call's codecs", () => {
  it("accepts arguments that fit, and an Option left out", () => {
    expect(Bank.call("pay", { who: "alice", value: 5n } as never)).toEqual({ pallet: "Bank", name: "pay", args: { who: "alice", value: 5n } });
    expect(() => Bank.call("put_items", { items: [{ id: 1, amount: 2n, note: undefined, kind: { type: "B", value: 7 } }], share: 500_000_000 })).not.toThrow();
  });

  it.each([
    ["a negative u128", { who: "alice", value: -100n }, "Bank.pay.value", "out of range"],
    ["a u128 past 2^128-1", { who: "alice", value: 1n << 128n }, "Bank.pay.value", "out of range"],
    ["a number for a u128", { who: "alice", value: 5 }, "Bank.pay.value", "expected u128 (a bigint 0..2^128-1), got 5"],
    ["a u32 past 2^32-1 in an Option", { who: "alice", value: 1n, memo: 2 ** 32 }, "Bank.pay.memo", "out of range"],
    ["a missing argument", { value: 1n }, "Bank.pay.who", "got nothing"],
    ["an empty account id", { who: "", value: 1n }, "Bank.pay.who", "an account id"],
  ])("refuses %s, naming Pallet.call.arg", (_what, args, path, text) => {
    const e = thrown(() => Bank.call("pay", args as never));
    expect(e).toBeInstanceOf(InvalidValueError);
    expect((e as InvalidValueError).path).toBe(path);
    expect(e.message).toContain(text);
  });

  it("names the part of a composite argument that does not fit", () => {
    const items = [
      { id: 1, amount: 2n, kind: { type: "A" } },
      { id: 2, amount: -1n, kind: { type: "A" } },
    ];
    const e = thrown(() => Bank.call("put_items", { items, share: 1 } as never)) as InvalidValueError;
    expect(e.path).toBe("Bank.put_items.items[1].amount");
    const v = thrown(() => Bank.call("put_items", { items: [{ id: 1, amount: 1n, kind: { type: "B", value: 300 } }], share: 1 } as never)) as InvalidValueError;
    expect(v.path).toBe("Bank.put_items.items[0].kind.B");
    const u = thrown(() => Bank.call("put_items", { items: [{ id: 1, amount: 1n, kind: { type: "C" } }], share: 1 } as never));
    expect(u).toBeInstanceOf(UnknownNameError);
    expect(u.message).toContain("unknown variant of Kind 'C'");
    const p = thrown(() => Bank.call("put_items", { items: [], share: 1_000_000_001 })) as InvalidValueError;
    expect(p.path).toBe("Bank.put_items.share");
  });

  it("refuses an argument the call does not have, and an unknown call (an Object.prototype name too)", () => {
    const e = thrown(() => Bank.call("pay", { who: "a", value: 1n, valu: 2n } as never));
    expect(e).toBeInstanceOf(UnknownNameError);
    expect(e.message).toContain("unknown argument of Bank.pay 'valu'");
    for (const name of ["transfer", "constructor", "toString", "__proto__"]) {
      const u = thrown(() => Bank.call(name as never, {} as never));
      expect(u).toBeInstanceOf(UnknownNameError);
      expect(u.message).toContain(`unknown call 'Bank.${name}'`);
    }
  });

  it("checkValue checks any value against a codec, and trusts a custom codec without a check", () => {
    expect(() => checkValue(t.u8, 256, "x")).toThrow(/x: expected u8 \(an integer number 0\.\.255\), got 256/);
    expect(() => checkValue(t.bool, 1, "flag")).toThrow(InvalidValueError);
    expect(() => checkValue(t.tuple([t.u32, t.u64]), [1, 2n], "pair")).not.toThrow();
    expect(() => checkValue(t.tuple([t.u32, t.u64]), [1, 2], "pair")).toThrow(/pair\[1\]/);
    expect(() => checkValue(t.bytes(2), "0xABCD", "b")).toThrow(InvalidValueError);
    expect(() => checkValue(t.mapOf(t.accountId, t.balance), [["a", -1n]], "m")).toThrow(/m\[0\]\[1\]/);
    const trusted = t.custom<number>({ name: "Anything", parse: () => 0, toJson: (v) => v, key: String, scale: t.u32.scale });
    expect(() => checkValue(t.vec(trusted), ["not a number"], "v")).not.toThrow();
  });

  it("lets the runtime dispatch a checked call, and keeps refusing bad ones before anything runs", () => {
    const rt = bankRuntime();
    rt.initializeBlock();
    expect(rt.applyExtrinsic({ origin: Origin.root, call: Bank.call("pay", { who: "alice", value: 7n } as never) })).toEqual({ ok: true });
    expect(() => rt.applyExtrinsic({ origin: Origin.root, call: Bank.call("pay", { who: "alice", value: -100n } as never) })).toThrow(InvalidValueError);
    expect(rt.query("Bank", "Total")).toBe(7n);
  });
});

describe("a call that throws (not a dispatch error)", () => {
  it("is a CallThrewError naming the pallet, the call and the block; its writes are rolled back", () => {
    const rt = bankRuntime();
    const sealed: number[] = [];
    rt.onBlock((b) => sealed.push(b.number));
    rt.newBlock();
    rt.initializeBlock();
    rt.applyExtrinsic({ origin: Origin.root, call: Bank.call("pay", { who: "bob", value: 3n } as never) });
    const e = thrown(() => rt.applyExtrinsic({ origin: Origin.root, call: Bank.call("crash", { n: 1 }) }));
    expect(e).toBeInstanceOf(CallThrewError);
    const c = e as CallThrewError;
    expect([c.pallet, c.call, c.block]).toEqual(["Bank", "crash", 2]);
    expect(c.message).toContain("Bank.crash threw at block 2: this is a bug in the pallet");
    expect(c.details[0]).toMatch(/^TypeError: Cannot set properties of undefined/);
    expect(c.cause).toBeInstanceOf(TypeError);
    // the call's own write is gone, the block was not sealed
    expect(rt.query("Bank", "Total")).toBe(3n);
    expect(sealed).toEqual([0, 1]);
  });

  it("keeps dispatch errors as values", () => {
    const rt = bankRuntime();
    rt.initializeBlock();
    expect(rt.applyExtrinsic({ origin: Origin.root, call: Bank.call("refuse", {}) })).toEqual({ ok: false, error: { type: "BadOrigin" } });
  });
});
