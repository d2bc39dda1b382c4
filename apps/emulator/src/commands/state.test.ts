// `corelab state` (a scenario's storage after a block, raw or chopsticks) and `corelab replay
// --fork` / `genesis: { raw }` (real state in), run in-process.
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto, storageKeyHex } from "@corelab/frame";
import { runCli } from "../__fixtures__/run-cli.ts";

beforeAll(initCrypto);

const fixtures = fileURLToPath(new URL("./__fixtures__/state/", import.meta.url));
const KUSAMA_SPEC = fileURLToPath(new URL("../../../../packages/testing/fixtures/chain-specs/coretime-kusama.json.gz", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "corelab-state-"));
const run = (argv: string[], cwd = fixtures) => runCli(argv, { cwd });

describe("corelab state", () => {
  it("writes every key after a block as one sorted JSON object, and a scenario starts from it", async () => {
    const r = await run(["state", "sale.yaml", "--at", "3", "--out", join(tmp, "sale-state.json")]);
    expect(r.err).toContain("keys after block 3 of sale.yaml (coretime-polkadot@1003000), raw");
    expect(r.err).toContain("Balances.Account: 2 keys as System.Account");
    expect(r.code).toBe(0);
    const map = JSON.parse(readFileSync(join(tmp, "sale-state.json"), "utf8")) as Record<string, string>;
    const keys = Object.keys(map);
    expect(keys).toEqual([...keys].sort());
    expect(keys).toContain(storageKeyHex({ pallet: "Broker", name: "SaleInfo" }));
    copyFileSync(join(fixtures, "from-state.yaml"), join(tmp, "from-state.yaml"));
    const again = await run(["replay", "from-state.yaml"], tmp);
    expect(again.out).toContain("PASS  from an exported state");
    expect(again.out).toMatch(/genesis from sale-state\.json: \d+ keys/);
    expect(again.out).toMatch(/decoded +\d+ into \d+ items: .*Balances\.Account 2 \(from System\.Account\)/);
    expect(again.code).toBe(0);
  });

  it("writes chopsticks' import-storage YAML to stdout", async () => {
    const r = await run(["state", "sale.yaml", "--at", "1", "--format", "chopsticks"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# corelab state sale\.yaml --at 1: coretime-polkadot@1003000/);
    expect(r.out).toContain("Broker:\n");
    expect(r.out).toContain("  SaleInfo: \"0x");
    expect(r.out).toContain("System:\n  $removePrefix:\n    - Account\n  Account:\n");
    expect(r.out).not.toContain("TestCoretime");
  });

  it("refuses a mock runtime, a bad block and a bad format (exit 2)", async () => {
    const mock = await run(["state", "mock.yaml"]);
    expect(mock.code).toBe(2);
    expect(mock.err).toContain("runtime preset 'broker-mock' cannot take a raw state export: its accounts are not SS58 addresses");
    expect((await run(["state", "sale.yaml", "--at", "x"])).code).toBe(2);
    expect((await run(["state", "sale.yaml", "--format", "json"])).code).toBe(2);
  });
});

describe("real state in", () => {
  it("replay --fork starts every file from a real chain spec and prints what it decoded and listed", async () => {
    const r = await run(["replay", "--fork", KUSAMA_SPEC, "sale.yaml", "--no-store"]);
    // the spec has no Broker configuration: start_sales fails (and the balances are the spec's), so the file fails
    expect(r.code).toBe(1);
    expect(r.out).toContain("coretime-kusama.json.gz: 64 keys");
    expect(r.out).toMatch(/decoded +9 into 2 items: Balances\.Account 8 \(from System\.Account\), Balances\.TotalIssuance 1/);
    expect(r.out).toContain("not held    6 decoded, not kept by Corelab: System.BlockHash 1");
    expect(r.out).toContain("Broker :__STORAGE_VERSION__: (storage version 0)");
    expect(r.out).toMatch(/unknown +27 under 13 prefixes: Aura\.Authorities 1/);
  });

  it("bad raw state: exit 2 naming the state file, the key and the item", async () => {
    const r = await run(["replay", "bad-raw.yaml", "--no-store"]);
    expect(r.code).toBe(2);
    const key = storageKeyHex({ pallet: "Balances", name: "TotalIssuance" });
    expect(r.out).toContain(`bad-raw.yaml:4:3: genesis.raw: bad-state.json: key ${key}: Balances.TotalIssuance: the value is not a Balance`);
    expect(r.out).toContain("1 trailing byte(s)");
    const fork = await run(["replay", "--fork", "bad-state.json", "sale.yaml", "--no-store"]);
    expect(fork.code).toBe(2);
    expect(fork.out).toContain(`bad-state.json: key ${key}: Balances.TotalIssuance:`);
  });
});
