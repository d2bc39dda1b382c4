// Runs the Corelab side in a process of its own (lib/corelab.mjs) and prints its result as JSON on
// stdout: the workspace's own copies of @polkadot/* stay out of the harness's process.
//   node corelab-child.mjs <preset> <scenario file>…   → { capabilities, results: [{ passed, mismatches, blocks, prefixes, state?, seconds }, …] }
import { corelabCapabilities, runCorelab } from "./corelab.mjs";
const [preset, ...files] = process.argv.slice(2);
const out = [];
for (const file of files) {
  const t0 = performance.now();
  const r = await runCorelab(file, preset);
  out.push({ passed: r.passed, mismatches: r.mismatches.map((m) => ({ block: m.block, path: m.path, expected: m.expected, actual: m.actual })), blocks: [...r.blocks], prefixes: r.prefixes, ...(r.state ? { state: r.state } : {}), seconds: (performance.now() - t0) / 1000 });
}
process.stdout.write(JSON.stringify({ capabilities: await corelabCapabilities(), results: out }));
