// The real coretime presets (coretime-kusama, coretime-polkadot): names per era, constants, price
// adapters, configure values in relay blocks, balances, accounts; and the bundled replays of real
// history (scenarios/real at the repository root), one `it` per file.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { accountIdBytes, initCrypto, isSs58Address, palletAccountId, t, withPalletConfig, type Runtime } from "@corelab/frame";
import { Broker, salePrice, type BrokerConfig, type BrokerContext, type SaleInfoRecord } from "@corelab/pallet-broker";
import { getPreset, listPresets } from "../index.ts";
import { scenarioSuite } from "../vitest.ts";
import { KUSAMA_LEASES_2024_04, POLKADOT_LEASES_2024_09, coretimeKusamaChain, coretimePolkadotChain, siblingSovereignAccount, toRelayBlockLengths } from "@corelab/runtimes";

beforeAll(() => initCrypto());
// each real replay builds 140 000 - 420 000 blocks: allow for a slow, shared machine
vi.setConfig({ testTimeout: 300_000 });

const KSM = 1_000_000_000_000n;
const DOT = 10_000_000_000n;

const brokerOf = (rt: Runtime) => rt.configOf<BrokerConfig>(Broker);
const configuration = (rt: Runtime) => rt.query("Broker", "Configuration") as Record<string, unknown>;

/** The pallet's own `sale_price` for a sale at `now`, on `rt`'s broker config. */
function priceAt(rt: Runtime, sale: Pick<SaleInfoRecord, "sale_start" | "leadin_length" | "end_price">, now: number): bigint {
  const config = brokerOf(rt);
  const full: SaleInfoRecord = { ...sale, region_begin: 0, region_end: 1, ideal_cores_sold: 0, cores_offered: 1, first_core: 0, sellout_price: undefined, cores_sold: 0 };
  return rt.read((ctx) => {
    const view: BrokerContext = withPalletConfig(ctx, config);
    return salePrice(view, full, now);
  });
}

describe("coretime presets: names and eras", () => {
  it("registers <chain>@<spec> per era and the bare name for the newest", () => {
    const names = listPresets().map((p) => p.name);
    for (const n of [
      "coretime-kusama@1002002",
      "coretime-kusama@1002005",
      "coretime-kusama@1004000",
      "coretime-kusama@1006000",
      "coretime-kusama@2002001",
      "coretime-kusama",
      "coretime-polkadot@1003000",
      "coretime-polkadot@1004000",
      "coretime-polkadot@1006000",
      "coretime-polkadot@2002001",
      "coretime-polkadot",
    ])
      expect(names).toContain(n);
    expect(getPreset("coretime-kusama").description).toContain("= coretime-kusama@2002001");
    expect(getPreset("coretime-kusama@1002002").description).toContain("specs 1002002 up to 1002005");
    expect(getPreset("coretime-polkadot@1006000").description).toContain("MinimumPrice(10 DOT)");
  });

  it("has eras in ascending spec order", () => {
    for (const chain of [coretimeKusamaChain, coretimePolkadotChain]) {
      const specs = chain.eras.map((e) => e.specVersion);
      expect([...specs].sort((a, b) => a - b)).toEqual(specs);
    }
  });
});

