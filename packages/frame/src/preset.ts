/**
 * Runtime presets: a name in a scenario's `runtime:` that stands for a composed runtime (or a network
 * of chains), so that a file need not list pallets (SCENARIO.md "Presets"). The built-in presets are
 * in `@corelab/runtimes`; a user's runtime module exports one (`export default`), and
 * `@corelab/testing`'s registry maps names to presets.
 */
import type { Network } from "./network.ts";
import type { Runtime } from "./runtime.ts";
import type { TokenInfo } from "./codec.ts";

/** What a scenario may change of a preset. Values are raw scenario values, parsed by the preset. */
export interface PresetOptions {
  /** `constants:` of the scenario: pallet → constant name → raw value. */
  readonly constants?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** `genesis:` of the scenario: pallet → field → raw value. */
  readonly genesis?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /**
   * Path of these options inside the scenario file, for error messages: a prefix before
   * `constants.…` / `genesis.…` (empty for a single-chain scenario).
   */
  readonly path?: string;
  /**
   * Addition: how the scenario resolves account names (dev names, the preset's `accounts`
   * aliases, the file's declared `accounts:`; an unknown name throws, naming `where`, the path
   * of the name in the file). Presets use it to parse genesis accounts (give it to the codecs'
   * `ParseContext`); default: frame's `resolveAccount`.
   */
  readonly resolveAccount?: (name: string, where?: string) => string;
  /**
   * Addition: the number of the genesis block (a scenario's top-level `start`, default 0), for
   * replays that begin in the middle of real history. Pass it to `createRuntime`'s
   * `genesisNumber`; a preset that ignores it makes `start` fail with a `ScenarioError`.
   */
  readonly genesisNumber?: number;
  /**
   * Addition, network presets only: the chains the scenario names in a prefix (`para-2000` of
   * `para-2000.System.Number`). A network preset gives each of these parachains a runtime; the
   * others may stay light (they only count blocks).
   */
  readonly chains?: ReadonlySet<string>;
}

/** A named runtime composition. */
export interface Preset {
  /** The name scenarios use (`broker-mock`). */
  readonly name: string;
  /** One line for `corelab presets` and error messages. */
  readonly description: string;
  /** The chain's token, when it has one (amounts like `"5 KSM"`). */
  readonly token?: TokenInfo;
  /**
   * Named accounts the preset adds to scenario account parsing, e.g. `pallet:Broker` → the
   * broker's pot account. Dev names (`alice` …) are always known.
   */
  readonly accounts?: Readonly<Record<string, string>>;
  /**
   * Addition: storage maps that hold a Rust `Vec` as entries keyed by sequence number 0, 1, …
   * (`TestCoretime.Trace`, the mock relay's `CoretimeTrace`, stored so that an append is O(log n)).
   * A whole-map expectation on one of them is written as that `Vec`: a list of values, in order.
   */
  readonly sequences?: readonly string[];
  /**
   * Builds a fresh runtime at genesis, with the scenario's constants and genesis applied. For a
   * network preset: the relay chain of a fresh network.
   */
  create(opts: PresetOptions): Runtime;
  /**
   * Addition: a network preset builds a network (`createNetwork` of `@corelab/frame`) at genesis.
   * `constants:` and `genesis:` of the scenario name a chain before the pallet
   * (`coretime.Broker`); a bare pallet is the relay's. Scenario names resolve on every chain of
   * the network that has a runtime; `at` is the relay block number.
   */
  network?(opts: PresetOptions): Network;
  /** Addition, network presets: the chain names, for listings and error messages. */
  readonly chains?: readonly string[];
}
