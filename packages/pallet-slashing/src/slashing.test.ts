// Unit tests of pallet-slashing on the mock runtime (System, Balances ED 1, Slashing): stake,
// slashes (instant, deferred, span maximum, proportional split), collateral, genesis checks.
import { InvalidGenesisError, Origin, createRuntime, definePallet, ensureRootOrigin, formatDispatchError, t, type DispatchOutcome } from "@corelab/frame";
import { Balances } from "@corelab/pallet-balances";
import { describe, expect, it } from "vitest";
import { Mock } from "./__fixtures__/harness.ts";
import { collateralPort, operatorSlashPort } from "./dispatchables.ts";
import type { CollateralPort, OperatorSlashPort } from "./interfaces.ts";
import { Slashing } from "./pallet.ts";
import { MOCK_SLASHING_CONSTANTS, createSlashingRuntime, slashingMockConfig, type SlashingRuntimeOptions } from "./testing.ts";

const S = Slashing.storage;

describe("operator stake", () => {
  it("bond reserves the stake; bond errors change nothing", () => {
    const m = new Mock({ endow: [["alice", 1000n]] });
    m.err("alice", "bond", { value: 99n }, "Slashing.InsufficientBond");
    m.err("alice", "bond", { value: 2000n }, "Balances.InsufficientBalance");
    m.ok("alice", "bond", { value: 400n });
    expect(m.events()).toEqual([["Bonded", { operator: "alice", amount: 400n }]]);
    m.err("alice", "bond", { value: 100n }, "Slashing.AlreadyBonded");
    expect(m.ledger("alice")).toEqual({ total: 400n, active: 400n, unlocking: [] });
    expect([m.free("alice"), m.reserved("alice")]).toEqual([600n, 400n]);
    expect(m.read((ctx) => collateralPort(slashingMockConfig({ ExistentialDeposit: 1n })).isActiveOperator(ctx, "alice"))).toBe(true);
  });

  it("bond_extra is capped at the free balance; zero is an error", () => {
    const m = new Mock({ endow: [["alice", 1000n]], operators: [["alice", 500n]] });
    m.ok("alice", "bond_extra", { max_additional: 10_000n });
    expect(m.ledger("alice")).toEqual({ total: 1000n, active: 1000n, unlocking: [] });
    m.err("alice", "bond_extra", { max_additional: 1n }, "Slashing.ZeroAmount");
    m.err("bob", "bond_extra", { max_additional: 1n }, "Slashing.NotBonded");
  });

  it("unbond: chunks in the same block merge, MaxUnlockingChunks bounds them, over-unbonding fails", () => {
    const m = new Mock({ endow: [["alice", 1000n]], operators: [["alice", 1000n]], constants: { MaxUnlockingChunks: 2 } });
    m.err("alice", "unbond", { value: 1001n }, "Slashing.InsufficientStake");
    m.err("alice", "unbond", { value: 0n }, "Slashing.ZeroAmount");
    m.err("alice", "unbond", { value: 950n }, "Slashing.InsufficientBond"); // 50 left < 100
    m.ok("alice", "unbond", { value: 100n });
    m.ok("alice", "unbond", { value: 50n });
    expect(m.ledger("alice")!.unlocking).toEqual([{ value: 150n, block: 11 }]);
    m.to(2).ok("alice", "unbond", { value: 10n });
    m.to(3).err("alice", "unbond", { value: 10n }, "Slashing.NoMoreChunks");
    expect(m.ledger("alice")).toEqual({ total: 1000n, active: 840n, unlocking: [{ value: 150n, block: 11 }, { value: 10n, block: 12 }] });
  });

  it("unbonding everything chills; withdrawing everything removes the ledger", () => {
    const m = new Mock({ endow: [["alice", 1000n]], operators: [["alice", 300n]] });
    m.ok("alice", "unbond", { value: 300n });
    expect(m.events().map(([n]) => n)).toEqual(["Unbonded", "Chilled"]);
    expect(m.read((ctx) => S.Inactive.get(ctx, "alice"))).toBe(1);
    m.to(10).err("alice", "withdraw_unbonded", {}, "Slashing.NothingToWithdraw");
    m.to(11).ok("alice", "withdraw_unbonded", {});
    expect(m.events()).toEqual([["Withdrawn", { operator: "alice", amount: 300n }]]);
    expect(m.ledger("alice")).toBeUndefined();
    expect(m.read((ctx) => S.Inactive.contains(ctx, "alice"))).toBe(false);
    expect([m.free("alice"), m.reserved("alice")]).toEqual([1000n, 0n]);
  });

  it("chill and activate are explicit", () => {
    const m = new Mock({ endow: [["alice", 1000n]], operators: [["alice", 300n]] });
    m.err("alice", "activate", {}, "Slashing.AlreadyActive");
    m.ok("alice", "chill", {});
    m.err("alice", "chill", {}, "Slashing.AlreadyInactive");
    m.ok("alice", "activate", {});
    expect(m.events().map(([n]) => n)).toEqual(["Chilled", "Activated"]);
    m.err("bob", "chill", {}, "Slashing.NotBonded");
  });
});

