// The market's rules and errors through the mock runtime (scaled timing: start at block 1, Market
// 1–21, Renewal 21–31, Settlement 31–38; clock 300 → 100 DOT over 20 blocks, 290 at block 2).
import { describe, expect, it } from "vitest";
import { blake2 } from "@corelab/frame";
import { A, B, C, D, F, R, harness, outcome, type Harness } from "./__fixtures__/harness.ts";
import { DispatchFailure } from "@corelab/frame";
import { configFromConstants } from "./dispatchables.ts";
import { DOT, RFC17_CONSTANTS, coretimeMarketPort, type CoretimeMarketConfig } from "./interfaces.ts";
import { CoretimeMarket } from "./pallet.ts";
import { MarketDriver } from "./testing.ts";

const reserve = 100n * DOT;

function started(h: Harness, block = 2): Harness {
  h.rt.openBlock(1);
  expect(outcome(h.call("Root", "start_sales", { reserve_price: reserve }))).toBe("ok");
  h.rt.openBlock(block);
  return h;
}

const bids = (h: Harness) => h.rt.read((ctx) => CoretimeMarket.storage.Bids.get(ctx));

describe("bids", () => {
  it("a limit above the clock is capped at the clock (290 at block 2) and locked in full", () => {
    const h = started(harness({ cores: 3 }));
    // clock(2) = 300 − ⌊(1/20) · 200⌋ = 290
    expect(outcome(h.call(A, "purchase", { price_limit: 1000n * DOT }))).toBe("ok");
    expect(h.events("CoretimeMarket", "BidPlaced")).toEqual([{ who: A, bid_id: 0, amount: 290n * DOT }]);
    expect(h.reserved(A)).toBe(290n * DOT);
  });

  it("bad input gets the market's error and changes nothing", () => {
    const h = harness({ cores: 3, constants: { MaxBids: 3 }, balances: [[A, 10_000n * DOT], [B, 50n * DOT]] });
    expect(outcome(h.call(A, "purchase", { price_limit: 200n * DOT }))).toBe("CoretimeMarket.NoSales");
    started(h);
    const before = h.rt.read((ctx) => JSON.stringify([CoretimeMarket.storage.Bids.get(ctx).length, CoretimeMarket.storage.SaleInfo.get(ctx)?.cores_sold]));
    // below the floor (the reserve, 100)
    expect(outcome(h.call(A, "purchase", { price_limit: 99n * DOT }))).toBe("CoretimeMarket.BidTooLow");
    // more cores than offered, or none
    expect(outcome(h.call(A, "bid", { price_limit: 200n * DOT, quantity: 4 }))).toBe("CoretimeMarket.Unavailable");
    expect(outcome(h.call(A, "bid", { price_limit: 200n * DOT, quantity: 0 }))).toBe("CoretimeMarket.Unavailable");
    // without the deposit: B holds 50, a bid locks 120 (the broker's lock fails; every bid of the call is dropped)
    expect(outcome(h.call(B, "purchase", { price_limit: 120n * DOT }))).toBe("Balances.InsufficientBalance");
    expect(outcome(h.call(B, "bid", { price_limit: 120n * DOT, quantity: 1 }))).toBe("Balances.InsufficientBalance");
    expect(bids(h)).toEqual([]);
    expect(h.events("CoretimeMarket", "BidPlaced")).toEqual([]);
    expect(h.reserved(A) + h.reserved(B)).toBe(0n);
    expect(h.free(B)).toBe(50n * DOT);
    // MaxBids 3: a quantity 2 then another 2 (4 > 3) fails whole
    expect(outcome(h.call(A, "bid", { price_limit: 200n * DOT, quantity: 2 }))).toBe("ok");
    expect(outcome(h.call(A, "bid", { price_limit: 200n * DOT, quantity: 2 }))).toBe("CoretimeMarket.TooManyBids");
    expect(bids(h).map((b) => b.bid_id)).toEqual([1, 0]); // equal prices: the later bid first (partition_point(price > p))
    expect(h.reserved(A)).toBe(400n * DOT);
    expect(before).toBe(JSON.stringify([0, 0]));
  });

  it("a quantity bid is q unit bids at one price (consecutive ids, the later first among equals), the deposit price × q", () => {
    const h = started(harness({ cores: 3 }));
    expect(outcome(h.call(A, "bid", { price_limit: 150n * DOT, quantity: 2 }))).toBe("ok");
    expect(outcome(h.call(B, "purchase", { price_limit: 200n * DOT }))).toBe("ok");
    expect(bids(h)).toEqual([
      { bid_id: 2, who: B, price: 200n * DOT },
      { bid_id: 1, who: A, price: 150n * DOT },
      { bid_id: 0, who: A, price: 150n * DOT },
    ]);
    expect(h.reserved(A)).toBe(300n * DOT);
    h.rt.openBlock(21);
    // 3 bids for 3 cores: clearing = the 3rd, 150; A wins two cores
    expect(h.events("CoretimeMarket", "AuctionSettled")).toEqual([{ clearing_price: 150n * DOT, winners: 3 }]);
  });

  it("bids are raised up to the clock, never lowered, withdrawn or raised by another", () => {
    const h = started(harness({ cores: 3 }));
    h.call(A, "purchase", { price_limit: 150n * DOT });
    h.call(B, "purchase", { price_limit: 200n * DOT });
    h.rt.openBlock(6); // clock(6) = 300 − ⌊(5/20) · 200⌋ = 250
    expect(outcome(h.call(A, "raise_bid", { bid_id: 0, new_price: 260n * DOT }))).toBe("CoretimeMarket.BidTooHigh");
    expect(outcome(h.call(A, "raise_bid", { bid_id: 0, new_price: 150n * DOT }))).toBe("CoretimeMarket.Overpriced");
    expect(outcome(h.call(B, "raise_bid", { bid_id: 0, new_price: 200n * DOT }))).toBe("CoretimeMarket.NotAllowed");
    expect(outcome(h.call(A, "raise_bid", { bid_id: 7, new_price: 200n * DOT }))).toBe("CoretimeMarket.BidNotExist");
    expect(outcome(h.call(A, "withdraw_bid", { bid_id: 0 }))).toBe("CoretimeMarket.NotAllowed");
    expect(outcome(h.call(A, "raise_bid", { bid_id: 0, new_price: 250n * DOT }))).toBe("ok");
    expect(h.events("CoretimeMarket", "BidRaised")).toEqual([{ who: A, bid_id: 0, old_price: 150n * DOT, new_price: 250n * DOT }]);
    expect(h.reserved(A)).toBe(250n * DOT);
    expect(bids(h).map((b) => b.bid_id)).toEqual([0, 1]); // re-sorted above B's 200
    h.rt.openBlock(21);
    expect(outcome(h.call(A, "raise_bid", { bid_id: 0, new_price: 260n * DOT }))).toBe("CoretimeMarket.WrongPhase");
    expect(outcome(h.call(A, "purchase", { price_limit: 200n * DOT }))).toBe("CoretimeMarket.WrongPhase");
  });

  it("an order before the sale starts is TooEarly; configure rejects a zero period (InvalidConfig)", () => {
    const h = started(harness({ cores: 3 }));
    // the port directly: the broker's `now` before `sale_start` (1)
    const config = h.rt.configOf<CoretimeMarketConfig>(CoretimeMarket);
    const err = h.rt.read((ctx) => {
      try {
        coretimeMarketPort(config).placeOrder(ctx, 0, A, 200n * DOT);
        return "ok";
      } catch (e) {
        return e instanceof DispatchFailure ? JSON.stringify(e.error) : String(e);
      }
    });
    expect(err).toBe(JSON.stringify(CoretimeMarket.err("TooEarly")));
    const zero = { ...configFromConstants(RFC17_CONSTANTS), market_period: 0 };
    expect(outcome(h.call("Root", "configure", { config: zero }))).toBe("CoretimeMarket.InvalidConfig");
    expect(outcome(h.call("Root", "configure", { config: { ...zero, market_period: 40 } }))).toBe("ok");
    expect(h.rt.read((ctx) => CoretimeMarket.storage.Configuration.get(ctx)?.market_period)).toBe(40);
  });

  it("start_sales needs the configuration and a core range (Uninitialized)", () => {
    const h = harness({ cores: 3 });
    h.rt.openBlock(1);
    h.rt.withContext((ctx) => MarketDriver.storage.CoreRange.kill(ctx));
    expect(outcome(h.call("Root", "start_sales", { reserve_price: reserve }))).toBe("CoretimeMarket.Uninitialized");
    h.rt.withContext((ctx) => CoretimeMarket.storage.Configuration.kill(ctx));
    h.call("Root", "set_core_range", { from: 0, to: 3 });
    expect(outcome(h.call("Root", "start_sales", { reserve_price: reserve }))).toBe("CoretimeMarket.Uninitialized");
  });
});

