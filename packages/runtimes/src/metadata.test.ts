// The metadata of `coretime-polkadot@1003000` (runtime.metadata(), @corelab/frame metadata.ts)
// against the REAL coretime-polkadot 1003000 runtime's V15 metadata
// (__fixtures__/coretime-polkadot-1003000.metadata.scale.gz, see __fixtures__/PROVENANCE.md):
//
// 1. papi's dynamic codecs, built from Corelab's metadata AND from the real one, decode Corelab's
//    raw Broker storage (every entry after a sale, purchases, a partition, pooling, revenue) and
//    Broker events to the values Corelab holds;
// 2. pallet-broker's storage entries (names, query kinds, hashers, key and value layouts), calls
//    (names, indices, argument layouts), events (names, indices, field layouts), errors and
//    constants differ from the real runtime's by exactly the listed version differences: Corelab's
//    pallet-broker follows polkadot-sdk 92b7dd505d (2025-12), the real runtime 1003000 the
//    pallet-broker of polkadot-sdk stable2407 (2024-08).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { getDynamicBuilder, getLookupFn } from "@polkadot-api/metadata-builders";
import { AccountId, decAnyMetadata, unifyMetadata, type V15 } from "@polkadot-api/substrate-bindings";
import { Origin, bytesToHex, devAccount, diffPallet, encodeScale, initCrypto, storageKeyHex, type BlockRecord, type Codec, type Runtime, type StorageItem } from "@corelab/frame";
import { Broker } from "@corelab/pallet-broker";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinPresets } from "./index.ts";

beforeAll(initCrypto);

const REAL = decAnyMetadata(gunzipSync(readFileSync(new URL("./__fixtures__/coretime-polkadot-1003000.metadata.scale.gz", import.meta.url))));

/** papi's values in Corelab's JSON shapes (`toJson`): bigints as strings, bytes as hex, SS58 with prefix 42, unit variants without `value`, None as null. */
function normalise(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return bytesToHex(v);
  // the real runtime's SS58 prefix is 0; Corelab writes 42
  if (typeof v === "string" && /^[1-9A-HJ-NP-Za-km-z]{46,48}$/.test(v)) return ss58.dec(ss58.enc(v));
  if (Array.isArray(v)) return v.map(normalise);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.type === "string" && Object.keys(o).every((k) => k === "type" || k === "value")) return o.value === undefined ? { type: o.type } : { type: o.type, value: normalise(o.value) };
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, normalise(x)]));
  }
  return v;
}

const ss58 = AccountId(42);
const FULL = "0xffffffffffffffffffff";
const DOT = 10_000_000_000n;

/**
 * coretime-polkadot@1003000 after a short history touching every kind of Broker item: configure,
 * a reservation, a lease, start_sales, purchases, partitions, pooling (provisional,
 * then final), an assignment, the tick's workplan and history, a revenue answer.
 */
