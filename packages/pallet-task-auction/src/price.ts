/**
 * The auction's pure arithmetic: the linear Dutch descent (reconstruction §1.3.5), the load curve
 * m(u) and the floor it sets (§1.3.7), and the EWMA of the target. Exact bigint arithmetic;
 * Perbill values are parts of 1_000_000_000 and every division rounds down (stated per function).
 */
import { Perbill as PerbillOps, mulDivRounding } from "@corelab/frame";

const ONE = PerbillOps.one;

/**
 * The price at block `now` of an auction posted at `postedAt` (§1.3.5):
 * `P(τ) = start − (start − floor) · min(τ, D) / D` with `τ = now − postedAt`; the subtracted term
 * rounds down (so the price rounds up). `D = 0` gives the floor at once. Before `postedAt` the
 * start price. Planck in, planck out.
 */
export function priceAt(start: bigint, floor: bigint, postedAt: number, duration: number, now: number): bigint {
  const tau = now > postedAt ? now - postedAt : 0;
  if (duration === 0 || tau >= duration) return floor;
  const drop = start > floor ? mulDivRounding(start - floor, BigInt(tau), BigInt(duration), "Down")! : 0n;
  return start - drop;
}

/** Utilisation `load / capacity` as Perbill parts, rounded down; 0 when `capacity` is 0, one when `load ≥ capacity`. */
export function utilization(load: bigint, capacity: bigint): bigint {
  if (capacity === 0n) return 0n;
  return PerbillOps.fromRational(load, capacity);
}

/**
 * The load curve `m(u)` (§1.3.7) as parts of 1_000_000_000 (it may exceed one):
 * - `u < u*`: `1 + α↑ · (u* − u) / u*` (a bonus that attracts work to an idle network);
 * - `u ≥ u*`: `1 − α↓ · (u − u*) / (1 − u*)`, with `(u − u*) / (1 − u*)` read as 1 when `u* = 1`
 *   (a discount that pushes work away from a loaded one).
 * Each ratio term rounds down.
 */
export function loadMultiplier(u: bigint, target: bigint, bonus: bigint, discount: bigint): bigint {
  if (u < target) return ONE + mulDivRounding(bonus, target - u, target, "Down")!;
  if (target >= ONE) return ONE - discount;
  const over = u - target;
  return ONE - mulDivRounding(discount, over > ONE - target ? ONE - target : over, ONE - target, "Down")!;
}

/**
 * The auction floor (the operator's reserve, §1.3.7 applied to §1.3.5's reserve): the most a
 * coprocessor can be paid is `min(1, (1 − φ) · m(u)) · reward` (both products rounded down), and
 * the floor is `reward` minus that. `baseFloor` φ and `multiplier` m are parts of 1_000_000_000.
 */
export function floorPrice(reward: bigint, baseFloor: bigint, multiplier: bigint): bigint {
  let share = ((ONE - (baseFloor > ONE ? ONE : baseFloor)) * multiplier) / ONE;
  if (share > ONE) share = ONE;
  return reward - PerbillOps.mulFloor(share, reward);
}

/** The target after one EWMA step (§1.3.7 "adaptive"): `u*' = (ρ · u + (1 − ρ) · u*)`, rounded down. */
export function nextLoadTarget(target: bigint, u: bigint, smoothing: bigint): bigint {
  return (smoothing * u + (ONE - smoothing) * target) / ONE;
}

/** The collateral a winner locks: `λ · reward`, rounded up (Perbill `mul_ceil`). */
export function requiredCollateral(reward: bigint, ratio: bigint | number): bigint {
  return PerbillOps.mulCeil(ratio, reward);
}
