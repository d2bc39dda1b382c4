/**
 * Loading a simulation model from its module (a file URL): what worker threads do for every model,
 * built in or not, so a worker imports only the model it runs. Light on purpose (no registry, no
 * scenario parser).
 */
import { CorelabError } from "@corelab/frame";
import type { SimulationModel } from "../types.ts";
import { allowTypeScriptModules, isTypeScriptModule } from "@corelab/testing";

/** Any model, whatever its parameter type (the runner only passes its own `parse` output back to it). */
export type AnyModel = SimulationModel<any>;

/** Whether `x` has the shape of a `SimulationModel`. */
export function isModel(x: unknown): x is AnyModel {
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
 * Imports the module at `url` (a file URL) and returns its model: the `default` export, else the
 * `model` export, else (when `name` is given) any export that is a model named `name`. Throws a
 * `CorelabError` when the module cannot be loaded or exports no such model.
 */
export async function loadModelModule(url: string, name?: string): Promise<AnyModel> {
  let mod: Record<string, unknown>;
  try {
    if (isTypeScriptModule(url)) await allowTypeScriptModules();
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new CorelabError("ModelModule", `cannot load the model module ${url}: ${(e as Error).message}`);
  }
  const candidates = [mod.default, mod.model, ...(name === undefined ? [] : Object.values(mod))];
  const found = candidates.find((x) => isModel(x) && (name === undefined || x.name === name));
  if (!found) {
    throw new CorelabError("ModelModule", `${url} exports no simulation model${name === undefined ? "" : ` named '${name}'`}`, {
      details: ["expected a `default` or `model` export with name, description, parse, sweepKeys, run and charts"],
    });
  }
  return found as AnyModel;
}
