/**
 * A runtime's metadata in the V15 format (`RuntimeMetadataV15` of paritytech/frame-metadata
 * `frame-metadata/src/v15.rs`), as polkadot-api's metadata codecs (`@polkadot-api/substrate-bindings`
 * `metadata` / `v15`) encode and decode it: what `runtime.metadata()` gives and `corelab metadata
 * --hex` prints.
 *
 * What is in it, and where each part comes from:
 *
 * - **Type registry** (`lookup`, scale-info's `PortableRegistry`): built from Corelab's codecs,
 *   each described by its `TypeShape` (`shapeOf`, codec.ts): primitives, `Compact`, sequences
 *   (`Vec`/`BoundedVec`), arrays, tuples, composites with named fields, enums with their indices,
 *   `Option` (scale-info's `Option<T>` enum), `AccountId32` (the composite
 *   `sp_core::crypto::AccountId32([u8; 32])`), custom codecs (`CoreMask([u8; 10])`, `PalletId`).
 *   A Rust type alias (`Timeslice = u32`) is the aliased type, as in scale-info. Types are shared
 *   by structure: two codecs with the same path and layout get one id.
 * - **Pallets**, in runtime order with their indices (`construct_runtime!`'s, `palletIndices` of
 *   `createRuntime`): storage entries (modifier `Optional` for an `OptionQuery` item, `Default`
 *   with its default value's encoding as `fallback` for a `ValueQuery` one; a map's hashers as it
 *   declares them, its key type, a tuple for a double map / NMap), calls (the pallet's `Call` enum,
 *   each call a variant at its `call_index` with its arguments as named fields and its docs),
 *   events (the pallet's `Event` enum, variants in declaration order with named fields), errors
 *   (the pallet's `Error` enum, a unit variant per error in declaration order, its doc), and
 *   constants (their type and the SCALE encoding of the runtime's configured value).
 * - **Outer enums** (`RuntimeCall`, `RuntimeEvent`, `RuntimeError`): a variant per pallet that has
 *   calls / events / errors, at the pallet's index, holding its enum, as `construct_runtime!`
 *   builds them.
 * - `System.Events` (`Vec<EventRecord<RuntimeEvent, H256>>`) is listed as System's storage entry,
 *   as frame-system declares it: it is where papi and polkadot.js find the event record's type.
 *   Corelab keeps events in block records, not under that key.
 * - **Extrinsic**: version 4; Corelab has no transaction format, so `address` is `AccountId32`,
 *   `signature` `[u8; 64]` (sr25519), `extra` `()` and no signed extensions. No runtime APIs, no
 *   custom entries.
 *
 * What cannot be described (a codec with no on-chain form, `noScale`, or a hand-written SCALE codec
 * without a declared `shape`; a constant without a configured value) is left out and listed in
 * `RuntimeMetadata.omitted`, never silently dropped.
 */
import { decAnyMetadata, metadata as papiMetadata, type V15 } from "@polkadot-api/substrate-bindings";
import { shapeOf, t, type Codec, type ShapeField, type TypeShape } from "./codec.ts";
import type { DispatchError } from "./dispatch.ts";
import { RuntimeUsageError, ScaleError } from "./errors.ts";
import type { AnyPallet } from "./pallet.ts";
import { bytesToHex, mappedScale, type ScaleCodec } from "./scale.ts";
import type { StorageHasher } from "./storage-key.ts";
import { DispatchErrorCodec, DispatchErrorLayout } from "./system.ts";
import type { Phase, RuntimeEvent } from "./context.ts";

/** V15 metadata as papi decodes it (`v15` codec of `@polkadot-api/substrate-bindings`). */
export type MetadataV15 = V15;
/** One type of the registry (`lookup[i]`). */
export type MetadataType = V15["lookup"][number];
/** One pallet of V15 metadata. */
export type MetadataPallet = V15["pallets"][number];

/** `"meta"` read as a little-endian u32: the magic number that starts `RuntimeMetadataPrefixed`. */
export const METADATA_MAGIC = 0x6174656d;

/** An event with its phase and topics (frame-system's `EventRecord`), as `eventRecordScale` encodes it. */
export interface EventRecordValue {
  readonly phase: Phase;
  readonly event: RuntimeEvent;
  readonly topics: readonly string[];
}

