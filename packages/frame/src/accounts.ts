/**
 * Accounts: the well-known development accounts (sr25519 keys derived from the Substrate dev
 * phrase with `//Alice` … `//Ferdie`, via @polkadot/util-crypto) and pallet accounts
 * (`PalletId::into_account_truncating`: `"modl" ++ id`, zero-padded to 32 bytes).
 *
 * Account ids in Corelab are strings: an SS58 address (prefix 42), or any other string used as it
 * stands (`"1001"`, as the u64 accounts of pallet mocks).
 */
import { initHashers } from "./hashing.ts";
import { stringToU8a, u8aConcat } from "@polkadot/util";
import {
  decodeAddress,
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
  cryptoWaitReady,
} from "@polkadot/util-crypto";

/** The Substrate development phrase. */
export const DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

/** Names of the well-known development accounts. */
export const DEV_ACCOUNT_NAMES = ["alice", "bob", "charlie", "dave", "eve", "ferdie"] as const;
/** A well-known development account name. */
export type DevAccountName = (typeof DEV_ACCOUNT_NAMES)[number];

const devCache = new Map<string, string>();

/** SS58 address (prefix 42) of a development account (`alice` → `5GrwvaEF…KutQY`). */
export function devAccount(name: DevAccountName): string {
  let a = devCache.get(name);
  if (!a) {
    const suri = keyExtractSuri(`${DEV_PHRASE}//${name[0]!.toUpperCase()}${name.slice(1)}`);
    if (!suri) throw new Error(`cannot derive ${name}`);
    const root = sr25519PairFromSeed(mnemonicToMiniSecret(DEV_PHRASE));
    const pair = keyFromPath(root, suri.path, "sr25519");
    a = encodeAddress(pair.publicKey, 42);
    devCache.set(name, a);
  }
  return a;
}

/** Resolves an account as scenario files write it: dev names to addresses, anything else as it stands. */
export function resolveAccount(name: string): string {
  const lower = name.toLowerCase();
  return (DEV_ACCOUNT_NAMES as readonly string[]).includes(lower) ? devAccount(lower as DevAccountName) : name;
}

/**
 * Whether `s` is an SS58 address (any network prefix) with a valid checksum, as
 * `@polkadot/util-crypto` decodes it: `5GrwvaEF…KutQY`. Hex and other strings are not.
 */
export function isSs58Address(s: string): boolean {
  // base58 only: this also keeps out hex (`0x…`), which decodeAddress would accept
  if (s.length < 3 || s.length > 64 || !/^[1-9A-HJ-NP-Za-km-z]+$/.test(s)) return false;
  try {
    decodeAddress(s);
    return true;
  } catch {
    return false;
  }
}

/** The dev name of an address, if it is one (`5GrwvaEF…` → `alice`), for display. */
export function accountLabel(id: string): string {
  for (const n of DEV_ACCOUNT_NAMES) if (devAccount(n) === id) return n;
  return id;
}

// Pallet accounts are asked for on per-call paths (an on-demand order pays into the pot).
const palletAccounts = new Map<string, string>();

/**
 * The account of a pallet id (`PalletId(*b"py/broke").into_account_truncating()`): `"modl" ++ id`
 * padded with zeros to 32 bytes, as an SS58 address (prefix 42).
 */
export function palletAccountId(palletId: string): string {
  let id = palletAccounts.get(palletId);
  if (id === undefined) {
    const bytes = new Uint8Array(32);
    bytes.set(u8aConcat(stringToU8a("modl"), stringToU8a(palletId)).slice(0, 32));
    palletAccounts.set(palletId, (id = encodeAddress(bytes, 42)));
  }
  return id;
}

/**
 * The account with these 32 bytes (an `AccountId32`), as Corelab writes accounts: an SS58 address
 * (prefix 42). Throws a `RangeError` for another length.
 */
export function accountIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 32) throw new RangeError(`an AccountId32 has 32 bytes, got ${bytes.length}`);
  return encodeAddress(bytes, 42);
}

/** The 32 bytes of an account given as an SS58 address (any prefix). Throws for anything else. */
export function accountIdBytes(id: string): Uint8Array {
  return decodeAddress(id);
}

/**
 * Loads the WebAssembly crypto (blake2 from hash-wasm, sr25519 from @polkadot/wasm-crypto). Optional: without it the pure-JS fallback
 * gives the same results, only slower. Call it once before building many blocks.
 */
export async function initCrypto(): Promise<void> {
  await cryptoWaitReady();
  await initHashers();
}
