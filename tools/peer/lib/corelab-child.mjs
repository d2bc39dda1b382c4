// Runs the Corelab side in a process of its own (lib/corelab.mjs) and prints its result as JSON on
// stdout: the workspace's own copies of @polkadot/* stay out of the harness's process.
import { runCorelab } from "./corelab.mjs";
const [file, preset] = process.argv.slice(2);
const r = await runCorelab(file, preset);
process.stdout.write(JSON.stringify({ passed: r.passed, mismatches: r.mismatches.map((m) => ({ block: m.block, path: m.path, expected: m.expected, actual: m.actual })), blocks: [...r.blocks] }));
