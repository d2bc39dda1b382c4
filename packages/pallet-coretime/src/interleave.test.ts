// The interleaving of pop_assignment_for_core (assigner_coretime/mod.rs), checked against
// sequences derived by hand from the Rust algorithm:
//
//   step = the smallest ratio; each assignment starts with remaining = ratio; pos = 0.
//   pop: pos := pos mod len; a := assignments[pos]; a.remaining := a.remaining − step (saturating);
//        if a.remaining < step { pos := pos + 1; a.remaining := a.remaining + a.ratio (cap 57600) }
//        serve a.
import { initCrypto } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { IDLE, POOL, Relay, task } from "./__fixtures__/relay.ts";
import { popWork, workStateOf } from "./cores.ts";
import { Coretime } from "./pallet.ts";
import type { AssignmentPart, CoreAssignment } from "./types.ts";

beforeAll(initCrypto);

const name = (a: CoreAssignment) => (a.type === "Task" ? `T${a.value}` : a.type);

/** `n` pops of a fresh work state: the assignment served, the stored pos and the remainings after each. */
function pops(assignment: AssignmentPart[], n: number): Array<[string, number, number[]]> {
  const w = workStateOf({ assignments: assignment, end_hint: undefined, next_schedule: undefined });
  const out: Array<[string, number, number[]]> = [];
  for (let i = 0; i < n; i++) {
    const a = popWork(w);
    out.push([name(a), w.pos, w.assignments.map(([, s]) => s.remaining)]);
  }
  return out;
}

describe("popWork (the Rust algorithm, pure)", () => {
  it("28800/28800 alternates", () => {
    // step 28800. Pop 1: T1 28800 − 28800 = 0 < 28800 → pos 1, T1 = 0 + 28800. Pop 2: T2 likewise → pos 2.
    // Pop 3: pos 2 mod 2 = 0 → T1 again. The stored state repeats every two pops.
    expect(pops([[task(1), 28_800], [task(2), 28_800]], 4)).toEqual([
      ["T1", 1, [28_800, 28_800]],
      ["T2", 2, [28_800, 28_800]],
      ["T1", 1, [28_800, 28_800]],
      ["T2", 2, [28_800, 28_800]],
    ]);
  });

  it("Idle 14400 + Task 43200: one Idle block in four", () => {
    // step 14400. Idle: 14400 − 14400 = 0 → pos 1, Idle = 14400. T7: 43200 → 28800 (≥ step, stay),
    // → 14400 (stay), → 0 (< step: pos 2, T7 = 0 + 43200). Then pos 2 mod 2 = 0: Idle again.
    expect(pops([[IDLE, 14_400], [task(7), 43_200]], 8).map(([a]) => a)).toEqual(["Idle", "T7", "T7", "T7", "Idle", "T7", "T7", "T7"]);
  });

  it("20000 + 37600: what is left of a round is carried into the next (ratios that do not divide)", () => {
    // step 20000.
    // 1: T1 20000 → 0 < 20000: pos 1, T1 = 20000.              serve T1
    // 2: T2 37600 → 17600 < 20000: pos 2, T2 = 17600 + 37600 = 55200. serve T2
    // 3: pos 0: T1 → pos 1.                                    serve T1
    // 4: T2 55200 → 35200 ≥ 20000: stay at pos 1.              serve T2
    // 5: T2 35200 → 15200 < 20000: pos 2, T2 = 15200 + 37600 = 52800. serve T2
    // 6: T1. 7: T2 52800 → 32800. 8: T2 → 12800 → pos 2, T2 = 50400. 9: T1. 10: T2 → 30400.
    // 11: T2 → 10400 → T2 = 48000. 12: T1.
    expect(pops([[task(1), 20_000], [task(2), 37_600]], 12)).toEqual([
      ["T1", 1, [20_000, 37_600]],
      ["T2", 2, [20_000, 55_200]],
      ["T1", 1, [20_000, 55_200]],
      ["T2", 1, [20_000, 35_200]],
      ["T2", 2, [20_000, 52_800]],
      ["T1", 1, [20_000, 52_800]],
      ["T2", 1, [20_000, 32_800]],
      ["T2", 2, [20_000, 50_400]],
      ["T1", 1, [20_000, 50_400]],
      ["T2", 1, [20_000, 30_400]],
      ["T2", 2, [20_000, 48_000]],
      ["T1", 1, [20_000, 48_000]],
    ]);
  });

  it("three assignments: Idle 7200, Pool 21600, Task 28800", () => {
    // step 7200: Idle once (7200 → 0), Pool three times (21600 → 14400 → 7200 → 0),
    // Task four times (28800 → 21600 → 14400 → 7200 → 0): a cycle of 8 pops.
    expect(pops([[IDLE, 7_200], [POOL, 21_600], [task(3), 28_800]], 9).map(([a]) => a)).toEqual([
      "Idle",
      "Pool",
      "Pool",
      "Pool",
      "T3",
      "T3",
      "T3",
      "T3",
      "Idle",
    ]);
  });

  it("a single whole-core assignment reaches the fixed point pos 1, remaining 57600 at once", () => {
    expect(pops([[task(9), 57_600]], 3)).toEqual([
      ["T9", 1, [57_600]],
      ["T9", 1, [57_600]],
      ["T9", 1, [57_600]],
    ]);
  });
});

describe("interleaved cores in the runtime", () => {
  it("serve the derived sequence block by block, with Rust's pos/remaining stored after every pop", () => {
    const r = new Relay({ cores: 2 });
    r.assign(0, 1, [[task(1), 20_000], [task(2), 37_600]]);
    r.step(); // block 1: pop 1
    r.step(); // block 2: pop 2
    expect(r.descriptor(0).current_work).toMatchObject({
      pos: 2,
      step: 20_000,
      assignments: [
        [task(1), { ratio: 20_000, remaining: 20_000 }],
        [task(2), { ratio: 37_600, remaining: 55_200 }],
      ],
    });
    expect(r.column(0, 10)).toEqual(["T1", "T2", "T2", "T1", "T2", "T2", "T1", "T2", "T2", "T1"]);
    // each block's answer of an interleaved core is recorded in Runs
    expect(r.rt.read((ctx) => Coretime.storage.Runs.get(ctx))).toEqual({ at: 12, runs: [[0, { type: "Task", value: 1 }]] });
  });

  it("a Pool share of an interleaved core pops the on-demand queue only in its own blocks", () => {
    const r = new Relay({ cores: 2 });
    r.assign(1, 1, [[POOL, 28_800], [task(5), 28_800]]);
    r.order(3000);
    r.order(3001);
    // block 1: Pool → 3000; block 2: T5 (3001 waits); block 3: Pool → 3001; block 4: T5; block 5: Pool, queue empty
    expect(r.column(1, 6)).toEqual(["D3000", "T5", "D3001", "T5", "Pool", "T5"]);
  });
});
