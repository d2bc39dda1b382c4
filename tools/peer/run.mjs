#!/usr/bin/env node
// The peer suite: each sequence (a Corelab scenario file in sequences/) runs on the REAL
// coretime-polkadot 1003000 runtime in chopsticks (offline, fixtures/coretime-polkadot.json.gz)
// and on Corelab's `coretime-polkadot@1003000` preset; per block it diffs the call results, the
// Broker events (every field), the Broker storage (every item and map entry, decoded) and the raw
// Broker storage (every key and SCALE value, byte for byte). It writes both sides' raw Broker storage
// per block to out/<sequence>.real-raw.json and out/<sequence>.corelab-raw.json.
//
//   node tools/peer/run.mjs [sequence…]      (names without .yaml; default: every file in sequences/)
//   npm run peer --prefix tools/peer -- [sequence…]
//
// Exit status: 0 when every difference is explained by allow-list.json, 1 otherwise, 2 on a broken
// sequence or harness error. The last line is `N values compared, N differ (…)`. PEER_JOBS: how many
// real sides run at a time (default 2).
process.env.LOG_LEVEL ??= "error"; // chopsticks' logger reads it when loaded
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

const HERE = dirname(fileURLToPath(import.meta.url));
const SPEC = join(HERE, "fixtures", "coretime-polkadot.json.gz");
const PRESET = "coretime-polkadot@1003000";
/** `TimeslicePeriod` of coretime-polkadot (relay blocks). */
const P = 80;

const { RealChain, BROKER_PREFIX } = await import("./lib/real.mjs");
const { xxhashAsHex } = await import("@polkadot/util-crypto");
const { RealDecoder } = await import("./lib/decode.mjs");
const { diffLeaves, diffStorage } = await import("./lib/diff.mjs");
const { runCorelabIsolated, handoffBlock, HANDOFF_SNAPSHOT } = await import("./lib/corelab.mjs");

const allowList = JSON.parse(readFileSync(join(HERE, "allow-list.json"), "utf8")).entries;

function log(s = "") {
  process.stdout.write(`${s}\n`);
}

/** The scenario's steps as blocks: `[{ at, signed: [...], root: [...], calls: [...] }]`, checked for what the real side can reproduce. */
function planScenario(doc, file) {
  if (doc.runtime !== PRESET) throw new Error(`${file}: runtime must be ${PRESET}`);
  if (doc.storage) throw new Error(`${file}: storage: is not supported by the peer harness`);
  const start = doc.start ?? 0;
  if (start < 1) throw new Error(`${file}: start must be >= 1 (chopsticks builds block 1 itself)`);
  const blocks = new Map();
  const handoff = handoffBlock(doc);
  for (const step of doc.blocks) {
    if (step.at === undefined) {
      if (step.snapshot !== HANDOFF_SNAPSHOT) throw new Error(`${file}: only the step \`snapshot: ${HANDOFF_SNAPSHOT}\` (the real side starts from Corelab's state) is supported besides blocks`);
      continue;
    }
    if (step.at <= start) throw new Error(`${file}: at ${step.at}: genesis calls are not supported (the real side has no genesis hook)`);
    if (handoff !== undefined && step.at <= handoff) continue; // Corelab alone, up to the handoff
    const b = blocks.get(step.at) ?? { at: step.at, calls: [] };
    for (const c of step.calls ?? []) b.calls.push(c);
    blocks.set(step.at, b);
  }
  for (const b of blocks.values()) {
    let rootSeen = false;
    for (const c of b.calls) {
      const root = c.origin === "Root";
      if (!root && !(c.origin && typeof c.origin === "object" && "Signed" in c.origin)) throw new Error(`${file}: at ${b.at}: origin ${JSON.stringify(c.origin)} not supported`);
      if (rootSeen && !root) throw new Error(`${file}: at ${b.at}: a signed call after a Root call (the real side runs Root calls, as DMP messages, after the block's extrinsics)`);
      rootSeen ||= root;
    }
  }
  if (handoff !== undefined && clockOf(doc).kind !== "aligned") throw new Error(`${file}: a handoff from Corelab's state is supported on the aligned clock only`);
  return { start, handoff, clock: clockOf(doc), blocks: [...blocks.values()].sort((a, b) => a.at - b.at), balances: doc.genesis?.Balances?.balances ?? {} };
}

