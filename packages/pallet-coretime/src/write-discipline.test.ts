// The per-block cost model: no write for whole-core work, no write for Pool cores that find the
// on-demand queue empty, one on-demand pop per block in that case, the same coresAt array while
// nothing changes, and writes proportional to the cores whose answer changes.
import { initCrypto } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { POOL, Relay, counting, short, task, whole } from "./__fixtures__/relay.ts";
import { coresAt } from "./cores.ts";
import { Coretime } from "./pallet.ts";
import { testOnDemandPort } from "./testing.ts";
import type { AssignmentPart } from "./types.ts";

beforeAll(initCrypto);

const CORES = 100;
const BULK = 80;

function benchRelay(extra: (core: number) => AssignmentPart[] | undefined = () => undefined) {
  const { port, pops } = counting(testOnDemandPort());
  const assignments = Array.from({ length: CORES }, (_, core) => ({
    core,
    begin: 1,
    assignment: extra(core) ?? (core < BULK ? whole(task(2000 + core)) : whole(POOL)),
    end_hint: undefined,
  }));
  const r = new Relay({ cores: CORES, onDemand: port, genesis: { Coretime: { assignments } } });
  return { r, pops };
}

describe("write discipline", () => {
  it("80 bulk + 20 pool cores with an empty queue: no state change, one on-demand pop per block, the same coresAt array", () => {
    const { r, pops } = benchRelay();
    const first = r.step(); // block 1: every schedule takes over
    expect(first.slice(0, 3)).toEqual(["T2000", "T2001", "T2002"]);
    expect(first.slice(BULK)).toEqual(new Array(CORES - BULK).fill("Pool"));
    const state = r.rt.state;
    const runs = r.rt.read(coresAt);
    pops.length = 0;
    for (let i = 0; i < 50; i++) {
      r.step();
      expect(r.rt.read(coresAt)).toBe(runs);
    }
    expect(r.rt.state).toBe(state);
    expect(pops).toEqual(new Array(50).fill(BULK)); // only the first Pool core asks
  });

  it("an order: one pop that finds it, one that finds none; the next block settles it and the answer returns", () => {
    const { r, pops } = benchRelay();
    r.step();
    const runs = r.rt.read(coresAt);
    r.order(4000);
    pops.length = 0;
    const b2 = r.step();
    expect(pops).toEqual([BULK, BULK + 1]);
    expect(b2[BULK]).toBe("D4000");
    expect(b2[BULK + 1]).toBe("Pool");
    expect(r.rt.read((ctx) => Coretime.storage.Runs.get(ctx))).toEqual({ at: 2, runs: [[BULK, { type: "OnDemand", value: 4000 }]] });
    r.step(); // block 3: reported, Runs removed
    expect(r.rt.read((ctx) => Coretime.storage.Runs.get(ctx))).toBeUndefined();
    const state = r.rt.state;
    r.step();
    expect(r.rt.state).toBe(state);
    expect(r.rt.read(coresAt).map(short)).toEqual(runs.map(short));
  });

  it("an interleaved core rewrites only its own descriptor each block", () => {
    const { r } = benchRelay((core) => (core === 5 ? [[task(1), 28_800], [task(2), 28_800]] : undefined));
    r.step();
    const entries = () => r.rt.read((ctx) => Coretime.storage.CoreDescriptors.version(ctx)!.toJSON());
    const before = entries();
    expect(r.step()[5]).toBe("T2");
    const after = entries();
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    expect(changed).toHaveLength(1);
    expect(r.step()[5]).toBe("T1");
  });
});
