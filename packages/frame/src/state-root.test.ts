/**
 * Tests of the state root: a function of the state's values only (not of object identity,
 * insertion order or the hasher's cache), sensitive to every entry.
 */
import { describe, expect, it } from "vitest";
import { t, type Codec } from "./codec.ts";
import type { Context, State } from "./context.ts";
import { stateContext } from "./__fixtures__/contexts.ts";
import { StateHasher } from "./state-root.ts";
import { blake2AsU8a } from "@polkadot/util-crypto";
import { Counter } from "./__fixtures__/counter.ts";
import { Origin } from "./dispatch.ts";
import { createRuntime } from "./runtime.ts";
import { encodeScale } from "./scale.ts";
import { storageKey } from "./storage-key.ts";
import { accessorOf, map, value, type StorageItem, type StorageMap, type StorageValue } from "./storage.ts";

const Region = t.struct("RegionRecord", { end: t.u32, owner: t.option(t.accountId), paid: t.option(t.balance) });
type Region = { end: number; owner: string | undefined; paid: bigint | undefined };

const Total = accessorOf("Demo", "Total", value(t.u128)) as StorageValue<bigint, bigint | undefined>;
const Note = accessorOf("Demo", "Note", value(t.str)) as StorageValue<string, string | undefined>;
const Balances = accessorOf("Demo", "Balances", map(t.u32, t.balance, { hasher: "Twox64Concat" })) as StorageMap<number, bigint, bigint | undefined>;
const Regions = accessorOf("Demo", "Regions", map(t.tuple([t.u32, t.u16]), Region, { hasher: "Twox64Concat" })) as StorageMap<[number, number], Region, Region | undefined>;
const Flag = accessorOf("Other", "Flag", value(t.bool)) as StorageValue<boolean, boolean | undefined>;
const Counts = accessorOf("Other", "Counts", map(t.u32, t.u32, { hasher: "Twox64Concat" })) as StorageMap<number, number, number | undefined>;

const ITEMS = new Map<string, Map<string, StorageItem>>([
  ["Demo", new Map<string, StorageItem>([["Total", Total], ["Note", Note], ["Balances", Balances], ["Regions", Regions]])],
  ["Other", new Map<string, StorageItem>([["Flag", Flag], ["Counts", Counts]])],
]);
const EMPTY: State = Object.freeze({ Demo: Object.freeze({}), Other: Object.freeze({}) });

/** Applies `fn` to `state` in a fresh context (as a block phase does) and returns the new state. */
function apply(state: State, fn: (ctx: Context) => void): State {
  const ctx = stateContext(state);
  fn(ctx);
  return ctx.finish();
}

const freshRoot = (s: State) => new StateHasher(ITEMS).root(s);

