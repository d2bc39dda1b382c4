/**
 * @corelab/pallet-slashing: operator stake (bond, unbond with a slashable delay, withdraw),
 * coprocessor collateral locked per task, `Perbill` slashes applied at once (EigenLayer) or
 * deferred and cancellable (pallet-staking), the largest slash per span, compensation of the
 * harmed operator and deactivation below a minimum stake. The design is Corelab's
 * reconstruction of Rodikov 2025 (see README.md). Test helpers: `@corelab/pallet-slashing/testing`.
 */
export { Slashing, validateSlashingConfig } from "./pallet.ts";
export type { CollateralPort, OperatorSlashPort, ReservableCurrency, SlashingConfig } from "./interfaces.ts";
export {
  Balance,
  BlockNumber,
  CollateralRecord,
  LockKey,
  OperatorLedger,
  SpanIndex,
  SpanKey,
  SpanRecord,
  TaskId,
  UnappliedSlash,
  UnlockChunk,
} from "./types.ts";
export {
  applySlash,
  availableCollateral,
  collateralPort,
  doActivate,
  doBond,
  doBondExtra,
  doCancelDeferredSlash,
  doChill,
  doDepositCollateral,
  doLockCollateral,
  doReleaseCollateral,
  doSlashCollateral,
  doSlashOperator,
  doUnbond,
  doWithdrawCollateral,
  doWithdrawUnbonded,
  ensureAdmin,
  ensureFraction,
  isActiveOperator,
  operatorSlashPort,
  slashableStake,
  spanOf,
  type SlashingContext,
} from "./dispatchables.ts";
export { applyDeferredSlashes } from "./hooks.ts";
