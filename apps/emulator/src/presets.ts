/**
 * The runtime presets the `corelab` command knows by name: `@corelab/runtimes`' (a dependency of
 * this package), registered with `@corelab/testing`'s registry before a command reads a file or
 * lists presets.
 */
import { builtinPresets } from "@corelab/runtimes";
import { registerPreset } from "@corelab/testing";

/** Registers every built-in preset (idempotent). */
export function registerBuiltinPresets(): void {
  for (const p of builtinPresets) registerPreset(p);
}
