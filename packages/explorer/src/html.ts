/** HTML helpers of the explorer's server-rendered pages: escaping, the page frame, tables. */

/** Escapes text for HTML content and attribute values. */
export function esc(v: unknown): string {
  return String(v).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** A value as compact JSON for a table cell (strings as they are, `null` as `—`). */
export function cell(v: unknown): string {
  if (v === null || v === undefined) return `<span class="none">—</span>`;
  if (typeof v === "string") return esc(v);
  if (typeof v === "number" || typeof v === "boolean") return esc(String(v));
  return `<code>${esc(JSON.stringify(v))}</code>`;
}

/** A value as pretty-printed JSON in a `<pre>`. */
export function pre(v: unknown): string {
  return `<pre>${esc(v === undefined ? "null" : JSON.stringify(v, null, 2))}</pre>`;
}

/** A table of `rows` (cells already HTML) under `headers`; `empty` when there are none; `cls` its class. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], empty = "none", cls?: string): string {
  if (rows.length === 0) return `<p class="none">${esc(empty)}</p>`;
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table${cls ? ` class="${esc(cls)}"` : ""}>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A link (`href` is escaped); `rel` (`prev`, `next`) lets the browser script step with ← and →. */
export function link(href: string, text: string, rel?: string): string {
  return `<a href="${esc(href)}"${rel ? ` rel="${esc(rel)}"` : ""}>${text}</a>`;
}

/** The outcome as a coloured badge. */
export function badge(outcome: string | null, status?: string): string {
  const text = outcome ?? status ?? "—";
  return `<span class="badge ${esc(text)}">${esc(text)}</span>`;
}

const CSS = `
body{font:14px/1.45 system-ui,"DejaVu Sans",sans-serif;margin:0;color:#1d2330;background:#fafbfc}
header{background:#1d2330;color:#fff;padding:.6em 1.2em}header a{color:#fff;text-decoration:none;font-weight:600}
main{padding:1em 1.2em;max-width:1200px}h1{font-size:1.35em;margin:.2em 0 .6em}h2{font-size:1.1em;margin:1.4em 0 .5em}
table{border-collapse:collapse;background:#fff;margin:.3em 0}th,td{border:1px solid #dde1e7;padding:.25em .55em;text-align:left;vertical-align:top}
th{background:#f0f2f5}code,pre{font:12px/1.4 ui-monospace,"DejaVu Sans Mono",monospace}pre{background:#fff;border:1px solid #dde1e7;padding:.5em;overflow:auto;max-height:24em}
a{color:#0b5cad}.none{color:#8a93a3}.badge{padding:0 .45em;border-radius:3px;background:#e4e7ec}
.badge.pass{background:#d5f2dc;color:#125f26}.badge.fail,.badge.error,.badge.malformed{background:#fbd9d7;color:#8c1c13}.badge.running{background:#fff1c2}
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}dd{margin:0}
code.expandable{cursor:zoom-in}code.expandable.open{cursor:zoom-out;white-space:pre;display:block}#runs-filter{width:32em;padding:.2em .4em}
form{margin:.4em 0 .8em}form label{margin-right:.8em}nav.steps a{margin-right:1em}.chart{display:inline-block;margin:.3em .6em .6em 0;background:#fff;border:1px solid #dde1e7}
`;

/** The browser script's tag (`/assets/explorer.js`, built by vite), put before `</body>` when it is there. */
export const SCRIPT_TAG = `<script type="module" src="/assets/explorer.js"></script>`;

/** A whole page: title, the header linking home, and `body`. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · corelab explorer</title><style>${CSS}</style></head>
<body><header>${link("/", "corelab runs")}</header>
<main>
${body}
</main></body></html>
`;
}
