// The brief's vectors (docs/research/issue-14.md §4.3–4.6), recomputed from the RFC-17 / #11802
// rules in the comments, then replayed through the mock runtime (scaled timing: market 20 blocks,
// renewal 10; prices in DOT). Expected values are derived here from the rules, never pasted.
import { beforeEach, describe, expect, it } from "vitest";
import { A, B, C, D, R, harness, outcome, type Harness } from "./__fixtures__/harness.ts";
import { clockPrice } from "./dispatchables.ts";
import { DOT } from "./interfaces.ts";

const reserve = 100n * DOT;
// opening = max(MIN_OPENING_PRICE 150, PRICE_MULTIPLIER 3 · reserve 100) = 300
const opening = (reserve * 3n > 150n * DOT ? reserve * 3n : 150n * DOT);

describe("the descending clock (§4.3)", () => {
  const P = 201_600; // 14 days of 6 s blocks
  // price = opening − (elapsed / P) · (opening − reserve): a quarter of the way down the 200 range
  // is 50 below the opening, half-way 100, the end 200 (the reserve).
  it.each([
    [0, 300n],
    [50_400, 250n],
    [100_800, 200n],
    [201_600, 100n],
    [250_000, 100n],
  ])("elapsed %i → %i DOT", (elapsed, dot) => {
    expect(opening).toBe(300n * DOT);
    expect(clockPrice(opening, reserve, 1000, P, 0, 1000 + elapsed)).toBe(dot * DOT);
  });
  it("is the opening before the sale starts and the reserve with a zero period", () => {
    expect(clockPrice(opening, reserve, 1000, P, 0, 10)).toBe(opening);
    expect(clockPrice(opening, reserve, 1000, 0, 0, 1000)).toBe(reserve);
  });
  it("never rises and never passes the reserve, block by block (continuous)", () => {
    let last = opening;
    for (let e = 0; e <= P; e += 997) {
      const p = clockPrice(opening, reserve, 0, P, 0, e);
      expect(p <= last && p >= reserve).toBe(true);
      last = p;
    }
  });
  it("holds each level STEP blocks (RFC: 6 h = 3 600 blocks)", () => {
    const step = 3_600;
    // 3 599 blocks in: still the level of elapsed 0; 3 600 in: elapsed 3 600 → 200 · 3600/201600 down
    expect(clockPrice(opening, reserve, 0, P, step, 3_599)).toBe(opening);
    const level1 = opening - (200n * DOT * 3_600n) / 201_600n; // exact: 3600/201600 = 1/56 of the range… rounded as FixedU64
    expect(clockPrice(opening, reserve, 0, P, step, 3_600)).toBe(clockPrice(opening, reserve, 0, P, 0, 3_600));
    expect(clockPrice(opening, reserve, 0, P, step, 7_199)).toBe(clockPrice(opening, reserve, 0, P, 0, 3_600));
    // FixedU64 of 1/56 is 17_857_143 / 10^9 (nearest): the level is within one 10^-9 of the range of the exact one
    expect(level1 - clockPrice(opening, reserve, 0, P, step, 3_600)).toBeLessThanOrEqual((200n * DOT) / 1_000_000_000n);
    expect(clockPrice(opening, reserve, 0, P, step, 50_400)).toBe(250n * DOT); // 50 400 = 14 steps: a level boundary
  });
});

/** Places the bids of Vector A at block 2 (clock 290 DOT there: every bid is at or below it). */
function vectorABids(h: Harness): void {
  h.rt.openBlock(1);
  expect(outcome(h.call("Root", "start_sales", { reserve_price: reserve }))).toBe("ok");
  h.rt.openBlock(2);
  for (const [who, price] of [[A, 250n], [B, 200n], [C, 180n], [D, 120n]] as const) {
    expect(outcome(h.call(who, "purchase", { price_limit: price * DOT }))).toBe("ok");
  }
}

