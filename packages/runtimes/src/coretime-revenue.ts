/**
 * Where a coretime chain's broker revenue goes (`impl pallet_broker::Config`'s `OnRevenue`), per
 * era, as the scenario knob `constants: { Broker: { OnRevenue: … } }`:
 *
 * - `BurnCoretimeRevenue` (every released era up to fellows 2.3.2, the default): the credit is
 *   resolved into `CoretimeBurnAccount` (`py/ctbrn`), RFC-10. What the real chains did with that
 *   account next (a daily teleport to the relay chain, burned there; on Kusama after
 *   polkadot-fellows/runtimes#1282 a teleport to Asset Hub, burned there) is not modelled on a
 *   single chain: the revenue stays in `py/ctbrn`.
 * - `AccumulateForward` (polkadot-fellows/runtimes#1282 on Coretime Polkadot, #1301 on Coretime
 *   Kusama; merged 2026-09, in no release up to 2.3.2, so no era has it by default): the credit is
 *   resolved into the accumulation account of `pallet-accumulate-and-forward` (`PalletId`
 *   `acf/dott` on Polkadot, `acf/ksmt` on Kusama, funded with the existential deposit, as the PRs
 *   did by hand), whose `on_idle` forwards everything above the existential deposit every
 *   `TransferPeriod` relay blocks: teleported to the DAP staging account on Asset Hub (Polkadot,
 *   "obsoletes RFC-010") or to Asset Hub to be burned (Kusama). On this chain a forward burns the
 *   amount (`TotalIssuance` falls; the destination mints it, outside the modelled chain) and emits
 *   `AccumulateForward.ForwardSucceeded { amount }`.
 *
 * `AccumulateForward` follows polkadot-sdk `substrate/frame/accumulate-and-forward/src/lib.rs`
 * (`on_idle`, `accumulation_account`, `OnUnbalanced for Pallet`); the forwarder is
 * `TeleportForwarderForAccountId32`, whose local effect (withdraw and burn, Preserve) is what this
 * port does. Not found in the sources at hand, so Corelab's own values, documented as such:
 * `TransferPeriod` (default 14 400 relay blocks, one day, the cadence of the burn it replaces),
 * `MinTransferAmount` (default the chain's existential deposit) and the pallet's
 * `construct_runtime!` index (53).
 */
import { DispatchFailure, definePallet, palletAccountId, t, type Context, type Fungible, type OnUnbalanced } from "@corelab/frame";
import { Balance, PalletIdCodec } from "@corelab/pallet-broker";

/** The values of the `OnRevenue` knob. */
export const REVENUE_ROUTES = ["BurnCoretimeRevenue", "AccumulateForward"] as const;
/** A value of `REVENUE_ROUTES`. */
export type RevenueRoute = (typeof REVENUE_ROUTES)[number];

/** `AccumulateForwardPalletId` of Coretime Polkadot (polkadot-fellows/runtimes#1282: the account `13UVJyLjaBdLEGEpgE7dexnp5fiAG5Zu6D1SWSt6j2Q49w52` funded with the ED). */
export const POLKADOT_ACCUMULATE_FORWARD_PALLET_ID = "acf/dott";
/** `AccumulateForwardPalletId` of the Kusama system chains (polkadot-fellows/runtimes#1287, used by Coretime Kusama's revenue from #1301). */
export const KUSAMA_ACCUMULATE_FORWARD_PALLET_ID = "acf/ksmt";

/** Default `TransferPeriod` (relay blocks): one day of 6 s blocks. Corelab's value (the runtimes' was not found). */
export const DEFAULT_TRANSFER_PERIOD = 14_400;

/** `AccumulateForward`'s `construct_runtime!` index in Corelab's coretime presets (the real one was not found; a free index). */
export const ACCUMULATE_FORWARD_PALLET_INDEX = 53;

/** The constants of `AccumulateForward` a scenario may set (`constants: { AccumulateForward: { … } }`). */
export interface AccumulateForwardConstants {
  /** `PalletId`: 8 bytes; the accumulation account is `modl ++ PalletId` (truncating). */
  readonly PalletId: string;
  /** `TransferPeriod`: forwards happen in blocks whose relay number is a multiple of it (relay blocks, not zero). */
  readonly TransferPeriod: number;
  /** `MinTransferAmount`: the least amount above the existential deposit worth forwarding (planck). */
  readonly MinTransferAmount: bigint;
}

