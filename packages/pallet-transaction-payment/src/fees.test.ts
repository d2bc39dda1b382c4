import { beforeAll, describe, expect, it } from "vitest";
import { FixedU128, Origin, initCrypto, type Extrinsic } from "@corelab/frame";
import { Balances, freeBalance } from "@corelab/pallet-balances";
import { BASE_ACCOUNT, InvalidTransactionPayment, TransactionPayment, computeFee, encodedLengthOf } from "./index.ts";
import { TEST_FEES, feeRuntime } from "./testing.ts";

beforeAll(initCrypto);

const transfer = (from: string, to: string, value: bigint): Extrinsic => ({
  origin: Origin.signed(from),
  call: Balances.call("transfer_allow_death", { dest: to, value }),
});
const expectedFee = (xt: Extrinsic) => TEST_FEES.BaseFee + TEST_FEES.ByteFee * BigInt(encodedLengthOf(xt)) + TEST_FEES.WeightFee * TEST_FEES.DefaultWeight;

describe("TransactionPayment", () => {
  it("charges base + length + weight fee before dispatch into the pot, and emits TransactionFeePaid", () => {
    const rt = feeRuntime({ endow: [["alice", 1_000_000n]] });
    const xt = transfer("alice", "bob", 100_000n);
    const fee = expectedFee(xt);
    const block = rt.newBlock([xt]);
    expect(block.extrinsics[0]!.result).toEqual({ ok: true });
    expect(rt.read((ctx) => freeBalance(ctx, "alice"))).toBe(1_000_000n - 100_000n - fee);
    expect(rt.read((ctx) => freeBalance(ctx, BASE_ACCOUNT))).toBe(fee);
    expect(block.events.map((e) => `${e.section}.${e.method}`)).toEqual([
      "Balances.Withdraw",
      "Balances.Endowed",
      "Balances.Deposit",
      "Balances.Endowed",
      "Balances.Transfer",
      "TransactionPayment.TransactionFeePaid",
      "System.ExtrinsicSuccess",
    ]);
    expect(block.events[5]!.data).toEqual({ who: "alice", actual_fee: fee, tip: 0n });
  });

  it("keeps the fee when the call fails", () => {
    const rt = feeRuntime({ endow: [["alice", 100_000n]] });
    const xt = transfer("alice", "bob", 99_000n); // the fee leaves too little for the transfer
    const fee = expectedFee(xt);
    expect(fee).toBeGreaterThan(1_000n);
    const block = rt.newBlock([xt]);
    expect(block.extrinsics[0]!.result.ok).toBe(false);
    expect(rt.read((ctx) => freeBalance(ctx, "alice"))).toBe(100_000n - fee);
    expect(block.events.map((e) => e.method)).toContain("TransactionFeePaid");
    expect(block.events.at(-1)!.method).toBe("ExtrinsicFailed");
  });

  it("rejects a signer who cannot pay as an invalid transaction: not included, nothing changes", () => {
    const rt = feeRuntime({ endow: [["alice", 1_000_000n], ["bob", 10n]] });
    rt.initializeBlock();
    const before = rt.state;
    const r = rt.applyExtrinsic(transfer("bob", "alice", 1n));
    expect(r).toEqual({ ok: false, error: InvalidTransactionPayment });
    expect(rt.state).toBe(before);
    const block = rt.finalizeBlock();
    expect(block.extrinsics).toEqual([]);
    expect(block.events).toEqual([]);
  });

  it("charges nothing for Root, unsigned and Pays::No calls, and nothing at genesis", () => {
    const rt = feeRuntime({ endow: [["alice", 1_000_000n]] });
    rt.applyExtrinsic(transfer("alice", "bob", 10n)); // genesis: no fee
    expect(rt.read((ctx) => freeBalance(ctx, BASE_ACCOUNT))).toBe(0n);
    rt.newBlock([{ origin: Origin.root, call: Balances.call("force_set_balance", { who: "charlie", new_free: 5n }) }]);
    expect(rt.read((ctx) => freeBalance(ctx, BASE_ACCOUNT))).toBe(0n);
    const paysNo = rt.read((ctx) => computeFee(ctx, rt.configOf(TransactionPayment), transfer("alice", "bob", 1n), "No", 0n));
    expect(paysNo.final_fee).toBe(0n);
  });

  it("scales only the weight fee by NextFeeMultiplier, and uses declared call weights", () => {
    const rt = feeRuntime({
      endow: [["alice", 10_000_000n]],
      fees: { CallWeights: { "Balances.transfer_allow_death": 2_000n } },
    });
    rt.withContext((ctx) => TransactionPayment.storage.NextFeeMultiplier.put(ctx, FixedU128.fromRational(3n, 2n)));
    const xt = transfer("alice", "bob", 100n);
    const d = rt.read((ctx) => computeFee(ctx, rt.configOf(TransactionPayment), xt));
    const len = BigInt(encodedLengthOf(xt));
    expect(d).toEqual({ base_fee: 1000n, len_fee: 10n * len, adjusted_weight_fee: 3000n, tip: 0n, final_fee: 1000n + 10n * len + 3000n });
  });

  it("burns a fee the pot cannot take (below its existential deposit)", () => {
    const rt = feeRuntime({ existentialDeposit: 1_000_000n, endow: [["alice", 100_000_000n]], fees: { ByteFee: 0n, BaseFee: 5n, WeightFee: 0n } });
    const issuance = rt.read((ctx) => Balances.storage.TotalIssuance.get(ctx));
    rt.newBlock([transfer("alice", "bob", 10_000_000n)]);
    expect(rt.read((ctx) => freeBalance(ctx, BASE_ACCOUNT))).toBe(0n);
    expect(rt.read((ctx) => Balances.storage.TotalIssuance.get(ctx))).toBe(issuance - 5n);
  });

  it("BASE_ACCOUNT is b\"system:base\" followed by 21 bytes 0x01", () => {
    expect(BASE_ACCOUNT).toBe("0x73797374656d3a62617365" + "01".repeat(21));
    expect(BASE_ACCOUNT.length).toBe(2 + 64);
  });
});

describe("encodedLengthOf", () => {
  class WithToJson {
    toJSON(): string {
      return "x";
    }
  }
  const args: unknown[] = [
    {},
    { dest: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", value: 1_000_000_000_000n },
    { a: undefined, b: null, c: [undefined, 1, -0, 1.5, 1e21, Number.NaN, Infinity], d: true, e: false },
    { nested: { deeper: [[], [{}], ["é", "日本", 'quote " and \\ backslash', "tab\there", "\u0001"]] }, big: -12345678901234567890n },
    { "key with \"quote\"": 1, "ключ": 2, fn: () => 1 },
    { when: new WithToJson(), list: [new Date(0)] },
    [{ type: "Task", value: 2000 }, 57_600],
  ];
  it("is the UTF-8 byte length of the call's JSON (bigints as decimal strings), computed without the text", () => {
    for (const a of args) {
      const call = { pallet: "Pallet", name: "call_name", args: a };
      const expected = Buffer.byteLength(JSON.stringify([call.pallet, call.name, call.args], (_k, v) => (typeof v === "bigint" ? v.toString() : v)), "utf8");
      expect(encodedLengthOf({ call })).toBe(expected);
    }
  });
});
