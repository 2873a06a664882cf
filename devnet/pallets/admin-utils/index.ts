import { DispatchFailure, ModuleError, definePallet, ensureRoot, type CallDef, type DispatchContext, type StorageItem } from '../../pallet.ts';
import { ADMIN_UTILS_ERRORS, ADMIN_UTILS_EVENTS } from '../subtensor/spec381.ts';
import { rootSetter } from '../subtensor/root-setter.ts';
import { ensureMaxUidsOverAllMechanisms, setEmissionSplit, setMaxMechanismCount, setMechanismCount } from '../subtensor/mechanism.ts';
import { blocksUntilNextEpoch } from '../subtensor/schedule.ts';
import * as st from '../subtensor/storage.ts';

/**
 * AdminUtils (pallet index 19): the hyperparameter setters. Owner parameters
 * may be set by the subnet owner's coldkey or root; root parameters only by
 * root (through Sudo). Anything else fails with `BadOrigin`, as on subtensor.
 * Each setter deposits the SubtensorModule echo event the real pallet emits.
 * Every setter is `Pays::Yes` (the default): subtensor's admin-utils declares no
 * `Pays::No` call any more, so an unfunded owner key cannot send them.
 */
type Who = 'owner' | 'root';

interface Setter {
  index: number;
  name: string;
  arg: string;
  type: string;
  who: Who;
  /** spec 381 writes it without checking that the subnet exists */
  anyNetuid?: boolean;
  /** writes the value; may fail with a named error first */
  apply(ctx: DispatchContext, netuid: number, value: any, byRoot: boolean): void;
}

const SUBTENSOR = 'SubtensorModule';

function echo(ctx: DispatchContext, event: string, fields: unknown[]): void {
  ctx.depositEvent(SUBTENSOR, event, fields);
}

/** A setter that stores `value` in a per-subnet item and echoes `event(netuid, value)`. */
function simple(index: number, name: string, arg: string, type: string, who: Who, item: StorageItem<[number], any>, event?: string): Setter {
  return {
    index,
    name,
    arg,
    type,
    who,
    apply(ctx, netuid, value) {
      item.set(ctx.state, netuid, value);
      if (event) echo(ctx, event, [netuid, value]);
    },
  };
}

function ensureOwnerOrRoot(ctx: DispatchContext, netuid: number): boolean {
  if (ctx.origin.kind === 'root') return true;
  if (ctx.origin.kind !== 'signed') throw new DispatchFailure('BadOrigin');
  const owner = st.SubnetOwner.has(ctx.state, netuid) ? st.SubnetOwner.get(ctx.state, netuid) : undefined;
  if (owner !== ctx.origin.who) throw new DispatchFailure('BadOrigin');
  return false;
}

