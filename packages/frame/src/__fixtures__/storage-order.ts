/**
 * The order Rust's `iter()` gives a map's keys, computed apart from the engine: each key's storage
 * key suffix built with polkadot-api's own hashers over `encodeScale` of each hashed part, then
 * sorted bytewise (as the trie is walked). Tests compare the engine's iteration with it.
 */
import { Blake2128, Blake2128Concat, Blake2256, Identity, Twox128, Twox256, Twox64Concat } from "@polkadot-api/substrate-bindings";
import type { Codec } from "../codec.ts";
import { encodeScale } from "../scale.ts";
import type { StorageHasher } from "../storage-key.ts";

const PAPI: Record<StorageHasher, (b: Uint8Array) => Uint8Array> = {
  Blake2_128: Blake2128,
  Blake2_256: Blake2256,
  Blake2_128Concat: Blake2128Concat,
  Twox128,
  Twox256,
  Twox64Concat,
  Identity,
};

/** The hex of `hasher1(encode(k1)) ++ …` for a map of `hashers` keyed by `keyCodec` (a tuple codec when several). */
export function suffixOf<K>(map: { keyCodec: Codec<K>; hashers: readonly StorageHasher[] }, key: K): string {
  const parts: Array<[Codec<unknown>, unknown]> =
    map.hashers.length === 1
      ? [[map.keyCodec as Codec<unknown>, key]]
      : (map.keyCodec as unknown as { items: Array<Codec<unknown>> }).items.map((c, i) => [c, (key as unknown[])[i]]);
  return parts.map(([c, v], i) => Buffer.from(PAPI[map.hashers[i]!](encodeScale(c, v))).toString("hex")).join("");
}

/** `keys` sorted as Rust's `iter()` walks the map: bytewise by storage key. */
export function inStorageKeyOrder<K>(map: { keyCodec: Codec<K>; hashers: readonly StorageHasher[] }, keys: readonly K[]): K[] {
  const withKey = keys.map((k) => [suffixOf(map, k), k] as const);
  withKey.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return withKey.map((x) => x[1]);
}
