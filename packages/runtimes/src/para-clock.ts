/**
 * The parachain clock of a single-chain coretime preset: which relay block each coretime-chain block
 * is built on, and which relay block number the broker reads in it (cumulus's
 * `RelaychainDataProvider`), as a scenario knob:
 *
 * ```yaml
 * runtime: coretime-polkadot@1003000
 * constants:
 *   ParachainSystem: { Clock: natural, RelayBlocksPerParaBlock: 2 }
 * ```
 *
 * - `Clock: aligned` (the default): a step's `at` is both the parachain block number and the relay
 *   block number every part of the block reads (tick and calls), as SCENARIO.md has said of
 *   single-chain presets from the start. Every scenario written before this knob runs on it.
 * - `Clock: natural`: parachain block `n` is built on relay parent `rp(n) = RelayBlocksPerParaBlock · n`
 *   (relay blocks). Its extrinsics (`purchase`, `renew`, `start_sales`, …) read `rp(n)`; the broker's
 *   tick, which runs in `on_initialize` before the `set_validation_data` inherent, reads the previous
 *   block's relay parent `rp(n − 1)` (`LastRelayChainBlockNumber`). Sale timing (`sale_start`, the
 *   lead-in, `TooEarly`) counts parachain blocks before runtime 1 006 000 and relay blocks from it
 *   (the era's `coretimeBlockLengths`).
 *
 * `RelayBlocksPerParaBlock` is 1 or 2; its default is the era's value, 2 in every real era so far
 * (synchronous backing, 12 s blocks; async backing never reached the coretime chains up to fellows
 * 2.3.2). Sources: docs/research/issue-14.md sections 2.1–2.3 (cumulus
 * `pallets/parachain-system/src/lib.rs`, `RelaychainDataProvider`; fellows
 * `system-parachains/constants`, `FixedVelocityConsensusHook<6000, 1, 1>`).
 */
import { InvalidValueError, UnknownNameError, type Context, type Phase, type RuntimeEvent, type RuntimeInfo } from "@corelab/frame";
import type { CoretimeInterface } from "@corelab/pallet-broker";

/** The scenario knob's pseudo-pallet under `constants:` (`constants.ParachainSystem`). */
export const PARA_CLOCK_PALLET = "ParachainSystem";

/** `aligned`: `at` is the para block and the relay number everything reads; `natural`: para `n` on relay parent `rp(n)`. */
export type ClockKind = "aligned" | "natural";

/** A preset's parachain clock. */
export interface ParaClock {
  /** Which clock (see the module doc). */
  readonly kind: ClockKind;
  /** Relay blocks per parachain block on the natural clock (1 or 2); 1 on the aligned clock. */
  readonly relayBlocksPerParaBlock: 1 | 2;
}

/** The aligned clock: para block `n` = relay number `n` everywhere (the default of every preset). */
export const ALIGNED_CLOCK: ParaClock = { kind: "aligned", relayBlocksPerParaBlock: 1 };

/**
 * `rp(n)`: the relay parent (relay block number) of parachain block `n` on `clock`. Aligned: `n`;
 * natural: `RelayBlocksPerParaBlock · n`.
 */
export function relayParentOf(clock: ParaClock, n: number): number {
  return clock.kind === "aligned" ? n : clock.relayBlocksPerParaBlock * n;
}

/**
 * The relay block number the broker reads in parachain block `blockNumber` during `phase`
 * (cumulus's `RelaychainDataProvider::current_block_number`): in `on_initialize`
 * (`Initialization`), before `set_validation_data`, the previous block's relay parent
 * `rp(n − 1)` (`LastRelayChainBlockNumber`); in the extrinsics and later, `rp(n)`
 * (`ValidationData.relay_parent_number`). On the aligned clock, `n` in every phase.
 */
export function relayNumberRead(clock: ParaClock, blockNumber: number, phase: Phase): number {
  if (clock.kind === "aligned") return blockNumber;
  return relayParentOf(clock, phase.type === "Initialization" && blockNumber > 0 ? blockNumber - 1 : blockNumber);
}

/** `ctx` with `blockNumber` replaced by a relay block number (for the mock relay's own checks). */
class RelayView implements Context {
  constructor(
    private readonly ctx: Context,
    readonly blockNumber: number,
  ) {}
  get phase(): Phase {
    return this.ctx.phase;
  }
  get runtime(): RuntimeInfo {
    return this.ctx.runtime;
  }
  get storage(): Context["storage"] {
    return this.ctx.storage;
  }
  deposit(event: RuntimeEvent): void {
    this.ctx.deposit(event);
  }
}

/**
 * `relay` (the recording mock relay of a single-chain preset) on `clock`: on the natural clock the
 * broker reads `relayNumberRead` as the relay block number, and the mock relay's revenue request
 * compares its `when` with that relay number (the mock refuses a request about the future), not
 * with the parachain block number. On the aligned clock, `relay` unchanged.
 */
export function onParaClock(relay: CoretimeInterface, clock: ParaClock): CoretimeInterface {
  if (clock.kind === "aligned") return relay;
  const now = (ctx: Context) => relayNumberRead(clock, ctx.blockNumber, ctx.phase);
  return {
    ...relay,
    requestRevenueInfoAt: (ctx, when) => relay.requestRevenueInfoAt(new RelayView(ctx, now(ctx)), when),
    relayChainBlockNumber: now,
  };
}

const KNOBS = ["Clock", "RelayBlocksPerParaBlock"] as const;

/**
 * Parses `constants.ParachainSystem` of a scenario (raw values; `undefined` when the scenario has
 * none): `Clock` (`aligned` | `natural`, default `aligned`) and `RelayBlocksPerParaBlock` (1 | 2,
 * natural clock only, default `eraRelayBlocksPerParaBlock`). Unknown names throw
 * `UnknownNameError`, bad values `InvalidValueError`, naming `path` (`constants.ParachainSystem`).
 */
export function parseParaClock(raw: unknown, eraRelayBlocksPerParaBlock: 1 | 2, path: string): ParaClock {
  if (raw === undefined || raw === null) return ALIGNED_CLOCK;
  if (typeof raw !== "object" || Array.isArray(raw)) throw new InvalidValueError(path, "a map { Clock, RelayBlocksPerParaBlock }", raw);
  const values = raw as Record<string, unknown>;
  for (const name of Object.keys(values)) if (!(KNOBS as readonly string[]).includes(name)) throw new UnknownNameError(`constant of ${PARA_CLOCK_PALLET}`, name, KNOBS, path);
  const clock = Object.hasOwn(values, "Clock") ? values.Clock : "aligned";
  if (clock !== "aligned" && clock !== "natural") throw new InvalidValueError(`${path}.Clock`, "aligned or natural", clock);
  const hasRatio = Object.hasOwn(values, "RelayBlocksPerParaBlock");
  const ratio = hasRatio ? values.RelayBlocksPerParaBlock : eraRelayBlocksPerParaBlock;
  if (ratio !== 1 && ratio !== 2) throw new InvalidValueError(`${path}.RelayBlocksPerParaBlock`, "1 or 2 (relay blocks per parachain block)", ratio);
  if (clock === "aligned") {
    if (hasRatio) throw new InvalidValueError(`${path}.RelayBlocksPerParaBlock`, "no value on the aligned clock (Clock: natural sets the block time)", ratio);
    return ALIGNED_CLOCK;
  }
  return { kind: "natural", relayBlocksPerParaBlock: ratio };
}
