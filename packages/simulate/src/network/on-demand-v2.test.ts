// On-demand v2 (polkadot-sdk#10184) in the network model: `constants: { relay.OnDemand: { Version: 2 } }`.
// Derivation from #10184: an order placed in relay block n on an idle pool core is in the claim queue
// at once; the scheduler's `advance_assignments` gives the core to its para at n + 1 (the next
// block's assignment duplicated into an empty core, the order still queued) and again at n + 2
// (the order is ready at ordered_at + 2 and popped). v1 pops it at n + 1 and serves it once. With
// orders 10 relay blocks apart (strategy interval) nothing overlaps: v1 builds one para block per
// order, v2 two, the first at the same relay block.
import { describe, expect, it } from "vitest";
import { networkModel, parseNetworkModel } from "./index.ts";

const FILE = `${import.meta.dirname}/model.yaml`;

const model = (version?: 1 | 2) =>
  parseNetworkModel(
    {
      model: "network",
      blocks: 60,
      cores: 1,
      ...(version ? { constants: { "relay.OnDemand": { Version: version } } } : {}),
      agents: [
        { kind: "users", para: 2000, rate: 1 },
        { kind: "orderer", para: 2000, strategy: "interval", interval: 10 },
      ],
    },
    FILE,
  );

describe("network model on on-demand v2", () => {
  it("an order at n gives para blocks at n + 1 under v1, at n + 1 and n + 2 under v2", () => {
    const v1 = networkModel.run(model(), { seed: 3 });
    const v2 = networkModel.run(model(2), { seed: 3 });
    expect(v1.failure).toBeUndefined();
    expect(v2.failure).toBeUndefined();
    const ordersAt = (r: typeof v1) => r.rows.filter((row) => Number(row.orders) > 0).map((row) => row.block as number);
    const blocksAt = (r: typeof v1) => r.rows.filter((row) => row.para_blocks === 1).map((row) => row.block as number);
    expect(ordersAt(v1)).toEqual([10, 20, 30, 40, 50, 60]);
    expect(ordersAt(v2)).toEqual(ordersAt(v1));
    expect(blocksAt(v1)).toEqual([11, 21, 31, 41, 51]);
    expect(blocksAt(v2)).toEqual([11, 12, 21, 22, 31, 32, 41, 42, 51, 52]);
    // the explicit v1 is the default
    expect(networkModel.run(model(1), { seed: 3 }).rows).toEqual(v1.rows);
  });

  it("the spot price and queue size come from v2's OrderStatus: the order waits in the queue until it is popped", () => {
    const v2 = networkModel.run(model(2), { seed: 3 });
    const row = (n: number) => v2.rows[n - 1]!;
    expect(row(10).spot_price).toBeGreaterThan(0);
    expect(row(11).queue_size).toBe(1); // placed at 10, peeked for 11, still queued
    expect(row(12).queue_size).toBe(0); // popped at 12 (ready at 10 + 2)
  });

  it("an order is outstanding while it is queued: always orders again only once it is popped (two blocks an order)", () => {
    const raw = (version: 1 | 2) =>
      parseNetworkModel({ model: "network", blocks: 40, cores: 1, constants: { "relay.OnDemand": { Version: version } }, agents: [{ kind: "orderer", para: 2000, strategy: "always" }] }, FILE);
    const v2 = networkModel.run(raw(2), { seed: 1 });
    const v1 = networkModel.run(raw(1), { seed: 1 });
    // v2: order at 1 → blocks 2 (duplicated claim, still queued: no new order) and 3 (popped) → order at 3 → …
    expect(v2.rows.filter((r) => Number(r.orders) > 0).map((r) => r.block).slice(0, 4)).toEqual([1, 3, 5, 7]);
    expect(v2.rows.every((r) => Number(r.orders) === 0 || r.queue_size === 0)).toBe(true);
    expect(v2.summary.para_blocks).toBe(2 * v2.summary.orders! - 1); // the last order's second block is past the run
    // v1: an order every block from 1, each served at the next
    expect(v1.rows.filter((r) => Number(r.orders) > 0).map((r) => r.block).slice(0, 4)).toEqual([1, 2, 3, 4]);
  });
});
