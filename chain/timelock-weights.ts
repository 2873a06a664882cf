import { SubnetError } from '../core/errors.ts';
import {
  encodeWeightsTlockPayload,
  MAX_TIMELOCKED_COMMIT_BYTES,
  QUICKNET,
  timelockEncrypt,
  type BeaconInfo,
  type EncryptOptions,
  type WeightsTlockPayload,
} from '../core/timelock/index.ts';

/**
 * Commit-reveal v4 (timelocked weights), client side: which drand round a commit is
 * encrypted to, and the `commit` bytes of `commit_timelocked_weights(netuid, commit,
 * reveal_round, commit_reveal_version)`, a `tle` ciphertext of the SCALE
 * `WeightsTlockPayload` (`core/timelock/weights-payload.ts`). The chain opens it in
 * `reveal_crv3_commits` once that round's pulse is stored, and silently drops a commit
 * it cannot open or decode. Pure functions (the clock and the randomness come in as
 * arguments).
 */

/** `CommitRevealWeightsVersion` the ciphertext format and payload here belong to. */
export const TIMELOCKED_COMMIT_REVEAL_VERSION = 4;
/** bittensor-drand's `SECURITY_BLOCK_OFFSET`: aim the pulse this many blocks into the reveal epoch. */
export const SECURITY_BLOCK_OFFSET = 3;

export interface RevealRoundInput {
  currentBlock: number;
  /**
   * The subnet's netuid, also for a mechanism commit: the chain keys every mechanism's
   * commits by the subnet's epoch. (The SDK passes the mechanism storage index
   * `mechid·4096 + netuid` here, which shifts its epoch boundaries for mechid > 0.)
   */
  netuid: number;
  tempo: number;
  /** The subnet's `RevealPeriodEpochs` (`commit_reveal_period`). */
  revealPeriodEpochs: number;
  /** Seconds per block: 12 on finney, 0.25 on fast-block local chains. */
  blockTimeSeconds: number;
  /** Unix time in seconds (fractional) at which the commit is built. */
  nowSeconds: number;
  /** The clock of the beacon the chain stores pulses of (`Drand.BeaconConfig`); quicknet's unless given. */
  beacon?: Pick<BeaconInfo, 'genesisTime' | 'period'>;
}

export interface RevealRoundPlan {
  currentEpoch: number;
  revealEpoch: number;
  /** First block of the reveal epoch. */
  firstRevealBlock: number;
  /** `firstRevealBlock + SECURITY_BLOCK_OFFSET`, the block by which the pulse should be on chain. */
  targetBlock: number;
  /** Estimated unix time of `targetBlock`. */
  targetSeconds: number;
  revealRound: number;
}

/**
 * subtensor's block-derived epoch index: `(block + netuid + 1) / (tempo + 1)`, integer
 * division, the rule bittensor-drand and the SDK compute reveal rounds with. A runtime
 * that schedules epochs statefully (`SubnetEpochIndex`, `LastEpochBlock`) can place the
 * boundary elsewhere; a commit still reveals as long as its round's pulse is on chain
 * before the reveal epoch ends (the chain retries every block of that epoch).
 */
