/**
 * `corelab state <scenario> [--at <block>] [--format raw|chopsticks] [--out <file>] [--fork <file>]`:
 * replays a scenario and writes its storage after block `<block>` is sealed (default: its last
 * block): `raw`, one JSON object `{ "0x<key>": "0x<value>", … }` of every key, sorted by key;
 * `chopsticks`, chopsticks' `import-storage` YAML, to load into chopsticks on the real runtime.
 * Either loads back with a scenario's `genesis: { raw: <file> }`.
 *
 * What was written and what was left out (items without a SCALE form, pallets no real chain has
 * in the chopsticks form, `Balances.Account` written as `System.Account`) goes to stderr.
 *
 * Exit status: 0 written · 1 written, but the scenario's expectations failed · 2 the file, the
 * options or the runtime do not allow it (a mock runtime has no raw state) · 3 the replay stopped
 * with an error.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { CorelabError, formatRawStateSummary, initCrypto } from "@corelab/frame";
import { chopsticksStateText, loadScenarioRuntime, rawStateText, scenarioState, ScenarioError, type StateText } from "@corelab/testing";
import { EXIT } from "../exit.ts";
import type { CliIO } from "../io.ts";
import { registerBuiltinPresets } from "../presets.ts";

/** Options of `corelab state`. */
export interface StateOptions {
  readonly at?: string;
  readonly format?: string;
  readonly out?: string;
  readonly fork?: string;
}

/** Runs `corelab state`. Returns the exit status. */
export async function stateCommand(file: string, opts: StateOptions, io: CliIO): Promise<number> {
  const fail = (msg: string, code: number = EXIT.malformed): number => {
    io.stderr.write(`error: ${msg}\n`);
    return code;
  };
  const format = opts.format ?? "raw";
  if (format !== "raw" && format !== "chopsticks") return fail(`--format: raw or chopsticks, got '${format}'`);
  let at: number | undefined;
  if (opts.at !== undefined) {
    if (!/^\d+$/.test(opts.at) || !Number.isSafeInteger(Number(opts.at))) return fail(`--at: a block number, got '${opts.at}'`);
    at = Number(opts.at);
  }
  registerBuiltinPresets();
  await initCrypto();
  let s;
  try {
    const preset = await loadScenarioRuntime(file, { cwd: io.cwd });
    s = scenarioState(file, { cwd: io.cwd, ...(at !== undefined ? { at } : {}), ...(preset !== undefined ? { preset } : {}), ...(opts.fork !== undefined ? { fork: opts.fork } : {}) });
  } catch (e) {
    if (!(e instanceof CorelabError)) throw e;
    // a replay that stopped (a hook or a call threw) is an error; anything else is the input's
    return fail(e.message, !(e instanceof ScenarioError) && (e.code === "HookThrew" || e.code === "CallThrew") ? EXIT.error : EXIT.malformed);
  }
  let out: StateText;
  try {
    const header = [`corelab state ${file} --at ${s.block}: ${s.runtime.name}, the storage after block ${s.block}`];
    out = format === "raw" ? rawStateText(s.runtime, { state: s.state }) : chopsticksStateText(s.runtime, { state: s.state, header });
  } catch (e) {
    if (!(e instanceof CorelabError)) throw e;
    return fail(e.message);
  }
  if (opts.out !== undefined) writeFileSync(resolve(io.cwd, opts.out), out.text);
  else io.stdout.write(out.text);
  const note = (l: string) => io.stderr.write(`${l}\n`);
  note(`${out.keys} keys after block ${s.block} of ${file} (${s.runtime.name}), ${format}${opts.out !== undefined ? ` → ${opts.out}` : ""}`);
  for (const g of out.mapped) note(`  ${g.name}: ${g.keys} keys ${g.note ?? ""}`.trimEnd());
  for (const g of out.skipped) note(`  left out ${g.name} (${g.keys} keys): ${g.note ?? ""}`.trimEnd());
  if (s.rawGenesis !== undefined) for (const l of formatRawStateSummary(s.rawGenesis)) note(`  genesis from ${l}`);
  if (!s.result.passed) {
    note(`  the scenario's expectations failed (${s.result.mismatches.length} mismatches): run corelab replay ${file}`);
    return EXIT.failed;
  }
  return EXIT.ok;
}
