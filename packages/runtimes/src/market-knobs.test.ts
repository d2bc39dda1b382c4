// The coretime presets' market knobs: another price adapter or RFC-17's market on the same runtime,
// and the errors of a knob that names nothing.
import { Origin, devAccount, formatDispatchError, initCrypto, type Runtime } from "@corelab/frame";
import { Broker, type SaleInfoRecord } from "@corelab/pallet-broker";
import { CoretimeMarket } from "@corelab/pallet-coretime-market";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinPresets } from "./index.ts";

const getPreset = (name: string) => builtinPresets.find((p) => p.name === name)!;
const DOT = 10_000_000_000n;

beforeAll(initCrypto);

function runtime(constants: Record<string, Record<string, unknown>>, preset = "coretime-polkadot"): Runtime {
  return getPreset(preset).create({ constants, genesis: { Balances: { balances: [[devAccount("alice"), 10_000n * DOT]] } } });
}

/** Starts sales at block 1 (end price 10 DOT, 2 cores) and runs to `until`; the broker's sale. */
function startSales(rt: Runtime, until: number): SaleInfoRecord | undefined {
  rt.openBlock(1);
  const r = rt.applyExtrinsic({ origin: Origin.root, call: Broker.call("start_sales", { end_price: 10n * DOT, extra_cores: 2 }) });
  if (!r.ok) throw new Error(formatDispatchError(r.error));
  rt.finalizeBlock();
  for (let n = 2; n <= until; n++) {
    rt.openBlock(n);
    rt.finalizeBlock();
  }
  return rt.read((ctx) => Broker.storage.SaleInfo.get(ctx));
}

describe("coretime presets: the market knobs", () => {
  it("PriceAdapter picks another adapter for the same runtime (RFC-6 baseline against the era's MinimumPrice)", () => {
    const era = runtime({});
    const rfc6 = runtime({ Broker: { PriceAdapter: "Rfc6Baseline", PriceAdapterMinPrice: "1 DOT" } });
    expect(era.pallet("Broker").config.PriceAdapter.name).toMatch(/^MinimumPrice/);
    expect(rfc6.pallet("Broker").config.PriceAdapter.name).toMatch(/Rfc6/);
    // `start_sales`' first sale has no sales behind it: the adapters differ from the second on, so
    // here only check that both sell (and that nothing else of the runtime moved)
    expect(startSales(era, 3)?.end_price).toBe(startSales(rfc6, 3)?.end_price);
  });

  it("MinimumPrice without a minimum keeps the era's", () => {
    const rt = runtime({ Broker: { PriceAdapter: "MinimumPrice" } });
    expect(rt.pallet("Broker").config.PriceAdapter.name).toBe(`MinimumPrice(${10n * DOT})`);
  });

  it("Market: Rfc17 puts the CoretimeMarket pallet behind the broker: start_sales opens RFC-17's sale, SaleInfo stays empty", () => {
    const rt = runtime({ Broker: { Market: "Rfc17" }, CoretimeMarket: { MarketPeriod: 100 } });
    expect(rt.pallets.has("CoretimeMarket")).toBe(true);
    expect(rt.palletIndices.get("CoretimeMarket")).toBe(52);
    expect(startSales(rt, 3)).toBeUndefined(); // the legacy market's record is not written
    const sale = rt.read((ctx) => CoretimeMarket.storage.SaleInfo.get(ctx));
    expect(sale).toBeDefined();
    // RFC-17 in DOT: the reserve starts at start_sales' price, the opening at max(150 DOT, 3 × reserve)
    expect(rt.read((ctx) => CoretimeMarket.storage.Configuration.get(ctx))?.market_period).toBe(100);
    rt.openBlock(4);
    const bid = rt.applyExtrinsic({ origin: Origin.signed(devAccount("alice")), call: Broker.call("purchase", { price_limit: 100n * DOT }) });
    expect(bid.ok).toBe(true);
    const placed = rt.pendingEvents.find((e) => e.event.type === "CoretimeMarket" && e.event.value.type === "BidPlaced");
    expect(placed?.event.value.value).toMatchObject({ who: devAccount("alice"), amount: 100n * DOT });
  });

  it("a knob that names nothing is refused with the valid names", () => {
    expect(() => runtime({ Broker: { PriceAdapter: "Rfc7" } })).toThrow(/price adapter.*Rfc7[\s\S]*Rfc6Baseline/);
    expect(() => runtime({ Broker: { Market: "Dutch" } })).toThrow(/coretime market.*Dutch[\s\S]*Legacy, Rfc17/);
    // CoretimeMarket constants are read by RFC-17's market only: a file sweeping both markets gives them once
    expect(runtime({ CoretimeMarket: { MarketPeriod: 100 } }).pallets.has("CoretimeMarket")).toBe(false);
    expect(() => runtime({ Broker: { PriceAdapterMinPrice: "1 DOT" } })).toThrow(/PriceAdapterMinPrice/);
  });
});
