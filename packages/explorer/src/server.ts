/**
 * The explorer's HTTP server (node:http, no framework): server-rendered pages over a run store,
 * which it only reads. Routes: `/` (runs, `?kind=&outcome=`), `/runs/<id>` (a run),
 * `/runs/<id>/blocks/<n>?file=&chain=` (a replay block).
 */
import { CorelabError } from "@corelab/frame";
import { openStore, RUN_KINDS, RUN_OUTCOMES, type RunDetails, type RunInfo, type RunKind, type RunStore, type StoredExpectation } from "@corelab/store";
import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import { bandSpec, overlaySpec, renderSvg, timelineSpec, type BandPoint } from "./charts.ts";
import { badge, cell, esc, link, page, pre, SCRIPT_TAG, table } from "./html.ts";

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
  /**
   * The folder of the built browser script (`explorer.js`, vite's output). Default: the package's
   * `dist/client`, built with vite on first start from a source checkout when it is missing.
   * Without it the pages work as they are, without the script's keyboard steps and filters.
   */
  readonly clientDir?: string;
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
  const clientDir = opts.clientDir ?? (await builtClient());
  const ctx: Ctx = { store, blocksPerPage: opts.blocksPerPage ?? 500, chartPoints: opts.chartPoints ?? 600, clientDir };
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
  readonly clientDir: string | undefined;
}

/** The browser script's files the server sends, with their content types. */
const ASSETS = new Map([
  ["explorer.js", "text/javascript; charset=utf-8"],
  ["explorer.js.map", "application/json; charset=utf-8"],
]);

/**
 * The folder of the built browser script: next to this module when it runs built (`dist/client`
 * beside `dist/server.js`), else the package's `dist/client`, built now with vite when this is a
 * source checkout (the package has its `vite.config.ts` and vite is installed). Undefined when
 * neither is possible.
 */
async function builtClient(): Promise<string | undefined> {
  const beside = fileURLToPath(new URL("./client/", import.meta.url));
  if (existsSync(join(beside, "explorer.js"))) return beside;
  const pkg = fileURLToPath(new URL("../", import.meta.url));
  const out = join(pkg, "dist", "client");
  if (existsSync(join(out, "explorer.js"))) return out;
  if (!existsSync(join(pkg, "vite.config.ts"))) return undefined;
  building ??= buildClient(pkg, out);
  return building;
}

let building: Promise<string | undefined> | undefined;

/** `vite build` of the package into a folder of its own, then renamed into place (several processes may build at once). */
async function buildClient(pkg: string, out: string): Promise<string | undefined> {
  let vite: typeof import("vite");
  try {
    vite = await import("vite");
  } catch {
    return undefined;
  }
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await vite.build({ configFile: join(pkg, "vite.config.ts"), root: pkg, logLevel: "silent", build: { outDir: tmp } });
    try {
      renameSync(tmp, out);
    } catch {
      // another process put its build there first: the same files
    }
    return existsSync(join(out, "explorer.js")) ? out : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function sendAsset(ctx: Ctx, res: ServerResponse, name: string): void {
  const type = ASSETS.get(name);
  const file = type !== undefined && ctx.clientDir !== undefined ? join(ctx.clientDir, name) : undefined;
  if (type === undefined || file === undefined || !existsSync(file)) throw new HttpError(404, `no asset ${name}`);
  res.writeHead(200, { "content-type": type, "cache-control": "no-cache" });
  res.end(res.req.method === "HEAD" ? undefined : readFileSync(file));
}

function send(res: ServerResponse, status: number, html: string, ctx?: Ctx): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  const out = ctx?.clientDir !== undefined ? html.replace("</body>", `${SCRIPT_TAG}</body>`) : html;
  res.end(res.req.method === "HEAD" ? undefined : out);
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
    if (parts.length === 2 && parts[0] === "assets") return sendAsset(ctx, res, parts[1] as string);
    if (parts.length === 0) return send(res, 200, await runsPage(ctx, url.searchParams), ctx);
    if (parts[0] === "runs" && parts.length === 2) return send(res, 200, await runPage(ctx, parts[1] as string, url.searchParams), ctx);
    if (parts[0] === "runs" && parts.length === 4 && parts[2] === "blocks") return send(res, 200, await blockPage(ctx, parts[1] as string, parts[3] as string, url.searchParams), ctx);
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
  return page("runs", `<h1>Runs${kind || outcome ? ` <small>(${esc([kind, outcome].filter(Boolean).join(", "))})</small>` : ""}</h1>\n${form}\n<p>${runs.length} run${runs.length === 1 ? "" : "s"}, newest first</p>\n${table(["run", "kind", "runtime / model", "outcome", "started", "command"], rows, "no runs", "runs")}`);
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
  if (r.counts.expectations > 0 || r.kind === "replay") body += await expectationsSection(ctx, r, q);
  if (r.counts.coreRuns > 0) body += await timelineSection(ctx, r);
  if (r.counts.blocks > 0 || r.kind === "replay") body += await blocksSection(ctx, r, q);
  if (r.counts.metricValues > 0) body += await metricsSection(ctx, r, q);
  return page(`run ${r.id}`, body);
}

