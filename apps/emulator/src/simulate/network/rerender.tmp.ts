import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeChart } from "../charts.ts";
import { networkCharts } from "./charts.ts";
const dir = process.argv[2]!;
const runs = [];
for (const point of readdirSync(join(dir, "runs"))) for (const f of readdirSync(join(dir, "runs", point))) {
  const rows = readFileSync(join(dir, "runs", point, f), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  runs.push({ label: point, result: { seed: 0, params: {}, rows, summary: {} } });
}
for (const [name, spec] of Object.entries(networkCharts(runs))) await writeChart(process.argv[3]!, name, spec);
