/**
 * The preset registry: `runtime: broker-mock` in a scenario file is looked up here. The built-in
 * presets (`./index.ts`) are registered on first use; `registerPreset` adds more (a test's own
 * preset, an app's network).
 */
import { CorelabError, UnknownNameError } from "@corelab/frame";
import type { Preset } from "../preset.ts";
import { builtinPresets } from "./index.ts";

let registry: Map<string, Preset> | undefined;

function presets(): Map<string, Preset> {
  if (!registry) {
    registry = new Map();
    for (const p of builtinPresets) registry.set(p.name, p);
  }
  return registry;
}

/**
 * Registers a preset under `preset.name`. Throws a `CorelabError` when the name is taken, unless
 * `opts.replace` is set.
 */
export function registerPreset(preset: Preset, opts: { replace?: boolean } = {}): void {
  const m = presets();
  if (m.has(preset.name) && !opts.replace && m.get(preset.name) !== preset)
    throw new CorelabError("PresetExists", `a preset named '${preset.name}' is already registered`, {
      details: ["pass { replace: true } to replace it"],
    });
  m.set(preset.name, preset);
}

/** Removes a registered preset (tests that register their own). Returns whether it was there. */
export function unregisterPreset(name: string): boolean {
  return presets().delete(name);
}

/** The preset named `name`, or an `UnknownNameError` naming the nearest presets. `where` is the path in the file. */
export function getPreset(name: string, where = "runtime"): Preset {
  const p = presets().get(name);
  if (!p) throw new UnknownNameError("runtime preset", name, [...presets().keys()], where);
  return p;
}

/** All registered presets, built-ins first, in registration order. */
export function listPresets(): Preset[] {
  return [...presets().values()];
}
