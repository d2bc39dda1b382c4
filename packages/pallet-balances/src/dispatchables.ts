/**
 * The logic of pallet-balances (`impl_fungible.rs`, `impl_currency.rs`, `lib.rs` of polkadot-sdk
 * `substrate/frame/balances`). Accounts below the existential deposit are reaped; what they held
 * is lost as dust (`DustLost`).
 */
import { DispatchErrors, InvalidGenesisError, U128_MAX, fail, type CallContext, type Context, type PalletContext, type Preservation, saturatingAdd, saturatingSub } from "@corelab/frame";
import { Balances } from "./pallet.ts";
import type { AccountData, BalancesConfig } from "./types.ts";

const EMPTY: AccountData = { free: 0n, reserved: 0n, frozen: 0n, flags: 0n };

/**
 * `a` with new `free` and `reserved` balances (built field by field: an object spread with
 * overridden fields is a slow path of V8's, and this runs for every transfer and fee).
 */
function data(a: AccountData, free: bigint, reserved: bigint): AccountData {
  return { free, reserved, frozen: a.frozen, flags: a.flags };
}

/** The account data of `who` (all zeros when it does not exist). */
export function account(ctx: Context, who: string): AccountData {
  return Balances.storage.Account.get(ctx, who) ?? EMPTY;
}

/** Free balance of `who`, in planck. */
export function freeBalance(ctx: Context, who: string): bigint {
  return account(ctx, who).free;
}

/**
 * Writes `who`'s account: creates it (`Endowed`) when new and at or above the existential
 * deposit, reaps it (`DustLost` for a non-zero remainder) when it falls below. Returns the dust.
 */
function writeAccount(ctx: Context, ed: bigint, who: string, next: AccountData): bigint {
  const existed = Balances.storage.Account.contains(ctx, who);
  const total = next.free + next.reserved;
  if (total < ed || total === 0n) {
    if (existed) Balances.storage.Account.remove(ctx, who);
    const dust = next.free + next.reserved;
    if (dust > 0n) {
      Balances.storage.TotalIssuance.mutate(ctx, (i) => saturatingSub(i, dust));
      Balances.deposit(ctx, "DustLost", { account: who, amount: dust });
    }
    return dust;
  }
  Balances.storage.Account.insert(ctx, who, next);
  if (!existed) Balances.deposit(ctx, "Endowed", { account: who, free_balance: next.free });
  return 0n;
}

/** Checks that `who` may lose `amount` of free balance under `preservation`. */
function ensureCanWithdraw(ctx: Context, ed: bigint, who: string, amount: bigint, preservation: Preservation): AccountData {
  const a = account(ctx, who);
  if (a.free < amount) fail(DispatchErrors.token("FundsUnavailable"));
  const remaining = a.free - amount;
  if (preservation !== "Expendable" && remaining + a.reserved < ed && a.free + a.reserved >= ed)
    fail(DispatchErrors.token("NotExpendable"));
  if (preservation === "Protect" && remaining < a.frozen) fail(DispatchErrors.token("Frozen"));
  return a;
}

/** `fungible::Mutate::transfer`: moves `amount` from `source` to `dest`. */
export function transfer(ctx: Context, ed: bigint, source: string, dest: string, amount: bigint, preservation: Preservation): void {
  if (amount === 0n || source === dest) {
    if (source !== dest && amount === 0n) Balances.deposit(ctx, "Transfer", { from: source, to: dest, amount });
    return;
  }
  const from = ensureCanWithdraw(ctx, ed, source, amount, preservation);
  const to = account(ctx, dest);
  if (to.free + to.reserved + amount < ed) fail(DispatchErrors.token("BelowMinimum"));
  writeAccount(ctx, ed, source, data(from, from.free - amount, from.reserved));
  writeAccount(ctx, ed, dest, data(to, saturatingAdd(to.free, amount), to.reserved));
  Balances.deposit(ctx, "Transfer", { from: source, to: dest, amount });
}

