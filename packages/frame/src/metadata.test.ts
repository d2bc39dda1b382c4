// runtime.metadata(): V15 metadata that papi's own codecs read. Its dynamic codecs
// (`@polkadot-api/metadata-builders`), built from nothing but the metadata, decode the bytes of
// Corelab's codecs (storage values under their real keys, event records) to the same values, and
// encode values to the bytes Corelab's codecs read back.
import { getDynamicBuilder, getLookupFn } from "@polkadot-api/metadata-builders";
import { decAnyMetadata, metadata as papiMetadata, unifyMetadata, v15 } from "@polkadot-api/substrate-bindings";
import { beforeAll, describe, expect, it } from "vitest";
import { devAccount, initCrypto } from "./accounts.ts";
import { arithmeticCodecs } from "./arithmetic.ts";
import { t, type Codec } from "./codec.ts";
import { Origin } from "./dispatch.ts";
import { METADATA_MAGIC } from "./metadata.ts";
import { definePallet } from "./pallet.ts";
import { createRuntime, type Runtime } from "./runtime.ts";
import { bytesScale, bytesToHex, encodeScale, hexToBytes, mappedScale, noScale, palletIdScale, stringEnumScale } from "./scale.ts";
import { map, value, type StorageItem } from "./storage.ts";
import { storageKeyHex } from "./storage-key.ts";
import { DispatchErrorCodec } from "./system.ts";

beforeAll(initCrypto);

/** A newtype of 4 bytes whose in-memory value is a number (as `CoreMask` is a bigint of 10 bytes). */
const Mask4: Codec<number> = t.custom<number>({
  name: "Mask4",
  parse: (input) => Number(input),
  toJson: (v) => `0x${v.toString(16).padStart(8, "0")}`,
  key: (v) => v.toString(16).padStart(8, "0"),
  scale: mappedScale(bytesScale(4), (v: number) => Uint8Array.of(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255), (b) => ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0),
});
const Kind = t.custom<"a" | "b">({ name: "Kind", parse: (x) => x as "a" | "b", toJson: (v) => v, key: (v) => v, scale: stringEnumScale<"a" | "b">("Kind", ["a", "b"], [0, 5]) });
const PalletId = t.custom<string>({ name: "PalletId", parse: (x) => String(x), toJson: (v) => v, key: (v) => v, scale: palletIdScale });
const Opaque = t.custom<string>({ name: "Opaque", parse: (x) => String(x), toJson: (v) => v, key: (v) => v, scale: noScale("Opaque", "a Corelab-only value") });

const Id = t.struct("pallet_shapes::Id", { begin: t.alias("Timeslice", t.u32), core: t.u16, mask: Mask4 });
const Assignment = t.enumOf("Assignment", { Idle: null, Pool: null, Task: t.u32 }, { indices: { Task: 7 } });
const Record = t.struct("Record", {
  owner: t.option(t.accountId),
  paid: t.option(t.balance),
  small: t.compact(t.u32),
  big: t.compact(t.u128),
  ratio: arithmeticCodecs.perbill,
  fixed: arithmeticCodecs.fixedU128,
  flag: t.bool,
  delta: t.i32,
  when: t.u64,
  hash: t.bytes(32),
  blob: t.bytes(),
  label: t.str,
  kind: Kind,
  parts: t.vec(t.tuple([Assignment, t.u16]), { max: 4 }),
  pairs: t.mapOf(t.u8, t.str),
  nothing: t.unit,
});

const Shapes = definePallet<{ Period: number; Id: string }>()({
  name: "Shapes",
  docs: "A pallet of every codec shape.\nSecond line.",
  constants: { Period: t.u32, Id: PalletId },
  storage: {
    Plain: value(t.u32, { docs: "A plain value." }),
    Counted: value(t.u32, { default: () => 7 }),
    Records: map(Id, Record, { hasher: "Blake2_128Concat" }),
    ByPair: map(t.tuple([t.u32, t.u16]), Assignment, { hasher: "Twox64Concat" }),
    Double: map(t.tuple([t.accountId, t.u32]), t.vec(t.u16), { hasher: ["Blake2_128Concat", "Identity"] }),
    Hidden: value(Opaque),
  },
  events: {
    Made: { who: t.accountId, id: Id, price: t.balance },
    Nothing: {},
    Hidden: { what: Opaque },
  },
  errors: { First: "The first error.", Second: "The second\nerror." },
  calls: {
    make: { index: 3, args: { id: Id, limit: t.balance }, docs: "Makes a record.", dispatch: () => {} },
    fail: { index: 0, args: {}, dispatch: (_ctx) => {
      throw new Error("unreachable");
    } },
    hidden: { index: 9, args: { what: Opaque }, dispatch: () => {} },
  },
});

