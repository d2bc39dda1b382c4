import { describe, expect, it } from "vitest";
import { FixedU128 } from "@corelab/frame";
import { DEFAULT_SETTINGS, decideOrder, magnetReachesThreshold, reachesProfitThreshold, type AssuranceSettings, type ParaObservation, type RelayObservation } from "./index.ts";

const ratio = (s: string) => {
  const [w, f = ""] = s.split(".");
  return BigInt(w!) * FixedU128.one + BigInt((f + "0".repeat(18)).slice(0, 18));
};
const docs = (o: Partial<AssuranceSettings> = {}): AssuranceSettings => ({ ...DEFAULT_SETTINGS, ...o });
const magnet = (o: Partial<AssuranceSettings> = {}): AssuranceSettings => ({ ...DEFAULT_SETTINGS, mode: "Magnet", priceScale: 1_000_000n, profitThreshold: FixedU128.one, ...o });
const para = (o: Partial<ParaObservation> = {}): ParaObservation => ({ pendingFees: 0n, pendingCount: 0, lastBlockRelayParent: 0, lastOrderRelayBlock: undefined, ...o });
const relay = (o: Partial<RelayObservation> = {}): RelayObservation => ({ relayBlock: 1, spotPrice: 1000n, queued: false, ...o });

describe("decideOrder, Documented mode", () => {
  it("orders when the price is within the limit and fees / price reach the threshold, with max_amount = the spot price", () => {
    expect(decideOrder(docs({ priceLimit: 1000n }), para({ pendingFees: 1000n, pendingCount: 2 }), relay())).toEqual({
      type: "Order",
      assurance: false,
      maxAmount: 1000n,
      spotPrice: 1000n,
      gas: 1000n,
    });
  });

  it("waits for the price when it is over the limit (0 = no limit)", () => {
    expect(decideOrder(docs({ priceLimit: 999n }), para({ pendingFees: 10_000n, pendingCount: 1 }), relay())).toMatchObject({ type: "Skip", reason: "PriceOverLimit" });
    expect(decideOrder(docs({ priceLimit: 0n }), para({ pendingFees: 10_000n, pendingCount: 1 }), relay({ spotPrice: 10n ** 30n }))).toMatchObject({ type: "Skip", reason: "BelowProfitThreshold" });
    expect(decideOrder(docs({ priceLimit: 0n }), para({ pendingFees: 10n ** 31n, pendingCount: 1 }), relay({ spotPrice: 10n ** 30n }))).toMatchObject({ type: "Order" });
  });

  it("waits for profit: the threshold may exceed 1 and is reached at equality", () => {
    const s = docs({ profitThreshold: ratio("1.6") });
    expect(decideOrder(s, para({ pendingFees: 1599n, pendingCount: 1 }), relay())).toMatchObject({ type: "Skip", reason: "BelowProfitThreshold" });
    expect(decideOrder(s, para({ pendingFees: 1600n, pendingCount: 1 }), relay())).toMatchObject({ type: "Order" });
    expect(reachesProfitThreshold(docs({ profitThreshold: ratio("0.7") }), 700n, 1000n)).toBe(true);
    expect(reachesProfitThreshold(docs({ profitThreshold: ratio("0.7") }), 699n, 1000n)).toBe(false);
    expect(reachesProfitThreshold(docs({ priceScale: 1_000_000n }), 999_999_999n, 1000n)).toBe(false);
  });

  it("assurance orders after more than bid_threshold relay blocks since the last para block, over limit and threshold", () => {
    const s = docs({ priceLimit: 10n, assurance: true, bidThreshold: 8 });
    const p = para({ pendingFees: 1n, pendingCount: 1, lastBlockRelayParent: 4 });
    expect(decideOrder(s, p, relay({ relayBlock: 12 }))).toMatchObject({ type: "Skip", reason: "PriceOverLimit" });
    expect(decideOrder(s, p, relay({ relayBlock: 13 }))).toMatchObject({ type: "Order", assurance: true, maxAmount: 1000n });
    expect(decideOrder({ ...s, assurance: false }, p, relay({ relayBlock: 100 }))).toMatchObject({ type: "Skip", reason: "PriceOverLimit" });
  });

  it("never orders with nothing pending, while queued or while an order has not produced a block", () => {
    const s = docs({ assurance: true, bidThreshold: 0, profitThreshold: 0n });
    expect(decideOrder(s, para(), relay({ relayBlock: 50 }))).toMatchObject({ reason: "NoTransactions" });
    expect(decideOrder(s, para({ pendingCount: 1, pendingFees: 5n }), relay({ queued: true }))).toMatchObject({ reason: "AlreadyQueued" });
    expect(decideOrder(s, para({ pendingCount: 1, pendingFees: 5n, lastOrderRelayBlock: 7, lastBlockRelayParent: 5 }), relay({ relayBlock: 8 }))).toMatchObject({ reason: "OrderInFlight" });
    expect(decideOrder(s, para({ pendingCount: 1, pendingFees: 5n, lastOrderRelayBlock: 7, lastBlockRelayParent: 8 }), relay({ relayBlock: 9 }))).toMatchObject({ type: "Order" });
  });
});

