// The parachain clock of the coretime presets (issue 14): the scenario knob, the relay parent of a
// block and the relay number the broker reads in each phase, and what it changes in a sale.
import { InvalidValueError, Origin, UnknownNameError, initCrypto, type Runtime } from "@corelab/frame";
import { Broker } from "@corelab/pallet-broker";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinPresets } from "./index.ts";
import { ALIGNED_CLOCK, parseParaClock, relayNumberRead, relayParentOf, type ParaClock } from "./para-clock.ts";

beforeAll(initCrypto);

const getPreset = (name: string) => builtinPresets.find((p) => p.name === name)!;
const natural = (k: 1 | 2): ParaClock => ({ kind: "natural", relayBlocksPerParaBlock: k });
const INIT = { type: "Initialization" } as const;
const XT = { type: "ApplyExtrinsic", value: 1 } as const;
const FIN = { type: "Finalization" } as const;
const DOT = 10_000_000_000n;
const CONFIG = { advance_notice: 2, interlude_length: 10, leadin_length: 40, region_length: 1, ideal_bulk_proportion: 1_000_000_000, limit_cores_offered: undefined, renewal_bump: 30_000_000, contribution_timeout: 2 };

describe("the clock", () => {
  it("puts para block n on relay parent n (aligned) or k·n (natural)", () => {
    expect([0, 51, 80].map((n) => relayParentOf(ALIGNED_CLOCK, n))).toEqual([0, 51, 80]);
    expect([0, 51, 80].map((n) => relayParentOf(natural(2), n))).toEqual([0, 102, 160]);
    expect([0, 51, 80].map((n) => relayParentOf(natural(1), n))).toEqual([0, 51, 80]);
  });
  it("gives the tick (on_initialize) the previous block's relay parent and the extrinsics and finalization the block's own", () => {
    expect([INIT, XT, FIN].map((p) => relayNumberRead(natural(2), 80, p))).toEqual([158, 160, 160]);
    expect([INIT, XT, FIN].map((p) => relayNumberRead(natural(1), 80, p))).toEqual([79, 80, 80]);
    expect([INIT, XT, FIN].map((p) => relayNumberRead(ALIGNED_CLOCK, 80, p))).toEqual([80, 80, 80]);
  });
});

describe("the scenario knob constants.ParachainSystem", () => {
  const path = "constants.ParachainSystem";
  it("defaults to the aligned clock, and the natural clock to the era's relay blocks per para block", () => {
    expect(parseParaClock(undefined, 2, path)).toEqual(ALIGNED_CLOCK);
    expect(parseParaClock({ Clock: "aligned" }, 2, path)).toEqual(ALIGNED_CLOCK);
    expect(parseParaClock({ Clock: "natural" }, 2, path)).toEqual(natural(2));
    expect(parseParaClock({ Clock: "natural", RelayBlocksPerParaBlock: 1 }, 2, path)).toEqual(natural(1));
  });
  it("refuses unknown names and bad values, naming the path", () => {
    expect(() => parseParaClock({ clock: "natural" }, 2, path)).toThrow(UnknownNameError);
    expect(() => parseParaClock({ Clock: "fast" }, 2, path)).toThrow(/constants\.ParachainSystem\.Clock: expected aligned or natural/);
    expect(() => parseParaClock({ Clock: "natural", RelayBlocksPerParaBlock: 3 }, 2, path)).toThrow(InvalidValueError);
    expect(() => parseParaClock({ RelayBlocksPerParaBlock: 2 }, 2, path)).toThrow(/aligned clock/);
  });
  it("is read by every coretime preset, next to the pallets' constants", () => {
    const rt = getPreset("coretime-kusama@1002002").create({ constants: { ParachainSystem: { Clock: "natural" }, Broker: { TimeslicePeriod: 40 } } });
    expect(rt.pallet("Broker").config.TimeslicePeriod).toBe(40);
    expect(() => getPreset("coretime-polkadot").create({ constants: { ParachainSystem: { Clock: "later" } } })).toThrow(/constants\.ParachainSystem\.Clock/);
  });
});

/** Runs `start_sales` in block `at` on `preset` with `constants`, then blocks until `until`; returns the block whose tick rotated the sale and the new sale's `sale_start`. */
function rotation(preset: string, constants: Record<string, Record<string, unknown>>, at: number, until: number): { block: number; saleStart: number } | undefined {
  const rt: Runtime = getPreset(preset).create({ constants });
  rt.openBlock(at);
  for (const call of [Broker.call("configure", { config: CONFIG }), Broker.call("start_sales", { end_price: 10n * DOT, extra_cores: 2 })]) expect(rt.applyExtrinsic({ origin: Origin.root, call }).ok).toBe(true);
  rt.finalizeBlock();
  for (let n = at + 1; n <= until; n++) {
    const b = rt.newBlock();
    const e = b.events.find((x) => x.event.type === "Broker" && x.event.value.type === "SaleInitialized");
    if (e) return { block: b.number, saleStart: (e.event.value.value as { sale_start: number }).sale_start };
  }
  return undefined;
}

describe("sale rotation on each clock (coretime-polkadot@1006000: sale timing in relay blocks)", () => {
  it("aligned: the tick of block 158 reads 158 and rotates", () => {
    expect(rotation("coretime-polkadot@1006000", {}, 102, 200)).toEqual({ block: 158, saleStart: 168 });
  });
  it("natural, one para block per relay block: the tick of block 159 reads 158 and rotates, one block later", () => {
    expect(rotation("coretime-polkadot@1006000", { ParachainSystem: { Clock: "natural", RelayBlocksPerParaBlock: 1 } }, 102, 200)).toEqual({ block: 159, saleStart: 168 });
  });
  it("natural, one para block per two relay blocks: block 80 (relay parent 160) rotates, its tick reading 158", () => {
    expect(rotation("coretime-polkadot@1006000", { ParachainSystem: { Clock: "natural" } }, 51, 100)).toEqual({ block: 80, saleStart: 168 });
  });
});

// Before 1 006 000 the real broker counts sale timing in parachain blocks (frame_system's block
// number): the preset asks pallet-broker for it (`SaleClock: "parachain"`).
describe("sale timing before 1 006 000 on the natural clock (coretime-polkadot@1003000)", () => {
  it("sale_start counts parachain blocks: the rotation of block 80 starts the sale at 80 + interlude", () => {
    expect(rotation("coretime-polkadot@1003000", { ParachainSystem: { Clock: "natural" } }, 51, 100)).toEqual({ block: 80, saleStart: 90 });
  });
});
