/**
 * @corelab/pallet-transaction-payment: transaction fees as polkadot-sdk
 * `substrate/frame/transaction-payment` computes them (base fee + length fee + multiplier × weight
 * fee + tip), charged before dispatch from the signer by a transaction extension and deposited
 * into a pot account (Magnet's `BASE_ACCOUNT`), with `TransactionFeePaid` events. A signer that
 * cannot pay makes the transaction invalid (`InvalidTransaction::Payment`).
 */
export { TransactionPayment } from "./pallet.ts";
export { BASE_ACCOUNT, FeeDetails, MULTIPLIER_ONE, Multiplier } from "./types.ts";
export { InvalidTransactionPayment, chargeTransactionPayment, type TransactionPaymentConfig } from "./interfaces.ts";
export { computeFee, doChargeFee, doFeePaid, encodedLengthOf, weightOf } from "./dispatchables.ts";
