import { runEpoch, type EpochInput, type EpochOutput } from '../../../consensus/index.ts';
import type { AccountId, RuntimeContext, State, StateReader } from '../../pallet.ts';
import { isCommitExpired } from './commit-reveal.ts';
import { combineMechanisms, mechanismStorageIndex, splitEmission, type SubnetTerms } from './mechanism.ts';
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
  MechanismCountCurrent,
  MechanismEmissionSplit,
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
  TimelockedWeightCommits,
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
 * The epoch of one subnet (`epoch_with_mechanisms`): the subnet's emission is split between its
 * mechanisms, each mechanism's state is read into the `runEpoch` JSON contract and Yuma
 * Consensus from `consensus/` runs on it, the mechanism's incentive and bonds are written at its
 * storage index, and the mechanisms' results are combined into the subnet's per-uid results
 * and per-hotkey emission. It runs inside block production, so it is applied atomically with
 * the block (the node commits blocks as a whole).
 */
export function subnetKeys(state: StateReader, netuid: number): AccountId[] {
  const n = SubnetworkN.get(state, netuid);
  const keys: AccountId[] = [];
  for (let uid = 0; uid < n; uid++) keys.push(Keys.get(state, netuid, uid));
  return keys;
}

/** The epoch input of mechanism `mecid` of `netuid`, distributing `raoEmission`. */
export function readEpochInput(
  state: StateReader,
  netuid: number,
  block: bigint,
  mecid: number,
  raoEmission: bigint,
  keys = subnetKeys(state, netuid),
): EpochInput {
  const index = mechanismStorageIndex(netuid, mecid);
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
    last_update: pad(LastUpdate.get(state, index), 0n),
    block_at_registration: keys.map((_, uid) => BlockAtRegistration.get(state, netuid, uid)),
    validator_permits: permits.length === 0 ? [] : pad(permits, false),
    max_allowed_validators: MaxAllowedValidators.get(state, netuid),
    weights: keys.map((_, uid) => Weights.get(state, index, uid)),
    bonds: keys.map((_, uid) => Bonds.get(state, index, uid)),
    kappa: Kappa.get(state, netuid),
    bonds_penalty: BondsPenalty.get(state, netuid),
    bonds_moving_average: BondsMovingAverage.get(state, netuid),
    yuma3: Yuma3On.get(state, netuid),
    liquid_alpha: LiquidAlphaOn.get(state, netuid),
    alpha_low: alphaLow,
    alpha_high: alphaHigh,
    alpha_sigmoid_steepness: AlphaSigmoidSteepness.get(state, netuid),
    owner_uid: ownerUid ?? null,
    rao_emission: raoEmission,
  };
  if (CommitRevealWeightsEnabled.get(state, netuid)) {
    // the earliest unexpired commit of each uid, v2 and timelocked alike (`epoch_mechanism`'s commit mask)
    const window = { tempo, revealPeriod: RevealPeriodEpochs.get(state, netuid) };
    const live = (b: bigint) => !isCommitExpired(netuid, window, b, block);
    const earliest = keys.map((k) => {
      const blocks = (WeightCommits.get(state, index, k) ?? []).map(([, b]) => b).filter(live);
      return blocks.length === 0 ? null : blocks.reduce((m, b) => (b < m ? b : m));
    });
    const uidOf = new Map(keys.map((k, uid) => [k, uid]));
    for (const [, commits] of TimelockedWeightCommits.entries(state, index)) {
      for (const [who, b] of commits) {
        const uid = uidOf.get(who);
        if (uid === undefined || !live(b)) continue;
        const current = earliest[uid];
        earliest[uid] = current === null || b < current ? b : current;
      }
    }
    input.commit_blocks = earliest;
  }
  return input;
}

/** The chain skips an epoch whose uid → hotkey map has a duplicate (`is_epoch_input_state_consistent`). */
function keysConsistent(keys: AccountId[]): boolean {
  return new Set(keys).size === keys.length;
}

export interface MechanismEpoch {
  mecid: number;
  input: EpochInput;
  output: EpochOutput;
}

