/**
 * A child process for the concurrency and fault tests: records runs into a store.
 *
 *   node --conditions=@corelab/source --import tsx writer.ts '<json config>'
 *
 * config: { store, name, runs, flushes, rows, blocks, hang?: boolean, staleMs? }
 * - records `runs` finished runs; each run has `flushes` batches, each batch `rows` metric rows (seed
 *   = the batch's index + 1) and `blocks` blocks (file `<name>.yaml`), written with `flush()`;
 * - with `hang`, then starts one more run and keeps flushing batches forever, printing `flushed <n>`
 *   after each, until killed.
 * Prints `done` at the end (or `started` once the hanging run has its first batch).
 */
import { openStore, type MetricRow } from "../index.ts";

interface Config {
  readonly store: string;
  readonly name: string;
  readonly runs: number;
  readonly flushes: number;
  readonly rows: number;
  readonly blocks: number;
  readonly hang?: boolean;
  readonly staleMs?: number;
}

const config = JSON.parse(process.argv[2]!) as Config;
const store = await openStore(config.store, { lockStaleMs: config.staleMs });

function metricRows(n: number, base: number): MetricRow[] {
  return Array.from({ length: n }, (_, i) => ({ block: base + i, value: (base + i) * 0.5, label: i % 2 === 0 ? "even" : "odd" }));
}

async function batch(run: Awaited<ReturnType<typeof store.beginRun>>, f: number): Promise<void> {
  await run.addMetrics(0, f + 1, metricRows(config.rows, 0));
  await run.addBlocks(Array.from({ length: config.blocks }, (_, i) => ({ file: `${config.name}.yaml`, number: f * config.blocks + i, hash: `0x${(f * config.blocks + i).toString(16)}`, events: [{ i }] })));
  await run.flush();
}

for (let r = 0; r < config.runs; r++) {
  const run = await store.beginRun({ kind: "simulate", command: ["writer", config.name, String(r)], corelabVersion: "test", model: config.name, startedAt: "2026-01-01T00:00:00Z" });
  for (let f = 0; f < config.flushes; f++) await batch(run, f);
  await run.finish({ outcome: "pass", summary: { writer: config.name, run: r }, endedAt: "2026-01-01T00:00:01Z" });
}

if (config.hang) {
  const run = await store.beginRun({ kind: "simulate", command: ["writer", config.name, "hang"], corelabVersion: "test", model: config.name, startedAt: "2026-01-01T00:00:02Z" });
  for (let f = 0; ; f++) {
    await batch(run, f);
    process.stdout.write(`flushed ${f + 1}\n`);
  }
}
process.stdout.write("done\n");
