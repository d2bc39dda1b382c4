/**
 * The explorer's HTTP server (node:http, no framework): server-rendered pages over a run store,
 * which it only reads. Routes: `/` (runs, `?kind=&outcome=`), `/runs/<id>` (a run),
 * `/runs/<id>/blocks/<n>?file=&chain=` (a replay block).
 */
import { CorelabError } from "@corelab/frame";
import { openStore, RUN_KINDS, RUN_OUTCOMES, type RunDetails, type RunInfo, type RunKind, type RunStore } from "@corelab/store";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bandSpec, renderSvg, type BandPoint } from "./charts.ts";
import { badge, cell, esc, link, page, pre, table } from "./html.ts";

/** What `startExplorer` takes. */
export interface ExplorerOptions {
  /** The store, or the path of its file (opened read-only; relative to `cwd`). */
  readonly store: RunStore | string;
  /** The port; `0` or absent: any free port. */
  readonly port?: number;
  /** The interface to listen on (default `127.0.0.1`: this machine only). */
  readonly host?: string;
  /** Resolves a `store` path (default `process.cwd()`). */
  readonly cwd?: string;
  /** Blocks listed per page of a replay run (default 500). */
  readonly blocksPerPage?: number;
  /** At most this many x positions per chart; longer series are averaged into buckets of steps (default 600). */
  readonly chartPoints?: number;
}

