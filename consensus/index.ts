/**
 * Yuma Consensus, bit-exact with subtensor's sparse epoch (run_epoch.rs).
 *
 *   const out = runEpoch(input)   // EpochInput -> EpochOutput, the JSON contract
 *
 * Carry `out.bonds` and `out.new_validator_permits` into the next epoch's
 * `bonds` and `validator_permits`.
 */
import { decodeEpochInput } from './input.ts';
import { runEpochFast } from './epoch.ts';
import type { EpochInput, EpochOutput } from './types.ts';

export type { EpochInput, EpochOutput, SparseEntry, U64Like } from './types.ts';
export { parseEpochInput } from './input.ts';
/** set_weights' storage form of a weight vector (max-upscaled to 65535, zeros kept). */
export { maxUpscaleWeights } from './storage.ts';
export { SUBTENSOR_EPOCH_DEFAULTS } from './subtensor-defaults.ts';

/**
 * Runs one epoch. Validates the input first and throws
 * `SubnetError('EPOCH_INPUT_INVALID')` naming the offending field.
 */
export function runEpoch(input: EpochInput): EpochOutput {
  return runEpochFast(decodeEpochInput(input));
}
