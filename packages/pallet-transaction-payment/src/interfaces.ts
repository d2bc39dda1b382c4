/**
 * Ports of pallet-transaction-payment: what a runtime configures (`TransactionPaymentConfig`,
 * the pallet's `Config`: `OnChargeTransaction`, `WeightToFee`, `LengthToFee`) and what the pallet
 * offers the runtime (`chargeTransactionPayment`, the `ChargeTransactionPayment` transaction
 * extension for `createRuntime`'s `transactionExtension`).
 */
import { DispatchFailure, type Context, type DispatchError, type Fungible, type TransactionExtension } from "@corelab/frame";
import { computeFee, doChargeFee, doFeePaid } from "./dispatchables.ts";

/**
 * Configuration (FRAME's `Config` with the runtime's choices), all amounts planck:
 * - `Currency` pays fees (`FungibleAdapter`/`CurrencyAdapter`: withdrawn keep-alive);
 * - `FeePot`: the account every fee and tip is deposited into (Magnet's `BASE_ACCOUNT`; a deposit
 *   that would leave it below the existential deposit is burnt, as `resolve_creating` drops dust);
 * - `BaseFee`: `WeightToFee(ExtrinsicBaseWeight)`, paid by every paying extrinsic;
 * - `ByteFee`: `LengthToFee` = `ConstantMultiplier<TransactionByteFee>`, planck per byte;
 * - `WeightFee`: `WeightToFee` as a linear polynomial, planck per unit of `ref_time` weight;
 * - `CallWeights` / `DefaultWeight`: the declared weight of a call (`Pallet.call` → weight; FRAME's
 *   `#[pallet::weight]`), else the default;
 * - `LengthOf`: the encoded length of an extrinsic (bytes); default `encodedLengthOf`;
 */
export interface TransactionPaymentConfig {
  readonly Currency: Fungible;
  readonly FeePot: string;
  readonly BaseFee: bigint;
  readonly ByteFee: bigint;
  readonly WeightFee: bigint;
  readonly DefaultWeight: bigint;
  readonly CallWeights?: Readonly<Record<string, bigint>>;
  readonly LengthOf?: (xt: { readonly call: { readonly pallet: string; readonly name: string; readonly args: unknown } }) => number;
}

/**
 * `TransactionValidityError::Invalid(InvalidTransaction::Payment)`: the signer cannot pay the fee.
 * Corelab shows it as `{ type: "Other", value: "InvalidTransaction::Payment" }` (a scenario writes
 * `expect: { error: Other }`): the transaction is not included in the block (no record, no event,
 * no state change), as a block builder drops an invalid transaction.
 */
export const InvalidTransactionPayment: DispatchError = { type: "Other", value: "InvalidTransaction::Payment" };

/**
 * The `ChargeTransactionPayment` transaction extension (`src/lib.rs`,
 * `TransactionExtension for ChargeTransactionPayment`) for `createRuntime({ transactionExtension })`:
 * before dispatch it computes the fee (`computeFee`), withdraws it from the signer keep-alive
 * (failure: `InvalidTransactionPayment`, the transaction is invalid) and deposits it into
 * `FeePot`; after dispatch (success or failure: the fee is kept) it emits
 * `TransactionPayment.TransactionFeePaid { who, actual_fee, tip }`. Tips are 0 (a Corelab
 * extrinsic carries none); there is no post-dispatch refund (calls report no actual weight).
 */
export function chargeTransactionPayment(config: TransactionPaymentConfig): TransactionExtension {
  return {
    prepare(ctx: Context, xt, info): { who: string; fee: bigint } {
      const who = (xt.origin as { value: string }).value;
      const fee = computeFee(ctx, config, xt, info.pays_fee, 0n).final_fee;
      try {
        doChargeFee(ctx, config, who, fee);
      } catch (e) {
        if (e instanceof DispatchFailure) throw new DispatchFailure(InvalidTransactionPayment);
        throw e;
      }
      return { who, fee };
    },
    postDispatch(ctx: Context, pre): void {
      const p = pre as { who: string; fee: bigint };
      doFeePaid(ctx, p.who, p.fee, 0n);
    },
  };
}