/** A running explorer. */
export interface Explorer {
  /** `http://host:port/` */
  readonly url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** An HTTP error page. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Starts the explorer; resolves once it listens. A store path that is not a store rejects (`CorelabError`). */
export async function startExplorer(opts: ExplorerOptions): Promise<Explorer> {
  const store = typeof opts.store === "string" ? await openStore(opts.store, { readOnly: true, cwd: opts.cwd }) : opts.store;
  const ctx: Ctx = { store, blocksPerPage: opts.blocksPerPage ?? 500, chartPoints: opts.chartPoints ?? 600 };
  const server = createServer((req, res) => {
    handle(ctx, req, res).catch((e) => send(res, 500, errorPage(500, e)));
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface Ctx {
  readonly store: RunStore;
  readonly blocksPerPage: number;
  readonly chartPoints: number;
}

function send(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(res.req.method === "HEAD" ? undefined : html);
}

function errorPage(status: number, e: unknown): string {
  const title = status === 404 ? "Not found" : status === 400 ? "Bad request" : status === 405 ? "Method not allowed" : "Store error";
  const message = e instanceof CorelabError ? e.message : e instanceof Error ? e.message : String(e);
  return page(title, `<h1>${status} ${esc(title)}</h1>\n<pre class="error">${esc(message)}</pre>\n<p>${link("/", "all runs")}</p>`);
}

async function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, `${req.method} is not served: the explorer only reads`);
    const url = new URL(req.url ?? "/", "http://explorer");
    let parts: string[];
    try {
      parts = url.pathname.split("/").filter((p) => p !== "").map(decodeURIComponent);
    } catch {
      throw new HttpError(404, `no page ${url.pathname}`);
    }
    if (parts.length === 0) return send(res, 200, await runsPage(ctx, url.searchParams));
    if (parts[0] === "runs" && parts.length === 2) return send(res, 200, await runPage(ctx, parts[1] as string, url.searchParams));
    if (parts[0] === "runs" && parts.length === 4 && parts[2] === "blocks") return send(res, 200, await blockPage(ctx, parts[1] as string, parts[3] as string, url.searchParams));
    throw new HttpError(404, `no page ${url.pathname}`);
  } catch (e) {
    if (e instanceof HttpError) return send(res, e.status, errorPage(e.status, e.message));
    if (e instanceof CorelabError && (e.code === "UnknownRun" || e.code === "AmbiguousRun")) return send(res, 404, errorPage(404, e));
    return send(res, 500, errorPage(500, e));
  }
}

// ---- pages ----

const runHref = (id: string) => `/runs/${encodeURIComponent(id)}`;

function blockHref(id: string, n: number, file: string | null, chain: string | null): string {
  const q = new URLSearchParams();
  if (file !== null) q.set("file", file);
  if (chain !== null) q.set("chain", chain);
  const qs = q.toString();
  return `${runHref(id)}/blocks/${n}${qs ? `?${qs}` : ""}`;
}

function what(r: RunInfo): string {
  return r.runtime ?? r.model ?? "";
}

async function runsPage(ctx: Ctx, q: URLSearchParams): Promise<string> {
  const kind = q.get("kind") || undefined;
  const outcome = q.get("outcome") || undefined;
  if (kind !== undefined && !RUN_KINDS.includes(kind as RunKind)) throw new HttpError(400, `unknown kind ${JSON.stringify(kind)}: one of ${RUN_KINDS.join(", ")}`);
  const outcomes = [...RUN_OUTCOMES, "running", "incomplete"];
  if (outcome !== undefined && !outcomes.includes(outcome)) throw new HttpError(400, `unknown outcome ${JSON.stringify(outcome)}: one of ${outcomes.join(", ")}`);
  const runs = (await ctx.store.listRuns({ kind: kind as RunKind | undefined })).filter((r) => outcome === undefined || (r.outcome ?? r.status) === outcome);
  const option = (v: string, sel: string | undefined) => `<option value="${esc(v)}"${v === sel ? " selected" : ""}>${esc(v || "any")}</option>`;
  const form = `<form method="get" action="/">
<label>kind <select name="kind">${["", ...RUN_KINDS].map((k) => option(k, kind ?? "")).join("")}</select></label>
<label>outcome <select name="outcome">${["", ...outcomes].map((o) => option(o, outcome ?? "")).join("")}</select></label>
<button type="submit">filter</button></form>`;
  const rows = runs.map((r) => [
    link(runHref(r.id), `<code>${esc(r.id)}</code>`),
    esc(r.kind),
    esc(what(r)),
    badge(r.outcome, r.status),
    esc(r.startedAt),
    `<code>${esc(r.command.join(" "))}</code>`,
  ]);
  return page("runs", `<h1>Runs${kind || outcome ? ` <small>(${esc([kind, outcome].filter(Boolean).join(", "))})</small>` : ""}</h1>\n${form}\n<p>${runs.length} run${runs.length === 1 ? "" : "s"}, newest first</p>\n${table(["run", "kind", "runtime / model", "outcome", "started", "command"], rows, "no runs")}`);
}

function runHeader(r: RunDetails): string {
  const dur = r.endedAt ? `${((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s` : "";
  const dl: [string, string][] = [
    ["kind", esc(r.kind)],
    ["outcome", `${badge(r.outcome, r.status)} <span class="none">${esc(r.status)}</span>`],
    ["command", `<code>corelab ${esc(r.command.join(" "))}</code>`],
    ["corelab", esc(r.corelabVersion)],
    ...(r.runtime !== null ? ([["runtime", esc(r.runtime)]] as [string, string][]) : []),
    ...(r.model !== null ? ([["model", esc(r.model)]] as [string, string][]) : []),
    ...(r.seeds !== null ? ([["seeds", esc(r.seeds.join(", "))]] as [string, string][]) : []),
    ["started", esc(r.startedAt)],
    ["ended", r.endedAt ? `${esc(r.endedAt)} (${dur})` : `<span class="none">—</span>`],
    ["recorded by", `pid ${esc(r.pid)} on ${esc(r.host)}`],
  ];
  const counts = Object.entries(r.counts).map(([k, v]) => `${esc(k)} ${esc(v)}`).join(" · ");
  return `<h1>Run <code>${esc(r.id)}</code></h1>
<dl>${dl.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join("")}</dl>
<p class="none">${counts}</p>
${r.sweepPoints !== null ? `<h2>Sweep points</h2>${pre(r.sweepPoints)}` : ""}
<h2>Parameters</h2>${pre(r.params)}
<h2>Summary</h2>${pre(r.summary)}`;
}

async function runPage(ctx: Ctx, id: string, q: URLSearchParams): Promise<string> {
  const r = await ctx.store.getRun(id);
  let body = runHeader(r);
  if (r.counts.expectations > 0 || r.kind === "replay") body += await expectationsSection(ctx, r);
  if (r.counts.blocks > 0 || r.kind === "replay") body += await blocksSection(ctx, r, q);
  if (r.counts.metricValues > 0) body += await metricsSection(ctx, r);
  return page(`run ${r.id}`, body);
}

async function expectationsSection(ctx: Ctx, r: RunDetails): Promise<string> {
  const failed = await ctx.store.expectations(r.id, { passed: false });
  const rows = failed.map((e) => [
    esc(e.file) + (e.line !== null ? `<span class="none">:${esc(e.line)}${e.column !== null ? `:${esc(e.column)}` : ""}</span>` : ""),
    esc(e.step),
    link(blockHref(r.id, e.block, e.file, null), `#${esc(e.block)}`),
    `<code>${esc(e.path)}</code>`,
    cell(e.expected),
    cell(e.actual),
    cell(e.note),
  ]);
  return `<h2>Failed expectations <small>(${failed.length} of ${r.counts.expectations})</small></h2>\n${table(["file", "step", "block", "path", "expected", "actual", "note"], rows, "no failed expectations")}`;
}

async function blocksSection(ctx: Ctx, r: RunDetails, q: URLSearchParams): Promise<string> {
  const per = ctx.blocksPerPage;
  const pages = Math.max(1, Math.ceil(r.counts.blocks / per));
  const pageNo = Math.min(pages, Math.max(1, Math.trunc(Number(q.get("page") ?? "1")) || 1));
  const rows = await ctx.store.query(
    `SELECT b.file, b.chain, CAST(b.number AS DOUBLE) AS number, b.extrinsic_count, b.event_count, b.change_count
     FROM blocks b JOIN runs r ON r.run = b.run WHERE r.id = $1 ORDER BY b.ordinal LIMIT ${per} OFFSET ${(pageNo - 1) * per}`,
    [r.id],
  );
  const cells = rows.map((b) => {
    const file = (b.file ?? null) as string | null;
    const chain = (b.chain ?? null) as string | null;
    const n = Number(b.number);
    return [link(blockHref(r.id, n, file, chain), `#${n}`), cell(file), cell(chain), esc(b.extrinsic_count), esc(b.event_count), esc(b.change_count)];
  });
  const nav =
    pages > 1
      ? `<nav class="steps">${pageNo > 1 ? link(`${runHref(r.id)}?page=${pageNo - 1}`, "← previous blocks") : ""}<span>page ${pageNo} of ${pages}</span> ${pageNo < pages ? link(`${runHref(r.id)}?page=${pageNo + 1}`, "next blocks →") : ""}</nav>`
      : "";
  return `<h2>Blocks <small>(${r.counts.blocks})</small></h2>\n${nav}\n${table(["block", "file", "chain", "extrinsics", "events", "changes"], cells, "no blocks recorded")}\n${nav}`;
}

function pointLabel(r: RunDetails, point: number): string {
  const p = r.sweepPoints?.[point];
  if (p === undefined) return r.sweepPoints && r.sweepPoints.length > 0 ? `point ${point}` : "";
  if (p !== null && typeof p === "object" && "label" in p && typeof (p as { label: unknown }).label === "string") return (p as { label: string }).label;
  return `point ${point}: ${JSON.stringify(p)}`;
}

async function metricsSection(ctx: Ctx, r: RunDetails): Promise<string> {
  const names = (await ctx.store.query(`SELECT n.name FROM metric_names n JOIN runs r ON r.run = n.run WHERE r.id = $1 ORDER BY n.metric`, [r.id])).map((x) => String(x.name));
  const maxStep = Number((await ctx.store.query(`SELECT coalesce(max(step), 0)::DOUBLE AS m FROM metric_values WHERE run_id = $1`, [r.id]))[0]?.m ?? 0);
  const bucket = Math.max(1, Math.ceil((maxStep + 1) / ctx.chartPoints));
  // Per (metric, point, bucket of steps): each seed's mean over the bucket, then mean and p5/p95 across seeds.
  const rows = await ctx.store.query(
    `WITH per_seed AS (
       SELECT metric, point, seed, (step // ${bucket}) * ${bucket} AS step, avg(value) AS v
       FROM metric_values WHERE run_id = $1 AND value IS NOT NULL AND isfinite(value)
       GROUP BY ALL)
     SELECT metric, point, CAST(step AS DOUBLE) AS step, avg(v) AS mean, quantile_cont(v, 0.05) AS p5, quantile_cont(v, 0.95) AS p95
     FROM per_seed GROUP BY metric, point, step ORDER BY metric, point, step`,
    [r.id],
  );
  const series = new Map<string, Map<number, BandPoint[]>>();
  for (const x of rows) {
    const byPoint = series.get(String(x.metric)) ?? new Map<number, BandPoint[]>();
    series.set(String(x.metric), byPoint);
    const pts = byPoint.get(Number(x.point)) ?? [];
    byPoint.set(Number(x.point), pts);
    pts.push({ step: Number(x.step), mean: Number(x.mean), p5: Number(x.p5), p95: Number(x.p95) });
  }
  const seeds = r.seeds?.length ?? 0;
  let out = `<h2>Metrics <small>(${names.length}; band: p5–p95 across ${seeds || "the"} seeds, line: mean${bucket > 1 ? `; steps averaged in buckets of ${bucket}` : ""})</small></h2>\n`;
  for (const name of names) {
    const byPoint = series.get(name);
    out += `<h3 id="metric-${esc(name)}">${esc(name)}</h3>\n`;
    if (byPoint === undefined) {
      out += `<p class="none">no numeric values</p>\n`;
      continue;
    }
    for (const [point, pts] of [...byPoint].sort((a, b) => a[0] - b[0])) {
      const label = pointLabel(r, point);
      const svg = await renderSvg(bandSpec(label ? `${name} · ${label}` : name, pts, bucket > 1 ? `step (bucket of ${bucket})` : "step (block)"));
      out += `<figure class="chart" data-metric="${esc(name)}" data-point="${point}">${svg}</figure>\n`;
    }
  }
  return out;
}

async function blockPage(ctx: Ctx, id: string, nText: string, q: URLSearchParams): Promise<string> {
  if (!/^\d+$/.test(nText)) throw new HttpError(404, `no block ${JSON.stringify(nText)}: block numbers are integers`);
  const n = Number(nText);
  const r = await ctx.store.getRun(id);
  const file = q.get("file") ?? undefined;
  const chain = q.get("chain") ?? undefined;
  const blocks = await ctx.store.blocks(r.id, { file, chain, from: n, to: n });
  const where = [file !== undefined ? `file ${file}` : "", chain !== undefined ? `chain ${chain}` : ""].filter(Boolean).join(", ");
  if (blocks.length === 0) throw new HttpError(404, `run ${r.id} recorded no block ${n}${where ? ` (${where})` : ""}`);
  const back = `<p>${link(runHref(r.id), `← run ${esc(r.id)}`)}</p>`;
  if (blocks.length > 1 && (file === undefined || chain === undefined)) {
    const rows = blocks.map((b) => [link(blockHref(r.id, b.number, b.file, b.chain), `#${b.number}`), cell(b.file), cell(b.chain), esc(b.events.length)]);
    return page(`block ${n}`, `${back}<h1>Block ${n}: ${blocks.length} recorded</h1>\n<p>Several files or chains recorded block ${n}; choose one:</p>\n${table(["block", "file", "chain", "events"], rows)}`);
  }
  const b = blocks[0]!;
  const nb = await ctx.store.query(
    `SELECT CAST(prev AS DOUBLE) AS prev, CAST(next AS DOUBLE) AS next FROM (
       SELECT b.number, b.ordinal, lag(b.number) OVER w AS prev, lead(b.number) OVER w AS next
       FROM blocks b JOIN runs r ON r.run = b.run
       WHERE r.id = $1 AND b.file IS NOT DISTINCT FROM $2 AND b.chain IS NOT DISTINCT FROM $3
       WINDOW w AS (ORDER BY b.ordinal)) WHERE number = $4 ORDER BY ordinal LIMIT 1`,
    [r.id, b.file, b.chain, n],
  );
  const prev = nb[0]?.prev ?? null;
  const next = nb[0]?.next ?? null;
  const nav = `<nav class="steps">${prev !== null ? link(blockHref(r.id, Number(prev), b.file, b.chain), `← block ${esc(prev)}`) : `<span class="none">first block</span>`} ${next !== null ? link(blockHref(r.id, Number(next), b.file, b.chain), `block ${esc(next)} →`) : `<span class="none">last block</span>`}</nav>`;
  const xts = b.extrinsics.map((x, i) => {
    const o = (x ?? {}) as { index?: unknown; origin?: unknown; call?: { pallet?: unknown; name?: unknown; args?: unknown }; result?: unknown };
    const call = o.call && typeof o.call === "object" ? `<code>${esc(`${String(o.call.pallet ?? "?")}.${String(o.call.name ?? "?")}`)}</code>` : cell(o.call);
    return [esc(o.index ?? i), call, cell(o.call?.args), cell(o.origin), cell(o.result)];
  });
  const evs = b.events.map((x, i) => {
    const o = (x ?? {}) as { phase?: unknown; event?: { type?: unknown; value?: { type?: unknown; value?: unknown } } };
    const ev = o.event;
    const name = ev && typeof ev === "object" ? `<code>${esc(`${String(ev.type ?? "?")}.${String(ev.value?.type ?? "?")}`)}</code>` : cell(x);
    return [esc(i), name, cell(ev?.value?.value), cell(o.phase)];
  });
  const chs = b.changes.map((x) => {
    const o = (x ?? {}) as { pallet?: unknown; item?: unknown; key?: unknown; old?: unknown; new?: unknown };
    const item = o.pallet !== undefined ? `${String(o.pallet)}.${String(o.item)}` : String(o.item ?? "?");
    return [`<code>${esc(item)}</code>`, cell(o.key), cell(o.old), cell(o.new)];
  });
  const title = `Block ${n}${b.file !== null ? ` of ${b.file}` : ""}${b.chain !== null ? ` on ${b.chain}` : ""}`;
  const body = `${back}<h1>${esc(title)}</h1>
${nav}
<dl><dt>run</dt><dd>${link(runHref(r.id), `<code>${esc(r.id)}</code>`)}</dd><dt>hash</dt><dd><code>${esc(b.hash)}</code></dd><dt>state root</dt><dd>${cell(b.stateRoot)}</dd></dl>
<h2>Extrinsics <small>(${b.extrinsics.length})</small></h2>
${table(["#", "call", "args", "origin", "result"], xts, "no extrinsics")}
<h2>Events <small>(${b.events.length})</small></h2>
${table(["#", "event", "data", "phase"], evs, "no events")}
<h2>Storage changes <small>(${b.changes.length})</small></h2>
${table(["item", "key", "old", "new"], chs, "no storage changes")}
${nav}`;
  return page(title, body);
}
