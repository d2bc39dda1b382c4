// The `corelab` command run in-process by the emulator's tests, with captured, non-TTY output.
import { main } from "../cli.ts";
import type { CliIO } from "../io.ts";

/** What a run printed and its exit status. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `corelab <argv>` in `cwd`. The environment is `env` over `CORELAB_STORE=off`: runs are not
 * recorded into a run store unless a test asks (`{ env: {} }` with a temporary `cwd` records).
 */
export async function runCli(argv: readonly string[], opts: { readonly cwd: string; readonly env?: CliIO["env"] }): Promise<CliRun> {
  let out = "";
  let err = "";
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s), isTTY: false },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    env: opts.env ?? { CORELAB_STORE: "off" },
    cwd: opts.cwd,
  };
  const code = await main(argv, io);
  return { code, out, err };
}
