/**
 * Tests of real storage keys (storage-key.ts) and of the hashers `map` declares: known keys of
 * the real chains, papi's own `Storage` helper as a second opinion, decoding keys back, and real
 * key/value pairs of the coretime chains' genesis (a vendored fixture, see
 * `__fixtures__/PROVENANCE.md`) decoded with Corelab's codecs and re-encoded to the same bytes.
 */
import { AccountId, Blake2128Concat, Storage, Twox128, Twox64Concat, u32 as papiU32 } from "@polkadot-api/substrate-bindings";
import { beforeAll, describe, expect, it } from "vitest";
import fixture from "./__fixtures__/chain-spec-storage.json" with { type: "json" };
import { arithmeticCodecs } from "./arithmetic.ts";
import { devAccount, initCrypto, palletAccountId } from "./accounts.ts";
import { t, type Codec } from "./codec.ts";
import { RuntimeUsageError, ScaleError } from "./errors.ts";
import { bytesToHex, decodeScale, encodeScaleHex } from "./scale.ts";
import { accessorOf, map, type StorageMap } from "./storage.ts";
import {
  decodeStorageKey,
  hashKeyPart,
  isReversibleHasher,
  keySuffixHex,
  keySuffixPrefixHex,
  PAPI_HASHERS,
  STORAGE_HASHERS,
  storageKey,
  storageKeyHex,
  storageKeyPrefix,
  storagePrefix,
  type StorageKeyLayout,
} from "./storage-key.ts";
import { accountInfo } from "./system.ts";

const AccountData = t.struct("AccountData", { free: t.balance, reserved: t.balance, frozen: t.balance, flags: t.u128 });
const SystemAccount: StorageKeyLayout<string> = { pallet: "System", name: "Account", keyCodec: t.accountId, hashers: ["Blake2_128Concat"] };
const BlockHash: StorageKeyLayout<number> = { pallet: "System", name: "BlockHash", keyCodec: t.u32, hashers: ["Twox64Concat"] };
const ALICE_ACCOUNT_KEY =
  "0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9de1e86a9a8c739864cf3cc5ec2bea59fd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
const hexOf = (b: Uint8Array): string => bytesToHex(b);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe("storage keys of the real chains", () => {
  it("a value's key is twox128(pallet) ++ twox128(item)", () => {
    expect(storageKeyHex({ pallet: "Timestamp", name: "Now" })).toBe("0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb");
    expect(storageKeyHex({ pallet: "Broker", name: "Configuration" })).toBe(hexOf(Twox128(enc("Broker"))) + hexOf(Twox128(enc("Configuration"))).slice(2));
    expect(storageKeyHex({ pallet: "Broker", name: "Configuration" })).toBe(Storage("Broker")("Configuration").enc());
    expect(hexOf(storagePrefix("System", "Account"))).toBe(ALICE_ACCOUNT_KEY.slice(0, 66));
  });

  it("System.Account of Alice (Blake2_128Concat of her 32 bytes)", () => {
    expect(storageKeyHex(SystemAccount, devAccount("alice"))).toBe(ALICE_ACCOUNT_KEY);
    expect(Storage("System")("Account", [AccountId(), Blake2128Concat]).enc(devAccount("alice"))).toBe(ALICE_ACCOUNT_KEY);
    expect(decodeStorageKey(SystemAccount, ALICE_ACCOUNT_KEY)).toBe(devAccount("alice"));
  });

  it("System.BlockHash of block 0 (Twox64Concat of a u32), as in the coretime genesis", () => {
    const key = storageKeyHex(BlockHash, 0);
    expect(key).toBe(Storage("System")("BlockHash", [papiU32, Twox64Concat]).enc(0));
    expect(Object.hasOwn(fixture.specs["coretime-polkadot"].entries, key)).toBe(true);
    expect(decodeStorageKey(BlockHash, key)).toBe(0);
  });

  it("the hashers: output lengths and which keep the key", () => {
    const x = Uint8Array.of(1, 2, 3, 4);
    expect(hashKeyPart("Blake2_128", x)).toHaveLength(16);
    expect(hashKeyPart("Blake2_256", x)).toHaveLength(32);
    expect(hashKeyPart("Twox128", x)).toHaveLength(16);
    expect(hashKeyPart("Twox256", x)).toHaveLength(32);
    expect(hashKeyPart("Blake2_128Concat", x)).toHaveLength(20);
    expect(hashKeyPart("Twox64Concat", x)).toHaveLength(12);
    expect(hashKeyPart("Identity", x)).toEqual(x);
    expect(["Blake2_128Concat", "Twox64Concat", "Identity"].every((h) => isReversibleHasher(h as never))).toBe(true);
    expect(isReversibleHasher("Twox256")).toBe(false);
    expect(() => hashKeyPart("Sha3" as never, x)).toThrow(RuntimeUsageError);
  });
});

