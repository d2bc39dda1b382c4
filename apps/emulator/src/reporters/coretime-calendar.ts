/**
 * Relay block → date, for the `coretime` reporter: piecewise-linear between anchors (a relay block
 * whose date is known), 6 s blocks before the first and after the last. Every date it gives is
 * approximate: real relay chains miss slots (Kusama averaged ≈ 6.13 s between the two anchors
 * below), and some anchors are known to the day only.
 *
 * Anchors (docs/references.md#real-coretime-data):
 * - Kusama 22 861 430 ≈ 2024-04-20 12:00 UTC: the restart (stated date 2024-04-20; block derived
 *   from the stated commit timeslice 285 768; time of day unknown, ±12 h);
 * - Kusama 26 187 122 = 2024-12-13T10:58:36Z: relay parent and timestamp of coretime block
 *   1 702 753 (sidecar `coretimeBlock1702753.json`, exact);
 * - Polkadot 22 602 000 ≈ 2024-09-20 12:00 UTC: the sales began in September 2024 (stated);
 *   block 22 602 000 = the stated commit timeslice 282 525 × 80; the day is that of the
 *   coretime-lease snapshot `polkadot-output-200924` used by runtimes PR #458 (±1 week).
 */

/** A relay block with a known (or estimated) date. */
export interface Anchor {
  readonly block: number;
  /** Milliseconds since the Unix epoch (UTC). */
  readonly ms: number;
  /** Whether the date is exact (false: known to the day or the week). */
  readonly exact: boolean;
  /** Where it comes from, one line. */
  readonly source: string;
}

/** A relay chain's calendar: its anchors, ascending by block, and how its sales are numbered. */
export interface RelayCalendar {
  readonly relay: string;
  readonly anchors: readonly Anchor[];
  /**
   * `region_begin` of the sale the reference numbers 1 (Kusama: the sale of the 2024-04-20
   * restart; Polkadot: the first sale); sale k begins `(k − 1) × region_length` later.
   */
  readonly saleOneRegionBegin: number;
}

/** Nominal relay block time (ms). */
export const RELAY_BLOCK_MS = 6_000;

/** Kusama: the 2024-04-20 restart and the 2024-12-13 sidecar snapshot. */
export const KUSAMA_CALENDAR: RelayCalendar = {
  relay: "Kusama",
  anchors: [
    { block: 22_861_430, ms: Date.UTC(2024, 3, 20, 12, 0, 0), exact: false, source: "the restart, 2024-04-20 (stated day)" },
    { block: 26_187_122, ms: Date.UTC(2024, 11, 13, 10, 58, 36), exact: true, source: "coretime block 1,702,753 (sidecar)" },
  ],
  saleOneRegionBegin: 290_808,
};

/** Polkadot: the start of sales, September 2024. */
export const POLKADOT_CALENDAR: RelayCalendar = {
  relay: "Polkadot",
  anchors: [{ block: 22_602_000, ms: Date.UTC(2024, 8, 20, 12, 0, 0), exact: false, source: "start of sales, Sept 2024 (±1 week)" }],
  saleOneRegionBegin: 287_565,
};

/** The calendar of a coretime preset (`coretime-kusama@…` → Kusama), or undefined for other runtimes. */
export function calendarFor(presetName: string): RelayCalendar | undefined {
  if (presetName === "coretime-kusama" || presetName.startsWith("coretime-kusama@")) return KUSAMA_CALENDAR;
  if (presetName === "coretime-polkadot" || presetName.startsWith("coretime-polkadot@")) return POLKADOT_CALENDAR;
  return undefined;
}

/** The estimated time of relay block `block` (ms since the epoch). */
export function blockTime(cal: RelayCalendar, block: number): number {
  const a = cal.anchors;
  const first = a[0]!;
  const last = a[a.length - 1]!;
  if (block <= first.block) return first.ms - (first.block - block) * RELAY_BLOCK_MS;
  if (block >= last.block) return last.ms + (block - last.block) * RELAY_BLOCK_MS;
  let i = 0;
  while (a[i + 1]!.block < block) i++;
  const lo = a[i]!;
  const hi = a[i + 1]!;
  return lo.ms + Math.round(((hi.ms - lo.ms) * (block - lo.block)) / (hi.block - lo.block));
}

/** `2024-04-28 09:36` (UTC, minutes). */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/** The estimated date of a relay block, `2024-04-28 09:36`. */
export function blockDate(cal: RelayCalendar, block: number): string {
  return formatDate(blockTime(cal, block));
}

/** Lines naming the anchors, for the report's head (each under 96 characters). */
export function describeCalendar(cal: RelayCalendar): string[] {
  const head =
    cal.anchors.length > 1
      ? `dates ≈ UTC, linear between these ${cal.relay} relay blocks, 6 s per block outside them:`
      : `dates ≈ UTC, 6 s per block from this ${cal.relay} relay block:`;
  return [head, ...cal.anchors.map((x) => `  ${x.block.toLocaleString("en-US")} ${x.exact ? "=" : "≈"} ${formatDate(x.ms)}  ${x.source}`)];
}
