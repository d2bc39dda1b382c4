/**
 * Types of pallet-transaction-payment (polkadot-sdk `substrate/frame/transaction-payment/src/types.rs`):
 * the fee breakdown `query_fee_details` returns, and Magnet's fee pot account.
 */
import { FixedU128, arithmeticCodecs, t, type Infer } from "@corelab/frame";

/** `Multiplier` (`FixedU128`): scales the weight fee (`NextFeeMultiplier`). 1.0 is `10^18`. */
export const Multiplier = arithmeticCodecs.fixedU128;

/** One, as a `Multiplier` inner value. */
export const MULTIPLIER_ONE: bigint = FixedU128.one;

/**
 * `InclusionFee` plus the tip (`FeeDetails` of `types.rs`, flattened), planck:
 * `base_fee` = WeightToFee(ExtrinsicBaseWeight); `len_fee` = LengthToFee(len);
 * `adjusted_weight_fee` = NextFeeMultiplier × WeightToFee(weight); `final_fee` = their sum + tip
 * (`FeeDetails::final_fee`), or the tip alone for a `Pays::No` call.
 */
export const FeeDetails = t.struct("FeeDetails", {
  base_fee: t.balance,
  len_fee: t.balance,
  adjusted_weight_fee: t.balance,
  tip: t.balance,
  final_fee: t.balance,
});
/** See the `FeeDetails` codec. */
export type FeeDetails = Infer<typeof FeeDetails>;

/**
 * Magnet's `BASE_ACCOUNT` (`primitives/system/src/lib.rs`): the 32 bytes `b"system:base"` followed
 * by 21 × `0x01`, as `0x` hex. Magnet's runtime deposits every transaction fee and tip here
 * (`MagnetDealWithFees` → `resolve_creating(BASE_ACCOUNT)`); the order task reads the fees.
 */
export const BASE_ACCOUNT: string = `0x${Buffer.from("system:base", "utf8").toString("hex")}${"01".repeat(21)}`;
