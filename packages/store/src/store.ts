/**
 * `openStore` and `RunStore`: the run store of Corelab, one DuckDB file (default
 * `.corelab/runs.duckdb`) that every `corelab replay`, `simulate` and `compare` can record into,
 * and that lists, reads back, compares and exports runs.
 *
 * The store holds no connection between calls: every call is a session (lock, open, work, close,
 * unlock; see db.ts and lock.ts), so any number of processes can record into one store at once.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { CorelabError } from "@corelab/frame";
import type { DuckDBConnection } from "@duckdb/node-api";
import { prepareStore, scalar, withSession, type SessionMode, type StoreFile } from "./db.ts";
import { flatten, fromJsonText, jsonEqual, toJsonText } from "./json.ts";
import { DEFAULT_LOCK } from "./lock.ts";
import { readMetrics, scanMetrics, writeMetrics, type PendingMetrics } from "./metrics.ts";
import {
  RUN_KINDS,
  RUN_OUTCOMES,
  type BlockInput,
  type ComparedMetric,
  type ComparedValue,
  type CoreRunInput,
  type ExpectationInput,
  type ExportFormat,
  type MetricRow,
  type MetricSeries,
  type RunComparison,
  type RunCounts,
  type RunDetails,
  type RunEnd,
  type RunInfo,
  type RunKind,
  type RunOutcome,
  type RunStart,
  type RunStatus,
  type StoredBlock,
  type StoredCoreRun,
  type StoredExpectation,
} from "./types.ts";

/** Where Corelab keeps its runs, relative to the working directory. */
export const DEFAULT_STORE_PATH = ".corelab/runs.duckdb";

/** When a recorder writes what it has buffered (it always does on `flush` and `finish`). */
export interface BatchLimits {
  /** Buffered metric values (rows × columns) that trigger a write. Default 2,000,000. */
  readonly metricValues: number;
  /** Buffered block JSON (characters) that triggers a write. Default 8,000,000. */
  readonly blockChars: number;
  /** Buffered expectations (and, separately, core-run segments) that trigger a write. Default 10,000. */
  readonly expectations: number;
}

/** The batch limits `openStore` uses unless given others (`batch`). */
export const DEFAULT_BATCH: BatchLimits = { metricValues: 2_000_000, blockChars: 8_000_000, expectations: 10_000 };

/** Options of `openStore`. */
export interface OpenStoreOptions {
  /** Only read: `beginRun` throws, the file is opened read-only, a missing store is an error. */
  readonly readOnly?: boolean;
  /** What a relative path resolves against (default `process.cwd()`). */
  readonly cwd?: string;
  /** How long a call waits for another process's session before failing (ms; default 120,000). */
  readonly lockTimeoutMs?: number;
  /** When a lock left by a killed process is taken over (ms, ≥ 2000; default 10,000). */
  readonly lockStaleMs?: number;
  /** When recorders write their buffers. */
  readonly batch?: Partial<BatchLimits>;
}

/**
 * Opens (and on first use creates: the folder, the file, the schema) the run store at `path`
 * (default `DEFAULT_STORE_PATH`), resolved against `opts.cwd` or the working directory.
 *
 * Throws `CorelabError` naming the path, leaving the file unchanged: `NotAStore` (a file that is not
 * a DuckDB database, or a DuckDB database without Corelab's `corelab_store` table), `StoreTooNew`
 * (a newer schema version), `StoreMissing` (`readOnly` and no file), `StoreLocked` (another process
 * held it past `lockTimeoutMs`).
 */
export async function openStore(path: string = DEFAULT_STORE_PATH, opts: OpenStoreOptions = {}): Promise<RunStore> {
  const abs = resolve(opts.cwd ?? process.cwd(), path);
  const readOnly = opts.readOnly ?? false;
  if (!readOnly) mkdirSync(dirname(abs), { recursive: true });
  const file: StoreFile = { path: abs, version: 0, lock: { timeoutMs: opts.lockTimeoutMs ?? DEFAULT_LOCK.timeoutMs, staleMs: opts.lockStaleMs ?? DEFAULT_LOCK.staleMs } };
  await prepareStore(file, !readOnly);
  return new RunStore(file, readOnly, { ...DEFAULT_BATCH, ...opts.batch });
}

