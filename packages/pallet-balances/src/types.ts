import { t, type Infer } from "@corelab/frame";

/** `AccountData<Balance>` (`free`, `reserved`, `frozen`, `flags`), in planck. */
export const AccountData = t.struct("AccountData", {
  free: t.balance,
  reserved: t.balance,
  frozen: t.balance,
  flags: t.u128,
});
/** An account's balances, in planck. */
export type AccountData = Infer<typeof AccountData>;

/** `pallet_balances::Config`: the constants a runtime gives the pallet. */
export interface BalancesConfig {
  /** The minimum balance an account may hold (planck); below it the account is reaped. */
  readonly ExistentialDeposit: bigint;
}
