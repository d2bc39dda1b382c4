/**
 * `ScenarioError`: a scenario file is malformed. It names the file, the path inside it
 * (`blocks[3].calls[0].args.price_limit`), the line and column when the file has them, and what
 * was expected there. `corelab replay` exits with status 2 on it and prints the message only.
 */
import { CorelabError, InvalidValueError, UnknownNameError } from "@corelab/frame";

/** Where in a scenario file something is: the file, the path inside it, and (when known) line and column (1-based). */
export interface SourceLocation {
  readonly file: string;
  /** Path inside the document, e.g. `blocks[3].calls[0].args.price_limit` (empty for the document itself). */
  readonly path: string;
  readonly line?: number;
  readonly column?: number;
}

/** Formats a location as `file:line:col` (or `file` when the line is unknown). */
export function formatLocation(loc: Pick<SourceLocation, "file" | "line" | "column">): string {
  return loc.line === undefined ? loc.file : `${loc.file}:${loc.line}:${loc.column ?? 1}`;
}

/**
 * A scenario file is malformed: bad YAML, a structure that does not fit the schema, a value that
 * does not fit its type, an unknown pallet/call/argument/storage item/event/error/preset name,
 * or block numbers that decrease. Thrown before any block is built.
 */
export class ScenarioError extends CorelabError {
  override name = "ScenarioError";
  readonly file: string;
  /** Path inside the file (`blocks[3].calls[0].args.price_limit`). */
  readonly path: string;
  /** What was expected there, when the error is about a value (`u32 (0..4294967295)`). */
  readonly expected: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** The problem without the location prefix (`expected u32 (0..4294967295), got "x"`). */
  readonly problem: string;

  constructor(
    loc: SourceLocation,
    problem: string,
    opts: { expected?: string; details?: string[]; cause?: unknown } = {},
  ) {
    const where = formatLocation(loc);
    super("ScenarioMalformed", `${where}: ${loc.path ? `${loc.path}: ` : ""}${problem}`, { details: opts.details, cause: opts.cause });
    this.file = loc.file;
    this.path = loc.path;
    this.line = loc.line;
    this.column = loc.column;
    this.expected = opts.expected;
    this.problem = problem;
  }
}

/**
 * Turns an error thrown while reading a scenario (a codec's `InvalidValueError`, an
 * `UnknownNameError`, any other `CorelabError`) into a `ScenarioError` at its location. Errors
 * that are not `CorelabError`s are bugs and are returned unchanged.
 *
 * `locate` maps a path to a line and column; `fallbackPath` is used when the error has no path.
 */
export function toScenarioError(
  e: unknown,
  file: string,
  fallbackPath: string,
  locate: (path: string) => { line: number; column: number } | undefined,
): unknown {
  if (e instanceof ScenarioError) return e;
  if (!(e instanceof CorelabError)) return e;
  const at = (path: string) => ({ file, path, ...locate(path) });
  if (e instanceof InvalidValueError) {
    const path = e.path || fallbackPath;
    const problem = e.shortMessage.startsWith(`${e.path}: `) ? e.shortMessage.slice(e.path.length + 2) : e.shortMessage;
    return new ScenarioError(at(path), problem, { expected: e.expected, details: e.details, cause: e });
  }
  if (e instanceof UnknownNameError) {
    // UnknownNameError's message is `${where}: unknown ${kind} '${name}'` when it knows where.
    const m = /^(.*?): (unknown .*)$/s.exec(e.shortMessage);
    const path = m && looksLikePath(m[1]!) ? m[1]! : fallbackPath;
    const problem = m && looksLikePath(m[1]!) ? m[2]! : e.shortMessage;
    // the line of the unknown name itself: the key under `path`, or `path` when it ends with the name
    const isKey = path === e.unknown || path.endsWith(`.${e.unknown}`);
    const keyPath = isKey ? path : path ? `${path}.${e.unknown}` : e.unknown;
    const loc = locate(keyPath) ? { file, path, ...locate(keyPath) } : at(path);
    return new ScenarioError(loc, problem, { details: e.details, cause: e });
  }
  return new ScenarioError(at(fallbackPath), e.shortMessage, { details: e.details, cause: e });
}

function looksLikePath(s: string): boolean {
  return /^[A-Za-z_][\w]*(\.|\[|$)/.test(s) && !s.includes(" ");
}