describe("renewals", () => {
  function auction(h: Harness, list: Array<[string, bigint]>): void {
    started(h);
    for (const [who, price] of list) expect(outcome(h.call(who, "purchase", { price_limit: price * DOT }))).toBe("ok");
    h.rt.openBlock(22);
  }

  it("only in the Renewal phase, for this sale's region, with a right left", () => {
    const h = started(harness({ cores: 3, rights: [[R, 4, 1], [A, 4, 1]] }));
    expect(outcome(h.call(R, "renew", { core: 0, when: 4 }))).toBe("CoretimeMarket.WrongPhase");
    h.call(A, "purchase", { price_limit: 200n * DOT });
    h.rt.openBlock(22);
    expect(outcome(h.call(R, "renew", { core: 0, when: 8 }))).toBe("CoretimeMarket.Unavailable");
    expect(outcome(h.call(D, "renew", { core: 0, when: 4 }))).toBe("CoretimeMarket.Unavailable"); // no right
    // A won one core: its one right is forfeited (rights − wins = 0)
    expect(outcome(h.call(A, "renew", { core: 0, when: 4 }))).toBe("CoretimeMarket.Unavailable");
    expect(outcome(h.call(R, "renew", { core: 0, when: 4 }))).toBe("ok");
  });

  it("a winner whose wins do not exceed its rights cannot be displaced", () => {
    // A, B, C win the 3 cores; A and B hold one right each (protected), C none: R displaces C
    const h = harness({ cores: 3, rights: [[A, 4, 1], [B, 4, 1], [R, 4, 1], [F, 4, 1]] });
    auction(h, [[A, 150n], [B, 160n], [C, 200n]]);
    expect(outcome(h.call(R, "renew", { core: 0, when: 4 }))).toBe("ok");
    expect(h.events("CoretimeMarket", "BidDisplaced").map((e) => e.who)).toEqual([C]);
    // F: the only displaceable winner is gone
    expect(outcome(h.call(F, "renew", { core: 0, when: 4 }))).toBe("CoretimeMarket.Unavailable");
  });

  it("displaces the lowest bid first", () => {
    const h = harness({ cores: 3, rights: [[R, 4, 2]] });
    auction(h, [[A, 150n], [B, 160n], [C, 200n]]);
    h.call(R, "renew", { core: 0, when: 4 });
    h.call(R, "renew", { core: 0, when: 4 });
    // clearing = 150; A (150) then B (160) are displaced, R pays 150 · 1.3 = 195 twice
    expect(h.events("CoretimeMarket", "BidDisplaced")).toEqual([
      { who: A, bid_id: 0, refund: 150n * DOT },
      { who: B, bid_id: 1, refund: 150n * DOT },
    ]);
    expect(h.events("CoretimeMarket", "RenewalExercised").map((e) => e.price)).toEqual([195n * DOT, 195n * DOT]);
  });

  it("penalty rule: the pallet's (sold out) and the RFC's (bidders + renewers > cores) differ", () => {
    // 5 cores, 3 bidders, 3 tenants with rights who did not bid: not sold out (pallet: no penalty),
    // but 3 + 3 = 6 > 5 (RFC: penalty). Clearing = reserve 100 (3 bids < 5 cores).
    const rights: Array<[string, number, number]> = [[R, 4, 1], [D, 4, 1], [F, 4, 1]];
    const price = (rule: "Pallet" | "Rfc") => {
      const h = harness({ cores: 5, rights, constants: { PenaltyRule: { type: rule } } });
      auction(h, [[A, 150n], [B, 160n], [C, 200n]]);
      expect(outcome(h.call(R, "renew", { core: 0, when: 4 }))).toBe("ok");
      return h.events("CoretimeMarket", "RenewalExercised")[0]!.price;
    };
    expect(price("Pallet")).toBe(100n * DOT);
    expect(price("Rfc")).toBe(130n * DOT);
  });

  it("as the pallet: when renewals fill the unsold cores of an auction that did not sell out, a further renewer is refused", () => {
    // 5 cores, 4 winners; R takes core 4; F finds no free core and, not sold out, cannot displace
    const h = harness({ cores: 5, rights: [[R, 4, 1], [F, 4, 1]] });
    auction(h, [[A, 150n], [B, 160n], [C, 200n], [D, 120n]]);
    expect(outcome(h.call(R, "renew", { core: 0, when: 4 }))).toBe("ok");
    expect(outcome(h.call(F, "renew", { core: 0, when: 4 }))).toBe("CoretimeMarket.Unavailable");
  });

  it("regions issued in one sale are renewal rights in the next", () => {
    const h = harness({ cores: 3 });
    auction(h, [[A, 150n]]);
    h.rt.openBlock(31);
    expect(h.rt.read((ctx) => MarketDriver.storage.RenewalRights.get(ctx, [A, 8]))).toBe(1);
    h.rt.openBlock(38);
    expect(h.sale()).toMatchObject({ region_begin: 8, phase: { type: "Market" } });
    // consumption 1/3 = 33.3 %: 100 · e^(2.5 · (0.333333333 − 0.9)) ≈ 24.2 DOT
    const r = Number(h.sale()!.reserve_price) / Number(DOT);
    expect(Math.abs(r - 100 * Math.exp(2.5 * (0.333333333 - 0.9)))).toBeLessThan(1e-6);
  });
});

