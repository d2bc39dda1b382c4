// The secondary market (`Market`) on a network preset's coretime chain is opt-in: present only
// when the file names `coretime.Market`, with the broker's timeslice period and the `py/rgnmk`
// escrow account unless overridden.
import { initCrypto } from "@corelab/frame";
import type { RegionMarketConfig } from "@corelab/pallet-region-market";
import { beforeAll, describe, expect, it } from "vitest";
import { KUSAMA_RELAY, createRelayNetwork, kusamaNetwork } from "./network.ts";
import { NETWORK_REGION_MARKET_ACCOUNT } from "./network-region-market.ts";

beforeAll(initCrypto);

const coretimeOf = (constants: Record<string, Record<string, unknown>>) => createRelayNetwork(KUSAMA_RELAY, { constants }).chain("coretime").runtime!;

describe("the region market on kusama-network's coretime chain", () => {
  it("is absent unless coretime.Market is named", () => {
    expect(coretimeOf({}).pallets.has("Market")).toBe(false);
    expect(coretimeOf({ "coretime.Broker": { TimeslicePeriod: 4 } }).pallets.has("Market")).toBe(false);
  });

  it("coretime.Market: {} adds it after Broker, on the broker's clock, escrow py/rgnmk (alias pallet:Market)", () => {
    const ct = coretimeOf({ "coretime.Broker": { TimeslicePeriod: 4 }, "coretime.Market": {} });
    const names = [...ct.pallets.keys()];
    expect(names.indexOf("Market")).toBeGreaterThan(names.indexOf("Broker"));
    const cfg = ct.pallet("Market").config as RegionMarketConfig;
    expect(cfg.TimeslicePeriod).toBe(4);
    expect(cfg.PalletId).toBe("py/rgnmk");
    expect(kusamaNetwork.accounts!["pallet:Market"]).toBe(NETWORK_REGION_MARKET_ACCOUNT);
  });

  it("its constants can be overridden, and an unknown one names the path", () => {
    expect((coretimeOf({ "coretime.Market": { TimeslicePeriod: 7 } }).pallet("Market").config as RegionMarketConfig).TimeslicePeriod).toBe(7);
    expect(() => coretimeOf({ "coretime.Market": { Fee: 1 } })).toThrow(/constants\.coretime\.Market.*Fee|Fee.*constants\.coretime\.Market/);
  });
});