const SETTERS: Setter[] = [
  simple(3, 'sudo_set_serving_rate_limit', 'serving_rate_limit', 'u64', 'owner', st.ServingRateLimit, 'ServingRateLimitSet'),
  simple(4, 'sudo_set_min_difficulty', 'min_difficulty', 'u64', 'root', st.MinDifficulty, 'MinDifficultySet'),
  simple(5, 'sudo_set_max_difficulty', 'max_difficulty', 'u64', 'owner', st.MaxDifficulty, 'MaxDifficultySet'),
  simple(6, 'sudo_set_weights_version_key', 'weights_version_key', 'u64', 'owner', st.WeightsVersionKey, 'WeightsVersionKeySet'),
  simple(7, 'sudo_set_weights_set_rate_limit', 'weights_set_rate_limit', 'u64', 'root', st.WeightsSetRateLimit, 'WeightsSetRateLimitSet'),
  simple(8, 'sudo_set_adjustment_interval', 'adjustment_interval', 'u16', 'root', st.AdjustmentInterval, 'AdjustmentIntervalSet'),
  simple(9, 'sudo_set_adjustment_alpha', 'adjustment_alpha', 'u64', 'owner', st.AdjustmentAlpha, 'AdjustmentAlphaSet'),
  simple(13, 'sudo_set_immunity_period', 'immunity_period', 'u16', 'owner', st.ImmunityPeriod, 'ImmunityPeriodSet'),
  simple(14, 'sudo_set_min_allowed_weights', 'min_allowed_weights', 'u16', 'owner', st.MinAllowedWeights, 'MinAllowedWeightSet'),
  {
    index: 15,
    name: 'sudo_set_max_allowed_uids',
    arg: 'max_allowed_uids',
    type: 'u16',
    who: 'owner',
    apply(ctx, netuid, value: number) {
      if (value < st.SubnetworkN.get(ctx.state, netuid)) ctx.fail('MaxAllowedUIdsLessThanCurrentUIds');
      ensureMaxUidsOverAllMechanisms(value, st.MechanismCountCurrent.get(ctx.state, netuid));
      st.MaxAllowedUids.set(ctx.state, netuid, value);
      echo(ctx, 'MaxAllowedUidsSet', [netuid, value]);
    },
  },
  simple(16, 'sudo_set_kappa', 'kappa', 'u16', 'root', st.Kappa, 'KappaSet'),
  simple(17, 'sudo_set_rho', 'rho', 'u16', 'owner', st.Rho, 'RhoSet'),
  {
    index: 18,
    name: 'sudo_set_activity_cutoff',
    arg: 'activity_cutoff',
    type: 'u16',
    who: 'owner',
    apply(ctx, netuid, value: number) {
      if (value < MIN_ACTIVITY_CUTOFF) subtensorError(ctx, 'ActivityCutoffTooLow');
      st.ActivityCutoff.set(ctx.state, netuid, value);
      echo(ctx, 'ActivityCutoffSet', [netuid, value]);
    },
  },
  simple(19, 'sudo_set_network_registration_allowed', 'registration_allowed', 'bool', 'root', st.NetworkRegistrationAllowed, 'RegistrationAllowed'),
  simple(20, 'sudo_set_network_pow_registration_allowed', 'registration_allowed', 'bool', 'owner', st.NetworkPowRegistrationAllowed, 'PowRegistrationAllowed'),
  simple(
    21,
    'sudo_set_target_registrations_per_interval',
    'target_registrations_per_interval',
    'u16',
    'root',
    st.TargetRegistrationsPerInterval,
    'RegistrationPerIntervalSet',
  ),
  simple(22, 'sudo_set_min_burn', 'min_burn', 'TaoBalance', 'owner', st.MinBurn, 'MinBurnSet'),
  simple(23, 'sudo_set_max_burn', 'max_burn', 'TaoBalance', 'owner', st.MaxBurn, 'MaxBurnSet'),
  simple(24, 'sudo_set_difficulty', 'difficulty', 'u64', 'root', st.Difficulty, 'DifficultySet'),
  {
    index: 25,
    name: 'sudo_set_max_allowed_validators',
    arg: 'max_allowed_validators',
    type: 'u16',
    who: 'root',
    apply(ctx, netuid, value: number) {
      if (value > st.MaxAllowedUids.get(ctx.state, netuid)) ctx.fail('MaxValidatorsLargerThanMaxUIds');
      st.MaxAllowedValidators.set(ctx.state, netuid, value);
      echo(ctx, 'MaxAllowedValidatorsSet', [netuid, value]);
    },
  },
  {
    index: 26,
    name: 'sudo_set_bonds_moving_average',
    arg: 'bonds_moving_average',
    type: 'u64',
    who: 'owner',
    apply(ctx, netuid, value: bigint, byRoot) {
      if (!byRoot && value > 975_000n) ctx.fail('BondsMovingAverageMaxReached');
      st.BondsMovingAverage.set(ctx.state, netuid, value);
      echo(ctx, 'BondsMovingAverageSet', [netuid, value]);
    },
  },
  simple(60, 'sudo_set_bonds_penalty', 'bonds_penalty', 'u16', 'owner', st.BondsPenalty, 'BondsPenaltySet'),
  simple(27, 'sudo_set_max_registrations_per_block', 'max_registrations_per_block', 'u16', 'root', st.MaxRegistrationsPerBlock, 'MaxRegistrationsPerBlockSet'),
  simple(30, 'sudo_set_tempo', 'tempo', 'u16', 'root', st.Tempo, 'TempoSet'),
  simple(49, 'sudo_set_commit_reveal_weights_enabled', 'enabled', 'bool', 'owner', st.CommitRevealWeightsEnabled, 'CommitRevealEnabled'),
  simple(50, 'sudo_set_liquid_alpha_enabled', 'enabled', 'bool', 'owner', st.LiquidAlphaOn),
  simple(57, 'sudo_set_commit_reveal_weights_interval', 'interval', 'u64', 'owner', st.RevealPeriodEpochs, 'CommitRevealPeriodsSet'),
  {
    index: 68,
    name: 'sudo_set_alpha_sigmoid_steepness',
    arg: 'steepness',
    type: 'i16',
    who: 'owner',
    apply(ctx, netuid, value: number, byRoot) {
      if (!byRoot && value < 0) ctx.fail('NegativeSigmoidSteepness');
      st.AlphaSigmoidSteepness.set(ctx.state, netuid, value);
      echo(ctx, 'AlphaSigmoidSteepnessSet', [netuid, value]);
    },
  },
  {
    index: 69,
    name: 'sudo_set_yuma3_enabled',
    arg: 'enabled',
    type: 'bool',
    who: 'owner',
    apply(ctx, netuid, value: boolean) {
      st.Yuma3On.set(ctx.state, netuid, value);
      ctx.deposit('Yuma3EnableToggled', [netuid, value]);
    },
  },
  simple(66, 'sudo_set_subtoken_enabled', 'subtoken_enabled', 'bool', 'root', st.SubtokenEnabled),
  simple(70, 'sudo_set_bonds_reset_enabled', 'enabled', 'bool', 'owner', st.BondsResetOn, 'BondsResetOnSet'),
  simple(61, 'sudo_set_toggle_transfer', 'toggle', 'bool', 'owner', st.TransferToggle, 'TransferToggle'),
  // spec 381: whether the miner incentive of the owner's own hotkeys is recycled or burned; no event
  simple(80, 'sudo_set_recycle_or_burn', 'recycle_or_burn', 'RecycleOrBurnEnum', 'owner', st.RecycleOrBurn),
  {
    index: 72,
    name: 'sudo_set_owner_immune_neuron_limit',
    arg: 'immune_neurons',
    type: 'u16',
    who: 'owner',
    anyNetuid: true,
    apply(ctx, netuid, value: number) {
      // `MinImmuneOwnerUidsLimit` / `MaxImmuneOwnerUidsLimit`; no event, as on spec 381
      if (value < 1 || value > 10) subtensorError(ctx, 'InvalidValue');
      st.ImmuneOwnerUidsLimit.set(ctx.state, netuid, value);
    },
  },
  { ...simple(84, 'sudo_set_min_non_immune_uids', 'min', 'u16', 'root', st.MinNonImmuneUids, 'MinNonImmuneUidsSet'), anyNetuid: true },
];

