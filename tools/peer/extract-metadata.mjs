#!/usr/bin/env node
// Extracts the V15 metadata of the real coretime-polkadot 1003000 runtime (the genesis `:code` of
// the vendored chain spec, fixtures/coretime-polkadot.json.gz), offline, with chopsticks' wasm
// executor (`runTask` of `Metadata_metadata_at_version(15)`, no chain state needed), and writes it
// gzipped to packages/runtimes/src/__fixtures__/coretime-polkadot-1003000.metadata.scale.gz: the bytes of
// `RuntimeMetadataPrefixed` ("meta" magic, version byte 15, the V15 metadata), i.e. the content of
// the `OpaqueMetadata` inside the runtime API's `Option<OpaqueMetadata>` (the Option tag and the
// `Vec<u8>` compact length stripped). Run once; the fixture's PROVENANCE.md records the hashes.
//
//   node tools/peer/extract-metadata.mjs [out-file]
process.env.LOG_LEVEL ??= "error";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import { destroyWorker, emptyTaskHandler, getRuntimeVersion, runTask } from "@acala-network/chopsticks-core";
import { compactNumber, Option, Bytes } from "@polkadot-api/substrate-bindings";

const HERE = dirname(fileURLToPath(import.meta.url));
const SPEC = join(HERE, "fixtures", "coretime-polkadot.json.gz");
const OUT = process.argv[2] ?? join(HERE, "..", "..", "packages", "runtimes", "src", "__fixtures__", "coretime-polkadot-1003000.metadata.scale.gz");

const spec = JSON.parse(gunzipSync(readFileSync(SPEC)).toString("utf8"));
const wasm = spec.genesis.raw.top["0x3a636f6465"];
const version = await getRuntimeVersion(wasm);
// the argument: SCALE u32 15
// storage reads (the metadata call makes a few) are answered from the spec's genesis
const top = spec.genesis.raw.top;
const handler = { ...emptyTaskHandler, getStorage: async (key) => top[key] ?? undefined, getNextKey: async () => undefined };
const r = await runTask({ wasm, calls: [["Metadata_metadata_at_version", ["0x0f000000"]]], mockSignatureHost: false, allowUnresolvedImports: false, runtimeLogLevel: 0 }, handler);
if ("Error" in r) throw new Error(r.Error);
// Option<OpaqueMetadata> = Option<Vec<u8>>
const opaque = Option(Bytes()).dec(r.Call.result);
if (opaque === undefined) throw new Error("the runtime has no V15 metadata");
const bytes = new Uint8Array(opaque);
const magic = Buffer.from(bytes.subarray(0, 4)).toString("latin1");
if (magic !== "meta" || bytes[4] !== 15) throw new Error(`not V15 metadata (magic ${magic}, version ${bytes[4]})`);
const gz = gzipSync(bytes, { level: 9 });
writeFileSync(OUT, gz);
const sha = (b) => createHash("sha256").update(b).digest("hex");
console.log(JSON.stringify({
  specName: version.specName, specVersion: version.specVersion,
  wasmSha256: sha(Buffer.from(wasm.slice(2), "hex")),
  metadataBytes: bytes.length, metadataSha256: sha(bytes), gzBytes: gz.length, gzSha256: sha(gz), out: OUT,
  compactPrefixOfOpaque: Buffer.from(compactNumber.enc(bytes.length)).toString("hex"),
}, null, 2));
await destroyWorker();
