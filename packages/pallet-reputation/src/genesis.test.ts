// Genesis of the Reputation pallet: defaults, decimal inputs, registered coprocessors, and the
// domain errors (InvalidGenesisError naming the parameter).
import { InvalidGenesisError, InvalidValueError, initCrypto, resolveAccount, type ParseContext } from "@corelab/frame";
import { beforeAll, describe, expect, it } from "vitest";
import { Reputation } from "./pallet.ts";
import { coprocessorOf, createReputationRuntime, historyOf } from "./testing.ts";
import { DEFAULT_GAS_PARAMS, UnitFraction } from "./types.ts";

beforeAll(initCrypto);

const params = (genesis?: Record<string, unknown>) =>
  createReputationRuntime(genesis ? { genesis: { Reputation: genesis } } : {}).read((ctx) => Reputation.storage.Parameters.get(ctx));

function genesisError(genesis: Record<string, unknown>): InvalidGenesisError {
  try {
    createReputationRuntime({ genesis: { Reputation: genesis } });
  } catch (e) {
    if (e instanceof InvalidGenesisError) return e;
    throw e;
  }
  throw new Error("genesis was accepted");
}

const pctx: ParseContext = { path: "genesis.Reputation.beta", resolveAccount } as ParseContext;

describe("Reputation genesis", () => {
  it("defaults to ω .05, α .2, β .9, R0 .5 and keeps what is given", () => {
    expect(params()).toEqual(DEFAULT_GAS_PARAMS);
    expect(params({})).toEqual(DEFAULT_GAS_PARAMS);
    expect(params({ beta: 800_000_000 })).toEqual({ ...DEFAULT_GAS_PARAMS, beta: 800_000_000 });
  });

  it("registers the listed coprocessors at block 0 (at the prior unless given)", () => {
    const rt = createReputationRuntime({ genesis: { Reputation: { initial_reputation: 300_000_000, coprocessors: [["a", undefined], ["b", 900_000_000]] } } });
    expect(coprocessorOf(rt, "a")).toEqual({ reputation: 300_000_000, registered_at: 0, updated_at: 0, tasks: 0, successes: 0 });
    expect(coprocessorOf(rt, "b")?.reputation).toBe(900_000_000);
    expect(historyOf(rt, "b")).toHaveLength(1);
  });

  it.each([
    ["omega", { omega: -1 }, /omega: must be in \[0, 1\]/],
    ["alpha", { alpha: 1_000_000_001 }, /alpha: must be in \[0, 1\]/],
    ["beta", { beta: 1_200_000_000 }, /beta: must be in \[0, 1\]/],
    ["initial_reputation", { initial_reputation: 2_000_000_000 }, /initial_reputation: must be in \[0, 1\]/],
    ["omega", { omega: 0.05 }, /omega: must be in \[0, 1\]/], // a float given programmatically is not Perbill parts
    ["alpha", { alpha: 950_000_000 }, /alpha: must not exceed beta/],
    ["omega", { omega: 150_000_000 }, /omega: omega \+ beta must not exceed 1/],
  ])("rejects %s out of its domain", (name, genesis, message) => {
    const e = genesisError(genesis);
    expect(e.shortMessage.startsWith(`Reputation genesis: ${name}:`)).toBe(true);
    expect(e.message).toMatch(message);
  });

  it("rejects a coprocessor's reputation outside [0, 1] and a duplicate", () => {
    expect(genesisError({ coprocessors: [["a", 1_500_000_000]] }).shortMessage).toMatch(/^Reputation genesis: coprocessors\[0\]\.reputation: must be in \[0, 1\]/);
    expect(genesisError({ coprocessors: [["a", undefined], ["a", 1]] }).shortMessage).toMatch(/^Reputation genesis: coprocessors\[1\]: a is listed twice/);
  });

  it("genesis fields parse parts, percentages and decimal fractions exactly, leaving the range to the builder", () => {
    expect(UnitFraction.parse(50_000_000, pctx)).toBe(50_000_000);
    expect(UnitFraction.parse("5%", pctx)).toBe(50_000_000);
    expect(UnitFraction.parse(0.05, pctx)).toBe(50_000_000);
    expect(UnitFraction.parse("0.679310001", pctx)).toBe(679_310_001);
    expect(UnitFraction.parse("1.0", pctx)).toBe(1_000_000_000);
    expect(UnitFraction.parse(1.2, pctx)).toBe(1_200_000_000); // out of range: rejected by genesis, naming the parameter
    expect(UnitFraction.parse("-0.1", pctx)).toBe(-100_000_000);
    expect(() => UnitFraction.parse("0.0000000001", pctx)).toThrow(InvalidValueError);
    expect(() => UnitFraction.parse("half", pctx)).toThrow(/genesis\.Reputation\.beta/);
    const field = Reputation.genesis!.fields.beta;
    expect(genesisError({ beta: field.parse(1.2, pctx) }).shortMessage).toMatch(/^Reputation genesis: beta:/);
  });
});
