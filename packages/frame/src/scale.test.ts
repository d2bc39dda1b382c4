/**
 * Tests of the SCALE encodings of `t.*` (scale.ts, `Codec.scale`): known vectors worked out from
 * parity-scale-codec's rules for the Rust types, strict decoding (trailing bytes, non-canonical
 * input, unknown variants, bounds), and round trips of every codec with fast-check.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arithmeticCodecs } from "./arithmetic.ts";
import { devAccount, palletAccountId } from "./accounts.ts";
import { encodeInto, t, type Codec } from "./codec.ts";
import { InvalidValueError, RuntimeUsageError, ScaleError } from "./errors.ts";
import { decodeScale, encodeScaleHex, noScale, palletIdScale, stringEnumScale } from "./scale.ts";
import { accountInfo } from "./system.ts";

const hex = <T>(codec: Codec<T>, v: T): string => encodeScaleHex(codec, v);

/** Encodes, checks the bytes, and checks that they decode back to the value. */
function vector<T>(codec: Codec<T>, value: T, expected: string): void {
  expect(hex(codec, value)).toBe(expected);
  expect(decodeScale(codec, expected)).toEqual(value);
}

function decodeError(codec: Codec<unknown>, input: string): ScaleError {
  try {
    decodeScale(codec, input);
  } catch (e) {
    expect(e).toBeInstanceOf(ScaleError);
    return e as ScaleError;
  }
  throw new Error(`decoding ${input} as ${codec.name} did not fail`);
}

