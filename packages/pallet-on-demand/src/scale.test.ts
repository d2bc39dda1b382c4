/**
 * SCALE layouts of the on-demand pallet's records and its storage hashers, worked out from
 * polkadot-sdk `polkadot/runtime/parachains/src/on_demand/types.rs` and `mod.rs` (v1 with credits).
 */
import { decodeScale, devAccount, encodeScaleHex, storageKey, type Codec } from "@corelab/frame";
import { describe, expect, it } from "vitest";
import { OnDemand } from "./pallet.ts";
import { CoreAffinityCount, EnqueuedOrder, OrderHeap, QueueStatusType } from "./types.ts";

function vector<T>(codec: Codec<T>, value: T, expected: string): void {
  expect(encodeScaleHex(codec, value)).toBe(expected);
  expect(decodeScale(codec, expected)).toEqual(value);
}

describe("on-demand types as SCALE", () => {
  it("EnqueuedOrder { para_id: u32, idx: u32 }, CoreAffinityCount { core_index: u32, count: u32 }", () => {
    vector(EnqueuedOrder, { para_id: 2000, idx: 7 }, "0xd007000007000000");
    vector(CoreAffinityCount, { core_index: 3, count: 2 }, "0x0300000002000000");
  });

  it("QueueStatusType { traffic: FixedU128, next_index, smallest_index, freed_indices }", () => {
    vector(
      QueueStatusType,
      { traffic: 10n ** 18n, next_index: 5, smallest_index: 1, freed_indices: [3] },
      "0x000064a7b3b6e00d0000000000000000" + "05000000" + "01000000" + "04" + "03000000",
    );
  });

  it("a heap is a Vec of its orders", () => {
    vector(OrderHeap, [{ para_id: 1, idx: 0 }, { para_id: 2, idx: 1 }], "0x08" + "0100000000000000" + "0200000001000000");
  });

  it("hashers: ParaIdAffinity and AffinityEntries Twox64Concat, Credits Blake2_128Concat", () => {
    expect(OnDemand.storage.ParaIdAffinity.hashers).toEqual(["Twox64Concat"]);
    expect(OnDemand.storage.AffinityEntries.hashers).toEqual(["Twox64Concat"]);
    expect(OnDemand.storage.Credits.hashers).toEqual(["Blake2_128Concat"]);
    const key = storageKey(OnDemand.storage.Credits, devAccount("alice"));
    expect(Buffer.from(key.slice(48)).toString("hex")).toBe("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  });
});