/** Filters of `RunStore.blocks`. */
export interface BlockFilter {
  readonly file?: string;
  readonly chain?: string;
  /** First block number (inclusive). */
  readonly from?: number;
  /** Last block number (inclusive). */
  readonly to?: number;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function invalid(what: string, msg: string): CorelabError {
  return new CorelabError("InvalidRunInput", `${what}: ${msg}`);
}

function checkDate(what: string, field: string, value: unknown): string {
  if (typeof value !== "string" || !ISO_DATE_TIME.test(value) || !Number.isFinite(Date.parse(value))) {
    throw invalid(what, `${field} must be an ISO 8601 date-time with a zone (2026-04-21T13:45:02.123Z), not ${JSON.stringify(value)}`);
  }
  return value;
}

/** `'…'` as a SQL string literal. */
function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** Whether process `pid` is alive on this host. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const RUN_COLUMNS = `run, id, kind, to_json(command)::VARCHAR AS command, corelab_version, runtime, model, params::VARCHAR AS params,
  to_json(seeds)::VARCHAR AS seeds, sweep_points::VARCHAR AS sweep_points,
  strftime(started_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS started_at,
  strftime(ended_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%gZ') AS ended_at,
  outcome, summary::VARCHAR AS summary, pid, host`;

function runInfo(r: Record<string, unknown>): RunInfo {
  const outcome = (r.outcome ?? null) as RunOutcome | null;
  const pid = Number(r.pid);
  const host = String(r.host);
  const status: RunStatus = outcome !== null ? "finished" : host === hostname() && alive(pid) ? "running" : "incomplete";
  return {
    id: String(r.id),
    kind: r.kind as RunKind,
    command: fromJsonText(r.command) as string[],
    corelabVersion: String(r.corelab_version),
    runtime: (r.runtime ?? null) as string | null,
    model: (r.model ?? null) as string | null,
    params: fromJsonText(r.params),
    seeds: fromJsonText(r.seeds) as number[] | null,
    sweepPoints: fromJsonText(r.sweep_points) as unknown[] | null,
    startedAt: String(r.started_at),
    endedAt: (r.ended_at ?? null) as string | null,
    outcome,
    summary: fromJsonText(r.summary),
    status,
    pid,
    host,
  };
}

/** Rows of a query as plain objects (numbers for INTEGER/DOUBLE, strings, booleans, null). */
async function rowsOf(c: DuckDBConnection, sql: string, values?: Parameters<DuckDBConnection["run"]>[1]): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql, values)).getRowObjectsJS() as Record<string, unknown>[];
}

/**
 * A run store. Every method is one session on the file (see the module doc); none keeps it open.
 * Reads see what recorders have flushed (a recorder flushes when its buffer passes the batch
 * limits, on `flush` and on `finish`).
 */
export class RunStore {
  /** @internal use `openStore` */
  constructor(
    private readonly file: StoreFile,
    /** Whether this store only reads. */
    readonly readOnly: boolean,
    private readonly batch: BatchLimits,
  ) {}

  /** The absolute path of the store file. */
  get path(): string {
    return this.file.path;
  }

  /** @internal */
  session<T>(mode: SessionMode, fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    if (mode === "write" && this.readOnly) return Promise.reject(new CorelabError("StoreReadOnly", `the run store ${this.path} was opened read-only`));
    return withSession(this.file, this.readOnly ? "read" : mode, fn);
  }

  /**
   * Records the start of a run and returns its recorder. The run is listed at once, with outcome
   * `null` (status `running`, or `incomplete` once its process is gone) until `finish`.
   *
   * The id is `YYYYMMDD-HHMMSS-xxxxxx`: `startedAt` in UTC to the second, then 6 random hex digits
   * (unique in the store), so ids sort by start time. Throws `CorelabError` `InvalidRunInput` for a
   * bad kind, command or date, `StoreReadOnly` on a read-only store.
   */
  async beginRun(start: RunStart): Promise<RunRecorder> {
    const what = "beginRun";
    if (!RUN_KINDS.includes(start.kind)) throw invalid(what, `kind must be one of ${RUN_KINDS.join(", ")}, not ${JSON.stringify(start.kind)}`);
    if (!Array.isArray(start.command) || start.command.some((a) => typeof a !== "string")) throw invalid(what, "command must be an array of strings");
    if (typeof start.corelabVersion !== "string") throw invalid(what, "corelabVersion must be a string");
    if (start.seeds !== undefined && (!Array.isArray(start.seeds) || start.seeds.some((s) => !Number.isSafeInteger(s)))) throw invalid(what, "seeds must be an array of integers");
    if (start.sweepPoints !== undefined && !Array.isArray(start.sweepPoints)) throw invalid(what, "sweepPoints must be an array");
    const startedAt = checkDate(what, "startedAt", start.startedAt);
    const { run, id } = await this.session("write", async (c) => {
      const stamp = String(await scalar(c, "SELECT strftime(CAST($1 AS TIMESTAMPTZ) AT TIME ZONE 'UTC', '%Y%m%d-%H%M%S')", [startedAt]));
      let id: string;
      do id = `${stamp}-${randomBytes(3).toString("hex")}`;
      while (Number(await scalar(c, "SELECT count(*)::INTEGER FROM runs WHERE id = $1", [id])) > 0);
      const run = await scalar(
        c,
        `INSERT INTO runs (id, kind, command, corelab_version, runtime, model, params, seeds, sweep_points, started_at, pid, host)
         VALUES ($1, $2, from_json($3, '["VARCHAR"]'), $4, $5, $6, $7, from_json($8, '["BIGINT"]'), $9, CAST($10 AS TIMESTAMPTZ), $11, $12) RETURNING run`,
        [
          id,
          start.kind,
          JSON.stringify(start.command),
          start.corelabVersion,
          start.runtime ?? null,
          start.model ?? null,
          start.params === undefined ? null : toJsonText(start.params),
          start.seeds === undefined ? null : JSON.stringify(start.seeds),
          start.sweepPoints === undefined ? null : toJsonText(start.sweepPoints),
          startedAt,
          process.pid,
          hostname(),
        ],
      );
      return { run: Number(run), id };
    });
    return new RunRecorder(this, run, id, this.batch);
  }

