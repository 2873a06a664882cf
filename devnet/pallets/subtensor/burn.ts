import type { State } from '../../pallet.ts';
import {
  AdjustmentAlpha,
  AdjustmentInterval,
  Burn,
  BurnRegistrationsThisInterval,
  Difficulty,
  LastAdjustmentBlock,
  MaxBurn,
  MaxDifficulty,
  MinBurn,
  MinDifficulty,
  NetworksAdded,
  POWRegistrationsThisInterval,
  RegistrationsThisBlock,
  RegistrationsThisInterval,
  TargetRegistrationsPerInterval,
} from './storage.ts';

/**
 * Registration terms at spec 381 (coinbase/block_step.rs
 * `adjust_registration_terms_for_networks`): a registration does not move the price;
 * once `AdjustmentInterval` blocks have passed since `LastAdjustmentBlock`, the burn
 * and/or the proof-of-work difficulty move toward `current × (registrations + target) /
 * (2 × target)`, smoothed by `AdjustmentAlpha`, clamped to their bounds, and the
 * interval's counters restart. Every block restarts `RegistrationsThisBlock`.
 */

/** U110F18, the runtime's fixed-point type for the adjustment: 18 fractional bits. */
const FRAC = 18n;
const ONE = 1n << FRAC;
const U64_MAX = (1n << 64n) - 1n;

/**
 * `upgraded_burn` / `upgraded_difficulty` (the same formula): the fixed-point steps
 * truncate as U110F18 does, and the result is clamped to [min, max].
 */
export function upgradedTerm(current: bigint, registrations: number, target: number, adjustmentAlpha: bigint, min: bigint, max: bigint): bigint {
  const divisor = BigInt(target) * 2n;
  // safe_div answers 0 for a zero divisor
  const updated = divisor === 0n ? 0n : (current * BigInt(registrations + target) * ONE) / divisor;
  const alpha = (adjustmentAlpha * ONE) / U64_MAX;
  const next = ((alpha * (current << FRAC)) >> FRAC) + (((ONE - alpha) * updated) >> FRAC);
  if (next >= max << FRAC) return max;
  if (next <= min << FRAC) return min;
  return next >> FRAC;
}

/** The block step's registration part for every subnet, at `block`. */
export function adjustRegistrationTerms(state: State, block: bigint): void {
  const netuids = NetworksAdded.entries(state).map(([[netuid]]) => netuid);
  for (const netuid of netuids) {
    const interval = BigInt(AdjustmentInterval.get(state, netuid));
    if (block - LastAdjustmentBlock.get(state, netuid) >= interval) {
      const registrations = RegistrationsThisInterval.get(state, netuid);
      const pow = POWRegistrationsThisInterval.get(state, netuid);
      const burned = BurnRegistrationsThisInterval.get(state, netuid);
      const target = TargetRegistrationsPerInterval.get(state, netuid);
      const alpha = AdjustmentAlpha.get(state, netuid);
      const burn = () =>
        Burn.set(state, netuid, upgradedTerm(Burn.get(state, netuid), registrations, target, alpha, MinBurn.get(state, netuid), MaxBurn.get(state, netuid)));
      const difficulty = () =>
        Difficulty.set(
          state,
          netuid,
          upgradedTerm(Difficulty.get(state, netuid), registrations, target, alpha, MinDifficulty.get(state, netuid), MaxDifficulty.get(state, netuid)),
        );
      // above target the price of the more used kind (burn or proof of work) moves; at or below
      // it the price of the less used kind does; a tie moves both (the runtime's branch order)
      const dearer = registrations > target;
      if (pow > burned) (dearer ? difficulty : burn)();
      else if (pow < burned) (dearer ? burn : difficulty)();
      else {
        burn();
        difficulty();
      }
      LastAdjustmentBlock.set(state, netuid, block);
      RegistrationsThisInterval.set(state, netuid, 0);
      POWRegistrationsThisInterval.set(state, netuid, 0);
      BurnRegistrationsThisInterval.set(state, netuid, 0);
    }
    if (RegistrationsThisBlock.get(state, netuid) !== 0) RegistrationsThisBlock.set(state, netuid, 0);
  }
}
