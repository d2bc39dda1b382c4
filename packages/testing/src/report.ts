/**
 * Plain-text reports of replay results: one line per file, and each mismatch with its location,
 * step, block, path, expected and actual value. Used by the vitest helper; the CLI adds colour.
 */
import { formatLocation } from "./errors.ts";
import type { Mismatch, ReplayResult } from "./replay.ts";

/** Styling hooks (the CLI colours on a TTY); identity by default. */
export interface ReportStyle {
  readonly pass?: (s: string) => string;
  readonly fail?: (s: string) => string;
  readonly dim?: (s: string) => string;
  readonly bold?: (s: string) => string;
}

const id = (s: string) => s;

/**
 * A mismatch as a few lines:
 * ```
 * ✗ scenarios/a.yaml:14:9 step 2, block 6: blocks[2].expect.storage[0].value.cores_sold
 *     expected: 1
 *     actual:   0
 * ```
 */
export function formatMismatch(m: Mismatch, style: ReportStyle = {}, indent = "  "): string {
  const fail = style.fail ?? id;
  const dim = style.dim ?? id;
  const lines = [
    `${indent}${fail("✗")} ${formatLocation(m)} step ${m.step}, block ${m.block}: ${style.bold ? style.bold(m.path) : m.path}`,
    `${indent}    expected: ${m.expected}`,
    `${indent}    actual:   ${m.actual}`,
  ];
  if (m.note) lines.push(`${indent}    ${dim(m.note)}`);
  return lines.join("\n");
}

/** `PASS|FAIL  name  file  N blocks  state root`, then every mismatch. */
export function formatResult(r: ReplayResult, style: ReportStyle = {}): string {
  const head = r.passed ? (style.pass ?? id)("PASS") : (style.fail ?? id)("FAIL");
  const dim = style.dim ?? id;
  const range = r.start > 0 && r.blocks > 0 ? ` (#${r.start + 1}..#${r.start + r.blocks})` : "";
  const line = `${head}  ${r.name}  ${dim(r.file)}  ${r.blocks} block${r.blocks === 1 ? "" : "s"}${range}  ${dim(`state root ${r.stateRoot}`)}`;
  const tail = r.stopped ? [`  ${dim(`(stopped after step ${r.steps - 1}: --bail)`)}`] : [];
  return [line, ...r.mismatches.map((m) => formatMismatch(m, style)), ...tail].join("\n");
}
