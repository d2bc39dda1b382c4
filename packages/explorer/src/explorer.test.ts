import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildStore, type Fixture } from "./__fixtures__/store.ts";
import { startExplorer, type Explorer } from "./index.ts";

let fx: Fixture;
let ex: Explorer;

beforeAll(async () => {
  fx = await buildStore();
  ex = await startExplorer({ store: fx.path, port: 0 });
}, 30_000);

afterAll(async () => {
  await ex?.close();
  if (fx) rmSync(fx.dir, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; html: string; type: string | null }> {
  const res = await fetch(new URL(path, ex.url));
  return { status: res.status, html: await res.text(), type: res.headers.get("content-type") };
}

describe("startExplorer", () => {
  it("listens on 127.0.0.1 at the port it was given (any free one for 0)", () => {
    expect(ex.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("lists the runs newest first, each linking to its page", async () => {
    const { status, html, type } = await get("/");
    expect(status).toBe(200);
    expect(type).toBe("text/html; charset=utf-8");
    expect(html).toContain(`href="/runs/${fx.replayId}"`);
    expect(html).toContain(`href="/runs/${fx.simId}"`);
    expect(html.indexOf(fx.simId)).toBeLessThan(html.indexOf(fx.replayId));
    expect(html).toContain("broker-mock");
    expect(html).toContain("network");
  });

  it("filters the runs by kind and outcome", async () => {
    const replays = (await get("/?kind=replay")).html;
    expect(replays).toContain(fx.replayId);
    expect(replays).not.toContain(fx.simId);
    const failed = (await get("/?kind=replay&outcome=fail")).html;
    expect(failed).toContain(fx.replayId);
    const passed = (await get("/?outcome=pass")).html;
    expect(passed).toContain(fx.simId);
    expect(passed).not.toContain(fx.replayId);
    expect((await get("/?kind=simulate&outcome=fail")).html).toContain("no runs");
    const bad = await get("/?kind=nope");
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("unknown kind");
  });

  it("shows a replay: its details, blocks linking to block pages, and its expectations passed and failed", async () => {
    const { status, html } = await get(`/runs/${fx.replayId}`);
    expect(status).toBe(200);
    expect(html).toContain("corelab replay scenarios/sale.json");
    expect(html).toContain("broker-mock");
    expect(html).toContain("interpreter");
    expect(html).toMatch(/Expectations <small>\(1 passed, 1 failed\)/);
    const rows = [...html.matchAll(/<tr><td><span class="badge (pass|fail)">[^]*?<\/tr>/g)].map((m) => m[0]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('badge pass');
    expect(rows[0]).toContain("blocks[1].expect.events[0]");
    expect(rows[0]).toContain("Broker.Purchased { price: 900 }");
    expect(rows[1]).toContain('badge fail');
    expect(rows[1]).toContain("blocks[1].expect.storage[0].value.cores_sold");
    const failed = (await get(`/runs/${fx.replayId}?expect=failed`)).html;
    expect(failed).toMatch(/Expectations <small>\(1 failed of 2\)/);
    expect(failed).toContain("blocks[1].expect.storage[0].value.cores_sold");
    expect(failed).not.toContain("blocks[1].expect.events[0]");
    expect((await get(`/runs/${fx.replayId}?expect=some`)).status).toBe(400);
    expect(html).toContain(`href="/runs/${fx.replayId}/blocks/2?file=sale.json"`);
    expect(html).toContain(`href="/runs/${fx.replayId}/blocks/5?file=sale.json"`);
    expect(html).toMatch(/Blocks <small>\(3\)/);
  });

  it("resolves a unique id prefix", async () => {
    const { status, html } = await get(`/runs/${fx.replayId.slice(0, 15)}${fx.replayId.slice(15, 18)}`);
    expect(status).toBe(200);
    expect(html).toContain(fx.replayId);
  });

  it("shows a block: extrinsics, events, storage changes and links to the previous and next recorded blocks", async () => {
    const { status, html } = await get(`/runs/${fx.replayId}/blocks/2?file=sale.json`);
    expect(status).toBe(200);
    expect(html).toContain("Broker.purchase");
    expect(html).toContain("Balances.Withdraw");
    expect(html).toContain("Broker.Purchased");
    expect(html).toContain("Broker.SaleInfo");
    expect(html).toContain("System.Account");
    expect(html).toContain("9100");
    expect(html).toContain(`href="/runs/${fx.replayId}/blocks/1?file=sale.json"`);
    expect(html).toContain(`href="/runs/${fx.replayId}/blocks/5?file=sale.json"`);
    // the expectations checked at this block
    expect(html).toMatch(/Expectations at this block <small>\(1 passed, 1 failed\)/);
    expect(html).toContain("blocks[1].expect.storage[0].value.cores_sold");
    const last = await get(`/runs/${fx.replayId}/blocks/5`);
    expect(last.status).toBe(200);
    expect(last.html).toContain("Broker.SaleInitialized");
    expect(last.html).toContain("last block");
  });

  it("shows a simulation's metrics as server-rendered SVG charts, one per metric and sweep point", async () => {
    const { status, html } = await get(`/runs/${fx.simId}`);
    expect(status).toBe(200);
    expect(html).toContain("<svg");
    for (const m of ["sold", "revenue", "ratio"]) for (const p of [0, 1]) expect(html).toContain(`data-metric="${m}" data-point="${p}"`);
    expect(html).toContain("sold · price=200");
    expect(html).not.toContain(`data-metric="phase" data-point`);
    expect(html.match(/<svg/g)?.length).toBe(8);
  });

  it("puts every sweep point on one chart when asked, and says so", async () => {
    const apart = (await get(`/runs/${fx.simId}`)).html;
    expect(apart).toContain(`href="/runs/${fx.simId}?points=together#metrics"`);
    const { status, html } = await get(`/runs/${fx.simId}?points=together`);
    expect(status).toBe(200);
    for (const m of ["sold", "revenue", "ratio"]) expect(html).toContain(`data-metric="${m}" data-point="all"`);
    expect(html).not.toContain(`data-point="0"`);
    expect(html.match(/<svg/g)?.length).toBe(4); // one chart per metric: block, sold, revenue, ratio
    // the legend names both points
    expect(html).toContain("price=100");
    expect(html).toContain("price=200");
    expect((await get(`/runs/${fx.simId}?points=mixed`)).status).toBe(400);
  });

  it("shows a network replay's core timeline, each bar linking to a recorded relay block, and a relay block's cores", async () => {
    const { status, html } = await get(`/runs/${fx.networkId}`);
    expect(status).toBe(200);
    expect(html).toContain('class="chart timeline"');
    const svg = html.slice(html.indexOf('class="chart timeline"'));
    for (const what of ["idle", "task 2000", "pool", "on-demand 2001"]) expect(svg).toContain(what);
    // the on-demand bar (relay blocks 7–9) links to block 7, the only relay block recorded in it
    expect(svg).toContain(`/runs/${fx.networkId}/blocks/7?file=net.yaml&amp;chain=relay`);
    expect(svg).toContain(`/runs/${fx.networkId}/blocks/2?file=net.yaml&amp;chain=relay`);
    const block = await get(`/runs/${fx.networkId}/blocks/7?file=net.yaml&chain=relay`);
    expect(block.status).toBe(200);
    expect(block.html).toContain("Cores at this relay block");
    const cores = block.html.slice(block.html.indexOf("Cores at this relay block"));
    expect(cores).toMatch(/<td>0<\/td><td><code>task 2000<\/code><\/td><td>4–12<\/td>/);
    expect(cores).toMatch(/<td>1<\/td><td><code>on-demand 2001<\/code><\/td><td>7–9<\/td>/);
    expect(block.html).toContain("OnDemand.place_order_allow_death → ok");
    // a para block has no cores section
    expect((await get(`/runs/${fx.networkId}/blocks/1?file=net.yaml&chain=para-2000`)).html).not.toContain("Cores at this relay block");
  });

  it("answers unknown runs, blocks and paths with a 404 page, never a stack trace", async () => {
    for (const path of ["/runs/20990101-000000-abcdef", `/runs/${fx.replayId}/blocks/3`, `/runs/${fx.replayId}/blocks/2?file=other.json`, `/runs/${fx.replayId}/blocks/x`, "/nope", "/runs/%E0%A4%A"]) {
      const { status, html } = await get(path);
      expect(status, path).toBe(404);
      expect(html, path).toContain("404 Not found");
      expect(html, path).not.toMatch(/\n\s+at /);
    }
    const ambiguous = await get("/runs/2026");
    expect(ambiguous.status).toBe(404);
    expect(ambiguous.html).toContain("several runs");
  });

  it("answers a store error with a 500 page with its message", async () => {
    const notAStore = join(fx.dir, "broken.duckdb");
    writeFileSync(notAStore, "not a store");
    await expect(startExplorer({ store: notAStore })).rejects.toThrow();
    // a store whose file breaks after the explorer started
    const other = await buildStore();
    const ex2 = await startExplorer({ store: other.path });
    try {
      writeFileSync(other.path, "gone");
      const res = await fetch(ex2.url);
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(html).toContain("500 Store error");
      expect(html).not.toMatch(/\n\s+at /);
    } finally {
      await ex2.close();
      rmSync(other.dir, { recursive: true, force: true });
    }
  }, 30_000);

  it("only reads: other methods get 405", async () => {
    const res = await fetch(ex.url, { method: "POST" });
    expect(res.status).toBe(405);
  });
});
