/**
 * Tests of the storage accessors: StorageValue / StorageMap with OptionQuery and ValueQuery,
 * sorted iteration, tuple keys with prefix iteration, and copy-on-write through the context.
 */
import { describe, expect, it } from "vitest";
import { t } from "./codec.ts";
import type { Context, State } from "./context.ts";
import { stateContext } from "./__fixtures__/contexts.ts";
import { accessorOf, map, value, type StorageMap, type StorageValue } from "./storage.ts";
import { storageKeyHex } from "./storage-key.ts";
import { inStorageKeyOrder } from "./__fixtures__/storage-order.ts";

const Sale = t.struct("SaleInfo", { price: t.balance, sold: t.u32 });
type Sale = { price: bigint; sold: number };

const Price = accessorOf("Demo", "Price", value(t.balance)) as StorageValue<bigint, bigint | undefined>;
const Count = accessorOf("Demo", "Count", value(t.u32, { default: () => 0 })) as StorageValue<number, number>;
const Info = accessorOf("Demo", "Info", value(Sale)) as StorageValue<Sale, Sale | undefined>;
const Balances = accessorOf("Demo", "Balances", map(t.u128, t.balance, { hasher: "Blake2_128Concat" })) as StorageMap<bigint, bigint, bigint | undefined>;
const Nonces = accessorOf("Demo", "Nonces", map(t.accountId, t.u32, { hasher: "Blake2_128Concat", default: () => 0 })) as StorageMap<string, number, number>;
const Workplan = accessorOf("Demo", "Workplan", map(t.tuple([t.u32, t.u16]), t.str, { hasher: ["Twox64Concat", "Twox64Concat"] })) as StorageMap<[number, number], string, string | undefined>;
const Sales = accessorOf("Demo", "Sales", map(t.u32, Sale, { hasher: "Twox64Concat" })) as StorageMap<number, Sale, Sale | undefined>;

const EMPTY: State = Object.freeze({ Demo: Object.freeze({}) });
const context = (s: State) => stateContext(s);
function apply(state: State, fn: (ctx: Context) => void): State {
  const ctx = context(state);
  fn(ctx);
  return ctx.finish();
}
const reader = (s: State): Context => context(s);

describe("StorageValue", () => {
  it("reads absent OptionQuery values as undefined and ValueQuery values as the default", () => {
    const ctx = reader(EMPTY);
    expect(Price.get(ctx)).toBeUndefined();
    expect(Price.exists(ctx)).toBe(false);
    expect(Count.get(ctx)).toBe(0);
    expect(Count.exists(ctx)).toBe(false);
  });

  it("puts, kills and takes", () => {
    const s1 = apply(EMPTY, (ctx) => {
      Price.put(ctx, 5n);
      expect(Price.get(ctx)).toBe(5n); // a write is visible in the same context
    });
    expect(Price.get(reader(s1))).toBe(5n);
    let taken: bigint | undefined;
    const s2 = apply(s1, (ctx) => {
      taken = Price.take(ctx);
    });
    expect(taken).toBe(5n);
    expect(Price.exists(reader(s2))).toBe(false);
    const s3 = apply(s1, (ctx) => Price.kill(ctx));
    expect(Price.get(reader(s3))).toBeUndefined();
    // the earlier state is untouched
    expect(Price.get(reader(s1))).toBe(5n);
  });

  it("mutates in place or by returning a replacement, starting from the default for ValueQuery", () => {
    const s1 = apply(EMPTY, (ctx) => Count.mutate(ctx, (c) => c + 2));
    expect(Count.get(reader(s1))).toBe(2);
    expect(Count.exists(reader(s1))).toBe(true);
    const s2 = apply(s1, (ctx) => {
      Info.put(ctx, { price: 10n, sold: 0 });
      Info.mutate(ctx, (i) => {
        i!.sold += 1;
      });
    });
    expect(Info.get(reader(s2))).toEqual({ price: 10n, sold: 1 });
    const s3 = apply(s2, (ctx) => Info.mutate(ctx, (i) => ({ ...i!, price: 20n })));
    expect(Info.get(reader(s3))).toEqual({ price: 20n, sold: 1 });
    expect(Info.get(reader(s2))).toEqual({ price: 10n, sold: 1 });
  });

  it("gives frozen values once the state is finished", () => {
    const s = apply(EMPTY, (ctx) => Info.put(ctx, { price: 1n, sold: 0 }));
    const v = Info.get(reader(s))!;
    expect(Object.isFrozen(v)).toBe(true);
    expect(() => {
      (v as { sold: number }).sold = 9;
    }).toThrow(TypeError);
  });
});

