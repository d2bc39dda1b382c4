/**
 * The `events` reporter: a summary any runtime has: extrinsics by call with their outcomes, and
 * events by kind, with the blocks they were first and last seen in. A template for richer,
 * pallet-specific reporters (a broker sale timeline).
 */
import { formatDispatchError } from "@corelab/frame";
import { plainJson } from "@corelab/testing";
import type { Reporter, ReporterSession } from "./types.ts";

interface Tally {
  count: number;
  first: number;
  last: number;
}

/** The `events` reporter. */
export const eventsReporter: Reporter = {
  name: "events",
  description: "extrinsics by call and outcome, events by kind (count, first and last block)",
  create(ctx): ReporterSession {
    const calls = new Map<string, { ok: number; failed: Map<string, number> }>();
    const events = new Map<string, Tally>();
    return {
      block(b): void {
        for (const x of b.extrinsics) {
          const k = `${x.call.pallet}.${x.call.name}`;
          let c = calls.get(k);
          if (!c) calls.set(k, (c = { ok: 0, failed: new Map() }));
          if (x.result.ok) c.ok++;
          else {
            const e = formatDispatchError(x.result.error);
            c.failed.set(e, (c.failed.get(e) ?? 0) + 1);
          }
        }
        for (const e of b.events) {
          const k = `${e.event.type}.${e.event.value.type}`;
          const t = events.get(k);
          if (t) {
            t.count++;
            t.last = b.number;
          } else events.set(k, { count: 1, first: b.number, last: b.number });
        }
      },
      render(result) {
        const { dim } = ctx.style;
        const lines: string[] = [];
        const xts = [...calls.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
        lines.push(`extrinsics:${xts.length === 0 ? " none" : ""}`);
        for (const [k, c] of xts) {
          const failed = [...c.failed.entries()].map(([e, n]) => `${n} × Err(${e})`);
          lines.push(`  ${k}: ${c.ok} ok${failed.length ? `, ${failed.join(", ")}` : ""}`);
        }
        const evs = [...events.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
        lines.push(`events (blocks ${result.start + 1}..${result.start + result.blocks}):${evs.length === 0 ? " none" : ""}`);
        for (const [k, t] of evs) lines.push(`  ${k} × ${t.count} ${dim(t.first === t.last ? `(block ${t.first})` : `(blocks ${t.first}..${t.last})`)}`);
        return {
          text: lines.join("\n"),
          json: plainJson({
            extrinsics: Object.fromEntries(xts.map(([k, c]) => [k, { ok: c.ok, failed: Object.fromEntries(c.failed) }])),
            events: Object.fromEntries(evs),
          }),
        };
      },
    };
  },
};
