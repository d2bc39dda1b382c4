/**
 * Loading scenario files: text → plain values (`source.ts`) → the validated structure
 * (`schema.ts`). Values inside are parsed later, against the runtime (`compile.ts`).
 */
import { closeSync, fstatSync, openSync, readSync, readdirSync, statSync, type Stats } from "node:fs";
import { resolve } from "node:path";
import { ScenarioError } from "./errors.ts";
import { raiseHint, scenarioLimits, type ScenarioLimits } from "./limits.ts";
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
 *
 * Only regular files are read (symbolic links are followed): a folder, a named pipe, a device
 * (`/dev/zero`) or a socket is refused before anything is read, and so is a file larger than
 * `limits.maxFileBytes` (`ScenarioLimits`, default 16 MiB, `CORELAB_MAX_FILE_BYTES`).
 */
export function loadScenario(path: string, opts: { cwd?: string; limits?: Partial<ScenarioLimits> } = {}): Scenario {
  return parseScenario(readScenarioText(path, opts), path);
}

/** The text of a scenario file, read as `loadScenario` reads it (regular files only, size limit). */
export function readScenarioText(path: string, opts: { cwd?: string; limits?: Partial<ScenarioLimits> } = {}): string {
  const full = opts.cwd ? resolve(opts.cwd, path) : path;
  const fail = (problem: string): never => {
    throw new ScenarioError({ file: path, path: "" }, problem);
  };
  const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  const max = scenarioLimits(opts.limits).maxFileBytes;
  let st: Stats;
  try {
    st = statSync(full); // follows symbolic links: a link to /dev/zero is a device
  } catch (e) {
    return fail(`cannot read the file: ${code(e)}`);
  }
  refuseNonRegular(st, full, fail);
  if (st.size > max) fail(`the file has ${st.size} bytes, more than the ${max} a scenario file may have (${raiseHint("maxFileBytes")})`);
  let fd: number;
  try {
    fd = openSync(full, "r");
  } catch (e) {
    return fail(`cannot read the file: ${code(e)}`);
  }
  try {
    // the file opened may not be the one looked at (replaced in between): check it again
    const st2 = fstatSync(fd);
    refuseNonRegular(st2, full, fail);
    // read at most max + 1 bytes: a file that grew past the limit is refused, not read whole
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, max + 1 - total));
      const r = readSync(fd, chunk, 0, chunk.length, null);
      if (r === 0) break;
      chunks.push(r === chunk.length ? chunk : chunk.subarray(0, r));
      total += r;
      if (total > max) fail(`the file has more than the ${max} bytes a scenario file may have (${raiseHint("maxFileBytes")})`);
    }
    return Buffer.concat(chunks, total).toString("utf8");
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    return fail(`cannot read the file: ${code(e)}`);
  } finally {
    closeSync(fd);
  }
}

/** Throws (through `fail`) unless `st` is a regular file, saying what it is. */
function refuseNonRegular(st: Stats, full: string, fail: (problem: string) => never): void {
  if (st.isFile()) return;
  if (st.isDirectory()) {
    try {
      readdirSync(full);
    } catch (e) {
      fail(`a folder that cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"}): its scenario files cannot be listed`);
    }
    fail("a folder, not a scenario file (give the folder itself to `corelab replay` or `findScenarioFiles` to replay the files in it)");
  }
  const what = st.isFIFO() ? "a named pipe" : st.isCharacterDevice() ? "a character device" : st.isBlockDevice() ? "a block device" : st.isSocket() ? "a socket" : "something";
  fail(`${what}, not a regular file: it is not read (a scenario file is a regular file)`);
}
