import { defineConfig } from "vitest/config";

// One vitest run over every project (each keeps its own vitest.config.ts): `npm test` uses this.
export default defineConfig({
  test: { projects: ["packages/*", "apps/*", "tools/consumer"] },
});
