/**
 * Every storage map of every pallet in the built-in presets declares its storage hasher(s) (as the
 * Rust pallet does, or by the rule for Corelab's own pallets: `Blake2_128Concat` for keys users
 * choose, `Twox64Concat` for sequential ids), rather than falling back to the default: the real
 * storage keys are built from them (`@corelab/frame` storage-key.ts).
 */
import { initCrypto, type Runtime } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinPresets } from "./index.ts";

beforeAll(initCrypto);

function runtimesOf(p: (typeof builtinPresets)[number]): Runtime[] {
  if (p.network !== undefined) return p.network({}).chains.flatMap((c) => (c.runtime === undefined ? [] : [c.runtime]));
  return [p.create({})];
}

describe("storage hashers", () => {
  it("every map of every built-in preset's pallets declares its hasher(s)", () => {
    const undeclared: string[] = [];
    let maps = 0;
    for (const p of builtinPresets) {
      for (const rt of runtimesOf(p)) {
        for (const [name, inst] of rt.pallets) {
          for (const [item, s] of Object.entries(inst.pallet.storage as Record<string, { kind: string; hasherDeclared?: boolean }>)) {
            if (s.kind !== "map") continue;
            maps++;
            if (s.hasherDeclared !== true) undeclared.push(`${p.name}: ${name}.${item}`);
          }
        }
      }
    }
    expect(maps).toBeGreaterThan(20);
    expect(undeclared).toEqual([]);
  });
});
