/**
 * Users' runtimes: a module whose default export is a runtime preset (`Preset`: a name, a
 * description, and `create(options)` returning a runtime, or `network(options)` for a network), named
 * by a path instead of a preset name: `runtime: ./my-runtime.ts` in a scenario file, `--runtime
 * ./my-runtime.ts` on the command line, `scenarioSuite(..., { runtime })` in vitest.
 *
 * A TypeScript module needs a loader for `.ts` files: where none is active (this package's built
 * JavaScript under plain Node, or under vitest, which runs installed packages natively), tsx is
 * registered on first use (`allowTypeScriptModules`).
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CorelabError, type Preset } from "@corelab/frame";
import { ScenarioError } from "./errors.ts";
import type { ScenarioLimits } from "./limits.ts";
import { loadScenario } from "./scenario.ts";
import { allowTypeScriptModules, isTypeScriptModule } from "./user-modules.ts";

/** Whether a scenario's `runtime:` value names a module (a relative or absolute path, or a file name with a script extension), not a preset. */
export function isPresetModulePath(runtime: string): boolean {
  return runtime.startsWith("./") || runtime.startsWith("../") || isAbsolute(runtime) || /\.(?:[cm]?[jt]s|tsx)$/.test(runtime);
}

/** Options of `loadPresetModule` and `loadScenarioRuntime`. */
export interface ModuleLoadOptions {
  /**
   * Called with the module's absolute path before it is imported: a command-line tool registers a
   * TypeScript loader there (the `corelab` command registers tsx for `.ts` modules).
   */
  readonly beforeImport?: (absolutePath: string) => void | Promise<void>;
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
 * an error thrown while it loads) or exports no preset. Node caches the module: loading it again
 * gives the same preset.
 */
export async function loadPresetModule(path: string, cwd: string = process.cwd(), opts: ModuleLoadOptions = {}): Promise<Preset> {
  const abs = resolve(cwd, path);
  let mod: Record<string, unknown>;
  try {
    // a TypeScript module needs a loader where none is active (built JavaScript under plain Node or
    // under vitest, which runs installed packages natively): tsx, registered once
    if (opts.beforeImport !== undefined) await opts.beforeImport(abs);
    else if (isTypeScriptModule(abs)) await allowTypeScriptModules();
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
  return guarded(preset, path);
}

/**
 * `preset` with its `create` and `network` reporting what they throw (a bug in the user's module,
 * not in Corelab) as a `PresetModuleError` naming the module; Corelab's own errors (a bad genesis
 * value, an unknown name) pass as they are.
 */
function guarded(preset: Preset, path: string): Preset {
  const wrap = <A, R>(what: string, fn: (a: A) => R): ((a: A) => R) => (a) => {
    try {
      return fn(a);
    } catch (e) {
      if (e instanceof CorelabError) throw e;
      const err = new PresetModuleError(path, `${what} threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, [
        "the runtime module's own code failed (its preset builds the runtime from the scenario's constants and genesis: parsePalletOptions parses them with the pallets' codecs)",
      ]);
      throw Object.assign(err, { cause: e });
    }
  };
  const network = preset.network;
  return {
    ...preset,
    create: wrap(`preset '${preset.name}'.create()`, (o) => preset.create(o)),
    ...(network !== undefined ? { network: wrap(`preset '${preset.name}'.network()`, (o) => network.call(preset, o)) } : {}),
  };
}

/**
 * The runtime module a scenario file names, loaded: for a file whose `runtime:` is a path
 * (`runtime: ../src/runtime.ts`, relative to the file), imports that module and returns its preset,
 * to pass as `preset` to `replayFile` / `compileScenario` / `runScenarioFile`; `undefined` for a
 * preset name. Throws the file's `ScenarioError` when it cannot be read, and a `ScenarioError` at
 * `runtime` (with its line) when the module cannot be loaded or exports no preset.
 */
export async function loadScenarioRuntime(file: string, opts: { cwd?: string; limits?: Partial<ScenarioLimits> } & ModuleLoadOptions = {}): Promise<Preset | undefined> {
  const scenario = loadScenario(file, opts);
  const runtime = scenario.document.runtime;
  if (!isPresetModulePath(runtime)) return undefined;
  try {
    return await loadPresetModule(runtime, dirname(resolve(opts.cwd ?? process.cwd(), file)), opts);
  } catch (e) {
    if (!(e instanceof PresetModuleError)) throw e;
    const at = scenario.locate("runtime");
    throw new ScenarioError({ file, path: "runtime", ...at }, e.shortMessage, { details: e.details, cause: e });
  }
}
