import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, definePallet, initCrypto, t } from "@corelab/frame";
import { registerPreset, unregisterPreset, type Preset } from "@corelab/testing";
import { registerReporter } from "./reporters/index.ts";
import { runCli, type CliRun } from "./__fixtures__/run-cli.ts";

const cwd = fileURLToPath(new URL("..", import.meta.url));

/** Runs the CLI in-process with the environment `env` (the run store off: it has tests of its own). */
const runWith = (env: Record<string, string | undefined>, ...argv: string[]): Promise<CliRun> => runCli(argv, { cwd, env: { CORELAB_STORE: "off", ...env } });
const run = (...argv: string[]): Promise<CliRun> => runWith({}, ...argv);

// A runtime whose call has a bug (a TypeError) and whose hook throws at block 2.
const Buggy = definePallet<Record<string, never>>()({
  name: "Buggy",
  storage: {},
  events: {},
  errors: {},
  calls: {
    crash: {
      index: 0,
      args: { n: t.u32 },
      dispatch(): void {
        (undefined as unknown as { x: number }).x = 1;
      },
    },
  },
  hooks: {
    onInitialize(ctx): void {
      if (ctx.blockNumber === 2) throw new Error("boom");
    },
  },
});
const buggy: Preset = { name: "buggy-test", description: "test only", create: () => createRuntime({ name: "buggy-test", pallets: [Buggy.instance({})] }) };

beforeAll(async () => {
  await initCrypto();
  registerPreset(buggy);
});
afterAll(() => unregisterPreset(buggy.name));

