/** A small run store for the explorer's tests: a failed replay with blocks and a 2-seed simulation with a sweep. */
import { openStore, type RunStore } from "@corelab/store";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Fixture {
  readonly dir: string;
  readonly path: string;
  readonly store: RunStore;
  readonly replayId: string;
  readonly simId: string;
  readonly networkId: string;
}

const event = (pallet: string, name: string, value: unknown) => ({ phase: { type: "ApplyExtrinsic", value: 0 }, event: { type: pallet, value: { type: name, value } } });

export async function buildStore(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), "corelab-explorer-"));
  const path = join(dir, "runs.duckdb");
  const store = await openStore(path);

  const replay = await store.beginRun({ kind: "replay", command: ["replay", "scenarios/sale.json"], corelabVersion: "0.1.0", runtime: "broker-mock", params: { engine: "interpreter", bail: false }, startedAt: "2026-04-21T10:00:00.000Z" });
  await replay.addBlocks([
    { file: "sale.json", number: 1, hash: "0x01", stateRoot: null, extrinsics: [], events: [], changes: [] },
    {
      file: "sale.json",
      number: 2,
      hash: "0x02",
      stateRoot: "0xaa",
      extrinsics: [{ index: 0, origin: { type: "Signed", value: "alice" }, call: { pallet: "Broker", name: "purchase", args: { price_limit: "1000" } }, result: { ok: true } }],
      events: [event("Balances", "Withdraw", { who: "alice", amount: "900" }), event("Broker", "Purchased", { who: "alice", region_id: { begin: 4, core: 0 }, price: "900" })],
      changes: [{ item: "Broker.SaleInfo", old: { cores_sold: 0 }, new: { cores_sold: 1 } }, { item: "System.Account", key: "alice", old: { free: "10000" }, new: { free: "9100" } }],
    },
    { file: "sale.json", number: 5, hash: "0x05", extrinsics: [], events: [event("Broker", "SaleInitialized", { price: "1000" })], changes: [] },
  ]);
  await replay.addExpectations([
    { file: "sale.json", step: 1, block: 2, path: "blocks[1].expect.events[0]", passed: true, expected: "Broker.Purchased { price: 900 }" },
    { file: "sale.json", step: 1, block: 2, path: "blocks[1].expect.storage[0].value.cores_sold", passed: false, expected: "2", actual: "1", line: 14, column: 9 },
  ]);
  await replay.finish({ outcome: "fail", summary: { files: 1, passed: 0, failed: 1 }, endedAt: "2026-04-21T10:00:01.500Z" });

  const sim = await store.beginRun({
    kind: "simulate",
    command: ["simulate", "network", "--seeds", "1,2"],
    corelabVersion: "0.1.0",
    model: "network",
    params: { blocks: 20 },
    seeds: [1, 2],
    sweepPoints: [{ label: "price=100" }, { label: "price=200" }],
    startedAt: "2026-04-21T11:00:00.000Z",
  });
  for (const point of [0, 1])
    for (const seed of [1, 2])
      await sim.addMetrics(point, seed, Array.from({ length: 20 }, (_, b) => ({ block: b, sold: b * (point + 1) + seed, revenue: (b * 100 + seed * 7) / 3, phase: b < 10 ? "early" : "late", ratio: b % 4 === 0 ? null : b / 20 })));
  await sim.finish({ outcome: "pass", summary: { runs: 4, failed: 0 }, endedAt: "2026-04-21T11:00:03.000Z" });

  // a network replay: relay blocks 1–12, two cores (core 0 a task from block 4, core 1 the pool with an on-demand order)
  const net = await store.beginRun({ kind: "replay", command: ["replay", "net.yaml"], corelabVersion: "0.1.0", runtime: "kusama-network", startedAt: "2026-04-21T09:00:00.000Z" });
  await net.addBlocks([
    { file: "net.yaml", chain: "relay", number: 2, hash: "0x12", extrinsics: [], events: [event("Coretime", "CoreAssigned", { core: 0 })], changes: [] },
    { file: "net.yaml", chain: "relay", number: 7, hash: "0x17", extrinsics: [], events: [event("OnDemand", "OnDemandOrderPlaced", { para_id: 2001, spot_price: "100" })], changes: [] },
    { file: "net.yaml", chain: "para-2000", number: 1, hash: "0x21", extrinsics: [], events: [], changes: [{ item: "Timestamp.Now", old: 0, new: 6000 }] },
  ]);
  await net.addCoreRuns([
    { file: "net.yaml", core: 0, from: 1, to: 3, what: "idle" },
    { file: "net.yaml", core: 0, from: 4, to: 12, what: "task 2000" },
    { file: "net.yaml", core: 1, from: 1, to: 6, what: "pool" },
    { file: "net.yaml", core: 1, from: 7, to: 9, what: "on-demand 2001" },
    { file: "net.yaml", core: 1, from: 10, to: 12, what: "pool" },
  ]);
  await net.addExpectations([{ file: "net.yaml", step: 0, block: 7, path: "blocks[0].calls[0].expect", passed: true, expected: "OnDemand.place_order_allow_death → ok" }]);
  await net.finish({ outcome: "pass", summary: { files: 1, passed: 1, failed: 0 }, endedAt: "2026-04-21T09:00:02.000Z" });

  return { dir, path, store, replayId: replay.id, simId: sim.id, networkId: net.id };
}
