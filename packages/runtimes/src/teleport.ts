/**
 * The receiving side of a teleport of the native token from the relay chain to a system
 * parachain, as a Corelab pallet `Teleport` of the network presets' coretime chain.
 *
 * In Rust the relay's `notify_revenue` sends one XCM program to the coretime chain:
 * `ReceiveTeleportedAsset(revenue)`, `DepositAsset { beneficiary: BrokerPotLocation }`, then
 * `Transact(Broker::notify_revenue)` (polkadot-sdk `polkadot/runtime/parachains/src/coretime/mod.rs`,
 * `do_notify_revenue`). The coretime chain's XCM executor trusts the relay as a teleporter, checks
 * the asset in (no teleport tracking on the system parachains) and deposits it with the native
 * `FungibleAdapter`: `mint_into(beneficiary, amount)`, `Balances.Minted`. A network message is one
 * call, so the relay sends two messages in order: `Teleport.receive_teleported_asset` (the first two
 * instructions) and `Broker.notify_revenue` (the `Transact`).
 *
 * Difference: in Rust a deposit that fails (below the existential deposit of an empty pot) stops
 * the program, so the `Transact` is not executed and the assets are trapped; here the deposit
 * message fails on its own (`ExtrinsicFailed`) and the notification is still delivered.
 */
import { definePallet, ensureRoot, t, type Fungible } from "@corelab/frame";

/** Configuration of `Teleport`: the native currency deposits are minted in. */
export interface TeleportConfig {
  /** The chain's native currency (`fungibleOf(balancesConfig)`). */
  readonly Currency: Fungible;
}

/**
 * `Teleport`: `receive_teleported_asset { amount, beneficiary }`, origin Root (a message from the
 * relay, XCM `Superuser`; the relay is the only trusted teleporter of the native token). Mints
 * `amount` planck into `beneficiary` (`Balances.Minted`). Errors: `BadOrigin`, the currency's
 * `Token.BelowMinimum` when the beneficiary would stay below the existential deposit.
 */
export const Teleport = definePallet<TeleportConfig>()({
  name: "Teleport",
  source: "Corelab (stands for the XCM executor's ReceiveTeleportedAsset + DepositAsset with the native FungibleAdapter)",
  docs: "Native tokens teleported from the relay chain: minted into the beneficiary.",
  storage: {},
  events: {},
  errors: {},
  calls: {
    receive_teleported_asset: {
      index: 0,
      args: { amount: t.balance, beneficiary: t.accountId },
      docs: "Deposits `amount` teleported from the relay chain into `beneficiary` (mint_into). Root (the relay). Errors: BadOrigin, Token.BelowMinimum.",
      dispatch: (ctx, a) => {
        ensureRoot(ctx.origin);
        ctx.config.Currency.mintInto(ctx, a.beneficiary, a.amount);
      },
    },
  },
});
