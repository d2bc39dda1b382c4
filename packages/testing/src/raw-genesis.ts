/**
 * Real state files: a scenario's `genesis: { raw: <file> }` and `corelab replay --fork <file>`
 * (`@corelab/frame`'s `raw-state.ts` decodes them into a runtime). A file is one of
 *
 * - a raw chain spec (JSON with `genesis.raw.top`),
 * - a `{ "0x<key>": "0x<value>" }` map (JSON or YAML; what `corelab state --format raw` writes),
 * - chopsticks' `import-storage` (YAML or JSON: `Pallet: { Item: value | [[key…], value] … }`, or
 *   its raw `[[key, value], …]` list; what `corelab state --format chopsticks` writes),
 *
 * optionally gzipped (`*.gz`). The kind is told by the content, not the name.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { CorelabError, RawStateError, rawStoragePairs, readChopsticksState, readRawState, type RawStateLoad, type Runtime } from "@corelab/frame";
import { ScenarioError } from "./errors.ts";
import { parseSource } from "./source.ts";

/** The kind of a state file, told by its content. */
export type StateFileKind = "chain-spec" | "raw" | "chopsticks";

/** A state file read and parsed (not yet decoded for a runtime). */
export interface StateFile {
  /** The file as given (for messages). */
  readonly file: string;
  readonly kind: StateFileKind;
  /** The parsed document. */
  readonly document: unknown;
}

/** The largest state file read (a chain spec with its wasm is a few MB; a big fork some hundred). */
const MAX_STATE_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Reads and parses a state file (`path` resolved against `cwd`, named as given). Throws a
 * `RawStateError` naming the file when it cannot be read or parsed.
 */
export function readStateFile(path: string, cwd = process.cwd()): StateFile {
  const full = resolve(cwd, path);
  const fail = (problem: string, cause?: unknown): never => {
    throw new RawStateError(path, problem, { cause });
  };
  let bytes: Buffer;
  try {
    const st = statSync(full);
    if (!st.isFile()) fail("not a regular file: a state file is a chain spec, a raw storage map or chopsticks' import-storage");
    if (st.size > MAX_STATE_FILE_BYTES) fail(`the file has ${st.size} bytes, more than the ${MAX_STATE_FILE_BYTES} a state file may have`);
    bytes = readFileSync(full);
  } catch (e) {
    if (e instanceof RawStateError) throw e;
    return fail(`cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, e);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      return fail(`not a valid gzip file: ${(e as Error).message}`, e);
    }
  }
  const text = bytes.toString("utf8");
  let document: unknown;
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      document = JSON.parse(text);
    } catch {
      document = yamlOf(text, path);
    }
  } else document = yamlOf(text, path);
  return { file: path, kind: kindOf(document), document };
}

function yamlOf(text: string, file: string): unknown {
  try {
    return parseSource(text, file).value;
  } catch (e) {
    if (e instanceof ScenarioError) throw new RawStateError(file, `${e.line !== undefined ? `line ${e.line}: ` : ""}${e.problem}`, { cause: e });
    throw e;
  }
}

function kindOf(doc: unknown): StateFileKind {
  if (Array.isArray(doc)) return "chopsticks";
  if (typeof doc === "object" && doc !== null) {
    if (Object.hasOwn(doc, "genesis")) return "chain-spec";
    const keys = Object.keys(doc);
    if (keys.every((k) => k.startsWith("0x") || k.startsWith("0X"))) return "raw";
    return "chopsticks";
  }
  return "raw"; // refused by rawStoragePairs, naming the file
}

/** Decodes a state file for `rt` (nothing written: `applyRawState` does). Throws a `RawStateError` naming the file, key and item. */
export function decodeStateFile(rt: Runtime, f: StateFile): RawStateLoad {
  if (f.kind === "chopsticks") return readChopsticksState(rt, f.document, f.file);
  return readRawState(rt, rawStoragePairs(f.document, f.file), f.file);
}

/**
 * Refuses a runtime whose accounts are not SS58 addresses (a mock's `pallet:Broker` = `"0"`):
 * decoded accounts are SS58 addresses, which such a runtime does not hold. `accounts` are the
 * preset's account aliases.
 */
export function ensureSs58Accounts(preset: string, accounts: Readonly<Record<string, string>> | undefined, what: string): void {
  for (const name of Object.keys(accounts ?? {}).sort()) {
    const id = accounts![name]!;
    if (!/^[1-9A-HJ-NP-Za-km-z]{46,50}$/.test(id) && !/^0x[0-9a-fA-F]{64}$/.test(id))
      throw new CorelabError("RawStateUnsupported", `runtime preset '${preset}' cannot take ${what}: its accounts are not SS58 addresses (${name} is ${JSON.stringify(id)})`, {
        details: ["raw storage holds 32-byte accounts; a mock runtime's ids (\"1001\", \"0\") stand for a Rust mock's u64 AccountId: use a real chain's preset (coretime-polkadot, coretime-kusama)"],
      });
  }
}