function history(): { rt: Runtime; blocks: BlockRecord[] } {
  const preset = builtinPresets.find((p) => p.name === "coretime-polkadot@1003000")!;
  const rt = preset.create({ genesisNumber: 100, genesis: { Balances: { balances: { alice: "100000 DOT", bob: "100000 DOT", charlie: "100000 DOT", "pallet:Broker": "1000 DOT" } } } });
  const blocks: BlockRecord[] = [];
  rt.onBlock((b) => blocks.push(b));
  const at = (n: number, calls: Array<[Origin, string, Record<string, unknown>]>): void => {
    rt.openBlock(n);
    for (const [origin, call, args] of calls) {
      const r = rt.applyExtrinsic({ origin, call: Broker.call(call as never, args as never) });
      expect(r, `${call} at ${n}`).toEqual({ ok: true });
    }
  };
  const alice = Origin.signed(resolve("alice"));
  const bob = Origin.signed(resolve("bob"));
  at(101, [
    [Origin.root, "configure", { config: { advance_notice: 2, interlude_length: 10, leadin_length: 40, region_length: 2, ideal_bulk_proportion: 1_000_000_000, limit_cores_offered: undefined, renewal_bump: 30_000_000, contribution_timeout: 1 } }],
    [Origin.root, "reserve", { workload: [{ mask: BigInt(FULL), assignment: { type: "Pool" } }] }],
    [Origin.root, "set_lease", { task: 2000, until: 40 }],
    [Origin.root, "start_sales", { end_price: DOT, extra_cores: 4 }],
    [Origin.root, "notify_core_count", { core_count: 6 }],
  ]);
  at(112, [
    [alice, "purchase", { price_limit: 1000n * DOT }],
    [bob, "purchase", { price_limit: 1000n * DOT }],
    [bob, "purchase", { price_limit: 1000n * DOT }],
    [Origin.signed(resolve("charlie")), "purchase", { price_limit: 1000n * DOT }],
  ]);
  const region = (core: number, begin = 3, mask = BigInt(FULL)) => ({ begin, core, mask });
  at(113, [
    [alice, "pool", { region_id: region(2), payee: resolve("alice"), finality: { type: "Provisional" } }],
    [bob, "partition", { region_id: region(3), pivot: 1 }],
    // (interlace, which would leave regions of part of a core, is refused by this era's call filter)
    [bob, "partition", { region_id: region(4), pivot: 1 }],
  ]);
  at(114, [
    [alice, "pool", { region_id: region(2), payee: resolve("charlie"), finality: { type: "Final" } }],
    [bob, "pool", { region_id: region(3), payee: resolve("bob"), finality: { type: "Final" } }],
    [bob, "assign", { region_id: region(3, 4), task: 2001, finality: { type: "Final" } }],
    // a whole region assigned for good: a renewal record
    [Origin.signed(resolve("charlie")), "assign", { region_id: region(5), task: 2002, finality: { type: "Final" } }],
  ]);
  rt.advanceTo(330);
  at(331, [[Origin.root, "notify_revenue", { revenue: { until: 320, amount: 10n * DOT } }]]);
  // inboxes the next block's tick would read
  at(340, [
    [Origin.root, "notify_core_count", { core_count: 5 }],
    [Origin.root, "notify_revenue", { revenue: { until: 400, amount: 4n * DOT } }],
  ]);
  rt.finalizeBlock();
  return { rt, blocks };
}

const resolve = (name: "alice" | "bob" | "charlie"): string => devAccount(name);

/** Every Broker entry as raw storage: `{ key, value, item, codec, mapKey? }`. */
function rawBroker(rt: Runtime): Array<{ key: string; value: Uint8Array; item: string; codec: Codec<any>; json: unknown; keyJson?: unknown }> {
  const out: Array<{ key: string; value: Uint8Array; item: string; codec: Codec<any>; json: unknown; keyJson?: unknown }> = [];
  rt.read((ctx) => {
    for (const [item, s] of Object.entries(Broker.storage) as Array<[string, StorageItem]>) {
      const codec = s.codec as Codec<unknown>;
      if (s.kind === "value") {
        if (!s.exists(ctx)) continue;
        const v: unknown = s.get(ctx);
        out.push({ key: storageKeyHex({ pallet: "Broker", name: item }), value: encodeScale(codec, v), item, codec, json: codec.toJson(v) });
      } else {
        const keyCodec = s.keyCodec as Codec<unknown>;
        for (const [k, v] of s.entries(ctx) as Array<readonly [unknown, unknown]>) {
          out.push({
            key: storageKeyHex({ pallet: "Broker", name: item, keyCodec, hashers: s.hashers }, k),
            value: encodeScale(codec, v),
            item,
            codec,
            json: codec.toJson(v),
            keyJson: keyCodec.toJson(k),
          });
        }
      }
    }
  });
  return out;
}

