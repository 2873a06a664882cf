import { runEpoch, type EpochInput, type EpochOutput } from '../../../consensus/index.ts';
import type { AccountId, RuntimeContext, State, StateReader } from '../../pallet.ts';
import { inheritedStake, parentChildDividends } from './children.ts';
import { isCommitExpired } from './commit-reveal.ts';
import { combineMechanisms, mechanismStorageIndex, splitEmission, type SubnetTerms } from './mechanism.ts';
import { u96, u96Add, u96Div, u96Mul, u96PerU16, u96PerU64, u96Sub, u96ToU64 } from './fixed.ts';
import { creditHotkey, hotkeyStake, recycleSubnetAlpha } from './stake.ts';
import {
  Active,
  AlphaDividendsPerSubnet,
  ActivityCutoff,
  AlphaSigmoidSteepness,
  AlphaValues,
  BlockAtRegistration,
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
  OwnedHotkeys,
  Owner,
  RecycleOrBurn,
  RevealPeriodEpochs,
  RootAlphaDividendsPerSubnet,
  StakeThreshold,
  StakeWeight,
  SubnetOwner,
  SubnetOwnerHotkey,
  SubnetTAO,
  SubnetworkN,
  TaoWeight,
  TimelockedWeightCommits,
  Tempo,
  TotalHotkeyAlphaLastEpoch,
  Uids,
  ValidatorPermit,
  ValidatorTrust,
  WeightCommits,
  Weights,
  Yuma3On,
} from './storage.ts';

/**
 * The epoch of one subnet (`epoch_with_mechanisms`, then `distribute_emission`): the alpha drained
 * from the pending emission is split between the subnet's mechanisms, each mechanism's state is
 * read into the `runEpoch` JSON contract and Yuma Consensus from `consensus/` runs on it, the
 * mechanism's incentive and bonds are written at its storage index, the mechanisms' results are
 * combined into the subnet's per-uid results, and the combined emissions are paid out as stake.
 * It runs inside block production, so it is applied atomically with the block (the node commits
 * blocks as a whole).
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
    // get_stake_weights_for_network: the alpha each hotkey validates with, its children's and parents' links applied
    stake: keys.map((k) => inheritedStake(state, k, netuid)),
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

/**
 * The subnet's uid → hotkey map when it is consistent, null when a hotkey
 * appears twice: the chain then skips the epoch (`is_epoch_input_state_consistent`).
 */
export function consistentKeys(state: StateReader, netuid: number): AccountId[] | null {
  const keys = subnetKeys(state, netuid);
  return new Set(keys).size === keys.length ? keys : null;
}

