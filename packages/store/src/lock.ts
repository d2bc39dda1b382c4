/**
 * The writer lock: one lock directory next to the store (`runs.duckdb.lock`), taken with
 * proper-lockfile (an atomic `mkdir`, its mtime refreshed while held). Every session on the store,
 * reading or writing, takes it for as long as it has the DuckDB file open (DuckDB lets one process
 * open a file read-write, and no other process open it at all meanwhile), so sessions of several
 * processes queue here instead of failing in DuckDB.
 *
 * A lock whose holder died (SIGKILL, power loss) is not refreshed any more and is taken over once
 * older than `staleMs`. DuckDB's own file lock stays the last guard: a session that cannot attach the
 * file (another program has it open) retries for up to `timeoutMs` more.
 */
import { CorelabError } from "@corelab/frame";
import { randomInt } from "node:crypto";
import lockfile from "proper-lockfile";

/** Lock timing. */
export interface LockOptions {
  /** How long to wait for the lock before failing with `StoreLocked` (milliseconds). */
  readonly timeoutMs: number;
  /** When a lock not refreshed for this long is taken over (milliseconds, at least 2000). */
  readonly staleMs: number;
}

export const DEFAULT_LOCK: LockOptions = { timeoutMs: 120_000, staleMs: 10_000 };

/** A held lock: `release` ends it; `compromised` is set when it was lost (taken over as stale). */
export interface HeldLock {
  release(): Promise<void>;
  readonly compromised: Error | undefined;
}

export function lockPath(storePath: string): string {
  return `${storePath}.lock`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The monotonic clock in milliseconds (timeouts only; never stored). */
export function monotonicMs(): number {
  return performance.now();
}

/** Errors of creating the lock that mean "this folder cannot be written". */
const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS"]);

const NO_LOCK: HeldLock = { release: async () => undefined, compromised: undefined };

/**
 * Takes the lock of the store at `storePath`, waiting up to `opts.timeoutMs` (polling every 5 to
 * 100 ms, with jitter). Throws `CorelabError` `StoreLocked` naming the lock on time-out. A reader
 * (`reading`) of a store in a folder it cannot write goes on without the lock (nobody can write
 * there either, or DuckDB's own lock refuses the open).
 */
export async function acquireLock(storePath: string, opts: LockOptions, reading = false): Promise<HeldLock> {
  const deadline = monotonicMs() + opts.timeoutMs;
  const stale = Math.max(2000, opts.staleMs);
  let wait = 5;
  const state: { compromised: Error | undefined } = { compromised: undefined };
  for (;;) {
    try {
      const release = await lockfile.lock(storePath, {
        realpath: false,
        lockfilePath: lockPath(storePath),
        stale,
        update: Math.max(1000, Math.floor(stale / 4)),
        retries: 0,
        onCompromised: (err) => {
          state.compromised = err;
        },
      });
      return {
        get compromised() {
          return state.compromised;
        },
        release: async () => {
          if (state.compromised) return;
          await release().catch(() => undefined);
        },
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? "";
      if (reading && UNWRITABLE.has(code)) return NO_LOCK;
      if (code !== "ELOCKED") throw e;
      if (monotonicMs() >= deadline) {
        throw new CorelabError("StoreLocked", `the run store ${storePath} is locked by another process`, {
          details: [`waited ${Math.round(opts.timeoutMs / 1000)} s for ${lockPath(storePath)}; a lock left by a killed process is taken over after ${stale / 1000} s`],
        });
      }
      await sleep(wait / 2 + randomInt(wait));
      wait = Math.min(100, wait * 2);
    }
  }
}