describe("StorageMap", () => {
  it("inserts, reads, checks, removes and takes", () => {
    const s1 = apply(EMPTY, (ctx) => {
      Balances.insert(ctx, 1n, 100n);
      Balances.insert(ctx, 2n, 200n);
    });
    const r = reader(s1);
    expect(Balances.get(r, 1n)).toBe(100n);
    expect(Balances.get(r, 3n)).toBeUndefined();
    expect(Balances.contains(r, 2n)).toBe(true);
    expect(Balances.contains(r, 3n)).toBe(false);
    expect(Balances.count(r)).toBe(2);
    let taken: bigint | undefined;
    const s2 = apply(s1, (ctx) => {
      taken = Balances.take(ctx, 1n);
      Balances.remove(ctx, 99n); // absent: nothing happens
    });
    expect(taken).toBe(100n);
    expect(Balances.keys(reader(s2))).toEqual([2n]);
  });

  it("iterates a Blake2_128Concat map in storage key order (bytewise, as Rust's iter()), never in insertion order", () => {
    const keys = [10n, 2n, 1n << 100n, 0n, 255n, 256n, (1n << 128n) - 1n];
    const s = apply(EMPTY, (ctx) => {
      for (const k of keys) Balances.insert(ctx, k, k + 1n);
    });
    // blake2_128(u128_le(k)) ++ u128_le(k), sorted bytewise: computed with polkadot-api's hasher, apart from the engine
    const sorted = inStorageKeyOrder(Balances, keys);
    expect(sorted).not.toEqual([...keys].sort((a, b) => (a < b ? -1 : 1)));
    expect(Balances.keys(reader(s))).toEqual(sorted);
    expect(Balances.values(reader(s))).toEqual(sorted.map((k) => k + 1n));
    expect(Balances.entries(reader(s))).toEqual(sorted.map((k) => [k, k + 1n]));
  });

  it("reads absent ValueQuery entries as the default and mutates from it", () => {
    const s = apply(EMPTY, (ctx) => {
      expect(Nonces.get(ctx, "alice")).toBe(0);
      Nonces.mutate(ctx, "alice", (n) => n + 1);
      Nonces.mutate(ctx, "alice", (n) => n + 1);
    });
    expect(Nonces.get(reader(s), "alice")).toBe(2);
    expect(Nonces.contains(reader(s), "bob")).toBe(false);
  });

  it("mutates struct entries in place, keeping other states untouched", () => {
    const s1 = apply(EMPTY, (ctx) => Sales.insert(ctx, 1, { price: 5n, sold: 0 }));
    const s2 = apply(s1, (ctx) =>
      Sales.mutate(ctx, 1, (sale) => {
        sale!.sold += 2;
      }),
    );
    expect(Sales.get(reader(s2), 1)).toEqual({ price: 5n, sold: 2 });
    expect(Sales.get(reader(s1), 1)).toEqual({ price: 5n, sold: 0 });
    // an absent OptionQuery entry: the recipe gets undefined and may return a value to insert
    const s3 = apply(s2, (ctx) => Sales.mutate(ctx, 2, (sale) => (sale ? undefined : { price: 1n, sold: 1 })));
    expect(Sales.get(reader(s3), 2)).toEqual({ price: 1n, sold: 1 });
  });

  it("keys a double map by tuple and iterates in storage key order, a prefix under its hashed first element", () => {
    const s = apply(EMPTY, (ctx) => {
      Workplan.insert(ctx, [10, 1], "c");
      Workplan.insert(ctx, [2, 7], "b");
      Workplan.insert(ctx, [2, 0], "a");
      Workplan.insert(ctx, [256, 0], "d");
      Workplan.insert(ctx, [1, 65535], "z");
    });
    const r = reader(s);
    // Twox64Concat ++ Twox64Concat: by xxhash64 of the first element's u32 LE, then of the second's u16 LE
    const byRealKey = [[1, 65535], [2, 0], [2, 7], [10, 1], [256, 0]].sort((a, b) => {
      const x = storageKeyHex(Workplan, a as [number, number]);
      const y = storageKeyHex(Workplan, b as [number, number]);
      return x < y ? -1 : x > y ? 1 : 0;
    });
    expect(Workplan.keys(r)).toEqual(byRealKey);
    expect(Workplan.get(r, [2, 7])).toBe("b");
    const two = Workplan.iterPrefix(r, [2]);
    expect(two.map((e) => e[1]).sort()).toEqual(["a", "b"]);
    expect(two.map((e) => e[0])).toEqual(byRealKey.filter(([a]) => a === 2));
    expect(Workplan.iterPrefix(r, [3])).toEqual([]);
    // a prefix takes fewer elements than the key has, and a map with one hasher has none
    expect(() => Workplan.iterPrefix(r, [2, 0])).toThrow(/fewer elements/);
    expect(() => Sales.iterPrefix(r, [])).toThrow(/one hasher has no prefix iteration/);
  });

  it("clears every entry", () => {
    const s1 = apply(EMPTY, (ctx) => {
      for (let i = 0; i < 5; i++) Sales.insert(ctx, i, { price: BigInt(i), sold: i });
    });
    const s2 = apply(s1, (ctx) => Sales.clear(ctx));
    expect(Sales.count(reader(s2))).toBe(0);
    expect(Sales.entries(reader(s2))).toEqual([]);
    expect(Sales.count(reader(s1))).toBe(5);
  });
});