/** At most this many expectations are listed on a run's page unless asked for all (`?expect=all`). */
const EXPECTATIONS_SHOWN = 1000;

function expectationRows(r: RunDetails, list: readonly StoredExpectation[]): string[][] {
  return list.map((e) => [
    badge(e.passed ? "pass" : "fail"),
    esc(e.file) + (e.line !== null ? `<span class="none">:${esc(e.line)}${e.column !== null ? `:${esc(e.column)}` : ""}</span>` : ""),
    link(blockHref(r.id, e.block, e.file, null), `#${esc(e.block)}`),
    `<code>${esc(e.path)}</code>`,
    cell(e.expected),
    e.passed ? `<span class="none">as expected</span>` : cell(e.actual),
    cell(e.note),
  ]);
}

const EXPECTATION_HEADERS = ["", "file", "block", "path", "expected", "actual", "note"];

async function expectationsSection(ctx: Ctx, r: RunDetails, q: URLSearchParams): Promise<string> {
  const show = q.get("expect") ?? "";
  if (show !== "" && show !== "failed" && show !== "all") throw new HttpError(400, `unknown expect=${JSON.stringify(show)}: failed or all`);
  const total = r.counts.expectations;
  const failedCount = r.counts.failedExpectations;
  const onlyFailed = show === "failed" || (show === "" && total > EXPECTATIONS_SHOWN);
  const list = await ctx.store.expectations(r.id, onlyFailed ? { passed: false } : {});
  const q2 = (v: string) => `${runHref(r.id)}?expect=${v}#expectations`;
  const nav = `<nav class="steps">${onlyFailed ? link(q2("all"), `show all ${total}`) : failedCount > 0 ? link(q2("failed"), `show only the ${failedCount} failed`) : ""}</nav>`;
  const shown = onlyFailed ? `${failedCount} failed of ${total}${show === "" ? `; more than ${EXPECTATIONS_SHOWN}, so only the failed are listed` : ""}` : `${total - failedCount} passed, ${failedCount} failed`;
  return `<h2 id="expectations">Expectations <small>(${shown})</small></h2>\n${nav}\n${table(EXPECTATION_HEADERS, expectationRows(r, list), onlyFailed ? "no failed expectations" : "no expectations")}`;
}

async function timelineSection(ctx: Ctx, r: RunDetails): Promise<string> {
  const runs = await ctx.store.coreRuns(r.id);
  // a bar links to the first relay block recorded within it (blocks that did nothing are not stored)
  const recorded = (
    await ctx.store.query(
      `SELECT b.file, CAST(b.number AS DOUBLE) AS n FROM blocks b JOIN runs r ON r.run = b.run WHERE r.id = $1 AND b.chain = 'relay' ORDER BY b.file, b.number`,
      [r.id],
    )
  ).map((x) => ({ file: (x.file ?? null) as string | null, n: Number(x.n) }));
  const byFile = new Map<string | null, number[]>();
  for (const b of recorded) {
    const list = byFile.get(b.file) ?? [];
    byFile.set(b.file, list);
    list.push(b.n);
  }
  const firstRecorded = (file: string | null, from: number, to: number): number | undefined => {
    const list = byFile.get(file) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length && list[lo]! <= to ? list[lo] : undefined;
  };
  const files = [...new Set(runs.map((x) => x.file))];
  let out = `<h2 id="cores">Cores <small>(what each core ran, relay block by relay block; a bar links to the first relay block recorded in it)</small></h2>\n`;
  for (const file of files) {
    const segs = runs.filter((x) => x.file === file);
    if (files.length > 1) out += `<h3>${esc(file ?? "")}</h3>\n`;
    const svg = await renderSvg(
      timelineSpec(
        segs.map((x) => {
          const n = firstRecorded(file, x.from, x.to);
          return { core: x.core, from: x.from, to: x.to + 1, what: x.what, href: n === undefined ? "" : blockHref(r.id, n, file, "relay") };
        }),
        file ?? "",
      ),
    );
    out += `<figure class="chart timeline" data-file="${esc(file ?? "")}">${svg}</figure>\n`;
  }
  return out;
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
      ? `<nav class="steps">${pageNo > 1 ? link(`${runHref(r.id)}?page=${pageNo - 1}`, "← previous blocks", "prev") : ""}<span>page ${pageNo} of ${pages}</span> ${pageNo < pages ? link(`${runHref(r.id)}?page=${pageNo + 1}`, "next blocks →", "next") : ""}</nav>`
      : "";
  return `<h2>Blocks <small>(${r.counts.blocks})</small></h2>\n${nav}\n${table(["block", "file", "chain", "extrinsics", "events", "changes"], cells, "no blocks recorded")}\n${nav}`;
}

