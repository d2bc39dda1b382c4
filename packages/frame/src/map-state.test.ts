/**
 * Tests of `MapState`, the stored form of a storage map: versions are immutable and share
 * structure, iteration is in canonical key order, and the map accessors behave as before on top
 * of it (rollback of a failed extrinsic included, in runtime.test.ts).
 */
import { describe, expect, it } from "vitest";
import { t } from "./codec.ts";
import { withPalletConfig, type Context, type State } from "./context.ts";
import { stateContext } from "./__fixtures__/contexts.ts";
import { MapState } from "./map-state.ts";
import { accessorOf, map, type StorageMap } from "./storage.ts";

const Counts = accessorOf("Demo", "Counts", map(t.u32, t.u32, { hasher: "Twox64Concat" })) as StorageMap<number, number, number | undefined>;
const Pairs = accessorOf("Demo", "Pairs", map(t.tuple([t.u32, t.u16]), t.struct("P", { n: t.u32, tags: t.vec(t.str) }), { hasher: "Twox64Concat" })) as StorageMap<
  [number, number],
  { n: number; tags: string[] },
  { n: number; tags: string[] } | undefined
>;
const EMPTY: State = Object.freeze({ Demo: Object.freeze({}) });

function apply(state: State, fn: (ctx: Context) => void): State {
  const ctx = stateContext(state);
  fn(ctx);
  return ctx.finish();
}
const read = <T>(state: State, fn: (ctx: Context) => T): T => fn(stateContext(state));

describe("MapState", () => {
  it("makes a new version per write and leaves the old one as it was", () => {
    const a = MapState.EMPTY.with("1", Object.freeze([1, 10] as const));
    const b = a.with("2", Object.freeze([2, 20] as const));
    const c = b.without("1");
    expect([a.size, b.size, c.size]).toEqual([1, 2, 1]);
    expect(a.get("2")).toBeUndefined();
    expect(b.get("1")).toEqual([1, 10]);
    expect(c.has("1")).toBe(false);
    expect(c.without("9")).toBe(c); // removing an absent key is no new version
    expect(MapState.EMPTY.size).toBe(0);
  });

  it("iterates in canonical key order whatever the insertion order, and prefixes from a lower bound", () => {
    let m = MapState.EMPTY as MapState<string, number>;
    for (const k of ["b2", "a9", "c1", "b1", "a1"]) m = m.with(k, Object.freeze([k, k.length] as const));
    expect(m.keys()).toEqual(["a1", "a9", "b1", "b2", "c1"]);
    expect(m.entriesFrom("b", (k) => k.startsWith("b")).map((e) => e[0])).toEqual(["b1", "b2"]);
    expect(Object.keys(m.toJSON())).toEqual(["a1", "a9", "b1", "b2", "c1"]);
    expect(JSON.parse(JSON.stringify(m))).toEqual({ a1: ["a1", 2], a9: ["a9", 2], b1: ["b1", 2], b2: ["b2", 2], c1: ["c1", 2] });
  });

  it("keeps 10,000 versions of a growing map readable at once (structural sharing)", () => {
    const versions: MapState[] = [MapState.EMPTY];
    for (let i = 0; i < 10_000; i++) versions.push(versions[i]!.with(String(i).padStart(5, "0"), Object.freeze([i, i] as const)));
    for (const i of [0, 1, 500, 9_999, 10_000]) expect(versions[i]!.size).toBe(i);
    expect(versions[500]!.get("00499")).toEqual([499, 499]);
    expect(versions[500]!.get("00500")).toBeUndefined();
  });
});

describe("storage maps on MapState", () => {
  it("stores frozen entries: a value inserted is frozen (as immer freezes what a draft is given), and values read cannot change", () => {
    const tags = ["x"];
    const s = apply(EMPTY, (ctx) => Pairs.insert(ctx, [1, 0], { n: 1, tags }));
    expect(() => tags.push("changed later")).toThrow(TypeError);
    const got = read(s, (ctx) => Pairs.get(ctx, [1, 0]))!;
    expect(got.tags).toEqual(["x"]);
    expect(Object.isFrozen(got) && Object.isFrozen(got.tags)).toBe(true);
  });

  it("a value built from a draft of the same phase is stored as its current value, not the draft", () => {
    const s = apply(EMPTY, (ctx) => {
      Pairs.insert(ctx, [1, 0], { n: 1, tags: ["a"] });
      Pairs.mutate(ctx, [1, 0], (p) => {
        Pairs.insert(ctx, [2, 0], { n: 2, tags: p!.tags }); // p.tags is a draft here
        p!.tags.push("b");
      });
    });
    expect(read(s, (ctx) => Pairs.get(ctx, [2, 0]))).toEqual({ n: 2, tags: ["a"] });
    expect(read(s, (ctx) => Pairs.get(ctx, [1, 0]))).toEqual({ n: 1, tags: ["a", "b"] });
  });

  it("mutate works as an immer recipe on one entry; an absent OptionQuery value stays absent unless returned", () => {
    let s = apply(EMPTY, (ctx) => Pairs.insert(ctx, [1, 0], { n: 1, tags: [] }));
    s = apply(s, (ctx) => Pairs.mutate(ctx, [1, 0], (p) => void p!.tags.push("a")));
    expect(read(s, (ctx) => Pairs.get(ctx, [1, 0]))).toEqual({ n: 1, tags: ["a"] });
    const same = apply(s, (ctx) => Pairs.mutate(ctx, [2, 0], () => undefined));
    expect(same).toBe(s);
    s = apply(s, (ctx) => Counts.mutate(ctx, 7, (c) => (c ?? 0) + 5));
    expect(read(s, (ctx) => Counts.get(ctx, 7))).toBe(5);
  });

  it("counts, prefixes and clears; an emptied map is removed from the state", () => {
    let s = apply(EMPTY, (ctx) => {
      for (const [a, b] of [[2, 1], [1, 3], [1, 1], [10, 0]] as Array<[number, number]>) Pairs.insert(ctx, [a, b], { n: a * 10 + b, tags: [] });
    });
    expect(read(s, (ctx) => Pairs.count(ctx))).toBe(4);
    // Pairs has one hasher over the tuple (no prefix iteration): the entries whose first element is 1
    expect(read(s, (ctx) => Pairs.keys(ctx).filter(([a]) => a === 1)).sort()).toEqual([[1, 1], [1, 3]]);
    s = apply(s, (ctx) => Pairs.clear(ctx));
    expect(s.Demo).toEqual({});
    s = apply(s, (ctx) => Counts.insert(ctx, 1, 1));
    s = apply(s, (ctx) => Counts.remove(ctx, 1));
    expect("Counts" in s.Demo!).toBe(false);
  });
});

describe("withPalletConfig", () => {
  it("runs another pallet's storage code on the caller's context, in the caller's storage overlay", () => {
    const ctx = stateContext(EMPTY);
    const port = withPalletConfig(ctx, { Max: 3 });
    expect(port.config.Max).toBe(3);
    Counts.insert(port, 1, 10);
    Pairs.insert(port, [1, 0], { n: 1, tags: [] });
    expect(ctx.ext.pendingChanges().map((c) => `${c.pallet}.${c.item}`)).toEqual(["Demo.Counts", "Demo.Pairs"]);
    expect(Counts.get(ctx, 1)).toBe(10); // the caller sees the port's writes at once
    const s = ctx.finish();
    expect(read(s, (c) => [Counts.get(c, 1), Pairs.count(c)])).toEqual([10, 1]);
  });
});