  /** Runs, newest first (by start time, then id); `kind` filters, `limit` caps the count. */
  async listRuns(opts: { readonly kind?: RunKind; readonly limit?: number } = {}): Promise<RunInfo[]> {
    const where = opts.kind ? `WHERE kind = ${sqlString(opts.kind)}` : "";
    const limit = opts.limit !== undefined ? `LIMIT ${Math.max(0, Math.trunc(opts.limit))}` : "";
    const rows = await this.session("read", (c) => rowsOf(c, `SELECT ${RUN_COLUMNS} FROM runs ${where} ORDER BY started_at DESC, id DESC ${limit}`));
    return rows.map(runInfo);
  }

  /**
   * One run with its counts. `id` is a run id or a unique prefix of one (`20260421-1345`). Throws
   * `CorelabError` `UnknownRun` (no such run) or `AmbiguousRun` (a prefix of several).
   */
  async getRun(id: string): Promise<RunDetails> {
    return this.session("read", async (c) => {
      const row = await this.runRow(c, id);
      return { ...runInfo(row), counts: await counts(c, Number(row.run)) };
    });
  }

  /** The blocks of a replay in recorded order, optionally of one file, one chain, a number range. */
  async blocks(id: string, filter: BlockFilter = {}): Promise<StoredBlock[]> {
    return this.session("read", async (c) => {
      const run = Number((await this.runRow(c, id)).run);
      const where = [`run = ${run}`];
      const values: Record<string, string | number> = {};
      if (filter.file !== undefined) {
        where.push("file = $file");
        values.file = filter.file;
      }
      if (filter.chain !== undefined) {
        where.push("chain = $chain");
        values.chain = filter.chain;
      }
      if (filter.from !== undefined) where.push(`number >= ${Math.trunc(filter.from)}`);
      if (filter.to !== undefined) where.push(`number <= ${Math.trunc(filter.to)}`);
      const rows = await rowsOf(
        c,
        `SELECT file, chain, CAST(number AS DOUBLE) AS number, hash, state_root, extrinsics::VARCHAR AS extrinsics, events::VARCHAR AS events, changes::VARCHAR AS changes
         FROM blocks WHERE ${where.join(" AND ")} ORDER BY ordinal`,
        values,
      );
      return rows.map((r) => ({
        file: (r.file ?? null) as string | null,
        chain: (r.chain ?? null) as string | null,
        number: Number(r.number),
        hash: String(r.hash),
        stateRoot: (r.state_root ?? null) as string | null,
        extrinsics: fromJsonText(r.extrinsics) as unknown[],
        events: fromJsonText(r.events) as unknown[],
        changes: fromJsonText(r.changes) as unknown[],
      }));
    });
  }

  /** The expectations of a replay in recorded order, optionally of one file, one block, or only passed/failed ones. */
  async expectations(id: string, filter: { readonly file?: string; readonly block?: number; readonly passed?: boolean } = {}): Promise<StoredExpectation[]> {
    return this.session("read", async (c) => {
      const run = Number((await this.runRow(c, id)).run);
      const where = [`run = ${run}`];
      const values: Record<string, string> = {};
      if (filter.file !== undefined) {
        where.push("file = $file");
        values.file = filter.file;
      }
      if (filter.passed !== undefined) where.push(`passed = ${filter.passed ? "true" : "false"}`);
      if (filter.block !== undefined) where.push(`block = ${Math.trunc(filter.block)}`);
      const rows = await rowsOf(c, `SELECT file, step, CAST(block AS DOUBLE) AS block, path, passed, expected, actual, note, line, "column" FROM expectations WHERE ${where.join(" AND ")} ORDER BY ordinal`, values);
      return rows.map((r) => ({
        file: String(r.file),
        step: Number(r.step),
        block: Number(r.block),
        path: String(r.path),
        passed: r.passed === true,
        expected: (r.expected ?? null) as string | null,
        actual: (r.actual ?? null) as string | null,
        note: (r.note ?? null) as string | null,
        line: r.line === null || r.line === undefined ? null : Number(r.line),
        column: r.column === null || r.column === undefined ? null : Number(r.column),
      }));
    });
  }

