import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { initCrypto } from "@corelab/frame";
import { ScenarioError, compileScenario, loadScenario, parseScenario, replayFile } from "./index.ts";

beforeAll(initCrypto);

const dir = fileURLToPath(new URL("../fixtures/malformed/", import.meta.url));

/** Loads and compiles a malformed fixture and returns the ScenarioError it must throw. */
function errorOf(name: string): ScenarioError {
  try {
    compileScenario(loadScenario(dir + name));
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error(`${name} did not throw`);
}

// [file, path, line, text the message must contain]
const cases: Array<[string, string, number, string[]]> = [
  ["syntax.yaml", "", 6, ["not valid YAML/JSON"]],
  ["unknown-key.yaml", "", 3, ["unknown key 'block'", "did you mean 'blocks'?"]],
  ["missing-name.yaml", "name", 1, ["missing: expected a name"]],
  ["bad-at.yaml", "blocks[0].at", 4, ["expected a block number (0..4294967295), got \"one\""]],
  ["decreasing.yaml", "blocks[2].at", 6, ["expected a block number >= 5", "never decrease", "got 3"]],
  ["unknown-preset.yaml", "runtime", 2, ["unknown runtime preset 'balance-mock'", "did you mean 'balances-mock'"]],
  ["unknown-pallet.yaml", "blocks[0].calls[0].call", 7, ["unknown pallet 'Balance'", "did you mean 'Balances'?"]],
  ["unknown-call.yaml", "blocks[0].calls[0].call", 7, ["unknown call 'Balances.transfer_allow_deth'", "did you mean 'Balances.transfer_allow_death'"]],
  ["unknown-arg.yaml", "blocks[0].calls[0].args", 8, ["unknown argument of Balances.transfer_allow_death 'dset'", "did you mean 'dest'?"]],
  ["missing-arg.yaml", "blocks[0].calls[0].args.value", 8, ["expected Balance, got nothing", "argument 'value' of Balances.transfer_allow_death is required"]],
  ["bad-arg-value.yaml", "blocks[2].calls[0].args.value", 10, ["expected Balance (0..2^128-1", "got \"lots\""]],
  ["bad-origin.yaml", "blocks[0].calls[0].origin", 6, ["expected an origin: Root, None or { Signed: ACCOUNT }", "got \"Signed\""]],
  ["unknown-error.yaml", "blocks[0].calls[0].expect.error", 9, ["unknown Token error 'Token.FundsUnavalable'", "did you mean 'Token.FundsUnavailable'"]],
  ["unknown-event.yaml", "blocks[0].expect.events[0]", 7, ["unknown event 'Balances.Transferred'", "did you mean 'Balances.Transfer'"]],
  ["unknown-event-field.yaml", "blocks[0].expect.events[0].Balances.Transfer", 7, ["unknown field of Balances.Transfer 'too'", "did you mean 'to'?"]],
  ["unknown-storage.yaml", "blocks[0].expect.storage[0].item", 7, ["unknown storage item 'Balances.Accounts'", "did you mean 'Balances.Account'?"]],
  ["bad-storage-value.yaml", "storage.Balances.Account[1][1].free", 7, ["expected Balance", "got -1", "out of range"]],
  ["bad-genesis.yaml", "genesis.Balances", 4, ["unknown genesis field of Balances 'balance'", "did you mean 'balances'?"]],
  ["unit-without-token.yaml", "blocks[0].expect.balances.alice", 6, ["got \"5 KSM\"", "no token"]],
  ["key-on-value.yaml", "blocks[0].expect.storage[0].key", 8, ["Balances.TotalIssuance is a storage value: it has no key"]],
  ["unknown-account.yaml", "blocks[0].calls[0].args.dest", 10, ["unknown account 'alcie'", "did you mean 'alice'?", "a name declared in the file's `accounts:` list"]],
  ["prototype-field.yaml", "blocks[0].expect.storage[0].value", 11, ["unknown field of AccountData '__proto__'", "valid: free, reserved, frozen, flags"]],
  ["too-far.yaml", "blocks[1].at", 5, ["expected a block at most 10000000 blocks after the start", "got 4294967295", "CORELAB_MAX_BLOCKS"]],
];

describe("malformed scenario files", () => {
  it.each(cases)("%s names the file, the path %j, the line and what was expected", (file, path, line, texts) => {
    const e = errorOf(file);
    expect(e.file).toBe(dir + file);
    expect(e.path).toBe(path);
    expect(e.line).toBe(line);
    expect(e.message.startsWith(`${dir}${file}:${line}:`)).toBe(true);
    for (const text of texts) expect(e.message).toContain(text);
  });

  it("covers every fixture in fixtures/malformed", async () => {
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(dir).sort()).toEqual(cases.map((c) => c[0]).sort());
  });

  it("is thrown by replayFile before any block is built", () => {
    expect(() => replayFile(dir + "bad-arg-value.yaml")).toThrow(ScenarioError);
  });

  it("reports an unreadable file as malformed", () => {
    const e = (() => {
      try {
        loadScenario(dir + "does-not-exist.yaml");
      } catch (x) {
        return x as ScenarioError;
      }
    })();
    expect(e).toBeInstanceOf(ScenarioError);
    expect(e!.message).toContain("cannot read the file: ENOENT");
  });

  it("lists further structural problems as details", () => {
    const text = "name: x\nruntime: balances-mock\nblocks:\n  - at: -1\n  - at: 1\n    calls: [{ origin: Root }]\n";
    try {
      parseScenario(text, "x.yaml");
      expect.unreachable();
    } catch (e) {
      const err = e as ScenarioError;
      expect(err.path).toBe("blocks[0].at");
      expect(err.details.join("\n")).toContain("blocks[1].calls[0].call: missing: expected Pallet.call_name");
    }
  });

  it("reads values exactly: big integers, hex and decimals are never floats", () => {
    const s = parseScenario(
      "name: x\nruntime: balances-mock\nblocks:\n  - at: 1\n    calls:\n      - origin: Root\n        call: A.b\n        args: { big: 340282366920938463463374607431768211455, hex: 0xffffffffffffffffffff, dec: 1.50, small: 7 }\n",
    );
    expect(s.document.blocks[0]!.calls![0]!.args).toEqual({
      big: 340282366920938463463374607431768211455n,
      hex: "0xffffffffffffffffffff",
      dec: "1.50",
      small: 7,
    });
  });

  it("refuses a chain prefix on a single-chain preset, naming the pallets", () => {
    const s = parseScenario(
      "name: x\nruntime: balances-mock\nblocks:\n  - at: 1\n    calls: [{ origin: Root, call: relay.Balances.force_set_balance, args: { who: alice, new_free: 1 } }]\n",
      "net.yaml",
    );
    expect(() => compileScenario(s)).toThrow(/needs a network preset/);
  });
});
