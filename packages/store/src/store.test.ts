import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CorelabError } from "@corelab/frame";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_STORE_PATH, openStore, type MetricRow, type RunStore } from "./index.ts";

let dir: string;
let store: RunStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "corelab-store-"));
  store = await openStore(undefined, { cwd: dir });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = "2026-04-21T13:45:02.123Z";

async function caught(p: Promise<unknown> | (() => unknown)): Promise<CorelabError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(CorelabError);
    return e as CorelabError;
  }
  throw new Error("expected a CorelabError");
}

describe("openStore", () => {
  it("creates the folder and the store at the default path, resolved against cwd", () => {
    expect(DEFAULT_STORE_PATH).toBe(".corelab/runs.duckdb");
    expect(store.path).toBe(join(dir, ".corelab", "runs.duckdb"));
    expect(existsSync(store.path)).toBe(true);
    expect(existsSync(`${store.path}.lock`)).toBe(false);
  });

  it("opens an existing store again, also read-only; a read-only store does not record", async () => {
    const again = await openStore(store.path);
    expect(again.path).toBe(store.path);
    const ro = await openStore(store.path, { readOnly: true });
    await expect(ro.listRuns()).resolves.toBeInstanceOf(Array);
    const e = await caught(ro.beginRun({ kind: "replay", command: [], corelabVersion: "0", startedAt: T0 }));
    expect(e.code).toBe("StoreReadOnly");
  });

  it("refuses a missing store when read-only, naming the path", async () => {
    const e = await caught(openStore(join(dir, "none", "runs.duckdb"), { readOnly: true }));
    expect(e.code).toBe("StoreMissing");
    expect(e.message).toContain(join(dir, "none", "runs.duckdb"));
    expect(existsSync(join(dir, "none"))).toBe(false);
  });
});

