/**
 * Test helpers of pallet-transaction-payment: a runtime of System, Balances and TransactionPayment
 * with the fee extension installed (`feeRuntime`).
 */
import { createRuntime, type Runtime } from "@corelab/frame";
import { Balances, fungibleOf } from "@corelab/pallet-balances";
import { chargeTransactionPayment, type TransactionPaymentConfig } from "./interfaces.ts";
import { TransactionPayment } from "./pallet.ts";
import { BASE_ACCOUNT } from "./types.ts";

/** Fee parameters of `feeRuntime` unless overridden: base 1000, 10 per byte, 1 per weight unit, weight 500, pot `BASE_ACCOUNT`. */
export const TEST_FEES = { BaseFee: 1000n, ByteFee: 10n, WeightFee: 1n, DefaultWeight: 500n, FeePot: BASE_ACCOUNT } as const;

/**
 * A runtime `fee-test`: System, Balances (existential deposit `existentialDeposit`, default 1),
 * TransactionPayment with `TEST_FEES` and `fees` overrides, and the fee extension; `endow` funds accounts.
 */
export function feeRuntime(opts: { existentialDeposit?: bigint; endow?: ReadonlyArray<readonly [string, bigint]>; fees?: Partial<TransactionPaymentConfig> } = {}): Runtime {
  const bal = { ExistentialDeposit: opts.existentialDeposit ?? 1n };
  const config: TransactionPaymentConfig = { Currency: fungibleOf(bal), ...TEST_FEES, ...opts.fees };
  return createRuntime({
    name: "fee-test",
    pallets: [Balances.instance(bal), TransactionPayment.instance(config)],
    transactionExtension: chargeTransactionPayment(config),
    genesis: { Balances: { balances: opts.endow ?? [] } },
    retainBlocks: true,
  });
}
