// Replays every scenario file of the repository's packages, one `it` per file:
// packages/*/scenarios/**/*.{yaml,yml,json}; and the bundled network scenarios at the repository
// root (scenarios/network, part of `npm start`; scenarios/real runs in presets/coretime.test.ts).
import { fileURLToPath } from "node:url";
import { scenarioSuite } from "./vitest.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));

scenarioSuite("packages/*/scenarios/**/*.{yaml,yml,json}", {
  cwd: root,
  name: "repository scenarios (packages/*/scenarios)",
});

scenarioSuite("scenarios/network", {
  cwd: root,
  name: "bundled network scenarios (scenarios/network)",
});
