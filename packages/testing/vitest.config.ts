import { mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// the built-in presets (@corelab/runtimes) registered before every test file
export default mergeConfig(shared, { test: { setupFiles: ["./src/test-setup.ts"] } });
