/**
 * Tests of the codecs (SCENARIO.md "Values"): parsing with path-naming errors, exact amounts,
 * metadata-shaped JSON, canonical sortable keys, and partial matching for expectations.
 */
import { describe, expect, it } from "vitest";
import {
  encodeJson,
  firstMismatch,
  formatAmount,
  matchesPartial,
  parseAmount,
  t,
  type Codec,
  type ParseContext,
  type TokenInfo,
} from "./codec.ts";
import { arithmeticCodecs } from "./arithmetic.ts";
import { InvalidValueError, UnknownNameError } from "./errors.ts";

const KSM: TokenInfo = { symbol: "KSM", decimals: 12 };
const DOT: TokenInfo = { symbol: "DOT", decimals: 10 };
const ctx: ParseContext = { path: "args" };
const ksm: ParseContext = { path: "args.amount", token: KSM };

/** The error a parse throws (fails the test if it does not throw). */
function parseError(codec: Codec<unknown>, input: unknown, c: ParseContext = ctx): Error {
  try {
    codec.parse(input, c);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`parsing ${JSON.stringify(input)} as ${codec.name} did not fail`);
}

/** Values sorted by their canonical key (sorting the keys: `Array.sort` moves `undefined` last by itself). */
const byKey = <T>(codec: Codec<T>, values: T[]): T[] =>
  values
    .map((v) => [codec.key(v), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, v]) => v);

describe("integers", () => {
  it("parse YAML numbers, decimal strings, underscores and hex", () => {
    expect(t.u32.parse(5, ctx)).toBe(5);
    expect(t.u32.parse("5", ctx)).toBe(5);
    expect(t.u32.parse("1_000", ctx)).toBe(1000);
    expect(t.u32.parse("0x10", ctx)).toBe(16);
    expect(t.u32.parse(4294967295, ctx)).toBe(4294967295);
    expect(t.u8.parse(255, ctx)).toBe(255);
    expect(t.i32.parse(-5, ctx)).toBe(-5);
    expect(t.u64.parse(7, ctx)).toBe(7n);
  });

  it("take values past 2^53 as decimal strings, exactly", () => {
    expect(t.u128.parse("340282366920938463463374607431768211455", ctx)).toBe((1n << 128n) - 1n);
    expect(t.u64.parse("18446744073709551615", ctx)).toBe((1n << 64n) - 1n);
    expect(t.u128.parse("9007199254740993", ctx)).toBe(9007199254740993n);
    const e = parseError(t.u128, 2 ** 53 + 2);
    expect(e).toBeInstanceOf(InvalidValueError);
    expect(e.message).toContain("past 2^53: write it as a decimal string");
  });

  it("reject values out of range or not integers, naming the path", () => {
    const e1 = parseError(t.u32, 2 ** 32) as InvalidValueError;
    expect(e1.path).toBe("args");
    expect(e1.message).toMatch(/^args: expected u32 \(0\.\.4294967295\), got 4294967296\nout of range$/);
    expect(parseError(t.u32, -1).message).toContain("out of range");
    expect(parseError(t.u8, 256).message).toContain("out of range");
    expect(parseError(t.u32, 1.5).message).toContain("not an integer");
    expect(parseError(t.u32, "five").message).toContain('got "five"');
    expect(parseError(t.u128, "340282366920938463463374607431768211456").message).toContain("out of range");
    expect(parseError(t.i32, 2 ** 31).message).toContain("out of range");
    expect(parseError(t.u64, null).message).toContain("got null");
  });

  it("sort by key in numeric order (u32, u64, u128, i32)", () => {
    expect(byKey(t.u32, [10, 2, 4294967295, 0, 256])).toEqual([0, 2, 10, 256, 4294967295]);
    const big = [10n, 2n, 1n << 60n, 0n, (1n << 64n) - 1n, 255n];
    expect(byKey(t.u64, big)).toEqual([...big].sort((a, b) => (a < b ? -1 : 1)));
    const huge = [1n << 127n, 3n, (1n << 128n) - 1n, 1n << 64n, 0n];
    expect(byKey(t.u128, huge)).toEqual([0n, 3n, 1n << 64n, 1n << 127n, (1n << 128n) - 1n]);
    expect(byKey(t.i32, [5, -1, 0, -2147483648, 2147483647, -7])).toEqual([-2147483648, -7, -1, 0, 5, 2147483647]);
  });

  it("serialise u64/u128 as decimal strings and u32 as numbers", () => {
    expect(t.u128.toJson(1n << 100n)).toBe("1267650600228229401496703205376");
    expect(t.u32.toJson(7)).toBe(7);
    expect(encodeJson(t.tuple([t.u32, t.u128]), [1, 2n])).toBe('[1,"2"]');
  });
});

