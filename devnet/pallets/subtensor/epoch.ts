import { runEpoch, type EpochInput, type EpochOutput } from '../../../consensus/index.ts';
import type { AccountId, RuntimeContext, State, StateReader } from '../../pallet.ts';
import { inheritedStake, parentChildDividends } from './children.ts';
import { isCommitExpired } from './commit-reveal.ts';
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
 * The epoch of one subnet: read its state into the `runEpoch` JSON contract,
 * run Yuma Consensus from `consensus/` on the alpha drained from the pending
 * emission, write the results back and pay it out as stake. It runs inside block production, so it is applied
 * atomically with the block (the node commits blocks as a whole).
 */
export function subnetKeys(state: StateReader, netuid: number): AccountId[] {
  const n = SubnetworkN.get(state, netuid);
  const keys: AccountId[] = [];
  for (let uid = 0; uid < n; uid++) keys.push(Keys.get(state, netuid, uid));
  return keys;
}

export function readEpochInput(state: StateReader, netuid: number, block: bigint, raoEmission: bigint, keys = subnetKeys(state, netuid)): EpochInput {
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
    rao_emission: raoEmission,
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

export interface EpochResult {
  input: EpochInput;
  output: EpochOutput;
}

/**
 * `distribute_emission`: runs Yuma on the drained alpha (owner cut apart) and
 * pays it out. The caller (the coinbase's `drain_pending`) has checked that
 * the uid map (`keys`) is consistent and reset the step counters.
 */
export function runSubnetEpoch(ctx: RuntimeContext, netuid: number, block: bigint, pending: PendingAlpha, keys: AccountId[]): EpochResult {
  const state = ctx.state;
  const input = readEpochInput(state, netuid, block, pending.server + pending.validator + pending.root, keys);
  const output = runEpoch(input);
  writeEpochTerms(state, netuid, keys.length, output);
  distributeEmission(state, netuid, keys, output, pending);
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
function distributeEmission(state: State, netuid: number, keys: AccountId[], out: EpochOutput, pending: PendingAlpha): void {
  const incentives = new Map<AccountId, bigint>();
  const dividends = new Map<AccountId, bigint>();
  let incentiveSum = 0n;
  keys.forEach((hotkey, uid) => {
    const incentive = BigInt(out.server_emission[uid] ?? '0');
    incentiveSum += incentive;
    incentives.set(hotkey, (incentives.get(hotkey) ?? 0n) + incentive);
    for (const [recipient, div] of parentChildDividends(state, hotkey, netuid, BigInt(out.validator_emission[uid] ?? '0'))) {
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