describe("coretime-polkadot@1003000 metadata", () => {
  it("papi's dynamic codecs, from Corelab's metadata and from the real runtime's, decode Corelab's raw Broker storage to Corelab's values", () => {
    const { rt } = history();
    const md = rt.metadata();
    expect(md.omitted).toEqual([]);
    const builders = { corelab: getDynamicBuilder(getLookupFn(unifyMetadata(decAnyMetadata(md.bytes)))), real: getDynamicBuilder(getLookupFn(unifyMetadata(REAL))) };
    const raw = rawBroker(rt);
    const items = new Set(raw.map((r) => r.item));
    // the history leaves an entry in every Broker item of this era (AutoRenewals is not written before auto-renewal)
    expect([...items].sort()).toEqual(["Configuration", "CoreCountInbox", "InstaPoolContribution", "InstaPoolHistory", "InstaPoolIo", "Leases", "PotentialRenewals", "Regions", "Reservations", "RevenueInbox", "SaleInfo", "Status", "Workload", "Workplan"]);
    let decoded = 0;
    for (const [side, builder] of Object.entries(builders)) {
      for (const r of raw) {
        const st = builder.buildStorage("Broker", r.item);
        expect(normalise(st.value.dec(r.value)), `${side}: value of Broker.${r.item} ${r.key}`).toEqual(r.json);
        expect(bytesToHex(st.value.enc(st.value.dec(r.value))), `${side}: Broker.${r.item} ${r.key}`).toBe(bytesToHex(r.value));
        if (r.keyJson !== undefined) {
          const args = st.keys.dec(r.key) as unknown[];
          expect(normalise(args.length === 1 ? args[0] : args), `${side}: key of Broker.${r.item}`).toEqual(r.keyJson);
          expect(st.keys.enc(...args)).toBe(r.key);
        } else expect(st.keys.enc()).toBe(r.key);
        decoded++;
      }
    }
    expect(decoded).toBe(2 * raw.length);
    expect(raw.length).toBeGreaterThan(20);
  });

  it("papi's dynamic codecs decode Corelab's event records (Corelab's metadata) and Broker events' fields (the real runtime's)", () => {
    const { rt, blocks } = history();
    const md = rt.metadata();
    const corelab = getDynamicBuilder(getLookupFn(unifyMetadata(decAnyMetadata(md.bytes))));
    const real = getDynamicBuilder(getLookupFn(unifyMetadata(REAL)));
    const events = corelab.buildStorage("System", "Events").value;
    const json = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)));
    let broker = 0;
    const names = new Set<string>();
    for (const b of blocks) {
      if (b.events.length === 0) continue;
      const parts = b.events.map((e) => md.eventRecordScale.enc({ phase: e.phase, event: e.event, topics: [] }));
      // `Vec<EventRecord>`: a compact length, then the records
      const bytes = new Uint8Array([...compactLength(parts.length), ...parts.flatMap((p) => [...p])]);
      const decoded = events.dec(bytes) as Array<{ phase: unknown; event: { type: string; value: { type: string; value: unknown } } }>;
      expect(decoded).toHaveLength(b.events.length);
      b.events.forEach((e, i) => {
        const d = decoded[i]!;
        expect(normalise(d.phase)).toEqual(e.phase);
        const fields = Object.keys(e.event.value.value).length === 0 ? undefined : e.event.value.value;
        const pallet = rt.pallets.get(e.event.type)!.pallet;
        const fieldsJson = fields === undefined ? undefined : pallet.events[e.event.value.type]!.toJson(fields);
        expect(normalise(d.event), `block ${b.number} event ${i}`).toEqual({ type: e.event.type, value: fieldsJson === undefined ? { type: e.event.value.type } : { type: e.event.value.type, value: json(fieldsJson) } });
        if (e.event.type === "Broker") {
          // the real runtime's codec of the event's fields reads Corelab's bytes of them
          const ev = real.buildEvent("Broker", e.event.value.type);
          const fieldBytes = Broker.events[e.event.value.type as keyof typeof Broker.events].scale.enc(e.event.value.value as never);
          expect(normalise(ev.codec.dec(fieldBytes)), `real Broker.${e.event.value.type}`).toEqual(fieldsJson === undefined ? null : json(fieldsJson));
          broker++;
          names.add(e.event.value.type);
        }
      });
    }
    expect(broker).toBeGreaterThan(10);
    expect([...names]).toEqual(expect.arrayContaining(["SaleInitialized", "Purchased", "Pooled", "Partitioned", "Assigned", "CoreAssigned", "HistoryInitialized"]));
  });

  it("pallet-broker differs from the real 1003000 runtime's by the listed version differences only", () => {
    const rt = builtinPresets.find((p) => p.name === "coretime-polkadot@1003000")!.create({});
    const md = rt.metadata();
    // construct_runtime!'s indices: Broker 50, Balances 10 (the preset's palletIndices)
    const real = REAL.metadata.value as V15;
    for (const name of ["System", "Balances", "Broker"]) expect(md.palletIndices.get(name), name).toBe(real.pallets.find((p) => p.name === name)!.index);
    const diff = diffPallet(md.v15, REAL.metadata.value as V15, "Broker", { a: "Corelab", b: "real" });
    expect(diff).toEqual([...VERSION_DIFFERENCES].sort());
  });
});

function compactLength(n: number): number[] {
  if (n < 64) return [n << 2];
  if (n < 1 << 14) return [((n << 2) | 1) & 255, n >> 6];
  throw new Error("too many events for this helper");
}