/** `pallet_accumulate_and_forward::Config` as modelled. */
export interface AccumulateForwardConfig extends AccumulateForwardConstants {
  /** `Currency`: the chain's Balances. */
  readonly Currency: Fungible;
  /** `BlockNumberProvider` (`RelaychainDataProvider`): the relay block number read in `on_idle`. */
  readonly RelayBlockNumber: (ctx: Context) => number;
}

/** The accumulation account of a `PalletId` (`accumulation_account()`: `PalletId::into_account_truncating`). */
export function accumulationAccount(palletId: string): string {
  return palletAccountId(palletId);
}

/**
 * pallet-accumulate-and-forward as on the coretime chains after polkadot-fellows/runtimes#1282 /
 * #1301. Genesis `{ fund: true }` mints the existential deposit into the accumulation account (the
 * PRs' one-off funding: without it a deposit below the existential deposit is burned).
 * `on_idle`: in a block whose relay number is a multiple of `TransferPeriod`, the accumulation
 * account's balance above the existential deposit, when at least `MinTransferAmount`, is forwarded:
 * burned here (`Preserve`), event `ForwardSucceeded { amount }`; a forward that fails leaves it and
 * emits `ForwardFailed { amount }`. Block weight is not modelled (the real hook needs idle weight).
 */
export const AccumulateForward = definePallet<AccumulateForwardConfig>()({
  name: "AccumulateForward",
  source: "polkadot-sdk substrate/frame/accumulate-and-forward/src/lib.rs; polkadot-fellows/runtimes#1282, #1301",
  docs: "Gathers coretime revenue (and dust) in an accumulation account and forwards it every TransferPeriod relay blocks to Asset Hub (the DAP on Polkadot, burned on Kusama); here a forward burns it.",
  constants: { PalletId: PalletIdCodec, TransferPeriod: t.u32, MinTransferAmount: Balance },
  storage: {},
  events: {
    /** Successfully forwarded accumulated funds to the destination. */
    ForwardSucceeded: { amount: Balance },
    /** Failed to forward funds; they stay and are retried after another `TransferPeriod`. */
    ForwardFailed: { amount: Balance },
  },
  errors: {},
  hooks: {
    onIdle(ctx) {
      const c = ctx.config;
      if (c.RelayBlockNumber(ctx) % c.TransferPeriod !== 0) return;
      const account = accumulationAccount(c.PalletId);
      const ed = c.Currency.minimumBalance();
      const balance = c.Currency.balance(ctx, account);
      const available = balance > ed ? balance - ed : 0n;
      if (available < c.MinTransferAmount || available === 0n) return;
      try {
        // the teleport's local part: withdraw and burn, keeping the account alive (one write or none)
        c.Currency.burnFrom(ctx, account, available, "Preserve");
        AccumulateForward.deposit(ctx, "ForwardSucceeded", { amount: available });
      } catch (e) {
        if (!(e instanceof DispatchFailure)) throw e;
        AccumulateForward.deposit(ctx, "ForwardFailed", { amount: available });
      }
    },
  },
  calls: {},
  genesis: {
    fields: { fund: t.bool },
    build(ctx, cfg) {
      if (cfg.fund !== true) return;
      const account = accumulationAccount(ctx.config.PalletId);
      const ed = ctx.config.Currency.minimumBalance();
      const have = ctx.config.Currency.balance(ctx, account);
      if (have < ed) ctx.config.Currency.mintInto(ctx, account, ed - have);
    },
  },
});

/**
 * `OnUnbalanced for pallet_accumulate_and_forward::Pallet`: resolves the credit into the
 * accumulation account; a credit it cannot take (an unfunded account, below the existential
 * deposit) is dropped, burned, as upstream's defensive branch does.
 */
export function accumulateForwardRevenue(currency: Fungible, palletId: string): OnUnbalanced {
  const account = accumulationAccount(palletId);
  return (ctx, amount) => {
    currency.resolve(ctx, account, amount);
  };
}
