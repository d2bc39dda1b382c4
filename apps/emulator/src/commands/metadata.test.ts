import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeMetadataV15, initCrypto, type MetadataV15 } from "@corelab/frame";
import type { PalletMetadata } from "./metadata.ts";
import { runCli, type CliRun } from "../__fixtures__/run-cli.ts";

beforeAll(initCrypto);

const cwd = fileURLToPath(new URL(".", import.meta.url));

const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd });

describe("corelab metadata", () => {
  it("lists a preset's pallets with calls, storage, events, errors and constants as JSON", async () => {
    const r = await run("metadata", "broker-mock", "--json");
    expect(r.code).toBe(0);
    const { pallets } = JSON.parse(r.out) as { pallets: PalletMetadata[] };
    expect(pallets.map((p) => p.name)).toEqual(["System", "Balances", "TestCoretime", "Broker"]);
    const broker = pallets.find((p) => p.name === "Broker")!;
    expect(broker.calls.find((c) => c.name === "purchase")).toMatchObject({ args: [{ name: "price_limit", type: "Balance" }] });
    expect(broker.storage.find((s) => s.name === "SaleInfo")).toMatchObject({ kind: "value", key: null });
    expect(broker.storage.find((s) => s.name === "Regions")).toMatchObject({ kind: "map", key: "RegionId" });
    expect(broker.events.find((e) => e.name === "Purchased")!.fields.map((f) => f.name)).toContain("price");
    expect(broker.errors.find((e) => e.name === "Overpriced")).toBeDefined();
    expect(broker.errors.map((e) => e.index)).toEqual(broker.errors.map((_, i) => i));
    expect(broker.constants.find((c) => c.name === "TimeslicePeriod")).toMatchObject({ type: expect.any(String), value: expect.anything() });
  });

  it("prints a table, and loads a user's runtime module (TypeScript, default export a preset)", async () => {
    const r = await run("metadata", "./__fixtures__/my-runtime.ts");
    expect(r.code).toBe(0);
    expect(r.out).toContain("runtime my-notes-chain: 3 pallets");
    expect(r.out).toMatch(/2 {2}Notes/);
    expect(r.out).toContain("0  note(text: String)");
    expect(r.out).toContain("NoteOf: map AccountId → String");
    expect(r.out).toContain("Noted { who: AccountId, length: u32 }");
    expect(r.out).toContain("0  TooLong");
    expect(r.out).toContain("MaxLength: u32 = 16");
  });

  it("names the module and what went wrong when a runtime module is broken, exit 2", async () => {
    const broken = await run("metadata", "./__fixtures__/broken-runtime.ts");
    expect(broken.code).toBe(2);
    expect(broken.err).toContain("./__fixtures__/broken-runtime.ts: cannot load this runtime module: Notes pallet: MaxLength must be set");
    const none = await run("metadata", "./__fixtures__/not-a-runtime.ts");
    expect(none.code).toBe(2);
    expect(none.err).toContain("./__fixtures__/not-a-runtime.ts: exports no runtime preset");
    const missing = await run("metadata", "./__fixtures__/nowhere.ts");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("./__fixtures__/nowhere.ts: no such module");
  });

  it("prints the V15 metadata as SCALE hex (RuntimeMetadataPrefixed) and as papi's decoded JSON", async () => {
    const hex = await run("metadata", "coretime-polkadot@1003000", "--hex");
    expect(hex.code).toBe(0);
    const out = hex.out.trim();
    // "meta", version 15
    expect(out).toMatch(/^0x6d6574610f[0-9a-f]+$/);
    const v15 = decodeMetadataV15(out);
    expect(v15.pallets.map((p) => [p.name, p.index])).toEqual([["System", 0], ["Balances", 10], ["TestCoretime", 250], ["Broker", 50]]);
    const json = await run("metadata", "coretime-polkadot@1003000", "--v15");
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out) as MetadataV15;
    expect(parsed.pallets.map((p) => p.name)).toEqual(["System", "Balances", "TestCoretime", "Broker"]);
    expect(parsed.lookup).toHaveLength(v15.lookup.length);
    // undefined (an unnamed field, a primitive's value) as null
    expect(parsed.lookup.find((t) => t.def.tag === "primitive")!.def).toMatchObject({ value: { value: null } });
    // the JSON form is the decoded metadata
    expect(parsed).toEqual(JSON.parse(JSON.stringify(v15, (_k, v: unknown) => (v === undefined ? null : v))));
    // the default and --json keep Corelab's description, with the pallet indices
    const corelab = await run("metadata", "coretime-polkadot@1003000", "--json");
    expect((JSON.parse(corelab.out) as { pallets: PalletMetadata[] }).pallets.map((p) => p.index)).toEqual([0, 10, 250, 50]);
    const both = await run("metadata", "coretime-polkadot@1003000", "--hex", "--json");
    expect(both.code).toBe(2);
    expect(both.err).toContain("give one of --json, --hex, --v15");
  });

  it("refuses an unknown preset with the nearest names, and picks a network's chain", async () => {
    const typo = await run("metadata", "brokr-mock");
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("did you mean 'broker-mock'?");
    const chain = await run("metadata", "kusama-network", "--chain", "coretime", "--json");
    expect(chain.code).toBe(0);
    expect((JSON.parse(chain.out) as { pallets: PalletMetadata[] }).pallets.map((p) => p.name)).toContain("Broker");
    const bad = await run("metadata", "kusama-network", "--chain", "para-9");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("chains: relay, coretime");
  });
});