  /**
   * A network replay's core timeline: what each core ran, as segments of relay blocks, ordered by
   * file, core and first block; optionally of one file and overlapping the blocks `from`..`to`.
   * Empty for other runs (and in stores written before schema version 2).
   */
  async coreRuns(id: string, filter: { readonly file?: string; readonly from?: number; readonly to?: number } = {}): Promise<StoredCoreRun[]> {
    return this.session("read", async (c) => {
      const run = Number((await this.runRow(c, id)).run);
      if (!(await hasCoreRuns(c))) return [];
      const where = [`run = ${run}`];
      const values: Record<string, string> = {};
      if (filter.file !== undefined) {
        where.push("file = $file");
        values.file = filter.file;
      }
      if (filter.from !== undefined) where.push(`to_block >= ${Math.trunc(filter.from)}`);
      if (filter.to !== undefined) where.push(`from_block <= ${Math.trunc(filter.to)}`);
      const rows = await rowsOf(c, `SELECT file, core, CAST(from_block AS DOUBLE) AS f, CAST(to_block AS DOUBLE) AS t, what FROM core_runs WHERE ${where.join(" AND ")} ORDER BY file, core, from_block`, values);
      return rows.map((r) => ({ file: (r.file ?? null) as string | null, core: Number(r.core), from: Number(r.f), to: Number(r.t), what: String(r.what) }));
    });
  }

  /** The per-step metrics of a simulation, by (point, seed), optionally of one point and/or seed. */
  async metrics(id: string, filter: { readonly point?: number; readonly seed?: number } = {}): Promise<MetricSeries[]> {
    return this.session("read", async (c) => readMetrics(c, Number((await this.runRow(c, id)).run), filter));
  }

  /**
   * What differs between runs `a` and `b`: outcomes, the parameters that differ, every summary key
   * side by side (flattened to dotted paths), and the mean of every metric over all points, seeds
   * and steps (numeric values; booleans as 0/1).
   */
  async compareRuns(a: string, b: string): Promise<RunComparison> {
    return this.session("read", async (c) => {
      const ra = await this.runRow(c, a);
      const rb = await this.runRow(c, b);
      const da: RunDetails = { ...runInfo(ra), counts: await counts(c, Number(ra.run)) };
      const db: RunDetails = { ...runInfo(rb), counts: await counts(c, Number(rb.run)) };
      const means = await rowsOf(
        c,
        `SELECT m.run, n.name, avg(m.value) AS mean, count(m.value)::DOUBLE AS n
         FROM metrics m JOIN metric_names n ON n.run = m.run AND n.metric = m.metric
         WHERE m.run IN (${Number(ra.run)}, ${Number(rb.run)}) GROUP BY ALL ORDER BY min(n.metric), n.name`,
      );
      const byName = new Map<string, { a: number | null; b: number | null; countA: number; countB: number }>();
      for (const r of means) {
        const name = String(r.name);
        const e = byName.get(name) ?? { a: null, b: null, countA: 0, countB: 0 };
        const mean = r.mean === null || r.mean === undefined ? null : Number(r.mean);
        if (Number(r.run) === Number(ra.run)) {
          e.a = mean;
          e.countA = Number(r.n);
        }
        if (Number(r.run) === Number(rb.run)) {
          e.b = mean;
          e.countB = Number(r.n);
        }
        byName.set(name, e);
      }
      const metrics: ComparedMetric[] = [...byName].map(([metric, e]) => ({ metric, ...e, delta: e.a !== null && e.b !== null ? e.b - e.a : null }));
      return {
        a: da,
        b: db,
        outcome: { a: da.outcome, b: db.outcome, same: da.outcome === db.outcome },
        params: sideBySide(da.params, db.params).filter((v) => !v.same),
        summary: sideBySide(da.summary, db.summary),
        metrics,
      };
    });
  }

