/**
 * @corelab/frame: the shared deterministic state machine of Corelab.
 *
 * Pallets are typed data (`definePallet`), runtimes compose them in order (`createRuntime`), and
 * blocks follow FRAME's Executive. See the package README for the shape of the whole.
 */
export * from "./errors.ts";
export * from "./codec.ts";
export * from "./scale.ts";
export * from "./arithmetic.ts";
export * from "./dispatch.ts";
export * from "./context.ts";
export * from "./storage.ts";
export * from "./storage-key.ts";
export * from "./raw-state.ts";
export { MapState, type MapEntry } from "./map-state.ts";
export * from "./externalities.ts";
export { OverlayedChanges, DELETED, type OverlayPrefix, type Slot } from "./overlay.ts";
export * from "./pallet.ts";
export * from "./state-root.ts";
export * from "./accounts.ts";
export * from "./system.ts";
export * from "./traits.ts";
export * from "./runtime.ts";
export * from "./metadata.ts";
export * from "./metadata-diff.ts";
export * from "./network.ts";
export * from "./client.ts";
export * from "./preset.ts";
export * from "./preset-options.ts";
