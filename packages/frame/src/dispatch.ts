/**
 * Origins and dispatch errors, as sp-runtime and frame-system define them, in papi's shapes.
 *
 * Inside pallet logic a failing check *throws* a `DispatchFailure` carrying the `DispatchError`
 * (the TypeScript stand-in for Rust's `?`); the runtime catches it at the extrinsic boundary,
 * discards the extrinsic's changes and returns the error as a value. Nothing else is caught: any
 * other exception is an emulator bug and propagates.
 */

/**
 * The origin of a call (`frame_system::RawOrigin`): `Root`, `None` or `{ Signed: who }`; and
 * `{ Parachain: id }`, a message from parachain `id` received by the relay chain with
 * `OriginKind::Native` (polkadot-sdk `runtime/parachains/src/origin.rs`, `Origin::Parachain`;
 * see `createNetwork`). `ensureSigned`/`ensureRoot`/`ensureNone` reject it with `BadOrigin`.
 */
export type Origin = { type: "Root" } | { type: "None" } | { type: "Signed"; value: string } | { type: "Parachain"; value: number };

/** Origin constructors. */
export const Origin = {
  root: { type: "Root" } as Origin,
  none: { type: "None" } as Origin,
  signed: (who: string): Origin => ({ type: "Signed", value: who }),
  /** A message from parachain `paraId` (`parachains_origin::Origin::Parachain`). */
  parachain: (paraId: number): Origin => ({ type: "Parachain", value: paraId }),
} as const;

/** sp-runtime's `TokenError`. */
export type TokenError =
  | "FundsUnavailable"
  | "OnlyProvider"
  | "BelowMinimum"
  | "CannotCreate"
  | "UnknownAsset"
  | "Frozen"
  | "Unsupported"
  | "CannotCreateHold"
  | "NotExpendable"
  | "Blocked";

/** sp-runtime's `ArithmeticError`. */
export type ArithmeticError = "Underflow" | "Overflow" | "DivisionByZero";

/**
 * sp-runtime's `DispatchError` in papi's shape. A module error names its pallet and error:
 * `{ type: 'Module', value: { type: 'Broker', value: { type: 'Overpriced' } } }`.
 */
export type DispatchError =
  | { type: "Other"; value: string }
  | { type: "CannotLookup" }
  | { type: "BadOrigin" }
  | { type: "Module"; value: { type: string; value: { type: string } } }
  | { type: "ConsumerRemaining" }
  | { type: "NoProviders" }
  | { type: "TooManyConsumers" }
  | { type: "Token"; value: { type: TokenError } }
  | { type: "Arithmetic"; value: { type: ArithmeticError } }
  | { type: "Transactional"; value: { type: "LimitReached" | "NoLayer" } }
  | { type: "Exhausted" }
  | { type: "Corruption" }
  | { type: "Unavailable" }
  | { type: "RootNotAllowed" };

/** Constructors for the non-module dispatch errors. */
export const DispatchErrors = {
  BadOrigin: { type: "BadOrigin" } as DispatchError,
  CannotLookup: { type: "CannotLookup" } as DispatchError,
  NoProviders: { type: "NoProviders" } as DispatchError,
  ConsumerRemaining: { type: "ConsumerRemaining" } as DispatchError,
  RootNotAllowed: { type: "RootNotAllowed" } as DispatchError,
  Exhausted: { type: "Exhausted" } as DispatchError,
  Corruption: { type: "Corruption" } as DispatchError,
  Unavailable: { type: "Unavailable" } as DispatchError,
  other: (message: string): DispatchError => ({ type: "Other", value: message }),
  token: (e: TokenError): DispatchError => ({ type: "Token", value: { type: e } }),
  arithmetic: (e: ArithmeticError): DispatchError => ({ type: "Arithmetic", value: { type: e } }),
  module: (pallet: string, error: string): DispatchError => ({ type: "Module", value: { type: pallet, value: { type: error } } }),
} as const;