const MIN_ACTIVITY_CUTOFF = 360;

/**
 * The setters spec 381 refuses inside the admin freeze window (`ensure_admin_window_open`), for
 * root as for the owner: the last `AdminFreezeWindow` blocks before the subnet's epoch are left to
 * the validators' weights, which a hyperparameter change would otherwise land on mid-flight.
 */
const FROZEN = new Set([3, 4, 5, 6, 9, 13, 14, 15, 17, 18, 20, 21, 22, 23, 24, 25, 26, 27, 30, 49, 50, 51, 57, 60, 61, 66, 68, 69, 70, 72, 80]);

/** The `Hyperparameter` each owner setter is rate-limited under (`ensure_sn_owner_or_root_with_limits`). */
const HYPERPARAMETER: Record<number, string> = {
  3: 'ServingRateLimit',
  5: 'MaxDifficulty',
  9: 'AdjustmentAlpha',
  13: 'ImmunityPeriod',
  14: 'MinAllowedWeights',
  15: 'MaxAllowedUids',
  17: 'Rho',
  18: 'ActivityCutoff',
  20: 'PowRegistrationAllowed',
  22: 'MinBurn',
  23: 'MaxBurn',
  26: 'BondsMovingAverage',
  49: 'CommitRevealEnabled',
  50: 'LiquidAlphaEnabled',
  51: 'AlphaValues',
  57: 'WeightCommitInterval',
  60: 'BondsPenalty',
  61: 'TransferEnabled',
  68: 'AlphaSigmoidSteepness',
  69: 'Yuma3Enabled',
  70: 'BondsResetEnabled',
  72: 'ImmuneNeuronLimit',
  80: 'RecycleOrBurn',
};

function ownerUpdateKey(netuid: number, hparam: string): st.RateLimitKey {
  return { OwnerHyperparamUpdate: [netuid, hparam] };
}

/**
 * An owner may change one hyperparameter once per `OwnerHyperparamRateLimit` tempos
 * (`TransactionType::OwnerHyperparamUpdate`): refused with `TxRateLimitExceeded` until
 * `tempo × limit` blocks have passed since the last change; the first change always passes.
 */
