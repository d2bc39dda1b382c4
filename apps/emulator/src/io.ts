/**
 * The command's view of the outside world: two output streams, the environment and the working
 * folder. `main(argv, io)` takes one, so tests run the CLI in-process and read what it printed.
 */

/** An output stream (process.stdout/stderr, or a test's buffer). */
export interface OutStream {
  write(chunk: string): unknown;
  /** Whether the stream is a terminal (colour, progress bars). */
  readonly isTTY?: boolean;
}

/** What the CLI reads and writes. */
export interface CliIO {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** The process's own streams, environment and folder. */
export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** ANSI styles, or identity functions when colour is off. */
export interface Style {
  readonly enabled: boolean;
  readonly pass: (s: string) => string;
  readonly fail: (s: string) => string;
  readonly warn: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

/**
 * Colour on a TTY only: `--color`/`--no-color` win, then `NO_COLOR` (off) and `FORCE_COLOR`
 * (on, unless "0"), then whether `stream` is a terminal.
 */
export function styleFor(stream: OutStream, env: CliIO["env"], flag: boolean | undefined): Style {
  let on: boolean;
  if (flag !== undefined) on = flag;
  else if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") on = false;
  else if (env.FORCE_COLOR !== undefined) on = env.FORCE_COLOR !== "0";
  else on = stream.isTTY === true;
  const sgr = (open: number, close: number) => (s: string) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { enabled: on, pass: sgr(32, 39), fail: sgr(31, 39), warn: sgr(33, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}
