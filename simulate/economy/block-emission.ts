import { INITIAL_BLOCK_EMISSION, TOTAL_SUPPLY } from './constants.ts';

/**
 * `get_block_emission_for_issuance` (coinbase/block_emission.rs): the emission
 * of one block for a given issuance, halving each time issuance crosses
 * 21M * (1 - 2^-k). The Rust computes k = floor(log2(1 / (1 - issuance / 21M)));
 * comparing against the thresholds gives the same k without a rounding edge at
 * the boundaries. The same function sets a subnet's alpha emission from its
 * alpha issuance.
 */
export function blockEmissionForIssuance(issuance: number): number {
  if (issuance >= TOTAL_SUPPLY) return 0;
  let halvings = 0;
  while (issuance >= TOTAL_SUPPLY * (1 - 2 ** -(halvings + 1))) halvings++;
  return INITIAL_BLOCK_EMISSION / 2 ** halvings;
}
