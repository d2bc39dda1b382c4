// Replays every scenario file of the repository's packages, one `it` per file:
// packages/*/scenarios/**/*.{yaml,yml,json}.
import { fileURLToPath } from "node:url";
import { scenarioSuite } from "./vitest.ts";

scenarioSuite("packages/*/scenarios/**/*.{yaml,yml,json}", {
  cwd: fileURLToPath(new URL("../../../", import.meta.url)),
  name: "repository scenarios (packages/*/scenarios)",
  allowEmpty: true,
});
