/**
 * The secondary market for regions (`Market`, `@corelab/pallet-region-market`: RegionX-Node's
 * `pallets/market`) on a network preset's coretime chain, beside its Broker. Opt-in: a network
 * has it only when the scenario or model names it (`constants: { coretime.Market: { … } }`, `{}`
 * for the defaults), so that networks which do not name it are unchanged.
 *
 * On the real networks the secondary market is RegionX's own parachain, which reads the coretime
 * chain's regions over ISMP; Corelab runs the market on the coretime chain itself, with the
 * broker's regions held in escrow by the market's account while listed (see the pallet's README).
 */
import { palletAccountId, type Fungible } from "@corelab/frame";
import type { BrokerConfig } from "@corelab/pallet-broker";
import { RegionMarket, type RegionMarketConfig } from "@corelab/pallet-region-market";
import { brokerRegions, brokerRelayBlockNumber } from "@corelab/pallet-region-market/testing";

/** The market's `PalletId` on a network's coretime chain (a Corelab choice; no real coretime chain has the pallet): `"py/rgnmk"`. */
export const NETWORK_REGION_MARKET_PALLET_ID = "py/rgnmk";

/** The market's escrow account on a network's coretime chain (`"py/rgnmk"` into a 32-byte account), alias `pallet:Market`. */
export const NETWORK_REGION_MARKET_ACCOUNT = palletAccountId(NETWORK_REGION_MARKET_PALLET_ID);

/**
 * The `Market` pallet's config beside `broker` on a coretime chain paying in `currency`:
 * `Regions` over the broker's `Regions` and `do_transfer`, the broker's relay block number as
 * `RCBlockNumberProvider`, `TimeslicePeriod` the broker's (relay blocks) and `PalletId`
 * `"py/rgnmk"`, each unless `constants` (the scenario's `coretime.Market`) sets it.
 */
export function networkRegionMarketConfig(broker: BrokerConfig, currency: Fungible, constants: Partial<Pick<RegionMarketConfig, "TimeslicePeriod" | "PalletId">> = {}): RegionMarketConfig {
  return {
    TimeslicePeriod: constants.TimeslicePeriod ?? broker.TimeslicePeriod,
    PalletId: constants.PalletId ?? NETWORK_REGION_MARKET_PALLET_ID,
    Currency: currency,
    Regions: brokerRegions(broker),
    RCBlockNumberProvider: brokerRelayBlockNumber(broker),
    PalletAccountOf: palletAccountId,
  };
}

/** The `Market` pallet instance of a network's coretime chain (see `networkRegionMarketConfig`). */
export function networkRegionMarket(broker: BrokerConfig, currency: Fungible, constants?: Partial<Pick<RegionMarketConfig, "TimeslicePeriod" | "PalletId">>) {
  return RegionMarket.instance(networkRegionMarketConfig(broker, currency, constants));
}
