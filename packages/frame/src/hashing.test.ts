import { Blake2128, Blake2256, Twox128, Twox256, Twox64Concat } from "@polkadot-api/substrate-bindings";
import { describe, expect, it } from "vitest";
import { blake2_128, blake2_128Hex, blake2_256, initHashers, twox128, twox256, twox64 } from "./hashing.ts";
import { bytesToHex } from "./scale.ts";

const inputs = [0, 1, 15, 16, 31, 32, 33, 64, 66, 127, 128, 129, 200, 1000].map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 0xff));

describe("blake2 sources", () => {
  it("give polkadot-api's bytes before and after hash-wasm is compiled, for inputs of every block boundary", async () => {
    const before = inputs.map((d) => [bytesToHex(blake2_128(d)), bytesToHex(blake2_256(d))]);
    await initHashers();
    const after = inputs.map((d) => [bytesToHex(blake2_128(d)), bytesToHex(blake2_256(d))]);
    const papi = inputs.map((d) => [bytesToHex(Blake2128(d)), bytesToHex(Blake2256(d))]);
    expect(before).toEqual(papi);
    expect(after).toEqual(papi);
    // blake2b-256 of the empty input (RFC 7693's parameter block with a 32-byte digest)
    expect(bytesToHex(blake2_256(new Uint8Array()))).toBe("0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  });

  it("give blake2_128's hex as blake2_128Hex, before and after hash-wasm is compiled", async () => {
    const before = inputs.map((d) => blake2_128Hex(d));
    await initHashers();
    expect(inputs.map((d) => blake2_128Hex(d))).toEqual(before);
    expect(before).toEqual(inputs.map((d) => bytesToHex(Blake2128(d)).slice(2)));
  });

  it("hand out a fresh array each time (a caller may keep or change it)", async () => {
    await initHashers();
    const a = blake2_256(inputs[3]!);
    const copy = a.slice();
    a.fill(0);
    expect(blake2_256(inputs[3]!)).toEqual(copy);
  });
});

describe("twox sources", () => {
  it("give polkadot-api's twox_64, twox_128 and twox_256 before and after hash-wasm's xxhash64 is compiled", async () => {
    const all = () => inputs.map((d) => [bytesToHex(twox64(d)), bytesToHex(twox128(d)), bytesToHex(twox256(d))]);
    const before = all();
    await initHashers();
    const after = all();
    const papi = inputs.map((d) => [bytesToHex(Twox64Concat(d).slice(0, 8)), bytesToHex(Twox128(d)), bytesToHex(Twox256(d))]);
    expect(before).toEqual(papi);
    expect(after).toEqual(papi);
    // twox_128("System"), the first half of every System storage key
    expect(bytesToHex(twox128(new TextEncoder().encode("System")))).toBe("0x26aa394eea5630e07c48ae0c9558cef7");
  });
});
