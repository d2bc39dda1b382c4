/**
 * Builds the explorer's browser script (client/explorer.ts) into dist/client/explorer.js: one ES
 * module, no hash in its name (the server links it as /assets/explorer.js). `corelab serve` from
 * the workspace sources serves the same file through vite's dev middleware instead.
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  logLevel: "warn",
  build: {
    outDir: "dist/client",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    copyPublicDir: false,
    lib: { entry: "client/explorer.ts", formats: ["es"], fileName: () => "explorer.js" },
  },
});