describe("operator slashes", () => {
  it("instant: ceil(fraction · stake), burned without a Treasury", () => {
    const m = new Mock({ endow: [["alice", 1000n]], operators: [["alice", 333n]] });
    const issuance = m.read((ctx) => Balances.storage.TotalIssuance.get(ctx));
    m.ok("root", "slash_operator", { offender: "alice", fraction: 1 }); // 1 ppb of 333 rounds up to 1
    expect(m.ledger("alice")!.active).toBe(332n);
    expect(m.read((ctx) => Balances.storage.TotalIssuance.get(ctx))).toBe(issuance - 1n);
    expect(m.events().map(([n]) => n)).toEqual(["SlashReported", "Slashed", "SlashBurned"]);
  });

  it("the proportional split gives the rounding remainder to active first", () => {
    const m = new Mock({ endow: [["alice", 1000n]], operators: [["alice", 700n]], constants: { MinOperatorStake: 1n } });
    m.ok("alice", "unbond", { value: 200n });
    m.to(2).ok("alice", "unbond", { value: 100n });
    // slashable 400 active + 200 + 100 = 700; 50% = 350: floors 200, 100, 50 (exact)
    m.ok("root", "slash_operator", { offender: "alice", fraction: 500_000_000 });
    expect(m.ledger("alice")).toEqual({ total: 350n, active: 200n, unlocking: [{ value: 100n, block: 11 }, { value: 50n, block: 12 }] });
    // new span, exposure 350; 1% → ceil(3.5) = 4: floors 200·4/350 = 2, 100·4/350 = 1, 50·4/350 = 0, remainder 1 → active
    m.to(10).ok("root", "slash_operator", { offender: "alice", fraction: 10_000_000 });
    expect(m.ledger("alice")).toEqual({ total: 346n, active: 197n, unlocking: [{ value: 99n, block: 11 }, { value: 50n, block: 12 }] });
    expect(m.reserved("alice")).toBe(346n);
  });

  it("a deferred slash only takes what is still slashable when it applies", () => {
    const m = new Mock({ endow: [["alice", 1000n]], operators: [["alice", 500n]], constants: { SlashDeferDuration: 5, UnbondingDelay: 6, MinOperatorStake: 1n } });
    m.ok("alice", "unbond", { value: 400n }); // unlock at 7
    m.to(2).ok("root", "slash_operator", { offender: "alice", fraction: 1_000_000_000 }); // 100% of 500, applies at 7
    expect(m.read((ctx) => S.UnappliedSlashes.get(ctx, 7))).toEqual([{ offender: "alice", fraction: 1_000_000_000, amount: 500n, span: 0 }]);
    m.to(7); // the chunk's block has come: only the 100 active are slashable
    expect(m.events()).toEqual([
      ["Slashed", { staker: "alice", amount: 100n }],
      ["SlashBurned", { amount: 100n }],
      ["Deactivated", { operator: "alice" }],
    ]);
    expect(m.ledger("alice")).toEqual({ total: 400n, active: 0n, unlocking: [{ value: 400n, block: 7 }] });
    m.ok("alice", "withdraw_unbonded", {});
    expect(m.free("alice")).toBe(900n);
  });

  it("a cancelled slash still counts toward its span's maximum (as in pallet-staking)", () => {
    const m = new Mock({ endow: [["alice", 1000n]], operators: [["alice", 1000n]], constants: { SlashDeferDuration: 3 } });
    m.ok("root", "slash_operator", { offender: "alice", fraction: 100_000_000 });
    m.ok("root", "cancel_deferred_slash", { block: 4, slash_indices: [0] });
    m.ok("root", "slash_operator", { offender: "alice", fraction: 150_000_000 });
    expect(m.read((ctx) => S.UnappliedSlashes.get(ctx, 4))).toEqual([{ offender: "alice", fraction: 150_000_000, amount: 50n, span: 0 }]);
  });

  it("a treasury that cannot exist with the amount gets nothing: the rest is burned", () => {
    const m = new Mock({ existentialDeposit: 10n, endow: [["alice", 1000n]], operators: [["alice", 500n]], constants: { Treasury: "ferdie" } });
    m.ok("root", "slash_operator", { offender: "alice", fraction: 10_000_000 }); // 5 < ED 10
    expect(m.events().slice(-1)).toEqual([["SlashBurned", { amount: 5n }]]);
    expect(m.free("ferdie")).toBe(0n);
  });
});

