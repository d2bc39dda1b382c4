/**
 * pallet-transaction-payment (polkadot-sdk `substrate/frame/transaction-payment/src/lib.rs`): the
 * fee multiplier and the `TransactionFeePaid` event. The charging itself is the runtime's
 * transaction extension (`chargeTransactionPayment` in `interfaces.ts`).
 */
import { definePallet, t, value } from "@corelab/frame";
import type { TransactionPaymentConfig } from "./interfaces.ts";
import { MULTIPLIER_ONE, Multiplier } from "./types.ts";

/** The TransactionPayment pallet. Put `chargeTransactionPayment(config)` into the runtime too. */
export const TransactionPayment = definePallet<TransactionPaymentConfig>()({
  name: "TransactionPayment",
  source: "polkadot-sdk substrate/frame/transaction-payment/src/lib.rs",
  docs: "Fees of signed extrinsics: base fee + length fee + multiplier × weight fee (+ tip), paid into a pot before dispatch.",
  constants: {
    BaseFee: t.balance,
    ByteFee: t.balance,
    WeightFee: t.balance,
    DefaultWeight: t.u64,
    FeePot: t.accountId,
  },
  storage: {
    NextFeeMultiplier: value(Multiplier, {
      default: () => MULTIPLIER_ONE,
      docs: "Scales the weight fee (FixedU128). Corelab does not adjust it per block (no FeeMultiplierUpdate): it changes only by genesis or storage.",
    }),
  },
  events: {
    /** A transaction fee `actual_fee`, of which `tip` was added to the minimum inclusion fee, has been paid by `who`. */
    TransactionFeePaid: { who: t.accountId, actual_fee: t.balance, tip: t.balance },
  },
  errors: {},
  calls: {},
  genesis: {
    fields: { multiplier: Multiplier },
    build(ctx, cfg): void {
      if (cfg.multiplier !== undefined) TransactionPayment.storage.NextFeeMultiplier.put(ctx, cfg.multiplier);
    },
  },
});
