// Replays this project's scenario files in vitest, as a user's own suite does.
import { scenarioSuite } from "@corelab/testing/vitest";

scenarioSuite(new URL("./scenarios", import.meta.url));
