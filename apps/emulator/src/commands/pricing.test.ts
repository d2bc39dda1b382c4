import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto } from "@corelab/frame";
import { runCli, type CliRun } from "../__fixtures__/run-cli.ts";

const run = (cwd: string, ...argv: string[]): Promise<CliRun> => runCli(argv, { cwd });

const tmp = mkdtempSync(join(tmpdir(), "corelab-pricing-"));
beforeAll(async () => {
  await initCrypto();
});

describe("corelab pricing", () => {
  it("prints the reproduction table for Polkadot and Kusama with aligned columns, conventions and planck", async () => {
    const r = await run(tmp, "pricing");
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out).toContain("conventions (the proposal's): validator month 365/12 d; infrastructure month 30 d; 1 \"GiB\" = 1000 MB");
    const lines = r.out.split("\n");
    const row = (id: string) => lines.find((l) => l.startsWith(`${id} `))!.split(/ {2,}/);
    // figure, source, stated, computed, exact, planck, status, inputs; convention
    expect(row("dot-validator").slice(0, 7)).toEqual(["dot-validator", "post 7", "213 DOT", "213", "212.670900000", "2126709000000", "ok"]);
    expect(row("dot-final-val").slice(2, 6)).toEqual(["199.5 DOT", "199.5", "199.520900000", "1995209000000"]);
    expect(row("dot-infra-usd").slice(2, 4)).toEqual(["$1144.98", "$1144.98"]);
    expect(row("ksm-infra").slice(2, 7)).toEqual(["20.46 KSM", "20.46", "20.460000000", "20460000000000", "ok"]);
    expect(row("ksm24-median").slice(2, 6)).toEqual(["0.662 KSM", "0.662", "0.661642800", "661642800000"]);
    expect(row("ksm24-mean").slice(2, 7)).toEqual(["4.41 KSM", "4.41", "4.410952000", "4410952000000", "ok, other convention"]);
    expect(row("ksm24-mean-discounted").slice(2, 7)).toEqual(["4.39 KSM", "-", "-", "-", "NOT REPRODUCED"]);
    // aligned: in each section, the header and every row start the status column at the same offset
    for (const header of lines.filter((l) => l.startsWith("figure "))) {
      const at = header.indexOf("status");
      const section = lines.slice(lines.indexOf(header) + 1);
      const rows = section.slice(0, section.findIndex((l) => l === ""));
      expect(rows.length).toBeGreaterThan(10);
      for (const l of rows) expect(l.slice(at - 2, at)).toBe("  ");
    }
    expect(r.out).toContain("28 of 30 stated figures reproduce (2 only under another convention); 4 derived rows");
  });

  it("--to-preset coretime-polkadot prints a scenario that replays: start_sales end price and on-demand base fee in planck", async () => {
    const r = await run(tmp, "pricing", "--to-preset", "coretime-polkadot");
    expect(r.code).toBe(0);
    expect(r.out).toContain("args: { end_price: 1836685545205, extra_cores: 5 }");
    expect(r.out).toContain("# on_demand_base_fee: 9110543\n");
    expect(r.out).toContain("2 x 199.520900 DOT / (14400 x 365/12 d) = 0.0009110543 DOT");
    const file = join(tmp, "polkadot.yaml");
    writeFileSync(file, r.out);
    const replay = await run(tmp, "replay", "polkadot.yaml");
    expect(replay.out).toContain("1 file: 1 passed, 0 failed");
    expect(replay.code).toBe(0);
  });

  it("--to-preset coretime-kusama with options; an end price under the floor is noted and expected at the floor", async () => {
    const r = await run(tmp, "pricing", "--to-preset", "coretime-kusama", "--inputs", "kusama-post24", "--result", "validator", "--region-price", "month", "--extra-cores", "7");
    expect(r.code).toBe(0);
    expect(r.out).toContain("args: { end_price: 661642800000, extra_cores: 7 }");
    expect(r.out).toContain("# note: below the preset's MinimumPrice floor (1 KSM)");
    expect(r.out).toContain("value: { end_price: 1000000000000 }");
    writeFileSync(join(tmp, "kusama.yaml"), r.out);
    const replay = await run(tmp, "replay", "kusama.yaml");
    expect(replay.out).toContain("1 file: 1 passed, 0 failed");
  });

  it("bad options exit 2 with a message and no stack", async () => {
    const wrongNet = await run(tmp, "pricing", "--to-preset", "coretime-kusama", "--inputs", "polkadot");
    expect(wrongNet.code).toBe(2);
    expect(wrongNet.err).toBe("error: input set 'polkadot' prices DOT, preset 'coretime-kusama' uses KSM\n");
    const unknown = await run(tmp, "pricing", "--to-preset", "coretime-westend");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Allowed choices are coretime-polkadot, coretime-kusama");
    const cores = await run(tmp, "pricing", "--to-preset", "coretime-kusama", "--extra-cores", "x");
    expect(cores.code).toBe(2);
    expect(cores.err).toContain("extra cores must be a u16");
    const stray = await run(tmp, "pricing", "--result", "validator");
    expect(stray.code).toBe(2);
    expect(stray.err).toContain("need --to-preset");
    expect(wrongNet.err + unknown.err + cores.err).not.toMatch(/\n\s+at /);
  });
});
