/**
 * `@corelab/testing/vitest`: turns scenario files into vitest tests.
 *
 * ```ts
 * // packages/pallet-x/src/scenarios.test.ts
 * import { scenarioSuite } from "@corelab/testing/vitest";
 * scenarioSuite(new URL("../scenarios", import.meta.url));
 * ```
 *
 * One `describe`, one `it` per file; a failing file fails its `it` with the readable mismatch
 * report (file, step, block, path, expected, actual), a malformed one with the `ScenarioError`.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { initCrypto } from "@corelab/frame";
import { beforeAll, describe, it } from "vitest";
import { findScenarioFiles } from "./files.ts";
import { replayFile, type ReplayOptions } from "./replay.ts";
import { formatResult } from "./report.ts";
import { loadBuiltinPresets } from "./presets/registry.ts";
import { loadPresetModule, loadScenarioRuntime } from "./preset-module.ts";
import type { Preset } from "@corelab/frame";

/** Options of `scenarioSuite`. */
export interface ScenarioSuiteOptions {
  /** Folder relative inputs are resolved against (default `process.cwd()`). */
  readonly cwd?: string;
  /** The `describe` title (default `scenarios: <inputs>`). */
  readonly name?: string;
  /**
   * When no file matches: register a skipped test saying so (true), or a failing one (false,
   * the default: a suite that silently tests nothing is a bug).
   */
  readonly allowEmpty?: boolean;
  /** Options for each replay (e.g. `bail`). */
  readonly replay?: ReplayOptions;
  /**
   * The runtime every file runs on, whatever its `runtime:` says: a preset, or the path of a runtime
   * module (default export a preset; relative to `cwd`). Without it, each file's `runtime:` decides:
   * a preset name, or a module path relative to the file.
   */
  readonly runtime?: Preset | string;
}

/** A scenario file whose expectations failed; its message is the full mismatch report. */
export class ScenarioFailedError extends Error {
  override name = "ScenarioFailedError";
  constructor(report: string) {
    super(report);
    // the stack of the runner says nothing about the scenario: show the report only
    this.stack = `${this.name}: ${report}`;
  }
}

/**
 * Registers one `describe` with one `it` per scenario file found in `inputs` (files, folders,
 * globs such as `packages/*\/scenarios/**\/*.{yaml,yml,json}`, or `file:` URLs).
 */
export function scenarioSuite(inputs: string | URL | ReadonlyArray<string | URL>, opts: ScenarioSuiteOptions = {}): void {
  const list = (Array.isArray(inputs) ? inputs : [inputs]) as ReadonlyArray<string | URL>;
  const paths = list.map((x) => (x instanceof URL ? fileURLToPath(x) : x));
  const files = findScenarioFiles(paths, { cwd: opts.cwd });
  describe(opts.name ?? `scenarios: ${paths.join(", ")}`, () => {
    beforeAll(async () => {
      await initCrypto();
      await loadBuiltinPresets(); // the built-in presets, when @corelab/runtimes is installed
    });
    if (files.length === 0) {
      const msg = `no scenario file matches ${paths.join(", ")}${opts.cwd ? ` (in ${opts.cwd})` : ""}`;
      if (opts.allowEmpty) it.skip(msg, () => {});
      else
        it("finds scenario files", () => {
          throw new Error(msg);
        });
      return;
    }
    const base = opts.cwd ?? process.cwd();
    for (const file of files) {
      const title = file.startsWith(`${base.replace(/\/$/, "")}/`) ? relative(base, file) : file;
      it(title, async () => {
        const abs = opts.cwd && !file.startsWith("/") ? `${opts.cwd.replace(/\/$/, "")}/${file}` : file;
        const preset =
          typeof opts.runtime === "string" ? await loadPresetModule(opts.runtime, base) : (opts.runtime ?? opts.replay?.preset ?? (await loadScenarioRuntime(abs)));
        const r = replayFile(abs, { ...opts.replay, preset });
        if (!r.passed) throw new ScenarioFailedError(formatResult({ ...r, file: title }));
      });
    }
  });
}
