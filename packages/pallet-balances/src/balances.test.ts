import { beforeAll, describe, expect, it } from "vitest";
import { Origin, formatDispatchError, initCrypto, type Context, type DispatchOutcome, type RuntimeEvent } from "@corelab/frame";
import { Balances, freeBalance, fungibleOf, resolveTo } from "./index.ts";
import { balancesRuntime } from "./testing.ts";

beforeAll(initCrypto);

const err = (r: DispatchOutcome) => (r.ok ? "ok" : formatDispatchError(r.error));

describe("pallet-balances", () => {
  it("transfers, endows new accounts and keeps the issuance", () => {
    const rt = balancesRuntime({ existentialDeposit: 10n, endow: [["1", 100n]] });
    const b = rt.newBlock([{ origin: Origin.signed("1"), call: Balances.call("transfer_allow_death", { dest: "2", value: 30n }) }]);
    expect(b.events.map((e) => e.method)).toEqual(["Endowed", "Transfer", "ExtrinsicSuccess"]);
    expect(rt.read((c) => [freeBalance(c, "1"), freeBalance(c, "2")])).toEqual([70n, 30n]);
    expect(rt.query("Balances", "TotalIssuance")).toBe(100n);
  });

  it("refuses to create an account below the existential deposit", () => {
    const rt = balancesRuntime({ existentialDeposit: 10n, endow: [["1", 100n]] });
    rt.initializeBlock();
    const before = rt.state;
    expect(err(rt.applyExtrinsic({ origin: Origin.signed("1"), call: Balances.call("transfer_allow_death", { dest: "2", value: 5n }) }))).toBe("Token.BelowMinimum");
    expect(rt.state).toBe(before);
  });

  it("reaps the sender and loses the dust with transfer_allow_death, refuses with transfer_keep_alive", () => {
    const rt = balancesRuntime({ existentialDeposit: 10n, endow: [["1", 100n], ["2", 100n]] });
    rt.initializeBlock();
    expect(err(rt.applyExtrinsic({ origin: Origin.signed("1"), call: Balances.call("transfer_keep_alive", { dest: "2", value: 95n }) }))).toBe("Token.NotExpendable");
    expect(err(rt.applyExtrinsic({ origin: Origin.signed("1"), call: Balances.call("transfer_allow_death", { dest: "2", value: 95n }) }))).toBe("ok");
    expect(rt.pendingEvents.map((e) => e.method)).toContain("DustLost");
    expect(rt.query("Balances", "Account", "1")).toBeUndefined();
    expect(rt.query("Balances", "TotalIssuance")).toBe(195n);
  });

  it("fails with FundsUnavailable when the balance is short", () => {
    const rt = balancesRuntime({ endow: [["1", 10n]] });
    rt.initializeBlock();
    expect(err(rt.applyExtrinsic({ origin: Origin.signed("1"), call: Balances.call("transfer_allow_death", { dest: "2", value: 11n }) }))).toBe("Token.FundsUnavailable");
  });

  it("force_set_balance needs Root and adjusts the issuance", () => {
    const rt = balancesRuntime({ endow: [["1", 10n]] });
    rt.initializeBlock();
    expect(err(rt.applyExtrinsic({ origin: Origin.signed("1"), call: Balances.call("force_set_balance", { who: "1", new_free: 5n }) }))).toBe("BadOrigin");
    expect(err(rt.applyExtrinsic({ origin: Origin.root, call: Balances.call("force_set_balance", { who: "3", new_free: 50n }) }))).toBe("ok");
    expect(rt.query("Balances", "TotalIssuance")).toBe(60n);
  });
});

describe("resolveTo (FRAME's ResolveTo)", () => {
  const config = { ExistentialDeposit: 10n };
  const pay = (rt: ReturnType<typeof balancesRuntime>, amount: bigint) =>
    rt.withContext((ctx) => {
      fungibleOf(config).withdraw(ctx, "1", amount, "Expendable");
      resolveTo(config, "pot")(ctx, amount);
    });

  it("deposits the credit into the account when it can", () => {
    const rt = balancesRuntime({ existentialDeposit: 10n, endow: [["1", 100n]] });
    pay(rt, 20n);
    expect(rt.read((ctx) => [freeBalance(ctx, "1"), freeBalance(ctx, "pot")])).toEqual([80n, 20n]);
    expect(rt.query("Balances", "TotalIssuance")).toBe(100n);
  });

  it("drops a credit below the existential deposit of an empty account: burnt, no error", () => {
    const rt = balancesRuntime({ existentialDeposit: 10n, endow: [["1", 100n]] });
    pay(rt, 5n);
    expect(rt.read((ctx) => [freeBalance(ctx, "1"), freeBalance(ctx, "pot")])).toEqual([95n, 0n]);
    expect(rt.query("Balances", "Account", "pot")).toBeUndefined();
    expect(rt.query("Balances", "TotalIssuance")).toBe(95n);
  });
});


describe("Fungible.resolve (Balanced::resolve)", () => {
  const config = { ExistentialDeposit: 10n };
  /** `ctx` with its deposits recorded into `into` (event variant names). */
  const recording = (ctx: Context, into: string[]): Context =>
    Object.assign(Object.create(ctx) as Context, { deposit: (e: RuntimeEvent) => void into.push((e.value as { type: string }).type) });

  it("returns the credit it cannot deposit and writes nothing: an empty account, below the existential deposit", () => {
    const rt = balancesRuntime({ existentialDeposit: 10n, endow: [["1", 100n]] });
    rt.initializeBlock();
    const events: string[] = [];
    const left = rt.withContext((ctx) => fungibleOf(config).resolve(recording(ctx, events), "pot", 9n));
    expect(left).toBe(9n);
    expect(events).toEqual([]);
    expect(rt.pendingChanges()).toEqual([]);
  });

  it("deposits into an account that reaches the existential deposit, and returns nothing left", () => {
    const rt = balancesRuntime({ existentialDeposit: 10n, endow: [["1", 100n]] });
    rt.initializeBlock();
    const events: string[] = [];
    rt.withContext((ctx) => {
      expect(fungibleOf(config).resolve(recording(ctx, events), "pot", 10n)).toBe(0n);
      expect(fungibleOf(config).resolve(recording(ctx, events), "pot", 1n)).toBe(0n); // no longer empty
    });
    expect(events).toEqual(["Endowed", "Deposit", "Deposit"]);
    expect(rt.read((ctx) => freeBalance(ctx, "pot"))).toBe(11n);
    expect(rt.query("Balances", "TotalIssuance")).toBe(111n);
  });
});
