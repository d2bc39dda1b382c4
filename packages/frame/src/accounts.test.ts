/**
 * Tests of the accounts: the well-known development accounts equal the public SS58 addresses
 * (prefix 42) of `//Alice` … `//Ferdie`, and pallet accounts follow
 * `PalletId::into_account_truncating` ("modl" ++ id, zero-padded to 32 bytes).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady, decodeAddress, encodeAddress, keyExtractSuri, keyFromPath, mnemonicToMiniSecret, sr25519PairFromSeed } from "@polkadot/util-crypto";
import { DEV_ACCOUNT_NAMES, DEV_PHRASE, accountIdBytes, accountIdFromBytes, accountLabel, devAccount, initCrypto, isSs58Address, palletAccountId, resolveAccount } from "./accounts.ts";
import { t } from "./codec.ts";

beforeAll(initCrypto);

/** Substrate's well-known sr25519 dev accounts (as printed by `subkey inspect //Alice` etc.). */
const WELL_KNOWN = {
  alice: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
  bob: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
  charlie: "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y",
  dave: "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy",
  eve: "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw",
  ferdie: "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL",
} as const;

describe("dev accounts", () => {
  it.each(DEV_ACCOUNT_NAMES)("%s has its well-known SS58 address", (name) => {
    expect(devAccount(name)).toBe(WELL_KNOWN[name]);
  });

  it.each(DEV_ACCOUNT_NAMES)("%s is the sr25519 key of the dev phrase's //Name, derived with @polkadot/util-crypto", async (name) => {
    await cryptoWaitReady();
    const suri = keyExtractSuri(`${DEV_PHRASE}//${name[0]!.toUpperCase()}${name.slice(1)}`)!;
    const pair = keyFromPath(sr25519PairFromSeed(mnemonicToMiniSecret(DEV_PHRASE)), suri.path, "sr25519");
    expect(devAccount(name)).toBe(encodeAddress(pair.publicKey, 42));
  });

  it("alice's public key is the well-known one", () => {
    expect(u8aToHex(decodeAddress(devAccount("alice")))).toBe("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  });

  it("labels addresses with their dev name and leaves other ids as they are", () => {
    expect(accountLabel(WELL_KNOWN.bob)).toBe("bob");
    expect(accountLabel("1001")).toBe("1001");
  });
});

describe("resolveAccount", () => {
  it("resolves dev names, in any case, to their addresses", () => {
    expect(resolveAccount("alice")).toBe(WELL_KNOWN.alice);
    expect(resolveAccount("Ferdie")).toBe(WELL_KNOWN.ferdie);
    expect(resolveAccount("BOB")).toBe(WELL_KNOWN.bob);
  });

  it("leaves other strings as they stand", () => {
    expect(resolveAccount("1001")).toBe("1001");
    expect(resolveAccount("alice2")).toBe("alice2");
    expect(resolveAccount(WELL_KNOWN.eve)).toBe(WELL_KNOWN.eve);
    expect(resolveAccount("0x70617261d0070000")).toBe("0x70617261d0070000"); // 8 bytes: not an AccountId32
  });

  it("writes an AccountId32 given as 0x hex (either case) as the SS58 address of its 32 bytes", () => {
    const aliceHex = u8aToHex(decodeAddress(WELL_KNOWN.alice));
    expect(resolveAccount(aliceHex)).toBe(WELL_KNOWN.alice);
    expect(resolveAccount(`0x${aliceHex.slice(2).toUpperCase()}`)).toBe(WELL_KNOWN.alice);
    // read from a view into a larger buffer (Node's pooled Buffer) after another account: not mixed up
    expect(accountIdBytes(resolveAccount(`0x70617261d0070000${"00".repeat(24)}`))).toEqual(Uint8Array.from([0x70, 0x61, 0x72, 0x61, 0xd0, 0x07, ...new Array(26).fill(0)]));
  });

  it("is what the AccountId codec uses for scenario values", () => {
    const ctx = { path: "who", resolveAccount };
    expect(t.accountId.parse("charlie", ctx)).toBe(WELL_KNOWN.charlie);
    expect(t.accountId.parse(1001, ctx)).toBe("1001");
    expect(() => t.accountId.parse("", ctx)).toThrow(/who: expected an account/);
  });
});

describe("SS58 addresses", () => {
  it("write the 32 bytes of a view into a larger buffer, not the buffer's first bytes", () => {
    const both = new Uint8Array(64);
    both.set(accountIdBytes(WELL_KNOWN.alice), 0);
    both.set(accountIdBytes(WELL_KNOWN.bob), 32);
    expect(accountIdFromBytes(both.subarray(0, 32))).toBe(WELL_KNOWN.alice);
    expect(accountIdFromBytes(both.subarray(32))).toBe(WELL_KNOWN.bob);
  });

  it("read and write an account's 32 bytes as @polkadot/util-crypto does, with any prefix", () => {
    const alice = devAccount("alice");
    expect(u8aToHex(accountIdBytes(alice))).toBe(u8aToHex(decodeAddress(alice)));
    expect(accountIdFromBytes(decodeAddress(alice))).toBe(alice);
    const kusama = encodeAddress(decodeAddress(alice), 2);
    expect(isSs58Address(kusama)).toBe(true);
    expect(u8aToHex(accountIdBytes(kusama))).toBe(u8aToHex(decodeAddress(alice)));
  });

  it("are not hex, mock ids or addresses with a broken checksum", () => {
    const alice = devAccount("alice");
    const broken = alice.slice(0, -1) + (alice.endsWith("Y") ? "Z" : "Y");
    for (const s of ["1001", "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d", broken, ""]) {
      expect(isSs58Address(s), s).toBe(false);
      expect(() => accountIdBytes(s)).toThrow(/is not an SS58 address/);
    }
    expect(() => accountIdFromBytes(new Uint8Array(31))).toThrow(RangeError);
  });
});

describe("palletAccountId", () => {
  it("is the public treasury account for py/trsry", () => {
    // PalletId(*b"py/trsry").into_account_truncating(), the well-known Treasury address
    expect(palletAccountId("py/trsry")).toBe("5EYCAe5ijiYfyeZ2JJCGq56LmPyNRAKzpG4QkoQkkQNB5e6Z");
  });

  it("is \"modl\" ++ id, zero-padded to 32 bytes, for the coretime broker pot py/broke", () => {
    const id = palletAccountId("py/broke");
    expect(u8aToHex(decodeAddress(id))).toBe("0x6d6f646c70792f62726f6b65" + "00".repeat(20));
    // pinned (derived with the rule above; no public listing of this address was found)
    expect(id).toBe("5EYCAe5ijiYdYYdjtVnvyYav3HZghmZvA35zzhHVWisC2osz");
  });

  it("gives the on-demand pot py/ondmd its own account", () => {
    const id = palletAccountId("py/ondmd");
    expect(u8aToHex(decodeAddress(id))).toBe("0x6d6f646c70792f6f6e646d64" + "00".repeat(20));
    expect(id).not.toBe(palletAccountId("py/broke"));
  });
});
