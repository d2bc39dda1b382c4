/**
 * Per-step metrics in long form (`metrics(run, point, seed, step, metric, value, text)`).
 *
 * Writing: the rows of a flush go into a temporary wide table (one DOUBLE column per metric, plus a
 * text and a presence column only for metrics that need them) through DuckDB's appender, 2048 rows
 * per data chunk; then one `INSERT … SELECT` per metric turns it into long rows inside DuckDB.
 * Crossing from JavaScript costs one value per metric per row, not one per long-row field, and the
 * long rows land metric by metric, which DuckDB compresses well (constant run/point/seed/metric,
 * bit-packed steps, ALP-compressed values).
 *
 * Reading: the long rows stream back in chunks into per-series typed arrays, then rows are rebuilt
 * in step order with their columns in the run's first-seen order.
 */
import { CorelabError } from "@corelab/frame";
import { DOUBLE, INTEGER, UTINYINT, VARCHAR, DuckDBDataChunk, type DuckDBConnection, type DuckDBType, type DuckDBVector } from "@duckdb/node-api";
import type { MetricRow, MetricSeries, MetricValue } from "./types.ts";

/** Rows of one `addMetrics` call, waiting to be written. */
export interface PendingMetrics {
  readonly point: number;
  readonly seed: number;
  /** The step of `rows[0]`: steps continue across calls for the same (point, seed). */
  readonly firstStep: number;
  readonly rows: readonly MetricRow[];
}

/** Presence codes of the staging table: what a row has for a metric. */
const Kind = { Absent: 0, Number: 1, Text: 2, Boolean: 3, Null: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const CHUNK = 2048;
/** Rows appended between two yields to the event loop (the lock's refresh timer must run). */
const YIELD_EVERY = 32 * CHUNK;

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A metric column of a flush: its run ordinal and what the staging table needs for it. */
interface StageColumn {
  readonly name: string;
  readonly ordinal: number;
  /** Some value is a string or a boolean: a text column. */
  hasText: boolean;
  /** Rows of the flush that have this metric. */
  present: number;
}

/**
 * Checks one addMetrics call and calls `column` for every (row, column) in order; throws
 * `CorelabError` `InvalidMetrics` naming the row and column. Returns the number of values.
 */
export function scanMetrics(point: number, seed: number, rows: readonly MetricRow[], column: (name: string) => void): number {
  const bad = (msg: string) => new CorelabError("InvalidMetrics", `addMetrics: ${msg}`);
  if (!Number.isInteger(point) || point < 0 || point > 0x7fffffff) throw bad(`point must be a non-negative integer (the sweep point's position), not ${String(point)}`);
  if (!Number.isSafeInteger(seed)) throw bad(`seed must be a safe integer, not ${String(seed)}`);
  if (!Array.isArray(rows)) throw bad("rows must be an array");
  let values = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object") throw bad(`rows[${i}] is not an object`);
    for (const k in row) {
      const v = row[k];
      if (v !== null && typeof v !== "number" && typeof v !== "string" && typeof v !== "boolean") throw bad(`rows[${i}].${k} is a ${typeof v}; metric values are numbers, strings, booleans or null`);
      column(k);
      values++;
    }
  }
  return values;
}

/**
 * Writes pending metric rows of run `run`; `ordinals` maps every metric name that occurs in them
 * to its per-run number (assigned by the recorder in first-seen order).
 */
