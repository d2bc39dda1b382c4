// The vitest helper on this package's passing fixtures: one `it` per file.
import { scenarioSuite } from "./vitest.ts";

scenarioSuite(new URL("../fixtures/pass", import.meta.url), { name: "fixtures/pass through scenarioSuite" });