/** A runtime's V15 metadata and the codecs that need it (`runtime.metadata()`). */
export interface RuntimeMetadata {
  /** The metadata as papi's `v15` codec decodes it (the value of `metadata.enc`'s `v15` variant). */
  readonly v15: MetadataV15;
  /**
   * `RuntimeMetadataPrefixed`: the magic number `"meta"`, the version byte 15, then the V15
   * metadata (papi's `metadata` codec). These are the bytes inside the `OpaqueMetadata` that the
   * runtime API `Metadata_metadata_at_version(15)` returns as `Option<OpaqueMetadata>`, without the
   * Option's tag and the `Vec<u8>`'s compact length, i.e. what papi's `decAnyMetadata`,
   * polkadot.js (`toU8a(true)`) and subxt's `.scale` files hold.
   */
  readonly bytes: Uint8Array;
  /** `bytes` as lowercase `0x` hex. */
  readonly hex: string;
  /** Each pallet's index in the runtime, by name. */
  readonly palletIndices: ReadonlyMap<string, number>;
  /** What could not be described, one line each (`Outbox.Messages: storage item: …`). */
  readonly omitted: readonly string[];
  /** The registry id of a codec's type, when the metadata has it (the codec itself was described: a pallet's declared codecs are). */
  typeId(codec: Codec<any>): number | undefined;
  /**
   * SCALE codec of `DispatchError` values (`DispatchErrorCodec`'s in-memory shape) in this runtime:
   * a `Module` error as its pallet's index and the error's index (then three zero bytes); `Other`
   * without its message (decoded with an empty one).
   */
  readonly dispatchErrorScale: ScaleCodec<DispatchError>;
  /** SCALE codec of the outer `RuntimeEvent` (`{ type: pallet, value: { type: event, value: fields } }`). */
  readonly eventScale: ScaleCodec<RuntimeEvent>;
  /** SCALE codec of one `EventRecord { phase, event, topics }` (`System.Events` holds a `Vec` of them). */
  readonly eventRecordScale: ScaleCodec<EventRecordValue>;
}

/**
 * Reads V15 metadata: `RuntimeMetadataPrefixed` bytes (`RuntimeMetadata.bytes`, `corelab metadata
 * --hex`, a `.scale` file), or any of the framings papi's `decAnyMetadata` accepts (inside an
 * `Option<OpaqueMetadata>` or an `OpaqueMetadata`, as the runtime API and `state_getMetadata`
 * return it), as bytes or `0x` hex. Throws a `ScaleError` when it is not metadata, or not V15.
 */
export function decodeMetadataV15(input: Uint8Array | string): MetadataV15 {
  let md: ReturnType<typeof decAnyMetadata>;
  try {
    md = decAnyMetadata(input);
  } catch (e) {
    throw new ScaleError("RuntimeMetadataPrefixed", "not SCALE-encoded metadata (no \"meta\" magic number, or a version papi cannot read)", { cause: e });
  }
  if (md.magicNumber !== METADATA_MAGIC) throw new ScaleError("RuntimeMetadataPrefixed", `the magic number is 0x${md.magicNumber.toString(16)}, not "meta"`);
  if (md.metadata.tag !== "v15") throw new ScaleError("RuntimeMetadataPrefixed", `metadata ${md.metadata.tag}, not v15`);
  return md.metadata.value as MetadataV15;
}

/** A pallet as the metadata builder takes it. */
export interface MetadataPalletInput {
  readonly pallet: AnyPallet;
  /** The pallet's configuration (the values of its constants). */
  readonly config: unknown;
  /** Its index in the runtime (`construct_runtime!`). */
  readonly index: number;
}

const HASHER_TAGS: Readonly<Record<StorageHasher, string>> = {
  Blake2_128: "Blake2128",
  Blake2_256: "Blake2256",
  Blake2_128Concat: "Blake2128Concat",
  Twox128: "Twox128",
  Twox256: "Twox256",
  Twox64Concat: "Twox64Concat",
  Identity: "Identity",
};

/** A codec that cannot be described; caught where a part of the metadata is built, and listed. */
class Undescribable extends Error {}

/**
 * scale-info's registry (`lookup`) built from codecs: `idOf(codec)` gives a codec's type id,
 * adding it (and its parts, first) when new. Codecs are remembered by identity; types are shared
 * by structure (path, parameters, definition), as scale-info shares one Rust type.
 */
class TypeRegistry {
  readonly types: MetadataType[] = [];
  private readonly byCodec = new Map<Codec<any>, number>();
  private readonly byKey = new Map<string, number>();
  private readonly visiting = new Set<Codec<any>>();