describe("collateral", () => {
  it("deposit, lock, withdraw only what is unlocked", () => {
    const m = new Mock({ endow: [["carol", 1000n]] });
    m.err("carol", "deposit_collateral", { amount: 0n }, "Slashing.ZeroAmount");
    m.ok("carol", "deposit_collateral", { amount: 500n });
    m.ok("root", "lock_collateral", { who: "carol", task_id: 1, amount: 300n });
    m.err("root", "lock_collateral", { who: "carol", task_id: 2, amount: 0n }, "Slashing.ZeroAmount");
    m.err("carol", "lock_collateral", { who: "carol", task_id: 2, amount: 1n }, "BadOrigin");
    m.err("carol", "withdraw_collateral", { amount: 201n }, "Slashing.InsufficientCollateral");
    m.ok("carol", "withdraw_collateral", { amount: 200n });
    expect(m.read((ctx) => S.Collateral.get(ctx, "carol"))).toEqual({ total: 300n, locked: 300n });
    expect([m.free("carol"), m.reserved("carol")]).toEqual([700n, 300n]);
  });

  it("compensation to an account that cannot exist with it joins the rest", () => {
    const m = new Mock({ existentialDeposit: 10n, endow: [["carol", 1000n]], collateral: [["carol", 100n]] });
    m.ok("root", "lock_collateral", { who: "carol", task_id: 1, amount: 10n });
    m.ok("root", "slash_collateral", { who: "carol", task_id: 1, fraction: 1_000_000_000, harmed: "dave" }); // γ·10 = 5 < ED
    expect(m.events().slice(-2)).toEqual([
      ["CollateralSlashed", { who: "carol", task_id: 1, fraction: 1_000_000_000, amount: 10n }],
      ["SlashBurned", { amount: 10n }],
    ]);
    expect(m.read((ctx) => S.CollateralLocks.get(ctx, ["carol", 1]))).toBe(0n);
  });
});

// A pallet that uses the ports from its own calls, as the task auction does.
type CallerConfig = { collateral: CollateralPort; operators: OperatorSlashPort };
const Caller = definePallet<CallerConfig>()({
  name: "Caller",
  storage: {},
  events: {},
  errors: {},
  calls: {
    lock: {
      index: 0,
      args: { who: t.accountId, task_id: t.u32, amount: t.balance },
      dispatch: (ctx, a) => ctx.config.collateral.lockCollateral(ctx, a.who, a.task_id, a.amount),
    },
    settle: {
      index: 1,
      args: { who: t.accountId, task_id: t.u32, fraction: t.u32, harmed: t.accountId },
      dispatch: (ctx, a) => {
        ctx.config.collateral.slashCollateral(ctx, a.who, a.task_id, a.fraction, a.harmed);
        ctx.config.collateral.releaseCollateral(ctx, a.who, a.task_id);
      },
    },
    punish: {
      index: 2,
      args: { who: t.accountId, fraction: t.u32 },
      dispatch: (ctx, a) => ctx.config.operators.slashOperator(ctx, a.who, a.fraction),
    },
  },
});