export interface EpochResult {
  /** every mechanism's epoch, mechanism 0 first */
  mechanisms: MechanismEpoch[];
  /** the subnet's combined per-uid results and emissions */
  terms: SubnetTerms;
}

/**
 * Runs the epoch of every mechanism of `netuid` at `block` on `raoEmission` (the subnet's
 * emission for this epoch) and writes the per-mechanism and per-subnet results; the caller
 * pays out `terms.server_emission` / `terms.validator_emission`. Null when skipped.
 */
export function epochWithMechanisms(state: State, netuid: number, block: bigint, raoEmission: bigint): EpochResult | null {
  const keys = subnetKeys(state, netuid);
  if (!keysConsistent(keys)) return null;
  const parts = splitEmission(raoEmission, MechanismCountCurrent.get(state, netuid), MechanismEmissionSplit.get(state, netuid));
  const mechanisms = parts.map((part, mecid) => {
    const input = readEpochInput(state, netuid, block, mecid, part, keys);
    const output = runEpoch(input);
    writeMechanismTerms(state, mechanismStorageIndex(netuid, mecid), keys.length, output);
    return { mecid, input, output };
  });
  const terms = combineMechanisms(
    keys.length,
    mechanisms.map(({ output }, mecid) => ({
      emission: parts[mecid],
      server_emission: output.server_emission.map(BigInt),
      validator_emission: output.validator_emission.map(BigInt),
      dividends: output.dividends,
      stake_weight: output.stake_weight,
      active: output.active,
      combined_emission: output.emission.map(BigInt),
      consensus: output.consensus,
      validator_trust: output.validator_trust,
      new_validator_permits: output.new_validator_permits,
    })),
    raoEmission,
  );
  writeSubnetTerms(state, netuid, terms);
  return { mechanisms, terms };
}

/** Runs and applies the epoch of `netuid` at `block`, paying out its pending emission; null when skipped. */
export function runSubnetEpoch(ctx: RuntimeContext, netuid: number, block: bigint): EpochResult | null {
  const state = ctx.state;
  const pending = PendingEmission.get(state, netuid);
  const result = epochWithMechanisms(state, netuid, block, pending);
  if (result === null) return null;
  distributeEmission(ctx, netuid, subnetKeys(state, netuid), result.terms, pending);
  LastMechansimStepBlock.set(state, netuid, block);
  BlocksSinceLastStep.set(state, netuid, 0n);
  return result;
}

/** `persist_mechanism_epoch_terms`: incentive and bonds belong to the mechanism. */
function writeMechanismTerms(state: State, index: number, n: number, out: EpochOutput): void {
  Incentive.set(state, index, out.incentive);
  for (let uid = 0; uid < n; uid++) {
    const row = out.bonds[uid] ?? [];
    if (row.length === 0) Bonds.remove(state, index, uid);
    else Bonds.set(state, index, uid, row);
  }
}

/** `persist_netuid_epoch_terms`: everything else is the subnet's, combined over its mechanisms. */
function writeSubnetTerms(state: State, netuid: number, t: SubnetTerms): void {
  Active.set(state, netuid, t.active);
  Consensus.set(state, netuid, t.consensus);
  Dividends.set(state, netuid, t.dividends);
  ValidatorTrust.set(state, netuid, t.validator_trust);
  StakeWeight.set(state, netuid, t.stake_weight);
  Emission.set(state, netuid, t.emission);
  ValidatorPermit.set(state, netuid, t.new_validator_permits);
}

/**
 * Miner incentive is staked to (hotkey, its coldkey); validator dividends pay
 * the hotkey's take (`Delegates`) to its coldkey as stake and add the rest to
 * the hotkey's pool, so nominators share it; the owner cut accrued since the
 * last epoch is staked to (SubnetOwnerHotkey, SubnetOwner). Rounding dust of
 * the pending emission is taken out of issuance.
 */
function distributeEmission(ctx: RuntimeContext, netuid: number, keys: AccountId[], terms: SubnetTerms, pending: bigint): void {
  const state = ctx.state;
  let paid = 0n;
  keys.forEach((hotkey, uid) => {
    const server = terms.server_emission[uid];
    const validator = terms.validator_emission[uid];
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
