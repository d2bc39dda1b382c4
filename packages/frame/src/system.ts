/**
 * The System pallet (frame_system, `substrate/frame/system/src/lib.rs`), reduced to what an
 * emulator needs: the extrinsic outcome events and the remark calls. The block number and parent
 * hash live in the block header (`BlockRecord`), not in storage, and events live in the block
 * record; neither is part of the state root.
 */
import { t, type Codec } from "./codec.ts";
import { DispatchErrors, ensureSigned, formatDispatchError, type DispatchError } from "./dispatch.ts";
import { InvalidValueError } from "./errors.ts";
import { bytesToHex, hexToBytes, noScale } from "./scale.ts";
import { definePallet } from "./pallet.ts";
import { blake2_256 } from "./hashing.ts";

/**
 * sp-runtime's `DispatchError` as it is encoded (`substrate/primitives/runtime/src/lib.rs`): the
 * variants in their order, `Other` without its message (`#[codec(skip)]`), `Module` as
 * `ModuleError { index: u8, error: [u8; 4] }` (the pallet's index in the runtime, then the error's
 * index and three bytes for its nested data, zero for pallets' plain errors), `Token`,
 * `Arithmetic` and `Transactional` with their enums. The metadata's `DispatchError` type and, with
 * a runtime's pallet indices, the SCALE codec of `DispatchErrorCodec` values (`runtime.metadata()`).
 */
export const DispatchErrorLayout = t.enumOf("sp_runtime::DispatchError", {
  Other: null,
  CannotLookup: null,
  BadOrigin: null,
  Module: t.struct("sp_runtime::ModuleError", { index: t.u8, error: t.bytes(4) }),
  ConsumerRemaining: null,
  NoProviders: null,
  TooManyConsumers: null,
  Token: t.enumOf("sp_runtime::TokenError", {
    FundsUnavailable: null, OnlyProvider: null, BelowMinimum: null, CannotCreate: null, UnknownAsset: null,
    Frozen: null, Unsupported: null, CannotCreateHold: null, NotExpendable: null, Blocked: null,
  }),
  Arithmetic: t.enumOf("sp_arithmetic::ArithmeticError", { Underflow: null, Overflow: null, DivisionByZero: null }),
  Transactional: t.enumOf("sp_runtime::TransactionalError", { LimitReached: null, NoLayer: null }),
  Exhausted: null,
  Corruption: null,
  Unavailable: null,
  RootNotAllowed: null,
});

/** `DispatchError` as an event field. Scenario files write it as `Broker.Overpriced`, `BadOrigin`, `Token.FundsUnavailable`. */
export const DispatchErrorCodec: Codec<DispatchError> = {
  name: "DispatchError",
  parse(input, ctx) {
    if (typeof input === "string") {
      const [a, b] = input.split(".");
      if (!b) return { type: a } as DispatchError;
      if (a === "Token") return DispatchErrors.token(b as never);
      if (a === "Arithmetic") return DispatchErrors.arithmetic(b as never);
      if (a === "Transactional") return { type: "Transactional", value: { type: b as never } };
      return DispatchErrors.module(a!, b);
    }
    if (typeof input === "object" && input !== null && "type" in input) return input as DispatchError;
    throw new InvalidValueError(ctx.path, "a dispatch error like Broker.Overpriced or BadOrigin", input);
  },
  toJson: (v) => v as never,
  key: (v) => formatDispatchError(v),
  // a Module error's bytes are its pallet's index in the runtime and the error's index: they need
  // the runtime's metadata (issue 11, part 3), not this codec alone. Events are not in storage.
  scale: noScale("DispatchError", "a Module error is encoded with its pallet's index in the runtime; encode it with the runtime's metadata"),
  // the layout is sp-runtime's (the bytes need the runtime: `runtime.metadata().dispatchErrorScale`)
  get shape() {
    return DispatchErrorLayout.shape;
  },
};

/** `DispatchInfo`, without weights (Corelab does not model weight). */
export const DispatchInfo = t.struct("DispatchInfo", {
  class: t.enumOf("DispatchClass", { Normal: null, Operational: null, Mandatory: null }),
  pays_fee: t.enumOf("Pays", { Yes: null, No: null }),
});

/**
 * `frame_system::AccountInfo<Nonce, AccountData>` (`substrate/frame/system/src/lib.rs`), the value
 * of `System.Account`: `{ nonce, consumers, providers, sufficients, data }`, the nonce and the
 * three reference counts as u32 (`Nonce = u32` on the Polkadot runtimes, `RefCount = u32`), then
 * the account data of the runtime's `AccountData` (pallet-balances' `AccountData` on the coretime
 * chains). Corelab keeps balances in `Balances.Account` (`AccountStore = Self`) and has no
 * `System.Account`; this codec reads and writes the real chain's entries.
 */
export function accountInfo<D>(data: Codec<D>, name = "AccountInfo"): Codec<{ nonce: number; consumers: number; providers: number; sufficients: number; data: D }> {
  return t.struct(name, { nonce: t.u32, consumers: t.u32, providers: t.u32, sufficients: t.u32, data });
}

/** System has no configuration in Corelab. */
export type SystemConfig = Record<string, never>;

/** frame_system. Always the first pallet of a runtime. */
export const System = definePallet<SystemConfig>()({
  name: "System",
  source: "polkadot-sdk substrate/frame/system/src/lib.rs",
  docs: "Outcome events of extrinsics and remarks. Block number and parent hash are in the block header.",
  storage: {},
  events: {
    ExtrinsicSuccess: { dispatch_info: DispatchInfo },
    ExtrinsicFailed: { dispatch_error: DispatchErrorCodec, dispatch_info: DispatchInfo },
    Remarked: { sender: t.accountId, hash: t.bytes(32) },
  },
  errors: {
    InvalidSpecName: "The name of specification does not match between the current runtime and the new runtime.",
    SpecVersionNeedsToIncrease: "The specification version is not allowed to decrease.",
    FailedToExtractRuntimeVersion: "Failed to extract the runtime version from the new runtime.",
    NonDefaultComposite: "Suicide called when the account has non-default composite data.",
    NonZeroRefCount: "There is a non-zero reference count preventing the account from being purged.",
    CallFiltered: "The origin filter prevent the call to be dispatched.",
  },
  calls: {
    remark: {
      index: 0,
      args: { remark: t.bytes() },
      docs: "Make some on-chain remark. Any origin.",
      dispatch: () => {},
    },
    remark_with_event: {
      index: 7,
      args: { remark: t.bytes() },
      docs: "Make some on-chain remark and emit an event. Signed origin.",
      dispatch(ctx, { remark }): void {
        const sender = ensureSigned(ctx.origin);
        System.deposit(ctx, "Remarked", { sender, hash: bytesToHex(blake2_256(hexToBytes(remark, "remark"))) });
      },
    },
  },
});