/**
 * The sequence's parachain clock, from the preset knob `constants.ParachainSystem` (as the preset
 * reads it): `{ kind: "aligned" }` (default) or `{ kind: "natural", relayBlocksPerParaBlock }`
 * (default 2, the 1003000 runtime's).
 */
function clockOf(doc) {
  const knob = doc.constants?.ParachainSystem ?? {};
  if ((knob.Clock ?? "aligned") === "aligned") return { kind: "aligned" };
  return { kind: "natural", relayBlocksPerParaBlock: knob.RelayBlocksPerParaBlock ?? 2 };
}

/** The first para block whose tick reads at least relay block `r`: `r` aligned; natural, the first `b` with `rp(b − 1) ≥ r`. */
function firstBlockReading(clock, r) {
  return clock.kind === "aligned" ? r : Math.ceil(r / clock.relayBlocksPerParaBlock) + 1;
}

/** Where the real side's next tick that does something falls, in [h + 1, s): see README ("Skipped blocks"). */
function nextTick(st, h, s, clock) {
  const status = st.Status;
  const config = st.Configuration;
  if (!status || !config) return undefined;
  if (st.CoreCountInbox != null || st.RevenueInbox != null) return h + 1 < s ? h + 1 : undefined;
  const r1 = (status.last_committed_timeslice + 1) * P - config.advance_notice;
  const r2 = (status.last_timeslice + 1) * P;
  const r = Math.max(h + 1, firstBlockReading(clock, Math.min(r1, r2)));
  return r < s ? r : undefined;
}

/**
 * Runs the sequence on the real runtime. Returns `Map<block, { calls, events, storage, raw, unknown }>` and timings.
 * A sequence with a handoff (`snapshot: corelab-state`) starts from Corelab's state after the handoff
 * block (`corelabState()`: its chopsticks import-storage, loaded with chopsticks' `setStorage` into
 * the chain spec's genesis state) and builds only the blocks after it.
 */
