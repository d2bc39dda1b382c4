/**
 * SCALE of pallet-balances' `AccountData` and of `System.Account`'s `AccountInfo` around it, with
 * a real value: every endowed account of the coretime-polkadot genesis (polkadot-sdk
 * `cumulus/parachains/chain-specs/coretime-polkadot.json`, `genesis.raw.top`, a `System.Account`
 * entry; the same fixture is vendored in `@corelab/frame`'s `__fixtures__`, see its PROVENANCE.md).
 */
import { decodeScale, devAccount, encodeScaleHex, storageKeyHex } from "@corelab/frame";
import { describe, expect, it } from "vitest";
import { Balances } from "./pallet.ts";
import { AccountData, AccountInfo } from "./types.ts";

const GENESIS_ACCOUNT = "0x0000000000000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000080";

describe("balances as SCALE", () => {
  it("AccountInfo of a genesis account: providers 1, zero balances, the new-logic flag (1 << 127)", () => {
    const info = decodeScale(AccountInfo, GENESIS_ACCOUNT);
    expect(info).toEqual({ nonce: 0, consumers: 0, providers: 1, sufficients: 0, data: { free: 0n, reserved: 0n, frozen: 0n, flags: 1n << 127n } });
    expect(encodeScaleHex(AccountInfo, info)).toBe(GENESIS_ACCOUNT);
  });

  it("AccountData: four u128 in order free, reserved, frozen, flags", () => {
    expect(encodeScaleHex(AccountData, { free: 1n, reserved: 2n, frozen: 3n, flags: 0n })).toBe(
      "0x" + ["01", "02", "03", "00"].map((b) => b + "00".repeat(15)).join(""),
    );
  });

  it("Balances.Account is Blake2_128Concat of the AccountId32", () => {
    expect(Balances.storage.Account.hashers).toEqual(["Blake2_128Concat"]);
    expect(storageKeyHex(Balances.storage.Account, devAccount("alice")).slice(-64)).toBe("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  });
});
