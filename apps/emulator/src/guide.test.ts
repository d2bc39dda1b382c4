// docs/writing-a-pallet.md shows the files of tools/consumer/ (which CI runs from the packed packages
// in a fresh project): each block marked `<!-- file: path -->` must be that file, word for word.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../../", import.meta.url);
const guide = readFileSync(new URL("docs/writing-a-pallet.md", root), "utf8");
const blocks = [...guide.matchAll(/<!-- file: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)].map((m) => ({ file: m[1]!, code: m[2]! }));

describe("docs/writing-a-pallet.md", () => {
  it("shows the consumer project's files", () => {
    expect(blocks.map((b) => b.file)).toEqual(["src/notes.ts", "src/runtime.ts", "scenarios/notes.yaml", "replay.test.ts", "notes.test.ts"]);
  });

  for (const b of blocks) {
    it(`shows tools/consumer/${b.file} as it is`, () => {
      expect(b.code).toBe(readFileSync(new URL(`tools/consumer/${b.file}`, root), "utf8").trimEnd());
    });
  }
});
