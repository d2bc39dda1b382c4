// The coretime presets of eras before auto-renewal (pallet-broker's `AutoRenew: false`) never write
// `Broker.AutoRenewals`: the real runtimes of those eras have no such item (coretime-polkadot
// 1 003 000, checked byte for byte by tools/peer). Later eras keep writing it at every rotation.
import { Origin, initCrypto } from "@corelab/frame";
import { Broker } from "@corelab/pallet-broker";
import { advanceSalePeriod } from "@corelab/pallet-broker/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinPresets } from "./index.ts";

const getPreset = (name: string) => builtinPresets.find((p) => p.name === name)!;

beforeAll(initCrypto);

/** Whether `AutoRenewals` is stored after `start_sales` and after the next rotation. */
function rotateTwice(preset: string): { written: boolean[] } {
  const rt = getPreset(preset).create({});
  const written: boolean[] = [];
  rt.openBlock(rt.blockNumber + 1);
  const r = rt.applyExtrinsic({ origin: Origin.root, call: Broker.call("start_sales", { end_price: 10_000_000_000n, extra_cores: 0 }) });
  expect(r.ok).toBe(true);
  written.push(rt.read((ctx) => Broker.storage.AutoRenewals.exists(ctx)));
  // the first rotation: start_sales's sale ends at its region_begin
  advanceSalePeriod(rt);
  written.push(rt.read((ctx) => Broker.storage.AutoRenewals.exists(ctx)));
  return { written };
}

describe("AutoRenewals by era", () => {
  it.each(["coretime-polkadot@1003000", "coretime-kusama@1002002", "coretime-kusama@1002005"])("%s (no auto-renewal): start_sales and a rotation do not write it", (preset) => {
    expect(rotateTwice(preset).written).toEqual([false, false]);
  });
  it.each(["coretime-polkadot@1004000", "coretime-polkadot", "coretime-kusama@1004000"])("%s: start_sales writes it (an empty list), as polkadot-sdk's rotate_sale does", (preset) => {
    expect(rotateTwice(preset).written).toEqual([true, true]);
  });
});