/** A subnet's alpha drained at its epoch (`drain_pending`). */
export interface PendingAlpha {
  server: bigint;
  validator: bigint;
  root: bigint;
  ownerCut: bigint;
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
 * pays out `terms.server_emission` / `terms.validator_emission`. `keys` is the subnet's
 * consistent uid map (`consistentKeys`).
 */
export function epochWithMechanisms(state: State, netuid: number, block: bigint, raoEmission: bigint, keys: AccountId[]): EpochResult {
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

/**
 * `distribute_emission`: runs the mechanisms' epochs on the drained alpha (owner cut apart) and
 * pays it out. The caller (the coinbase's `drain_pending`) has checked that the uid map (`keys`)
 * is consistent and reset the step counters.
 */
export function runSubnetEpoch(ctx: RuntimeContext, netuid: number, block: bigint, pending: PendingAlpha, keys: AccountId[]): EpochResult {
  const result = epochWithMechanisms(ctx.state, netuid, block, pending.server + pending.validator + pending.root, keys);
  distributeEmission(ctx.state, netuid, keys, result.terms, pending);
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
 * `get_owner_hotkeys`: the owner coldkey's hotkeys registered on the subnet and
 * the subnet's owner hotkey, whose miner incentive is not paid out.
 */
function ownerHotkeys(state: StateReader, netuid: number): Set<AccountId> {
  const owned = new Set<AccountId>();
  if (SubnetOwner.has(state, netuid)) {
    for (const hk of OwnedHotkeys.get(state, SubnetOwner.get(state, netuid))) if (Uids.get(state, netuid, hk) !== undefined) owned.add(hk);
  }
  if (SubnetOwnerHotkey.has(state, netuid)) {
    const hk = SubnetOwnerHotkey.get(state, netuid);
    if (Uids.get(state, netuid, hk) !== undefined) owned.add(hk);
  }
  return owned;
}

/**
 * Spec 381's payout (run_coinbase.rs `distribute_emission`,
 * `calculate_dividend_distribution`, `distribute_dividends_and_incentives`):
 * - the owner cut is staked to (SubnetOwnerHotkey, SubnetOwner);
 * - miner incentive (the epoch's server emission) is staked to (hotkey, its
 *   coldkey), except the owner's own hotkeys', which is recycled or burned
 *   per `RecycleOrBurn` (unset: burned);
 * - each validator's dividends split into an alpha part and a root part by its
 *   root stake · TaoWeight against its alpha stake; the pending validator alpha
 *   (server alpha too when no miner earned) is shared by the alpha parts, the
 *   pending root alpha by the root parts. The hotkey's take (`Delegates`) of
 *   each is staked to its coldkey; the rest of the alpha part raises the
 *   hotkey's pool (nominators share it). The rest of the root part belongs to
 *   root stakers' claims, which the devnet does not implement.
 * Arithmetic is the runtime's U96F32.
 */
function distributeEmission(state: State, netuid: number, keys: AccountId[], terms: SubnetTerms, pending: PendingAlpha): void {
  const incentives = new Map<AccountId, bigint>();
  const dividends = new Map<AccountId, bigint>();
  let incentiveSum = 0n;
  keys.forEach((hotkey, uid) => {
    const incentive = terms.server_emission[uid] ?? 0n;
    incentiveSum += incentive;
    incentives.set(hotkey, (incentives.get(hotkey) ?? 0n) + incentive);
    for (const [recipient, div] of parentChildDividends(state, hotkey, netuid, terms.validator_emission[uid] ?? 0n)) {
      dividends.set(recipient, u96Add(dividends.get(recipient) ?? 0n, u96(div)));
    }
  });
  const validatorAlpha = incentiveSum !== 0n ? pending.validator : pending.validator + pending.server;

  const taoWeight = u96PerU64(TaoWeight.get(state));
  const alphaDivs = new Map<AccountId, bigint>();
  const rootDivs = new Map<AccountId, bigint>();
  // each hotkey's alpha stake, kept current through the credits below (TotalHotkeyAlphaLastEpoch records it)
  const stake = new Map<AccountId, bigint>();
  let totalAlpha = 0n;
  let totalRoot = 0n;
  // root stake is TAO in root's pool: with none there, no hotkey holds any and the reads are skipped
  const rootHasStake = SubnetTAO.get(state, 0) > 0n;
  for (const [hotkey, dividend] of dividends) {
    const alphaStake = hotkeyStake(state, hotkey, netuid);
    stake.set(hotkey, alphaStake);
    const rootAlpha = rootHasStake ? u96Mul(u96(hotkeyStake(state, hotkey, 0)), taoWeight) : 0n;
    const rootProp = u96Div(rootAlpha, u96Add(u96(alphaStake), rootAlpha));
    const root = u96Mul(dividend, rootProp);
    const alpha = u96Sub(dividend, root);
    alphaDivs.set(hotkey, alpha);
    rootDivs.set(hotkey, root);
    totalAlpha = u96Add(totalAlpha, alpha);
    totalRoot = u96Add(totalRoot, root);
  }
  const credit = (hotkey: AccountId, coldkey: AccountId, toColdkey: bigint, toPool: bigint): void => {
    creditHotkey(state, hotkey, coldkey, netuid, toColdkey, toPool);
    const held = stake.get(hotkey);
    if (held !== undefined) stake.set(hotkey, held + toColdkey + toPool);
  };

  const ownerCut = pending.ownerCut;
  if (SubnetOwner.has(state, netuid) && SubnetOwnerHotkey.has(state, netuid) && ownerCut > 0n) {
    credit(SubnetOwnerHotkey.get(state, netuid), SubnetOwner.get(state, netuid), ownerCut, 0n);
  }

  const owned = ownerHotkeys(state, netuid);
  const recycle = RecycleOrBurn.get(state, netuid) === 'Recycle';
  for (const [hotkey, incentive] of incentives) {
    if (owned.has(hotkey)) {
      if (recycle) recycleSubnetAlpha(state, netuid, incentive);
      continue;
    }
    if (incentive > 0n) credit(hotkey, Owner.get(state, hotkey), incentive, 0n);
  }

  const alphaRecord = new Map<AccountId, bigint>();
  for (const [hotkey, alpha] of alphaDivs) {
    const prop = u96Mul(u96(validatorAlpha), u96Div(alpha, totalAlpha));
    const take = prop === 0n ? 0n : u96Mul(u96PerU16(Delegates.get(state, hotkey)), prop);
    const rest = u96ToU64(u96Sub(prop, take));
    const takeAlpha = u96ToU64(take);
    if (takeAlpha > 0n || rest > 0n) credit(hotkey, Owner.get(state, hotkey), takeAlpha, rest);
    alphaRecord.set(hotkey, rest);
    const held = stake.get(hotkey)!;
    const key = TotalHotkeyAlphaLastEpoch.key(hotkey, netuid);
    const raw = state.get(key);
    if (raw === undefined || TotalHotkeyAlphaLastEpoch.decodeValue(raw) !== held) state.set(key, TotalHotkeyAlphaLastEpoch.encodeValue(held));
  }
  replaceRecords(state, AlphaDividendsPerSubnet, netuid, alphaRecord);

  const rootRecord = new Map<AccountId, bigint>();
  for (const [hotkey, root] of rootDivs) {
    const rootAlpha = u96Mul(u96(pending.root), u96Div(root, totalRoot));
    const take = rootAlpha === 0n ? 0n : u96Mul(u96PerU16(Delegates.get(state, hotkey)), rootAlpha);
    const takeAlpha = u96ToU64(take);
    if (takeAlpha > 0n) credit(hotkey, Owner.get(state, hotkey), takeAlpha, 0n);
    rootRecord.set(hotkey, u96ToU64(u96Sub(rootAlpha, take)));
  }
  replaceRecords(state, RootAlphaDividendsPerSubnet, netuid, rootRecord);
}

/**
 * The runtime clears a subnet's per-hotkey dividend records and writes one for
 * every hotkey of the epoch, zeros included. The resulting state is written
 * here with only the entries that change (most are the same zeros epoch after
 * epoch), which keeps a 256-uid epoch block from rewriting hundreds of keys.
 */
function replaceRecords(state: State, item: typeof AlphaDividendsPerSubnet, netuid: number, records: Map<AccountId, bigint>): void {
  const wanted = new Set<string>();
  for (const [hotkey, value] of records) {
    const key = item.key(netuid, hotkey);
    wanted.add(key);
    const raw = state.get(key);
    if (raw === undefined || item.decodeValue(raw) !== value) state.set(key, item.encodeValue(value));
  }
  for (const key of state.keys(item.prefix(netuid))) if (!wanted.has(key)) state.delete(key);
}
