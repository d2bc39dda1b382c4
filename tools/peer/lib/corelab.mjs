// The Corelab side: replays a scenario file on the `coretime-polkadot@1003000` preset, in this
// process, with the same code `corelab replay` runs: the CLI bundle tools/bundle.mjs builds from the
// workspace sources (.corelab-out/build/, rebuilt when a source changed). Per block it records the
// call results, the Broker events and every Broker storage item in Corelab's JSON shapes (the
// codecs' `toJson`: papi-style enums `{ type, value }`, bigints as decimal strings, None as null).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";

/** The step that marks where the real side takes over from Corelab's state: `- snapshot: corelab-state`. */
export const HANDOFF_SNAPSHOT = "corelab-state";

/**
 * The handoff block of a sequence document: the block of the step before its `snapshot:
 * corelab-state` step (the real side starts from Corelab's state after it), or undefined.
 */
export function handoffBlock(doc) {
  let last;
  for (const step of doc.blocks ?? []) {
    if (step.snapshot === HANDOFF_SNAPSHOT) return last;
    if (typeof step.at === "number") last = step.at;
  }
  return undefined;
}

/**
 * The Corelab checkout whose sources are replayed: the repository this folder is in, or
 * `PEER_CORELAB_ROOT` (another checkout, e.g. an older commit extracted with `git archive`, its
 * node_modules linked to this one's).
 */