describe("state root", () => {
  it("is 32 bytes of hex and the same for the same state", () => {
    const s = apply(EMPTY, (ctx) => {
      Total.put(ctx, 10n);
      Balances.insert(ctx, 1, 5n);
    });
    const h = new StateHasher(ITEMS);
    const r = h.root(s);
    expect(r).toMatch(/^0x[0-9a-f]{64}$/);
    expect(h.root(s)).toBe(r);
    expect(freshRoot(s)).toBe(r);
  });

  it("depends on values only: an equal state built separately has the same root", () => {
    const build = () =>
      apply(EMPTY, (ctx) => {
        Total.put(ctx, 10n);
        Regions.insert(ctx, [4, 0], { end: 8, owner: "alice", paid: 100n });
      });
    const a = build();
    const b = build();
    expect(a).not.toBe(b);
    expect(freshRoot(a)).toBe(freshRoot(b));
  });

  it("changes when one map entry changes, and comes back when it is restored", () => {
    const base = apply(EMPTY, (ctx) => {
      for (let i = 0; i < 20; i++) Balances.insert(ctx, i, BigInt(i * 1000));
    });
    const h = new StateHasher(ITEMS);
    const r0 = h.root(base);
    const changed = apply(base, (ctx) => Balances.insert(ctx, 7, 7001n));
    const r1 = h.root(changed);
    expect(r1).not.toBe(r0);
    const restored = apply(changed, (ctx) => Balances.insert(ctx, 7, 7000n));
    expect(h.root(restored)).toBe(r0);
    // a change deep inside a struct value counts too
    const withRegion = apply(base, (ctx) => Regions.insert(ctx, [1, 0], { end: 8, owner: "alice", paid: 1n }));
    const paidMore = apply(withRegion, (ctx) => Regions.mutate(ctx, [1, 0], (r) => void (r!.paid = 2n)));
    expect(h.root(paidMore)).not.toBe(h.root(withRegion));
  });

  it("changes when an entry is added or removed, and an emptied map is as if never written", () => {
    const h = new StateHasher(ITEMS);
    const r0 = h.root(EMPTY);
    const one = apply(EMPTY, (ctx) => Counts.insert(ctx, 1, 1));
    expect(h.root(one)).not.toBe(r0);
    const two = apply(one, (ctx) => Counts.insert(ctx, 2, 0));
    expect(h.root(two)).not.toBe(h.root(one));
    const emptied = apply(two, (ctx) => {
      Counts.remove(ctx, 1);
      Counts.remove(ctx, 2);
    });
    expect(Counts.count(stateContext(emptied))).toBe(0);
    expect(h.root(emptied)).toBe(r0);
  });

  it("is independent of insertion order (map entries, items, pallets)", () => {
    const keys = [5, 1, 4294967295, 0, 300, 2];
    const forward = apply(EMPTY, (ctx) => {
      for (const k of keys) Balances.insert(ctx, k, BigInt(k) + 1n);
      Total.put(ctx, 1n);
      Flag.put(ctx, true);
    });
    const backward = apply(EMPTY, (ctx) => {
      Flag.put(ctx, true);
      Total.put(ctx, 1n);
      for (const k of [...keys].reverse()) Balances.insert(ctx, k, BigInt(k) + 1n);
    });
    // entries inserted in separate blocks, in yet another order
    let stepwise = EMPTY;
    for (const k of [0, 300, 5, 2, 4294967295, 1]) stepwise = apply(stepwise, (ctx) => Balances.insert(ctx, k, BigInt(k) + 1n));
    stepwise = apply(stepwise, (ctx) => {
      Total.put(ctx, 1n);
      Flag.put(ctx, true);
    });
    const r = freshRoot(forward);
    expect(freshRoot(backward)).toBe(r);
    expect(freshRoot(stepwise)).toBe(r);
    // pallets listed in another order in the state object
    const swapped: State = Object.freeze({ Other: forward.Other!, Demo: forward.Demo! });
    expect(freshRoot(swapped)).toBe(r);
  });

  it("tells items, keys and values apart", () => {
    const a = apply(EMPTY, (ctx) => Balances.insert(ctx, 1, 2n));
    const b = apply(EMPTY, (ctx) => Balances.insert(ctx, 2, 1n));
    const c = apply(EMPTY, (ctx) => Counts.insert(ctx, 1, 2));
    const d = apply(EMPTY, (ctx) => Total.put(ctx, 0n));
    const roots = [a, b, c, d, EMPTY].map(freshRoot);
    expect(new Set(roots).size).toBe(roots.length);
    // the same text in two string values of different items
    const n1 = apply(EMPTY, (ctx) => Note.put(ctx, "x"));
    const n2 = apply(EMPTY, (ctx) => {
      Note.put(ctx, "x");
      Flag.put(ctx, false);
    });
    expect(freshRoot(n1)).not.toBe(freshRoot(n2));
  });

  it("gives the incremental (cached) root of every state of a long run as a fresh hasher does", () => {
    const h = new StateHasher(ITEMS);
    let s = EMPTY;
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let step = 0; step < 120; step++) {
      s = apply(s, (ctx) => {
        for (let j = 0; j < 1 + rnd(3); j++) {
          switch (rnd(7)) {
            case 0:
              Balances.insert(ctx, rnd(30), BigInt(rnd(1000)));
              break;
            case 1:
              Balances.remove(ctx, rnd(30));
              break;
            case 2:
              Regions.insert(ctx, [rnd(10), rnd(3)], { end: rnd(100), owner: rnd(2) ? "bob" : undefined, paid: BigInt(rnd(50)) });
              break;
            case 3:
              Regions.mutate(ctx, [rnd(10), rnd(3)], (r) => (r ? void (r.end += 1) : undefined));
              break;
            case 4:
              Total.put(ctx, BigInt(rnd(5)));
              break;
            case 5:
              Counts.mutate(ctx, rnd(5), (c) => (c ?? 0) + 1);
              break;
            default:
              if (rnd(2)) Flag.kill(ctx);
              else Flag.put(ctx, rnd(2) === 1);
          }
        }
      });
      expect(h.root(s), `step ${step}`).toBe(freshRoot(s));
    }
  });

  it("encodes only the entries a block changed in a map of 5,000 (the last value of each), and matches a fresh hasher", () => {
    let encoded = 0;
    const counted: Codec<number> = { ...t.u32, scale: { enc: (v: number) => (encoded++, t.u32.scale.enc(v)), dec: t.u32.scale.dec } };
    const Big = accessorOf("Other", "Counts", map(t.u32, counted, { hasher: "Twox64Concat" })) as StorageMap<number, number, number | undefined>;
    const items = new Map([...ITEMS, ["Other", new Map<string, StorageItem>([["Flag", Flag], ["Counts", Big]])]]);
    const h = new StateHasher(items);
    let s = apply(EMPTY, (ctx) => {
      for (let i = 0; i < 5_000; i++) Big.insert(ctx, i, i);
    });
    h.root(s);
    expect(encoded).toBe(5_000);
    encoded = 0;
    s = apply(s, (ctx) => {
      Big.insert(ctx, 17, 1);
      Big.insert(ctx, 17, 2); // written twice: only the last value is hashed
      Big.remove(ctx, 4_000); // its hash is cached: removing costs no encoding
      Big.insert(ctx, 9_999, 9);
    });
    const r = h.root(s);
    expect(encoded).toBe(2);
    expect(new StateHasher(items).root(s)).toBe(r);
    // a batch write (insertMany) is one version: its keys are re-hashed, the rest is not
    encoded = 0;
    const batched = apply(s, (ctx) => Big.insertMany(ctx, [[1, 100], [2, 200], [1, 101], [20_000, 1]]));
    const rb = h.root(batched);
    expect(encoded).toBe(3);
    expect(new StateHasher(items).root(batched)).toBe(rb);
    const oneByOne = apply(s, (ctx) => {
      Big.insert(ctx, 20_000, 1);
      Big.insert(ctx, 2, 200);
      Big.insert(ctx, 1, 101);
    });
    expect(new StateHasher(items).root(oneByOne)).toBe(rb);
  });

  it("reuses the root of an unchanged state (a block that writes nothing)", () => {
    const h = new StateHasher(ITEMS);
    const s = apply(EMPTY, (ctx) => Total.put(ctx, 3n));
    const r = h.root(s);
    const same = apply(s, (ctx) => void Total.get(ctx));
    expect(same).toBe(s);
    expect(h.root(same)).toBe(r);
  });

  it("rejects an item that is not declared", () => {
    const bad: State = Object.freeze({ Demo: Object.freeze({ Nope: 1 }), Other: Object.freeze({}) });
    expect(() => freshRoot(bad)).toThrow(/Demo\.Nope is not a declared storage item/);
  });
});

