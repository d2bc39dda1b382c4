/**
 * Sessions on the store file: take the writer lock, attach the file to the process's in-memory
 * DuckDB, run, detach (DuckDB checkpoints it: the file alone holds everything, no `.wal` left
 * beside it), release. Nothing stays open between sessions, so several processes take turns on one
 * file (see lock.ts), and a process killed between sessions leaves nothing behind but what it
 * committed.
 *
 * A write session is one transaction: a batch lands whole or not at all (a process killed inside
 * one leaves the transaction uncommitted, and DuckDB drops it when the file is next opened).
 */
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { CorelabError } from "@corelab/frame";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { acquireLock, monotonicMs, sleep, type LockOptions } from "./lock.ts";
import { META_TABLE, migrationsFrom, SCHEMA_V1, SCHEMA_VERSION, STORE_FORMAT } from "./schema.ts";

/** Where a DuckDB file has its magic number, and what it is. */
const MAGIC_OFFSET = 8;
const MAGIC = "DUCK";

/** How a session opens the file. */
export type SessionMode = "read" | "write";

/** A store file and how to take turns on it. */
export interface StoreFile {
  readonly path: string;
  readonly lock: LockOptions;
  /** The schema version of the file, once `prepareStore` has looked (a reader may see an older one). */
  version: number;
}

function refuse(path: string, why: string, cause?: unknown): CorelabError {
  return new CorelabError("NotAStore", `${path} is not a Corelab run store: ${why}`, {
    details: ["the file was left unchanged; give another path (corelab keeps its runs in .corelab/runs.duckdb)"],
    cause,
  });
}

/** Whether `path` starts like a DuckDB database file (checked before DuckDB ever opens it). */
function checkMagic(path: string): void {
  const size = statSync(path).size;
  if (size === 0) throw refuse(path, "the file is empty");
  const buf = Buffer.alloc(MAGIC_OFFSET + MAGIC.length);
  const fd = openSync(path, "r");
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  if (buf.subarray(MAGIC_OFFSET).toString("latin1") !== MAGIC) throw refuse(path, "not a DuckDB database file");
}

function isLockConflict(e: unknown): boolean {
  return e instanceof Error && /could not set lock|conflicting lock/i.test(e.message);
}

/**
 * The process's DuckDB instance: in memory, shared by every session, which ATTACHes the store file
 * and DETACHes it at the end (about 10 ms, where starting a DuckDB instance per session costs 50 to
 * 100 ms). Only an attached file is locked, so between sessions other processes are free to open it.
 */
let shared: Promise<DuckDBInstance> | undefined;
let sessions = 0;

function instance(): Promise<DuckDBInstance> {
  return (shared ??= DuckDBInstance.create(":memory:", { autoinstall_known_extensions: "false" }));
}

/** A connection with the store file attached as its default database. */
interface Attached {
  readonly c: DuckDBConnection;
  readonly alias: string;
}

/** Attaches the store file, retrying while another program holds DuckDB's own lock on it. */
async function attach(path: string, mode: SessionMode, deadline: number): Promise<Attached> {
  const c = await (await instance()).connect();
  const alias = `corelab_store_${++sessions}`;
  let wait = 10;
  try {
    for (;;) {
      try {
        await c.run(`ATTACH '${path.replaceAll("'", "''")}' AS ${alias} (TYPE duckdb${mode === "read" ? ", READ_ONLY" : ""})`);
        await c.run(`USE ${alias}`);
        return { c, alias };
      } catch (e) {
        if (isLockConflict(e) && monotonicMs() < deadline) {
          await sleep(wait);
          wait = Math.min(200, wait * 2);
          continue;
        }
        if (isLockConflict(e)) throw new CorelabError("StoreLocked", `the run store ${path} is open in another program`, { details: [(e as Error).message], cause: e });
        throw refuse(path, (e as Error).message.split("\n")[0] ?? String(e), e);
      }
    }
  } catch (e) {
    c.closeSync();
    throw e;
  }
}

/** Detaches (DuckDB checkpoints a written file here) and closes the connection. */
async function detach({ c, alias }: Attached): Promise<void> {
  try {
    await c.run("USE memory");
    await c.run(`DETACH ${alias}`);
  } finally {
    c.closeSync();
  }
}

/**
 * Runs `fn` on a connection to the store: under the lock, in one transaction for writes. Errors of
 * `fn` roll the transaction back and propagate.
 */
