/**
 * Ports shared by pallets (the `Config` associated types of FRAME that name other pallets'
 * behaviour). A pallet depends on these interfaces, never on another pallet's internals; the
 * runtime wires an implementation in (e.g. `@corelab/pallet-balances`' `fungibleOf`).
 */
import type { Context } from "./context.ts";

/** `Preservation` of `frame_support::traits::tokens`: may the source account be reaped? */
export type Preservation = "Expendable" | "Protect" | "Preserve";

/**
 * A fungible currency (`fungible::Inspect + Mutate + Balanced`). Amounts are planck. Methods that
 * can fail throw a `DispatchFailure` with a `Token`/`Arithmetic` error, and change nothing then.
 */
export interface Fungible {
  /** The existential deposit (`minimum_balance`). */
  minimumBalance(): bigint;
  /** Free balance of `who` (`balance`). */
  balance(ctx: Context, who: string): bigint;
  /** Total issuance. */
  totalIssuance(ctx: Context): bigint;
  /** `Mutate::transfer(from, to, amount, preservation)`: fails with `Token.FundsUnavailable`, `Token.BelowMinimum`, `Token.NotExpendable`. */
  transfer(ctx: Context, from: string, to: string, amount: bigint, preservation: Preservation): void;
  /** `Balanced::withdraw(who, amount, Exact, preservation, Polite)`: removes funds (the caller decides where the imbalance goes). */
  withdraw(ctx: Context, who: string, amount: bigint, preservation: Preservation): void;
  /** `Mutate::mint_into(who, amount)`: creates funds (`Token.BelowMinimum` when the new account would be below the existential deposit). */
  mintInto(ctx: Context, who: string, amount: bigint): void;
  /** `Mutate::burn_from(who, amount, …)` with `Exact` precision. */
  burnFrom(ctx: Context, who: string, amount: bigint, preservation: Preservation): void;
  /**
   * `Balanced::resolve(who, credit)`: deposits `amount` into `who`, creating the account if it
   * reaches the existential deposit. Never throws: returns the part of the credit it could not
   * deposit (`0n`, or all of `amount` when `who` is empty and `amount` is below the existential
   * deposit: FRAME's `Err(credit)`), which the caller drops (burnt) or routes elsewhere.
   */
  resolve(ctx: Context, who: string, amount: bigint): bigint;
}

/** `OnUnbalanced<Credit>`: where withdrawn funds go (a sink account, a burn, a treasury). */
export type OnUnbalanced = (ctx: Context, amount: bigint) => void;