describe("Vector A (§4.5): 3 cores, bids 250/200/180/120", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness({ cores: 3 });
    vectorABids(h);
  });

  it("clears at the 3rd bid, 180; refunds 70/20/0 to the winners and 120 to D", () => {
    // k = 3 cores, bids sorted 250 > 200 > 180 > 120: clearing = max(bids[k−1], reserve) = max(180, 100)
    h.rt.openBlock(21); // sale_start 1 + market 20
    expect(h.events("CoretimeMarket", "AuctionSettled")).toEqual([{ clearing_price: 180n * DOT, winners: 3 }]);
    expect(h.events("MarketDriver", "Refunded")).toEqual([
      { who: D, amount: 120n * DOT }, // losers first: the whole bid
      { who: A, amount: 70n * DOT }, // 250 − 180
      { who: B, amount: 20n * DOT }, // 200 − 180 (C's 180 − 180 = 0: no refund)
    ]);
    // what stays locked is the clearing price, for each winner
    for (const w of [A, B, C]) expect(h.reserved(w)).toBe(180n * DOT);
    expect(h.reserved(D)).toBe(0n);
    expect(h.sale()).toMatchObject({ clearing_price: 180n * DOT, cores_sold: 3, phase: { type: "Renewal" } });
  });

  it("finalizes at the end of the renewal period: everyone pays 180, regions on cores 0–2", () => {
    h.rt.openBlock(31); // 1 + 20 + 10
    expect(h.events("CoretimeMarket", "SaleFinalized")).toEqual([{ regions_issued: 3 }]);
    const issued = h.events("MarketDriver", "RegionIssued").map((e) => [e.owner, (e.region_id as { core: number }).core, e.paid]);
    expect(issued).toEqual([[A, 0, 180n * DOT], [B, 1, 180n * DOT], [C, 2, 180n * DOT]]);
    for (const w of [A, B, C]) expect(h.free(w)).toBe(10_000n * DOT - 180n * DOT);
    expect(h.free(D)).toBe(10_000n * DOT);
  });

  it("with 5 cores: clearing = reserve 100, all four win, the 5th core goes to on-demand", () => {
    h = harness({ cores: 5 });
    vectorABids(h);
    h.rt.openBlock(21);
    // fewer bids (4) than cores (5): clearing = reserve
    expect(h.events("CoretimeMarket", "AuctionSettled")).toEqual([{ clearing_price: 100n * DOT, winners: 4 }]);
    expect(h.events("MarketDriver", "Refunded").map((e) => e.amount)).toEqual([150n * DOT, 100n * DOT, 80n * DOT, 20n * DOT]);
    h.rt.openBlock(31);
    expect(h.events("MarketDriver", "CoresPooled")).toEqual([{ region_begin: 4, cores: [4] }]);
    expect(h.sale()).toMatchObject({ cores_sold: 4, cores_offered: 5 });
  });
});

describe("Vector A continued (§4.6): a renewer R with one right, no bid", () => {
  let h: Harness;
  beforeEach(() => {
    h = harness({ cores: 3, rights: [[R, 4, 1]] });
    vectorABids(h);
    h.rt.openBlock(22);
  });

  it("R pays clearing · (1 + 30 %) = 234 and takes C's core; C is displaced and refunded 180", () => {
    // sold out (3 of 3) and 4 bidders + 1 renewer > 3 cores: the penalty applies by either rule;
    // 180 + 30 % · 180 = 180 + 54 = 234. No free core: the lowest winning bid among winners whose
    // wins exceed their rights (A, B, C have 0 rights, 1 win each) is C's 180.
    expect(outcome(h.call(R, "renew", { core: 0, when: 4 }))).toBe("ok");
    expect(h.events("CoretimeMarket", "RenewalExercised")).toEqual([
      { who: R, price: 234n * DOT, region_id: { begin: 4, core: 2, mask: "0xffffffffffffffffffff" } },
    ]);
    expect(h.events("CoretimeMarket", "BidDisplaced")).toEqual([{ who: C, bid_id: 2, refund: 180n * DOT }]);
    expect(h.free(R)).toBe(10_000n * DOT - 234n * DOT);
    // a second renewal: no right left
    expect(outcome(h.call(R, "renew", { core: 0, when: 4 }))).toBe("CoretimeMarket.Unavailable");
    h.rt.openBlock(31);
    // finalization: A and B get their regions at 180, C its 180 back
    expect(h.events("CoretimeMarket", "SaleFinalized")).toEqual([{ regions_issued: 2 }]);
    expect(h.free(C)).toBe(10_000n * DOT);
    expect(h.reserved(C)).toBe(0n);
    // consumption numerator (question 6): 2 winners left + 1 renewal = 3 of 3, not 4
    expect(h.sale()).toMatchObject({ cores_sold: 3, renewal_count: 1, phase: { type: "Settlement" } });
  });

  it("the next sale's reserve: 100 % consumption, K 2.5 → 100 · e^0.25 = 128.4 < 100 + 100, so 200; opening 600", () => {
    h.call(R, "renew", { core: 0, when: 4 });
    h.rt.openBlock(38); // ⌊(38 + 2) / 10⌋ = 4 = region_begin: rotation
    expect(h.events("CoretimeMarket", "SaleInitialized").at(-1)).toMatchObject({
      sale_start: 38,
      reserve_price: 200n * DOT,
      start_price: 600n * DOT,
      region_begin: 8,
      region_end: 12,
    });
  });
});

describe("Vector B (§4.6): the same bids, 5 cores, R renews", () => {
  it("at the clearing price 100 (no penalty) on core first_core + 4", () => {
    const h = harness({ cores: 5, rights: [[R, 4, 1]] });
    vectorABids(h);
    h.rt.openBlock(22);
    // not sold out (4 of 5), and 4 bidders + 1 renewer = 5 ≤ 5: no penalty by either rule
    expect(outcome(h.call(R, "renew", { core: 0, when: 4 }))).toBe("ok");
    expect(h.events("CoretimeMarket", "RenewalExercised")).toEqual([
      { who: R, price: 100n * DOT, region_id: { begin: 4, core: 4, mask: "0xffffffffffffffffffff" } },
    ]);
    expect(h.events("CoretimeMarket", "BidDisplaced")).toEqual([]);
    h.rt.openBlock(31);
    expect(h.events("MarketDriver", "CoresPooled")).toEqual([{ region_begin: 4, cores: [] }]);
  });
});