  /** The id of a codec already in the registry (by identity), or `undefined`. */
  known(codec: Codec<any>): number | undefined {
    return this.byCodec.get(codec);
  }

  idOf(codec: Codec<any>): number {
    const known = this.byCodec.get(codec);
    if (known !== undefined) return known;
    const shape = shapeOf(codec);
    if (shape === undefined) throw new Undescribable(`${codec.name} has no type shape (no on-chain form, or a custom codec that declares no \`shape\`)`);
    if (this.visiting.has(codec)) throw new Undescribable(`${codec.name} contains itself (recursive types are not supported)`);
    this.visiting.add(codec);
    try {
      const id = this.fromShape(codec.name, shape);
      this.byCodec.set(codec, id);
      return id;
    } finally {
      this.visiting.delete(codec);
    }
  }

  /** A type from its parts: the id of an equal type already there, or a new one. */
  add(path: readonly string[], params: MetadataType["params"], def: MetadataType["def"], docs: readonly string[] = []): number {
    const key = JSON.stringify([path, params, def, docs]);
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const id = this.types.length;
    this.types.push({ id, path: [...path], params, def, docs: [...docs] });
    this.byKey.set(key, id);
    return id;
  }

  private fields(fields: readonly ShapeField[]): Array<{ name: string | undefined; type: number; typeName: string | undefined; docs: string[] }> {
    return fields.map((f) => ({ name: f.name, type: this.idOf(f.codec), typeName: f.typeName ?? f.codec.name, docs: [...(f.docs ?? [])] }));
  }

  private fromShape(name: string, shape: TypeShape): number {
    switch (shape.kind) {
      case "primitive":
        return this.add([], [], { tag: "primitive", value: { tag: shape.primitive, value: undefined } } as MetadataType["def"]);
      case "compact":
        return this.add([], [], { tag: "compact", value: this.idOf(shape.inner) });
      case "sequence":
        return this.add([], [], { tag: "sequence", value: this.idOf(shape.item) });
      case "array":
        return this.add([], [], { tag: "array", value: { len: shape.len, type: this.idOf(shape.item) } });
      case "tuple":
        return this.add([], [], { tag: "tuple", value: shape.items.map((c) => this.idOf(c)) });
      case "option": {
        const inner = this.idOf(shape.inner);
        return this.add(["Option"], [{ name: "T", type: inner }], {
          tag: "variant",
          value: [
            { name: "None", fields: [], index: 0, docs: [] },
            { name: "Some", fields: [{ name: undefined, type: inner, typeName: shape.inner.name, docs: [] }], index: 1, docs: [] },
          ],
        });
      }
      case "composite":
        return this.add(shape.path ?? pathOf(name), [], { tag: "composite", value: this.fields(shape.fields) }, shape.docs);
      case "variant":
        return this.add(
          shape.path ?? pathOf(name),
          [],
          { tag: "variant", value: [...shape.variants].sort((a, b) => a.index - b.index).map((v) => ({ name: v.name, fields: this.fields(v.fields), index: v.index, docs: [...(v.docs ?? [])] })) },
          shape.docs,
        );
    }
  }
}

/** A type's path from its name: `sp_runtime::DispatchError` → its segments; `RegionId` → `["RegionId"]`. */
function pathOf(name: string): string[] {
  return name.split(/::|\./).filter((s) => s.length > 0);
}

/** Lines of a doc string (scale-info keeps docs as a list of lines). */
function docLines(doc: string | undefined): string[] {
  return doc === undefined || doc === "" ? [] : doc.split("\n");
}

/** The Rust crate a pallet stands for: `frame_system` for System, else `pallet_<snake name>`. */
function crateOf(pallet: string): string {
  if (pallet === "System") return "frame_system";
  return `pallet_${pallet.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9_]/g, "_").toLowerCase()}`;
}

function runtimeCrate(name: string): string {
  return `${name.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "").toLowerCase() || "corelab"}_runtime`;
}

/** frame-system's `Phase`. */
const PhaseLayout = t.enumOf("frame_system::Phase", { ApplyExtrinsic: t.u32, Finalization: null, Initialization: null });
/** `H256` (`primitive_types::H256([u8; 32])`), the type of event topics. */
const H256: Codec<string> = t.custom<string>({
  ...t.bytes(32),
  name: "H256",
  scale: t.bytes(32).scale,
  shape: { kind: "composite", path: ["primitive_types", "H256"], fields: [{ codec: t.bytes(32), typeName: "[u8; 32]" }] },
});