function ensureOwnerRateLimit(ctx: DispatchContext, netuid: number, index: number): void {
  const hparam = HYPERPARAMETER[index];
  if (hparam === undefined) return;
  const last = st.LastRateLimitedBlock.get(ctx.state, ownerUpdateKey(netuid, hparam));
  const limit = BigInt(st.Tempo.get(ctx.state, netuid)) * BigInt(st.OwnerHyperparamRateLimit.get(ctx.state));
  if (last !== 0n && BigInt(ctx.blockNumber) - last < limit) subtensorError(ctx, 'TxRateLimitExceeded');
}

function recordOwnerUpdate(ctx: DispatchContext, netuid: number, index: number): void {
  const hparam = HYPERPARAMETER[index];
  if (hparam !== undefined) st.LastRateLimitedBlock.set(ctx.state, ownerUpdateKey(netuid, hparam), BigInt(ctx.blockNumber));
}

/** `ensure_admin_window_open`: fewer than `AdminFreezeWindow` blocks left before the epoch refuses the change. */
function ensureAdminWindowOpen(ctx: DispatchContext, netuid: number): void {
  const tempo = st.Tempo.get(ctx.state, netuid);
  if (tempo === 0) return;
  const remaining = blocksUntilNextEpoch(netuid, tempo, BigInt(ctx.blockNumber));
  if (remaining < BigInt(st.AdminFreezeWindow.get(ctx.state))) subtensorError(ctx, 'AdminActionProhibitedDuringWeightsWindow');
}

/** Origin, the owner's rate limit and the freeze window, in spec 381's order; true when root sent it. */
function ensureMayChange(ctx: DispatchContext, netuid: number, index: number, who: Who): boolean {
  let byRoot: boolean;
  if (who === 'root') {
    ensureRoot(ctx.origin);
    byRoot = true;
  } else byRoot = ensureOwnerOrRoot(ctx, netuid);
  if (!byRoot) ensureOwnerRateLimit(ctx, netuid, index);
  if (FROZEN.has(index)) ensureAdminWindowOpen(ctx, netuid);
  return byRoot;
}

/** SubtensorModule errors raised from AdminUtils calls keep their own pallet, as on the real chain. */
function subtensorError(_ctx: DispatchContext, name: string): never {
  throw new ModuleError(SUBTENSOR, name);
}

function perSubnetCall(s: Setter): CallDef {
  return {
    index: s.index,
    name: s.name,
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: s.arg, type: s.type },
    ],
    dispatch(ctx, a: Record<string, any>) {
      const netuid = a.netuid as number;
      const byRoot = ensureMayChange(ctx, netuid, s.index, s.who);
      if (!s.anyNetuid && !st.NetworksAdded.get(ctx.state, netuid)) ctx.fail('SubnetDoesNotExist');
      s.apply(ctx, netuid, a[s.arg], byRoot);
      if (!byRoot) recordOwnerUpdate(ctx, netuid, s.index);
    },
  };
}

const alphaValuesCall: CallDef = {
  index: 51,
  name: 'sudo_set_alpha_values',
  args: [
    { name: 'netuid', type: 'NetUid' },
    { name: 'alpha_low', type: 'u16' },
    { name: 'alpha_high', type: 'u16' },
  ],
  dispatch(ctx, a: { netuid: number; alpha_low: number; alpha_high: number }) {
    const byRoot = ensureMayChange(ctx, a.netuid, 51, 'owner');
    if (!st.NetworksAdded.get(ctx.state, a.netuid)) ctx.fail('SubnetDoesNotExist');
    if (!st.LiquidAlphaOn.get(ctx.state, a.netuid)) subtensorError(ctx, 'LiquidAlphaDisabled');
    if (a.alpha_high < 1638) subtensorError(ctx, 'AlphaHighTooLow');
    if (a.alpha_low < 1638 || a.alpha_low > a.alpha_high) subtensorError(ctx, 'AlphaLowOutOfRange');
    st.AlphaValues.set(ctx.state, a.netuid, [a.alpha_low, a.alpha_high]);
    if (!byRoot) recordOwnerUpdate(ctx, a.netuid, 51);
  },
};

