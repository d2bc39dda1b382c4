import { accountInfo, t, type Infer } from "@corelab/frame";

/**
 * `AccountData<Balance>` (`free`, `reserved`, `frozen`, `flags`), in planck. SCALE: four u128 in
 * that order (polkadot-sdk `substrate/frame/balances/src/types.rs`; `flags` is `ExtraFlags(u128)`,
 * whose top bit marks an account on the new reserve/hold logic).
 */
export const AccountData = t.struct("AccountData", {
  free: t.balance,
  reserved: t.balance,
  frozen: t.balance,
  flags: t.u128,
});
/** An account's balances, in planck. */
export type AccountData = Infer<typeof AccountData>;

/**
 * `frame_system::AccountInfo<u32, AccountData<u128>>`: the value of `System.Account` on a chain
 * whose balances live in System (`AccountStore = System`, as on the coretime chains). Corelab keeps
 * `Balances.Account` instead (`AccountStore = Self`); this codec reads and writes the real entries.
 */
export const AccountInfo = accountInfo(AccountData);
/** An account's info as `System.Account` stores it. */
export type AccountInfo = Infer<typeof AccountInfo>;

/** `pallet_balances::Config`: the constants a runtime gives the pallet. */
export interface BalancesConfig {
  /** The minimum balance an account may hold (planck); below it the account is reaped. */
  readonly ExistentialDeposit: bigint;
}