/**
 * What Corelab's pallet-broker (polkadot-sdk 92b7dd505d, 2025-12-18) has that pallet-broker in
 * the real coretime-polkadot 1003000 runtime (polkadot-sdk stable2407, 2024-08) does not, and the
 * indices that moves. Every entry present on both sides has the same layout (storage query kinds,
 * hashers, keys and values; call arguments; event fields; constants' types and values).
 */
const VERSION_DIFFERENCES: readonly string[] = [
  // Coretime auto-renewal (polkadot-sdk #4424, in runtimes from 1 004 000)
  "storage AutoRenewals: only in Corelab",
  "call enable_auto_renew: only in Corelab",
  "call disable_auto_renew: only in Corelab",
  "event AutoRenewalEnabled: only in Corelab",
  "event AutoRenewalDisabled: only in Corelab",
  "event AutoRenewalFailed: only in Corelab",
  "event AutoRenewalLimitReached: only in Corelab",
  "error NoPermission: only in Corelab",
  "error TooManyAutoRenewals: only in Corelab",
  "error NonTaskAutoRenewal: only in Corelab",
  "error SovereignAccountNotFound: only in Corelab",
  "error AutoRenewalNotEnabled: only in Corelab",
  "constant MaxAutoRenewals: only in Corelab",
  // force_reserve (#4273), remove_lease (#7026), remove_assignment (#7080)
  "call force_reserve: only in Corelab",
  "call remove_lease: only in Corelab",
  "call remove_assignment: only in Corelab",
  "event LeaseRemoved: only in Corelab",
  "event AssignmentRemoved: only in Corelab",
  "error LeaseNotFound: only in Corelab",
  "error AssignmentNotFound: only in Corelab",
  // on-demand credit minimum (#5990)
  "error CreditPurchaseTooSmall: only in Corelab",
  "constant MinimumCreditPurchase: only in Corelab",
  // force-unpool before redispatch (#4081)
  "event RegionUnpooled: only in Corelab",
  // polkadot-sdk stable2603 (fellows 2.2.0): #10792's storage and event, #10828's event (the calls
  // remove_potential_renewal and force_transfer are left out of this era's runtime, so no call differs)
  "storage ForceReservations: only in Corelab",
  "event ForceReservationFailed: only in Corelab",
  "event PotentialRenewalRemoved: only in Corelab",
  // Corelab's own constant: which era's sale rules the pallet follows (no Rust counterpart)
  "constant SaleRules: only in Corelab",
  // event indices after the events added in between (AssignmentRemoved at 7, LeaseRemoved at 15,
  // RegionUnpooled at 24): each moves by the number of added events before it
  ...(
    [
      ["Pooled", 8, 7], ["CoreCountRequested", 9, 8], ["CoreCountChanged", 10, 9], ["ReservationMade", 11, 10], ["ReservationCancelled", 12, 11],
      ["SaleInitialized", 13, 12], ["Leased", 14, 13], ["LeaseEnding", 16, 14], ["SalesStarted", 17, 15], ["RevenueClaimBegun", 18, 16],
      ["RevenueClaimItem", 19, 17], ["RevenueClaimPaid", 20, 18], ["CreditPurchased", 21, 19], ["RegionDropped", 22, 20], ["ContributionDropped", 23, 21],
      ["HistoryInitialized", 25, 22], ["HistoryDropped", 26, 23], ["HistoryIgnored", 27, 24], ["ClaimsReady", 28, 25], ["CoreAssigned", 29, 26],
      ["PotentialRenewalDropped", 30, 27],
    ] as const
  ).map(([name, corelab, real]) => `event ${name}: index Corelab ${corelab} / real ${real}`),
  // error indices after LeaseNotFound (19), added before them
  ...(
    [
      ["UnknownRevenue", 20, 19], ["UnknownContribution", 21, 20], ["IncompleteAssignment", 22, 21], ["StillValid", 23, 22], ["NoHistory", 24, 23],
      ["UnknownReservation", 25, 24], ["UnknownRenewal", 26, 25], ["AlreadyExpired", 27, 26], ["InvalidConfig", 28, 27], ["NoClaimTimeslices", 29, 28],
    ] as const
  ).map(([name, corelab, real]) => `error ${name}: index Corelab ${corelab} / real ${real}`),
];