describe("coretime-kusama", () => {
  it("launch era (1 002 002): the custom linear adapter under the pre-#4521 rules, 50/10 cores", () => {
    const rt = getPreset("coretime-kusama@1002002").create({});
    const c = brokerOf(rt);
    expect([c.TimeslicePeriod, c.MaxLeasedCores, c.MaxReservedCores, c.MaxAutoRenewals, c.PalletId]).toEqual([80, 50, 10, 0, "py/broke"]);
    expect(c.MinimumCreditPurchase).toBe(KSM / 10n);
    expect(c.PriceAdapter.name).toBe("KusamaLaunchPrice");
    expect(c.SaleRules).toBe("before-4521");
    expect(rt.info.token).toEqual({ symbol: "KSM", decimals: 12 });
  });

  it("launch era: configure in relay blocks (50 400 coretime blocks -> 100 800), 5x -> 1x lead-in", () => {
    const rt = getPreset("coretime-kusama@1002002").create({});
    expect(configuration(rt)).toEqual({
      advance_notice: 10,
      interlude_length: 100_800,
      leadin_length: 100_800,
      region_length: 5_040,
      ideal_bulk_proportion: 1_000_000_000,
      limit_cores_offered: undefined,
      renewal_bump: 30_000_000,
      contribution_timeout: 5_040,
    });
    const sale = { sale_start: 1_000, leadin_length: 100_800, end_price: 5n * KSM };
    expect(priceAt(rt, sale, 1_000)).toBe(25n * KSM); // 5x at w = 0
    expect(priceAt(rt, sale, 1_000 + 10_080)).toBe(23n * KSM); // w = 0.1 (reference §8.1)
    expect(priceAt(rt, sale, 1_000 + 38_052)).toBe(17_450_000_000_000n); // w = 0.3775: 17.45 KSM
    expect(priceAt(rt, sale, 1_000 + 100_800)).toBe(5n * KSM);
  });

  it("CenterTargetPrice eras (1 002 005, 1 004 000): auto-renewals from 1.4.0; lengths still converted", () => {
    const a = brokerOf(getPreset("coretime-kusama@1002005").create({}));
    const b = brokerOf(getPreset("coretime-kusama@1004000").create({}));
    expect([a.PriceAdapter.name, a.SaleRules, a.MaxAutoRenewals]).toEqual(["CenterTargetPrice", "before-8630", 0]);
    expect([b.PriceAdapter.name, b.SaleRules, b.MaxAutoRenewals]).toEqual(["CenterTargetPrice", "before-8630", 100]);
    expect(configuration(getPreset("coretime-kusama@1004000").create({})).leadin_length).toBe(100_800);
  });

  it("current era: MinimumPrice of 1 KSM, current rules, lengths in relay blocks, 50 reserved cores from 2.2.1", () => {
    const rt = getPreset("coretime-kusama").create({});
    const c = brokerOf(rt);
    expect([c.PriceAdapter.name, c.SaleRules, c.MaxLeasedCores, c.MaxReservedCores, c.MaxAutoRenewals]).toEqual([
      `MinimumPrice(${KSM})`,
      "current",
      50,
      50,
      100,
    ]);
    expect(brokerOf(getPreset("coretime-kusama@1006000").create({})).MaxReservedCores).toBe(10);
    expect(c.PriceAdapter.adaptPrice({ sellout_price: 776_775_851n, end_price: 776_775_851n, ideal_cores_sold: 81, cores_offered: 81, cores_sold: 69 })).toEqual({
      end_price: KSM,
      target_price: KSM,
    });
    expect(configuration(rt)).toMatchObject({ interlude_length: 100_800, leadin_length: 100_800 });
  });

  it("has the system-parachain existential deposit (relay 1 CENT / 10) and parses KSM amounts", () => {
    const rt = getPreset("coretime-kusama").create({ genesis: { Balances: { balances: { alice: "5 KSM" } } } });
    const ed = (rt.pallet("Balances").config as { ExistentialDeposit: bigint }).ExistentialDeposit;
    expect(ed).toBe(33_333_333n);
    expect(rt.query("Balances", "TotalIssuance")).toBe(5n * KSM);
    expect(t.balance.parse("0.1 KSM", { path: "x", token: rt.info.token })).toBe(100_000_000_000n);
  });

  it("starts at a given relay block and accepts constant and configure overrides", () => {
    const rt = getPreset("coretime-kusama@1002002").create({
      genesisNumber: 22_861_429,
      constants: { Broker: { MaxAutoRenewals: 7 } },
      genesis: { Broker: { config: { ...configuration(getPreset("coretime-kusama").create({})), leadin_length: 10, limit_cores_offered: 3 } } },
    });
    expect(rt.genesisNumber).toBe(22_861_429);
    expect(brokerOf(rt).MaxAutoRenewals).toBe(7);
    expect(configuration(rt)).toMatchObject({ leadin_length: 10, limit_cores_offered: 3 });
  });

  it("imports the 47 leases of 1 002 002, 12 of them ending before sale 2's region (reference: 12)", () => {
    expect(KUSAMA_LEASES_2024_04).toHaveLength(47);
    expect(KUSAMA_LEASES_2024_04.filter(([, until]) => until < 295_848)).toHaveLength(12);
  });
});