const snOwnerHotkeyCall: CallDef = {
  index: 67,
  name: 'sudo_set_sn_owner_hotkey',
  args: [
    { name: 'netuid', type: 'NetUid' },
    { name: 'hotkey', type: 'AccountId32' },
  ],
  dispatch(ctx, a: { netuid: number; hotkey: `0x${string}` }) {
    ensureOwnerOrRoot(ctx, a.netuid);
    if (!st.NetworksAdded.get(ctx.state, a.netuid)) ctx.fail('SubnetDoesNotExist');
    st.SubnetOwnerHotkey.set(ctx.state, a.netuid, a.hotkey);
    echo(ctx, 'SubnetOwnerHotkeySet', [a.netuid, a.hotkey]);
  },
};

/**
 * Mechanism count and emission split (`sudo_set_mechanism_count`, `sudo_set_mechanism_emission_split`):
 * the owner or root; the checks are SubtensorModule's (`do_set_mechanism_count`, `do_set_emission_split`,
 * in mechanism.ts) and neither deposits an event, as on the real chain.
 */
const mechanismCountCall: CallDef = {
  index: 76,
  name: 'sudo_set_mechanism_count',
  args: [
    { name: 'netuid', type: 'NetUid' },
    { name: 'mechanism_count', type: 'MechId' },
  ],
  dispatch(ctx, a: { netuid: number; mechanism_count: number }) {
    ensureOwnerOrRoot(ctx, a.netuid);
    setMechanismCount(ctx, a.netuid, a.mechanism_count);
  },
};

const mechanismSplitCall: CallDef = {
  index: 77,
  name: 'sudo_set_mechanism_emission_split',
  args: [
    { name: 'netuid', type: 'NetUid' },
    { name: 'maybe_split', type: 'Option<Vec<u16>>' },
  ],
  dispatch(ctx, a: { netuid: number; maybe_split: number[] | null }) {
    ensureOwnerOrRoot(ctx, a.netuid);
    setEmissionSplit(ctx, a.netuid, a.maybe_split);
  },
};

const maxMechanismCountCall: CallDef = {
  index: 88,
  name: 'sudo_set_max_mechanism_count',
  args: [{ name: 'max_mechanism_count', type: 'MechId' }],
  dispatch(ctx, a: { max_mechanism_count: number }) {
    ensureRoot(ctx.origin);
    setMaxMechanismCount(ctx, a.max_mechanism_count);
  },
};

export const adminUtils = definePallet({
  name: 'AdminUtils',
  index: 19,
  docs: ['Hyperparameter setters for subnet owners and root.'],
  calls: [
    ...SETTERS.map(perSubnetCall),
    alphaValuesCall,
    snOwnerHotkeyCall,
    mechanismCountCall,
    mechanismSplitCall,
    maxMechanismCountCall,
    rootSetter(1, 'sudo_set_default_take', 'default_take', 'u16', st.MaxDelegateTake, 'DefaultTakeSet'),
    rootSetter(2, 'sudo_set_tx_rate_limit', 'tx_rate_limit', 'u64', st.TxRateLimit, 'TxRateLimitSet'),
    rootSetter(28, 'sudo_set_subnet_owner_cut', 'subnet_owner_cut', 'u16', st.SubnetOwnerCut, 'SubnetOwnerCutSet'),
    rootSetter(29, 'sudo_set_network_rate_limit', 'rate_limit', 'u64', st.NetworkRateLimit, 'NetworkRateLimitSet'),
    rootSetter(33, 'sudo_set_total_issuance', 'total_issuance', 'TaoBalance', st.TotalIssuance),
    rootSetter(36, 'sudo_set_network_min_lock_cost', 'lock_cost', 'TaoBalance', st.NetworkMinLockCost, 'NetworkMinLockCostSet'),
    rootSetter(42, 'sudo_set_stake_threshold', 'min_stake', 'u64', st.StakeThreshold, 'StakeThresholdSet'),
    rootSetter(45, 'sudo_set_tx_delegate_take_rate_limit', 'tx_rate_limit', 'u64', st.TxDelegateTakeRateLimit, 'TxDelegateTakeRateLimitSet'),
    rootSetter(46, 'sudo_set_min_delegate_take', 'take', 'u16', st.MinDelegateTake, 'MinDelegateTakeSet'),
    rootSetter(74, 'sudo_set_admin_freeze_window', 'window', 'u16', st.AdminFreezeWindow, 'AdminFreezeWindowSet'),
    rootSetter(75, 'sudo_set_owner_hparam_rate_limit', 'epochs', 'u16', st.OwnerHyperparamRateLimit, 'OwnerHyperparamRateLimitSet'),
  ],
  events: ADMIN_UTILS_EVENTS,
  errors: ADMIN_UTILS_ERRORS,
});
