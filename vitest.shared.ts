import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources through the `@corelab/source` export
// condition. Vitest's node environment resolves through Vite's *ssr* options, and setting
// conditions replaces Vite's defaults, hence the spreads.
const SOURCE = "@corelab/source";

export default defineConfig({
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions] } },
  // processes the tests start (the corelab command) do not record into a run store unless a test asks
  test: { include: ["src/**/*.test.ts"], environment: "node", testTimeout: 60_000, passWithNoTests: true, env: { CORELAB_STORE: "off" } },
});
