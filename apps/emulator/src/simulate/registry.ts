/**
 * The simulation models `corelab simulate` knows, by name. A model file's `model:` key picks one
 * (`model: network`), or names a TypeScript module of the user's own (`model: ./my-model.ts`,
 * relative to the model file) whose `default` or `model` export is a `SimulationModel`.
 *
 * Built-in models are listed in `BUILT_IN` below (one import and one entry per model). Worker
 * threads import this module too, so a built-in is found there by its name; a model registered at
 * run time must say which module exports it (`registerModel(m, { module })`), so that a worker can
 * load it again (only plain data crosses to workers).
 */
import { CorelabError } from "@corelab/frame";
import { networkModel } from "./network/index.ts";
import { restakingModel } from "./restaking/index.ts";
import type { SimulationModel } from "./types.ts";

/** Any model, whatever its parameter type (the runner only passes its own `parse` output back to it). */
export type AnyModel = SimulationModel<any>;

/** A registered model and, when it is not built in, the module (file URL) that exports it. */
export interface RegisteredModel {
  readonly model: AnyModel;
  /** A file URL whose `default` or `model` export is `model`; absent for built-ins. */
  readonly module?: string;
}

/**
 * The built-in models, registered when this module loads. Add yours here (one import, one entry):
 * `network` from ./network/index.ts and `restaking` from ./restaking/index.ts as they land.
 */
const BUILT_IN: readonly AnyModel[] = [networkModel, restakingModel];

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
 * URL of a module whose `default` or `model` export is this model; needed for runs on worker threads
 * when the model is not in `BUILT_IN`.
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

function isModel(x: unknown): x is AnyModel {
  const m = x as Partial<AnyModel> | null;
  return (
    typeof m === "object" &&
    m !== null &&
    typeof m.name === "string" &&
    typeof m.parse === "function" &&
    typeof m.run === "function" &&
    typeof m.sweepKeys === "function" &&
    typeof m.charts === "function"
  );
}

/**
 * Imports the module at `url` (a file URL) and returns its `default` or `model` export. Throws a
 * `CorelabError` when the module cannot be loaded or exports no `SimulationModel`.
 */
export async function loadModelModule(url: string): Promise<AnyModel> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new CorelabError("ModelModule", `cannot load the model module ${url}: ${(e as Error).message}`);
  }
  const found = [mod.default, mod.model].find(isModel);
  if (!found) {
    throw new CorelabError("ModelModule", `${url} exports no simulation model`, {
      details: ["expected a `default` or `model` export with name, description, parse, sweepKeys, run and charts"],
    });
  }
  return found;
}

for (const m of BUILT_IN) registerModel(m);
