/**
 * The preset registry: `runtime: broker-mock` in a scenario file is looked up here. The built-in
 * presets are in `@corelab/runtimes` (this package depends on no pallet): `loadBuiltinPresets`
 * imports it when it is installed and registers them; `registerPreset` adds more (a test's own
 * preset, an app's network, a user's runtime module).
 */
import { CorelabError, UnknownNameError, type Preset } from "@corelab/frame";

const registry = new Map<string, Preset>();

function presets(): Map<string, Preset> {
  return registry;
}

/** The package of the built-in presets: an optional peer dependency, named through a variable so that bundlers and the module-boundary lint do not take it for a dependency of this package. */
const RUNTIMES_PACKAGE: string = "@corelab/runtimes";
let builtins: Promise<boolean> | undefined;

/**
 * Imports `@corelab/runtimes` when it is installed and registers its presets (`broker-mock`,
 * `coretime-kusama@…`, `kusama-network` …); resolves to whether it was found. Loads once.
 * `scenarioSuite` and the `corelab` command call it; code that calls `replayFile`,
 * `compileScenario` or `getPreset` with a built-in name awaits it first (or registers the presets it
 * imports itself).
 */
export function loadBuiltinPresets(): Promise<boolean> {
  builtins ??= import(RUNTIMES_PACKAGE).then(
    (m: { builtinPresets: readonly Preset[] }) => {
      for (const p of m.builtinPresets) registerPreset(p);
      return true;
    },
    (e: NodeJS.ErrnoException) => {
      if (e.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes(RUNTIMES_PACKAGE)) return false;
      throw e;
    },
  );
  return builtins;
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
  if (p) return p;
  const e = new UnknownNameError("runtime preset", name, [...presets().keys()], where);
  if (builtins === undefined) {
    // the built-in presets were never loaded: say where they are
    e.details.push('the built-in presets are in @corelab/runtimes: install it and `await loadBuiltinPresets()` (scenarioSuite and the corelab command do)');
    e.message = [e.shortMessage, ...e.details].join("\n");
  }
  throw e;
}

/** All registered presets, built-ins first, in registration order. */
export function listPresets(): Preset[] {
  return [...presets().values()];
}