describe("ties at the clearing price", () => {
  /** The winners of 4 bids of 200 for 2 cores under `seed`, by bid id. */
  function winners(seed: string): number[] {
    const h = harness({ cores: 2, constants: { RandomnessSeed: seed } });
    started(h);
    for (const who of [A, B, C, D]) h.call(who, "purchase", { price_limit: 200n * DOT });
    h.rt.openBlock(21);
    return h.rt.read((ctx) => CoretimeMarket.storage.Allocations.get(ctx)).map((a) => a.bid_id);
  }

  /**
   * The draw as the pallet specifies it, written out independently: seed = blake2_256(name ++
   * "coretime-market/shuffle" ++ block u32 LE); Fisher–Yates from the top with 4-byte windows.
   */
  function expected(seed: string, block: number): number[] {
    const enc = new TextEncoder();
    const bytes = [...enc.encode(seed), ...enc.encode("coretime-market/shuffle"), block & 0xff, (block >> 8) & 0xff, (block >> 16) & 0xff, block >>> 24];
    const r = blake2(Uint8Array.from(bytes));
    const ids = [3, 2, 1, 0]; // as stored: each equal bid goes before the earlier ones
    for (let i = 3; i >= 1; i--) {
      const o = ((i - 1) * 4) % 29;
      const v = (r[o]! | (r[o + 1]! << 8) | (r[o + 2]! << 16) | (r[o + 3]! << 24)) >>> 0;
      const j = v % (i + 1);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    return ids.slice(0, 2);
  }

  it("are shuffled by the named seed and the block: deterministic, and the seed matters", () => {
    for (const seed of ["alpha", "beta", "gamma", "delta"]) {
      expect(winners(seed)).toEqual(expected(seed, 21));
      expect(winners(seed)).toEqual(winners(seed));
    }
    const outcomes = new Set(["alpha", "beta", "gamma", "delta", "epsilon", "zeta"].map((s) => expected(s, 21).join(",")));
    expect(outcomes.size).toBeGreaterThan(1);
  });
});