export async function writeMetrics(c: DuckDBConnection, run: number, pending: readonly PendingMetrics[], ordinals: ReadonlyMap<string, number>): Promise<number> {
  const cols = new Map<string, StageColumn>();
  let total = 0;
  for (const p of pending) {
    total += p.rows.length;
    for (const row of p.rows) {
      for (const k in row) {
        let col = cols.get(k);
        if (!col) cols.set(k, (col = { name: k, ordinal: ordinals.get(k)!, hasText: false, present: 0 }));
        col.present++;
        const v = row[k];
        if (typeof v === "string" || typeof v === "boolean") col.hasText = true;
      }
    }
  }
  if (total === 0) return 0;
  const columns = [...cols.values()].sort((a, b) => a.ordinal - b.ordinal);

  // the staging table: point, seed, step, then per metric v (DOUBLE), t (VARCHAR)?, k (UTINYINT)?
  const types: DuckDBType[] = [INTEGER, DOUBLE, INTEGER];
  const defs = ["point INTEGER", "seed DOUBLE", "step INTEGER"];
  const layout = columns.map((col, i) => {
    const v = types.length;
    types.push(DOUBLE);
    defs.push(`v${i} DOUBLE`);
    let t = -1;
    let k = -1;
    if (col.hasText) {
      t = types.length;
      types.push(VARCHAR);
      defs.push(`t${i} VARCHAR`);
    }
    if (col.present < total) {
      k = types.length;
      types.push(UTINYINT);
      defs.push(`k${i} UTINYINT`);
    }
    return { col, v, t, k };
  });
  await c.run(`CREATE OR REPLACE TEMP TABLE metric_stage (${defs.join(", ")})`);
  const appender = await c.createAppender("metric_stage");
  try {
    let chunk: DuckDBDataChunk | undefined;
    let vectors: DuckDBVector[] = [];
    let n = 0;
    let sinceYield = 0;
    const flushChunk = () => {
      for (const vec of vectors) vec.flush();
      chunk!.rowCount = n;
      appender.appendDataChunk(chunk!);
      chunk = undefined;
      n = 0;
    };
    for (const p of pending) {
      for (let r = 0; r < p.rows.length; r++) {
        if (!chunk) {
          chunk = DuckDBDataChunk.create(types, CHUNK);
          vectors = types.map((_, i) => chunk!.getColumnVector(i));
        }
        const row = p.rows[r]!;
        vectors[0]!.setItem(n, p.point);
        vectors[1]!.setItem(n, p.seed);
        vectors[2]!.setItem(n, p.firstStep + r);
        for (const { col, v, t, k } of layout) {
          const value: MetricValue | undefined = row[col.name];
          let kind: Kind;
          if (value === undefined) {
            kind = Kind.Absent;
            vectors[v]!.setItem(n, null);
            if (t >= 0) vectors[t]!.setItem(n, null);
          } else if (typeof value === "number") {
            kind = Kind.Number;
            vectors[v]!.setItem(n, value);
            if (t >= 0) vectors[t]!.setItem(n, null);
          } else if (typeof value === "string") {
            kind = Kind.Text;
            vectors[v]!.setItem(n, null);
            vectors[t]!.setItem(n, value);
          } else if (typeof value === "boolean") {
            kind = Kind.Boolean;
            vectors[v]!.setItem(n, value ? 1 : 0);
            vectors[t]!.setItem(n, value ? "true" : "false");
          } else {
            kind = Kind.Null;
            vectors[v]!.setItem(n, null);
            if (t >= 0) vectors[t]!.setItem(n, null);
          }
          if (k >= 0) vectors[k]!.setItem(n, kind);
        }
        if (++n === CHUNK) flushChunk();
        if (++sinceYield === YIELD_EVERY) {
          sinceYield = 0;
          await yieldToLoop();
        }
      }
    }
    if (chunk && n > 0) flushChunk();
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  // one INSERT per metric: the long rows land metric by metric (what compresses best)
  for (let i = 0; i < layout.length; i++) {
    const { col, t, k } = layout[i]!;
    await c.run(`INSERT INTO metrics SELECT ${run}, point, CAST(seed AS BIGINT), step, ${col.ordinal}, v${i}, ${t >= 0 ? `t${i}` : "NULL"} FROM metric_stage${k >= 0 ? ` WHERE k${i} <> ${Kind.Absent}` : ""}`);
  }
  await c.run("DROP TABLE temp.metric_stage");
  return total;
}

/** One (point, seed) being read back: per metric ordinal, its values by step. */
class SeriesBuilder {
  steps = 0;
  private readonly kinds: Array<Uint8Array | undefined> = [];
  private readonly numbers: Array<Float64Array | undefined> = [];
  private readonly texts: Array<Map<number, string> | undefined> = [];
  constructor(
    readonly point: number,
    readonly seed: number,
    /** Steps the series has (from a count query; grows if more arrive). */
    private capacity: number,
  ) {}

  private grow(step: number): void {
    let cap = this.capacity;
    while (cap <= step) cap *= 2;
    this.kinds.forEach((a, m) => {
      if (!a) return;
      const k = new Uint8Array(cap);
      k.set(a);
      this.kinds[m] = k;
      const n = new Float64Array(cap);
      n.set(this.numbers[m]!);
      this.numbers[m] = n;
    });
    this.capacity = cap;
  }

  add(step: number, metric: number, value: number | null, text: string | null): void {
    if (step >= this.capacity) this.grow(step);
    if (step >= this.steps) this.steps = step + 1;
    let kinds = this.kinds[metric];
    if (!kinds) {
      kinds = this.kinds[metric] = new Uint8Array(this.capacity);
      this.numbers[metric] = new Float64Array(this.capacity);
    }
    if (text === null) {
      if (value === null) kinds[step] = Kind.Null;
      else {
        kinds[step] = Kind.Number;
        this.numbers[metric]![step] = value;
      }
    } else if (value !== null) {
      kinds[step] = Kind.Boolean;
      this.numbers[metric]![step] = value;
    } else {
      kinds[step] = Kind.Text;
      (this.texts[metric] ??= new Map()).set(step, text);
    }
  }

  rows(names: ReadonlyMap<number, string>): MetricRow[] {
    const order: Array<{ name: string; kinds: Uint8Array; numbers: Float64Array; texts: Map<number, string> | undefined }> = [];
    this.kinds.forEach((kinds, m) => {
      if (kinds) order.push({ name: names.get(m) ?? `#${m}`, kinds, numbers: this.numbers[m]!, texts: this.texts[m] });
    });
    const out: MetricRow[] = new Array(this.steps);
    for (let s = 0; s < this.steps; s++) {
      const row: Record<string, MetricValue> = {};
      for (const o of order) {
        const kind = o.kinds[s];
        if (kind === Kind.Number) row[o.name] = o.numbers[s]!;
        else if (kind === Kind.Null) row[o.name] = null;
        else if (kind === Kind.Text) row[o.name] = o.texts!.get(s)!;
        else if (kind === Kind.Boolean) row[o.name] = o.numbers[s] !== 0;
      }
      out[s] = row;
    }
    return out;
  }
}

/** Streams a query's chunks to `each`, fetching the next chunk while one is decoded. */
async function eachChunk(c: DuckDBConnection, sql: string, each: (chunk: DuckDBDataChunk, count: number) => void): Promise<void> {
  const result = await c.stream(sql);
  let next = result.fetchChunk();
  for (;;) {
    const chunk = await next;
    const count = chunk?.rowCount ?? 0;
    if (!chunk || count === 0) return;
    next = result.fetchChunk();
    each(chunk, count);
  }
}

/**
 * Reads the metrics of run `run` (optionally one point and/or seed), by (point, seed). Per series,
 * numbers (nearly every value) come in one query of three columns, the rest (strings, booleans,
 * nulls) in a second.
 */
export async function readMetrics(c: DuckDBConnection, run: number, filter: { point?: number; seed?: number }): Promise<MetricSeries[]> {
  const names = new Map<number, string>();
  for (const [m, name] of (await c.runAndReadAll(`SELECT metric, name FROM metric_names WHERE run = ${run}`)).getRowsJS()) names.set(Number(m), String(name));
  const where = [`run = ${run}`];
  if (filter.point !== undefined) where.push(`point = ${Math.trunc(filter.point)}`);
  if (filter.seed !== undefined) where.push(`seed = ${Math.trunc(filter.seed)}`);
  const list = (await c.runAndReadAll(`SELECT point, CAST(seed AS VARCHAR), max(step) + 1 FROM metrics WHERE ${where.join(" AND ")} GROUP BY point, seed ORDER BY point, seed`)).getRowsJS();
  const out: MetricSeries[] = [];
  for (const [p, s, n] of list) {
    const point = Number(p);
    const seedText = String(s);
    const builder = new SeriesBuilder(point, Number(seedText), Math.max(16, Number(n)));
    const series = `run = ${run} AND point = ${point} AND seed = ${seedText}`;
    await eachChunk(c, `SELECT step, metric, value FROM metrics WHERE ${series} AND text IS NULL AND value IS NOT NULL`, (chunk, count) => {
      const step = chunk.getColumnVector(0);
      const metric = chunk.getColumnVector(1);
      const value = chunk.getColumnVector(2);
      for (let i = 0; i < count; i++) builder.add(step.getItem(i) as number, metric.getItem(i) as number, value.getItem(i) as number, null);
    });
    await eachChunk(c, `SELECT step, metric, value, text FROM metrics WHERE ${series} AND (text IS NOT NULL OR value IS NULL)`, (chunk, count) => {
      const step = chunk.getColumnVector(0);
      const metric = chunk.getColumnVector(1);
      const value = chunk.getColumnVector(2);
      const text = chunk.getColumnVector(3);
      for (let i = 0; i < count; i++) builder.add(step.getItem(i) as number, metric.getItem(i) as number, value.getItem(i) as number | null, text.getItem(i) as string | null);
    });
    out.push({ point, seed: builder.seed, rows: builder.rows(names) });
  }
  return out;
}