export async function withSession<T>(file: StoreFile, mode: SessionMode, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const lock = await acquireLock(file.path, file.lock, mode === "read");
  try {
    // the file may have gone or been replaced since openStore: DuckDB must not create or touch it
    if (!existsSync(file.path)) throw new CorelabError("StoreMissing", `the run store ${file.path} is gone`);
    checkMagic(file.path);
    const session = await attach(file.path, mode, monotonicMs() + file.lock.timeoutMs);
    const { c } = session;
    try {
      if (mode === "read") return await fn(c);
      await c.run("BEGIN TRANSACTION");
      try {
        const out = await fn(c);
        if (lock.compromised) throw new CorelabError("StoreLockLost", `lost the lock of ${file.path} while writing (the process stalled longer than the stale time)`, { cause: lock.compromised });
        await c.run("COMMIT");
        return out;
      } catch (e) {
        await c.run("ROLLBACK").catch(() => undefined);
        throw e;
      }
    } finally {
      await detach(session);
    }
  } finally {
    await lock.release();
  }
}

/** One-column query helper: the first row's first value. */
export async function scalar(c: DuckDBConnection, sql: string, values?: Parameters<DuckDBConnection["run"]>[1]): Promise<unknown> {
  const r = await c.runAndReadAll(sql, values);
  return r.currentRowCount > 0 ? r.getRowsJS()[0]![0] : undefined;
}

/**
 * Makes sure `path` is a Corelab store of a version this code reads: creates it (the schema, in one
 * transaction) when the file does not exist and `create` is set; otherwise checks, without writing,
 * that it is a DuckDB file with the `corelab_store` table, the right format and a version not newer
 * than `SCHEMA_VERSION`. Throws `CorelabError` (`NotAStore`, `StoreTooNew`, `StoreMissing`) naming
 * the path; a refused file is left unchanged.
 */
export async function prepareStore(file: StoreFile, create: boolean): Promise<void> {
  if (!create && !existsSync(file.path)) throw new CorelabError("StoreMissing", `no run store at ${file.path}`, { details: ["a store is created by the first command that records a run"] });
  const lock = await acquireLock(file.path, file.lock, !create);
  let created = false;
  try {
    if (!existsSync(file.path)) {
      if (!create) throw new CorelabError("StoreMissing", `no run store at ${file.path}`);
      const session = await attach(file.path, "write", monotonicMs() + file.lock.timeoutMs);
      created = true;
      try {
        await session.c.run("BEGIN TRANSACTION");
        for (const sql of [...SCHEMA_V1, ...migrationsFrom(1)]) await session.c.run(sql);
        await session.c.run("COMMIT");
        file.version = SCHEMA_VERSION;
      } finally {
        await detach(session);
      }
      return;
    }
    checkMagic(file.path);
    const session = await attach(file.path, "read", monotonicMs() + file.lock.timeoutMs);
    try {
      const { c, alias } = session;
      {
        const has = await scalar(c, `SELECT count(*)::INTEGER FROM duckdb_tables() WHERE database_name = '${alias}' AND schema_name = 'main' AND table_name = '${META_TABLE}'`);
        if (has !== 1) throw refuse(file.path, `a DuckDB database without the ${META_TABLE} table`);
        const meta = new Map((await c.runAndReadAll(`SELECT key, value FROM ${META_TABLE}`)).getRowsJS().map(([k, v]) => [String(k), String(v)]));
        if (meta.get("format") !== STORE_FORMAT) throw refuse(file.path, `its ${META_TABLE} table says format ${JSON.stringify(meta.get("format"))}`);
        const version = Number(meta.get("schema_version"));
        if (!Number.isInteger(version) || version < 1) throw refuse(file.path, `bad schema version ${JSON.stringify(meta.get("schema_version"))}`);
        if (version > SCHEMA_VERSION) {
          throw new CorelabError("StoreTooNew", `the run store ${file.path} has schema version ${version}, newer than this Corelab reads (${SCHEMA_VERSION})`, {
            details: ["the file was left unchanged; upgrade Corelab to read it, or give another path"],
          });
        }
        file.version = version;
      }
    } finally {
      await detach(session);
    }
    if (create && file.version < SCHEMA_VERSION) {
      // a writer upgrades an older store, in one transaction (a failure leaves it as it was)
      const w = await attach(file.path, "write", monotonicMs() + file.lock.timeoutMs);
      try {
        await w.c.run("BEGIN TRANSACTION");
        try {
          for (const sql of migrationsFrom(file.version)) await w.c.run(sql);
          await w.c.run("COMMIT");
        } catch (e) {
          await w.c.run("ROLLBACK").catch(() => {});
          throw new CorelabError("StoreUpgradeFailed", `could not upgrade the run store ${file.path} from schema version ${file.version} to ${SCHEMA_VERSION}`, { details: [String((e as Error).message ?? e)], cause: e });
        }
        file.version = SCHEMA_VERSION;
      } finally {
        await detach(w);
      }
    }
  } catch (e) {
    if (created) {
      // a half-made store would be refused as "not a Corelab store" from now on
      for (const f of [file.path, `${file.path}.wal`]) rmSync(f, { force: true });
      throw new CorelabError("StoreCreateFailed", `could not create the run store ${file.path}`, { details: [String((e as Error).message ?? e)], cause: e });
    }
    throw e;
  } finally {
    await lock.release();
  }
}