export const CORELAB_ROOT = resolve(process.env.PEER_CORELAB_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..", ".."));

let modules;

/** The bundled @corelab/testing and @corelab/runtimes (built first if a workspace source changed). */
export async function loadCorelab() {
  if (modules) return modules;
  const { bundled, cliTarget, BUILD_DIR } = await import(pathToFileURL(join(CORELAB_ROOT, "tools", "bundle.mjs")).href);
  await bundled(cliTarget());
  const load = (name) => import(pathToFileURL(join(BUILD_DIR, `pkg.${name}.mjs`)).href);
  const [testing, runtimes, frame, broker] = await Promise.all([load("testing"), load("runtimes"), load("frame"), load("pallet-broker")]);
  for (const fn of ["storageKeyHex", "storagePrefix", "encodeScaleHex", "bytesToHex"]) {
    if (typeof frame[fn] !== "function") throw new Error(`the Corelab bundle's @corelab/frame (${join(BUILD_DIR, "pkg.frame.mjs")}) has no ${fn}: a checkout from before SCALE storage?`);
  }
  modules = { testing, runtimes, frame, broker };
  return modules;
}

/**
 * What the Corelab checkout's packages can do, for allow-list entries that hold only while a
 * change is missing (`whenCorelabLacks`): `SaleClock`, pallet-broker's sale timing on the
 * parachain's own block number (`saleBlockNumber`, needed by the natural clock before 1 006 000).
 */
export async function corelabCapabilities() {
  const { broker } = await loadCorelab();
  return { SaleClock: typeof broker.saleBlockNumber === "function" };
}

/** Every Broker storage item of `rt` as JSON: `{ Item: value }` for values, `{ Item: [[key, value], …] }` for maps (absent items omitted). */
export function brokerStorageJson(rt) {
  const storage = rt.pallet("Broker").pallet.storage;
  const out = {};
  for (const [name, item] of Object.entries(storage)) {
    const v = rt.query("Broker", name);
    if (item.kind === "value") {
      // a ValueQuery item reads as its default when absent: only a stored value counts
      const stored = typeof item.exists === "function" ? rt.read((ctx) => item.exists(ctx)) : v !== undefined;
      if (stored && v !== undefined) out[name] = item.codec.toJson(v);
    } else if (v.length > 0) {
      out[name] = v.map(([k, x]) => [item.keyCodec.toJson(k), item.codec.toJson(x)]);
    }
  }
  return out;
}

/**
 * Every Broker storage item of `rt` as the chain stores it: `{ "0x<storage key>": "0x<SCALE value>" }`
 * (`storageKeyHex(item, key)` → `encodeScaleHex(item.codec, value)`), the same items and entries
 * `brokerStorageJson` gives. Pallet-level keys that are no storage item (`:__STORAGE_VERSION__:`)
 * are not produced: Corelab's pallets have no on-chain storage version (see README).
 */
export function brokerStorageRaw(rt, frame) {
  const storage = rt.pallet("Broker").pallet.storage;
  const out = {};
  for (const [name, item] of Object.entries(storage)) {
    const v = rt.query("Broker", name);
    if (item.kind === "value") {
      const stored = typeof item.exists === "function" ? rt.read((ctx) => item.exists(ctx)) : v !== undefined;
      if (stored && v !== undefined) out[frame.storageKeyHex(item)] = frame.encodeScaleHex(item.codec, v, `Broker.${name}`);
    } else {
      for (const [k, x] of v) out[frame.storageKeyHex(item, k)] = frame.encodeScaleHex(item.codec, x, `Broker.${name}`);
    }
  }
  return out;
}

/** `{ "0x<twox128(Broker) ++ twox128(Item)>": Item }` of every Broker storage item (to name a raw key's item). */
export function brokerItemPrefixes(rt, frame) {
  const out = {};
  for (const name of Object.keys(rt.pallet("Broker").pallet.storage)) out[frame.bytesToHex(frame.storagePrefix("Broker", name))] = name;
  return out;
}

/**
 * Replays `file` on Corelab. Returns `{ passed, mismatches, blocks: Map<number, { calls, events, storage }> }`:
 * `calls` the result of each extrinsic (`"ok"` or the error name, `Broker.Overpriced`), `events` the
 * Broker events (`{ name, fields }`), `storage` every Broker item after the block.
 */
export async function runCorelab(file, presetName) {
  const { testing, runtimes, frame } = await loadCorelab();
  const preset = runtimes.builtinPresets.find((p) => p.name === presetName);
  if (!preset) throw new Error(`no preset ${presetName}`);
  const blocks = new Map();
  let encoder;
  let prefixes;
  const handoff = handoffBlock(parseYaml(readFileSync(file, "utf8")));
  let state;
  const observer = {
    block(b, rt) {
      // the state after the handoff block, as chopsticks' import-storage (what `corelab state
      // --format chopsticks` writes): System.Account, Balances, Broker
      if (b.number === handoff) state = { block: handoff, chopsticks: frame.exportChopsticksStorage(rt, { state: rt.state }).storage };
      encoder ??= new testing.BlockJsonEncoder(rt);
      const j = encoder.encode(b);
      blocks.set(b.number, {
        calls: j.extrinsics.map((x) => ({ call: `${x.call.pallet}.${x.call.name}`, origin: x.origin, result: x.result.ok ? "ok" : x.result.error })),
        events: j.events.filter((e) => e.event.type === "Broker").map((e) => ({ name: e.event.value.type, fields: e.event.value.value })),
        storage: brokerStorageJson(rt),
        raw: brokerStorageRaw(rt, frame),
      });
      prefixes ??= brokerItemPrefixes(rt, frame);
    },
  };
  const r = testing.replayFile(file, { preset, observers: [observer] });
  return { passed: r.passed, mismatches: r.mismatches, blocks, prefixes, ...(state ? { state } : {}) };
}

/**
 * `runCorelab` of each of `files`, in one child process (lib/corelab-child.mjs), asynchronously:
 * resolves to one result per file, each with `seconds` (its replay's time in the child) and the
 * checkout's `capabilities` (`corelabCapabilities`).
 */
export function runCorelabIsolated(files, presetName) {
  const child = fileURLToPath(new URL("./corelab-child.mjs", import.meta.url));
  return new Promise((resolvePromise, reject) => {
    const p = spawn(process.execPath, ["--enable-source-maps", child, presetName, ...files], { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    p.stdout.on("data", (d) => out.push(d));
    p.stderr.on("data", (d) => err.push(d));
    p.on("error", reject);
    p.on("close", (code) => {
      if (code !== 0) return reject(new Error(`the Corelab side failed (exit ${code}):\n${Buffer.concat(err).toString("utf8")}`));
      try {
        const all = JSON.parse(Buffer.concat(out).toString("utf8"));
        resolvePromise(all.results.map((r) => ({ ...r, capabilities: all.capabilities, blocks: new Map(r.blocks) })));
      } catch (e) {
        reject(e);
      }
    });
  });
}
