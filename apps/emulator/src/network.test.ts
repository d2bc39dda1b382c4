// `corelab replay` on a network preset: every chain's blocks in --json, an unknown chain is a
// malformed file (exit 2) that lists the chains.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto } from "@corelab/frame";
import { runCli, type CliRun } from "./__fixtures__/run-cli.ts";

const dir = mkdtempSync(`${tmpdir()}/corelab-network-`);

const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: dir });

beforeAll(async () => {
  await initCrypto();
  writeFileSync(
    `${dir}/network.yaml`,
    `${[
      "name: a core count request travels coretime -> relay -> coretime",
      "runtime: kusama-network",
      "genesis:",
      "  relay.Coretime: { core_count: 3 }",
      "blocks:",
      "  - at: 2",
      "    calls:",
      "      - { origin: Root, call: coretime.Broker.request_core_count, args: { core_count: 5 } }",
      "  - at: 3",
      "    expect:",
      "      events: [ relay.System.ExtrinsicSuccess ]",
      "  - at: 6",
      "    expect:",
      "      storage: [ { item: coretime.Broker.CoreCountInbox, value: 5 } ]",
    ].join("\n")}\n`,
  );
  writeFileSync(
    `${dir}/unknown-chain.yaml`,
    "name: a chain the network does not have\nruntime: kusama-network\nblocks:\n  - at: 2\n    calls:\n      - { origin: Root, call: asset-hub.Balances.force_set_balance, args: { who: alice, new_free: 1 } }\n",
  );
});

describe("corelab replay on kusama-network", () => {
  it("--json shows every chain's blocks, with the chain, and every chain's state root", async () => {
    const r = await run("replay", "--json", "network.yaml");
    expect(r.err).toContain("PASS  a core count request");
    expect(r.code).toBe(0);
    const [file] = JSON.parse(r.out);
    expect(file.chains).toEqual(["relay", "coretime"]);
    const blocks = file.blocks.map((b: { chain: string; number: number }) => `${b.chain}#${b.number}`);
    expect(blocks).toEqual(["relay#0", "coretime#0", "relay#1", "relay#2", "coretime#1", "relay#3", "relay#4", "coretime#2", "relay#5", "relay#6", "coretime#3"]);
    const relay3 = file.blocks.find((b: { chain: string; number: number }) => b.chain === "relay" && b.number === 3);
    expect(relay3.extrinsics[0]).toMatchObject({ origin: { type: "Parachain", value: 1005 }, call: { pallet: "Coretime", name: "request_core_count", args: { count: 5 } }, result: { ok: true } });
    expect(Object.keys(file.state_roots)).toEqual(["relay", "coretime"]);
    expect(file.state_roots.relay).toBe(file.state_root);
    expect(file.produced).toEqual({ relay: 6, coretime: 3 });
  });

  it("an unknown chain is a malformed file: exit 2, naming the chains", async () => {
    const r = await run("replay", "unknown-chain.yaml");
    expect(r.code).toBe(2);
    expect(r.out).toContain("blocks[0].calls[0].call: unknown chain 'asset-hub'");
    expect(r.out).toContain("valid: relay, coretime");
  });
});