  /**
   * Writes a run into `dir` (created if needed) with DuckDB's `COPY … TO`, as `run`, `blocks`,
   * `metrics` (long form: point, seed, step, metric, value, text), `expectations` and `core_runs`, each
   * `.parquet` or `.csv` (with a header); every file is written, empty tables too. Returns the paths.
   */
  async exportRun(id: string, dir: string, format: ExportFormat): Promise<string[]> {
    if (format !== "parquet" && format !== "csv") throw invalid("exportRun", `format must be parquet or csv, not ${JSON.stringify(format)}`);
    const out = resolve(dir);
    mkdirSync(out, { recursive: true });
    return this.session("read", async (c) => {
      const run = Number((await this.runRow(c, id)).run);
      const options = format === "parquet" ? "(FORMAT parquet)" : "(FORMAT csv, HEADER true)";
      const queries: Array<[string, string]> = [
        ["run", `SELECT id, kind, command, corelab_version, runtime, model, params, seeds, sweep_points, started_at, ended_at, outcome, summary, pid, host FROM runs WHERE run = ${run}`],
        ["blocks", `SELECT file, chain, number, hash, state_root, extrinsic_count, event_count, change_count, extrinsics, events, changes FROM blocks WHERE run = ${run} ORDER BY ordinal`],
        ["metrics", `SELECT m.point, m.seed, m.step, n.name AS metric, m.value, m.text FROM metrics m JOIN metric_names n ON n.run = m.run AND n.metric = m.metric WHERE m.run = ${run} ORDER BY m.point, m.seed, m.step, m.metric`],
        ["expectations", `SELECT file, step, block, path, passed, expected, actual, note, line, "column" FROM expectations WHERE run = ${run} ORDER BY ordinal`],
        ...((await hasCoreRuns(c)) ? ([["core_runs", `SELECT file, core, from_block, to_block, what FROM core_runs WHERE run = ${run} ORDER BY file, core, from_block`]] as Array<[string, string]>) : []),
      ];
      const files: string[] = [];
      for (const [name, sql] of queries) {
        const path = join(out, `${name}.${format}`);
        await c.run(`COPY (${sql}) TO ${sqlString(path)} ${options}`);
        files.push(path);
      }
      return files;
    });
  }

  /**
   * Runs a read-only SQL query on the store (the tables and views of the schema module) and returns
   * its rows as JSON-safe objects (bigints and decimals as strings, timestamps as ISO text).
   */
  async query(sql: string, values?: Parameters<DuckDBConnection["run"]>[1]): Promise<Record<string, unknown>[]> {
    return withSession(this.file, "read", async (c) => (await c.runAndReadAll(sql, values)).getRowObjectsJson() as Record<string, unknown>[]);
  }

  /** The `runs` row of an id or a unique id prefix. */
  private async runRow(c: DuckDBConnection, id: string): Promise<Record<string, unknown>> {
    if (typeof id !== "string" || id === "") throw new CorelabError("UnknownRun", `no run ${JSON.stringify(id)} in ${this.path}`);
    const rows = await rowsOf(c, `SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1 OR starts_with(id, $1) ORDER BY id LIMIT 11`, [id]);
    const exact = rows.find((r) => r.id === id);
    if (exact) return exact;
    if (rows.length === 1) return rows[0]!;
    if (rows.length === 0) {
      const recent = (await rowsOf(c, "SELECT id FROM runs ORDER BY started_at DESC, id DESC LIMIT 5")).map((r) => String(r.id));
      throw new CorelabError("UnknownRun", `no run ${JSON.stringify(id)} in ${this.path}`, { details: recent.length ? [`recent runs: ${recent.join(", ")}`] : ["the store has no runs"] });
    }
    throw new CorelabError("AmbiguousRun", `${JSON.stringify(id)} is the start of several runs in ${this.path}`, { details: [`runs: ${rows.slice(0, 10).map((r) => String(r.id)).join(", ")}${rows.length > 10 ? ", …" : ""}`] });
  }
}

/** Whether the store has the `core_runs` table (schema version 2; a reader may look at an older store). */
async function hasCoreRuns(c: DuckDBConnection): Promise<boolean> {
  return Number(await scalar(c, "SELECT count(*)::INTEGER FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'core_runs' AND database_name = current_database()")) === 1;
}

