// In the repository, this folder's tests (the guide's code) run in `npm test` on the workspace sources;
// tools/packages.mjs does not copy this file into the consumer project, which runs them from the packages.
import { mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

export default mergeConfig(shared, { test: { include: ["*.test.ts"] } });