describe("balances and amounts", () => {
  it("read amounts with the token's unit exactly", () => {
    expect(t.balance.parse("5 KSM", ksm)).toBe(5_000_000_000_000n);
    expect(t.balance.parse("0.1 DOT", { path: "p", token: DOT })).toBe(1_000_000_000n);
    expect(t.balance.parse("0.000776775851 KSM", ksm)).toBe(776_775_851n);
    expect(t.balance.parse("0.000000000001 KSM", ksm)).toBe(1n);
    expect(t.balance.parse("1_000 KSM", ksm)).toBe(1_000_000_000_000_000n);
    expect(t.balance.parse("12KSM", ksm)).toBe(12_000_000_000_000n);
    // trailing zeros past the decimals are still exact
    expect(t.balance.parse("1.0000000000000 KSM", ksm)).toBe(1_000_000_000_000n);
    // plain planck still works
    expect(t.balance.parse(5, ksm)).toBe(5n);
    expect(t.balance.parse("340282366920938463463374607431768211455", ksm)).toBe((1n << 128n) - 1n);
    expect(parseAmount("2.5 DOT", { path: "", token: DOT })).toBe(25_000_000_000n);
  });

  it("reject an amount finer than one planck, another token, or no token", () => {
    const e = parseError(t.balance, "0.0000000000001 KSM", ksm) as InvalidValueError;
    expect(e.path).toBe("args.amount");
    expect(e.message).toContain("finer than one planck: KSM has 12 decimals");
    expect(parseError(t.balance, "0.00000000001 DOT", { path: "p", token: DOT }).message).toContain("finer than one planck");
    expect(parseError(t.balance, "5 DOT", ksm).message).toContain("this runtime's token is KSM");
    expect(parseError(t.balance, "5 KSM", ctx).message).toContain("this runtime has no token");
    expect(parseError(t.balance, "5.5.5 KSM", ksm).message).toContain("args.amount: expected Balance");
    // a u128 that is not a balance takes no unit
    expect(parseError(t.u128, "5 KSM", ksm)).toBeInstanceOf(InvalidValueError);
  });

  it("format planck back as a decimal amount", () => {
    expect(formatAmount(5_000_000_000_000n, KSM)).toBe("5 KSM");
    expect(formatAmount(776_775_851n, KSM)).toBe("0.000776775851 KSM");
    expect(formatAmount(-1_500_000_000n, DOT)).toBe("-0.15 DOT");
    for (const s of ["5 KSM", "0.000776775851 KSM", "123.456 KSM"]) expect(formatAmount(t.balance.parse(s, ksm), KSM)).toBe(s);
  });
});

describe("per-things and fixed point in scenario values", () => {
  it('parse Perbill "10%" and parts, FixedU128 "1.5" and the inner integer', () => {
    expect(arithmeticCodecs.perbill.parse("10%", ctx)).toBe(100_000_000);
    expect(arithmeticCodecs.perbill.parse(100_000_000, ctx)).toBe(100_000_000);
    expect(arithmeticCodecs.fixedU128.parse("1.5", ctx)).toBe(1_500_000_000_000_000_000n);
    expect(arithmeticCodecs.fixedU128.parse("1000000000000000000", ctx)).toBe(1_000_000_000_000_000_000n);
    expect(parseError(arithmeticCodecs.perbill, "110%").message).toContain("out of range");
  });
});