async function runReal(plan, name, corelabState) {
  const t0 = Date.now();
  const rc = await RealChain.start(SPEC);
  const dec = new RealDecoder(rc.metadataBytes);
  const tStart = Date.now() - t0;
  const out = new Map();
  const raw = {};
  let imported = 0;
  if (plan.handoff !== undefined) {
    const st = await corelabState();
    if (!st || st.block !== plan.handoff) throw new Error(`${name}: the Corelab side gave no state after block ${plan.handoff}`);
    imported = await rc.importStorage(st.chopsticks);
    // the state as loaded, compared with Corelab's after the handoff block (storage only)
    const blockRaw = await rc.brokerRaw();
    const decoded = dec.storage(blockRaw);
    raw[plan.handoff] = blockRaw;
    out.set(plan.handoff, { calls: [], events: [], storage: decoded.storage, raw: blockRaw, unknown: decoded.unknown, auto: 0, storageOnly: true });
  } else {
    const balances = {};
    for (const [who, amount] of Object.entries(plan.balances)) balances[who] = BigInt(rc.value(amount));
    await rc.setBalances(balances);
  }
  // natural clock: the genesis block `start` was built on relay parent rp(start), as Corelab's model
  // has it (chopsticks' own block 1 has relay parent 1002); from here the chain keeps the value
  if (plan.clock.kind === "natural") await rc.setLastRelay(plan.clock.relayBlocksPerParaBlock * plan.start);
  let state = dec.storage(await rc.brokerRaw()).storage;
  let built = 0;
  /** The block the sequence is at on the real side: the head, or the handoff block before the first block after it. */
  const at = () => Math.max(rc.head.number, plan.handoff ?? 0);

  const build = async (n, calls) => {
    const signedCalls = calls.filter((c) => c.origin !== "Root");
    const rootCalls = calls.filter((c) => c.origin === "Root");
    // the relay's answer to the tick's revenue request (Corelab's mock relay answers at once)
    const auto = [];
    const status = state.Status;
    // what this block's tick reads: aligned, n (written before the block); natural, the chain's own
    const reads = plan.clock.kind === "natural" ? await rc.lastRelay() : n;
    if (status && state.Configuration && status.last_timeslice < Math.floor(reads / P) && !rootCalls.some((c) => c.call === "Broker.notify_revenue")) {
      auto.push({ origin: "Root", call: "Broker.notify_revenue", args: { revenue: { until: (status.last_timeslice + 1) * P, amount: 0 } }, auto: true });
    }
    const roots = [...auto, ...rootCalls];
    const txs = [];
    for (const c of signedCalls) txs.push(await rc.signed(c.origin.Signed, rc.call(c.call, c.args)));
    const msgs = [];
    for (const c of roots) msgs.push(await rc.rootMessage(rc.call(c.call, c.args)));
    const block = await rc.buildBlock(n, { transactions: txs, rootMessages: msgs, clock: plan.clock });
    built++;
    const included = await block.extrinsics;
    const events = dec.decodeEvents(await rc.systemEventsRaw(block));
    // signed results, by extrinsic index
    const results = [];
    for (const tx of txs) {
      const i = included.indexOf(tx);
      if (i < 0) {
        results.push("NotIncluded");
        continue;
      }
      const e = events.find((x) => x.phase.type === "ApplyExtrinsic" && x.phase.value === i && x.event.type === "System" && (x.event.value.type === "ExtrinsicSuccess" || x.event.value.type === "ExtrinsicFailed"));
      results.push(!e ? "NoResult" : e.event.value.type === "ExtrinsicSuccess" ? "ok" : dec.errorName(e.event.value.value.dispatch_error));
    }
    // root results: the Finalization events, message by message (closed by MessageQueue.Processed)
    const rootResults = [];
    let cur;
    for (const e of events) {
      if (e.phase.type !== "Finalization") continue;
      const { type: pallet, value: ev } = e.event;
      if (pallet === "Utility" && ev.type === "BatchInterrupted") cur = dec.errorName(ev.value.error);
      else if (pallet === "Utility" && ev.type === "BatchCompleted") cur ??= "ok";
      else if (pallet === "MessageQueue") {
        if (ev.type === "Processed") rootResults.push(ev.value.success ? (cur ?? "NoResult") : "XcmFailed");
        else rootResults.push(`MessageQueue.${ev.type}`);
        cur = undefined;
      }
    }
    const autoResults = rootResults.slice(0, auto.length);
    if (autoResults.some((r) => r !== "ok")) throw new Error(`${name}: block ${n}: the relay's revenue answer failed: ${autoResults}`);
    const blockRaw = await rc.brokerRaw(block);
    raw[n] = blockRaw;
    const decoded = dec.storage(blockRaw);
    state = decoded.storage;
    out.set(n, {
      calls: [...signedCalls.map((c, i) => ({ call: c.call, result: results[i] })), ...rootCalls.map((c, i) => ({ call: c.call, result: rootResults[auto.length + i] ?? "NoResult" }))],
      events: events.filter((e) => e.event.type === "Broker").map((e) => ({ name: e.event.value.type, fields: normaliseEvent(e.event.value.value) })),
      storage: decoded.storage,
      raw: blockRaw,
      unknown: decoded.unknown,
      auto: auto.length,
    });
  };

  // natural clock: a block after a gap is preceded by the block before it (empty), so that its tick
  // reads rp(n − 1) from the chain as Corelab's does (no tick acts in the gap: see nextTick)
  const buildAfterGap = async (n, calls) => {
    if (plan.clock.kind === "natural" && n > rc.head.number + 1 && n - 1 > plan.start) await build(n - 1, []);
    await build(n, calls);
  };
  for (const b of plan.blocks) {
    for (;;) {
      const r = nextTick(state, at(), b.at, plan.clock);
      if (r === undefined) break;
      await buildAfterGap(r, []);
    }
    await buildAfterGap(b.at, b.calls);
  }
  const seconds = (Date.now() - t0) / 1000;
  mkdirSync(join(HERE, "out"), { recursive: true });
  writeFileSync(join(HERE, "out", `${name}.real-raw.json`), `${JSON.stringify({ sequence: name, runtime: `coretime-polkadot ${rc.specVersion}`, note: "every key under twox128(\"Broker\") after each block built on the real side, value hex", blocks: raw }, null, 1)}\n`);
  await rc.close();
  return { blocks: out, handoff: plan.handoff, seconds, startSeconds: tStart / 1000, built, imported, mapItems: new Set([...dec.items.values()].filter((i) => i.kind === "map").map((i) => i.name)) };
}

