/**
 * Codecs and TypeScript types of the region market, named as in metadata. Mirrors RegionX-Node
 * `pallets/market/src/types.rs` (`Listing`) and the `pallet_broker` types it speaks (`RegionId`,
 * `Timeslice`, `CoreMask`).
 *
 * `RegionId` and `CoreMask` are the broker's (`substrate/frame/broker/src/types.rs`,
 * `core_mask.rs`), written here again because a pallet depends on `@corelab/frame` only (the nx
 * module boundaries): the same metadata names, the same SCALE bytes (and so the same storage
 * keys), the same values in memory as `@corelab/pallet-broker`'s (`mask` an 80-bit `bigint`), so
 * that a region id goes from a `Broker` event to a `Market` call unchanged (`types.test.ts`
 * checks both against the broker's codecs).
 */
import { InvalidValueError, bytesScale, mappedScale, t, type Codec, type Infer, type ScaleCodec } from "@corelab/frame";

/** `Timeslice` (u32): a period of `TimeslicePeriod` relay-chain blocks. */
export const Timeslice = t.alias("Timeslice", t.u32);
/** A timeslice index. */
export type Timeslice = number;

/** `CoreIndex` (u16). */
export const CoreIndex = t.alias("CoreIndex", t.u16);
/** A core index. */
export type CoreIndex = number;

/** A balance in planck (`BalanceOf<T>`, u128). */
export const Balance = t.balance;

/** A relay-chain block number (`RCBlockNumberOf<T>`, u32). */
export const RelayBlockNumber = t.alias("RelayBlockNumber", t.u32);

/** The bits of a `CoreMask` (80: one per 1/80 of a core). */
const CORE_MASK_BITS = 80;
const MASK_MAX = (1n << BigInt(CORE_MASK_BITS)) - 1n;
const MASK_EXPECTED = 'a CoreMask: "0x" and 20 hex digits (underscores allowed), e.g. "0xfffff_fffff_fffff_fffff"';

/** A core mask: an 80-bit `bigint`, bit 79 the first tenth-of-a-tenth of the core (as `@corelab/pallet-broker`'s `CoreMask`). */
export type CoreMask = bigint;

const checkMask = (value: unknown, path: string): void => {
  if (typeof value !== "bigint" || value < 0n || value > MASK_MAX)
    throw new InvalidValueError(path, "a CoreMask (an 80-bit bigint)", value, typeof value === "bigint" ? "out of range" : undefined);
};

function maskToBytes(mask: CoreMask): Uint8Array {
  checkMask(mask, "CoreMask");
  const out = new Uint8Array(10);
  let v = mask;
  for (let i = 9; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function maskFromBytes(bytes: Uint8Array): CoreMask {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** SCALE of `CoreMask([u8; 10])`: the 10 bytes, which read big-endian are the in-memory bigint. */
const coreMaskScale: ScaleCodec<CoreMask> = mappedScale(bytesScale(10), maskToBytes, maskFromBytes);

/**
 * `CoreMask` (`[u8; 10]`). Scenario values: `"0x"` plus exactly 20 hex digits, underscores allowed
 * (`"0xfffff_fffff_00000_00000"`), or a bigint; JSON: `"0x"` plus 20 lowercase hex digits. In
 * memory: the 80-bit `bigint` (the broker's representation).
 */
export const CoreMaskCodec: Codec<CoreMask> = t.custom<CoreMask>({
  name: "CoreMask",
  parse(input, ctx) {
    if (typeof input === "bigint") {
      if (input < 0n || input > MASK_MAX) throw new InvalidValueError(ctx.path, MASK_EXPECTED, input, "out of range");
      return input;
    }
    if (typeof input === "string") {
      const s = input.trim().replace(/_/g, "");
      if (/^0x[0-9a-fA-F]{20}$/.test(s)) return BigInt(s);
    }
    throw new InvalidValueError(ctx.path, MASK_EXPECTED, input);
  },
  check: checkMask,
  toJson: (v) => `0x${v.toString(16).padStart(20, "0")}`,
  key: (v) => v.toString(16).padStart(20, "0"),
  scale: coreMaskScale,
});

/** `RegionId { begin, core, mask }` (pallet_broker): a region begins at timeslice `begin` on `core`, on the parts of the core in `mask`. */
export const RegionId = t.struct("RegionId", { begin: Timeslice, core: CoreIndex, mask: CoreMaskCodec });
/** A region id. */
export type RegionId = Infer<typeof RegionId>;

/**
 * `Listing<AccountId, Balance> { seller, timeslice_price, sale_recipient }` (types.rs): a region
 * on sale. `timeslice_price` is planck per timeslice of the region still to come (see
 * `calculateRegionPrice`); `sale_recipient` receives the payment (the seller unless the listing
 * named another account).
 */
export const Listing = t.struct("Listing", { seller: t.accountId, timeslice_price: Balance, sale_recipient: t.accountId });
/** A listing. */
export type Listing = Infer<typeof Listing>;

/**
 * What the market reads of a region (`RegionRecordOf<T>` = `pallet_broker::RegionRecord`, the
 * fields it uses): the timeslice it ends at (exclusive) and its owner (`undefined`: none, as the
 * broker's burnt regions).
 */
export interface RegionRecordView {
  /** The timeslice the region ends at (its last timeslice is `end − 1`). */
  readonly end: Timeslice;
  /** The owner, `undefined` when the region has none. */
  readonly owner: string | undefined;
}