describe("decideOrder, Magnet mode (the code's behaviour)", () => {
  it("compares gas > Perbill threshold × spot × 1e6, strictly (reference B.7 examples)", () => {
    const spot = 10_000_000n; // compared value 1e13
    expect(magnetReachesThreshold(magnet({ profitThreshold: FixedU128.fromPerbill(10) }), 100_001n, spot)).toBe(true);
    expect(magnetReachesThreshold(magnet({ profitThreshold: FixedU128.fromPerbill(10) }), 100_000n, spot)).toBe(false);
    expect(magnetReachesThreshold(magnet({ profitThreshold: ratio("0.7") }), 7_000_000_000_001n, spot)).toBe(true);
    expect(magnetReachesThreshold(magnet({ profitThreshold: ratio("0.7") }), 7_000_000_000_000n, spot)).toBe(false);
    expect(magnetReachesThreshold(magnet(), 10_000_000_000_000n, spot)).toBe(false);
    expect(magnetReachesThreshold(magnet(), 10_000_000_000_001n, spot)).toBe(true);
  });

  it("ignores the price limit, orders only in the first half of each 2^slot_width window, once per window", () => {
    const s = magnet({ priceLimit: 1n, profitThreshold: 0n });
    const p = para({ pendingFees: 1n, pendingCount: 1 });
    expect(decideOrder(s, p, relay({ relayBlock: 8 }))).toMatchObject({ type: "Order" });
    expect(decideOrder(s, p, relay({ relayBlock: 11 }))).toMatchObject({ type: "Order" });
    expect(decideOrder(s, p, relay({ relayBlock: 12 }))).toMatchObject({ reason: "OutsideOrderWindow" });
    expect(decideOrder(s, para({ ...p, lastOrderRelayBlock: 9, lastBlockRelayParent: 10 }), relay({ relayBlock: 11 }))).toMatchObject({ reason: "OrderInFlight" });
    expect(decideOrder(s, para({ ...p, lastOrderRelayBlock: 9, lastBlockRelayParent: 10 }), relay({ relayBlock: 16 }))).toMatchObject({ type: "Order" });
  });

  it("forces an order after the bid threshold only with gas > 0", () => {
    const s = magnet({ assurance: true });
    expect(decideOrder(s, para({ pendingFees: 1n, pendingCount: 1 }), relay({ relayBlock: 8 }))).toMatchObject({ reason: "BelowProfitThreshold" });
    expect(decideOrder(s, para({ pendingFees: 1n, pendingCount: 1 }), relay({ relayBlock: 9 }))).toMatchObject({ type: "Order", assurance: true });
    expect(decideOrder(s, para({ pendingFees: 0n, pendingCount: 0 }), relay({ relayBlock: 9 }))).toMatchObject({ reason: "NoTransactions" });
  });
});
