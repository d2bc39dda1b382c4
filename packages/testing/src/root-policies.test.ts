// Every bundled and reference scenario, replayed under each state-root policy: the outcome and the
// final state root (of every chain of a network) are the same whether roots are computed every
// block, every 7 blocks or only at the end, and with stored values frozen or not (issue 10,
// "State roots are computed on request").
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto, type EngineOptions } from "@corelab/frame";
import { findScenarioFiles } from "./files.ts";
import { loadScenarioRuntime } from "./preset-module.ts";
import { replayFile } from "./replay.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const files = findScenarioFiles(["packages/*/scenarios/**/*.{yaml,yml,json}", "scenarios/real", "scenarios/network"], { cwd: root });
const ENGINES: readonly EngineOptions[] = [
  { stateRoots: "every-block" },
  { stateRoots: { every: 7 } },
  { stateRoots: "on-request" },
  { stateRoots: "on-request", freezeStorage: false }, // as simulations run
];

beforeAll(initCrypto);

describe("state-root policies give the same final roots", () => {
  it("finds the scenarios", () => {
    expect(files.length).toBeGreaterThan(80);
  });

  for (const file of files) {
    it(file, async () => {
      const preset = await loadScenarioRuntime(`${root}/${file}`); // a runtime module (`runtime: ../src/x.ts`), as scenarioSuite loads it
      const runs = ENGINES.map((engine) => {
        const r = replayFile(`${root}/${file}`, { engine, preset });
        return { passed: r.passed, mismatches: r.mismatches.length, blocks: r.blocks, root: r.stateRoot, roots: r.stateRoots };
      });
      expect(runs[0]!.passed).toBe(true);
      for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
    });
  }
});