describe("corelab replay", () => {
  it("exits 0 and prints one PASS line per file when all pass", async () => {
    const r = await run("replay", "fixtures/pass.yaml");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toMatch(/^PASS {2}a transfer {2}fixtures\/pass\.yaml {2}3 blocks {2}state root 0x[0-9a-f]{64}$/);
    expect(lines.at(-1)).toBe("1 file: 1 passed, 0 failed");
    expect(r.err).toBe("");
  });

  it("exits 1 on a failed expectation, naming file, step, block, path, expected and actual, and carries on", async () => {
    const r = await run("replay", "fixtures/fail.yaml", "fixtures/pass.yaml");
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL  a wrong balance  fixtures/fail.yaml  2 blocks  state root 0x");
    expect(r.out).toContain("  ✗ fixtures/fail.yaml:12:19 step 0, block 2: blocks[0].expect.balances.bob\n      expected: 251\n      actual:   250\n");
    expect(r.out).toContain("PASS  a transfer");
    expect(r.out).toContain("2 files: 1 passed, 1 failed");
  });

  it("exits 2 on a malformed file, with the path inside it and what was expected, and no stack", async () => {
    const r = await run("replay", "fixtures");
    expect(r.code).toBe(2);
    expect(r.out).toContain("ERROR fixtures/malformed.yaml  malformed\n  fixtures/malformed.yaml:8:28: blocks[0].calls[0].args: unknown argument of Balances.transfer_allow_death 'valu'\n  did you mean 'value'?");
    expect(r.out).toContain("3 files: 1 passed, 1 failed, 1 malformed");
    expect(r.out + r.err).not.toMatch(/\n\s+at /);
  });

  it("applies the limits of the environment: a file past CORELAB_MAX_BLOCKS is malformed, a bad value is a bad command line", async () => {
    const r = await runWith({ CORELAB_MAX_BLOCKS: "2" }, "replay", "fixtures/pass.yaml");
    expect(r.code).toBe(2);
    expect(r.out).toContain("fixtures/pass.yaml:14:5: blocks[1].at: expected a block at most 2 blocks after the start (block 2 or before), got 3");
    expect(r.out).toContain("set CORELAB_MAX_BLOCKS (or the maxBlocks limit) to allow more");
    const bad = await runWith({ CORELAB_MAX_BLOCKS: "many" }, "replay", "fixtures/pass.yaml");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('CORELAB_MAX_BLOCKS: expected a whole number >= 1, got "many"');
    expect((await runWith({ CORELAB_MAX_BLOCKS: "3" }, "replay", "fixtures/pass.yaml")).code).toBe(0);
    expect((await runWith({ CORELAB_MAX_BLOCKS: "2" }, "check", "fixtures/pass.yaml")).code).toBe(2);
  });

  it("exits 2 when nothing matches, and on a bad command line", async () => {
    expect((await run("replay", "fixtures/none-*.yaml")).code).toBe(2);
    const bad = await run("replay", "--frobnicate", "fixtures/pass.yaml");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("unknown option '--frobnicate'");
    expect((await run("replay", "--report", "nope", "fixtures/pass.yaml")).err).toContain("unknown reporter 'nope'");
  });

  it("--json prints every block record per file as JSON on stdout, the lines on stderr", async () => {
    const r = await run("replay", "--json", "fixtures/pass.yaml", "fixtures/malformed.yaml");
    expect(r.code).toBe(2);
    const files = JSON.parse(r.out);
    expect(files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ["fixtures/malformed.yaml", "malformed"],
      ["fixtures/pass.yaml", "pass"],
    ]);
    expect(files[0].error).toMatchObject({ path: "blocks[0].calls[0].args", line: 8 });
    const pass = files[1];
    expect(pass.blocks.map((b: { number: number }) => b.number)).toEqual([0, 1, 2, 3]);
    expect(pass.blocks[1].parent_hash).toBe(pass.blocks[0].hash);
    expect(pass.blocks[3].state_root).toBe(pass.state_root);
    expect(pass.blocks[1].extrinsics[0]).toMatchObject({ call: { pallet: "Balances", name: "transfer_allow_death", args: { value: "250" } }, result: { ok: true } });
    expect(pass.blocks[1].events.map((e: { event: { type: string; value: { type: string } } }) => `${e.event.type}.${e.event.value.type}`)).toEqual([
      "Balances.Endowed",
      "Balances.Transfer",
      "System.ExtrinsicSuccess",
    ]);
    expect(r.err).toContain("PASS  a transfer");
  });

  it("runs reporters (--report) and includes them in --json", async () => {
    const r = await run("replay", "--report", "events", "fixtures/pass.yaml");
    expect(r.out).toContain("  report events:\n    extrinsics:\n      Balances.transfer_allow_death: 1 ok\n");
    registerReporter({
      name: "blocks-test",
      description: "test only",
      create: () => {
        let n = 0;
        return { block: () => void n++, render: (res) => ({ text: `${n} records, ${res.blocks} blocks`, json: { n } }) };
      },
    });
    const j = await run("replay", "--json", "--report", "blocks-test", "fixtures/pass.yaml");
    expect(JSON.parse(j.out)[0].reports).toEqual({ "blocks-test": { n: 4 } });
    expect(j.err).toContain("4 records, 3 blocks");
  });

  it("prints no progress bar and no colour when not on a TTY", async () => {
    const r = await run("replay", "fixtures/pass.yaml");
    expect(r.out + r.err).not.toContain("\x1b[");
    const c = await run("replay", "--color", "fixtures/pass.yaml");
    expect(c.out).toContain("\x1b[32mPASS\x1b[39m");
  });

  it("reports a throwing hook or call (a bug the frame names) as an error, exit 3, without a stack", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const dir = mkdtempSync(`${(await import("node:os")).tmpdir()}/corelab-cli-`);
    writeFileSync(`${dir}/hook.yaml`, "name: hook\nruntime: buggy-test\nblocks:\n  - at: 3\n");
    writeFileSync(`${dir}/call.yaml`, "name: call\nruntime: buggy-test\nblocks:\n  - at: 1\n    calls: [ { origin: Root, call: Buggy.crash, args: { n: 1 } } ]\n");
    const hook = await run("replay", `${dir}/hook.yaml`);
    expect(hook.code).toBe(3);
    expect(hook.out).toContain("Buggy.on_initialize threw at block 2: this is an emulator bug");
    expect(hook.out + hook.err).not.toMatch(/\n\s+at /);
    // a call that throws (not a dispatch error) is named like a hook: pallet, call, block, what it threw
    const call = await run("replay", `${dir}/call.yaml`);
    expect(call.code).toBe(3);
    expect(call.out).toContain("ERROR " + `${dir}/call.yaml  stopped at block 1`);
    expect(call.out).toContain("Buggy.crash threw at block 1: this is a bug in the pallet");
    expect(call.out).toMatch(/TypeError: Cannot set properties of undefined/);
    expect(call.out + call.err).not.toMatch(/\n\s+at /);
  });
});

describe("corelab check, presets, reporters", () => {
  it("check validates without running: exit 0, or 2 with the error", async () => {
    const ok = await run("check", "fixtures/pass.yaml");
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("OK     fixtures/pass.yaml  2 steps, 3 blocks, runtime balances-mock");
    const bad = await run("check", "fixtures/malformed.yaml");
    expect(bad.code).toBe(2);
    expect(bad.out).toContain("fixtures/malformed.yaml:8:28: blocks[0].calls[0].args: unknown argument");
  });

  it("presets lists the registered presets", async () => {
    const r = await run("presets");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^balances-mock +System \+ Balances/m);
    const j = JSON.parse((await run("presets", "--json")).out);
    expect(j.map((p: { name: string }) => p.name)).toContain("balances-mock");
  });

  it("reporters lists the reporters; --help and --version exit 0", async () => {
    expect((await run("reporters")).out).toMatch(/^events +extrinsics by call/m);
    expect((await run("--version")).out.trim()).toBe("0.1.0");
    const h = await run("replay", "--help");
    expect(h.code).toBe(0);
    expect(h.out).toContain("--report <name>");
  });
});
