import { runEpoch, type EpochInput, type EpochOutput } from '../../../consensus/index.ts';
import type { AccountId, RuntimeContext, State, StateReader } from '../../pallet.ts';
import { isCommitExpired } from './commit-reveal.ts';
import { creditHotkey, hotkeyStake, increaseStake } from './stake.ts';
import {
  Active,
  ActivityCutoff,
  AlphaSigmoidSteepness,
  AlphaValues,
  BlockAtRegistration,
  BlocksSinceLastStep,
  Bonds,
  BondsMovingAverage,
  BondsPenalty,
  CommitRevealWeightsEnabled,
  Consensus,
  Delegates,
  Dividends,
  Emission,
  Incentive,
  Kappa,
  Keys,
  LastMechansimStepBlock,
  LastUpdate,
  LiquidAlphaOn,
  MaxAllowedValidators,
  Owner,
  PendingEmission,
  PendingOwnerCut,
  RevealPeriodEpochs,
  StakeThreshold,
  StakeWeight,
  SubnetAlphaOut,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetworkN,
  Tempo,
  TotalIssuance,
  TotalStake,
  Uids,
  ValidatorPermit,
  ValidatorTrust,
  WeightCommits,
  Weights,
  Yuma3On,
} from './storage.ts';

/**
 * The epoch of one subnet: read its state into the `runEpoch` JSON contract,
 * run Yuma Consensus from `consensus/`, write the results back and pay the
 * emission out as stake. It runs inside block production, so it is applied
 * atomically with the block (the node commits blocks as a whole).
 */
export function subnetKeys(state: StateReader, netuid: number): AccountId[] {
  const n = SubnetworkN.get(state, netuid);
  const keys: AccountId[] = [];
  for (let uid = 0; uid < n; uid++) keys.push(Keys.get(state, netuid, uid));
  return keys;
}

export function readEpochInput(state: StateReader, netuid: number, block: bigint, keys = subnetKeys(state, netuid)): EpochInput {
  const n = keys.length;
  const pad = <T>(v: T[], fill: T): T[] => Array.from({ length: n }, (_, i) => (i < v.length ? v[i] : fill));
  const tempo = Tempo.get(state, netuid);
  const [alphaLow, alphaHigh] = AlphaValues.get(state, netuid);
  const ownerHotkey = SubnetOwnerHotkey.has(state, netuid) ? SubnetOwnerHotkey.get(state, netuid) : undefined;
  const ownerUid = ownerHotkey === undefined ? undefined : Uids.get(state, netuid, ownerHotkey);
  const permits = ValidatorPermit.get(state, netuid);
  const input: EpochInput = {
    n,
    current_block: block,
    tempo,
    activity_cutoff_blocks: BigInt(ActivityCutoff.get(state, netuid)),
    last_mechanism_step_block: LastMechansimStepBlock.get(state, netuid),
    stake: keys.map((k) => hotkeyStake(state, k, netuid)),
    stake_threshold: StakeThreshold.get(state),
    last_update: pad(LastUpdate.get(state, netuid), 0n),
    block_at_registration: keys.map((_, uid) => BlockAtRegistration.get(state, netuid, uid)),
    validator_permits: permits.length === 0 ? [] : pad(permits, false),
    max_allowed_validators: MaxAllowedValidators.get(state, netuid),
    weights: keys.map((_, uid) => Weights.get(state, netuid, uid)),
    bonds: keys.map((_, uid) => Bonds.get(state, netuid, uid)),
    kappa: Kappa.get(state, netuid),
    bonds_penalty: BondsPenalty.get(state, netuid),
    bonds_moving_average: BondsMovingAverage.get(state, netuid),
    yuma3: Yuma3On.get(state, netuid),
    liquid_alpha: LiquidAlphaOn.get(state, netuid),
    alpha_low: alphaLow,
    alpha_high: alphaHigh,
    alpha_sigmoid_steepness: AlphaSigmoidSteepness.get(state, netuid),
    owner_uid: ownerUid ?? null,
    rao_emission: PendingEmission.get(state, netuid),
  };
  if (CommitRevealWeightsEnabled.get(state, netuid)) {
    const window = { tempo, revealPeriod: RevealPeriodEpochs.get(state, netuid) };
    input.commit_blocks = keys.map((k) => {
      const live = (WeightCommits.get(state, netuid, k) ?? []).filter(([, b]) => !isCommitExpired(netuid, window, b, block));
      return live.length === 0 ? null : live.reduce((m, [, b]) => (b < m ? b : m), live[0][1]);
    });
  }
  return input;
}

