/**
 * `corelab check` (validate scenario files without running them) and `corelab presets` (the
 * runtime presets a scenario's `runtime:` may name). Loaded by `cli.ts` when one of them runs.
 */
import { CorelabError } from "@corelab/frame";
import { compileScenario, findScenarioFiles, limitsFromEnv, listPresets, loadScenario, type ScenarioLimits } from "@corelab/testing";
import { EXIT } from "../exit.ts";
import { styleFor, type CliIO } from "../io.ts";
import { registerBuiltinPresets } from "../presets.ts";

/**
 * `corelab check <paths...>`: compiles each file (structure and every value, and the limits of
 * `CORELAB_MAX_BLOCKS` & co. as `replay` applies them); exit 2 if any is malformed.
 */
export function checkCommand(paths: readonly string[], opts: { color?: boolean }, io: CliIO): number {
  registerBuiltinPresets();
  const style = styleFor(io.stdout, io.env, opts.color === false ? false : undefined);
  let limits: Partial<ScenarioLimits>;
  try {
    limits = limitsFromEnv(io.env);
  } catch (e) {
    io.stderr.write(`error: ${(e as Error).message}\n`);
    return EXIT.malformed;
  }
  const files = findScenarioFiles(paths, { cwd: io.cwd });
  if (files.length === 0) {
    io.stderr.write(`error: no scenario files in ${paths.join(", ")}\n`);
    return EXIT.malformed;
  }
  let bad = 0;
  for (const f of files) {
    try {
      const c = compileScenario(loadScenario(f, { cwd: io.cwd, limits }), { limits });
      io.stdout.write(`${style.pass("OK")}     ${f}  ${style.dim(`${c.steps.length} steps, ${c.lastBlock - c.start} blocks, runtime ${c.preset.name}`)}\n`);
    } catch (e) {
      if (!(e instanceof CorelabError)) throw e;
      bad++;
      io.stdout.write(`${style.fail("ERROR")}  ${f}\n  ${e.message.split("\n").join("\n  ")}\n`);
    }
  }
  return bad ? EXIT.malformed : EXIT.ok;
}

/** `corelab presets [--json]`: one line per preset (name, description, token, account aliases), or JSON. */
export function presetsCommand(opts: { json?: boolean }, io: CliIO): number {
  registerBuiltinPresets();
  const presets = listPresets();
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(presets.map((x) => ({ name: x.name, description: x.description, token: x.token ?? null, accounts: x.accounts ?? {} })), null, 2)}\n`);
    return EXIT.ok;
  }
  const w = Math.max(...presets.map((x) => x.name.length));
  for (const x of presets) {
    const aliases = Object.keys(x.accounts ?? {});
    const shown = aliases.length > 4 ? `${aliases.slice(0, 3).join(", ")}, … (${aliases.length} in all; --json lists them)` : aliases.join(", ");
    const extra = [x.token ? `token ${x.token.symbol} (${x.token.decimals} decimals)` : "", aliases.length ? `accounts ${shown}` : ""].filter(Boolean);
    io.stdout.write(`${x.name.padEnd(w)}  ${x.description}${extra.length ? `; ${extra.join("; ")}` : ""}\n`);
  }
  return EXIT.ok;
}
