import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerModel, unregisterModel, type AnyModel } from "@corelab/simulate";
import { runCli, type CliRun } from "./__fixtures__/run-cli.ts";

const TOY_MODULE = new URL("../../../packages/simulate/src/runner/__fixtures__/toy-model.ts", import.meta.url);
const TOY_YAML = fileURLToPath(new URL("../../../packages/simulate/src/runner/__fixtures__/toy.yaml", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
let tmp: string;

const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: tmp });

function modelFile(name: string, text: string): string {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
}

function filesUnder(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string, rel: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out[`${rel}${e.name}`] = readFileSync(join(d, e.name));
    }
  };
  walk(dir, "");
  return out;
}

// the runner's toy model (a fixture of @corelab/simulate), loaded by URL as worker threads load it
let toyModel: AnyModel;

beforeAll(async () => {
  toyModel = ((await import(TOY_MODULE.href)) as { toyModel: AnyModel }).toyModel;
  tmp = mkdtempSync(join(tmpdir(), "corelab-simulate-"));
  registerModel(toyModel, { module: TOY_MODULE.href });
});
afterAll(() => {
  unregisterModel(toyModel.name);
  rmSync(tmp, { recursive: true, force: true });
});

describe("corelab simulate", () => {
  it("runs seeds × sweep points and writes metrics, summary and charts; the same for 2 workers and in process", async () => {
    const args = [TOY_YAML, "--seeds", "3", "--sweep", "params.rate=0.2,0.8", "--metrics", "csv"];
    const r = await run("simulate", ...args, "--workers", "2", "--out", "two");
    expect(r.err).toBe("simulate toy: 2 points × 3 seeds = 6 runs, 2 worker threads\n");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(/^model toy {2}.*toy\.yaml {2}seeds 1\.\.3 {2}sweep params\.rate$/);
    expect(lines).toContain("rate=0.2  (3 runs)");
    expect(lines.some((l) => /^ {2}hits +[\d.]+ +[\d.]+ +[\d.]+$/.test(l))).toBe(true);
    expect(r.out).toContain("wrote two/summary.csv, summary.json, 6 metrics files under runs/, charts hits.svg/.png");
    expect(lines).toContain("6 runs: 6 completed, 0 failed");

    const files = filesUnder(join(tmp, "two"));
    expect(Object.keys(files).sort()).toEqual([
      "hits.png",
      "hits.svg",
      ...["rate=0.2", "rate=0.8"].flatMap((p) => [1, 2, 3].map((s) => `runs/${p}/seed-${s}.csv`)),
      "summary.csv",
      "summary.json",
    ]);
    expect([...files["hits.png"]!.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(files["hits.svg"]!.toString().startsWith("<svg")).toBe(true);
    const csv = files["summary.csv"]!.toString().trim().split("\n");
    expect(csv[0]).toBe("point,params.rate,runs,failed,hits_mean,hits_p5,hits_p95,hits_per_block_mean,hits_per_block_p5,hits_per_block_p95");
    expect(csv.slice(1).map((l) => l.split(",").slice(0, 4).join(","))).toEqual(["rate=0.2,0.2,3,0", "rate=0.8,0.8,3,0"]);
    const metrics = files["runs/rate=0.2/seed-1.csv"]!.toString().split("\n");
    expect(metrics[0]).toBe("block,hits,note");
    expect(metrics[1]).toMatch(/^1,\d+,"first, with a comma"$/);
    expect(metrics).toHaveLength(12 + 2); // header, 12 blocks, final newline
    const json = JSON.parse(files["summary.json"]!.toString());
    expect(json.points.map((p: { label: string }) => p.label)).toEqual(["rate=0.2", "rate=0.8"]);
    expect(json.percentiles).toBe("linear (type 7)");
    // the mean of the per-seed figures is what the table and the files say
    const perSeed = [1, 2, 3].map((s) => Number(files[`runs/rate=0.8/seed-${s}.csv`]!.toString().trim().split("\n").at(-1)!.split(",")[1]));
    expect(json.points[1].columns.hits.mean).toBeCloseTo(perSeed.reduce((a, b) => a + b, 0) / 3, 12);

    const r0 = await run("simulate", ...args, "--workers", "0", "--out", "zero");
    expect(r0.out.replace("zero/", "two/")).toBe(r.out);
    expect(filesUnder(join(tmp, "zero"))).toEqual(files);
  }, 240_000);

  it("marks a failed run with its point, seed, source and block; the others complete; exit 1", async () => {
    const f = modelFile("failing.yaml", `model: ${fileURLToPath(TOY_MODULE)}\nblocks: 8\nparams: { rate: 0.5, fail_seed: 2 }\n`);
    const r = await run("simulate", f, "--seeds", "3", "--workers", "0", "--out", "failing");
    expect(r.code).toBe(1);
    expect(r.out).toContain("(no sweep)  (3 runs, 1 failed)");
    expect(r.out).toContain("FAILED  seed 2: agent 'toy' at block 5: the toy agent gave up\n");
    expect(r.out).toContain("3 runs: 2 completed, 1 failed");
    const json = JSON.parse(readFileSync(join(tmp, "failing", "summary.json"), "utf8"));
    expect(json.failures).toEqual([{ point: "", seed: 2, source: "agent 'toy'", block: 5, message: "the toy agent gave up" }]);
    expect(json.points[0].columns.hits.n).toBe(2);
    // the failed run's rows up to its failure are still written
    expect(readFileSync(join(tmp, "failing", "runs", "default", "seed-2.jsonl"), "utf8").trim().split("\n")).toHaveLength(4);
  });

  it("runs a registered model by name, with --blocks", async () => {
    const r = await run("simulate", "toy", "--blocks", "5", "--seed", "9", "--workers", "0", "--out", "byname");
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toBe("model toy  built-in model 'toy'  seed 9");
    expect(readFileSync(join(tmp, "byname", "runs", "default", "seed-9.jsonl"), "utf8").trim().split("\n")).toHaveLength(5);
  });

  it("reads a file's sweep: section (a --sweep of the same key replaces it) and a model module relative to the file", async () => {
    const rel = relative(tmp, fileURLToPath(TOY_MODULE));
    modelFile("sweepfile.yaml", `model: ${rel}\nblocks: 4\nsweep:\n  params.rate: [0.1, 0.9]\n  params.step: [1, 2]\n`);
    const r = await run("simulate", "sweepfile.yaml", "--workers", "0", "--out", "sf");
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toMatch(/^model toy {2}.*sweepfile\.yaml {2}seed 1 {2}sweep params\.rate, params\.step$/);
    const labels = (o: string): string[] => o.split("\n").filter((l) => /^rate=/.test(l)).map((l) => l.replace(/ {2}\(.*$/, ""));
    expect(labels(r.out)).toEqual(["rate=0.1, step=1", "rate=0.1, step=2", "rate=0.9, step=1", "rate=0.9, step=2"]);
    const r2 = await run("simulate", "sweepfile.yaml", "--sweep", "params.step=3", "--workers", "0", "--out", "sf2");
    expect(r2.code).toBe(0);
    expect(labels(r2.out)).toEqual(["rate=0.1, step=3", "rate=0.9, step=3"]);
    modelFile("nomodule.yaml", "model: ./nope.ts\n");
    const r3 = await run("simulate", "nomodule.yaml");
    expect(r3.code).toBe(2);
    expect(r3.err).toContain("nomodule.yaml: model: no such module ./nope.ts");
  });

  it("lists the models", async () => {
    const r = await run("simulate", "--list");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^toy +test fixture: Bernoulli hits per block$/m);
  });

  describe("bad input exits 2 naming the path and the valid names", () => {
    it("a sweep key the model does not sweep", async () => {
      const r = await run("simulate", TOY_YAML, "--sweep", "params.nope=1,2", "--workers", "0");
      expect(r.code).toBe(2);
      expect(r.err).toBe("error: --sweep params.nope: not a sweepable key of model 'toy'\nvalid keys: blocks, params.rate, params.step\n");
      const f = modelFile("badsweep.yaml", "model: toy\nsweep:\n  params.fail_seed: [1, 2]\n");
      const r2 = await run("simulate", f, "--workers", "0");
      expect(r2.code).toBe(2);
      expect(r2.err).toContain("badsweep.yaml: sweep.params.fail_seed: not a sweepable key of model 'toy'\nvalid keys: blocks, params.rate, params.step");
    });
    it("an unknown model, in a file or by name", async () => {
      const f = modelFile("unknown.yaml", "model: nope\n");
      const r = await run("simulate", f);
      expect(r.code).toBe(2);
      expect(r.err).toContain("unknown.yaml: model: unknown simulation model 'nope'");
      expect(r.err).toMatch(/valid models: .*\btoy\b/);
      const r2 = await run("simulate", "nope");
      expect(r2.code).toBe(2);
      expect(r2.err).toMatch(/simulate: unknown simulation model 'nope'\nvalid models: .*\btoy\b/);
      const r3 = await run("simulate", modelFile("nomodel.yaml", "blocks: 3\n"));
      expect(r3.code).toBe(2);
      expect(r3.err).toContain("nomodel.yaml: model: required");
    });
    it("a parameter out of its domain or unknown, in the file or through a sweep value", async () => {
      const r = await run("simulate", modelFile("badrate.yaml", "model: toy\nparams: { rate: 2 }\n"));
      expect(r.code).toBe(2);
      expect(r.err).toContain("badrate.yaml: params.rate: expected a number in [0, 1], got 2");
      const r2 = await run("simulate", modelFile("badkey.yaml", "model: toy\nparams: { rat: 1 }\n"));
      expect(r2.code).toBe(2);
      expect(r2.err).toContain("badkey.yaml: params.rat: unknown key\nvalid names: rate, step, fail_seed, throw_seed");
      const r3 = await run("simulate", TOY_YAML, "--sweep", "params.rate=0.5,7");
      expect(r3.code).toBe(2);
      expect(r3.err).toContain("sweep point rate=7: ");
      expect(r3.err).toContain("params.rate: expected a number in [0, 1], got 7");
    });
    it("a file that is not YAML, a missing file, bad numbers", async () => {
      const r = await run("simulate", modelFile("broken.yaml", "model: toy\nparams: [1,\n"));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/broken\.yaml:\d+:\d+: not valid YAML/);
      expect((await run("simulate", "missing.yaml")).err).toBe("error: missing.yaml: no such file\n");
      expect((await run("simulate", "toy", "--seeds", "0")).err).toBe("error: --seeds 0: expected an integer from 1 to 100000\n");
      expect((await run("simulate", "toy", "--metrics", "xml")).code).toBe(2);
    });
  });

  it("runs from the TypeScript sources under Node 20 (tsx): the .js worker loads the TypeScript model on 2 threads", () => {
    const out = join(tmp, "spawned");
    const p = spawnSync(
      process.execPath,
      ["--conditions=@corelab/source", "--import", "tsx", join(ROOT, "apps/emulator/src/bin.ts"), "simulate", TOY_YAML, "--seeds", "2", "--workers", "2", "--out", out],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } },
    );
    expect(p.stderr).toContain("2 worker threads");
    expect(p.status).toBe(0);
    expect(p.stdout).toContain("2 runs: 2 completed, 0 failed");
    expect(readFileSync(join(out, "summary.csv"), "utf8").split("\n")[0]).toBe("point,runs,failed,hits_mean,hits_p5,hits_p95,hits_per_block_mean,hits_per_block_p5,hits_per_block_p95");
  }, 240_000);
});