/** The chain skips an epoch whose uid → hotkey map has a duplicate (`is_epoch_input_state_consistent`). */
function keysConsistent(keys: AccountId[]): boolean {
  return new Set(keys).size === keys.length;
}

export interface EpochResult {
  input: EpochInput;
  output: EpochOutput;
}

/** Runs and applies the epoch of `netuid` at `block`; null when skipped. */
export function runSubnetEpoch(ctx: RuntimeContext, netuid: number, block: bigint): EpochResult | null {
  const state = ctx.state;
  const keys = subnetKeys(state, netuid);
  if (!keysConsistent(keys)) return null;
  const input = readEpochInput(state, netuid, block, keys);
  const output = runEpoch(input);
  writeEpochTerms(state, netuid, keys.length, output);
  distributeEmission(ctx, netuid, keys, output, BigInt(input.rao_emission));
  LastMechansimStepBlock.set(state, netuid, block);
  BlocksSinceLastStep.set(state, netuid, 0n);
  return { input, output };
}

function writeEpochTerms(state: State, netuid: number, n: number, out: EpochOutput): void {
  Active.set(state, netuid, out.active);
  Consensus.set(state, netuid, out.consensus);
  Incentive.set(state, netuid, out.incentive);
  Dividends.set(state, netuid, out.dividends);
  ValidatorTrust.set(state, netuid, out.validator_trust);
  StakeWeight.set(state, netuid, out.stake_weight);
  Emission.set(state, netuid, out.emission.map(BigInt));
  ValidatorPermit.set(state, netuid, out.new_validator_permits);
  for (let uid = 0; uid < n; uid++) {
    const row = out.bonds[uid] ?? [];
    if (row.length === 0) Bonds.remove(state, netuid, uid);
    else Bonds.set(state, netuid, uid, row);
  }
}

/**
 * Miner incentive is staked to (hotkey, its coldkey); validator dividends pay
 * the hotkey's take (`Delegates`) to its coldkey as stake and add the rest to
 * the hotkey's pool, so nominators share it; the owner cut accrued since the
 * last epoch is staked to (SubnetOwnerHotkey, SubnetOwner). Rounding dust of
 * the pending emission is taken out of issuance.
 */
function distributeEmission(ctx: RuntimeContext, netuid: number, keys: AccountId[], out: EpochOutput, pending: bigint): void {
  const state = ctx.state;
  let paid = 0n;
  keys.forEach((hotkey, uid) => {
    const server = BigInt(out.server_emission[uid]);
    const validator = BigInt(out.validator_emission[uid]);
    if (server === 0n && validator === 0n) return;
    const take = validator === 0n ? 0n : (validator * BigInt(Delegates.get(state, hotkey))) / 65535n;
    creditHotkey(state, hotkey, Owner.get(state, hotkey), netuid, server + take, validator - take);
    paid += server + validator;
  });
  TotalStake.mutate(state, (t) => t + paid);
  const dust = pending - paid;
  if (dust > 0n) TotalIssuance.mutate(state, (t) => (t > dust ? t - dust : 0n));
  PendingEmission.set(state, netuid, 0n);
  const cut = PendingOwnerCut.get(state, netuid);
  if (cut > 0n && SubnetOwnerHotkey.has(state, netuid)) {
    increaseStake(state, SubnetOwnerHotkey.get(state, netuid), SubnetOwner.get(state, netuid), netuid, cut);
    paid += cut;
    PendingOwnerCut.set(state, netuid, 0n);
  }
  SubnetAlphaOut.mutate(state, netuid, (a) => a + paid);
}