describe("ports", () => {
  const balances = { ExistentialDeposit: 1n };
  const config = slashingMockConfig(balances, { CompensationShare: 500_000_000 });
  const rt = () => {
    const r = createRuntime({
      name: "ports",
      pallets: [Balances.instance(balances), Slashing.instance(config), Caller.instance({ collateral: collateralPort(config), operators: operatorSlashPort(config) })],
      genesis: {
        Balances: { balances: [["alice", 1000n], ["carol", 1000n]] },
        Slashing: { operators: [["alice", 500n]], collateral: [["carol", 400n]] },
      },
    });
    r.openBlock(1);
    return r;
  };
  const apply = (r: ReturnType<typeof rt>, name: "lock" | "settle" | "punish", args: Record<string, unknown>): string => {
    const out: DispatchOutcome = r.applyExtrinsic({ origin: Origin.signed("alice"), call: Caller.call(name, args as never) });
    return out.ok ? "ok" : formatDispatchError(out.error);
  };

  it("lock, slash with compensation and release inside another pallet's extrinsic", () => {
    const r = rt();
    const port = collateralPort(config);
    expect(r.read((ctx) => port.availableCollateral(ctx, "carol"))).toBe(400n);
    expect(apply(r, "lock", { who: "carol", task_id: 9, amount: 100n })).toBe("ok");
    expect(r.read((ctx) => port.availableCollateral(ctx, "carol"))).toBe(300n);
    expect(apply(r, "settle", { who: "carol", task_id: 9, fraction: 500_000_000, harmed: "alice" })).toBe("ok");
    // forfeited 50, alice gets 25, 25 burned; the 50 left are released
    expect(r.read((ctx) => port.availableCollateral(ctx, "carol"))).toBe(350n);
    expect(r.read((ctx) => Balances.storage.Account.get(ctx, "alice")!.free)).toBe(525n);
    expect(r.pendingEvents.filter((e) => e.section === "Slashing").map((e) => e.method)).toEqual([
      "CollateralLocked",
      "CollateralSlashed",
      "Compensated",
      "SlashBurned",
      "CollateralReleased",
    ]);
  });

  it("port errors are the pallet's errors and roll the caller's extrinsic back", () => {
    const r = rt();
    const before = r.pendingChanges();
    expect(apply(r, "lock", { who: "dave", task_id: 1, amount: 1n })).toBe("Slashing.InsufficientCollateral");
    expect(apply(r, "lock", { who: "carol", task_id: 1, amount: 401n })).toBe("Slashing.InsufficientCollateral");
    expect(apply(r, "settle", { who: "carol", task_id: 1, fraction: 1, harmed: "alice" })).toBe("Slashing.UnknownLock");
    expect(r.pendingChanges()).toEqual(before);
    expect(apply(r, "lock", { who: "carol", task_id: 1, amount: 1n })).toBe("ok");
    const locked = r.pendingChanges();
    expect(apply(r, "settle", { who: "carol", task_id: 1, fraction: 1_000_000_001, harmed: "alice" })).toBe("Slashing.InvalidFraction");
    expect(apply(r, "punish", { who: "bob", fraction: 1 })).toBe("Slashing.NotBonded");
    expect(r.pendingChanges()).toEqual(locked);
    expect(locked).not.toEqual(before);
  });

  it("isActiveOperator follows deactivation; slashOperator follows the pallet's mode", () => {
    const r = rt();
    const port = collateralPort(config);
    const ops = operatorSlashPort(config);
    expect(r.read((ctx) => [port.isActiveOperator(ctx, "alice"), port.isActiveOperator(ctx, "carol")])).toEqual([true, false]);
    expect(apply(r, "punish", { who: "alice", fraction: 900_000_000 })).toBe("ok"); // 450 → 50 left < 100
    expect(r.read((ctx) => [ops.slashableStake(ctx, "alice"), port.isActiveOperator(ctx, "alice")])).toEqual([50n, false]);
  });
});

describe("genesis", () => {
  it("rejects constants outside their domain, naming them", () => {
    const bad = (constants: SlashingRuntimeOptions["constants"], name: string) => {
      expect(() => createSlashingRuntime({ constants })).toThrow(InvalidGenesisError);
      expect(() => createSlashingRuntime({ constants })).toThrow(name);
    };
    bad({ SlashSpanLength: 0 }, "SlashSpanLength");
    bad({ SlashDeferDuration: 10, UnbondingDelay: 10 }, "SlashDeferDuration");
    bad({ CompensationShare: 1_000_000_001 }, "CompensationShare");
    bad({ MaxUnlockingChunks: 0 }, "MaxUnlockingChunks");
    bad({ UnbondingDelay: -1 }, "UnbondingDelay");
    bad({ MinOperatorStake: -1n }, "MinOperatorStake");
    expect(() => createSlashingRuntime({ constants: { SlashDeferDuration: 9, UnbondingDelay: 10 } })).not.toThrow();
  });

  it("rejects operators and collateral that cannot be bonded, naming the entry", () => {
    expect(() => createSlashingRuntime({ endow: [["alice", 1000n]], operators: [["alice", 50n]] })).toThrow(/operators\.alice: Slashing\.InsufficientBond/);
    expect(() => createSlashingRuntime({ endow: [["alice", 10n]], operators: [["alice", 500n]] })).toThrow(/operators\.alice: Balances\.InsufficientBalance/);
    expect(() => createSlashingRuntime({ endow: [["alice", 1000n]], operators: [["alice", 200n], ["alice", 200n]] })).toThrow(/operators\.alice: Slashing\.AlreadyBonded/);
    expect(() => createSlashingRuntime({ endow: [["carol", 1000n]], collateral: [["carol", 0n]] })).toThrow(/collateral\.carol: Slashing\.ZeroAmount/);
  });

  it("the mock constants are the documented ones", () => {
    expect(MOCK_SLASHING_CONSTANTS).toEqual({
      UnbondingDelay: 10,
      SlashDeferDuration: 0,
      SlashSpanLength: 10,
      MinOperatorStake: 100n,
      CompensationShare: 500_000_000,
      Treasury: undefined,
      MaxUnlockingChunks: 32,
    });
    expect(slashingMockConfig({ ExistentialDeposit: 1n }).AdminOrigin).toBe(ensureRootOrigin);
  });
});
