/**
 * The run store of the `corelab` command (`@corelab/store`): `replay` and `simulate` record every run
 * into `.corelab/runs.duckdb` (in the working folder) unless `--no-store` or `CORELAB_STORE=off`;
 * `--store <file>` names another store. `corelab runs list | show | compare | export` read it back.
 */
import { CorelabError } from "@corelab/frame";
import { DEFAULT_STORE_PATH, openStore, type RunRecorder, type RunStart, type RunStore } from "@corelab/store";
import type { CliIO } from "./io.ts";

/** The store options commands take. */
export interface StoreOptions {
  /** `--store <file>` (commander gives `false` for `--no-store`). */
  readonly store?: string | boolean;
}

/** Whether the command records: not with `--no-store`, nor with `CORELAB_STORE` set to `off`, `0` or `false`. */
export function storeEnabled(opts: StoreOptions, env: CliIO["env"]): boolean {
  if (opts.store === false) return false;
  const v = env.CORELAB_STORE?.toLowerCase();
  return !(v === "off" || v === "0" || v === "false");
}

/** The store a command writes to or reads from (`--store`, else `.corelab/runs.duckdb` in `io.cwd`). Throws `CorelabError`s naming the file. */
export async function storeOf(opts: StoreOptions, io: CliIO, readOnly = false): Promise<RunStore> {
  const path = typeof opts.store === "string" ? opts.store : DEFAULT_STORE_PATH;
  return openStore(path, { cwd: io.cwd, readOnly });
}

/**
 * A run being recorded, or nothing when the command does not record. Recording never fails the
 * command it records: a store that cannot be opened or written is reported once on stderr.
 */
export class Recording {
  private constructor(
    readonly recorder: RunRecorder | undefined,
    private readonly io: CliIO,
    private readonly path: string,
  ) {}

  /** Opens the store and begins a run (`start` without `startedAt`, which is now). */
  static async begin(opts: StoreOptions, io: CliIO, start: Omit<RunStart, "startedAt">): Promise<Recording> {
    const path = typeof opts.store === "string" ? opts.store : DEFAULT_STORE_PATH;
    if (!storeEnabled(opts, io.env)) return new Recording(undefined, io, path);
    try {
      const store = await storeOf(opts, io);
      const recorder = await store.beginRun({ ...start, startedAt: new Date().toISOString() });
      return new Recording(recorder, io, path);
    } catch (e) {
      if (!(e instanceof CorelabError)) throw e;
      io.stderr.write(`note: this run is not recorded: ${e.message}\n`);
      return new Recording(undefined, io, path);
    }
  }

  /** Ends the run with its outcome and summary, and says where it is. */
  async finish(outcome: "pass" | "fail" | "malformed" | "error", summary: unknown): Promise<void> {
    const r = this.recorder;
    if (r === undefined) return;
    try {
      await r.finish({ outcome, summary, endedAt: new Date().toISOString() });
      this.io.stderr.write(`recorded as run ${r.id} in ${this.path}: corelab runs show ${r.id}, or in a browser: corelab serve, then /runs/${r.id}\n`);
    } catch (e) {
      if (!(e instanceof CorelabError)) throw e;
      this.io.stderr.write(`note: the run could not be recorded: ${e.message}\n`);
    }
  }
}
