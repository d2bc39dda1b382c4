import { beforeAll, describe, expect, it } from "vitest";
import { FixedU128, InvalidGenesisError, Origin, createRuntime, initCrypto, type Runtime } from "@corelab/frame";
import { Assurance, settingsOf, type DecisionRecord } from "./index.ts";

beforeAll(initCrypto);

const runtime = (genesis?: Record<string, unknown>): Runtime =>
  createRuntime({ name: "assurance-test", pallets: [Assurance.instance({})], ...(genesis ? { genesis: { Assurance: genesis } } : {}) });

const skip = (relay_block: number, reason: "PriceOverLimit" | "OrderFailed", extra: Partial<DecisionRecord> = {}): DecisionRecord => ({
  relay_block,
  kind: { type: "Skip" },
  waited: relay_block,
  reason: { type: reason },
  spot_price: 100n,
  gas: 5n,
  orderer: undefined,
  error: undefined,
  ...extra,
});
const order = (relay_block: number, assurance: boolean): DecisionRecord => ({
  relay_block,
  kind: { type: assurance ? "Assurance" : "Order" },
  waited: 9,
  reason: undefined,
  spot_price: 100n,
  gas: 5n,
  orderer: "dave",
  error: undefined,
});

describe("Assurance.note_decisions (the order task's inherent)", () => {
  it("records skips, failed orders, orders and assurance orders as events, and orders in the history", () => {
    const rt = runtime();
    const decisions = [skip(1, "PriceOverLimit"), skip(2, "OrderFailed", { orderer: "bob", error: "Balances.InsufficientBalance" }), order(3, false), order(4, true)];
    const block = rt.newBlock([{ origin: Origin.none, call: Assurance.call("note_decisions", { decisions }) }]);
    expect(block.extrinsics[0]!.result).toEqual({ ok: true });
    expect(block.events.map((e) => [e.method, e.data])).toEqual([
      ["OrderSkipped", { relay_block: 1, reason: { type: "PriceOverLimit" }, spot_price: 100n, gas: 5n }],
      ["OrderFailed", { relay_block: 2, orderer: "bob", error: "Balances.InsufficientBalance" }],
      ["OrderSkipped", { relay_block: 2, reason: { type: "OrderFailed" }, spot_price: 100n, gas: 5n }],
      ["OrderPlaced", { sequence_number: 0n, relay_block: 3, spot_price: 100n, orderer: "dave", gas: 5n, assurance: false }],
      ["AssuranceTriggered", { relay_block: 4, waited: 9, payer: "dave" }],
      ["OrderPlaced", { sequence_number: 1n, relay_block: 4, spot_price: 100n, orderer: "dave", gas: 5n, assurance: true }],
      ["ExtrinsicSuccess", expect.anything()],
    ]);
    expect(rt.query("Assurance", "SequenceNumber")).toBe(2n);
    expect(rt.query("Assurance", "Orders", 1n)).toEqual({ sequence_number: 1n, place_order_height: 4, para_block: 1, price: 100n, orderer: "dave", assurance: true, gas: 5n });
    expect(rt.query("Assurance", "LastDecision")).toEqual(order(4, true));
  });

  it("is an inherent: any origin but None is BadOrigin", () => {
    const rt = runtime();
    const block = rt.newBlock([{ origin: Origin.signed("alice"), call: Assurance.call("note_decisions", { decisions: [order(1, false)] }) }]);
    expect(block.extrinsics[0]!.result).toEqual({ ok: false, error: { type: "BadOrigin" } });
    expect(rt.query("Assurance", "SequenceNumber")).toBe(0n);
  });
});

describe("Assurance configuration", () => {
  it("has the documented defaults (no limit, threshold 1.0, bid threshold 8, assurance off)", () => {
    expect(runtime().read(settingsOf)).toEqual({
      mode: "Documented",
      priceLimit: 0n,
      profitThreshold: FixedU128.one,
      bidThreshold: 8,
      assurance: false,
      reserveAccount: undefined,
      priceScale: 1n,
      slotWidth: 3,
    });
  });

  it("setters need Root; a threshold above 1 is refused in Magnet mode", () => {
    const rt = runtime();
    const b = rt.newBlock([
      { origin: Origin.signed("alice"), call: Assurance.call("set_bid_threshold", { blocknumber: 12 }) },
      { origin: Origin.root, call: Assurance.call("set_bid_threshold", { blocknumber: 12 }) },
      { origin: Origin.root, call: Assurance.call("set_profit_threshold", { threshold: 16n * 10n ** 17n }) },
      { origin: Origin.root, call: Assurance.call("set_mode", { mode: { type: "Magnet" } }) },
      { origin: Origin.root, call: Assurance.call("set_profit_threshold", { threshold: 5n * 10n ** 17n }) },
      { origin: Origin.root, call: Assurance.call("set_mode", { mode: { type: "Magnet" } }) },
      { origin: Origin.root, call: Assurance.call("set_profit_threshold", { threshold: 2n * 10n ** 18n }) },
      { origin: Origin.root, call: Assurance.call("set_reserve_account", { account: "dave" }) },
      { origin: Origin.root, call: Assurance.call("set_assurance", { enabled: true }) },
      { origin: Origin.root, call: Assurance.call("set_price_limit", { price_limit: 7n }) },
    ]);
    const errs = b.extrinsics.map((x) => (x.result.ok ? "ok" : x.result.error.type === "Module" ? x.result.error.value.value.type : x.result.error.type));
    expect(errs).toEqual(["BadOrigin", "ok", "ok", "ThresholdAboveOne", "ok", "ok", "ThresholdAboveOne", "ok", "ok", "ok"]);
    expect(b.events.find((e) => e.method === "NewBidThreshold")!.data).toEqual({ threshold: 12 });
    expect(rt.read(settingsOf)).toMatchObject({ mode: "Magnet", profitThreshold: 5n * 10n ** 17n, bidThreshold: 12, assurance: true, reserveAccount: "dave", priceLimit: 7n });
  });

  it("genesis writes the settings; Magnet mode defaults the price scale to 1_000_000", () => {
    expect(runtime({ mode: { type: "Magnet" }, profit_threshold: FixedU128.one }).read(settingsOf)).toMatchObject({ mode: "Magnet", priceScale: 1_000_000n });
    expect(runtime({ bid_threshold: 3, assurance: true, reserve_account: "dave", price_limit: 9n }).read(settingsOf)).toMatchObject({ bidThreshold: 3, assurance: true, reserveAccount: "dave", priceLimit: 9n });
  });

  it("genesis rejects values outside their domain, naming the parameter", () => {
    expect(() => runtime({ mode: { type: "Magnet" }, profit_threshold: 3n * 10n ** 18n })).toThrow(InvalidGenesisError);
    expect(() => runtime({ mode: { type: "Magnet" }, profit_threshold: 3n * 10n ** 18n })).toThrow(/profit_threshold: 3 is above 1\.0/);
    expect(() => runtime({ price_scale: 0n })).toThrow(/price_scale/);
    expect(() => runtime({ slot_width: 17 })).toThrow(/slot_width/);
    expect(() => runtime({ profit_threshold: 3n * 10n ** 18n })).not.toThrow(); // Documented: a ratio above 1 is fine
  });
});
