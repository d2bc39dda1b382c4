/**
 * `corelab metadata <runtime> [--json | --hex | --v15] [--chain <name>]`: what a runtime is made of,
 * as its metadata names it: pallets (with their index in the runtime), calls with their index and argument types,
 * storage items (value or map, key and value types, default), events with their fields, errors
 * with their docs, and constants with their types and values. `<runtime>` is a preset name
 * (`corelab presets`) or a runtime module (`./my-runtime.ts`, whose default export is a preset).
 * For a network preset, `--chain` picks the chain (default: the relay).
 *
 * The default (a table) and `--json` follow the layout of FRAME metadata (`frame-metadata` V14/V15:
 * pallets with `calls`, `storage`, `events`, `errors`, `constants`) with types given by their
 * metadata names (`u32`, `RegionId`, `Option<Balance>`), not as a type registry. The real thing is
 * `runtime.metadata()` (`@corelab/frame` metadata.ts), printed by
 *
 * - `--hex`: the SCALE-encoded V15 metadata as `0x` hex, framed as `RuntimeMetadataPrefixed` (the
 *   magic `"meta"`, the version byte 15, then `RuntimeMetadataV15`): the bytes inside the
 *   `OpaqueMetadata` that `Metadata_metadata_at_version(15)` returns, without the `Option` tag and
 *   the `Vec<u8>` length. That is the form every tool reads as "the metadata" (papi's `metadata`
 *   codec and `decAnyMetadata`, polkadot.js' `Metadata` type, subxt's `.scale` files, chopsticks'
 *   and `state_getMetadata`'s inner bytes), so it can be given to any of them as it is.
 * - `--v15`: that metadata as JSON, the object papi's `v15` codec decodes (a value papi leaves
 *   `undefined`, an unnamed field's `name`, a primitive's `value`, is `null`).
 *
 * The three are exclusive; `--json` without them keeps Corelab's own description.
 */
import { CorelabError, type AnyPallet, type Codec, type Runtime } from "@corelab/frame";
import { EXIT } from "../exit.ts";
import type { CliIO } from "../io.ts";
import { getPreset, isPresetModulePath, loadPresetModule, type Preset } from "@corelab/testing";
import { registerBuiltinPresets } from "../presets.ts";

/** One pallet of `corelab metadata --json`. */
export interface PalletMetadata {
  readonly name: string;
  /** The pallet's index in the runtime (`construct_runtime!`'s; `Runtime.palletIndices`). */
  readonly index: number;
  readonly docs: string;
  /** The polkadot-sdk / paper source the pallet mirrors, when it says. */
  readonly source: string | null;
  readonly calls: ReadonlyArray<{ name: string; index: number; args: ReadonlyArray<{ name: string; type: string }>; docs: string }>;
  readonly storage: ReadonlyArray<{ name: string; kind: "value" | "map"; key: string | null; value: string; default: boolean; docs: string }>;
  readonly events: ReadonlyArray<{ name: string; fields: ReadonlyArray<{ name: string; type: string }> }>;
  readonly errors: ReadonlyArray<{ name: string; index: number; docs: string }>;
  readonly constants: ReadonlyArray<{ name: string; type: string; value: unknown }>;
}

/** The metadata of `rt`'s pallets, in runtime order. */
export function runtimeMetadata(rt: Runtime): PalletMetadata[] {
  return [...rt.pallets.values()].map((inst) => palletMetadata(inst.pallet, inst.config, rt.palletIndices.get(inst.pallet.name)!));
}

function fieldsOf(codec: Codec<unknown>): Array<{ name: string; type: string }> {
  const fields = (codec as { fields?: Readonly<Record<string, Codec<unknown>>> }).fields ?? {};
  return Object.keys(fields).map((name) => ({ name, type: fields[name]!.name }));
}

function palletMetadata(p: AnyPallet, config: unknown, index: number): PalletMetadata {
  const calls = Object.keys(p.calls)
    .map((name) => {
      const c = p.calls[name]!;
      const args = c.args as Readonly<Record<string, Codec<unknown>>>;
      return { name, index: c.index, args: Object.keys(args).map((a) => ({ name: a, type: args[a]!.name })), docs: c.docs ?? "" };
    })
    .sort((a, b) => a.index - b.index);
  const storage = Object.keys(p.storage).map((name) => {
    const s = p.storage[name]!;
    return {
      name,
      kind: s.kind,
      key: s.kind === "map" ? s.keyCodec.name : null,
      value: s.codec.name,
      default: s.defaultValue !== undefined,
      docs: s.docs,
    };
  });
  const events = Object.keys(p.events).map((name) => ({ name, fields: fieldsOf(p.events[name]!) }));
  const errors = Object.keys(p.errors).map((name, i) => ({ name, index: i, docs: (p.errors as Record<string, string>)[name] ?? "" }));
  const cfg = (config ?? {}) as Record<string, unknown>;
  const constants = Object.keys(p.constants).flatMap((name) => {
    const codec = (p.constants as Record<string, Codec<unknown> | undefined>)[name];
    if (codec === undefined) return [];
    const v = Object.hasOwn(cfg, name) ? cfg[name] : undefined;
    return [{ name, type: codec.name, value: v === undefined ? null : codec.toJson(v) }];
  });
  return { name: p.name, index, docs: p.docs, source: p.source ?? null, calls, storage, events, errors, constants };
}

