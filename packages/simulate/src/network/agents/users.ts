/**
 * `users`: the users of one parachain sending transactions. Arrivals per relay block are Poisson
 * with mean `rate × daily(n) × burst(n)`, where `daily(n) = 1 + daily_amplitude · sin(2π n /
 * daily_period)` (a day is 14 400 relay blocks of 6 s) and `burst(n)` is `burst_factor` while a
 * burst lasts, else 1 (a burst starts at each block with probability `1 / burst_every` and lasts
 * `burst_length` blocks; `burst_every: 0` = no bursts). Each transaction's length is uniform in
 * `length_min..length_max` bytes and its fee is `fee_base + fee_per_byte × length + fee_weight`
 * (pallet-transaction-payment's base, length and weight fee, with a constant weight fee).
 */
import type { BuiltinAgent } from "./index.ts";

/** The daily-cycle multiplier at relay block `n` (never negative). */
export function dailyFactor(n: number, amplitude: number, period: number): number {
  if (amplitude === 0) return 1;
  return Math.max(0, 1 + amplitude * Math.sin((2 * Math.PI * (n % period)) / period));
}

/** The `users` agent kind. */
export const usersAgent: BuiltinAgent = {
  kind: "users",
  description: "a parachain's users sending transactions (Poisson, bursts, daily cycle)",
  params: {
    para: { type: "int", required: true, docs: "the para id the transactions go to" },
    rate: { type: "number", min: 0, default: 1, docs: "mean transactions per relay block outside bursts" },
    burst_every: { type: "int", default: 0, docs: "mean relay blocks between burst starts (0 = no bursts)" },
    burst_length: { type: "int", min: 1, default: 10, docs: "relay blocks a burst lasts" },
    burst_factor: { type: "number", min: 0, default: 10, docs: "rate multiplier during a burst" },
    daily_amplitude: { type: "number", min: 0, max: 1, default: 0, docs: "amplitude of the daily cycle (0..1)" },
    daily_period: { type: "int", min: 1, default: 14_400, docs: "relay blocks per cycle (a day = 14400)" },
    fee_base: { type: "amount", default: 1_000_000, docs: "base fee per transaction (planck or '0.001 KSM')" },
    fee_per_byte: { type: "amount", default: 1_000, docs: "length fee per byte (planck)" },
    fee_weight: { type: "amount", default: 500_000, docs: "weight fee per transaction (planck)" },
    length_min: { type: "int", min: 1, default: 100, docs: "smallest transaction length (bytes)" },
    length_max: { type: "int", min: 1, default: 300, docs: "largest transaction length (bytes)" },
  },
  check(p, fail) {
    if ((p.length_max as number) < (p.length_min as number)) fail("length_max", `must be >= length_min (${p.length_min as number})`);
  },
  create({ name, rng, params }) {
    const para = params.para as number;
    const rate = params.rate as number;
    const every = params.burst_every as number;
    const blen = params.burst_length as number;
    const factor = params.burst_factor as number;
    const amp = params.daily_amplitude as number;
    const period = params.daily_period as number;
    const fixedFee = (params.fee_base as bigint) + (params.fee_weight as bigint);
    const perByte = params.fee_per_byte as bigint;
    const lmin = params.length_min as number;
    const lmax = params.length_max as number;
    let burstLeft = 0;
    return {
      name,
      onBlock(view) {
        if (burstLeft === 0 && every > 0 && rng.bernoulli(1 / every)) burstLeft = blen;
        const inBurst = burstLeft > 0;
        if (inBurst) burstLeft--;
        const k = rng.poisson(rate * dailyFactor(view.block, amp, period) * (inBurst ? factor : 1));
        for (let i = 0; i < k; i++) {
          const length = lmin === lmax ? lmin : rng.int(lmin, lmax);
          view.submitTx(para, { fee: fixedFee + perByte * BigInt(length), length });
        }
      },
    };
  },
};
