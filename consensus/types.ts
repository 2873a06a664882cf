/**
 * The JSON contract of one Yuma Consensus epoch. Keys are snake_case so
 * that the same object travels unchanged through files, the CLI and RPC.
 *
 * u64 quantities (blocks, RAO) accept JSON numbers, decimal strings or bigints on
 * input; outputs carry them as decimal strings. u16 proportions use 65535 = 1.0.
 */

/** A u64 as it may arrive: a JSON number (exact only below 2^53), a decimal string, or a bigint. */
export type U64Like = number | string | bigint;

/** One stored sparse entry: `[uid, value]`, both u16. Weights are stored row-max-upscaled. */
export type SparseEntry = [uid: number, value: number];

export interface EpochInput {
  /** Number of uids in the subnet (SubnetworkN). Every per-uid array has this length. */
  n: number;
  current_block: U64Like;
  /** Tempo (u16); used for bond masking when `last_mechanism_step_block` is 0. */
  tempo: number;
  /** Blocks after the last weight update before a uid counts as inactive. */
  activity_cutoff_blocks: U64Like;
  /** LastMechansimStepBlock: block of the previous successful epoch, 0 if none. */
  last_mechanism_step_block: U64Like;
  /** Raw stake per uid, in RAO. */
  stake: U64Like[];
  /** Minimum stake (RAO) to keep stake in the epoch; the owner uid is exempt. */
  stake_threshold: U64Like;
  last_update: U64Like[];
  block_at_registration: U64Like[];
  /** Permits stored by the previous epoch (length n; an empty array means "nothing stored"). */
  validator_permits: boolean[];
  max_allowed_validators: number;
  /** Stored weights per uid: rows of `[uid, u16]`, as set_weights stored them (max-upscaled). */
  weights: SparseEntry[][];
  /** Stored bonds per uid, as the previous epoch returned them. */
  bonds: SparseEntry[][];
  kappa: number;
  bonds_penalty: number;
  /** BondsMovingAverage, parts per million (u64; default 900_000). */
  bonds_moving_average: U64Like;
  yuma3: boolean;
  liquid_alpha: boolean;
  alpha_low: number;
  alpha_high: number;
  /** AlphaSigmoidSteepness (i16). */
  alpha_sigmoid_steepness: number;
  owner_uid: number | null;
  /** Emission distributed by this epoch, in RAO. */
  rao_emission: U64Like;
  /**
   * Optional, only when commit-reveal is enabled: per uid, the block of its earliest
   * non-expired weight commit, or null for none. Weights of uid i on uid j are then
   * dropped when `commit_blocks[i] < block_at_registration[j]`.
   */
  commit_blocks?: (U64Like | null)[] | null;
}

export interface EpochOutput {
  active: boolean[];
  consensus: number[];
  incentive: number[];
  dividends: number[];
  validator_trust: number[];
  stake_weight: number[];
  /** Combined (incentive + dividends) emission per uid, RAO. */
  emission: string[];
  server_emission: string[];
  validator_emission: string[];
  new_validator_permits: boolean[];
  /** Bond rows as the chain stores them; empty for uids without a new permit. */
  bonds: SparseEntry[][];
}