const { normalise } = await import("./lib/decode.mjs");
function normaliseEvent(v) {
  return normalise(v) ?? {};
}

function allowed(d, capabilities = {}) {
  return allowList.find((a) =>
    (a.whenCorelabLacks === undefined || capabilities[a.whenCorelabLacks] === false) &&
    (a.sequence === undefined || a.sequence === d.sequence) &&
    (a.block === undefined || a.block === d.block) &&
    (a.kind === undefined || (Array.isArray(a.kind) ? a.kind.includes(d.kind) : a.kind === d.kind)) &&
    (a.path === undefined || new RegExp(a.path).test(d.path)) &&
    (a.real === undefined || a.real === d.realText) &&
    (a.corelab === undefined || a.corelab === d.corelabText),
  );
}

const short = (v) => {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s === undefined ? "absent" : s.length > 300 ? `${s.slice(0, 297)}...` : s;
};

/** The name of a Broker key's item: a storage item of Corelab's pallet, a pallet-level key (`:__STORAGE_VERSION__:`), or `?`. */
function keyItem(key, prefixes) {
  const p = key.slice(0, 2 + 64);
  return prefixes[p] ?? PALLET_KEYS[p] ?? `?${key.slice(34, 66)}`;
}
const PALLET_KEYS = Object.fromEntries([":__STORAGE_VERSION__:"].map((k) => [BROKER_PREFIX + xxhashAsHex(k, 128).slice(2), k]));

