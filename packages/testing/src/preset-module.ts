/**
 * Users' runtimes: a module whose default export is a runtime preset (`Preset`: a name, a
 * description, and `create(options)` returning a runtime, or `network(options)` for a network), named
 * by a path instead of a preset name: `runtime: ./my-runtime.ts` in a scenario file, `--runtime
 * ./my-runtime.ts` on the command line, `scenarioSuite(..., { runtime })` in vitest.
 *
 * A TypeScript module needs a loader for `.ts` files in the importing process (vitest and tsx have
 * one; the `corelab` executable registers tsx before it calls `loadPresetModule`).
 */
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CorelabError } from "@corelab/frame";
import type { Preset } from "@corelab/frame";
import { getPreset, registerPreset } from "./presets/registry.ts";

/** Whether a scenario's `runtime:` value names a module (a relative or absolute path, or a file name with a script extension), not a preset. */
export function isPresetModulePath(runtime: string): boolean {
  return runtime.startsWith("./") || runtime.startsWith("../") || isAbsolute(runtime) || /\.(?:[cm]?[jt]s|tsx)$/.test(runtime);
}

/** Whether `x` has the shape of a `Preset`. */
function isPreset(x: unknown): x is Preset {
  const p = x as Partial<Preset> | null;
  return typeof p === "object" && p !== null && typeof p.name === "string" && p.name.length > 0 && typeof p.description === "string" && typeof p.create === "function";
}

/** A user's runtime module could not be loaded, or does not export a preset. */
export class PresetModuleError extends CorelabError {
  override name = "PresetModuleError";
  constructor(
    /** The module's path as the user wrote it. */
    readonly modulePath: string,
    problem: string,
    details: string[] = [],
  ) {
    super("PresetModule", `${modulePath}: ${problem}`, { details });
  }
}

/**
 * Imports the runtime module at `path` (resolved against `cwd`) and returns its preset: the
 * `default` export, else an export named `preset`. Throws a `PresetModuleError` naming the path
 * when the module cannot be loaded (with the loader's message: a syntax error, a missing import,
 * an error thrown while it loads) or exports no preset. The preset is registered under the
 * module's absolute path, so scenario files that name the same module share it (`getPreset`).
 */
export async function loadPresetModule(path: string, cwd: string = process.cwd()): Promise<Preset> {
  const abs = resolve(cwd, path);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const missing = err.code === "ERR_MODULE_NOT_FOUND" && typeof err.message === "string" && err.message.includes(abs);
    throw new PresetModuleError(path, missing ? `no such module (${abs})` : `cannot load this runtime module: ${err.message ?? String(e)}`);
  }
  const preset = [mod.default, mod.preset].find(isPreset);
  if (preset === undefined) {
    throw new PresetModuleError(path, "exports no runtime preset", [
      "expected `export default { name, description, create(options) { return createRuntime(…) } }` (a `Preset` of @corelab/testing)",
    ]);
  }
  const registered: Preset = { ...preset, name: abs };
  registerPreset(registered, { replace: true });
  return preset;
}

/**
 * The preset a scenario's `runtime:` value names, for code that has loaded the modules the files
 * name (`loadPresetModule`): a module path resolves against `baseDir` (the scenario's folder), a
 * plain name is a registered preset. Throws `UnknownNameError` / `PresetModuleError`.
 */
export function presetFor(runtime: string, baseDir: string, where = "runtime"): Preset {
  if (!isPresetModulePath(runtime)) return getPreset(runtime, where);
  const abs = resolve(baseDir, runtime);
  try {
    return getPreset(abs, where);
  } catch {
    throw new PresetModuleError(runtime, "this runtime module was not loaded before the scenario was compiled", [
      "replay the file with replayFile / corelab replay, which load the runtime modules files name",
    ]);
  }
}