describe("a replay run", () => {
  let id: string;
  beforeAll(async () => {
    const run = await store.beginRun({ kind: "replay", command: ["replay", "scenarios/real"], corelabVersion: "0.1.0", runtime: "broker-mock", params: { bail: false }, startedAt: T0 });
    id = run.id;
    await run.addBlocks([
      { file: "a.yaml", number: 0, hash: "0x00", stateRoot: "0xr0" },
      {
        file: "a.yaml",
        number: 1,
        hash: "0x01",
        stateRoot: null,
        extrinsics: [{ index: 0, origin: { type: "Signed", value: "1" }, call: { pallet: "Broker", name: "purchase", args: { price_limit: 1000n } }, result: { ok: true } }],
        events: [{ phase: { type: "ApplyExtrinsic", value: 0 }, event: { type: "Broker", value: { type: "Purchased", value: { who: "1", price: 100n } } } }],
        changes: [{ pallet: "Broker", item: "SaleInfo", old: { cores_sold: 0 }, new: { cores_sold: 1 } }, { item: "Balances.Account", key: "1", old: null, new: { free: "900" } }],
      },
    ]);
    await run.addBlocks([
      { file: "net.yaml", chain: "relay", number: 1, hash: "0xa1" },
      { file: "net.yaml", chain: "coretime", number: 1, hash: "0xb1" },
      { file: "net.yaml", chain: "relay", number: 2, hash: "0xa2" },
    ]);
    await run.addExpectations([
      { file: "a.yaml", step: 1, block: 1, path: "blocks[1].expect.events[0]", passed: true },
      { file: "a.yaml", step: 1, block: 1, path: "blocks[1].expect.storage[0].value.cores_sold", passed: false, expected: "2", actual: "1", note: "n", line: 12, column: 7 },
    ]);
    // readable before finish: the run is running (this process), its rows as flushed
    await run.flush();
    const during = await store.getRun(id);
    expect(during.outcome).toBeNull();
    expect(during.status).toBe("running");
    expect(during.counts.blocks).toBe(5);
    await run.finish({ outcome: "fail", summary: { files: 2, passed: 1, failed: 1 }, endedAt: "2026-04-21T13:45:03Z" });
  });

  it("has a sortable id from its start time and reads back what was recorded", async () => {
    expect(id).toMatch(/^20260421-134502-[0-9a-f]{6}$/);
    const run = await store.getRun(id);
    expect(run).toMatchObject({
      id,
      kind: "replay",
      command: ["replay", "scenarios/real"],
      corelabVersion: "0.1.0",
      runtime: "broker-mock",
      model: null,
      params: { bail: false },
      seeds: null,
      startedAt: T0,
      endedAt: "2026-04-21T13:45:03.000Z",
      outcome: "fail",
      status: "finished",
      summary: { files: 2, passed: 1, failed: 1 },
      pid: process.pid,
      counts: { blocks: 5, files: 2, metricRows: 0, metricValues: 0, expectations: 2, failedExpectations: 1 },
    });
  });

  it("reads blocks in order, with bigints as strings, filtered by file, chain and number", async () => {
    const all = await store.blocks(id);
    expect(all.map((b) => `${b.file}/${b.chain ?? "-"}/${b.number}`)).toEqual(["a.yaml/-/0", "a.yaml/-/1", "net.yaml/relay/1", "net.yaml/coretime/1", "net.yaml/relay/2"]);
    expect(all[0]).toEqual({ file: "a.yaml", chain: null, number: 0, hash: "0x00", stateRoot: "0xr0", extrinsics: [], events: [], changes: [] });
    expect(all[1]!.events).toEqual([{ phase: { type: "ApplyExtrinsic", value: 0 }, event: { type: "Broker", value: { type: "Purchased", value: { who: "1", price: "100" } } } }]);
    expect((all[1]!.extrinsics[0] as { call: { args: unknown } }).call.args).toEqual({ price_limit: "1000" });
    expect((await store.blocks(id, { chain: "relay" })).map((b) => b.number)).toEqual([1, 2]);
    expect((await store.blocks(id, { file: "a.yaml", from: 1 })).map((b) => b.hash)).toEqual(["0x01"]);
    expect((await store.blocks(id, { file: "net.yaml", to: 1 })).map((b) => b.hash)).toEqual(["0xa1", "0xb1"]);
  });

  it("reads expectations, and the views give one row per event and change", async () => {
    const failed = await store.expectations(id, { passed: false });
    expect(failed).toEqual([{ file: "a.yaml", step: 1, block: 1, path: "blocks[1].expect.storage[0].value.cores_sold", passed: false, expected: "2", actual: "1", note: "n", line: 12, column: 7 }]);
    expect(await store.expectations(id)).toHaveLength(2);
    const events = await store.query("SELECT pallet, name, data->>'price' AS price FROM block_events WHERE run_id = $1", [id]);
    expect(events).toEqual([{ pallet: "Broker", name: "Purchased", price: "100" }]);
    const changes = await store.query(`SELECT item, "key"::VARCHAR AS k FROM block_changes WHERE run_id = $1 ORDER BY "index"`, [id]);
    expect(changes).toEqual([
      { item: "Broker.SaleInfo", k: null },
      { item: "Balances.Account", k: '"1"' },
    ]);
  });

  it("finds a run by a unique prefix and names unknown and ambiguous ones", async () => {
    expect((await store.getRun(id.slice(0, 18))).id).toBe(id);
    const unknown = await caught(store.getRun("19990101"));
    expect(unknown.code).toBe("UnknownRun");
    expect(unknown.message).toContain("19990101");
    const other = await store.beginRun({ kind: "compare", command: ["compare"], corelabVersion: "0.1.0", startedAt: "2026-04-21T13:45:02.999+00:00" });
    const ambiguous = await caught(store.getRun("20260421-134502"));
    expect(ambiguous.code).toBe("AmbiguousRun");
    await other.finish({ outcome: "pass", endedAt: "2026-04-21T13:45:04Z" });
  });
});