/** `Balanced::withdraw(who, amount, Exact, preservation, Polite)`: removes `amount` from `who` and from the issuance. */
export function withdraw(ctx: Context, ed: bigint, who: string, amount: bigint, preservation: Preservation): void {
  if (amount === 0n) return;
  const a = ensureCanWithdraw(ctx, ed, who, amount, preservation);
  Balances.storage.TotalIssuance.mutate(ctx, (i) => saturatingSub(i, amount));
  writeAccount(ctx, ed, who, data(a, a.free - amount, a.reserved));
  Balances.deposit(ctx, "Withdraw", { who, amount });
}

/**
 * `Balanced::resolve(who, credit)`: adds `amount` to `who` and to the issuance (event `Deposit`).
 * Returns the credit it could not deposit, without throwing or writing anything: all of `amount`
 * when the account would stay below the existential deposit (FRAME's `Err(credit)`), else `0n`.
 */
export function resolve(ctx: Context, ed: bigint, who: string, amount: bigint): bigint {
  if (amount === 0n) return 0n;
  const a = account(ctx, who);
  if (a.free + a.reserved + amount < ed) return amount;
  Balances.storage.TotalIssuance.mutate(ctx, (i) => saturatingAdd(i, amount));
  writeAccount(ctx, ed, who, data(a, saturatingAdd(a.free, amount), a.reserved));
  Balances.deposit(ctx, "Deposit", { who, amount });
  return 0n;
}

/** `Mutate::mint_into`. */
export function mintInto(ctx: Context, ed: bigint, who: string, amount: bigint): void {
  if (amount === 0n) return;
  const a = account(ctx, who);
  if (a.free + a.reserved + amount < ed) fail(DispatchErrors.token("BelowMinimum"));
  Balances.storage.TotalIssuance.mutate(ctx, (i) => saturatingAdd(i, amount));
  writeAccount(ctx, ed, who, data(a, saturatingAdd(a.free, amount), a.reserved));
  Balances.deposit(ctx, "Minted", { who, amount });
}

/** `Mutate::burn_from` with exact precision. */
export function burnFrom(ctx: Context, ed: bigint, who: string, amount: bigint, preservation: Preservation): void {
  if (amount === 0n) return;
  const a = ensureCanWithdraw(ctx, ed, who, amount, preservation);
  Balances.storage.TotalIssuance.mutate(ctx, (i) => saturatingSub(i, amount));
  writeAccount(ctx, ed, who, data(a, a.free - amount, a.reserved));
  Balances.deposit(ctx, "Burned", { who, amount });
}

/** `reserve(who, amount)`: moves free to reserved (`InsufficientBalance` when short). */
export function reserve(ctx: Context, ed: bigint, who: string, amount: bigint): void {
  const a = account(ctx, who);
  if (a.free < amount) fail(Balances.err("InsufficientBalance"));
  writeAccount(ctx, ed, who, data(a, a.free - amount, a.reserved + amount));
  Balances.deposit(ctx, "Reserved", { who, amount });
}

/** `unreserve(who, amount)`: moves up to `amount` back to free; returns what could not be unreserved. */
export function unreserve(ctx: Context, ed: bigint, who: string, amount: bigint): bigint {
  const a = account(ctx, who);
  const actual = amount < a.reserved ? amount : a.reserved;
  if (actual > 0n) {
    writeAccount(ctx, ed, who, data(a, a.free + actual, a.reserved - actual));
    Balances.deposit(ctx, "Unreserved", { who, amount: actual });
  }
  return amount - actual;
}

/** `slash_reserved(who, amount)`: burns up to `amount` of reserved balance; returns what was slashed. */
export function slashReserved(ctx: Context, ed: bigint, who: string, amount: bigint): bigint {
  const a = account(ctx, who);
  const actual = amount < a.reserved ? amount : a.reserved;
  if (actual > 0n) {
    Balances.storage.TotalIssuance.mutate(ctx, (i) => saturatingSub(i, actual));
    writeAccount(ctx, ed, who, data(a, a.free, a.reserved - actual));
    Balances.deposit(ctx, "Slashed", { who, amount: actual });
  }
  return actual;
}

// ------------------------------------------------------------------------------------------------
// dispatchables

type Ctx = CallContext<BalancesConfig>;

/** `transfer_allow_death` / `force_transfer` / `transfer_keep_alive`. */
export function doTransfer(ctx: Ctx, source: string, dest: string, value: bigint, preservation: Preservation): void {
  transfer(ctx, ctx.config.ExistentialDeposit, source, dest, value, preservation);
}