describe("SCALE vectors of the primitive types", () => {
  it("fixed-width integers are little-endian at their width", () => {
    vector(t.u8, 0xab, "0xab");
    vector(t.u16, 0x1234, "0x3412");
    vector(t.u32, 1003000, "0xf84d0f00");
    vector(t.u32, 0xffff_ffff, "0xffffffff");
    vector(t.i32, -1, "0xffffffff");
    vector(t.i32, -2, "0xfeffffff");
    vector(t.u64, 1n, "0x0100000000000000");
    vector(t.u128, 1n, "0x01000000000000000000000000000000");
    vector(t.u128, (1n << 128n) - 1n, `0x${"ff".repeat(16)}`);
    vector(t.balance, 10n ** 18n, "0x000064a7b3b6e00d0000000000000000");
  });

  it("Compact encodings of 0, 63, 64, 16383, 16384, 2^30-1, 2^30, 2^32 and the maxima", () => {
    const c32 = t.compact(t.u32);
    const c128 = t.compact(t.u128);
    vector(c32, 0, "0x00");
    vector(c32, 1, "0x04");
    vector(c32, 63, "0xfc");
    vector(c32, 64, "0x0101");
    vector(c32, 16383, "0xfdff");
    vector(c32, 16384, "0x02000100");
    vector(c32, 2 ** 30 - 1, "0xfeffffff");
    vector(c32, 2 ** 30, "0x0300000040");
    vector(c32, 2 ** 32 - 1, "0x03ffffffff");
    vector(c128, 1n << 32n, "0x070000000001");
    vector(t.compact(t.u64), (1n << 64n) - 1n, `0x13${"ff".repeat(8)}`);
    vector(c128, (1n << 128n) - 1n, `0x33${"ff".repeat(16)}`);
    vector(c128, 0n, "0x00");
    expect(c32.name).toBe("Compact<u32>");
    // an alias of an integer compacts as its inner type
    vector(t.compact(t.alias("Timeslice", t.u32)), 64, "0x0101");
  });

  it("Compact refuses non-canonical input, values past the inner type, and non-integers", () => {
    expect(decodeError(t.compact(t.u32), "0x0100").message).toContain("not the canonical encoding");
    expect(decodeError(t.compact(t.u8), "0x0104").message).toContain("past the range of u8");
    expect(decodeError(t.compact(t.u32), "0x070000000001").message).toContain("past the range of u32");
    expect(() => t.compact(t.str as unknown as Codec<number>)).toThrow(RuntimeUsageError);
    expect(() => t.compact(t.i32)).toThrow(RuntimeUsageError);
  });

  it("bool, String, bytes, unit", () => {
    vector(t.bool, true, "0x01");
    vector(t.bool, false, "0x00");
    expect(decodeError(t.bool, "0x02").message).toContain("not the canonical encoding");
    vector(t.str, "abc", "0x0c616263");
    vector(t.str, "", "0x00");
    vector(t.bytes(4), "0xdeadbeef", "0xdeadbeef");
    vector(t.bytes(), "0xdeadbeef", "0x10deadbeef");
    vector(t.unit, null, "0x");
  });

  it("AccountId32: the 32 bytes of an SS58 address; decoding gives prefix 42", () => {
    vector(t.accountId, devAccount("alice"), "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
    vector(t.accountId, palletAccountId("py/broke"), `0x${Buffer.from("modlpy/broke").toString("hex")}${"00".repeat(20)}`);
    // Alice's Polkadot address (prefix 0) is the same 32 bytes
    expect(hex(t.accountId, "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5")).toBe(hex(t.accountId, devAccount("alice")));
    const e = (() => {
      try {
        hex(t.accountId, "1001");
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(ScaleError);
    expect(e!.message).toContain("'1001' is not an SS58 address");
    expect(decodeError(t.accountId, "0xd435").message).toContain("cannot decode");
  });

  it("per-things and fixed-point numbers encode their inner integer", () => {
    vector(arithmeticCodecs.perbill, 100_000_000, "0x00e1f505");
    vector(arithmeticCodecs.permill, 1_000_000, "0x40420f00");
    vector(arithmeticCodecs.percent, 100, "0x64");
    vector(arithmeticCodecs.fixedU64, 1_000_000_000n, "0x00ca9a3b00000000");
    vector(arithmeticCodecs.fixedU128, 10n ** 18n, "0x000064a7b3b6e00d0000000000000000");
    expect(decodeError(arithmeticCodecs.perbill, "0x01ca9a3b").message).toContain("more than the accuracy");
    expect(() => hex(arithmeticCodecs.perbill, 1_000_000_001)).toThrow(InvalidValueError);
  });

  it("fixed-width encoders refuse values outside the type (no silent wrap)", () => {
    expect(() => hex(t.u8, 256)).toThrow(InvalidValueError);
    expect(() => hex(t.u32, -1)).toThrow(InvalidValueError);
    expect(() => hex(t.u64, 1n << 64n)).toThrow(InvalidValueError);
    expect(() => hex(t.u128, 5 as unknown as bigint)).toThrow(InvalidValueError);
    expect(() => hex(t.bytes(4), "0xdead")).toThrow(InvalidValueError);
  });
});

describe("SCALE vectors of composite types", () => {
  const Item = t.struct("Item", { a: t.u16, b: t.option(t.u32), c: t.bool });
  const Kind = t.enumOf("Kind", { Idle: null, Pool: null, Task: t.u32 });

  it("Option: 0 for None (undefined), 1 and the value for Some; null is None too", () => {
    const o = t.option(t.u32);
    vector(o, undefined, "0x00");
    vector(o, 1, "0x0101000000");
    expect(hex(o, null as unknown as undefined)).toBe("0x00");
    expect(decodeError(o, "0x0201000000").message).toContain("not the canonical encoding");
  });

  it("Vec and BoundedVec: a compact length, then the items; a BoundedVec past its bound does not decode", () => {
    vector(t.vec(t.u16), [1, 2], "0x0801000200");
    vector(t.vec(t.u16), [], "0x00");
    const bounded = t.vec(t.u8, { max: 2 });
    vector(bounded, [7, 8], "0x080708");
    expect(decodeError(bounded, "0x0c070809").message).toContain("more than the bound 2");
    expect(() => hex(bounded, [1, 2, 3])).toThrow(InvalidValueError);
  });

  it("tuples and structs: their parts in declaration order", () => {
    vector(t.tuple([t.u32, t.u16]), [1, 2], "0x010000000200");
    vector(Item, { a: 1, b: undefined, c: true }, "0x01000001");
    vector(Item, { a: 1, b: 5, c: false }, "0x0100010500000000");
    vector(t.mapOf(t.u32, t.bool), [[1, true]], "0x040100000001");
  });

  it("enums: the variant's index, then its data; unit variants decode to { type } only", () => {
    vector(Kind, { type: "Idle" }, "0x00");
    vector(Kind, { type: "Pool" }, "0x01");
    vector(Kind, { type: "Task", value: 1001 }, "0x02e9030000");
    expect(decodeScale(Kind, "0x00")).toStrictEqual({ type: "Idle" });
    expect(decodeError(Kind, "0x03").message).toContain("no variant has index 3");
    expect(() => hex(Kind, { type: "Nope" } as never)).toThrow();
  });

  it("enums with explicit #[codec(index)]: the others keep their declaration position", () => {
    const E = t.enumOf("E", { A: null, B: t.u8, C: null }, { indices: { B: 7 } });
    vector(E, { type: "A" }, "0x00");
    vector(E, { type: "B", value: 1 }, "0x0701");
    vector(E, { type: "C" }, "0x02");
    expect(decodeError(E, "0x01").message).toContain("no variant has index 1");
    expect(() => t.enumOf("E", { A: null, B: null }, { indices: { B: 0 } })).toThrow(RuntimeUsageError);
    expect(() => t.enumOf("E", { A: null }, { indices: { Z: 1 } as never })).toThrow("unknown variant of E 'Z'");
    expect(() => t.enumOf("E", { A: null }, { indices: { A: 256 } })).toThrow(RuntimeUsageError);
  });

  it("an alias keeps its inner codec's encoding, fields and variants", () => {
    const A = t.alias("Item2", Item);
    expect(A.scale).toBe(Item.scale);
    expect((A as unknown as { fields: unknown }).fields).toBe(Item.fields);
    vector(A, { a: 1, b: undefined, c: true }, "0x01000001");
  });

  it("AccountInfo (System.Account): nonce, consumers, providers, sufficients (u32), then the data", () => {
    const AccountData = t.struct("AccountData", { free: t.balance, reserved: t.balance, frozen: t.balance, flags: t.u128 });
    const info = { nonce: 1, consumers: 2, providers: 3, sufficients: 4, data: { free: 5n, reserved: 0n, frozen: 0n, flags: 1n << 127n } };
    vector(
      accountInfo(AccountData),
      info,
      `0x01000000020000000300000004000000${"05" + "00".repeat(15)}${"00".repeat(32)}${"00".repeat(15)}80`,
    );
  });
});

describe("strict decoding", () => {
  it("refuses trailing bytes, short input and non-hex input, naming the type", () => {
    expect(decodeError(t.u32, "0x0100000000").message).toBe("u32: 1 trailing byte(s) after the value in 0x0100000000");
    expect(decodeError(t.u32, "0x0100").message).toContain("the bytes run out");
    expect(decodeError(t.u32, "0x123").message).toContain("not 0x-prefixed hex");
    expect(decodeError(t.u32, "zz").message).toContain("not 0x-prefixed hex");
  });

  it("reads a subarray from its own offset", () => {
    const buf = Uint8Array.from([9, 9, 1, 0, 0, 0]);
    expect(decodeScale(t.u32, buf.subarray(2))).toBe(1);
  });
});

describe("custom codecs", () => {
  it("must give their SCALE codec: a definition without one is refused", () => {
    expect(() => t.custom({ name: "X", parse: () => 0, toJson: (v: number) => v, key: String } as unknown as Codec<number>)).toThrow(
      "custom codec X has no `scale`",
    );
  });

  it("noScale: a clear error on use", () => {
    const c = t.custom<number>({ name: "X", parse: () => 0, toJson: (v) => v, key: String, scale: noScale("X", "it is a Corelab-only thing") });
    expect(() => encodeScaleHex(c, 1)).toThrow("X: has no SCALE encoding: it is a Corelab-only thing");
    expect(() => decodeScale(c, "0x00")).toThrow("has no SCALE encoding");
  });

  it("string enums and PalletId", () => {
    const s = stringEnumScale("E", ["KeepAlive", "AllowDeath"]);
    expect(s.enc("AllowDeath")).toEqual(Uint8Array.of(1));
    expect(s.dec(Uint8Array.of(0))).toBe("KeepAlive");
    expect(() => s.enc("Nope" as never)).toThrow("unknown variant 'Nope'");
    expect(() => s.dec(Uint8Array.of(2))).toThrow("no variant has index 2");
    expect(Buffer.from(palletIdScale.enc("py/broke")).toString()).toBe("py/broke");
    expect(palletIdScale.dec(new TextEncoder().encode("py/ondmd"))).toBe("py/ondmd");
    expect(() => palletIdScale.enc("short")).toThrow("is not 8 bytes");
  });
});

// ------------------------------------------------------------------------------------------------
// round trips

const SS58 = [devAccount("alice"), devAccount("bob"), devAccount("charlie"), palletAccountId("py/broke")];
const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const big = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
const hexOf = (n?: number) => (n === undefined ? fc.uint8Array({ maxLength: 40 }) : fc.uint8Array({ minLength: n, maxLength: n })).map((b) => `0x${Buffer.from(b).toString("hex")}`);
const Inner = t.struct("Inner", { x: t.u8, y: t.option(t.balance) });
const Shape = t.enumOf("Shape", { None: null, One: t.u32, Two: t.tuple([t.u16, t.bool]), Deep: Inner }, { indices: { Deep: 9 } });

// every codec of `t`, with an arbitrary of its in-memory values
const cases: Array<[Codec<any>, fc.Arbitrary<unknown>]> = [
  [t.u8, u(8)],
  [t.u16, u(16)],
  [t.u32, u(32)],
  [t.i32, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })],
  [t.u64, big(64)],
  [t.u128, big(128)],
  [t.balance, big(128)],
  [t.compact(t.u8), u(8)],
  [t.compact(t.u16), u(16)],
  [t.compact(t.u32), u(32)],
  [t.compact(t.u64), big(64)],
  [t.compact(t.balance), big(128)],
  [t.bool, fc.boolean()],
  [t.str, fc.string({ unit: "grapheme", maxLength: 20 })],
  [t.accountId, fc.constantFrom(...SS58)],
  [t.bytes(), hexOf()],
  [t.bytes(10), hexOf(10)],
  [t.unit, fc.constant(null)],
  [t.option(t.u32), fc.option(u(32), { nil: undefined })],
  [t.vec(t.u16), fc.array(u(16), { maxLength: 10 })],
  [t.vec(t.u8, { max: 3 }), fc.array(u(8), { maxLength: 3 })],
  [t.tuple([t.u32, t.accountId, t.bool]), fc.tuple(u(32), fc.constantFrom(...SS58), fc.boolean())],
  [Inner, fc.record({ x: u(8), y: fc.option(big(128), { nil: undefined }) })],
  [
    Shape,
    fc.oneof(
      fc.constant({ type: "None" }),
      u(32).map((value) => ({ type: "One", value })),
      fc.tuple(u(16), fc.boolean()).map((value) => ({ type: "Two", value })),
      fc.record({ x: u(8), y: fc.option(big(128), { nil: undefined }) }).map((value) => ({ type: "Deep", value })),
    ),
  ],
  [t.mapOf(t.u32, t.vec(t.bool)), fc.array(fc.tuple(u(32), fc.array(fc.boolean(), { maxLength: 3 })), { maxLength: 4 })],
  [t.alias("Timeslice", t.u32), u(32)],
  [arithmeticCodecs.perbill, fc.integer({ min: 0, max: 1_000_000_000 })],
  [arithmeticCodecs.permill, fc.integer({ min: 0, max: 1_000_000 })],
  [arithmeticCodecs.percent, fc.integer({ min: 0, max: 100 })],
  [arithmeticCodecs.fixedU64, big(64)],
  [arithmeticCodecs.fixedU128, big(128)],
];

describe("round trips", () => {
  for (const [codec, arb] of cases) {
    it(`${codec.name}: decode(encode(v)) = v, and the bytes re-encode to themselves`, () => {
      fc.assert(
        fc.property(arb, (v) => {
          const bytes = encodeScaleHex(codec, v);
          const back = decodeScale(codec, bytes);
          expect(back).toEqual(v);
          expect(encodeScaleHex(codec, back)).toBe(bytes);
        }),
        { numRuns: 200, seed: 11 },
      );
    });
  }
});

describe("encodeInto (the state root's struct encoding, field by field)", () => {
  const Inner = t.struct("Inner", { when: t.u32, who: t.option(t.accountId) });
  const Outer = t.struct("Outer", {
    id: t.u64,
    inner: Inner,
    amounts: t.vec(t.u128),
    flag: t.bool,
    kind: t.enumOf("Kind", { Idle: null, Task: t.u32 }),
    info: accountInfo(t.struct("Data", { free: t.u128, flags: t.u128 })),
  });
  const accounts = [devAccount("alice"), devAccount("bob"), palletAccountId("py/broke")];
  const arbOuter = fc.record({
    id: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
    inner: fc.record({ when: fc.nat({ max: 0xffff_ffff }), who: fc.option(fc.constantFrom(...accounts), { nil: undefined }) }),
    amounts: fc.array(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), { maxLength: 4 }),
    flag: fc.boolean(),
    kind: fc.oneof(fc.constant({ type: "Idle" as const }), fc.nat({ max: 0xffff_ffff }).map((value) => ({ type: "Task" as const, value }))),
    info: fc.record({
      nonce: fc.nat({ max: 0xffff_ffff }),
      consumers: fc.nat({ max: 9 }),
      providers: fc.nat({ max: 9 }),
      sufficients: fc.constant(0),
      data: fc.record({ free: fc.bigInt({ min: 0n, max: 1n << 100n }), flags: fc.constant(1n << 127n) }),
    }),
  });

  it("appends exactly the bytes the codec's own encoder gives", () => {
    fc.assert(
      fc.property(arbOuter, (v) => {
        const parts: Uint8Array[] = [];
        encodeInto(Outer as Codec<unknown>, v, { push: (b) => parts.push(b.slice()) });
        expect(Buffer.concat(parts).toString("hex")).toBe(Buffer.from(Outer.scale.enc(v as never)).toString("hex"));
      }),
      { numRuns: 200 },
    );
  });

  it("throws what the codec throws for a value without an encoding", () => {
    const v = { when: 1, who: "1001" };
    expect(() => Inner.scale.enc(v)).toThrow(ScaleError);
    expect(() => encodeInto(Inner as Codec<unknown>, v, { push: () => {} })).toThrow(ScaleError);
  });
});
