/**
 * Reporters: `corelab replay --report <name>` feeds a registered reporter every block record and
 * step of a replay (it is a `ReplayObserver`), then prints the human summary it renders after the
 * file's PASS/FAIL line (and puts its JSON, if any, under `reports.<name>` in `--json` output).
 *
 * A reporter for the broker (sale timeline, prices, purchases) is `src/reporters/broker.ts`
 * exporting a `Reporter`, plus one line in `src/reporters/index.ts`.
 */
import type { Runtime } from "@corelab/frame";
import type { CompiledScenario, Preset, ReplayObserver, ReplayResult } from "@corelab/testing";
import type { Style } from "../io.ts";

/** What a reporter session is created with. */
export interface ReportContext {
  /** The scenario file. */
  readonly file: string;
  /** The compiled scenario: document, preset, parsed steps, names (`names.label(account)`). */
  readonly compiled: CompiledScenario;
  readonly preset: Preset;
  /** The runtime, at genesis when the session starts; it changes as blocks are built. */
  readonly runtime: Runtime;
  /** Colours (identity functions when off). */
  readonly style: Style;
}

/** A rendered report. */
export interface Report {
  /** Human summary, printed (indented) after the file's line. */
  readonly text: string;
  /** Machine-readable summary for `--json` (bigints as strings), if the reporter has one. */
  readonly json?: unknown;
}

/** One replay's reporter: observes the run, then renders. */
export interface ReporterSession extends ReplayObserver {
  /** Called once after the run. */
  render(result: ReplayResult): Report;
}

/** A named, registered reporter. */
export interface Reporter {
  /** The name `--report` selects (`events`, `broker`). */
  readonly name: string;
  /** One line for `corelab reporters`. */
  readonly description: string;
  /** Presets it understands (e.g. those with a Broker pallet); undefined = any. */
  appliesTo?(preset: Preset, runtime: Runtime): boolean;
  /** A fresh session for one replay. */
  create(ctx: ReportContext): ReporterSession;
}
