// This package's own tests replay scenario files that name the built-in presets: register them
// (`@corelab/runtimes`, a devDependency here) before any test runs.
import { loadBuiltinPresets } from "./presets/registry.ts";

if (!(await loadBuiltinPresets())) throw new Error("@corelab/testing's tests need @corelab/runtimes (a devDependency): run pnpm install");
