/** Starts writer.ts in a child Node process (from the TypeScript sources, as vitest runs them). */
import { spawn, type ChildProcess } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
/** The workspace root, where `tsx` is installed. */
const ROOT = resolve(HERE, "../../../..");

export interface Writer {
  readonly child: ChildProcess;
  /** Everything the child printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal) when the child ends. */
  readonly exited: Promise<number | NodeJS.Signals>;
  /** Resolves when stdout has printed a line matching `re`. */
  waitFor(re: RegExp): Promise<void>;
}

export function startWriter(config: Record<string, unknown>): Writer {
  const child = spawn(process.execPath, ["--conditions=@corelab/source", "--import", "tsx", resolve(HERE, "writer.ts"), JSON.stringify(config)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) {
      if (w.re.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | NodeJS.Signals>((res) => child.on("exit", (code, signal) => res(signal ?? code ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (re) =>
      re.test(out)
        ? Promise.resolve()
        : new Promise<void>((res, rej) => {
            waiters.push({ re, resolve: res });
            void exited.then((code) => rej(new Error(`writer exited (${code}) before printing ${re}: ${err}`)));
          }),
  };
}