async function counts(c: DuckDBConnection, run: number): Promise<RunCounts> {
  const coreRuns = (await hasCoreRuns(c)) ? Number(await scalar(c, `SELECT count(*)::DOUBLE FROM core_runs WHERE run = ${run}`)) : 0;
  const [r] = await rowsOf(
    c,
    `SELECT
      (SELECT count(*) FROM blocks WHERE run = ${run})::DOUBLE AS blocks,
      (SELECT count(DISTINCT file) FROM (SELECT file FROM blocks WHERE run = ${run} UNION ALL SELECT file FROM expectations WHERE run = ${run}))::DOUBLE AS files,
      -- steps of a series run from 0 without gaps (batches are written whole and in order)
      (SELECT coalesce(sum(n), 0) FROM (SELECT max(step) + 1 AS n FROM metrics WHERE run = ${run} GROUP BY point, seed))::DOUBLE AS metric_rows,
      (SELECT count(*) FROM metrics WHERE run = ${run})::DOUBLE AS metric_values,
      (SELECT count(*) FROM metric_names WHERE run = ${run})::DOUBLE AS metrics,
      (SELECT count(*) FROM (SELECT DISTINCT point, seed FROM metrics WHERE run = ${run}))::DOUBLE AS series,
      (SELECT count(*) FROM expectations WHERE run = ${run})::DOUBLE AS expectations,
      (SELECT count(*) FROM expectations WHERE run = ${run} AND NOT passed)::DOUBLE AS failed`,
  );
  return {
    blocks: Number(r!.blocks),
    files: Number(r!.files),
    metricRows: Number(r!.metric_rows),
    metricValues: Number(r!.metric_values),
    metrics: Number(r!.metrics),
    series: Number(r!.series),
    expectations: Number(r!.expectations),
    failedExpectations: Number(r!.failed),
    coreRuns,
  };
}

function sideBySide(a: unknown, b: unknown): ComparedValue[] {
  const fa = a === null || a === undefined ? new Map<string, unknown>() : flatten(a);
  const fb = b === null || b === undefined ? new Map<string, unknown>() : flatten(b);
  const keys = [...fa.keys(), ...[...fb.keys()].filter((k) => !fa.has(k))];
  return keys.map((key) => {
    const va = fa.get(key);
    const vb = fb.get(key);
    return { key, a: va, b: vb, delta: typeof va === "number" && typeof vb === "number" ? vb - va : null, same: fa.has(key) === fb.has(key) && jsonEqual(va, vb) };
  });
}

/** A block as stored: its JSON encoded when added (later changes to the objects do not matter). */
interface EncodedBlock {
  readonly file: string | null;
  readonly chain: string | null;
  readonly number: number;
  readonly hash: string;
  readonly stateRoot: string | null;
  readonly counts: readonly [number, number, number];
  readonly json: readonly [string, string, string];
}

/** What one write takes from the buffers. */
interface Batch {
  readonly blocks: readonly EncodedBlock[];
  readonly metrics: readonly PendingMetrics[];
  readonly expectations: readonly ExpectationInput[];
  readonly coreRuns: readonly CoreRunInput[];
}

/**
 * Records one run (`RunStore.beginRun`). `add*` calls buffer (encoding or copying what they are
 * given at once) and write when a buffer passes the store's batch limits; `flush` writes everything
 * buffered, `finish` flushes and records the outcome. Each write is one transaction, so what a
 * killed process had written stays whole and readable; what it had only buffered is lost. Calls run
 * in order, one at a time, whether or not the caller awaits each (a caller that does not await
 * should `.catch` them: a failed write rejects the call that triggered it, and every later `flush`
 * and `finish` with `RunWriteFailed`, so awaiting `finish` is enough to learn of it). Bad input
 * rejects at once, with nothing buffered.
 */
export class RunRecorder {
  private blocksBuf: EncodedBlock[] = [];
  private blockChars = 0;
  private blockOrdinal = 0;
  private metricsBuf: PendingMetrics[] = [];
  private metricValues = 0;
  private readonly nextStep = new Map<string, number>();
  private readonly ordinals = new Map<string, number>();
  private namesWritten = 0;
  private expectBuf: ExpectationInput[] = [];
  private coreBuf: CoreRunInput[] = [];
  private expectOrdinal = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private finished = false;
  private failure: unknown = undefined;

  /** @internal use `RunStore.beginRun` */
  constructor(
    private readonly store: RunStore,
    private readonly run: number,
    /** The run id (`YYYYMMDD-HHMMSS-xxxxxx`). */
    readonly id: string,
    private readonly batch: BatchLimits,
  ) {}

  /** Runs `fn` after every earlier call of this recorder. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private checkOpen(what: string): void {
    if (this.finished) throw new CorelabError("RunFinished", `${what}: run ${this.id} is finished`);
  }

  /**
   * Adds blocks of a replay, in order. Their extrinsics, events and changes are encoded as JSON now
   * (bigints as decimal strings). Throws `InvalidRunInput` for a block without a number or hash.
   */
  async addBlocks(rows: readonly BlockInput[]): Promise<void> {
    this.checkOpen("addBlocks");
    rows.forEach((b, i) => {
      if (!Number.isSafeInteger(b.number)) throw invalid("addBlocks", `rows[${i}].number must be an integer`);
      if (typeof b.hash !== "string") throw invalid("addBlocks", `rows[${i}].hash must be a string`);
    });
    for (const b of rows) {
      const json: [string, string, string] = [toJsonText(b.extrinsics ?? []), toJsonText(b.events ?? []), toJsonText(b.changes ?? [])];
      this.blockChars += json[0].length + json[1].length + json[2].length;
      this.blocksBuf.push({
        file: b.file ?? null,
        chain: b.chain ?? null,
        number: b.number,
        hash: b.hash,
        stateRoot: b.stateRoot ?? null,
        counts: [b.extrinsics?.length ?? 0, b.events?.length ?? 0, b.changes?.length ?? 0],
        json,
      });
    }
    return this.blockChars >= this.batch.blockChars ? this.flush() : this.enqueue(async () => undefined);
  }