/** `transfer_all(dest, keep_alive)`: all of the free balance, or all but the existential deposit. */
export function doTransferAll(ctx: Ctx, source: string, dest: string, keepAlive: boolean): void {
  const ed = ctx.config.ExistentialDeposit;
  const a = account(ctx, source);
  const amount = keepAlive ? saturatingSub(a.free + a.reserved, ed) - a.reserved : a.free;
  transfer(ctx, ed, source, dest, amount > 0n ? amount : 0n, keepAlive ? "Preserve" : "Expendable");
}

/** `force_unreserve(who, amount)`. */
export function doForceUnreserve(ctx: Ctx, who: string, amount: bigint): void {
  unreserve(ctx, ctx.config.ExistentialDeposit, who, amount);
}

/** `force_set_balance(who, new_free)`: below the existential deposit the free balance becomes 0. */
export function doForceSetBalance(ctx: Ctx, who: string, newFree: bigint): void {
  const ed = ctx.config.ExistentialDeposit;
  const free = newFree < ed ? 0n : newFree;
  const a = account(ctx, who);
  if (free > a.free) Balances.storage.TotalIssuance.mutate(ctx, (i) => saturatingAdd(i, free - a.free));
  else Balances.storage.TotalIssuance.mutate(ctx, (i) => saturatingSub(i, a.free - free));
  const next = data(a, free, a.reserved);
  if (free + a.reserved === 0n) {
    if (Balances.storage.Account.contains(ctx, who)) Balances.storage.Account.remove(ctx, who);
  } else writeAccount(ctx, ed, who, next);
  Balances.deposit(ctx, "BalanceSet", { who, free });
}

/** `force_adjust_total_issuance(direction, delta)`. */
export function doForceAdjustTotalIssuance(ctx: Ctx, direction: "Increase" | "Decrease", delta: bigint): void {
  if (delta === 0n) fail(Balances.err("DeltaZero"));
  const old = Balances.storage.TotalIssuance.get(ctx);
  const next = direction === "Increase" ? saturatingAdd(old, delta) : saturatingSub(old, delta);
  if (next < Balances.storage.InactiveIssuance.get(ctx)) fail(Balances.err("IssuanceDeactivated"));
  Balances.storage.TotalIssuance.put(ctx, next);
  Balances.deposit(ctx, "TotalIssuanceForced", { old, new: next });
}

/** `burn(value, keep_alive)`. */
export function doBurn(ctx: Ctx, who: string, value: bigint, keepAlive: boolean): void {
  burnFrom(ctx, ctx.config.ExistentialDeposit, who, value, keepAlive ? "Preserve" : "Expendable");
}

/** Genesis: endows each account (`balances: [(who, amount)]`); amounts below the existential deposit are rejected. */
export function buildGenesis(ctx: PalletContext<BalancesConfig>, balances: ReadonlyArray<readonly [string, bigint]>): void {
  const ed = ctx.config.ExistentialDeposit;
  let issuance = Balances.storage.TotalIssuance.get(ctx);
  // accounts are written in one batch (one map version: a genesis of a million accounts stays fast);
  // an account listed twice gets both amounts, as inserting them one by one would give
  const accounts = new Map<string, AccountData>();
  for (const [who, amount] of balances) {
    if (amount < ed) throw new InvalidGenesisError("Balances", "balances", `${who} gets ${amount}, below the existential deposit ${ed}`);
    const a = accounts.get(who) ?? account(ctx, who);
    issuance += amount;
    // Rust sums the genesis balances in a u128 (an overflow panics): no account and no total
    // issuance may hold more than u128::MAX (every account's free balance is part of the total)
    if (issuance > U128_MAX)
      throw new InvalidGenesisError("Balances", "balances", `the total issuance passes u128::MAX (2^128-1) at ${who}: the genesis balances sum to more than a Balance holds`);
    if (amount + a.free + a.reserved > 0n) accounts.set(who, data(a, a.free + amount, a.reserved));
  }
  Balances.storage.Account.insertMany(ctx, accounts);
  Balances.storage.TotalIssuance.put(ctx, issuance);
}
