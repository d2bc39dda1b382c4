// The market's RegionId / CoreMask codecs against pallet-broker's: the same values in memory, the
// same SCALE bytes, the same JSON, so a region id moves between Broker and Market unchanged and
// `Market.Listings` is keyed as RegionX's `Listings` (Blake2_128Concat over the encoded RegionId).
import { initCrypto, type Codec } from "@corelab/frame";
import { CoreMaskCodec as BrokerCoreMask, RegionId as BrokerRegionId } from "@corelab/pallet-broker";
import { beforeAll, describe, expect, it } from "vitest";
import { CoreMaskCodec, Listing, RegionId } from "./types.ts";

beforeAll(initCrypto);

const ctx = { path: "x" } as Parameters<Codec<unknown>["parse"]>[1];
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const COMPLETE = (1n << 80n) - 1n;

describe("RegionId and CoreMask", () => {
  const ids = [
    { begin: 4, core: 0, mask: COMPLETE },
    { begin: 287_565, core: 51, mask: 0xfffff_00000_00000_00000n },
    { begin: 0xffff_ffff, core: 0xffff, mask: 1n },
    { begin: 0, core: 0, mask: 0n },
  ];

  it.each(ids)("encodes %o as the broker does", (id) => {
    expect(hex(RegionId.scale.enc(id))).toBe(hex(BrokerRegionId.scale.enc(id)));
    expect(RegionId.toJson(id)).toEqual(BrokerRegionId.toJson(id));
    expect(RegionId.key(id)).toBe(BrokerRegionId.key(id));
    expect(RegionId.scale.dec(BrokerRegionId.scale.enc(id))).toEqual(id);
  });

  it("is begin (u32 LE), core (u16 LE) and the mask's 10 bytes big-endian", () => {
    // begin 4 → 04000000, core 1 → 0100, mask 0x80…01 → 80 00 … 01
    const mask = (1n << 79n) | 1n;
    expect(hex(RegionId.scale.enc({ begin: 4, core: 1, mask }))).toBe("04000000" + "0100" + "80" + "00".repeat(8) + "01");
  });

  it("parses scenario masks as the broker does, and refuses what the broker refuses", () => {
    for (const input of ["0xffffffffffffffffffff", "0xfffff_fffff_00000_00000", "0x00000000000000000001", 5n])
      expect(CoreMaskCodec.parse(input, ctx)).toBe(BrokerCoreMask.parse(input, ctx));
    for (const input of ["0xfff", "ffffffffffffffffffff", 1n << 80n, -1n, 7]) {
      expect(() => CoreMaskCodec.parse(input, ctx)).toThrow();
      expect(() => BrokerCoreMask.parse(input, ctx)).toThrow();
    }
  });

  it("Listing is { seller, timeslice_price, sale_recipient } in that order (types.rs)", () => {
    const fields = (Listing as unknown as { fields: Record<string, unknown> }).fields;
    expect(Object.keys(fields)).toEqual(["seller", "timeslice_price", "sale_recipient"]);
  });
});