describe("a simulation run", () => {
  let id: string;
  const rowsA: MetricRow[] = [
    { block: 1, price: 1.5, label: "x", ok: true, gap: null },
    { block: 2, price: 2.5, ok: false },
    { block: 3, price: Number.NaN, label: "", gap: 4 },
  ];
  beforeAll(async () => {
    const small = await openStore(store.path, { batch: { metricValues: 5 } }); // a write every call or two
    const run = await small.beginRun({
      kind: "simulate",
      command: ["simulate", "network", "--seeds", "2"],
      corelabVersion: "0.1.0",
      model: "network",
      params: { blocks: 3, big: 2n ** 70n },
      seeds: [7, 8],
      sweepPoints: [{ label: "s=0.1" }, { label: "s=0.2" }],
      startedAt: "2026-04-22T00:00:00Z",
    });
    id = run.id;
    await run.addMetrics(0, 7, rowsA.slice(0, 2));
    await run.addMetrics(0, 7, rowsA.slice(2));
    await run.addMetrics(1, 8, [{ block: 1, price: 10, extra: 1 }]);
    await run.addMetrics(0, 8, []);
    await run.finish({ outcome: "pass", summary: { points: [{ label: "s=0.1", price: { mean: 2 } }] }, endedAt: "2026-04-22T00:00:01Z" });
  });

  it("reads metrics back as recorded: values, types, absent columns and column order", async () => {
    const series = await store.metrics(id);
    expect(series.map((s) => [s.point, s.seed])).toEqual([
      [0, 7],
      [1, 8],
    ]);
    const rows = series[0]!.rows;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual(rowsA[0]);
    expect(Object.keys(rows[0]!)).toEqual(["block", "price", "label", "ok", "gap"]);
    expect(rows[1]).toEqual(rowsA[1]);
    expect(Object.keys(rows[1]!)).toEqual(["block", "price", "ok"]);
    expect(rows[2]!.price).toBeNaN();
    expect(rows[2]).toMatchObject({ block: 3, label: "", gap: 4 });
    expect(series[1]!.rows).toEqual([{ block: 1, price: 10, extra: 1 }]);
    expect((await store.metrics(id, { point: 1 })).map((s) => s.seed)).toEqual([8]);
    expect(await store.metrics(id, { seed: 9 })).toEqual([]);
  });

  it("counts and lists runs, newest first, by kind", async () => {
    const run = await store.getRun(id);
    expect(run.counts).toMatchObject({ metricRows: 4, metricValues: 15, metrics: 6, series: 2, blocks: 0 });
    expect(run.params).toEqual({ blocks: 3, big: "1180591620717411303424" });
    expect(run.seeds).toEqual([7, 8]);
    expect(run.sweepPoints).toEqual([{ label: "s=0.1" }, { label: "s=0.2" }]);
    const all = await store.listRuns();
    expect(all[0]!.id).toBe(id);
    expect(all.map((r) => r.startedAt)).toEqual([...all.map((r) => r.startedAt)].sort().reverse());
    expect((await store.listRuns({ kind: "simulate" })).map((r) => r.id)).toContain(id);
    expect((await store.listRuns({ kind: "replay" })).every((r) => r.kind === "replay")).toBe(true);
    expect(await store.listRuns({ limit: 1 })).toHaveLength(1);
  });

  it("compares two runs: outcome, parameters, summary and metric means", async () => {
    const other = await store.beginRun({ kind: "simulate", command: ["simulate"], corelabVersion: "0.1.0", params: { blocks: 4, big: 2n ** 70n }, startedAt: "2026-04-22T00:00:05Z" });
    await other.addMetrics(0, 7, [
      { block: 1, price: 3 },
      { block: 2, price: 5 },
    ]);
    await other.finish({ outcome: "fail", summary: { points: [{ label: "s=0.1", price: { mean: 4 } }] }, endedAt: "2026-04-22T00:00:06Z" });
    const cmp = await store.compareRuns(id, other.id);
    expect(cmp.outcome).toEqual({ a: "pass", b: "fail", same: false });
    expect(cmp.params).toEqual([{ key: "blocks", a: 3, b: 4, delta: 1, same: false }]);
    expect(cmp.summary).toEqual([
      { key: "points[0].label", a: "s=0.1", b: "s=0.1", delta: null, same: true },
      { key: "points[0].price.mean", a: 2, b: 4, delta: 2, same: false },
    ]);
    const price = cmp.metrics.find((m) => m.metric === "price")!;
    // run a: 1.5, 2.5, NaN, 10 → NaN mean (DuckDB's avg propagates NaN); the others are plain
    expect(price.countA).toBe(4);
    expect(price.b).toBe(4);
    expect(cmp.metrics.find((m) => m.metric === "block")).toEqual({ metric: "block", a: 1.75, b: 1.5, countA: 4, countB: 2, delta: -0.25 });
    expect(cmp.metrics.find((m) => m.metric === "ok")).toMatchObject({ a: 0.5, b: null, countB: 0 });
  });

  it("exports a run as Parquet and CSV with DuckDB's COPY", async () => {
    for (const format of ["parquet", "csv"] as const) {
      const out = join(dir, `export-${format}`);
      const files = await store.exportRun(id, out, format);
      expect(files).toEqual(["run", "blocks", "metrics", "expectations", "core_runs"].map((n) => join(out, `${n}.${format}`)));
      const reader = format === "parquet" ? "read_parquet" : "read_csv";
      const [m] = await store.query(`SELECT count(*)::INTEGER AS n, count(DISTINCT metric)::INTEGER AS metrics FROM ${reader}('${join(out, `metrics.${format}`)}')`);
      expect(m).toEqual({ n: 15, metrics: 6 });
      const [r] = await store.query(`SELECT id, outcome FROM ${reader}('${join(out, `run.${format}`)}')`);
      expect(r).toEqual({ id, outcome: "pass" });
    }
  });
});

