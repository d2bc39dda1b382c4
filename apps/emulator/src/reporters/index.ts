/**
 * The reporter registry of `corelab replay --report <name>`. To add a reporter: write
 * `src/reporters/<name>.ts` exporting a `Reporter` (see `types.ts`, and `events.ts` as a model),
 * and add it to `builtinReporters` below (one line). `registerReporter` adds one at run time.
 */
import { CorelabError, UnknownNameError } from "@corelab/frame";
import { coretimeReporter } from "./coretime.ts";
import { eventsReporter } from "./events.ts";
import { networkReporter } from "./network.ts";
import type { Reporter } from "./types.ts";

export type { Report, ReportContext, Reporter, ReporterSession } from "./types.ts";

/** Reporters every `corelab` has, in listing order. */
const builtinReporters: readonly Reporter[] = [eventsReporter, coretimeReporter, networkReporter];

const registry = new Map<string, Reporter>(builtinReporters.map((r) => [r.name, r]));

/** Registers a reporter. Throws a `CorelabError` when the name is taken, unless `replace`. */
export function registerReporter(reporter: Reporter, opts: { replace?: boolean } = {}): void {
  if (registry.has(reporter.name) && !opts.replace && registry.get(reporter.name) !== reporter)
    throw new CorelabError("ReporterExists", `a reporter named '${reporter.name}' is already registered`);
  registry.set(reporter.name, reporter);
}

/** The reporter named `name`, or an `UnknownNameError` naming the nearest ones. */
export function getReporter(name: string): Reporter {
  const r = registry.get(name);
  if (!r) throw new UnknownNameError("reporter", name, [...registry.keys()], "--report");
  return r;
}

/** All registered reporters. */
export function listReporters(): Reporter[] {
  return [...registry.values()];
}
