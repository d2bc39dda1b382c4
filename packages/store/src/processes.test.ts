/**
 * Several real processes on one store: two writers recording at once lose nothing, and a writer
 * killed mid-recording leaves its finished runs whole and its unfinished one readable, marked
 * incomplete, with only whole batches.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWriter } from "./__fixtures__/spawn.ts";
import { openStore } from "./index.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "corelab-store-proc-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("two processes recording into one store at once", () => {
  it("lose no run and no row", async () => {
    const path = join(dir, "concurrent", "runs.duckdb");
    const config = { store: path, runs: 2, flushes: 4, rows: 500, blocks: 20 };
    const writers = [startWriter({ ...config, name: "alpha" }), startWriter({ ...config, name: "beta" })];
    const codes = await Promise.all(writers.map((w) => w.exited));
    expect(codes, writers.map((w) => w.stderr()).join("\n")).toEqual([0, 0]);
    expect(writers.map((w) => w.stdout())).toEqual(["done\n", "done\n"]);

    const store = await openStore(path, { readOnly: true });
    const runs = await store.listRuns();
    expect(runs).toHaveLength(2 * config.runs);
    expect(new Set(runs.map((r) => r.id)).size).toBe(2 * config.runs);
    expect(runs.map((r) => r.model).sort()).toEqual([...Array(config.runs).fill("alpha"), ...Array(config.runs).fill("beta")]);
    expect(runs.every((r) => r.outcome === "pass" && r.status === "finished")).toBe(true);
    // every row of every run, counted in one session
    const counts = await store.query(`
      SELECT r.id,
        (SELECT count(*) FROM blocks b WHERE b.run = r.run)::INTEGER AS blocks,
        (SELECT count(DISTINCT b.number) FROM blocks b WHERE b.run = r.run)::INTEGER AS numbers,
        (SELECT count(*) FROM metrics m WHERE m.run = r.run)::INTEGER AS "values",
        (SELECT count(DISTINCT (m.seed, m.step)) FROM metrics m WHERE m.run = r.run)::INTEGER AS steps
      FROM runs r ORDER BY r.id`);
    const perRun = { blocks: config.flushes * config.blocks, numbers: config.flushes * config.blocks, values: config.flushes * config.rows * 3, steps: config.flushes * config.rows };
    expect(counts).toEqual(runs.map((r) => ({ id: r.id, ...perRun })).sort((x, y) => x.id.localeCompare(y.id)));
    // and the rows read back whole, for one run of each writer
    for (const model of ["alpha", "beta"]) {
      const id = runs.find((r) => r.model === model)!.id;
      const series = await store.metrics(id, { seed: config.flushes });
      expect(series[0]!.rows[config.rows - 1]).toEqual({ block: config.rows - 1, value: (config.rows - 1) / 2, label: "odd" });
      const blocks = await store.blocks(id);
      expect(blocks.map((b) => b.number)).toEqual(Array.from({ length: perRun.blocks }, (_, i) => i));
      expect(new Set(blocks.map((b) => b.file))).toEqual(new Set([`${model}.yaml`]));
    }
  });
});

describe("a process killed while recording", () => {
  it("leaves its finished runs readable and the unfinished one incomplete, with whole batches", async () => {
    const path = join(dir, "killed", "runs.duckdb");
    const writer = startWriter({ store: path, name: "victim", runs: 1, flushes: 2, rows: 300, blocks: 5, hang: true, staleMs: 2000 });
    await writer.waitFor(/flushed 3\n/);
    writer.child.kill("SIGKILL");
    expect(await writer.exited).toBe("SIGKILL");

    // a lock the victim may have held is taken over once stale (2 s here)
    const store = await openStore(path, { lockStaleMs: 2000 });
    const runs = await store.listRuns();
    expect(runs).toHaveLength(2);
    const [hung, done] = runs; // newest first
    expect(done).toMatchObject({ outcome: "pass", status: "finished", summary: { writer: "victim", run: 0 } });
    expect((await store.getRun(done!.id)).counts).toMatchObject({ blocks: 10, metricRows: 600 });
    expect(hung).toMatchObject({ outcome: null, endedAt: null, status: "incomplete", command: ["writer", "victim", "hang"] });
    const counts = (await store.getRun(hung!.id)).counts;
    expect(counts.metricRows).toBeGreaterThanOrEqual(900);
    // every batch is one transaction: whole batches only
    expect(counts.metricRows % 300).toBe(0);
    expect(counts.blocks).toBe((counts.metricRows / 300) * 5);
    const series = await store.metrics(hung!.id);
    expect(series.every((s) => s.rows.length === 300)).toBe(true);

    // and the store takes new runs
    const next = await store.beginRun({ kind: "replay", command: ["after"], corelabVersion: "test", startedAt: "2026-01-02T00:00:00Z" });
    await next.finish({ outcome: "pass", endedAt: "2026-01-02T00:00:01Z" });
    expect((await store.listRuns())[0]!.id).toBe(next.id);
  });
});