describe("options", () => {
  const o = t.option(t.u32);
  it("read null as None and anything else as Some", () => {
    expect(o.parse(null, ctx)).toBeUndefined();
    expect(o.parse(undefined, ctx)).toBeUndefined();
    expect(o.parse(0, ctx)).toBe(0);
    expect(o.toJson(undefined)).toBeNull();
    expect(o.toJson(3)).toBe(3);
    expect(parseError(o, "x").message).toContain("args: expected u32");
  });
  it("sort None first", () => {
    expect(byKey(o, [3, undefined, 1])).toEqual([undefined, 1, 3]);
  });
});

describe("enums", () => {
  const Assignment = t.enumOf("CoreAssignment", { Idle: null, Pool: null, Task: t.u32 });

  it("parse a bare string for a unit variant and a one-key map for data", () => {
    expect(Assignment.parse("Idle", ctx)).toEqual({ type: "Idle" });
    expect(Assignment.parse("Pool", ctx)).toEqual({ type: "Pool" });
    expect(Assignment.parse({ Task: 1001 }, ctx)).toEqual({ type: "Task", value: 1001 });
    expect(Assignment.parse({ Idle: null }, ctx)).toEqual({ type: "Idle" });
    // papi's own shape is accepted too
    expect(Assignment.parse({ type: "Task", value: 1001 }, ctx)).toEqual({ type: "Task", value: 1001 });
    expect(Assignment.toJson({ type: "Task", value: 7 })).toEqual({ type: "Task", value: 7 });
    expect(Assignment.toJson({ type: "Idle" })).toEqual({ type: "Idle" });
  });

  it("name the nearest variants for an unknown one", () => {
    const e = parseError(Assignment, "Tsk") as UnknownNameError;
    expect(e).toBeInstanceOf(UnknownNameError);
    expect(e.suggestions).toEqual(["Task"]);
    expect(e.message).toContain("args: unknown variant of CoreAssignment 'Tsk'");
    expect(e.message).toContain("did you mean 'Task'?");
  });

  it("reject a data variant without data, a unit variant with data, and maps of two keys", () => {
    expect(parseError(Assignment, "Task").message).toContain("expected { Task: u32 }");
    expect(parseError(Assignment, { Idle: 5 }).message).toContain("Idle (a unit variant)");
    expect(parseError(Assignment, { Task: 1, Pool: null }).message).toContain("expected CoreAssignment: Idle | Pool | { Task: … }");
    expect((parseError(Assignment, { Task: -1 }) as InvalidValueError).path).toBe("args.Task");
  });

  it("sort by variant index, then by data", () => {
    const vals = [{ type: "Task", value: 10 }, { type: "Pool" }, { type: "Task", value: 2 }, { type: "Idle" }] as const;
    expect(byKey(Assignment, [...vals])).toEqual([{ type: "Idle" }, { type: "Pool" }, { type: "Task", value: 2 }, { type: "Task", value: 10 }]);
  });
});

