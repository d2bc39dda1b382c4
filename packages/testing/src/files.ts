/**
 * Finding scenario files: a file as it stands, every `*.yaml`/`*.yml`/`*.json` under a folder
 * (recursively), or a glob (`packages/*\/scenarios/**\/*.{yaml,yml,json}`: `*`, `**`, `?`,
 * `{a,b}`). `node_modules` and dot-folders are skipped. Results are sorted, without duplicates.
 *
 * Symbolic links are followed (a link to a folder is searched, once: a link back up the tree is
 * not followed again). Nothing with a scenario extension is left out silently: a broken link, a
 * named pipe or a device named `*.yaml` is listed, and loading it reports what it is; so is a
 * folder under a folder input that cannot be read (a glob walks whole trees: there, folders that
 * cannot be read are skipped). A folder never passes with files it did not replay.
 */
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";

/** Extensions of scenario files found in folders. */
export const SCENARIO_EXTENSIONS = [".yaml", ".yml", ".json"] as const;

const GLOB = /[*?{[]/;

/** Converts a glob to a regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slash = glob[i + 2] === "/";
        re += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const end = glob.indexOf("}", i);
      if (end < 0) re += "\\{";
      else {
        re += `(?:${glob.slice(i + 1, end).split(",").map((s) => s.replace(/[.+^$()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")).join("|")})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|[\]\\}]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/**
 * Every entry under `dir` that is not a folder (files, links to files, broken links, pipes, …),
 * following links to folders once each (`seen`: real paths of the folders searched). A folder
 * that cannot be read goes to `unreadable` (loading it says so).
 */
function walk(dir: string, out: string[], unreadable: string[], seen = new Set<string>()): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    real = dir;
  }
  if (seen.has(real)) return;
  seen.add(real);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    unreadable.push(dir);
    return;
  }
  for (const e of entries) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    let isDir = e.isDirectory();
    if (e.isSymbolicLink()) {
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        isDir = false; // a broken link: listed, and loading it reports it
      }
    }
    if (isDir) walk(p, out, unreadable, seen);
    else out.push(p);
  }
}

/**
 * Expands files, folders and globs into scenario files. Paths are returned relative to `cwd` when
 * the input was relative, absolute otherwise. A path that does not exist is returned as it
 * stands (loading it then reports that it cannot be read); a glob that matches nothing adds nothing.
 */
export function findScenarioFiles(inputs: string | readonly string[], opts: { cwd?: string } = {}): string[] {
  const cwd = opts.cwd ?? process.cwd();
  const out = new Set<string>();
  for (const input of typeof inputs === "string" ? [inputs] : inputs) {
    const absolute = resolve(cwd, input);
    const shown = (p: string) => (input === absolute || resolve(input) === input ? p : relative(cwd, p) || p);
    if (GLOB.test(input)) {
      const norm = absolute.split(sep).join("/");
      const segs = norm.split("/");
      const firstGlob = segs.findIndex((s) => GLOB.test(s));
      const base = segs.slice(0, firstGlob).join("/") || "/";
      const re = globToRegExp(segs.slice(firstGlob).join("/"));
      const files: string[] = [];
      const unreadable: string[] = [];
      walk(base, files, unreadable);
      for (const f of files) {
        const rel = relative(base, f).split(sep).join("/");
        if (re.test(rel)) out.add(shown(f));
      }
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(absolute).isDirectory();
    } catch {
      out.add(input);
      continue;
    }
    if (!isDir) {
      out.add(input);
      continue;
    }
    const files: string[] = [];
    const unreadable: string[] = [];
    walk(absolute, files, unreadable);
    for (const f of files) if (SCENARIO_EXTENSIONS.some((x) => f.endsWith(x))) out.add(shown(f));
    for (const d of unreadable) out.add(shown(d));
  }
  return [...out].sort();
}
