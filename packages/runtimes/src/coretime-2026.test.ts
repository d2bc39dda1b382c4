// The 2026 changes on the coretime presets: which eras have stable2603's admin calls (fellows
// 2.2.0; the scenario files in scenarios/stable2603 show what they do), the revenue route knob's
// bad input, and fees only when a scenario asks for them. Routing and fees themselves are scenario
// files (scenarios/revenue, scenarios/fees).
import { CorelabError, InvalidValueError, Origin, UnknownNameError, devAccount, formatDispatchError, initCrypto } from "@corelab/frame";
import { freeBalance } from "@corelab/pallet-balances";
import { Broker } from "@corelab/pallet-broker";
import { beforeAll, describe, expect, it } from "vitest";
import { accumulationAccount } from "./coretime-revenue.ts";
import { coretimeFeeConfig, coretimeWeightToFee } from "./coretime-chain.ts";
import { coretimeKusamaChain } from "./coretime-kusama.ts";
import { coretimePolkadotChain } from "./coretime-polkadot.ts";
import { builtinPresets } from "./index.ts";

const getPreset = (name: string) => builtinPresets.find((p) => p.name === name)!;
const REGION = { begin: 5, core: 0, mask: (1n << 80n) - 1n };

beforeAll(initCrypto);

/** Applies a Root call in block 1 of `preset`: `ok`, the error, or what was thrown. */
function rootCall(preset: string, name: "force_transfer" | "remove_potential_renewal"): unknown {
  const rt = getPreset(preset).create({});
  rt.openBlock(1);
  const call = name === "force_transfer" ? Broker.call("force_transfer", { region_id: REGION, new_owner: devAccount("bob") }) : Broker.call("remove_potential_renewal", { core: 0, when: 5 });
  try {
    const r = rt.applyExtrinsic({ origin: Origin.root, call });
    return r.ok ? "ok" : formatDispatchError(r.error);
  } catch (e) {
    return e;
  }
}

describe("stable2603's Broker calls by era", () => {
  it.each(["coretime-polkadot@1003000", "coretime-polkadot@1006000", "coretime-kusama@1006000"])("%s has neither call: naming one is an unknown call of the runtime", (preset) => {
    for (const name of ["force_transfer", "remove_potential_renewal"] as const) {
      const e = rootCall(preset, name);
      expect(e).toBeInstanceOf(UnknownNameError);
      expect((e as UnknownNameError).unknown).toBe(`Broker.${name}`);
      // the runtime's own call list (and so its metadata) leaves them out
      expect(Object.keys(getPreset(preset).create({}).pallets.get("Broker")!.pallet.calls)).not.toContain(name);
    }
  });

  it.each(["coretime-polkadot@2002001", "coretime-polkadot", "coretime-kusama"])("%s has both: they reach the pallet", (preset) => {
    expect(rootCall(preset, "force_transfer")).toBe("Broker.UnknownRegion");
    expect(rootCall(preset, "remove_potential_renewal")).toBe("Broker.UnknownRenewal");
  });
});

describe("OnRevenue knob", () => {
  it("an unknown route names the path and the valid routes", () => {
    let thrown: unknown;
    try {
      getPreset("coretime-polkadot").create({ constants: { Broker: { OnRevenue: "Treasury" } } });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CorelabError);
    expect(String((thrown as Error).message)).toContain("BurnCoretimeRevenue, AccumulateForward");
  });

  it("a TransferPeriod of 0 is refused (pallet-accumulate-and-forward's integrity test)", () => {
    expect(() => getPreset("coretime-polkadot").create({ constants: { Broker: { OnRevenue: "AccumulateForward" }, AccumulateForward: { TransferPeriod: 0 } } })).toThrow(InvalidValueError);
  });

  it("the route adds the AccumulateForward pallet only when chosen, with the chain's accumulation account", () => {
    expect(getPreset("coretime-polkadot").create({}).pallets.has("AccumulateForward")).toBe(false);
    const rt = getPreset("coretime-kusama").create({ constants: { Broker: { OnRevenue: "AccumulateForward" } } });
    expect(rt.pallets.has("AccumulateForward")).toBe(true);
    // acf/ksmt, funded with the existential deposit at genesis
    expect(getPreset("coretime-kusama").accounts?.["pallet:AccumulateForward"]).toBe(accumulationAccount("acf/ksmt"));
    expect(getPreset("coretime-polkadot").accounts?.["pallet:AccumulateForward"]).toBe(accumulationAccount("acf/dott"));
  });
});

describe("AccumulateForward on the natural clock", () => {
  it("forwards in the parachain block whose relay parent is a multiple of TransferPeriod (para 40 = relay 80), burning what is above the ED", () => {
    const acf = accumulationAccount("acf/dott");
    const rt = getPreset("coretime-polkadot").create({
      constants: { ParachainSystem: { Clock: "natural", RelayBlocksPerParaBlock: 2 }, Broker: { OnRevenue: "AccumulateForward" }, AccumulateForward: { TransferPeriod: 80 } },
      // 0.1 DOT (the ED) + 1 DOT to forward
      genesis: { Balances: { balances: { [acf]: "1.1 DOT" } } },
    });
    const forwards: Array<[number, unknown]> = [];
    rt.onBlock((b) => {
      for (const e of b.events) if (e.event.type === "AccumulateForward") forwards.push([b.number, e.event.value]);
    });
    rt.advanceTo(81);
    expect(forwards).toEqual([[40, { type: "ForwardSucceeded", value: { amount: 10_000_000_000n } }]]);
    expect(rt.read((ctx) => freeBalance(ctx, acf))).toBe(1_000_000_000n);
  });
});

describe("fees on the coretime presets", () => {
  it("no preset charges fees unless asked: no TransactionPayment pallet by default", () => {
    for (const name of ["coretime-polkadot@1003000", "coretime-polkadot", "coretime-kusama"]) expect(getPreset(name).create({}).pallets.has("TransactionPayment"), name).toBe(false);
    expect(getPreset("coretime-polkadot@1003000").create({ constants: { TransactionPayment: {} } }).pallets.has("TransactionPayment")).toBe(true);
  });

  it("base fees are WeightToFee(ExtrinsicBaseWeight), hand-computed from the fellows constants", () => {
    // Polkadot: 125_000_000 · 10^8 / (200 · 126_045_000) = 495_854.6… → 495_854
    expect(coretimeWeightToFee(coretimePolkadotChain.fees, 125_000_000n)).toBe(495_854n);
    // Kusama: CENTS = 10^12 / 30 / 100 = 333_333_333 (integer divisions); 125_000_000 · 333_333_333 / (100 · 124_706_000) = 3_341_191.8… → 3_341_191
    expect(coretimeWeightToFee(coretimeKusamaChain.fees, 125_000_000n)).toBe(3_341_191n);
    const balances = { ExistentialDeposit: coretimeKusamaChain.existentialDeposit };
    // Kusama's byte fee: MILLICENTS = 333_333_333 / 1000 = 333_333
    expect(coretimeFeeConfig(coretimeKusamaChain, balances).ByteFee).toBe(333_333n);
    expect(coretimeFeeConfig(coretimePolkadotChain, balances, { ByteFee: 7n }).ByteFee).toBe(7n);
  });
});
