import { describe, expect, it } from "vitest";
import { matrixProgress, progressEnabled } from "./simulate-progress.ts";

describe("progressEnabled", () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };
  it("is on for a terminal, off under CI or for a pipe; --[no-]progress wins", () => {
    expect(progressEnabled(tty, {}, undefined)).toBe(true);
    expect(progressEnabled(tty, { CI: "true" }, undefined)).toBe(false);
    expect(progressEnabled(tty, { CI: "0" }, undefined)).toBe(true);
    expect(progressEnabled(pipe, {}, undefined)).toBe(false);
    expect(progressEnabled(pipe, { CI: "1" }, true)).toBe(true);
    expect(progressEnabled(tty, {}, false)).toBe(false);
  });
});

describe("matrixProgress", () => {
  it("draws one bar in runs, counting partial progress, and nothing when disabled", () => {
    let text = "";
    const stream = { write: (s: string) => ((text += s), true), isTTY: true, columns: 200, cursorTo() {}, clearLine() {}, moveCursor() {}, on() {}, removeListener() {} };
    const bar = matrixProgress(stream, "simulate toy", 2, true);
    bar.update(0, 5, 10);
    bar.finish(1, true);
    bar.update(0, 10, 10);
    bar.finish(0, false);
    bar.stop();
    expect(text).toContain("simulate toy [");
    expect(text).toContain("2/2 runs, 1 failed");
    expect(text).toContain("100%");
    let none = "";
    const off = matrixProgress({ write: (s: string) => (none += s) }, "x", 2, false);
    off.update(0, 1, 2);
    off.finish(0, false);
    off.stop();
    expect(none).toBe("");
  });
});
