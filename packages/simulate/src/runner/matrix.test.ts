import { describe, expect, it } from "vitest";
import { applyOverrides, dedupeSweeps, expandMatrix, parseSweepOption, pointDir, setPath, sweepSection } from "./matrix.ts";

describe("parseSweepOption", () => {
  it("reads key=v1,v2 with YAML scalars (decimals stay strings, exactly as written)", () => {
    expect(parseSweepOption("params.slashing_factor=0,0.05,0.1")).toEqual({ key: "params.slashing_factor", values: [0, "0.05", "0.1"] });
    expect(parseSweepOption("agents[1].on=true,false")).toEqual({ key: "agents[1].on", values: [true, false] });
    expect(parseSweepOption("strategy=magnet, always")).toEqual({ key: "strategy", values: ["magnet", "always"] });
  });
  it("rejects a missing '=', an empty key or an empty value", () => {
    expect(() => parseSweepOption("params.rate")).toThrow(/expected key=value1,value2/);
    expect(() => parseSweepOption("=1,2")).toThrow(/expected key=value1,value2/);
    expect(() => parseSweepOption("a=1,,2")).toThrow(/empty value/);
  });
});

describe("expandMatrix", () => {
  it("is the cartesian product of the sweeps (first key slowest) times the seeds, ordered by (point, seed)", () => {
    const m = expandMatrix([{ key: "params.a", values: [1, 2] }, { key: "params.b", values: ["x", "y", "z"] }], 7, 2);
    expect(m.seeds).toEqual([7, 8]);
    expect(m.points.map((p) => p.label)).toEqual(["a=1, b=x", "a=1, b=y", "a=1, b=z", "a=2, b=x", "a=2, b=y", "a=2, b=z"]);
    expect(m.points.map((p) => p.dir)).toEqual(["a=1,b=x", "a=1,b=y", "a=1,b=z", "a=2,b=x", "a=2,b=y", "a=2,b=z"]);
    expect(m.runs).toHaveLength(12);
    expect(m.runs.map((r) => [r.index, r.point.index, r.seed])).toEqual(Array.from({ length: 12 }, (_, i) => [i, Math.floor(i / 2), 7 + (i % 2)]));
    expect(m.points[4]!.overrides).toEqual([["params.a", 2], ["params.b", "y"]]);
  });
  it("without a sweep: one unlabelled point whose folder is 'default'", () => {
    const m = expandMatrix([], 1, 3);
    expect(m.points).toEqual([{ index: 0, label: "", dir: "default", overrides: [] }]);
    expect(m.runs.map((r) => r.seed)).toEqual([1, 2, 3]);
  });
  it("labels with full keys when two keys share a last segment; a later sweep of a key replaces the earlier", () => {
    const m = expandMatrix([{ key: "a.rate", values: [1] }, { key: "b.rate", values: [2] }, { key: "a.rate", values: [3, 4] }], 1, 1);
    expect(m.points.map((p) => p.label)).toEqual(["b.rate=2, a.rate=3", "b.rate=2, a.rate=4"]);
    expect(dedupeSweeps([{ key: "k", values: [1] }, { key: "k", values: [2] }])).toEqual([{ key: "k", values: [2] }]);
  });
  it("makes folder names safe", () => {
    expect(pointDir("strategy=fixed interval, p=a/b")).toBe("strategy=fixed_interval,p=a_b");
  });
});

describe("setPath / applyOverrides", () => {
  it("sets dotted and indexed paths on a copy, creating what is missing", () => {
    const raw = { model: "m", params: { a: 1 }, agents: [{ kind: "x" }, { kind: "y" }] };
    const out = applyOverrides(raw, [["params.a", 5], ["agents[1].rate", "0.5"], ["extra.list[0]", 1]]);
    expect(out).toEqual({ model: "m", params: { a: 5 }, agents: [{ kind: "x" }, { kind: "y", rate: "0.5" }], extra: { list: [1] } });
    expect(raw).toEqual({ model: "m", params: { a: 1 }, agents: [{ kind: "x" }, { kind: "y" }] });
    expect(setPath(undefined, "blocks", 10)).toEqual({ blocks: 10 });
  });
});

describe("sweepSection", () => {
  it("reads key: [values] and key: value", () => {
    expect(sweepSection({ "params.a": [1, 2], b: "x" }, "f.yaml")).toEqual([{ key: "params.a", values: [1, 2] }, { key: "b", values: ["x"] }]);
    expect(sweepSection(undefined, "f.yaml")).toEqual([]);
  });
  it("names the file and path on a bad shape", () => {
    expect(() => sweepSection([1], "f.yaml")).toThrow("f.yaml: sweep: expected a map of key: [values], got a list");
    expect(() => sweepSection({ a: [] }, "f.yaml")).toThrow("f.yaml: sweep.a: expected at least one value");
  });
});