function runtime(palletIndices?: Record<string, number>): Runtime {
  return createRuntime({ name: "shapes-chain", pallets: [Shapes.instance({ Period: 80, Id: "py/shape" })], palletIndices });
}

/** papi's decoded values in Corelab's JSON shapes (`toJson`): bytes as hex, bigints as strings, unit variants without `value`, None as null. */
function normalise(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return bytesToHex(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.type === "string" && Object.keys(o).every((k) => k === "type" || k === "value")) return o.value === undefined ? { type: o.type } : { type: o.type, value: normalise(o.value) };
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, normalise(x)]));
  }
  return v;
}

/**
 * Where papi's in-memory shapes differ from Corelab's JSON (not the bytes): a fieldless enum held as
 * a string in Corelab (`Kind`, a `stringEnumScale`) is `{ type }` in papi, and papi leaves `()`
 * fields out of a struct.
 */
function papiShape(json: unknown): unknown {
  if (json === null || typeof json !== "object" || Array.isArray(json) || !("kind" in json)) return json;
  const { nothing: _unit, kind, ...rest } = json as Record<string, unknown>;
  return { ...rest, kind: { type: kind } };
}

const alice = () => devAccount("alice");
const bob = () => devAccount("bob");

describe("runtime.metadata()", () => {
  it("is V15 metadata as papi's codec encodes it, built once per runtime", () => {
    const rt = runtime();
    const md = rt.metadata();
    expect(rt.metadata()).toBe(md);
    expect(md.hex).toBe(bytesToHex(md.bytes));
    // "meta", version 15
    expect([...md.bytes.slice(0, 5)]).toEqual([0x6d, 0x65, 0x74, 0x61, 15]);
    const decoded = papiMetadata.dec(md.bytes);
    expect(decoded.magicNumber).toBe(METADATA_MAGIC);
    expect(decoded.metadata.tag).toBe("v15");
    expect(decoded.metadata.value).toEqual(md.v15);
    expect(bytesToHex(papiMetadata.enc(decoded))).toBe(md.hex);
    expect(bytesToHex(v15.enc(md.v15))).toBe(bytesToHex(md.bytes.slice(5)));
    // the same pallets give the same bytes
    expect(runtime().metadata().hex).toBe(md.hex);
  });

  it("lists pallets with their indices, calls by call index, events and errors in declaration order, storage with hashers, constants with values", () => {
    const md = runtime({ Shapes: 42 }).metadata();
    expect(md.v15.pallets.map((p) => [p.name, p.index])).toEqual([["System", 0], ["Shapes", 42]]);
    const p = md.v15.pallets.find((x) => x.name === "Shapes")!;
    expect(p.docs).toEqual(["A pallet of every codec shape.", "Second line."]);
    const lookup = md.v15.lookup;
    const variants = (id: number | undefined) => {
      const def = lookup[id!]!.def;
      if (def.tag !== "variant") throw new Error("not an enum");
      return def.value;
    };
    expect(lookup[p.calls!]!.path).toEqual(["pallet_shapes", "pallet", "Call"]);
    expect(variants(p.calls).map((v) => [v.name, v.index, v.fields.map((f) => f.name), v.docs])).toEqual([
      ["fail", 0, [], []],
      ["make", 3, ["id", "limit"], ["Makes a record."]],
    ]);
    expect(variants(p.events).map((v) => [v.name, v.index, v.fields.map((f) => [f.name, f.typeName])])).toEqual([
      ["Made", 0, [["who", "AccountId"], ["id", "pallet_shapes::Id"], ["price", "Balance"]]],
      ["Nothing", 1, []],
    ]);
    expect(variants(p.errors).map((v) => [v.name, v.index, v.docs])).toEqual([["First", 0, ["The first error."]], ["Second", 1, ["The second", "error."]]]);
    const items = p.storage!.items;
    expect(p.storage!.prefix).toBe("Shapes");
    expect(items.map((i) => [i.name, i.modifier, i.type.tag === "map" ? i.type.value.hashers.map((h) => h.tag) : "plain", i.fallback])).toEqual([
      ["Plain", 0, "plain", "0x00"],
      ["Counted", 1, "plain", "0x07000000"],
      ["Records", 0, ["Blake2128Concat"], "0x00"],
      ["ByPair", 0, ["Twox64Concat"], "0x00"],
      ["Double", 0, ["Blake2128Concat", "Identity"], "0x00"],
    ]);
    expect(items[0]!.docs).toEqual(["A plain value."]);
    expect(p.constants.map((c) => [c.name, c.value])).toEqual([["Period", "0x50000000"], ["Id", bytesToHex(new TextEncoder().encode("py/shape"))]]);
    // what cannot be described is listed, not dropped silently
    expect(md.omitted).toEqual([
      "Shapes.hidden: call: Opaque has no type shape (no on-chain form, or a custom codec that declares no `shape`)",
      "Shapes.Hidden: event: Opaque has no type shape (no on-chain form, or a custom codec that declares no `shape`)",
      "Shapes.Hidden: storage item: Opaque has no type shape (no on-chain form, or a custom codec that declares no `shape`)",
    ]);
    // outer enums: a variant per pallet at its index
    expect(variants(md.v15.outerEnums.call).map((v) => [v.name, v.index])).toEqual([["System", 0], ["Shapes", 42]]);
    expect(variants(md.v15.outerEnums.error).map((v) => [v.name, v.index])).toEqual([["System", 0], ["Shapes", 42]]);
  });

  it("describes codec shapes as scale-info does: aliases as their type, AccountId32, Option, newtypes of custom codecs, compact, arrays", () => {
    const md = runtime().metadata();
    const lookup = md.v15.lookup;
    const ty = (c: Codec<any>) => lookup[md.typeId(c)!]!;
    expect(ty(Id).path).toEqual(["pallet_shapes", "Id"]);
    expect(ty(Id).def).toEqual({
      tag: "composite",
      value: [
        { name: "begin", type: md.typeId(t.u32), typeName: "Timeslice", docs: [] },
        { name: "core", type: md.typeId(t.u16), typeName: "u16", docs: [] },
        { name: "mask", type: md.typeId(Mask4), typeName: "Mask4", docs: [] },
      ],
    });
    // a custom codec built on bytesScale(4): the newtype Mask4([u8; 4])
    const mask = ty(Mask4);
    expect(mask.path).toEqual(["Mask4"]);
    expect(mask.def.tag === "composite" && lookup[mask.def.value[0]!.type]!.def).toEqual({ tag: "array", value: { len: 4, type: md.typeId(t.u8) } });
    expect(ty(t.accountId).path).toEqual(["sp_core", "crypto", "AccountId32"]);
    const rec = ty(Record);
    const recDef = rec.def;
    if (recDef.tag !== "composite") throw new Error("not a composite");
    const field = (n: string) => lookup[recDef.value.find((f) => f.name === n)!.type]!;
    expect(field("owner").path).toEqual(["Option"]);
    expect(field("owner").params).toEqual([{ name: "T", type: md.typeId(t.accountId) }]);
    expect(field("small").def).toEqual({ tag: "compact", value: md.typeId(t.u32) });
    expect(field("ratio").path).toEqual(["sp_arithmetic", "per_things", "Perbill"]);
    expect(field("kind").def).toEqual({ tag: "variant", value: [{ name: "a", fields: [], index: 0, docs: [] }, { name: "b", fields: [], index: 5, docs: [] }] });
    expect(field("nothing").def).toEqual({ tag: "tuple", value: [] });
    expect(lookup[md.typeId(PalletId)!]!.path).toEqual(["frame_support", "PalletId"]);
    // shared by structure: one u32
    expect(lookup.filter((x) => x.def.tag === "primitive" && x.def.value.tag === "u32")).toHaveLength(1);
  });

  it("papi's dynamic storage codecs, built from the metadata alone, read Corelab's values under Corelab's keys, and write the bytes Corelab reads", () => {
    const rt = runtime();
    const md = rt.metadata();
    const builder = getDynamicBuilder(getLookupFn(unifyMetadata(decAnyMetadata(md.hex))));
    const id = { begin: 1000, core: 3, mask: 0xff00ff00 };
    const record = {
      owner: alice(),
      paid: undefined,
      small: 1 << 20,
      big: (1n << 100n) + 7n,
      ratio: 30_000_000,
      fixed: 1_500_000_000_000_000_000n,
      flag: true,
      delta: -12,
      when: 1n << 40n,
      hash: `0x${"ab".repeat(32)}`,
      blob: "0x0102",
      label: "héllo",
      kind: "b" as const,
      parts: [[{ type: "Task", value: 1001 }, 28_800], [{ type: "Pool" }, 28_800]] as Array<[{ type: "Idle" } | { type: "Pool" } | { type: "Task"; value: number }, number]>,
      pairs: [[1, "one"], [2, "two"]] as Array<[number, string]>,
      nothing: null,
    };
    const cases: Array<{ item: StorageItem; key?: unknown; value: unknown }> = [
      { item: Shapes.storage.Plain, value: 5 },
      { item: Shapes.storage.Counted, value: 9 },
      { item: Shapes.storage.Records, key: id, value: record },
      { item: Shapes.storage.ByPair, key: [7, 2], value: { type: "Task", value: 2000 } },
      { item: Shapes.storage.ByPair, key: [8, 0], value: { type: "Idle" } },
      { item: Shapes.storage.Double, key: [bob(), 4], value: [1, 2, 65535] },
    ];
    for (const c of cases) {
      const layout = { pallet: "Shapes", name: c.item.name, keyCodec: c.item.kind === "map" ? c.item.keyCodec : undefined, hashers: c.item.kind === "map" ? c.item.hashers : undefined };
      const key = c.item.kind === "map" ? storageKeyHex(layout, c.key) : storageKeyHex(layout);
      const bytes = encodeScale(c.item.codec as Codec<unknown>, c.value);
      const st = builder.buildStorage("Shapes", c.item.name);
      // papi reads Corelab's key (and writes it back) and value
      expect(st.keys.enc(...(st.keys.dec(key) as unknown[]))).toBe(key);
      const papiValue = st.value.dec(bytes);
      expect(normalise(papiValue), `${c.item.name}`).toEqual(papiShape(c.item.codec.toJson(c.value)));
      if (c.item.kind === "map") {
        const args = st.keys.dec(key);
        expect(normalise(c.item.hashers.length > 1 ? args : args[0]), `key of ${c.item.name}`).toEqual(c.item.keyCodec.toJson(c.key));
      }
      // and Corelab reads papi's bytes
      expect(bytesToHex(st.value.enc(papiValue))).toBe(bytesToHex(bytes));
      expect(c.item.codec.scale.dec(st.value.enc(papiValue))).toEqual(c.value);
    }
    // the fallback of a ValueQuery item is its default's encoding
    expect(builder.buildStorage("Shapes", "Counted").fallback).toBe(7);
    // constants
    expect(builder.buildConstant("Shapes", "Period").dec(md.v15.pallets[1]!.constants[0]!.value)).toBe(80);
  });

  it("papi's dynamic event codecs read Corelab's event records, a Module dispatch error by pallet and error index", () => {
    const rt = runtime({ Shapes: 42 });
    const md = rt.metadata();
    const builder = getDynamicBuilder(getLookupFn(unifyMetadata(decAnyMetadata(md.bytes))));
    const made = { who: alice(), id: { begin: 5, core: 1, mask: 0xffffffff }, price: 10n ** 12n };
    const records = [
      { phase: { type: "Initialization" as const }, event: { type: "Shapes", value: { type: "Nothing", value: {} } }, topics: [] },
      { phase: { type: "ApplyExtrinsic" as const, value: 0 }, event: { type: "Shapes", value: { type: "Made", value: made } }, topics: [`0x${"11".repeat(32)}`] },
      {
        phase: { type: "ApplyExtrinsic" as const, value: 1 },
        event: { type: "System", value: { type: "ExtrinsicFailed", value: { dispatch_error: { type: "Module", value: { type: "Shapes", value: { type: "Second" } } }, dispatch_info: { class: { type: "Normal" }, pays_fee: { type: "Yes" } } } } },
        topics: [],
      },
      {
        phase: { type: "Finalization" as const },
        event: { type: "System", value: { type: "ExtrinsicFailed", value: { dispatch_error: { type: "Token", value: { type: "FundsUnavailable" } }, dispatch_info: { class: { type: "Normal" }, pays_fee: { type: "No" } } } } },
        topics: [],
      },
    ];
    const one = records.map((r) => md.eventRecordScale.enc(r as never));
    // a Vec: compact length, then the records
    const bytes = new Uint8Array([records.length << 2, ...one.flatMap((b) => [...b])]);
    const decoded = builder.buildStorage("System", "Events").value.dec(bytes) as Array<{ phase: unknown; event: unknown; topics: unknown }>;
    const dispatchInfo = (fee: string) => ({ class: { type: "Normal" }, pays_fee: { type: fee } });
    expect(decoded.map((r) => normalise(r))).toEqual([
      // papi reads an event without fields as a unit variant
      { phase: { type: "Initialization" }, event: { type: "Shapes", value: { type: "Nothing" } }, topics: [] },
      { phase: { type: "ApplyExtrinsic", value: 0 }, event: { type: "Shapes", value: { type: "Made", value: Shapes.events.Made.toJson(made) } }, topics: [`0x${"11".repeat(32)}`] },
      // papi reads a Module error by the metadata's pallet and error indices: Corelab's shape
      { phase: { type: "ApplyExtrinsic", value: 1 }, event: { type: "System", value: { type: "ExtrinsicFailed", value: { dispatch_error: { type: "Module", value: { type: "Shapes", value: { type: "Second" } } }, dispatch_info: dispatchInfo("Yes") } } }, topics: [] },
      { phase: { type: "Finalization" }, event: { type: "System", value: { type: "ExtrinsicFailed", value: { dispatch_error: { type: "Token", value: { type: "FundsUnavailable" } }, dispatch_info: dispatchInfo("No") } } }, topics: [] },
    ]);
    // the Module error's bytes: variant 3, pallet index 42, error index 1, three zero bytes
    expect(bytesToHex(md.dispatchErrorScale.enc(DispatchErrorCodec.parse("Shapes.Second", { path: "" })))).toBe("0x032a01000000");
    expect(md.dispatchErrorScale.dec(hexToBytes("0x032a01000000"))).toEqual({ type: "Module", value: { type: "Shapes", value: { type: "Second" } } });
    // each record reads back with Corelab's codec
    for (let i = 0; i < records.length; i++) expect(md.eventRecordScale.dec(one[i]!)).toEqual(records[i]);
    // a single event, as papi's event codecs read it
    const ev = builder.buildEvent("Shapes", "Made");
    expect(ev.location).toEqual([42, 0]);
    expect(normalise(ev.codec.dec(md.eventScale.enc(records[1]!.event as never).slice(2)))).toEqual(Shapes.events.Made.toJson(made));
  });

  it("events of a block (System's too) encode, with the runtime's pallet indices", () => {
    const rt = createRuntime({ name: "plain", pallets: [] });
    rt.initializeBlock();
    rt.applyExtrinsic({ origin: Origin.signed(alice()), call: { pallet: "System", name: "remark_with_event", args: { remark: "0x01" } } });
    const block = rt.finalizeBlock();
    const md = rt.metadata();
    const builder = getDynamicBuilder(getLookupFn(unifyMetadata(decAnyMetadata(md.bytes))));
    const ev = builder.buildDefinition(md.v15.outerEnums.event);
    for (const r of block.events) expect(normalise(ev.dec(md.eventScale.enc(r.event)))).toEqual(normalise(JSON.parse(JSON.stringify(r.event, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)))));
    expect(block.events.map((e) => e.method)).toEqual(["Remarked", "ExtrinsicSuccess"]);
  });

  it("refuses pallet indices that collide or are out of range", () => {
    expect(() => runtime({ Shapes: 0 })).toThrow("System and Shapes both have index 0");
    expect(() => runtime({ Shapes: 256 })).toThrow("must be an integer 0..255");
    expect(() => runtime({ Nope: 3 })).toThrow("Nope");
  });
});