describe("validation", () => {
  it("refuses bad run input with CorelabError and records nothing", async () => {
    const before = (await store.listRuns()).length;
    expect((await caught(store.beginRun({ kind: "bench" as never, command: [], corelabVersion: "0", startedAt: T0 }))).code).toBe("InvalidRunInput");
    expect((await caught(store.beginRun({ kind: "replay", command: [], corelabVersion: "0", startedAt: "yesterday" }))).message).toContain("startedAt");
    expect((await caught(store.beginRun({ kind: "replay", command: [], corelabVersion: "0", startedAt: "2026-04-21T13:45:02" }))).message).toContain("zone");
    expect((await store.listRuns()).length).toBe(before);
    const run = await store.beginRun({ kind: "simulate", command: [], corelabVersion: "0", startedAt: T0 });
    expect((await caught(() => run.addMetrics(0, 1, [{ x: {} as never }]))).code).toBe("InvalidMetrics");
    expect((await caught(() => run.addMetrics(-1, 1, []))).message).toContain("point");
    expect((await caught(() => run.addMetrics(0, 1.5, []))).message).toContain("seed");
    expect((await caught(() => run.addBlocks([{ number: 1 } as never]))).message).toContain("hash");
    expect((await caught(() => run.finish({ outcome: "ok" as never, endedAt: T0 }))).message).toContain("outcome");
    await run.finish({ outcome: "error", summary: { message: "boom" }, endedAt: T0 });
    expect((await caught(() => run.addMetrics(0, 1, []))).code).toBe("RunFinished");
    expect((await caught(() => store.exportRun(run.id, dir, "json" as never))).message).toContain("parquet or csv");
  });

  it("a failed write rejects, and so do every later flush and finish", async () => {
    const path = join(dir, "failing", "runs.duckdb");
    const own = await openStore(path);
    const run = await own.beginRun({ kind: "simulate", command: [], corelabVersion: "0", startedAt: T0 });
    await run.addMetrics(0, 1, [{ x: 1 }]);
    rmSync(path);
    writeFileSync(path, "replaced by something else\n");
    expect((await caught(run.flush())).code).toBe("NotAStore");
    await run.addMetrics(0, 1, [{ x: 2 }]);
    expect((await caught(run.flush())).code).toBe("RunWriteFailed");
    const e = await caught(run.finish({ outcome: "pass", endedAt: T0 }));
    expect(e.code).toBe("RunWriteFailed");
    expect(e.message).toContain(run.id);
  });
});
