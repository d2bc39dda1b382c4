/**
 * Loading scenario files: text → plain values (`source.ts`) → the validated structure
 * (`schema.ts`). Values inside are parsed later, against the runtime (`compile.ts`).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ScenarioError } from "./errors.ts";
import { validateStructure, type ScenarioDocument } from "./schema.ts";
import { parseSource } from "./source.ts";

/** A scenario whose structure is valid: its document, the file it came from, and its line map. */
export interface Scenario {
  /** The file (as given, for messages), or a label such as `<inline>`. */
  readonly file: string;
  readonly document: ScenarioDocument;
  /** Line and column of a path inside the file, when known. */
  locate(path: string): { line: number; column: number } | undefined;
}

/** Parses scenario text (YAML or JSON). Throws `ScenarioError` (file, path, line, what was expected). */
export function parseScenario(text: string, file = "<inline>"): Scenario {
  const src = parseSource(text, file);
  const document = validateStructure(src);
  return { file, document, locate: src.locate };
}

/** A scenario from a plain object (e.g. built in a test), validated like a file. */
export function scenarioFromObject(value: unknown, file = "<inline>"): Scenario {
  const document = validateStructure({ file, value, locate: () => undefined });
  return { file, document, locate: () => undefined };
}

/**
 * Reads and parses a scenario file. `path` is resolved against `opts.cwd` (default: the process's)
 * and named as given in messages. Throws `ScenarioError` when it cannot be read or is malformed.
 */
export function loadScenario(path: string, opts: { cwd?: string } = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(opts.cwd ? resolve(opts.cwd, path) : path, "utf8");
  } catch (e) {
    throw new ScenarioError({ file: path, path: "" }, `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseScenario(text, path);
}