describe("structs", () => {
  const RegionId = t.struct("RegionId", { begin: t.u32, core: t.u16, mask: t.bytes(10) });
  const Config = t.struct("Config", { leadin: t.u32, limit: t.option(t.u32), price: t.balance, ratio: arithmeticCodecs.perbill });

  it("parse maps with the metadata field names and serialise in declaration order", () => {
    const v = RegionId.parse({ mask: "0xFFFFFFFFFFFFFFFFFFFF", core: 0, begin: 4 }, ctx);
    expect(v).toEqual({ begin: 4, core: 0, mask: "0xffffffffffffffffffff" });
    expect(encodeJson(RegionId, v)).toBe('{"begin":4,"core":0,"mask":"0xffffffffffffffffffff"}');
  });

  it("name the nearest fields for an unknown one", () => {
    const e = parseError(RegionId, { begn: 4, core: 0, mask: "0xffffffffffffffffffff" }) as UnknownNameError;
    expect(e).toBeInstanceOf(UnknownNameError);
    expect(e.suggestions).toEqual(["begin"]);
    expect(e.message).toContain("args: unknown field of RegionId 'begn'");
    expect(e.message).toContain("did you mean 'begin'?");
    expect(e.message).toContain("valid: begin, core, mask");
  });

  it("require every non-Option field, and read an omitted Option field as None", () => {
    const e = parseError(RegionId, { begin: 4, mask: "0xffffffffffffffffffff" }) as InvalidValueError;
    expect(e.path).toBe("args.core");
    expect(e.message).toContain("field 'core' of RegionId is required");
    expect(Config.parse({ leadin: 1, price: "1 KSM", ratio: "10%" }, ksm)).toEqual({
      leadin: 1,
      limit: undefined,
      price: 1_000_000_000_000n,
      ratio: 100_000_000,
    });
  });

  it("name the full path of a nested error", () => {
    const Call = t.struct("Call", { regions: t.vec(RegionId) });
    const e = parseError(Call, { regions: [{ begin: 1, core: 0, mask: "0x00000000000000000000" }, { begin: 2, core: 70000, mask: "0x00000000000000000000" }] }, {
      path: "blocks[2].calls[0].args",
    }) as InvalidValueError;
    expect(e.path).toBe("blocks[2].calls[0].args.regions[1].core");
    expect(e.message).toMatch(/^blocks\[2\]\.calls\[0\]\.args\.regions\[1\]\.core: expected u16/);
    const bad = parseError(RegionId, { begin: 1, core: 0, mask: "0xff" }) as InvalidValueError;
    expect(bad.path).toBe("args.mask");
    expect(bad.message).toContain("0x-prefixed hex of 10 bytes");
  });

  it("parse a partial struct (expectations list only some fields)", () => {
    const partial = { ...ctx, partial: true };
    expect(RegionId.parse({ core: 3 }, partial)).toEqual({ core: 3 });
    expect(Object.keys(RegionId.parse({ core: 3 }, partial))).toEqual(["core"]);
    // unknown fields are still errors in a partial struct
    expect(() => RegionId.parse({ cor: 3 }, partial)).toThrow(UnknownNameError);
    expect(parseError(RegionId, 5).message).toContain("a map with fields begin, core, mask (RegionId)");
  });
});

describe("lists, tuples, maps and bytes", () => {
  it("bound vectors and name the element path", () => {
    const v = t.vec(t.u32, { max: 2 });
    expect(v.name).toBe("BoundedVec<u32, 2>");
    expect(v.parse([1, 2], ctx)).toEqual([1, 2]);
    expect(parseError(v, [1, 2, 3]).message).toContain("at most 2 items");
    expect(v.parse([1, 2, 3], { ...ctx, partial: true })).toEqual([1, 2, 3]);
    expect((parseError(t.vec(t.u32), [1, "x"]) as InvalidValueError).path).toBe("args[1]");
    expect(parseError(t.vec(t.u32), "1,2").message).toContain("a list (Vec<u32>)");
  });

  it("parse tuples of the right length and sort tuple keys element by element", () => {
    const k = t.tuple([t.u32, t.u16]);
    expect(k.parse([4, 0], ctx)).toEqual([4, 0]);
    expect(parseError(k, [4]).message).toContain("a list of 2 ((u32, u16))");
    expect((parseError(k, [4, -1]) as InvalidValueError).path).toBe("args[1]");
    const keys: Array<[number, number]> = [[10, 0], [2, 5], [2, 1], [0, 65535], [256, 3]];
    expect(byKey(k, keys)).toEqual([[0, 65535], [2, 1], [2, 5], [10, 0], [256, 3]]);
  });

  it("sort string keys as strings with separators escaped (no collisions across tuple elements)", () => {
    const k = t.tuple([t.str, t.str]);
    expect(k.key(["a/b", "c"])).not.toBe(k.key(["a", "b/c"]));
    expect(byKey(t.accountId, ["bob", "alice", "1001"])).toEqual(["1001", "alice", "bob"]);
  });

  it("read maps written as a map or as a list of pairs", () => {
    const m = t.mapOf(t.accountId, t.balance);
    expect(m.parse({ alice: 10, bob: "1 KSM" }, ksm)).toEqual([["alice", 10n], ["bob", 1_000_000_000_000n]]);
    expect(m.parse([["alice", 10]], ksm)).toEqual([["alice", 10n]]);
    expect((parseError(m, { alice: -1 }, ksm) as InvalidValueError).path).toBe("args.amount.alice");
  });

  it("keep bytes as lowercase hex", () => {
    expect(t.bytes().parse("0xABcd", ctx)).toBe("0xabcd");
    expect(parseError(t.bytes(), "0xabc").message).toContain("0x-prefixed hex bytes");
    expect(parseError(t.bytes(), "abcd").message).toContain("0x-prefixed hex bytes");
  });

  it("alias keeps the inner codec under the metadata name", () => {
    const Timeslice = t.alias("Timeslice", t.u32);
    expect(Timeslice.name).toBe("Timeslice");
    expect(Timeslice.parse(5, ctx)).toBe(5);
  });
});