function compare(name, real, corelab) {
  const diffs = [];
  const count = { decoded: 0, raw: 0 };
  const differ = { decoded: 0, raw: 0 };
  const add = (block, kind, path, r, c, leaves) => {
    differ[kind === "raw" ? "raw" : "decoded"]++;
    diffs.push({ sequence: name, block, kind, path, real: r, corelab: c, leaves, realText: typeof r === "string" ? r : JSON.stringify(r), corelabText: typeof c === "string" ? c : JSON.stringify(c) });
  };
  const lastBuilt = Math.max(...real.blocks.keys());
  for (const [n, rb] of real.blocks) {
    const cb = corelab.blocks.get(n);
    if (!cb) {
      add(n, "block", "", "built", "missing", []);
      continue;
    }
    // call results, in order (not at a handoff block: the real side loaded its state, built nothing)
    const nc = rb.storageOnly ? 0 : Math.max(rb.calls.length, cb.calls.length);
    for (let i = 0; i < nc; i++) {
      count.decoded++;
      const r = rb.calls[i];
      const c = cb.calls[i];
      if (r?.result !== c?.result || r?.call !== c?.call) add(n, "call", `${i}:${r?.call ?? c?.call}`, r?.result ?? null, c?.result ?? null, []);
    }
    // Broker events, in order, every field
    const ne = rb.storageOnly ? 0 : Math.max(rb.events.length, cb.events.length);
    for (let i = 0; i < ne; i++) {
      count.decoded++;
      const r = rb.events[i];
      const c = cb.events[i];
      const leaves = r && c && r.name === c.name ? diffLeaves(r.fields, c.fields, "") : null;
      if (leaves === null || leaves.length) add(n, "event", `${i}:${r?.name ?? c?.name}${r && c && r.name !== c.name ? `/${c.name}` : ""}`, r ?? null, c ?? null, leaves ?? []);
    }
    // Broker storage, value by value (decoded)
    const s = diffStorage(rb.storage, cb.storage, real.mapItems);
    count.decoded += s.compared;
    for (const d of s.diffs) add(n, "storage", d.path, d.real, d.corelab, d.leaves);
    // Broker storage, key by key, byte for byte. A pallet-level key (`:__STORAGE_VERSION__:`)
    // cannot change within a sequence (no runtime upgrade): compared once, at the last block.
    const keys = [...new Set([...Object.keys(rb.raw), ...Object.keys(cb.raw)])].sort();
    for (const key of keys) {
      const item = keyItem(key, corelab.prefixes);
      if (item in PALLET_KEYS_BY_NAME && n !== lastBuilt) continue;
      count.raw++;
      const r = rb.raw[key] ?? null;
      const c = cb.raw[key] ?? null;
      if (r !== c) add(n, "raw", key.length > 66 ? `${item}[0x${key.slice(66)}]` : item, r, c, []);
    }
  }
  // blocks the real side skipped: Corelab's tick must have done nothing there
  for (const [n, cb] of corelab.blocks) {
    if (real.blocks.has(n) || cb.events.length === 0 || n <= (real.handoff ?? -1)) continue;
    for (const e of cb.events) {
      count.decoded++;
      add(n, "event-in-skipped-block", e.name, null, e, []);
    }
  }
  return { compared: count.decoded + count.raw, count, differ, diffs };
}
const PALLET_KEYS_BY_NAME = Object.fromEntries(Object.entries(PALLET_KEYS).map(([k, v]) => [v, k]));