export function epochIndex(block: number, netuid: number, tempo: number): number {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

/** subtensor's first block of an epoch: `epoch · (tempo + 1) − (netuid + 1)`, saturating at 0. */
export function firstBlockOfEpoch(epoch: number, netuid: number, tempo: number): number {
  return Math.max(0, epoch * (tempo + 1) - (netuid + 1));
}

/**
 * The drand round a commit made now is encrypted to, computed as bittensor-drand's
 * `generate_commit` (which the SDK calls): the reveal epoch is the current epoch plus
 * `RevealPeriodEpochs`; aim `SECURITY_BLOCK_OFFSET` blocks into it, convert the blocks
 * until then to seconds with the block time, and take
 * `floor((now + seconds − genesis) / period)` on the beacon's clock (quicknet's by default), at least 1. Rounding
 * down picks a pulse that is published before the reveal epoch's first blocks run.
 * The float operations are the SDK's f64 ones in the same order, so the round is equal.
 */
export function revealRoundFor(input: RevealRoundInput): RevealRoundPlan {
  const { currentBlock, netuid, tempo, revealPeriodEpochs, blockTimeSeconds, nowSeconds } = input;
  for (const [name, v] of [
    ['currentBlock', currentBlock],
    ['netuid', netuid],
    ['tempo', tempo],
    ['revealPeriodEpochs', revealPeriodEpochs],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new SubnetError('TLOCK_BAD_REVEAL_INPUT', `${name} ${v} is not a non-negative integer`);
  }
  if (!(blockTimeSeconds > 0) || !Number.isFinite(nowSeconds))
    throw new SubnetError('TLOCK_BAD_REVEAL_INPUT', `block time ${blockTimeSeconds} s / now ${nowSeconds} s are not usable`);
  const currentEpoch = epochIndex(currentBlock, netuid, tempo);
  const revealEpoch = currentEpoch + revealPeriodEpochs;
  const firstRevealBlock = firstBlockOfEpoch(revealEpoch, netuid, tempo);
  const targetBlock = firstRevealBlock + SECURITY_BLOCK_OFFSET;
  const targetSeconds = nowSeconds + Math.max(0, targetBlock - currentBlock) * blockTimeSeconds;
  const beacon = input.beacon ?? QUICKNET;
  if (!(beacon.period > 0)) throw new SubnetError('TLOCK_BAD_REVEAL_INPUT', `beacon period ${beacon.period} s is not usable`);
  const revealRound = Math.max(1, Math.floor((targetSeconds - beacon.genesisTime) / beacon.period));
  return { currentEpoch, revealEpoch, firstRevealBlock, targetBlock, targetSeconds, revealRound };
}

export interface TimelockedCommitInput extends RevealRoundInput {
  hotkey: Uint8Array;
  uids: number[];
  values: number[];
  versionKey: bigint;
  /** Beacon key and randomness for the encryption; quicknet and the OS CSPRNG unless given. */
  encrypt?: EncryptOptions;
}

export interface TimelockedCommit {
  revealRound: number;
  /** The `commit` argument of `commit_timelocked_weights` / `commit_timelocked_mechanism_weights`. */
  commit: Uint8Array;
  payload: WeightsTlockPayload;
}

/** Everything `commit_timelocked_weights` needs besides the netuid and `TIMELOCKED_COMMIT_REVEAL_VERSION`. */
export function buildTimelockedCommit(input: TimelockedCommitInput): TimelockedCommit {
  const payload: WeightsTlockPayload = { hotkey: input.hotkey, uids: input.uids, values: input.values, versionKey: input.versionKey };
  const { revealRound } = revealRoundFor(input);
  const commit = timelockEncrypt(encodeWeightsTlockPayload(payload), revealRound, input.encrypt);
  if (commit.length > MAX_TIMELOCKED_COMMIT_BYTES) {
    throw new SubnetError(
      'WEIGHTS_COMMIT_TOO_LARGE',
      `timelocked commit of ${input.uids.length} weights is ${commit.length} bytes; the chain takes at most ${MAX_TIMELOCKED_COMMIT_BYTES}`,
    );
  }
  return { revealRound, commit, payload };
}

/** subtensor's `GLOBAL_MAX_SUBNET_COUNT`: mechanism `m` of subnet `n` is stored under `m · 4096 + n`. */
export const GLOBAL_MAX_SUBNET_COUNT = 4096;

/** `get_mechanism_storage_index`: the key of a mechanism's `Weights`, `LastUpdate` and `TimelockedWeightCommits`. */
export function mechanismStorageIndex(netuid: number, mechid: number): number {
  if (!Number.isInteger(mechid) || mechid < 0 || mechid > 15) throw new SubnetError('BAD_ARGUMENT', `mechanism id ${mechid} is not within 0..15`);
  return mechid * GLOBAL_MAX_SUBNET_COUNT + netuid;
}
