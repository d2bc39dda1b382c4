/**
 * The explorer's browser script (built by vite into `dist/client/explorer.js`; the pages work
 * without it). What it adds to the server-rendered pages:
 *
 * - **Stepping through blocks with the keyboard**: ← and → follow the block page's previous and
 *   next links (`a[rel=prev]`, `a[rel=next]`), as the explorer's URLs name the run and the block.
 * - **Filtering the runs as you type**: a text box above the runs table hides the rows that do not
 *   contain every word typed (id, kind, runtime or model, outcome, command); `/` focuses it.
 * - **Reading long values**: a JSON cell longer than one line is shortened, and a click shows it
 *   whole, pretty-printed (and a second click shortens it again).
 */

const SHORT = 160;

/** ← / → on a page with previous/next links (not while typing in a field). */
function keyboardSteps(): void {
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    const rel = e.key === "ArrowLeft" ? "prev" : e.key === "ArrowRight" ? "next" : undefined;
    if (rel === undefined) return;
    const a = document.querySelector<HTMLAnchorElement>(`nav.steps a[rel="${rel}"]`);
    if (a) {
      e.preventDefault();
      window.location.assign(a.href);
    }
  });
}

/** The runs page: a filter box over `table.runs`. */
function runsFilter(): void {
  const table = document.querySelector<HTMLTableElement>("table.runs");
  if (!table) return;
  const rows = [...table.tBodies[0]!.rows];
  const box = document.createElement("input");
  box.type = "search";
  box.id = "runs-filter";
  box.placeholder = "filter runs (id, runtime, model, outcome, command)…  press / to focus";
  box.setAttribute("aria-label", "filter runs");
  const count = document.createElement("span");
  count.className = "none";
  count.id = "runs-shown";
  const wrap = document.createElement("p");
  wrap.append(box, " ", count);
  table.before(wrap);
  const text = rows.map((r) => r.textContent!.toLowerCase());
  const apply = (): void => {
    const words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    rows.forEach((r, i) => {
      const ok = words.every((w) => text[i]!.includes(w));
      r.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = words.length ? `${shown} of ${rows.length} shown` : "";
  };
  box.addEventListener("input", apply);
  document.addEventListener("keydown", (e) => {
    if (e.key === "/" && document.activeElement !== box) {
      e.preventDefault();
      box.focus();
    }
  });
}

/** Long JSON cells: shortened, whole and pretty-printed on click. */
function longValues(): void {
  for (const code of document.querySelectorAll<HTMLElement>("td > code")) {
    const full = code.textContent ?? "";
    if (full.length <= SHORT || !/^[[{]/.test(full)) continue;
    let pretty = full;
    try {
      pretty = JSON.stringify(JSON.parse(full), null, 2);
    } catch {
      // not JSON: show it as it is
    }
    const short = `${full.slice(0, SHORT)}…`;
    code.textContent = short;
    code.classList.add("expandable");
    code.title = "click to show the whole value";
    code.addEventListener("click", () => {
      const open = code.classList.toggle("open");
      code.textContent = open ? pretty : short;
      code.title = open ? "click to shorten" : "click to show the whole value";
    });
  }
}

keyboardSteps();
runsFilter();
longValues();
document.documentElement.dataset.explorerScript = "ready";