/**
 * Builds the V15 metadata of a runtime named `name` with `pallets` (each with its configuration
 * and index). Pure: the same pallets give the same bytes. Throws a `RuntimeUsageError` when two
 * pallets share an index or an index is outside 0..255.
 */
export function buildMetadata(name: string, pallets: readonly MetadataPalletInput[]): RuntimeMetadata {
  const indices = new Map<string, number>();
  for (const p of pallets) {
    if (!Number.isInteger(p.index) || p.index < 0 || p.index > 255) throw new RuntimeUsageError(`pallet ${p.pallet.name}: index ${p.index} is not in 0..255`);
    const other = [...indices].find(([, i]) => i === p.index);
    if (other !== undefined) throw new RuntimeUsageError(`pallets ${other[0]} and ${p.pallet.name} have the same index ${p.index}`);
    indices.set(p.pallet.name, p.index);
  }
  const reg = new TypeRegistry();
  const omitted: string[] = [];
  /** Runs `build`, or lists what could not be described and gives `undefined`. */
  const attempt = <R>(what: string, build: () => R): R | undefined => {
    try {
      return build();
    } catch (e) {
      if (e instanceof Undescribable || e instanceof ScaleError) {
        omitted.push(`${what}: ${e instanceof ScaleError ? e.shortMessage : e.message}`);
        return undefined;
      }
      throw e;
    }
  };

  // the runtime's DispatchError codec: Module errors by pallet and error index
  const errorIndex = new Map<string, Map<string, number>>(pallets.map((p) => [p.pallet.name, new Map(Object.keys(p.pallet.errors).map((e, i) => [e, i]))]));
  const byIndex = new Map<number, { pallet: string; errors: string[] }>(pallets.map((p) => [p.index, { pallet: p.pallet.name, errors: Object.keys(p.pallet.errors) }]));
  const dispatchErrorScale = runtimeDispatchErrorScale(indices, errorIndex, byIndex);
  const dispatchError: Codec<DispatchError> = { ...DispatchErrorCodec, scale: dispatchErrorScale, shape: DispatchErrorLayout.shape };

  const rtCrate = runtimeCrate(name);
  const callVariants: Array<{ name: string; index: number; fields: ShapeField[] }> = [];
  const eventVariants: Array<{ name: string; index: number; fields: ShapeField[] }> = [];
  const errorVariants: Array<{ name: string; index: number; fields: ShapeField[] }> = [];
  /** Per pallet: its `Event` enum as a Corelab codec (for `eventScale`). */
  const eventEnums: Record<string, Codec<any>> = {};
  const eventEnumIndices: Record<string, number> = {};

  const palletsMd: MetadataPallet[] = [];
  for (const { pallet: p, config, index } of pallets) {
    const crate = crateOf(p.name);
    // calls, by call index
    const callNames = Object.keys(p.calls).sort((a, b) => p.calls[a]!.index - p.calls[b]!.index);
    const calls: Array<{ name: string; index: number; fields: ShapeField[]; docs: string[] }> = [];
    for (const c of callNames) {
      const spec = p.calls[c]!;
      const args = spec.args as Readonly<Record<string, Codec<any>>>;
      const fields = Object.keys(args).map((a) => ({ name: a, codec: args[a]! }));
      if (attempt(`${p.name}.${c}: call`, () => fields.every((f) => reg.idOf(f.codec) >= 0)) === undefined) continue;
      calls.push({ name: c, index: spec.index, fields, docs: docLines(spec.docs) });
    }
    const callCodec = calls.length === 0 ? undefined : variantCodec([crate, "pallet", "Call"], calls);
    // events, in declaration order; System's DispatchError fields get the runtime's codec
    const events: Array<{ name: string; index: number; fields: ShapeField[]; docs: string[] }> = [];
    const eventCodecs: Record<string, Codec<any>> = {};
    const eventIdx: Record<string, number> = {};
    Object.keys(p.events).forEach((e, i) => {
      const struct = p.events[e]! as Codec<any> & { fields?: Readonly<Record<string, Codec<any>>> };
      const f = struct.fields ?? {};
      const fieldCodecs: Record<string, Codec<any>> = {};
      for (const k of Object.keys(f)) fieldCodecs[k] = f[k] === DispatchErrorCodec ? dispatchError : f[k]!;
      const fields = Object.keys(fieldCodecs).map((k) => ({ name: k, codec: fieldCodecs[k]! }));
      if (attempt(`${p.name}.${e}: event`, () => fields.every((x) => reg.idOf(x.codec) >= 0)) === undefined) return;
      events.push({ name: e, index: i, fields, docs: [] });
      eventCodecs[e] = t.struct(`${p.name}.${e}`, fieldCodecs);
      eventIdx[e] = i;
    });
    const eventCodec = events.length === 0 ? undefined : variantCodec([crate, "pallet", "Event"], events);
    // errors, in declaration order
    const errorDocs = p.errors as Readonly<Record<string, string>>;
    const errors = Object.keys(errorDocs).map((e, i) => ({ name: e, index: i, fields: [] as ShapeField[], docs: docLines(errorDocs[e]) }));
    const errorCodec = errors.length === 0 ? undefined : variantCodec([crate, "pallet", "Error"], errors);

    const callsId = callCodec === undefined ? undefined : reg.idOf(callCodec);
    const eventsId = eventCodec === undefined ? undefined : reg.idOf(eventCodec);
    const errorsId = errorCodec === undefined ? undefined : reg.idOf(errorCodec);
    if (callCodec !== undefined) callVariants.push({ name: p.name, index, fields: [{ codec: callCodec, typeName: `${crate}::Call<Runtime>` }] });
    if (eventCodec !== undefined) {
      eventVariants.push({ name: p.name, index, fields: [{ codec: eventCodec, typeName: `${crate}::Event<Runtime>` }] });
      eventEnums[p.name] = t.enumOf(`${p.name}.Event`, eventCodecs, { indices: eventIdx });
      eventEnumIndices[p.name] = index;
    }
    if (errorCodec !== undefined) errorVariants.push({ name: p.name, index, fields: [{ codec: errorCodec, typeName: `${crate}::Error<Runtime>` }] });

    // storage
    const items: NonNullable<MetadataPallet["storage"]>["items"] = [];
    for (const itemName of Object.keys(p.storage)) {
      const s = p.storage[itemName]!;
      const item = attempt(`${p.name}.${itemName}: storage item`, () => {
        const valueId = reg.idOf(s.codec);
        const def = s.defaultValue;
        const fallback = def === undefined ? "0x00" : bytesToHex(s.codec.scale.enc(def()));
        return {
          name: itemName,
          modifier: def === undefined ? 0 : 1,
          type:
            s.kind === "value"
              ? { tag: "plain" as const, value: valueId }
              : { tag: "map" as const, value: { hashers: s.hashers.map((h) => ({ tag: HASHER_TAGS[h], value: undefined })), key: reg.idOf(s.keyCodec), value: valueId } },
          fallback,
          docs: docLines(s.docs),
        };
      });
      if (item !== undefined) items.push(item as (typeof items)[number]);
    }
    // constants, with the configured values
    const cfg = (config ?? {}) as Record<string, unknown>;
    const constants: MetadataPallet["constants"] = [];
    for (const c of Object.keys(p.constants)) {
      const codec = (p.constants as Record<string, Codec<any> | undefined>)[c];
      if (codec === undefined) continue;
      const v = Object.hasOwn(cfg, c) ? cfg[c] : undefined;
      if (v === undefined && !codec.name.startsWith("Option<")) {
        omitted.push(`${p.name}.${c}: constant: the runtime's configuration gives it no value`);
        continue;
      }
      const entry = attempt(`${p.name}.${c}: constant`, () => ({ name: c, type: reg.idOf(codec), value: bytesToHex(codec.scale.enc(v)), docs: [] as string[] }));
      if (entry !== undefined) constants.push(entry as (typeof constants)[number]);
    }
    palletsMd.push({
      name: p.name,
      index,
      docs: docLines(p.docs),
      storage: items.length === 0 ? undefined : { prefix: p.name, items },
      calls: callsId,
      events: eventsId,
      errors: errorsId,
      constants,
    } as MetadataPallet);
  }

  // outer enums
  const runtimeCall = variantCodec([rtCrate, "RuntimeCall"], callVariants);
  const runtimeEvent = variantCodec([rtCrate, "RuntimeEvent"], eventVariants);
  const runtimeError = variantCodec([rtCrate, "RuntimeError"], errorVariants);
  const eventRecord = t.struct("frame_system::EventRecord", { phase: PhaseLayout, event: runtimeEvent, topics: t.vec(H256) });
  const outerEnums = { call: reg.idOf(runtimeCall), event: reg.idOf(runtimeEvent), error: reg.idOf(runtimeError) };
  const eventsId = reg.idOf(t.vec(eventRecord));
  // System.Events, as frame-system declares it (`ValueQuery`, default empty)
  const system = palletsMd.find((p) => p.name === "System");
  if (system !== undefined) {
    const entry = { name: "Events", modifier: 1, type: { tag: "plain" as const, value: eventsId }, fallback: "0x00", docs: ["Events deposited for the current block (Corelab keeps them in block records, not under this key)."] };
    (system as { storage: MetadataPallet["storage"] }).storage = { prefix: "System", items: [...(system.storage?.items ?? []), entry as NonNullable<MetadataPallet["storage"]>["items"][number]] };
  }

  const extrinsic = {
    version: 4,
    address: reg.idOf(t.accountId),
    call: outerEnums.call,
    signature: reg.idOf(t.bytes(64)),
    extra: reg.idOf(t.unit),
    signedExtensions: [],
  };
  const runtimeType = reg.add([rtCrate, "Runtime"], [], { tag: "composite", value: [] });
  const v15: MetadataV15 = { lookup: [...reg.types], pallets: palletsMd, extrinsic, type: runtimeType, apis: [], outerEnums, custom: [] };
  const bytes = papiMetadata.enc({ magicNumber: METADATA_MAGIC, metadata: { tag: "v15", value: v15 } } as Parameters<typeof papiMetadata.enc>[0]);

  // in-memory codecs of events
  const eventEnum = t.enumOf("RuntimeEvent", eventEnums, { indices: eventEnumIndices });
  const eventScale = eventEnum.scale as unknown as ScaleCodec<RuntimeEvent>;
  const recordCodec = t.struct("EventRecord", { phase: PhaseLayout, event: eventEnum, topics: t.vec(t.bytes(32)) });
  const eventRecordScale = recordCodec.scale as unknown as ScaleCodec<EventRecordValue>;
  return {
    v15,
    bytes,
    hex: bytesToHex(bytes),
    palletIndices: indices,
    omitted,
    typeId: (codec) => reg.known(codec),
    dispatchErrorScale,
    eventScale,
    eventRecordScale,
  };
}

