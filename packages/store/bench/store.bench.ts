/**
 * Measures the run store on per-block metrics: recording time, disk use and read time for N blocks
 * of 10 metric columns (default N = 1,000,000), in the store's long form and, for comparison, in a
 * wide form (one JSON object per block) written the fastest way the same DuckDB allows (appender
 * data chunks).
 *
 *   node --conditions=@corelab/source --import tsx packages/store/bench/store.bench.ts [blocks] [series]
 *
 * `series` splits the blocks over that many (point, seed) series, recorded one `addMetrics` call
 * each (default 1). The rows imitate the `network` model's: a block counter, small integer counts,
 * token amounts with 2 decimals (a random walk and a cumulative sum), a ratio that is `null` when
 * there is nothing to divide, and a string column; values come from a seeded generator, so every
 * run measures the same data.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBDataChunk, DuckDBInstance, DOUBLE, INTEGER, VARCHAR } from "@duckdb/node-api";
import { openStore, type MetricRow } from "../src/index.ts";

const BLOCKS = Number(process.argv[2] ?? 1_000_000);
const SERIES = Number(process.argv[3] ?? 1);

/** mulberry32: a small seeded generator (measurements only). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRows(n: number, seed: number): MetricRow[] {
  const r = rng(seed);
  const rows: MetricRow[] = new Array(n);
  let spot = 100;
  let cum = 0;
  for (let b = 0; b < n; b++) {
    spot = Math.max(1, Math.round((spot + (r() - 0.5) * 2) * 100) / 100);
    const paraBlocks = Math.floor(r() * 4);
    const included = Math.floor(r() * 20);
    const fees = Math.round(included * spot * r()) / 100;
    cum = Math.round((cum + fees) * 100) / 100;
    rows[b] = {
      block: b + 1,
      spot_price: spot,
      queue_size: Math.floor(r() * 10),
      para_blocks: paraBlocks,
      block_interval: paraBlocks > 0 ? Math.round((6 / paraBlocks) * 1000) / 1000 : null,
      new_txs: Math.floor(r() * 25),
      included_txs: included,
      fees,
      cum_fees: cum,
      order_reason: r() < 0.9 ? "" : "queue-full",
    };
  }
  return rows;
}

function size(path: string): number {
  let total = 0;
  for (const f of [path, `${path}.wal`]) {
    try {
      total += statSync(f).size;
    } catch {
      // no WAL
    }
  }
  return total;
}

const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

const dir = mkdtempSync(join(tmpdir(), "corelab-store-bench-"));
try {
  const per = Math.ceil(BLOCKS / SERIES);
  const series = Array.from({ length: SERIES }, (_, i) => makeRows(Math.min(per, BLOCKS - i * per), i + 1));
  const values = series.reduce((n, rows) => n + rows.reduce((m, row) => m + Object.keys(row).length, 0), 0);
  console.log(`${BLOCKS.toLocaleString("en")} blocks × 10 columns in ${SERIES} series (${values.toLocaleString("en")} values), Node ${process.version}`);

  // -- the store (long form)
  const path = join(dir, "runs.duckdb");
  const store = await openStore(path);
  const empty = size(path);
  let t = performance.now();
  const run = await store.beginRun({ kind: "simulate", command: ["bench"], corelabVersion: "bench", seeds: series.map((_, i) => i + 1), startedAt: "2026-01-01T00:00:00Z" });
  for (let i = 0; i < SERIES; i++) await run.addMetrics(0, i + 1, series[i]!);
  await run.finish({ outcome: "pass", endedAt: "2026-01-01T00:00:01Z" });
  const recordMs = performance.now() - t;
  const longBytes = size(path) - empty;
  t = performance.now();
  const back = await store.metrics(run.id);
  const readMs = performance.now() - t;
  const readRows = back.reduce((n, s) => n + s.rows.length, 0);
  t = performance.now();
  await store.query(`SELECT metric, avg(value), min(value), max(value) FROM metric_values WHERE run_id = '${run.id}' GROUP BY metric`);
  const aggMs = performance.now() - t;
  t = performance.now();
  const info = await store.getRun(run.id);
  const countsMs = performance.now() - t;
  if (readRows !== BLOCKS || info.counts.metricValues !== values) throw new Error(`read back ${readRows} rows, ${info.counts.metricValues} values`);

  // -- the alternative: wide, one JSON object per block
  const wide = join(dir, "wide.duckdb");
  const db = await DuckDBInstance.create(wide);
  const c = await db.connect();
  await c.run("CREATE TABLE metrics_json (run INTEGER, point INTEGER, seed BIGINT, step INTEGER, row JSON)");
  const wideEmpty = size(wide);
  t = performance.now();
  await c.run("BEGIN TRANSACTION");
  const a = await c.createAppender("metrics_json");
  const types = [INTEGER, INTEGER, DOUBLE, INTEGER, VARCHAR];
  for (let i = 0; i < SERIES; i++) {
    const rows = series[i]!;
    for (let s0 = 0; s0 < rows.length; s0 += 2048) {
      const n = Math.min(2048, rows.length - s0);
      const chunk = DuckDBDataChunk.create(types, n);
      const v = types.map((_, j) => chunk.getColumnVector(j));
      for (let j = 0; j < n; j++) {
        v[0]!.setItem(j, 1);
        v[1]!.setItem(j, 0);
        v[2]!.setItem(j, i + 1);
        v[3]!.setItem(j, s0 + j);
        v[4]!.setItem(j, JSON.stringify(rows[s0 + j]));
      }
      for (const x of v) x.flush();
      a.appendDataChunk(chunk);
    }
  }
  a.closeSync();
  await c.run("COMMIT");
  c.closeSync();
  db.closeSync();
  const wideRecordMs = performance.now() - t;
  const wideBytes = size(wide) - wideEmpty;
  const db2 = await DuckDBInstance.create(wide, { access_mode: "READ_ONLY" });
  const c2 = await db2.connect();
  t = performance.now();
  const res = await c2.stream("SELECT point, seed, step, row::VARCHAR FROM metrics_json WHERE run = 1 ORDER BY point, seed, step");
  let wideRows = 0;
  for (;;) {
    const chunk = await res.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const v = chunk.getColumnVector(3);
    for (let j = 0; j < chunk.rowCount; j++) {
      JSON.parse(v.getItem(j) as string);
      wideRows++;
    }
  }
  const wideReadMs = performance.now() - t;
  t = performance.now();
  await c2.runAndReadAll(
    `SELECT avg((row->>'spot_price')::DOUBLE), avg((row->>'queue_size')::DOUBLE), avg((row->>'fees')::DOUBLE), avg((row->>'cum_fees')::DOUBLE), avg((row->>'included_txs')::DOUBLE) FROM metrics_json`,
  );
  const wideAggMs = performance.now() - t;
  c2.closeSync();
  db2.closeSync();
  if (wideRows !== BLOCKS) throw new Error(`wide: read back ${wideRows} rows`);

  console.log("");
  console.log("form                         record      disk       read rows   aggregate");
  console.log(`long (the store)             ${sec(recordMs).padEnd(11)} ${mb(longBytes).padEnd(10)} ${sec(readMs).padEnd(11)} ${sec(aggMs)} (avg, min, max of all 10 columns)`);
  console.log(`wide JSON (one object/row)   ${sec(wideRecordMs).padEnd(11)} ${mb(wideBytes).padEnd(10)} ${sec(wideReadMs).padEnd(11)} ${sec(wideAggMs)} (avg of 5 columns)`);
  console.log("");
  console.log(`store: ${mb((longBytes / BLOCKS) * 1e6)} per million blocks, ${(longBytes / values).toFixed(2)} bytes per value; empty store ${mb(empty)}; getRun (counts) ${sec(countsMs)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