describe("state root construction (the module doc's, rebuilt by hand)", () => {
  const b2 = (...parts: Uint8Array[]): Uint8Array => blake2AsU8a(Buffer.concat(parts), 256);
  const le = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).reverse().toString("hex") || "0"}`);
  const u256le = (x: bigint): Uint8Array => Buffer.from(x.toString(16).padStart(64, "0"), "hex").reverse();
  const u32le = (n: number): Uint8Array => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);
  const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString("hex")}`;

  it("is blake2-256 over real storage keys and SCALE values: entries, an AdHash per map, pallets and items in twox128 order", () => {
    const s = apply(EMPTY, (ctx) => {
      Total.put(ctx, 10n);
      Balances.insert(ctx, 1, 5n);
      Balances.insert(ctx, 2, 7n);
      Flag.put(ctx, true);
    });
    // every entry: blake2_256(storage key ++ SCALE value)
    const eTotal = b2(storageKey(Total), encodeScale(t.u128, 10n));
    const e1 = b2(storageKey(Balances, 1), encodeScale(t.balance, 5n));
    const e2 = b2(storageKey(Balances, 2), encodeScale(t.balance, 7n));
    const eFlag = b2(storageKey(Flag), encodeScale(t.bool, true));
    // a map: blake2_256(prefix ++ u32_le(count) ++ u256_le(Σ entry hashes mod 2^256))
    const sum = (le(e1) + le(e2)) % (1n << 256n);
    const hBalances = b2(storageKey({ pallet: "Demo", name: "Balances" }), u32le(2), u256le(sum));
    // a pallet: its item hashes in twox128(item) order; the root: (twox128(pallet) ++ pallet hash) in twox128(pallet) order
    const twox = (layout: { pallet: string; name: string }, half: 0 | 1) => storageKey({ pallet: layout.pallet, name: layout.name }).subarray(16 * half, 16 * half + 16);
    const demoItems = [
      [twox(Total, 1), eTotal],
      [twox(Balances, 1), hBalances],
    ].sort((a, b) => Buffer.compare(a[0]!, b[0]!));
    const hDemo = b2(...demoItems.map((x) => x[1]!));
    const hOther = b2(eFlag);
    const pallets = [
      [twox(Total, 0), hDemo],
      [twox(Flag, 0), hOther],
    ].sort((a, b) => Buffer.compare(a[0]!, b[0]!));
    const root = b2(...pallets.flatMap(([p, h]) => [p!, h!]));
    expect(freshRoot(s)).toBe(hex(root));
  });

  it("falls back to blake2_256(\"json:\" ++ key ++ JSON) for a value with no SCALE form, and to the hashed canonical key for such a map key", () => {
    // an account that is not an SS58 address (a mock's "1001") has no 32 bytes
    const Owners = accessorOf("Demo", "Owners", map(t.accountId, t.accountId, { hasher: "Blake2_128Concat" })) as StorageMap<string, string, string | undefined>;
    const items = new Map([["Demo", new Map<string, StorageItem>([["Owners", Owners]])]]);
    const s = apply(Object.freeze({ Demo: Object.freeze({}) }), (ctx) => Owners.insert(ctx, "1001", "1002"));
    const prefix = storageKey({ pallet: "Demo", name: "Owners" });
    const key = Buffer.concat([prefix, blake2AsU8a(Buffer.from("1001"), 128), Buffer.from("1001")]);
    const e = b2(Buffer.from("json:"), key, Buffer.from(JSON.stringify("1002")));
    const hOwners = b2(prefix, u32le(1), u256le(le(e)));
    const root = b2(prefix.subarray(0, 16), b2(hOwners));
    expect(new StateHasher(items).root(s)).toBe(hex(root));
  });

  it("is unchanged by a failed extrinsic: its storage layer is dropped", () => {
    const run = (extra: boolean) => {
      const rt = createRuntime({ name: "counter", pallets: [Counter.instance({ Max: 10 })], genesis: { Counter: { owner: "1", value: 2 } } });
      rt.initializeBlock();
      if (extra) {
        const r = rt.applyExtrinsic({ origin: Origin.signed("1"), call: Counter.call("bump", { by: 100 }) }); // past Max: TooBig
        expect(r.ok).toBe(false);
      }
      expect(rt.applyExtrinsic({ origin: Origin.signed("1"), call: Counter.call("bump", { by: 1 }) }).ok).toBe(true);
      return rt.finalizeBlock().state_root;
    };
    expect(run(true)).toBe(run(false));
    expect(run(false)).toMatch(/^0x[0-9a-f]{64}$/);
  });
});