describe("maps declared with hashers", () => {
  const RegionId = t.struct("RegionId", { begin: t.u32, core: t.u16, mask: t.bytes(10) });
  const Regions = accessorOf("Broker", "Regions", map(RegionId, t.u32, { hasher: "Blake2_128Concat" })) as StorageMap<
    { begin: number; core: number; mask: string },
    number,
    number | undefined
  >;
  const Workplan = accessorOf("Broker", "Workplan", map(t.tuple([t.u32, t.u16]), t.u32, { hasher: "Twox64Concat" })) as StorageMap<[number, number], number, number | undefined>;
  const Double = accessorOf("Demo", "Double", map(t.tuple([t.accountId, t.u32]), t.u32, { hasher: ["Blake2_128Concat", "Twox64Concat"] })) as StorageMap<
    [string, number],
    number,
    number | undefined
  >;
  const Opaque = accessorOf("Demo", "Opaque", map(t.u32, t.u32, { hasher: "Twox256" })) as StorageMap<number, number, number | undefined>;

  it("the accessor carries its hashers; a map that declares none gets Blake2_128Concat", () => {
    expect(Regions.hashers).toEqual(["Blake2_128Concat"]);
    expect(Regions.hasherDeclared).toBe(true);
    const plain = accessorOf("Demo", "Plain", map(t.u32, t.u32)) as StorageMap<number, number, number | undefined>;
    expect(plain.hashers).toEqual(["Blake2_128Concat"]);
    expect(plain.hasherDeclared).toBe(false);
  });

  it("map() refuses unknown hashers and a hasher count that does not fit the key", () => {
    expect(() => map(t.u32, t.u32, { hasher: "Blake2_128concat" as never })).toThrow('unknown storage hasher "Blake2_128concat"');
    expect(() => map(t.u32, t.u32, { hasher: ["Twox64Concat", "Twox64Concat"] })).toThrow("need a tuple key of 2 elements");
    expect(() => map(t.tuple([t.u32, t.u16, t.u8]), t.u32, { hasher: ["Twox64Concat", "Twox64Concat"] })).toThrow("need a tuple key of 2 elements");
    expect(() => map(t.u32, t.u32, { hasher: [] })).toThrow("empty list of hashers");
  });

  it("a StorageMap with a struct key: prefix ++ blake2_128(encoded) ++ encoded", () => {
    const id = { begin: 0x12345678, core: 0xabcd, mask: "0xffffffffffffffffffff" };
    const encoded = `0x78563412cdab${"ff".repeat(10)}`;
    expect(encodeScaleHex(RegionId, id)).toBe(encoded);
    const key = storageKey(Regions, id);
    expect(key).toHaveLength(32 + 16 + 16);
    expect(hexOf(key.slice(48))).toBe(encoded);
    expect(hexOf(key)).toBe(Storage("Broker")("Regions", [RegionId.scale as never, Blake2128Concat]).enc(id));
    expect(decodeStorageKey(Regions, key)).toEqual(id);
  });

  it("a tuple key with one hasher is hashed whole; with one hasher per element, part by part", () => {
    const w = storageKey(Workplan, [7, 3]);
    expect(hexOf(w.slice(32))).toBe(hexOf(Twox64Concat(Uint8Array.of(7, 0, 0, 0, 3, 0))));
    expect(decodeStorageKey(Workplan, w)).toEqual([7, 3]);

    const alice = devAccount("alice");
    const d = storageKey(Double, [alice, 5]);
    const first = Blake2128Concat(t.accountId.scale.enc(alice));
    expect(hexOf(d.slice(32, 32 + first.length))).toBe(hexOf(first));
    expect(hexOf(d.slice(32 + first.length))).toBe(hexOf(Twox64Concat(Uint8Array.of(5, 0, 0, 0))));
    expect(decodeStorageKey(Double, d)).toEqual([alice, 5]);
    // iteration prefix: the entries of Alice
    expect(hexOf(storageKeyPrefix(Double, [alice]))).toBe(hexOf(d.slice(0, 32 + first.length)));
    expect(storageKeyPrefix(Double)).toEqual(storagePrefix("Demo", "Double"));
    expect(() => storageKeyPrefix(Double, [alice, 5])).toThrow(RuntimeUsageError);
  });

  it("decoding a key: errors name the item and what is wrong", () => {
    const key = storageKey(Workplan, [7, 3]);
    expect(() => decodeStorageKey(Regions, key)).toThrow("is not a key of Broker.Regions");
    expect(() => decodeStorageKey(Workplan, hexOf(key) + "00")).toThrow("1 trailing byte(s) after the key");
    const tampered = key.slice();
    tampered[32] = tampered[32]! ^ 1;
    expect(() => decodeStorageKey(Workplan, tampered)).toThrow("does not match its Twox64Concat hash");
    expect(() => decodeStorageKey(Workplan, key.slice(0, 44))).toThrow(ScaleError);
    expect(() => decodeStorageKey(Opaque, storageKey(Opaque, 1))).toThrow("hashed with Twox256, which does not keep the key");
    expect(() => decodeStorageKey(Workplan, "0x12")).toThrow("is not a key of Broker.Workplan");
  });

  it("a value's layout takes no map key and a map's needs one", () => {
    expect(() => storageKey({ pallet: "A", name: "B" }, 1 as never)).toThrow(RuntimeUsageError);
    expect(() => storageKey(Workplan as StorageKeyLayout<[number, number]>)).toThrow(RuntimeUsageError);
  });
});