describe("coretime-polkadot", () => {
  it("genesis era (1 003 000): CenterTargetPrice, 55/10 cores, 0.1 DOT existential deposit", () => {
    const rt = getPreset("coretime-polkadot@1003000").create({});
    const c = brokerOf(rt);
    expect([c.PriceAdapter.name, c.SaleRules, c.TimeslicePeriod, c.MaxLeasedCores, c.MaxReservedCores, c.MaxAutoRenewals]).toEqual([
      "CenterTargetPrice",
      "before-8630",
      80,
      55,
      10,
      0,
    ]);
    expect(c.MinimumCreditPurchase).toBe(DOT / 10n);
    expect((rt.pallet("Balances").config as { ExistentialDeposit: bigint }).ExistentialDeposit).toBe(DOT / 10n);
    expect(rt.info.token).toEqual({ symbol: "DOT", decimals: 10 });
    // a 7-day interlude and a 14-day lead-in: 50 400 and 100 800 coretime blocks, x2 in relay blocks
    expect(configuration(rt)).toMatchObject({ interlude_length: 100_800, leadin_length: 201_600, region_length: 5_040, renewal_bump: 30_000_000 });
  });

  it("bootstrap prices: end 10 DOT, target 100 DOT, lead-in 1000 -> 100 -> 10 DOT", () => {
    const rt = getPreset("coretime-polkadot@1003000").create({});
    const c = brokerOf(rt);
    expect(c.PriceAdapter.adaptPrice({ sellout_price: undefined, end_price: 10n * DOT, ideal_cores_sold: 0, cores_offered: 0, cores_sold: 0 })).toEqual({
      end_price: 10n * DOT,
      target_price: 100n * DOT,
    });
    const sale = { sale_start: 0, leadin_length: 201_600, end_price: 10n * DOT };
    expect([0, 50_400, 100_800, 151_200, 201_600].map((w) => priceAt(rt, sale, w))).toEqual([1000n, 550n, 100n, 55n, 10n].map((x) => x * DOT));
  });

  it("current era: MinimumPrice of 10 DOT", () => {
    const c = brokerOf(getPreset("coretime-polkadot").create({}));
    expect(c.PriceAdapter.name).toBe(`MinimumPrice(${10n * DOT})`);
    expect(c.PriceAdapter.adaptPrice({ sellout_price: 9n * DOT, end_price: 10n * DOT, ideal_cores_sold: 5, cores_offered: 5, cores_sold: 5 }).end_price).toBe(10n * DOT);
  });

  it("has the 46 leases of the relay migration; six end in the first region (the premature renewals)", () => {
    expect(POLKADOT_LEASES_2024_09).toHaveLength(46);
    expect(POLKADOT_LEASES_2024_09.flatMap(([para, until], i) => (until < 292_605 ? [[i + 5, para]] : []))).toEqual([
      [5, 2094],
      [6, 2040],
      [13, 3333],
      [15, 2106],
      [44, 2093],
      [47, 2101],
    ]);
  });
});

describe("coretime presets: accounts", () => {
  it("gives para sovereign accounts as on a system parachain: b\"sibl\" ++ para_id (LE), zero-padded", () => {
    // b"sibl" ++ 2015u32 LE, zero-padded to 32 bytes, as an SS58 address (prefix 42)
    expect(Buffer.from(accountIdBytes(siblingSovereignAccount(2015))).toString("hex")).toBe(`7369626cdf070000${"00".repeat(24)}`);
    expect(isSs58Address(siblingSovereignAccount(2015))).toBe(true);
    expect(() => siblingSovereignAccount(-1)).toThrow(RangeError);
    const rt = getPreset("coretime-kusama").create({});
    expect(brokerOf(rt).SovereignAccountOf(2015)).toBe(siblingSovereignAccount(2015));
  });

  it("aliases the pot, the burn account and known paras", () => {
    const p = getPreset("coretime-polkadot");
    expect(p.accounts?.["pallet:Broker"]).toBe(palletAccountId("py/broke"));
    expect(p.accounts?.["pallet:CoretimeBurn"]).toBe(palletAccountId("py/ctbrn"));
    expect(p.accounts?.["para:2006"]).toBe(siblingSovereignAccount(2006));
    expect(getPreset("coretime-kusama").accounts?.["para:2015"]).toBe(siblingSovereignAccount(2015));
  });

  it("converts coretime-block lengths x2 (MigrateV3ToV4)", () => {
    expect(toRelayBlockLengths({ ...configuration(getPreset("coretime-kusama").create({})), interlude_length: 3, leadin_length: 50_400 } as never)).toMatchObject({
      interlude_length: 6,
      leadin_length: 100_800,
    });
  });
});

// The bundled replays of real history, one `it` per file (also what `npm start` replays).
scenarioSuite("scenarios/real", {
  cwd: fileURLToPath(new URL("../../../../", import.meta.url)),
  name: "real coretime history (scenarios/real)",
});
