import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CorelabError, UnknownNameError } from "@corelab/frame";
import { balancesMock } from "@corelab/runtimes";
import { findScenarioFiles, getPreset, listPresets, registerPreset, unregisterPreset, type Preset } from "./index.ts";
import { globToRegExp } from "./files.ts";

describe("preset registry", () => {
  it("has the built-in presets", () => {
    expect(listPresets().map((p) => p.name)).toContain("balances-mock");
    expect(getPreset("balances-mock")).toBe(balancesMock);
  });

  it("names the nearest presets for an unknown name", () => {
    try {
      getPreset("balance-mok");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownNameError);
      expect((e as UnknownNameError).suggestions[0]).toBe("balances-mock");
    }
  });

  it("refuses to register a name twice unless asked to replace", () => {
    const p: Preset = { ...balancesMock, name: "twice-test" };
    registerPreset(p);
    expect(() => registerPreset({ ...p })).toThrow(CorelabError);
    const q = { ...p, description: "replaced" };
    registerPreset(q, { replace: true });
    expect(getPreset("twice-test").description).toBe("replaced");
    expect(unregisterPreset("twice-test")).toBe(true);
    expect(() => getPreset("twice-test")).toThrow(UnknownNameError);
  });
});

describe("findScenarioFiles", () => {
  const root = mkdtempSync(join(tmpdir(), "corelab-files-"));
  for (const f of ["packages/a/scenarios/x.yaml", "packages/a/scenarios/deep/y.yml", "packages/b/scenarios/z.json", "packages/b/scenarios/notes.md", "packages/b/node_modules/m/scenarios/n.yaml", "packages/c/other/w.yaml"]) {
    mkdirSync(join(root, f, ".."), { recursive: true });
    writeFileSync(join(root, f), "");
  }

  it("expands globs with **, * and {a,b}, skipping node_modules", () => {
    expect(findScenarioFiles("packages/*/scenarios/**/*.{yaml,yml,json}", { cwd: root })).toEqual([
      "packages/a/scenarios/deep/y.yml",
      "packages/a/scenarios/x.yaml",
      "packages/b/scenarios/z.json",
    ]);
  });

  it("expands folders recursively to scenario extensions, and keeps files and missing paths as given", () => {
    expect(findScenarioFiles(["packages/b", "packages/c/other/w.yaml", "missing.yaml"], { cwd: root })).toEqual([
      "missing.yaml",
      "packages/b/scenarios/z.json",
      "packages/c/other/w.yaml",
    ]);
  });

  it("translates globs to anchored regular expressions", () => {
    const re = globToRegExp("**/*.{yaml,yml}");
    expect(re.test("a.yaml")).toBe(true);
    expect(re.test("x/y/a.yml")).toBe(true);
    expect(re.test("x/a.json")).toBe(false);
    expect(globToRegExp("a?.yaml").test("ab.yaml")).toBe(true);
    expect(globToRegExp("a?.yaml").test("a/.yaml")).toBe(false);
  });
});
