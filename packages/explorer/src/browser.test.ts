import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildStore, type Fixture } from "./__fixtures__/store.ts";
import { startExplorer, type Explorer } from "./index.ts";

const CHROMIUM = "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe.skipIf(!HAVE_CHROMIUM)("the explorer in a browser (Debian chromium)", () => {
  let fx: Fixture;
  let ex: Explorer;
  let browser: BrowserContext;
  let profile: string;
  /** Screenshots go here; kept after the test (its path is printed). */
  const shots = mkdtempSync(join(tmpdir(), "corelab-explorer-shots-"));

  beforeAll(async () => {
    fx = await buildStore();
    ex = await startExplorer({ store: fx.store, port: 0 });
    profile = mkdtempSync(join(tmpdir(), "corelab-explorer-chromium-"));
    // a fresh profile (--user-data-dir): playwright takes it as launchPersistentContext's first argument
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1200, height: 900 },
      timeout: 20_000,
    });
  }, 40_000);

  afterAll(async () => {
    await browser?.close();
    await ex?.close();
    if (fx) rmSync(fx.dir, { recursive: true, force: true });
    if (profile) rmSync(profile, { recursive: true, force: true });
    console.log(`explorer screenshots: ${shots}`);
  });

  function shot(name: string): string {
    const path = join(shots, `${name}.png`);
    return path;
  }

  function expectPng(path: string): void {
    const bytes = readFileSync(path);
    expect(bytes.length).toBeGreaterThan(1000);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG);
  }

  it("clicks from the runs to a replay, steps through its blocks, and opens a simulation's charts", async () => {
    const page = await browser.newPage();
    await page.goto(ex.url);
    // the browser script (built by vite) has loaded
    await expect.poll(() => page.evaluate("document.documentElement.dataset.explorerScript")).toBe("ready");
    await page.screenshot({ path: shot("runs"), fullPage: true });
    expect(await page.locator("tbody tr").count()).toBe(3);

    // filter as you type (the script): words anywhere in a row
    await page.keyboard.press("/");
    await page.keyboard.type("kusama-network pass");
    await expect.poll(() => page.locator("tbody tr:visible").count()).toBe(1);
    expect(await page.locator("#runs-shown").textContent()).toBe("1 of 3 shown");
    await page.fill("#runs-filter", "");
    await expect.poll(() => page.locator("tbody tr:visible").count()).toBe(3);

    // filter with the form (the server)
    await page.selectOption("select[name=kind]", "replay");
    await Promise.all([page.waitForURL(/kind=replay/), page.click("button[type=submit]")]);
    expect(await page.locator("tbody tr").count()).toBe(2);

    await page.click(`a[href="/runs/${fx.replayId}"]`);
    await page.waitForURL(new RegExp(`/runs/${fx.replayId}$`));
    await expect.poll(() => page.locator("h1").textContent()).toContain(fx.replayId);
    expect(await page.getByText("blocks[1].expect.storage[0].value.cores_sold").isVisible()).toBe(true);
    await page.screenshot({ path: shot("replay"), fullPage: true });

    await page.click(`a[href="/runs/${fx.replayId}/blocks/1?file=sale.json"]`);
    await page.waitForURL(/\/blocks\/1\?file=sale\.json$/);
    expect(await page.getByText("no events").isVisible()).toBe(true);
    // → steps to the next recorded block (the script follows the page's rel=next link)
    await page.keyboard.press("ArrowRight");
    await page.waitForURL(/\/blocks\/2\?file=sale\.json$/);
    expect(await page.getByText("Broker.Purchased", { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText("Balances.Withdraw").isVisible()).toBe(true);
    expect(await page.getByText("Broker.SaleInfo").isVisible()).toBe(true);
    // the expectations checked at this block, with their outcome
    expect(await page.locator("#expectations + table .badge.fail").count()).toBe(1);
    expect(await page.locator("#expectations + table .badge.pass").count()).toBe(1);
    await page.screenshot({ path: shot("block-2"), fullPage: true });
    await page.keyboard.press("ArrowLeft");
    await page.waitForURL(/\/blocks\/1\?file=sale\.json$/);
    await page.goBack();
    await page.waitForURL(/\/blocks\/2\?file=sale\.json$/);

    await page.click(`header a`);
    await page.waitForURL(ex.url);
    await page.click(`a[href="/runs/${fx.simId}"]`);
    await page.waitForURL(new RegExp(`/runs/${fx.simId}$`));
    const chart = page.locator(`figure[data-metric="sold"][data-point="1"] svg`);
    expect(await chart.isVisible()).toBe(true);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    await chart.screenshot({ path: shot("chart-sold-point-1") });
    await page.screenshot({ path: shot("simulation"), fullPage: true });

    // every sweep point on one chart
    await page.getByRole("link", { name: "all points on one chart" }).click();
    await page.waitForURL(/points=together/);
    const overlay = page.locator(`figure[data-metric="sold"][data-point="all"] svg`);
    expect(await overlay.isVisible()).toBe(true);
    expect(await overlay.textContent()).toContain("price=200");
    await overlay.screenshot({ path: shot("chart-sold-all-points") });

    // a network replay: the core timeline, a bar leading to its relay block and what the cores ran there
    await page.goto(new URL(`/runs/${fx.networkId}`, ex.url).href);
    const timeline = page.locator("figure.timeline svg");
    expect(await timeline.isVisible()).toBe(true);
    await timeline.screenshot({ path: shot("core-timeline") });
    await page.locator(`figure.timeline a[*|href*="/blocks/7?"]`).first().click(); // vega writes xlink:href
    await page.waitForURL(/\/blocks\/7\?file=net\.yaml&chain=relay$/);
    expect(await page.getByText("Cores at this relay block").isVisible()).toBe(true);
    expect(await page.getByText("on-demand 2001").first().isVisible()).toBe(true);
    await page.screenshot({ path: shot("relay-block-7"), fullPage: true });
    await page.close();

    for (const name of ["runs", "replay", "block-2", "chart-sold-point-1", "simulation", "chart-sold-all-points", "core-timeline", "relay-block-7"]) expectPng(shot(name));
  }, 120_000);
});

if (!HAVE_CHROMIUM) {
  describe("the explorer in a browser", () => {
    it.skip("install Debian's chromium (apt-get install chromium) to run the browser tests", () => {});
  });
}