/** A codec standing for an enum type of the metadata (a pallet's `Call`, an outer enum): only its shape is used. */
function variantCodec(path: readonly string[], variants: ReadonlyArray<{ name: string; index: number; fields: readonly ShapeField[]; docs?: readonly string[] }>): Codec<never> {
  const name = path.join("::");
  return t.custom<never>({
    name,
    parse: () => {
      throw new RuntimeUsageError(`${name} is a metadata type, not a value type`);
    },
    toJson: () => null,
    key: () => "",
    scale: { enc: () => { throw new ScaleError(name, "a metadata type (encode its parts)"); }, dec: () => { throw new ScaleError(name, "a metadata type (decode its parts)"); } },
    shape: { kind: "variant", path, variants },
  });
}

/** The DispatchError codec of a runtime: `DispatchErrorLayout` with Module errors by their indices. */
function runtimeDispatchErrorScale(
  indices: ReadonlyMap<string, number>,
  errorIndex: ReadonlyMap<string, ReadonlyMap<string, number>>,
  byIndex: ReadonlyMap<number, { pallet: string; errors: readonly string[] }>,
): ScaleCodec<DispatchError> {
  type Layout = { type: string; value?: unknown };
  const toLayout = (v: DispatchError): Layout => {
    if (v.type === "Module") {
      const { type: pallet, value } = v.value;
      const index = indices.get(pallet);
      const err = errorIndex.get(pallet)?.get(value.type);
      if (index === undefined || err === undefined) throw new ScaleError("DispatchError", `the runtime has no error ${pallet}.${value.type}`);
      return { type: "Module", value: { index, error: `0x${err.toString(16).padStart(2, "0")}000000` } };
    }
    if (v.type === "Other") return { type: "Other" };
    return v as Layout;
  };
  const fromLayout = (v: Layout): DispatchError => {
    if (v.type === "Module") {
      const { index, error } = v.value as { index: number; error: string };
      const p = byIndex.get(index);
      const e = parseInt(error.slice(2, 4), 16);
      const name = p?.errors[e];
      if (p === undefined || name === undefined || error.slice(4) !== "000000") throw new ScaleError("DispatchError", `no error ${error} in the pallet at index ${index}`);
      return { type: "Module", value: { type: p.pallet, value: { type: name } } };
    }
    if (v.type === "Other") return { type: "Other", value: "" };
    return v as DispatchError;
  };
  return mappedScale(DispatchErrorLayout.scale as ScaleCodec<Layout>, toLayout, fromLayout);
}