/**
 * The short name of a dispatch error as scenario files write it: `Broker.Overpriced`,
 * `BadOrigin`, `Token.FundsUnavailable`, `Arithmetic.Underflow`, `Other`.
 */
export function formatDispatchError(e: DispatchError): string {
  switch (e.type) {
    case "Module":
      return `${e.value.type}.${e.value.value.type}`;
    case "Token":
    case "Arithmetic":
    case "Transactional":
      return `${e.type}.${e.value.type}`;
    default:
      return e.type;
  }
}

/** Thrown by pallet logic to fail the current dispatch with `error` (Rust's `Err(e)?`). */
export class DispatchFailure {
  constructor(readonly error: DispatchError) {}
}

/** Fails the current dispatch with `error`. */
export function fail(error: DispatchError): never {
  throw new DispatchFailure(error);
}

/** `ensure!(cond, error)`. */
export function ensure(cond: boolean, error: DispatchError): asserts cond {
  if (!cond) throw new DispatchFailure(error);
}

/** Unwraps an optional value or fails with `error` (Rust's `.ok_or(error)?`). */
export function required<T>(value: T | undefined, error: DispatchError): T {
  if (value === undefined) throw new DispatchFailure(error);
  return value;
}

/** `ensure_signed(origin)`: the signer, or `BadOrigin`. */
export function ensureSigned(origin: Origin): string {
  if (origin.type !== "Signed") throw new DispatchFailure(DispatchErrors.BadOrigin);
  return origin.value;
}

/** `ensure_root(origin)`, or `BadOrigin`. */
export function ensureRoot(origin: Origin): void {
  if (origin.type !== "Root") throw new DispatchFailure(DispatchErrors.BadOrigin);
}

/** `ensure_none(origin)`, or `BadOrigin`. */
export function ensureNone(origin: Origin): void {
  if (origin.type !== "None") throw new DispatchFailure(DispatchErrors.BadOrigin);
}

/**
 * `ensure_parachain(origin)` (polkadot-sdk `runtime/parachains/src/origin.rs`): the para id of a
 * `{ Parachain: id }` origin, or `BadOrigin`.
 */
export function ensureParachain(origin: Origin): number {
  if (origin.type !== "Parachain") throw new DispatchFailure(DispatchErrors.BadOrigin);
  return origin.value;
}

/**
 * An `EnsureOrigin` port: checks an origin and fails with `BadOrigin` when it is not allowed.
 * Returns the signer for signed origins (`undefined` for Root).
 */
export type EnsureOrigin = (origin: Origin) => string | undefined;

/** `EnsureRoot`. */
export const ensureRootOrigin: EnsureOrigin = (o) => {
  ensureRoot(o);
  return undefined;
};

/** `EitherOfDiverse<EnsureRoot, EnsureSignedBy<…>>`: Root, or one of the listed signed accounts. */
export function ensureRootOrSignedBy(accounts: readonly string[]): EnsureOrigin {
  return (o) => {
    if (o.type === "Root") return undefined;
    if (o.type === "Signed" && accounts.includes(o.value)) return o.value;
    throw new DispatchFailure(DispatchErrors.BadOrigin);
  };
}

/**
 * Root, or a message from parachain `paraId` (the relay's `pallet_coretime::ensure_root_or_para`,
 * which admits the broker chain's messages). Returns `undefined`; anything else is `BadOrigin`.
 */
export function ensureRootOrParachain(paraId: number): EnsureOrigin {
  return (o) => {
    if (o.type === "Root" || (o.type === "Parachain" && o.value === paraId)) return undefined;
    throw new DispatchFailure(DispatchErrors.BadOrigin);
  };
}

/** Result of applying an extrinsic: `Ok` or the dispatch error. */
export type DispatchOutcome = { ok: true } | { ok: false; error: DispatchError };
