// The coretime presets' call filters, era by era (fellows' `BaseCallFilter`; see
// docs/research/issue-14.md, section 1): a refused Broker call from a signed origin fails with
// `System.CallFiltered` and changes nothing; Root bypasses the filter; other calls pass.
import { Origin, devAccount, formatDispatchError, initCrypto, type RuntimeCall } from "@corelab/frame";
import { Broker } from "@corelab/pallet-broker";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinPresets } from "./index.ts";

const getPreset = (name: string) => builtinPresets.find((p) => p.name === name)!;
const REGION = { begin: 5, core: 0, mask: (1n << 80n) - 1n };

beforeAll(initCrypto);

/** Applies `call` from `origin` in block 1 of `preset`: its outcome (`ok` or the error's name). */
function apply(preset: string, origin: Parameters<typeof Origin.signed>[0] | "root", call: RuntimeCall) {
  const rt = getPreset(preset).create({ genesis: { Balances: { balances: [[devAccount("alice"), 10n ** 15n]] } } });
  rt.openBlock(1);
  const r = rt.applyExtrinsic({ origin: origin === "root" ? Origin.root : Origin.signed(origin), call });
  return { result: r.ok ? "ok" : formatDispatchError(r.error) };
}

const interlace = Broker.call("interlace", { region_id: REGION, pivot: 0xfffff000000000000000n });
const purchaseCredit = () => Broker.call("purchase_credit", { amount: 10n ** 12n, beneficiary: devAccount("alice") });

describe("call filters by era", () => {
  it.each(["coretime-polkadot@1003000", "coretime-polkadot@1006000", "coretime-polkadot"])("%s refuses interlace and purchase_credit with System.CallFiltered", (preset) => {
    expect(apply(preset, devAccount("alice"), interlace).result).toBe("System.CallFiltered");
    expect(apply(preset, devAccount("alice"), purchaseCredit()).result).toBe("System.CallFiltered");
    // a call the filter lets through gets the pallet's own answer
    expect(apply(preset, devAccount("alice"), Broker.call("transfer", { region_id: REGION, new_owner: devAccount("bob") })).result).toBe("Broker.UnknownRegion");
  });

  it("Root bypasses the filter: its interlace reaches the pallet (which wants a signed origin)", () => {
    expect(apply("coretime-polkadot@1003000", "root", interlace).result).toBe("BadOrigin");
  });

  it("coretime-kusama refuses purchase_credit from 1 002 005 on, nothing before, and never interlace", () => {
    expect(apply("coretime-kusama@1002002", devAccount("alice"), purchaseCredit()).result).not.toBe("System.CallFiltered");
    for (const preset of ["coretime-kusama@1002005", "coretime-kusama"]) {
      expect(apply(preset, devAccount("alice"), purchaseCredit()).result).toBe("System.CallFiltered");
      expect(apply(preset, devAccount("alice"), interlace).result).toMatch(/^Broker\./); // the pallet's own answer
    }
  });
});