describe("matchesPartial and firstMismatch", () => {
  it("compare only the fields the expectation lists", () => {
    const actual = { begin: 4, core: 0, paid: 100n, owner: "alice", region: { end: 8, mask: "0xff" } };
    expect(matchesPartial(actual, { core: 0 })).toBe(true);
    expect(matchesPartial(actual, { paid: 100n })).toBe(true);
    expect(matchesPartial(actual, { paid: 101n })).toBe(false);
    expect(matchesPartial(actual, { region: { end: 8 } })).toBe(true);
    expect(matchesPartial(actual, { region: { end: 9 } })).toBe(false);
    expect(matchesPartial(actual, { missing: 1 })).toBe(false);
    expect(matchesPartial(actual, {})).toBe(true);
  });

  it("compare arrays element by element and by length", () => {
    expect(matchesPartial([1, 2], [1, 2])).toBe(true);
    expect(matchesPartial([1, 2, 3], [1, 2])).toBe(false);
    expect(matchesPartial([{ a: 1, b: 2 }], [{ a: 1 }])).toBe(true);
    expect(matchesPartial({ 0: 1 }, [1])).toBe(false);
  });

  it("tell None (undefined) and null from values", () => {
    expect(matchesPartial(undefined, undefined)).toBe(true);
    expect(matchesPartial({ limit: 5 }, { limit: undefined })).toBe(false);
    expect(matchesPartial({ limit: undefined }, { limit: undefined })).toBe(true);
    expect(matchesPartial(null, 0)).toBe(false);
    expect(matchesPartial(0, null)).toBe(false);
    expect(matchesPartial(1n, 1)).toBe(false);
  });

  it("report the first differing path", () => {
    const actual = { a: { b: [1, 2, 3] }, c: "x" };
    expect(firstMismatch(actual, { a: { b: [1, 2, 3] } })).toBeUndefined();
    expect(firstMismatch(actual, { a: { b: [1, 5, 3] }, c: "y" })).toEqual({ path: "a.b[1]", expected: 5, actual: 2 });
    expect(firstMismatch(actual, { c: "y" })).toEqual({ path: "c", expected: "y", actual: "x" });
    expect(firstMismatch(actual, { a: { b: [1] } })).toEqual({ path: "a.b", expected: [1], actual: [1, 2, 3] });
    expect(firstMismatch(5, 6)).toEqual({ path: "", expected: 6, actual: 5 });
    expect(firstMismatch({ x: 1 }, { y: 1 })).toEqual({ path: "y", expected: 1, actual: undefined });
  });
});
