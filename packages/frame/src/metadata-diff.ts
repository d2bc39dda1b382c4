/**
 * Comparing a pallet between two V15 metadata (`runtime.metadata().v15` and a real runtime's, as
 * papi's `v15` codec decodes it) by what decides the bytes: storage entries (name, query kind,
 * hashers, key and value layouts), calls (name, index, arguments with their layouts), events
 * (name, index, field layouts), errors (name, index) and constants (layout and value).
 *
 * A layout (`typeLayout`) is a type with what does not change its SCALE encoding taken away, so
 * that equal layouts encode the same values to the same bytes and decode to the same papi values:
 * type paths and docs go; a newtype (a composite of one unnamed field: `Perbill(u32)`,
 * `BoundedVec(Vec<T>)`, `CoreMask([u8; 10])`) is its field; a variant's fields read as a
 * composite (one unnamed field is its type, named fields a struct); a one-element tuple is its
 * element. `AccountId32` and `Option<T>` keep their names (papi decodes them specially).
 */
import type { MetadataPallet, MetadataType, MetadataV15 } from "./metadata.ts";

/** A type's layout as canonical text (see the module doc): `u32`, `Vec<(u32, u16)>`, `{begin: u32, core: u16}`, `enum{0 Idle, 2 Task(u32)}`. */
export function typeLayout(lookup: readonly MetadataType[], id: number, seen: ReadonlySet<number> = new Set()): string {
  const ty = lookup[id];
  if (ty === undefined) return `?${id}`;
  if (seen.has(id)) return `rec(${ty.path.join("::")})`;
  const inner = new Set(seen).add(id);
  const at = (x: number): string => typeLayout(lookup, x, inner);
  const fieldsLayout = (fields: ReadonlyArray<{ name: string | undefined; type: number }>): string => {
    if (fields.length === 0) return "()";
    if (fields.every((f) => f.name === undefined)) return fields.length === 1 ? at(fields[0]!.type) : `(${fields.map((f) => at(f.type)).join(", ")})`;
    return `{${fields.map((f) => `${f.name}: ${at(f.type)}`).join(", ")}}`;
  };
  const def = ty.def;
  switch (def.tag) {
    case "primitive":
      return def.value.tag;
    case "compact":
      return `Compact<${at(def.value)}>`;
    case "sequence":
      return `Vec<${at(def.value)}>`;
    case "array":
      return `[${at(def.value.type)}; ${def.value.len}]`;
    case "tuple":
      return def.value.length === 1 ? at(def.value[0]!) : `(${def.value.map(at).join(", ")})`;
    case "composite":
      if (ty.path.at(-1) === "AccountId32" && def.value.length === 1) return "AccountId32";
      return fieldsLayout(def.value);
    case "variant":
      if (ty.path.length === 1 && ty.path[0] === "Option" && def.value.length === 2) return `Option<${at(def.value.find((v) => v.name === "Some")!.fields[0]!.type)}>`;
      return `enum{${[...def.value]
        .sort((a, b) => a.index - b.index)
        .map((v) => `${v.index} ${v.name}${v.fields.length === 0 ? "" : v.fields.every((f) => f.name === undefined) ? `(${v.fields.map((f) => at(f.type)).join(", ")})` : fieldsLayout(v.fields)}`)
        .join(", ")}}`;
    case "bitSequence":
      return "BitSequence";
  }
}

/** One entry of a pallet as `diffPallet` compares it: its index (calls, events, errors) and its layout text. */
export interface EntrySummary {
  readonly index?: number;
  readonly layout: string;
}

/** A pallet as `diffPallet` compares it: every entry keyed by its name. */
export interface PalletSummary {
  readonly storage: ReadonlyMap<string, EntrySummary>;
  readonly calls: ReadonlyMap<string, EntrySummary>;
  readonly events: ReadonlyMap<string, EntrySummary>;
  readonly errors: ReadonlyMap<string, EntrySummary>;
  readonly constants: ReadonlyMap<string, EntrySummary>;
}