async function main() {
  const seqDir = join(HERE, "sequences");
  const all = readdirSync(seqDir).filter((f) => f.endsWith(".yaml")).sort();
  const args = process.argv.slice(2);
  const chosen = args.length ? args.map((a) => { const f = all.find((x) => x === a || x === `${a}.yaml` || x.replace(/^\d+-/, "") === `${a}.yaml` || x.startsWith(`${a}-`)); if (!f) throw new Error(`no sequence ${a} (have ${all.join(", ")})`); return f; }) : all;
  let compared = 0;
  let differ = 0;
  let unexplained = 0;
  const tally = { decoded: [0, 0, 0], raw: [0, 0, 0] }; // compared, differ, unexplained
  const timings = [];
  const t0 = Date.now();
  const seqs = chosen.map((f) => {
    const file = join(seqDir, f);
    const doc = parseYaml(readFileSync(file, "utf8"));
    return { file, name: basename(f, ".yaml"), doc, plan: planScenario(doc, file) };
  });
  // the Corelab side of every sequence, in one child process, while the real sides run
  const corelabAll = runCorelabIsolated(seqs.map((q) => q.file), PRESET);
  // the real sides, `PEER_JOBS` at a time (default 2: chopsticks' executor runs in worker threads)
  const jobs = Math.max(1, Number(process.env.PEER_JOBS ?? Math.min(2, availableParallelism())));
  const results = new Array(seqs.length);
  let next = 0;
  const worker = async () => {
    while (next < seqs.length) {
      const i = next++;
      results[i] = runReal(seqs[i].plan, seqs[i].name, async () => (await corelabAll)[i].state).then((real) => ({ real }), (error) => ({ error }));
      await results[i];
    }
  };
  const workers = Promise.all(Array.from({ length: Math.min(jobs, seqs.length) }, worker));
  const corelabResults = await corelabAll;
  for (let i = 0; i < seqs.length; i++) {
    const { name, doc } = seqs[i];
    while (results[i] === undefined) await new Promise((r) => setTimeout(r, 50));
    const got = await results[i];
    if (got.error) {
      await workers.catch(() => {});
      throw got.error;
    }
    const real = got.real;
    const corelab = corelabResults[i];
    const tCorelab = corelab.seconds;
    const r = compare(name, real, corelab);
    const side = (b) => b && { calls: b.calls, events: b.events, storage: b.storage };
    writeFileSync(
      join(HERE, "out", `${name}.decoded.json`),
      `${JSON.stringify({ sequence: name, note: "per block the real side built: call results, Broker events, Broker storage, decoded (real) and as Corelab has them", blocks: Object.fromEntries([...real.blocks].map(([n, b]) => [n, { real: side(b), realUndecodedKeys: b.unknown, corelab: side(corelab.blocks.get(n)) }])) }, null, 1)}\n`,
    );
    writeFileSync(join(HERE, "out", `${name}.corelab-raw.json`), `${JSON.stringify({ sequence: name, note: "Corelab's Broker storage as storageKeyHex -> SCALE hex, at the blocks the real side built", blocks: Object.fromEntries([...real.blocks.keys()].map((n) => [n, corelab.blocks.get(n)?.raw ?? null])) }, null, 1)}\n`);
    compared += r.compared;
    differ += r.diffs.length;
    log(`── ${name}: ${doc.name}`);
    if (real.handoff !== undefined) log(`   handoff: the real side started from Corelab's state after block ${real.handoff} (chopsticks import-storage, ${real.imported} keys: System.Account, Balances, Broker)`);
    log(`   real: ${real.built} blocks built in ${real.seconds.toFixed(1)} s (chopsticks start ${real.startSeconds.toFixed(1)} s); corelab: ${corelab.blocks.size} blocks in ${tCorelab.toFixed(1)} s${corelab.passed ? "" : `, ${corelab.mismatches.length} scenario expectations failed`}`);
    for (const m of corelab.mismatches) log(`   corelab expectation: block ${m.block} ${m.path}: expected ${m.expected}, got ${m.actual}`);
    for (const d of r.diffs) {
      const a = allowed(d, corelab.capabilities);
      if (!a) unexplained++;
      if (!a) tally[d.kind === "raw" ? "raw" : "decoded"][2]++;
      log(`   ${a ? "explained  " : "UNEXPLAINED"} block ${d.block} ${d.kind} ${d.path}`);
      if (d.leaves.length && d.leaves.length <= 6) for (const l of d.leaves) log(`       ${l.path || "(value)"}: real ${short(l.real)} | corelab ${short(l.corelab)}`);
      else log(`       real ${short(d.real)} | corelab ${short(d.corelab)}`);
      if (a) log(`       (${a.id}: ${a.reason.split("\n")[0].slice(0, 160)})`);
    }
    for (const k of ["decoded", "raw"]) {
      tally[k][0] += r.count[k];
      tally[k][1] += r.differ[k];
    }
    log(`   ${r.compared} values compared, ${r.diffs.length} differ (decoded ${r.count.decoded} / ${r.differ.decoded}, raw keys ${r.count.raw} / ${r.differ.raw})`);
    timings.push([name, real.seconds, tCorelab]);
  }
  await workers;
  log("");
  for (const [n, sr, sc] of timings) log(`time ${n}: real ${sr.toFixed(1)} s, corelab ${sc.toFixed(1)} s`);
  log(`wall time ${((Date.now() - t0) / 1000).toFixed(1)} s (${jobs} real side(s) at a time)`);
  log(`decoded (calls, events, storage values): ${tally.decoded[0]} compared, ${tally.decoded[1]} differ (${tally.decoded[2]} unexplained)`);
  log(`raw Broker storage (key by key, SCALE bytes): ${tally.raw[0]} compared, ${tally.raw[1]} differ (${tally.raw[2]} unexplained)`);
  log(`explained by allow-list.json: ${differ - unexplained}; unexplained: ${unexplained}`);
  log(`${compared} values compared, ${differ} differ (${unexplained} unexplained)`);
  return unexplained === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e?.stack ?? e);
    process.exit(2);
  },
);
