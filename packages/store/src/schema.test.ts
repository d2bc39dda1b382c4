import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CorelabError } from "@corelab/frame";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, SCHEMA_VERSION } from "./index.ts";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "corelab-store-schema-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a file and its folder look like: refused files must stay exactly so. */
function snapshot(path: string) {
  const folder = join(path, "..");
  return { hash: createHash("sha256").update(readFileSync(path)).digest("hex"), mtimeMs: statSync(path).mtimeMs, size: statSync(path).size, folder: readdirSync(folder).sort() };
}

async function refused(path: string, code: string): Promise<CorelabError> {
  const before = snapshot(path);
  let error: unknown;
  try {
    await openStore(path);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(CorelabError);
  const e = error as CorelabError;
  expect(e.code).toBe(code);
  expect(e.message).toContain(path);
  expect(snapshot(path)).toEqual(before);
  // read-only opening refuses it the same way
  await expect(openStore(path, { readOnly: true })).rejects.toMatchObject({ code });
  expect(snapshot(path)).toEqual(before);
  return e;
}

async function duckdb(path: string, statements: string[]): Promise<void> {
  const db = await DuckDBInstance.create(path);
  const c = await db.connect();
  for (const sql of statements) await c.run(sql);
  c.closeSync();
  db.closeSync();
}

describe("files that are not a Corelab store are refused and left unchanged", () => {
  it("a text file", async () => {
    const path = join(dir, "text", "runs.duckdb");
    mkdirSync(join(dir, "text"));
    writeFileSync(path, "not a database\n".repeat(100));
    const e = await refused(path, "NotAStore");
    expect(e.message).toContain("not a DuckDB database file");
  });

  it("an empty file", async () => {
    const path = join(dir, "empty.duckdb");
    writeFileSync(path, "");
    await refused(path, "NotAStore");
  });

  it("a DuckDB database without Corelab's version table", async () => {
    const path = join(dir, "other.duckdb");
    await duckdb(path, ["CREATE TABLE runs (id VARCHAR)", "INSERT INTO runs VALUES ('mine')"]);
    const e = await refused(path, "NotAStore");
    expect(e.message).toContain("corelab_store");
  });

  it("a store of a newer schema version", async () => {
    const path = join(dir, "newer.duckdb");
    await openStore(path);
    await duckdb(path, [`UPDATE corelab_store SET value = '${SCHEMA_VERSION + 1}' WHERE key = 'schema_version'`, "CHECKPOINT"]);
    const e = await refused(path, "StoreTooNew");
    expect(e.message).toContain(`schema version ${SCHEMA_VERSION + 1}`);
  });
});

describe("schema versions", () => {
  it("a version 1 store is read as it is, and upgraded to the current version by the first writer", async () => {
    const path = join(dir, "v1", "runs.duckdb");
    mkdirSync(join(dir, "v1"));
    const { SCHEMA_V1 } = await import("./schema.ts");
    await duckdb(path, [...SCHEMA_V1, `INSERT INTO runs (id, kind, command, corelab_version, started_at, pid, host) VALUES ('20260101-000000-000001', 'replay', ['replay'], '0.1.0', '2026-01-01T00:00:00Z', 1, 'h')`, "CHECKPOINT"]);
    const before = snapshot(path);
    const reader = await openStore(path, { readOnly: true });
    expect((await reader.getRun("20260101-000000-000001")).counts.coreRuns).toBe(0);
    expect(await reader.coreRuns("20260101-000000-000001")).toEqual([]);
    expect(snapshot(path).hash).toBe(before.hash);
    const writer = await openStore(path);
    const version = await writer.query("SELECT value FROM corelab_store WHERE key = 'schema_version'");
    expect(version).toEqual([{ value: String(SCHEMA_VERSION) }]);
    const rec = await writer.beginRun({ kind: "replay", command: ["replay", "net.yaml"], corelabVersion: "0.1.0", startedAt: "2026-01-01T00:01:00Z" });
    await rec.addCoreRuns([
      { file: "net.yaml", core: 1, from: 4, to: 9, what: "idle" },
      { file: "net.yaml", core: 0, from: 4, to: 27, what: "task 2000" },
      { file: "net.yaml", core: 1, from: 10, to: 27, what: "on-demand 2001" },
    ]);
    await rec.finish({ outcome: "pass", endedAt: "2026-01-01T00:02:00Z" });
    expect((await writer.getRun(rec.id)).counts.coreRuns).toBe(3);
    expect(await writer.coreRuns(rec.id, { from: 10, to: 10 })).toEqual([
      { file: "net.yaml", core: 0, from: 4, to: 27, what: "task 2000" },
      { file: "net.yaml", core: 1, from: 10, to: 27, what: "on-demand 2001" },
    ]);
    // the old run is still there
    expect((await writer.listRuns()).map((r) => r.id)).toContain("20260101-000000-000001");
    await expect(rec.addCoreRuns([])).rejects.toMatchObject({ code: "RunFinished" });
    const other = await writer.beginRun({ kind: "replay", command: ["replay"], corelabVersion: "0.1.0", startedAt: "2026-01-01T00:03:00Z" });
    await expect(other.addCoreRuns([{ core: 0, from: 5, to: 4, what: "idle" }])).rejects.toMatchObject({ code: "InvalidRunInput" });
  });
});
