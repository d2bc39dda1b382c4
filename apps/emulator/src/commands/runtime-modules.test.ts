// Users' runtime modules on the command line: `runtime: ./x.ts` in a scenario file (relative to the
// file) and `corelab replay --runtime <module>`.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../__fixtures__/run-cli.ts";

const fixtures = fileURLToPath(new URL("./__fixtures__/", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "corelab-runtime-modules-"));

const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: dir });

/** A scenario in the temp folder whose `runtime:` is `module` (a fixture), relative to the file. */
function scenario(name: string, module: string, note = "hello"): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}
runtime: ${relative(dir, join(fixtures, module))}
genesis:
  Balances: { balances: { alice: 100 } }
blocks:
  - at: 1
    calls:
      - origin: { Signed: alice }
        call: Notes.note
        args: { text: "${note}" }
    expect:
      events: [ Notes.Noted: { who: alice, length: ${note.length} } ]
`,
  );
  return file;
}

describe("runtime modules", () => {
  it("replays a file whose runtime: names a module of the user's, relative to the file", async () => {
    const r = await run("replay", scenario("own-runtime", "my-runtime.ts"));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("PASS  own-runtime");
  });

  it("reports a broken runtime module as the file's malformation, at its runtime: line, exit 2", async () => {
    const broken = await run("replay", scenario("broken", "broken-runtime.ts"));
    expect(broken.code).toBe(2);
    expect(broken.out).toMatch(/broken\.yaml:2:\d+: runtime: .*broken-runtime\.ts: cannot load this runtime module: Notes pallet: MaxLength must be set/);
    expect(broken.out + broken.err).not.toMatch(/\n\s+at /); // no stack trace
    const none = await run("replay", scenario("none", "not-a-runtime.ts"));
    expect(none.code).toBe(2);
    expect(none.out).toContain("exports no runtime preset");
  });

  it("names the module when its own code throws while building the runtime (not a bug of Corelab)", async () => {
    const r = await run("replay", scenario("throws", "throwing-runtime.ts"));
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/throwing-runtime\.ts: preset 'throwing'\.create\(\) threw: TypeError/);
    expect(r.out + r.err).not.toContain("bug in Corelab");
  });

  it("--runtime runs every file on the given module, whatever its runtime: says", async () => {
    const file = scenario("overridden", "not-a-runtime.ts");
    const r = await run("replay", file, "--runtime", join(fixtures, "my-runtime.ts"));
    expect(r.code).toBe(0);
    const bad = await run("replay", file, "--runtime", "./nowhere.ts");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--runtime ./nowhere.ts: no such module");
  });
});