describe("real genesis storage of the coretime chains (vendored fixture)", () => {
  // the fixture's items, with Corelab codecs of their Rust types
  const LastRuntimeUpgrade = t.struct("LastRuntimeUpgradeInfo", { spec_version: t.compact(t.u32), spec_name: t.str });
  const values: Record<string, Codec<any>> = {
    "System.Account": accountInfo(AccountData),
    "System.BlockHash": t.bytes(32),
    "System.ParentHash": t.bytes(32),
    "System.LastRuntimeUpgrade": LastRuntimeUpgrade,
    "System.UpgradedToU32RefCount": t.bool,
    "System.UpgradedToTripleRefCount": t.bool,
    "Balances.TotalIssuance": t.balance,
    "TransactionPayment.NextFeeMultiplier": arithmeticCodecs.fixedU128,
    "TransactionPayment.StorageVersion": t.enumOf("Releases", { V1Ancient: null, V2: null }),
    "Broker.:__STORAGE_VERSION__:": t.u16,
    "Balances.:__STORAGE_VERSION__:": t.u16,
  };

  for (const [spec, { entries }] of Object.entries(fixture.specs)) {
    it(`${spec}: every value decodes with Corelab's codec and re-encodes to the same bytes`, () => {
      const list = Object.entries(entries as Record<string, { item: string; value: string }>);
      expect(list.length).toBeGreaterThan(10);
      for (const [key, { item, value }] of list) {
        const codec = values[item];
        expect(codec, item).toBeDefined();
        const decoded = decodeScale(codec!, value);
        expect(encodeScaleHex(codec!, decoded), `${item} ${key}`).toBe(value);
        // the key itself: a value's key, or a map key that decodes and re-encodes
        const [pallet, name] = item.split(".") as [string, string];
        if (item === "System.Account") {
          const who = decodeStorageKey(SystemAccount, key);
          expect(storageKeyHex(SystemAccount, who)).toBe(key);
          expect(decoded).toEqual({ nonce: 0, consumers: 0, providers: 1, sufficients: 0, data: { free: 0n, reserved: 0n, frozen: 0n, flags: 1n << 127n } });
        } else if (item === "System.BlockHash") {
          expect(storageKeyHex(BlockHash, decodeStorageKey(BlockHash, key))).toBe(key);
        } else {
          expect(storageKeyHex({ pallet, name })).toBe(key);
        }
      }
    });
  }

  it("known values: the runtime versions, the fee multiplier (1.0), Broker's storage version", () => {
    const pick = (spec: keyof typeof fixture.specs, item: string): string =>
      Object.values(fixture.specs[spec].entries as Record<string, { item: string; value: string }>).find((e) => e.item === item)!.value;
    expect(decodeScale(LastRuntimeUpgrade, pick("coretime-polkadot", "System.LastRuntimeUpgrade"))).toEqual({ spec_version: 1003000, spec_name: "coretime-polkadot" });
    expect(decodeScale(LastRuntimeUpgrade, pick("coretime-kusama", "System.LastRuntimeUpgrade"))).toEqual({ spec_version: 1002000, spec_name: "coretime-kusama" });
    expect(decodeScale(arithmeticCodecs.fixedU128, pick("coretime-polkadot", "TransactionPayment.NextFeeMultiplier"))).toBe(10n ** 18n);
    expect(decodeScale(t.u16, pick("coretime-polkadot", "Broker.:__STORAGE_VERSION__:"))).toBe(3);
    // the broker's pot is among the endowed accounts of the Polkadot genesis
    const accounts = Object.entries(fixture.specs["coretime-polkadot"].entries as Record<string, { item: string }>)
      .filter(([, e]) => e.item === "System.Account")
      .map(([k]) => decodeStorageKey(SystemAccount, k));
    expect(accounts).toContain(palletAccountId("py/broke"));
  });
});