/** The runtime `<runtime>` names: a preset (its relay chain, or `chain` of a network preset) or a module's. */
async function resolveRuntime(spec: string, chain: string | undefined, cwd: string): Promise<{ runtime: Runtime; title: string }> {
  registerBuiltinPresets();
  let preset: Preset;
  if (isPresetModulePath(spec)) {
    preset = await loadPresetModule(spec, cwd);
  } else preset = getPreset(spec, "<runtime>");
  if (preset.network !== undefined) {
    const net = preset.network({});
    const names = net.chains.filter((c) => c.runtime !== undefined).map((c) => c.name);
    const name = chain ?? "relay";
    const c = net.chains.find((x) => x.name === name);
    if (c === undefined || c.runtime === undefined) {
      throw new CorelabError("UnknownChain", `--chain: '${name}' is not a chain of ${spec} with a runtime`, { details: [`chains: ${names.join(", ")}`] });
    }
    return { runtime: c.runtime, title: `${preset.name} (network; chain ${name} of ${names.join(", ")})` };
  }
  if (chain !== undefined) throw new CorelabError("UnknownChain", `--chain: ${spec} is a single runtime, not a network`);
  return { runtime: preset.create({}), title: preset.name };
}

/** `corelab metadata <runtime> [--json | --hex | --v15] [--chain <name>]`: see the module doc. */
export async function metadataCommand(spec: string, opts: { json?: boolean; hex?: boolean; v15?: boolean; chain?: string }, io: CliIO): Promise<number> {
  const forms = (["json", "hex", "v15"] as const).filter((f) => opts[f] === true);
  if (forms.length > 1) {
    io.stderr.write(`error: --${forms.join(", --")}: give one of --json, --hex, --v15\n`);
    return EXIT.malformed;
  }
  let resolved;
  try {
    resolved = await resolveRuntime(spec, opts.chain, io.cwd);
  } catch (e) {
    if (!(e instanceof CorelabError)) throw e;
    io.stderr.write(`error: ${e.message}\n`);
    return EXIT.malformed;
  }
  if (opts.hex || opts.v15) {
    let md;
    try {
      md = resolved.runtime.metadata();
    } catch (e) {
      if (!(e instanceof CorelabError)) throw e;
      io.stderr.write(`error: ${spec}: cannot build its metadata: ${e.message}\n`);
      return EXIT.malformed;
    }
    for (const line of md.omitted) io.stderr.write(`note: left out of the metadata: ${line}\n`);
    io.stdout.write(opts.hex ? `${md.hex}\n` : `${JSON.stringify(md.v15, (_k, v: unknown) => (v === undefined ? null : v), 2)}\n`);
    return EXIT.ok;
  }
  const pallets = runtimeMetadata(resolved.runtime);
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ runtime: resolved.title, pallets }, null, 2)}\n`);
    return EXIT.ok;
  }
  const out: string[] = [`runtime ${resolved.title}: ${pallets.length} pallets`];
  for (const p of pallets) {
    out.push("", `${p.index}  ${p.name}${p.source ? `  (mirrors ${p.source})` : ""}`);
    if (p.calls.length) {
      out.push("   calls");
      for (const c of p.calls) out.push(`     ${String(c.index).padStart(3)}  ${c.name}(${c.args.map((a) => `${a.name}: ${a.type}`).join(", ")})`);
    }
    if (p.storage.length) {
      out.push("   storage");
      for (const s of p.storage) out.push(`          ${s.name}: ${s.kind === "map" ? `map ${s.key} → ${s.value}` : s.value}${s.default ? " (default)" : ""}`);
    }
    if (p.events.length) {
      out.push("   events");
      for (const e of p.events) out.push(`          ${e.name} { ${e.fields.map((f) => `${f.name}: ${f.type}`).join(", ")} }`);
    }
    if (p.errors.length) {
      out.push("   errors");
      for (const e of p.errors) out.push(`     ${String(e.index).padStart(3)}  ${e.name}`);
    }
    if (p.constants.length) {
      out.push("   constants");
      for (const c of p.constants) out.push(`          ${c.name}: ${c.type} = ${JSON.stringify(c.value)}`);
    }
  }
  io.stdout.write(`${out.join("\n")}\n`);
  return EXIT.ok;
}
