/**
 * pallet-balances, as polkadot-sdk `substrate/frame/balances/src/lib.rs` declares it (accounts
 * kept in the pallet's own `Account` map, `AccountStore = Self`): free and reserved balance, the
 * existential deposit, transfers, `force_set_balance`, and the fungible port other pallets use.
 *
 * Left out (not needed by the coretime and restaking pallets): locks and freezes, holds,
 * vesting, account upgrades, `System.NewAccount`/`KilledAccount` reference counting.
 */
import { definePallet, t, ensureRoot, ensureSigned } from "@corelab/frame";
import { map, value } from "@corelab/frame";
import {
  doBurn,
  doForceAdjustTotalIssuance,
  doForceSetBalance,
  doForceUnreserve,
  doTransfer,
  doTransferAll,
  buildGenesis,
} from "./dispatchables.ts";
import { AccountData, type BalancesConfig } from "./types.ts";

/** pallet-balances (`Balances`). Errors keep the Rust declaration order. */
export const Balances = definePallet<BalancesConfig>()({
  name: "Balances",
  source: "polkadot-sdk substrate/frame/balances/src/lib.rs",
  docs: "Free and reserved balances with an existential deposit.",
  constants: { ExistentialDeposit: t.balance },
  storage: {
    TotalIssuance: value(t.balance, { default: () => 0n, docs: "The total units issued in the system." }),
    InactiveIssuance: value(t.balance, { default: () => 0n, docs: "The total units of outstanding deactivated balance." }),
    Account: map(t.accountId, AccountData, { hasher: "Blake2_128Concat", docs: "The balance of an account (absent = a reaped or never-created account)." }),
  },
  events: {
    Endowed: { account: t.accountId, free_balance: t.balance },
    DustLost: { account: t.accountId, amount: t.balance },
    Transfer: { from: t.accountId, to: t.accountId, amount: t.balance },
    BalanceSet: { who: t.accountId, free: t.balance },
    Reserved: { who: t.accountId, amount: t.balance },
    Unreserved: { who: t.accountId, amount: t.balance },
    Deposit: { who: t.accountId, amount: t.balance },
    Withdraw: { who: t.accountId, amount: t.balance },
    Slashed: { who: t.accountId, amount: t.balance },
    Minted: { who: t.accountId, amount: t.balance },
    Burned: { who: t.accountId, amount: t.balance },
    Issued: { amount: t.balance },
    Rescinded: { amount: t.balance },
    TotalIssuanceForced: { old: t.balance, new: t.balance },
  },
  errors: {
    VestingBalance: "Vesting balance too high to send value.",
    LiquidityRestrictions: "Account liquidity restrictions prevent withdrawal.",
    InsufficientBalance: "Balance too low to send value.",
    ExistentialDeposit: "Value too low to create account due to existential deposit.",
    Expendability: "Transfer/payment would kill account.",
    ExistingVestingSchedule: "A vesting schedule already exists for this account.",
    DeadAccount: "Beneficiary account must pre-exist.",
    TooManyReserves: "Number of named reserves exceed `MaxReserves`.",
    TooManyHolds: "Number of holds exceed `VariantCountOf<T::RuntimeHoldReason>`.",
    TooManyFreezes: "Number of freezes exceed `MaxFreezes`.",
    IssuanceDeactivated: "The issuance cannot be modified since it is already deactivated.",
    DeltaZero: "The delta cannot be zero.",
  },
  calls: {
    transfer_allow_death: {
      index: 0,
      args: { dest: t.accountId, value: t.balance },
      docs: "Transfer some liquid free balance to another account; the sender may be reaped.",
      dispatch: (ctx, a) => doTransfer(ctx, ensureSigned(ctx.origin), a.dest, a.value, "Expendable"),
    },
    force_transfer: {
      index: 2,
      args: { source: t.accountId, dest: t.accountId, value: t.balance },
      docs: "Exactly as `transfer_allow_death`, except the origin must be root and the source account may be specified.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        doTransfer(ctx, a.source, a.dest, a.value, "Expendable");
      },
    },
    transfer_keep_alive: {
      index: 3,
      args: { dest: t.accountId, value: t.balance },
      docs: "Same as `transfer_allow_death`, but fails (`Token.NotExpendable`) rather than reap the sender.",
      dispatch: (ctx, a) => doTransfer(ctx, ensureSigned(ctx.origin), a.dest, a.value, "Preserve"),
    },
    transfer_all: {
      index: 4,
      args: { dest: t.accountId, keep_alive: t.bool },
      docs: "Transfer the entire transferable balance from the caller account.",
      dispatch: (ctx, a) => doTransferAll(ctx, ensureSigned(ctx.origin), a.dest, a.keep_alive),
    },
    force_unreserve: {
      index: 5,
      args: { who: t.accountId, amount: t.balance },
      docs: "Unreserve some balance from a user by force. Root origin.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        doForceUnreserve(ctx, a.who, a.amount);
      },
    },
    force_set_balance: {
      index: 8,
      args: { who: t.accountId, new_free: t.balance },
      docs: "Set the regular balance of a given account. Root origin.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        doForceSetBalance(ctx, a.who, a.new_free);
      },
    },
    force_adjust_total_issuance: {
      index: 9,
      args: { direction: t.enumOf("AdjustmentDirection", { Increase: null, Decrease: null }), delta: t.balance },
      docs: "Adjust the total issuance in a saturating way. Root origin.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        doForceAdjustTotalIssuance(ctx, a.direction.type, a.delta);
      },
    },
    burn: {
      index: 10,
      args: { value: t.balance, keep_alive: t.bool },
      docs: "Burn the specified liquid free balance from the origin account.",
      dispatch: (ctx, a) => doBurn(ctx, ensureSigned(ctx.origin), a.value, a.keep_alive),
    },
  },
  genesis: {
    fields: { balances: t.mapOf(t.accountId, t.balance) },
    build: (ctx, cfg) => buildGenesis(ctx, cfg.balances ?? []),
  },
});