function pointLabel(r: RunDetails, point: number): string {
  const p = r.sweepPoints?.[point];
  if (p === undefined) return r.sweepPoints && r.sweepPoints.length > 0 ? `point ${point}` : "";
  if (p !== null && typeof p === "object" && "label" in p && typeof (p as { label: unknown }).label === "string") return (p as { label: string }).label;
  return `point ${point}: ${JSON.stringify(p)}`;
}

async function metricsSection(ctx: Ctx, r: RunDetails, q: URLSearchParams): Promise<string> {
  const view = q.get("points") ?? "apart";
  if (view !== "apart" && view !== "together") throw new HttpError(400, `unknown points=${JSON.stringify(view)}: apart or together`);
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
  const points = r.sweepPoints?.length ?? 0;
  const toggle =
    points > 1
      ? `<nav class="steps" id="points-view">${view === "apart" ? `<span>one chart per sweep point</span> ${link(`${runHref(r.id)}?points=together#metrics`, "all points on one chart")}` : `${link(`${runHref(r.id)}?points=apart#metrics`, "one chart per sweep point")} <span>all points on one chart</span>`}</nav>\n`
      : "";
  let out = `<h2 id="metrics">Metrics <small>(${names.length}; band: p5–p95 across ${seeds || "the"} seeds, line: mean${bucket > 1 ? `; steps averaged in buckets of ${bucket}` : ""})</small></h2>\n${toggle}`;
  const xTitle = bucket > 1 ? `step (bucket of ${bucket})` : "step (block)";
  for (const name of names) {
    const byPoint = series.get(name);
    out += `<h3 id="metric-${esc(name)}">${esc(name)}</h3>\n`;
    if (byPoint === undefined) {
      out += `<p class="none">no numeric values</p>\n`;
      continue;
    }
    const sorted = [...byPoint].sort((a, b) => a[0] - b[0]);
    if (view === "together" && sorted.length > 1) {
      const svg = await renderSvg(overlaySpec(name, sorted.map(([point, pts]) => ({ label: pointLabel(r, point) || `point ${point}`, points: pts })), xTitle));
      out += `<figure class="chart" data-metric="${esc(name)}" data-point="all">${svg}</figure>\n`;
      continue;
    }
    for (const [point, pts] of sorted) {
      const label = pointLabel(r, point);
      const svg = await renderSvg(bandSpec(label ? `${name} · ${label}` : name, pts, xTitle));
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
  const nav = `<nav class="steps">${prev !== null ? link(blockHref(r.id, Number(prev), b.file, b.chain), `← block ${esc(prev)}`, "prev") : `<span class="none">first block</span>`} ${next !== null ? link(blockHref(r.id, Number(next), b.file, b.chain), `block ${esc(next)} →`, "next") : `<span class="none">last block</span>`}</nav>`;
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
${await blockExpectations(ctx, r, b.file, b.chain, n)}${await blockCores(ctx, r, b.file, b.chain, n)}${nav}`;
  return page(title, body);
}

/** The expectations a scenario checks at block `n` (steps name relay blocks in a network). */
async function blockExpectations(ctx: Ctx, r: RunDetails, file: string | null, chain: string | null, n: number): Promise<string> {
  if (r.counts.expectations === 0 || file === null || (chain !== null && chain !== "relay")) return "";
  const list = await ctx.store.expectations(r.id, { file, block: n });
  if (list.length === 0) return "";
  const failed = list.filter((e) => !e.passed).length;
  return `<h2 id="expectations">Expectations at this block <small>(${list.length - failed} passed, ${failed} failed)</small></h2>\n${table(EXPECTATION_HEADERS, expectationRows(r, list))}\n`;
}

/** What each core ran at relay block `n` of a network replay. */
async function blockCores(ctx: Ctx, r: RunDetails, file: string | null, chain: string | null, n: number): Promise<string> {
  if (r.counts.coreRuns === 0 || chain !== "relay") return "";
  const runs = (await ctx.store.coreRuns(r.id, { from: n, to: n })).filter((x) => x.file === file);
  if (runs.length === 0) return "";
  const rows = runs.map((x) => [esc(x.core), `<code>${esc(x.what)}</code>`, `${esc(x.from)}–${esc(x.to)}`]);
  return `<h2 id="cores">Cores at this relay block</h2>\n${table(["core", "ran", "over relay blocks"], rows)}\n`;
}
