import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto } from "@corelab/frame";
import { builtinPresets } from "./index.ts";

beforeAll(initCrypto);

describe("built-in presets", () => {
  it("have unique names", () => {
    const names = builtinPresets.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["balances-mock", "broker-mock", "coretime-kusama", "coretime-polkadot@1003000", "kusama-network"]));
  });

  for (const p of builtinPresets) {
    it(`${p.name} builds its chain at genesis`, () => {
      if (p.network !== undefined) {
        const net = p.network({});
        expect(net.relay.blockNumber).toBe(0);
        expect(net.chains.map((c) => c.name)).toEqual(expect.arrayContaining(["relay", "coretime"]));
      } else {
        const rt = p.create({});
        expect(rt.pallets.has("System")).toBe(true);
        expect(rt.stateRoot()).toMatch(/^0x[0-9a-f]{64}$/);
      }
    });
  }
});
