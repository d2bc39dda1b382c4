/**
 * The simulation models `corelab simulate` knows, by name. A model file's `model:` key picks one
 * (`model: network`), or names a TypeScript module of the user's own (`model: ./my-model.ts`,
 * relative to the model file) whose `default` or `model` export is a `SimulationModel`.
 *
 * Built-in models are listed in `BUILT_IN` below (one import and one entry per model, with the URL
 * of the module that exports it). Only plain data crosses to worker threads: a worker loads the
 * model of a run from that module URL (runner/load-model.ts), so it imports only the model it runs.
 * A model registered at run time without a module runs in the main thread.
 */
import { CorelabError } from "@corelab/frame";
import { networkModel } from "./network/index.ts";
import { restakingModel } from "./restaking/index.ts";
import type { AnyModel } from "./runner/load-model.ts";

export { isModel, loadModelModule, type AnyModel } from "./runner/load-model.ts";

/** A registered model and the module (file URL) that exports it, if known. */
export interface RegisteredModel {
  readonly model: AnyModel;
  /** A file URL exporting `model` (see `loadModelModule`); without it the model runs in the main thread. */
  readonly module?: string;
}

/**
 * Whether this module is the package's built JavaScript (`dist/*.js`, as npm installs it), whose
 * model modules are `.js` too; from the sources (tsx, vitest) and in the in-repository bundle (whose
 * bundler maps each `.ts` URL below to its bundled module) they are the `.ts` URLs.
 */
const BUILT = import.meta.url.endsWith(".js");

/**
 * The built-in models, registered when this module loads: each model and the URL of the module
 * exporting it (as `default`, `model`, or any export, found by the model's name). Add yours here.
 */
const BUILT_IN: ReadonlyArray<readonly [AnyModel, string]> = [
  [networkModel, (BUILT ? new URL("./network/index.js", import.meta.url) : new URL("./network/index.ts", import.meta.url)).href],
  [restakingModel, (BUILT ? new URL("./restaking/index.js", import.meta.url) : new URL("./restaking/index.ts", import.meta.url)).href],
];

const models = new Map<string, RegisteredModel>();

/** Thrown for a model name that is not registered; the message lists the registered names. */
export class UnknownModelError extends CorelabError {
  constructor(name: string, where = "model") {
    const names = listModels().map((m) => m.name);
    super("UnknownModel", `${where}: unknown simulation model '${name}'`, {
      details: [names.length ? `valid models: ${names.join(", ")}` : "no models are registered", "or a TypeScript module path such as ./my-model.ts"],
    });
  }
}

/**
 * Registers `model` under `model.name` (replacing one of the same name). `opts.module`: the file
 * URL of a module exporting this model, which worker threads load; without it, runs of this model
 * execute in the main thread.
 */
export function registerModel(model: AnyModel, opts: { module?: string } = {}): void {
  models.set(model.name, opts.module === undefined ? { model } : { model, module: opts.module });
}

/** Removes a model registered with `registerModel` (tests). */
export function unregisterModel(name: string): void {
  models.delete(name);
}

/** The model registered as `name`. Throws `UnknownModelError` (listing the valid names) otherwise. */
export function getModel(name: string): RegisteredModel {
  const m = models.get(name);
  if (!m) throw new UnknownModelError(name);
  return m;
}

/** Whether a model is registered as `name`. */
export function hasModel(name: string): boolean {
  return models.has(name);
}

/** Every registered model, sorted by name (`corelab simulate --list`). */
export function listModels(): AnyModel[] {
  return [...models.values()].map((r) => r.model).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

for (const [m, module] of BUILT_IN) registerModel(m, { module });
