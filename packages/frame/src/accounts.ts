/**
 * Accounts: the well-known development accounts (the sr25519 public keys of the Substrate dev
 * phrase with `//Alice` … `//Ferdie`, as `sp_keyring` and `subkey` give them) and pallet accounts
 * (`PalletId::into_account_truncating`: `"modl" ++ id`, zero-padded to 32 bytes). SS58 is
 * polkadot-api's (`@polkadot-api/substrate-bindings`).
 *
 * Account ids in Corelab are strings: an SS58 address (prefix 42), or any other string used as it
 * stands (`"1001"`, as the u64 accounts of pallet mocks).
 */
import { fromBufferToBase58, getSs58AddressInfo } from "@polkadot-api/substrate-bindings";
import { initHashers } from "./hashing.ts";

/** The Substrate development phrase. */
export const DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

/** Names of the well-known development accounts. */
export const DEV_ACCOUNT_NAMES = ["alice", "bob", "charlie", "dave", "eve", "ferdie"] as const;
/** A well-known development account name. */
export type DevAccountName = (typeof DEV_ACCOUNT_NAMES)[number];

/**
 * The development accounts' SS58 addresses (prefix 42): the sr25519 public keys of
 * `DEV_PHRASE//Alice` … (`subkey inspect //Alice`). Written out, not derived at start-up: deriving
 * them needs sr25519 (`@polkadot/util-crypto`, whose loading cost a whole CLI start-up as much
 * as many runs); `accounts.test.ts` derives them again from the phrase.
 */
const DEV_ACCOUNTS: ReadonlyMap<string, string> = new Map([
  ["alice", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"],
  ["bob", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"],
  ["charlie", "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y"],
  ["dave", "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy"],
  ["eve", "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw"],
  ["ferdie", "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL"],
]);

/** SS58 address (prefix 42) of a development account (`alice` → `5GrwvaEF…KutQY`). */
export function devAccount(name: DevAccountName): string {
  const a = DEV_ACCOUNTS.get(name);
  if (a === undefined) throw new RangeError(`'${String(name)}' is not a development account (${DEV_ACCOUNT_NAMES.join(", ")})`);
  return a;
}

const papiToSs58 = fromBufferToBase58(42);
/**
 * SS58 (prefix 42) of 32 bytes. papi's encoder remembers its answers under a key it reads from
 * `bytes.buffer` at offset 0 (substrate-bindings 0.21.0, `withSs58Cache`), so a view into a larger
 * buffer (a pooled `Buffer`, a `subarray`) could be answered with another account's address: such
 * bytes are copied first.
 */
function toSs58(bytes: Uint8Array): string {
  return papiToSs58(bytes.byteOffset === 0 ? bytes : new Uint8Array(bytes));
}

/** The public key of a valid SS58 address (any prefix), or `undefined`. */
function ss58PublicKey(s: string): Uint8Array | undefined {
  try {
    const info = getSs58AddressInfo(s);
    return info.isValid ? info.publicKey : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves an account as scenario files write it: a dev name (any case) to its SS58 address, an
 * `AccountId32` written as `0x` and 64 hex digits (`0x70617261d0070000…`, para 2000's sovereign
 * account on the relay) to the SS58 address of those 32 bytes (prefix 42, Corelab's form of every
 * account, so both spellings name one account), anything else as it stands.
 */
export function resolveAccount(name: string): string {
  if (ACCOUNT_ID_HEX.test(name)) return toSs58(Buffer.from(name.slice(2), "hex"));
  const lower = name.toLowerCase();
  return (DEV_ACCOUNT_NAMES as readonly string[]).includes(lower) ? devAccount(lower as DevAccountName) : name;
}
/** An `AccountId32` as `0x` hex: 32 bytes. */
const ACCOUNT_ID_HEX = /^0x[0-9a-fA-F]{64}$/;

/**
 * Whether `s` is an SS58 address (any network prefix) with a valid checksum, as
 * `@polkadot/util-crypto` decodes it: `5GrwvaEF…KutQY`. Hex and other strings are not.
 */
export function isSs58Address(s: string): boolean {
  // base58 only: this also keeps out hex (`0x…`), which decodeAddress would accept
  if (s.length < 3 || s.length > 64 || !/^[1-9A-HJ-NP-Za-km-z]+$/.test(s)) return false;
  return ss58PublicKey(s) !== undefined;
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
    bytes.set(Buffer.from(`modl${palletId}`, "utf8").subarray(0, 32));
    palletAccounts.set(palletId, (id = toSs58(bytes)));
  }
  return id;
}

/**
 * The account with these 32 bytes (an `AccountId32`), as Corelab writes accounts: an SS58 address
 * (prefix 42). Throws a `RangeError` for another length.
 */
export function accountIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 32) throw new RangeError(`an AccountId32 has 32 bytes, got ${bytes.length}`);
  return toSs58(bytes);
}

/**
 * The public key of an account given as an SS58 address (any prefix; an `AccountId32` has 32
 * bytes). Throws a `RangeError` for anything else.
 */
export function accountIdBytes(id: string): Uint8Array {
  const key = isSs58Address(id) ? ss58PublicKey(id) : undefined;
  if (key === undefined) throw new RangeError(`'${id}' is not an SS58 address`);
  return key;
}

/**
 * Loads the WebAssembly hashers (hash-wasm's blake2b and xxhash64: `hashing.ts`). Optional: without
 * it the pure-JavaScript hashers give the same results, only slower. Call it once before building
 * many blocks.
 */
export async function initCrypto(): Promise<void> {
  await initHashers();
}
