/**
 * The ports pallet-balances offers other pallets: `fungibleOf(config)` implements frame's
 * `Fungible` over this pallet's storage (the runtime's `type Currency = Balances`).
 */
import { type Context, type Fungible, type OnUnbalanced } from "@corelab/frame";
import { burnFrom, freeBalance, mintInto, resolve, transfer, withdraw } from "./dispatchables.ts";
import { Balances } from "./pallet.ts";
import type { BalancesConfig } from "./types.ts";

/** Balances as a `Fungible` currency port, for the runtime with this Balances config. */
export function fungibleOf(config: BalancesConfig): Fungible {
  const ed = config.ExistentialDeposit;
  return {
    minimumBalance: () => ed,
    balance: (ctx, who) => freeBalance(ctx, who),
    totalIssuance: (ctx) => Balances.storage.TotalIssuance.get(ctx),
    transfer: (ctx, from, to, amount, p) => transfer(ctx, ed, from, to, amount, p),
    withdraw: (ctx, who, amount, p) => withdraw(ctx, ed, who, amount, p),
    mintInto: (ctx, who, amount) => mintInto(ctx, ed, who, amount),
    burnFrom: (ctx, who, amount, p) => burnFrom(ctx, ed, who, amount, p),
    resolve: (ctx, who, amount) => resolve(ctx, ed, who, amount),
  };
}

/**
 * `OnUnbalanced` that deposits the funds into `account` (FRAME's `ResolveTo`,
 * `substrate/frame/support/src/traits/tokens/fungible/imbalance.rs`; the broker mock's `IntoZero`
 * is `resolveTo("0")`). As FRAME's, a credit that cannot be deposited (an empty account and an
 * amount below the existential deposit) is dropped: the funds, already taken from their payer,
 * are burnt, and the caller's dispatch goes on.
 */
export function resolveTo(config: BalancesConfig, account: string): OnUnbalanced {
  return (ctx: Context, amount: bigint) => {
    resolve(ctx, config.ExistentialDeposit, account, amount); // what it cannot take is dropped
  };
}