  /**
   * Adds per-step metric rows of sweep point `point` (0-based position in `sweepPoints`; 0 without
   * a sweep) and `seed`. Steps number the rows of a (point, seed) from 0, continuing across calls;
   * every column of a row is stored (the row's own `block` or `round` too). The rows are kept by
   * reference until written: do not change them before the next `flush`. Throws `InvalidMetrics`
   * for a bad point, seed or value.
   */
  async addMetrics(point: number, seed: number, rows: readonly MetricRow[]): Promise<void> {
    this.checkOpen("addMetrics");
    const fresh = new Set<string>();
    const values = scanMetrics(point, seed, rows, (k) => {
      if (!this.ordinals.has(k)) fresh.add(k);
    });
    for (const k of fresh) this.ordinals.set(k, this.ordinals.size);
    const key = `${point}/${seed}`;
    const firstStep = this.nextStep.get(key) ?? 0;
    this.nextStep.set(key, firstStep + rows.length);
    if (rows.length > 0) this.metricsBuf.push({ point, seed, firstStep, rows });
    this.metricValues += values;
    return this.metricValues >= this.batch.metricValues ? this.flush() : this.enqueue(async () => undefined);
  }

  /** Adds checked expectations of a replay (passed and failed), in order. */
  async addExpectations(rows: readonly ExpectationInput[]): Promise<void> {
    this.checkOpen("addExpectations");
    rows.forEach((e, i) => {
      if (typeof e.file !== "string" || typeof e.path !== "string" || !Number.isSafeInteger(e.step) || !Number.isSafeInteger(e.block) || typeof e.passed !== "boolean") {
        throw invalid("addExpectations", `rows[${i}] needs file, path (strings), step, block (integers) and passed (boolean)`);
      }
    });
    this.expectBuf.push(...rows.map((e) => ({ ...e })));
    return this.expectBuf.length >= this.batch.expectations ? this.flush() : this.enqueue(async () => undefined);
  }

  /**
   * Adds segments of a network replay's core timeline (what each core ran over relay blocks
   * `from`..`to`). Throws `InvalidRunInput` for a segment without a core, blocks or description.
   */
  async addCoreRuns(rows: readonly CoreRunInput[]): Promise<void> {
    this.checkOpen("addCoreRuns");
    rows.forEach((r, i) => {
      if (!Number.isSafeInteger(r.core) || r.core < 0 || !Number.isSafeInteger(r.from) || !Number.isSafeInteger(r.to) || r.to < r.from || typeof r.what !== "string") {
        throw invalid("addCoreRuns", `rows[${i}] needs core (an integer ≥ 0), from ≤ to (integers) and what (a string)`);
      }
      if (r.file !== undefined && typeof r.file !== "string") throw invalid("addCoreRuns", `rows[${i}].file must be a string`);
    });
    this.coreBuf.push(...rows.map((r) => ({ ...r })));
    return this.coreBuf.length >= this.batch.expectations ? this.flush() : this.enqueue(async () => undefined);
  }

  /** Writes everything buffered, in one transaction. */
  async flush(): Promise<void> {
    const batch = this.take();
    if (batch.blocks.length === 0 && batch.metrics.length === 0 && batch.expectations.length === 0 && batch.coreRuns.length === 0) return this.enqueue(async () => this.rethrow());
    return this.enqueue(async () => {
      this.rethrow();
      await this.store.session("write", (c) => this.write(c, batch)).then(
        () => this.written(batch),
        (e) => this.failed(e),
      );
    });
  }

  /**
   * Flushes, then records the outcome, summary and end time (in the same transaction as the last
   * rows). The recorder takes no more rows. Throws `InvalidRunInput` for a bad outcome or date.
   */
  async finish(end: RunEnd): Promise<void> {
    this.checkOpen("finish");
    if (!RUN_OUTCOMES.includes(end.outcome)) throw invalid("finish", `outcome must be one of ${RUN_OUTCOMES.join(", ")}, not ${JSON.stringify(end.outcome)}`);
    const endedAt = checkDate("finish", "endedAt", end.endedAt);
    this.finished = true;
    const batch = this.take();
    return this.enqueue(async () => {
      this.rethrow();
      await this.store
        .session("write", async (c) => {
          await this.write(c, batch);
          await c.run("UPDATE runs SET outcome = $1, summary = $2, ended_at = CAST($3 AS TIMESTAMPTZ) WHERE run = $4", [end.outcome, toJsonText(end.summary ?? null), endedAt, this.run]);
        })
        .then(
          () => this.written(batch),
          (e) => this.failed(e),
        );
    });
  }