describe("the storage layer's keys (keySuffixHex)", () => {
  beforeAll(initCrypto);

  it("hashes with the WebAssembly hashers as polkadot-api does, for every hasher and input length", () => {
    for (const h of STORAGE_HASHERS)
      for (const n of [0, 1, 2, 4, 8, 31, 32, 33, 64, 200]) {
        const data = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
        expect(bytesToHex(hashKeyPart(h, data)), `${h} of ${n} bytes`).toBe(bytesToHex(PAPI_HASHERS.get(h)!(data)));
      }
  });

  it("is the storage key after the item's 32-byte prefix, for maps, double maps and their prefixes", () => {
    const alice = devAccount("alice");
    expect(`0x${keySuffixHex(SystemAccount, alice)}`).toBe(`0x${storageKeyHex(SystemAccount, alice).slice(66)}`);
    const Double: StorageKeyLayout<[number, string]> = { pallet: "Demo", name: "Double", keyCodec: t.tuple([t.u32, t.accountId]), hashers: ["Twox64Concat", "Blake2_128Concat"] };
    expect(keySuffixHex(Double, [7, alice])).toBe(storageKeyHex(Double, [7, alice]).slice(66));
    expect(keySuffixPrefixHex(Double, [7])).toBe(bytesToHex(storageKeyPrefix(Double, [7])).slice(66));
    expect(keySuffixHex(Double, [7, alice]).startsWith(keySuffixPrefixHex(Double, [7]))).toBe(true);
  });

  it("gives a key part with no SCALE form its fallback: its hasher over the UTF-8 of its canonical key", () => {
    const Double: StorageKeyLayout<[number, string]> = { pallet: "Demo", name: "Double", keyCodec: t.tuple([t.u32, t.accountId]), hashers: ["Twox64Concat", "Blake2_128Concat"] };
    const first = bytesToHex(Twox64Concat(papiU32.enc(7))).slice(2);
    const second = bytesToHex(Blake2128Concat(new TextEncoder().encode(t.accountId.key("1001")))).slice(2);
    expect(keySuffixHex(Double, [7, "1001"])).toBe(first + second);
    expect(() => storageKey(Double, [7, "1001"])).toThrow(ScaleError); // no real key: the raw export refuses it
  });
});
