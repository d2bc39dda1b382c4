// The corelab command records its runs into the run store and reads them back (`corelab runs`).
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "./__fixtures__/run-cli.ts";

const fixtures = fileURLToPath(new URL("../fixtures/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "corelab-store-cli-"));

const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: dir, env: {} }); // the store on

describe("the run store on the command line", () => {
  it("records replays by default into .corelab/runs.duckdb, and lists, shows and exports them", async () => {
    const pass = await run("replay", join(fixtures, "pass.yaml"));
    expect(pass.code).toBe(0);
    const id = /recorded as run (\S+) in \.corelab\/runs\.duckdb/.exec(pass.err)?.[1];
    expect(id).toBeDefined();
    expect(existsSync(join(dir, ".corelab", "runs.duckdb"))).toBe(true);
    const fail = await run("replay", join(fixtures, "fail.yaml"));
    expect(fail.code).toBe(1);
    const failId = /recorded as run (\S+)/.exec(fail.err)![1]!;

    const list = await run("runs", "list", "--json");
    const runs = JSON.parse(list.out) as Array<{ id: string; kind: string; outcome: string }>;
    expect(runs.map((r) => [r.id, r.kind, r.outcome])).toEqual([
      [failId, "replay", "fail"],
      [id, "replay", "pass"],
    ]);
    const show = await run("runs", "show", failId.slice(0, 18));
    expect(show.code).toBe(0);
    expect(show.out).toMatch(/recorded {2}\d+ blocks \(1 files\)/);
    expect(show.out).toContain("✗ "); // the failed expectation, with its path
    expect(show.out).toContain("blocks[0].expect.balances.bob");
    const shown = JSON.parse((await run("runs", "show", id!, "--json")).out) as { counts: { blocks: number; expectations: number; failedExpectations: number } };
    expect(shown.counts.blocks).toBeGreaterThan(0);
    // passed expectations are recorded too (the explorer shows them at their blocks)
    expect(shown.counts.expectations).toBeGreaterThan(0);
    expect(shown.counts.failedExpectations).toBe(0);

    const exported = await run("runs", "export", id!, "--csv", "--out", "export");
    expect(exported.code).toBe(0);
    expect(readdirSync(join(dir, "export")).length).toBeGreaterThan(0);
    const compare = await run("runs", "compare", id!, failId);
    expect(compare.out).toContain("outcome pass vs fail");
  }, 120_000);

  it("records a network replay's core timeline: what each core ran, as segments of relay blocks", async () => {
    const file = fileURLToPath(new URL("../../../scenarios/network/kusama-bulk-and-pool.yaml", import.meta.url));
    const r = await run("replay", file);
    expect(r.code).toBe(0);
    const id = /recorded as run (\S+)/.exec(r.err)![1]!;
    const show = await run("runs", "show", id);
    expect(show.out).toMatch(/, \d+ core-run segments/);
    const csv = await run("runs", "export", id, "--csv", "--out", "net-export");
    expect(csv.code).toBe(0);
    const { readFileSync } = await import("node:fs");
    const rows = readFileSync(join(dir, "net-export", "core_runs.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
    // the scenario's bulk regions give paras 2000 and 2001 cores 0 and 1; para 2002 orders on demand on the pool core
    const what = new Set(rows.map((x) => x[4]));
    for (const w of ["task 2000", "task 2001", "pool", "on-demand 2002"]) expect(what).toContain(w);
    // segments of one core do not overlap and follow each other
    for (const core of new Set(rows.map((x) => x[1]))) {
      const segs = rows.filter((x) => x[1] === core).map((x) => [Number(x[2]), Number(x[3])] as const);
      for (let i = 1; i < segs.length; i++) expect(segs[i]![0]).toBe(segs[i - 1]![1] + 1);
    }
  }, 120_000);

  it("records a simulation's runs: seeds, sweep points and every run's metric rows", async () => {
    const toy = fileURLToPath(new URL("../../../packages/simulate/src/runner/__fixtures__/toy.yaml", import.meta.url));
    const sim = await run("simulate", toy, "--seeds", "2", "--workers", "0", "--out", join(dir, "sim"), "--no-progress");
    expect(sim.code).toBe(0);
    const id = /recorded as run (\S+)/.exec(sim.err)![1]!;
    const shown = JSON.parse((await run("runs", "show", id, "--json")).out) as { kind: string; seeds: number[]; counts: { metricRows: number; series: number } };
    expect(shown.kind).toBe("simulate");
    expect(shown.seeds).toEqual([1, 2]);
    expect(shown.counts.series).toBe(2);
    expect(shown.counts.metricRows).toBeGreaterThan(0);
  }, 120_000);

  it("does not record with --no-store, names an unknown run, and refuses a file that is not a store", async () => {
    const before = JSON.parse((await run("runs", "list", "--json")).out).length as number;
    expect((await run("replay", join(fixtures, "pass.yaml"), "--no-store")).code).toBe(0);
    expect(JSON.parse((await run("runs", "list", "--json")).out)).toHaveLength(before);
    const unknown = await run("runs", "show", "nope");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/nope/);
    const notAStore = await run("runs", "list", "--store", join(fixtures, "pass.yaml"));
    expect(notAStore.code).toBe(2);
    expect(notAStore.err).toContain("pass.yaml");
  }, 120_000);
});
