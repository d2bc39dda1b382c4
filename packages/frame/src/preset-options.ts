/**
 * Helpers for writing presets: parse a scenario's `constants:` and `genesis:` for a list of
 * pallets with their codecs (the pallet's declared `constants` and `genesis.fields`), with errors
 * that name the path (`constants.Broker.TimeslicePeriod`) and the nearest valid names.
 */
import { resolveAccount } from "./accounts.ts";
import type { Codec, ParseContext } from "./codec.ts";
import { UnknownNameError } from "./errors.ts";
import type { AnyPallet } from "./pallet.ts";
import type { Preset, PresetOptions } from "./preset.ts";

/** Parsed `constants:` and `genesis:`: pallet → name → value. */
export interface ParsedPalletOptions {
  readonly constants: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly genesis: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

function join(prefix: string | undefined, rest: string): string {
  return prefix ? `${prefix}.${rest}` : rest;
}

/**
 * Where the map of `pallet` under `constants:` or `genesis:` is in the scenario file, for
 * messages: `genesis.Balances`; in a network, with the chain as the file writes the key
 * (`genesis.relay.Balances`, `constants.para-2000.Assurance`, or a bare `genesis.Balances` for the relay).
 */
export type PalletPathOf = (section: "constants" | "genesis", pallet: string) => string;

/**
 * Parses `opts.constants` with each pallet's constant codecs and `opts.genesis` with each
 * pallet's genesis field codecs. Unknown pallets, constants and genesis fields throw
 * `UnknownNameError`s naming the path; bad values throw `InvalidValueError`s. Names are own
 * names only (`constructor` is an unknown constant, not `Object.prototype.constructor`).
 * `pathOf` says where each pallet's map is in the file (default `[opts.path.]genesis.<Pallet>`).
 */
export function parsePalletOptions(preset: Pick<Preset, "token">, pallets: readonly AnyPallet[], opts: PresetOptions, pathOf?: PalletPathOf): ParsedPalletOptions {
  const byName = new Map(pallets.map((p) => [p.name, p]));
  const where = pathOf ?? ((section: "constants" | "genesis", pallet: string) => `${join(opts.path, section)}.${pallet}`);
  const ctx = (path: string): ParseContext => ({ path, token: preset.token, resolveAccount: opts.resolveAccount ?? resolveAccount });
  const constants: Record<string, Record<string, unknown>> = {};
  for (const [palletName, values] of Object.entries(opts.constants ?? {})) {
    const palletPath = where("constants", palletName);
    const pallet = byName.get(palletName);
    const withConstants = pallets.filter((p) => Object.keys(p.constants).length > 0).map((p) => p.name);
    if (!pallet) throw new UnknownNameError("pallet", palletName, withConstants, palletPath);
    const codecs = pallet.constants as Record<string, Codec<unknown> | undefined>;
    const out: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(values)) {
      const codec = Object.hasOwn(codecs, name) ? codecs[name] : undefined;
      if (!codec) throw new UnknownNameError(`constant of ${palletName}`, name, Object.keys(codecs), palletPath);
      out[name] = codec.parse(raw, ctx(`${palletPath}.${name}`));
    }
    constants[palletName] = out;
  }
  const genesis: Record<string, Record<string, unknown>> = {};
  for (const [palletName, values] of Object.entries(opts.genesis ?? {})) {
    const palletPath = where("genesis", palletName);
    const pallet = byName.get(palletName);
    const withGenesis = pallets.filter((p) => p.genesis).map((p) => p.name);
    if (!pallet || !pallet.genesis) throw new UnknownNameError("pallet with a genesis config", palletName, withGenesis, palletPath);
    const fields = pallet.genesis.fields as Record<string, Codec<unknown>>;
    const out: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(values)) {
      const codec = Object.hasOwn(fields, name) ? fields[name] : undefined;
      if (!codec) throw new UnknownNameError(`genesis field of ${palletName}`, name, Object.keys(fields), palletPath);
      out[name] = codec.parse(raw, ctx(`${palletPath}.${name}`));
    }
    genesis[palletName] = out;
  }
  return { constants, genesis };
}