/**
 * A pallet of `md`, summarised: storage `Optional|Default hashers key => value` (or `Optional|Default value`),
 * calls `(arg: layout, …)` and events `{field: layout, …}` with their indices, errors with their
 * indices, constants `layout = 0x<value>`. `undefined` when `md` has no such pallet.
 */
export function summarisePallet(md: MetadataV15, pallet: string): PalletSummary | undefined {
  const p: MetadataPallet | undefined = md.pallets.find((x) => x.name === pallet);
  if (p === undefined) return undefined;
  const lay = (id: number): string => typeLayout(md.lookup, id);
  const storage = new Map<string, EntrySummary>();
  for (const s of p.storage?.items ?? []) {
    const q = s.modifier === 0 ? "Optional" : "Default";
    storage.set(s.name, {
      layout: s.type.tag === "plain" ? `${q} ${lay(s.type.value)}` : `${q} ${s.type.value.hashers.map((h) => h.tag).join("+")} ${lay(s.type.value.key)} => ${lay(s.type.value.value)}`,
    });
  }
  const variants = (id: number | undefined): Array<{ name: string; index: number; fields: ReadonlyArray<{ name: string | undefined; type: number }> }> => {
    if (id === undefined) return [];
    const def = md.lookup[id]!.def;
    return def.tag === "variant" ? def.value : [];
  };
  const calls = new Map<string, EntrySummary>();
  for (const v of variants(p.calls)) calls.set(v.name, { index: v.index, layout: `(${v.fields.map((f) => `${f.name}: ${lay(f.type)}`).join(", ")})` });
  const events = new Map<string, EntrySummary>();
  for (const v of variants(p.events)) events.set(v.name, { index: v.index, layout: `{${v.fields.map((f) => `${f.name ?? ""}: ${lay(f.type)}`).join(", ")}}` });
  const errors = new Map<string, EntrySummary>();
  for (const v of variants(p.errors)) errors.set(v.name, { index: v.index, layout: v.fields.length === 0 ? "" : `(${v.fields.map((f) => lay(f.type)).join(", ")})` });
  const constants = new Map<string, EntrySummary>();
  for (const c of p.constants) constants.set(c.name, { layout: `${lay(c.type)} = ${c.value}` });
  return { storage, calls, events, errors, constants };
}

/**
 * What differs in `pallet` between metadata `a` (named `names.a`, e.g. Corelab) and `b`
 * (`names.b`, e.g. the real runtime), one line each, sorted:
 *
 * - `storage Foo: only in Corelab` (or a call, event, error, constant);
 * - `event Bar: index Corelab 28 / real 25`;
 * - `call baz: layout Corelab (x: u32) / real (x: u64)` (storage: query kind, hashers, key and
 *   value; a call's arguments; an event's fields; a constant's type and value).
 *
 * Empty when they agree.
 */
export function diffPallet(a: MetadataV15, b: MetadataV15, pallet: string, names: { a: string; b: string } = { a: "a", b: "b" }): string[] {
  const sa = summarisePallet(a, pallet);
  const sb = summarisePallet(b, pallet);
  if (sa === undefined || sb === undefined) return sa === sb ? [] : [`pallet ${pallet}: only in ${sa === undefined ? names.b : names.a}`];
  const out: string[] = [];
  for (const kind of ["storage", "calls", "events", "errors", "constants"] as const) {
    const what = kind === "storage" ? "storage" : kind.slice(0, -1);
    const ma = sa[kind];
    const mb = sb[kind];
    for (const k of new Set([...ma.keys(), ...mb.keys()])) {
      const x = ma.get(k);
      const y = mb.get(k);
      if (x === undefined) out.push(`${what} ${k}: only in ${names.b}`);
      else if (y === undefined) out.push(`${what} ${k}: only in ${names.a}`);
      else {
        if (x.index !== y.index) out.push(`${what} ${k}: index ${names.a} ${x.index} / ${names.b} ${y.index}`);
        if (x.layout !== y.layout) out.push(`${what} ${k}: layout ${names.a} ${x.layout} / ${names.b} ${y.layout}`);
      }
    }
  }
  return out.sort();
}