describe("copy-on-write", () => {
  it("creates no new state when a context only reads", () => {
    const s = apply(EMPTY, (ctx) => Price.put(ctx, 1n));
    const same = apply(s, (ctx) => {
      Price.get(ctx);
      Balances.entries(ctx);
      Count.get(ctx);
    });
    expect(same).toBe(s);
    const noop = apply(s, (ctx) => {
      Balances.remove(ctx, 42n); // absent key: no write
      Sales.clear(ctx); // empty map: no write
      Info.kill(ctx); // absent value: no write
    });
    expect(noop).toBe(s);
  });

  it("shares unchanged parts between states", () => {
    const s1 = apply(EMPTY, (ctx) => {
      Sales.insert(ctx, 1, { price: 1n, sold: 0 });
      Sales.insert(ctx, 2, { price: 2n, sold: 0 });
    });
    const s2 = apply(s1, (ctx) => Sales.insert(ctx, 3, { price: 3n, sold: 0 }));
    expect(Sales.get(reader(s2), 1)).toBe(Sales.get(reader(s1), 1));
    expect(Sales.get(reader(s2), 3)).not.toBeUndefined();
  });

  // Reads after a write in the same context return frozen snapshots, not drafts: they cannot change
  // state behind the accessors' back and stay readable after the context finishes.
  it("returns values that stay readable and immutable after a write in the same context", () => {
    const s1 = apply(EMPTY, (ctx) => Sales.insert(ctx, 1, { price: 5n, sold: 0 }));
    const ctx = context(s1);
    Price.put(ctx, 1n); // the context now has a draft
    const sale = Sales.get(ctx, 1)!;
    expect(() => {
      (sale as { sold: number }).sold = 9;
    }).toThrow(TypeError);
    ctx.finish();
    expect(sale.price).toBe(5n);
  });

  it("iterates a map created and grown in the same context without stale keys", () => {
    const s1 = apply(EMPTY, (ctx) => {
      Sales.insert(ctx, 2, { price: 2n, sold: 0 });
      expect(Sales.keys(ctx)).toEqual([2]); // the new map object is read while still mutable
      Sales.insert(ctx, 1, { price: 1n, sold: 0 });
      Sales.remove(ctx, 2);
      expect(Sales.keys(ctx)).toEqual([1]);
    });
    expect(Sales.keys(context(s1))).toEqual([1]);
    expect(Sales.entries(context(s1))).toHaveLength(1);
  });
});
