// The emulator's tests compile and replay files that name the built-in presets outside the commands
// (which register them themselves): register them before any test file runs.
import { registerBuiltinPresets } from "./presets.ts";

registerBuiltinPresets();