  /** A write failed: its rows are lost; this and every later flush and finish reject. */
  private failed(e: unknown): never {
    this.failure ??= e;
    throw e;
  }

  /** Rejects when an earlier write failed (`finish` then records nothing). */
  private rethrow(): void {
    if (this.failure !== undefined) {
      throw new CorelabError("RunWriteFailed", `run ${this.id}: an earlier write failed, its rows are lost`, { details: [String((this.failure as Error).message ?? this.failure)], cause: this.failure });
    }
  }

  /** Empties the buffers into a batch. */
  private take(): Batch {
    const batch: Batch = { blocks: this.blocksBuf, metrics: this.metricsBuf, expectations: this.expectBuf, coreRuns: this.coreBuf };
    this.coreBuf = [];
    this.blocksBuf = [];
    this.blockChars = 0;
    this.metricsBuf = [];
    this.metricValues = 0;
    this.expectBuf = [];
    return batch;
  }

  /** After a batch committed: where the next one continues (a failed batch changes nothing). */
  private written(batch: Batch & { names?: number }): void {
    this.namesWritten += batch.names ?? 0;
    this.blockOrdinal += batch.blocks.length;
    this.expectOrdinal += batch.expectations.length;
  }

  private async write(c: DuckDBConnection, batch: Batch & { names?: number }): Promise<void> {
    const { blocks, metrics, expectations, coreRuns } = batch;
    if (coreRuns.length > 0) {
      const a = await c.createAppender("core_runs");
      try {
        for (const r of coreRuns) {
          a.appendInteger(this.run);
          appendText(a, r.file);
          a.appendInteger(r.core);
          a.appendBigInt(BigInt(r.from));
          a.appendBigInt(BigInt(r.to));
          a.appendVarchar(r.what);
          a.endRow();
        }
      } finally {
        a.closeSync();
      }
    }
    // every metric name seen so far and not yet committed (rows added later may have added some)
    const names = [...this.ordinals.keys()].slice(this.namesWritten);
    batch.names = names.length;
    if (names.length > 0) {
      const first = this.ordinals.get(names[0]!)!;
      const a = await c.createAppender("metric_names");
      try {
        names.forEach((name, i) => {
          a.appendInteger(this.run);
          a.appendInteger(first + i);
          a.appendVarchar(name);
          a.endRow();
        });
      } finally {
        a.closeSync();
      }
    }
    if (blocks.length > 0) {
      const a = await c.createAppender("blocks");
      try {
        let ordinal = this.blockOrdinal;
        for (const b of blocks) {
          a.appendInteger(this.run);
          a.appendInteger(ordinal++);
          appendText(a, b.file);
          appendText(a, b.chain);
          a.appendBigInt(BigInt(b.number));
          a.appendVarchar(b.hash);
          appendText(a, b.stateRoot);
          for (const n of b.counts) a.appendInteger(n);
          for (const j of b.json) a.appendVarchar(j);
          a.endRow();
        }
      } finally {
        a.closeSync();
      }
    }
    if (metrics.length > 0) await writeMetrics(c, this.run, metrics, this.ordinals);
    if (expectations.length > 0) {
      const a = await c.createAppender("expectations");
      try {
        let ordinal = this.expectOrdinal;
        for (const e of expectations) {
          a.appendInteger(this.run);
          a.appendInteger(ordinal++);
          a.appendVarchar(e.file);
          a.appendInteger(e.step);
          a.appendBigInt(BigInt(e.block));
          a.appendVarchar(e.path);
          a.appendBoolean(e.passed);
          appendText(a, e.expected);
          appendText(a, e.actual);
          appendText(a, e.note);
          appendInt(a, e.line);
          appendInt(a, e.column);
          a.endRow();
        }
      } finally {
        a.closeSync();
      }
    }
  }
}

type Appender = Awaited<ReturnType<DuckDBConnection["createAppender"]>>;

function appendText(a: Appender, v: string | null | undefined): void {
  if (v === null || v === undefined) a.appendNull();
  else a.appendVarchar(v);
}

function appendInt(a: Appender, v: number | null | undefined): void {
  if (v === null || v === undefined) a.appendNull();
  else a.appendInteger(v);
}
