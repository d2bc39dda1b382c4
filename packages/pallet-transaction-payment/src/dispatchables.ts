/**
 * The logic of pallet-transaction-payment (`src/lib.rs`: `compute_fee_details`,
 * `OnChargeTransaction::withdraw_fee` of `payment.rs`, `correct_and_deposit_fee`).
 */
import { FixedU128, saturatingAdd, type Context } from "@corelab/frame";
import type { TransactionPaymentConfig } from "./interfaces.ts";
import { TransactionPayment } from "./pallet.ts";
import type { FeeDetails } from "./types.ts";

type Xt = { readonly call: { readonly pallet: string; readonly name: string; readonly args: unknown } };

const lengths = new WeakMap<object, number>();

/**
 * The stand-in for an extrinsic's SCALE-encoded length used by default: the UTF-8 byte length of
 * the canonical JSON of `[pallet, call, args]` (bigints as decimal strings). Deterministic and
 * monotonic in the size of the arguments; not the byte count of a real extrinsic. Remembered per
 * call object (a pooled transaction's fee is asked for at every relay block until it is applied).
 */
export function encodedLengthOf(xt: Xt): number {
  let n = lengths.get(xt.call);
  if (n === undefined) {
    const value = [xt.call.pallet, xt.call.name, xt.call.args];
    lengths.set(xt.call, (n = jsonSize(value, true) ?? jsonByteLength(value)));
  }
  return n;
}

/** `Buffer.byteLength(JSON.stringify(v, bigints as decimal strings))`, the slow and general way. */
function jsonByteLength(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)), "utf8");
}

/** Not measurable here (an object with `toJSON`, a class instance): `jsonByteLength` decides. */
const GENERAL = -1;

/**
 * The byte length of `v`'s JSON text (as `jsonByteLength`), computed without building the text,
 * for plain data (arrays, plain objects, strings, numbers, bigints, booleans, null); `undefined`
 * for a value JSON leaves out (an object's undefined field), or when `v` holds anything else.
 */
function jsonSize(v: unknown, inArray: boolean): number | undefined {
  const n = size(v, inArray);
  return n === GENERAL ? undefined : n;
}

function size(v: unknown, inArray: boolean): number | undefined {
  switch (typeof v) {
    case "string":
      return stringSize(v);
    case "number":
      return Number.isFinite(v) ? String(v).length : 4;
    case "bigint":
      return String(v).length + 2; // a quoted decimal string
    case "boolean":
      return v ? 4 : 5;
    case "undefined":
    case "function":
    case "symbol":
      return inArray ? 4 : undefined; // null in an array, left out of an object
  }
  if (v === null) return 4;
  if (Array.isArray(v)) {
    let n = 1 + Math.max(1, v.length);
    for (let i = 0; i < v.length; i++) {
      const s = size(v[i], true)!;
      if (s === GENERAL) return GENERAL;
      n += s;
    }
    return n;
  }
  const proto = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || typeof (v as { toJSON?: unknown }).toJSON === "function") return GENERAL;
  let n = 2;
  let fields = 0;
  for (const k of Object.keys(v as object)) {
    const s = size((v as Record<string, unknown>)[k], false);
    if (s === undefined) continue;
    if (s === GENERAL) return GENERAL;
    const ks = stringSize(k);
    if (ks === GENERAL) return GENERAL;
    n += ks + 1 + s;
    fields++;
  }
  return n + Math.max(0, fields - 1);
}

/** A string's quoted JSON length: its length + 2 when it is printable ASCII with no quote or backslash; else general. */
function stringSize(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return Buffer.byteLength(JSON.stringify(s), "utf8");
  }
  return s.length + 2;
}

/** The declared weight of a call: `CallWeights["Pallet.call"]`, else `DefaultWeight`. */
export function weightOf(config: TransactionPaymentConfig, xt: Xt): bigint {
  return config.CallWeights?.[`${xt.call.pallet}.${xt.call.name}`] ?? config.DefaultWeight;
}

/**
 * `compute_fee_details(len, info, tip)`: the fee breakdown of `xt` at the current
 * `NextFeeMultiplier` (read from `ctx`; 1.0 when the pallet is not in the runtime). A `Pays::No`
 * call pays only its tip. Saturating arithmetic, planck.
 */
export function computeFee(ctx: Context, config: TransactionPaymentConfig, xt: Xt, paysFee: "Yes" | "No" = "Yes", tip = 0n): FeeDetails {
  if (paysFee === "No") return { base_fee: 0n, len_fee: 0n, adjusted_weight_fee: 0n, tip, final_fee: tip };
  const len = BigInt((config.LengthOf ?? encodedLengthOf)(xt));
  const multiplier = !ctx.runtime.pallets.has("TransactionPayment") ? FixedU128.one : TransactionPayment.storage.NextFeeMultiplier.get(ctx);
  const base_fee = config.BaseFee;
  const len_fee = config.ByteFee * len;
  const adjusted_weight_fee = FixedU128.saturatingMulInt(multiplier, config.WeightFee * weightOf(config, xt));
  const final_fee = saturatingAdd(saturatingAdd(saturatingAdd(base_fee, len_fee), adjusted_weight_fee), tip);
  return { base_fee, len_fee, adjusted_weight_fee, tip, final_fee };
}

/**
 * `withdraw_fee` + deposit into the pot: withdraws `fee` from `who` keep-alive (fails with the
 * currency's error, which the extension turns into `InvalidTransaction::Payment`), then deposits
 * it into `config.FeePot`; a deposit the pot cannot take (below the existential deposit) is burnt.
 */
export function doChargeFee(ctx: Context, config: TransactionPaymentConfig, who: string, fee: bigint): void {
  if (fee === 0n) return;
  config.Currency.withdraw(ctx, who, fee, "Preserve");
  config.Currency.resolve(ctx, config.FeePot, fee); // a credit the pot cannot take is dropped: burnt
}

/** Emits `TransactionFeePaid { who, actual_fee, tip }` (`correct_and_deposit_fee`). */
export function doFeePaid(ctx: Context, who: string, actualFee: bigint, tip: bigint): void {
  TransactionPayment.deposit(ctx, "TransactionFeePaid", { who, actual_fee: actualFee, tip });
}
