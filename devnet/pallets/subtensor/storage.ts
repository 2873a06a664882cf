import { defineStorage, type AccountId, type Hasher, type StorageItem } from '../../pallet.ts';

/**
 * SubtensorModule storage, under the names, hashers, key/value types and
 * defaults of the spec-381 runtime (checked against the interface file by
 * test/subtensor/interface.test.ts).
 */
const P = 'SubtensorModule';
type Acc = AccountId;

const ID: Hasher = 'Identity';
const B2: Hasher = 'Blake2_128Concat';
const TX: Hasher = 'Twox64Concat';

function plain<V>(name: string, value: string, def?: V): StorageItem<[], V> {
  return defineStorage<[], V>(P, { name, value, default: def });
}
function byNet<V>(name: string, value: string, def?: V, hasher: Hasher = ID, optional = false): StorageItem<[number], V> {
  return defineStorage<[number], V>(P, {
    name,
    keys: [{ hasher, type: 'u16' }],
    value,
    default: def,
    modifier: optional ? 'Optional' : 'Default',
  });
}
function byNetUid<V>(name: string, value: string): StorageItem<[number, number], V> {
  return defineStorage<[number, number], V>(P, {
    name,
    keys: [
      { hasher: ID, type: 'u16' },
      { hasher: ID, type: 'u16' },
    ],
    value,
  });
}
function byNetHotkey<V>(name: string, value: string, optional: boolean): StorageItem<[number, Acc], V> {
  return defineStorage<[number, Acc], V>(P, {
    name,
    keys: [
      { hasher: ID, type: 'u16' },
      { hasher: B2, type: 'AccountId32' },
    ],
    value,
    modifier: optional ? 'Optional' : 'Default',
  });
}
function byAccount<V>(name: string, value: string, def?: V, hasher: Hasher = B2): StorageItem<[Acc], V> {
  return defineStorage<[Acc], V>(P, { name, keys: [{ hasher, type: 'AccountId32' }], value, default: def });
}
function byHotkeyNet<V>(name: string, value: string): StorageItem<[Acc, number], V> {
  return defineStorage<[Acc, number], V>(P, {
    name,
    keys: [
      { hasher: B2, type: 'AccountId32' },
      { hasher: ID, type: 'u16' },
    ],
    value,
  });
}

export interface U64F64 {
  bits: bigint;
}
export interface I64F64 {
  bits: bigint;
}
export interface U96F32 {
  bits: bigint;
}
export interface I96F32 {
  bits: bigint;
}
export type RecycleOrBurnValue = 'Burn' | 'Recycle';
export type AxonValue = {
  block: bigint;
  version: number;
  ip: bigint;
  port: number;
  ip_type: number;
  protocol: number;
  placeholder1: number;
  placeholder2: number;
};
export type PrometheusValue = { block: bigint; version: number; ip: bigint; port: number; ip_type: number };
export type SparseRow = [number, number][];
/** (commit hash, commit block, first reveal block, last reveal block) */
export type WeightCommit = [AccountId, bigint, bigint, bigint];

// ---- global values
export const TotalIssuance = plain<bigint>('TotalIssuance', 'u64');
export const TotalStake = plain<bigint>('TotalStake', 'u64');
export const TotalNetworks = plain<number>('TotalNetworks', 'u16');
export const StakeThreshold = plain<bigint>('StakeThreshold', 'u64');
export const SubnetOwnerCut = plain<number>('SubnetOwnerCut', 'u16', 11796);
export const NetworkRateLimit = plain<bigint>('NetworkRateLimit', 'u64', 0n);
/**
 * The `RateLimitKey`s the devnet keys `LastRateLimitedBlock` by (unit variants are their names,
 * data variants `{ Variant: fields }` with several fields as a tuple).
 */
export type RateLimitKey = 'NetworkLastRegistered' | { OwnerHyperparamUpdate: [number, Hyperparameter] };
/** The `Hyperparameter` variant an owner setter is rate-limited under (`RateLimitKey::OwnerHyperparamUpdate`). */
export type Hyperparameter = string;
/** Where spec 381 keeps the blocks of rate-limited actions, such as the last subnet registration. */
export const LastRateLimitedBlock = defineStorage<[RateLimitKey], bigint>(P, {
  name: 'LastRateLimitedBlock',
  keys: [{ hasher: ID, type: 'RateLimitKey' }],
  value: 'u64',
  default: 0n,
});
export const NetworkMinLockCost = plain<bigint>('NetworkMinLockCost', 'u64', 1_000_000_000_000n);
export const NetworkLastLockCost = plain<bigint>('NetworkLastLockCost', 'u64', 1_000_000_000_000n);
export const NetworkLockReductionInterval = plain<bigint>('NetworkLockReductionInterval', 'u64', 100_800n);
export const BlockEmission = plain<bigint>('BlockEmission', 'u64', 1_000_000_000n);
export const TxRateLimit = plain<bigint>('TxRateLimit', 'u64', 1000n);
export const TxDelegateTakeRateLimit = plain<bigint>('TxDelegateTakeRateLimit', 'u64', 216_000n);
export const MaxDelegateTake = plain<number>('MaxDelegateTake', 'u16', 11796);
export const MinDelegateTake = plain<number>('MinDelegateTake', 'u16', 0);
/** Blocks before a subnet's epoch in which the hyperparameter setters are refused (spec 381's default 10). */
export const AdminFreezeWindow = plain<number>('AdminFreezeWindow', 'u16', 10);
/** Tempos an owner waits between two changes of one hyperparameter (spec 381's default 2). */
export const OwnerHyperparamRateLimit = plain<number>('OwnerHyperparamRateLimit', 'u16', 2);
/** Blocks between a subnet's registration and its `start_call` (spec 381 keeps it in storage, not a constant). */
export const StartCallDelay = plain<bigint>('StartCallDelay', 'u64');

// ---- per subnet
/** The root subnet's netuid (`NetUid::ROOT`): created at genesis, it has no pool and runs no epoch. */
export const ROOT_NETUID = 0;
export const NetworksAdded = byNet<boolean>('NetworksAdded', 'bool');
export const NetworkRegisteredAt = byNet<bigint>('NetworkRegisteredAt', 'u64');
export const SubnetworkN = byNet<number>('SubnetworkN', 'u16');
export const SubnetMechanism = byNet<number>('SubnetMechanism', 'u16');
export const SubnetOwner = byNet<Acc>('SubnetOwner', 'AccountId32');
export const SubnetOwnerHotkey = byNet<Acc>('SubnetOwnerHotkey', 'AccountId32');
export const Tempo = byNet<number>('Tempo', 'u16', 10);
export const Kappa = byNet<number>('Kappa', 'u16', 32767);
export const Rho = byNet<number>('Rho', 'u16', 10);
export const ImmunityPeriod = byNet<number>('ImmunityPeriod', 'u16', 4096);
export const MaxAllowedUids = byNet<number>('MaxAllowedUids', 'u16', 256);
/** Below or at this many non-immune, non-immortal uids a full subnet replaces an immune uid instead. */
export const MinNonImmuneUids = byNet<number>('MinNonImmuneUids', 'u16', 10);
/** How many of the owner coldkey's hotkeys are never pruned (1 to 10; the owner hotkey first). */
export const ImmuneOwnerUidsLimit = byNet<number>('ImmuneOwnerUidsLimit', 'u16', 1);
export const MaxAllowedValidators = byNet<number>('MaxAllowedValidators', 'u16', 128);
export const MinAllowedWeights = byNet<number>('MinAllowedWeights', 'u16', 1024);
export const MaxWeightsLimit = byNet<number>('MaxWeightsLimit', 'u16', 65535);
export const WeightsSetRateLimit = byNet<bigint>('WeightsSetRateLimit', 'u64', 100n);
export const WeightsVersionKey = byNet<bigint>('WeightsVersionKey', 'u64');
export const ActivityCutoff = byNet<number>('ActivityCutoff', 'u16', 5000);
export const BondsMovingAverage = byNet<bigint>('BondsMovingAverage', 'u64', 900_000n);
export const BondsPenalty = byNet<number>('BondsPenalty', 'u16', 65535);
/** On for every subnet unless its owner turns it off, as on the real chain since the migration of spec 306. */
export const CommitRevealWeightsEnabled = byNet<boolean>('CommitRevealWeightsEnabled', 'bool', true);
export const RevealPeriodEpochs = byNet<bigint>('RevealPeriodEpochs', 'u64', 1n, TX);
export const Yuma3On = byNet<boolean>('Yuma3On', 'bool', false, B2);
/** Whether a hotkey's new commitment resets its bonds on the subnet (subtensor's `do_reset_bonds`). */
export const BondsResetOn = byNet<boolean>('BondsResetOn', 'bool', false);
/** Whether stake on the subnet may be transferred to another coldkey (`TransferDisallowed` when off). */
export const TransferToggle = byNet<boolean>('TransferToggle', 'bool', true);
export const LiquidAlphaOn = byNet<boolean>('LiquidAlphaOn', 'bool', false, B2);
export const AlphaValues = byNet<[number, number]>('AlphaValues', '(u16, u16)', [45875, 58982]);
export const AlphaSigmoidSteepness = byNet<number>('AlphaSigmoidSteepness', 'i16', 1000);
export const ServingRateLimit = byNet<bigint>('ServingRateLimit', 'u64', 50n);
export const Burn = byNet<bigint>('Burn', 'u64', 100_000_000n);
export const MinBurn = byNet<bigint>('MinBurn', 'u64', 500_000n);
export const MaxBurn = byNet<bigint>('MaxBurn', 'u64', 100_000_000_000n);
export const Difficulty = byNet<bigint>('Difficulty', 'u64', 10_000_000n);
export const MinDifficulty = byNet<bigint>('MinDifficulty', 'u64', 10_000_000n);
export const MaxDifficulty = byNet<bigint>('MaxDifficulty', 'u64', 4_611_686_018_427_387_903n);
export const NetworkRegistrationAllowed = byNet<boolean>('NetworkRegistrationAllowed', 'bool', true);
export const NetworkPowRegistrationAllowed = byNet<boolean>('NetworkPowRegistrationAllowed', 'bool', true);
export const TargetRegistrationsPerInterval = byNet<number>('TargetRegistrationsPerInterval', 'u16', 2);
export const AdjustmentInterval = byNet<number>('AdjustmentInterval', 'u16', 100);
export const AdjustmentAlpha = byNet<bigint>('AdjustmentAlpha', 'u64');
export const MaxRegistrationsPerBlock = byNet<number>('MaxRegistrationsPerBlock', 'u16', 1);
export const RegistrationsThisBlock = byNet<number>('RegistrationsThisBlock', 'u16');
export const RegistrationsThisInterval = byNet<number>('RegistrationsThisInterval', 'u16');
export const BurnRegistrationsThisInterval = byNet<number>('BurnRegistrationsThisInterval', 'u16');
export const POWRegistrationsThisInterval = byNet<number>('POWRegistrationsThisInterval', 'u16');
export const LastAdjustmentBlock = byNet<bigint>('LastAdjustmentBlock', 'u64');
export const RAORecycledForRegistration = byNet<bigint>('RAORecycledForRegistration', 'u64');
export const ScalingLawPower = byNet<number>('ScalingLawPower', 'u16', 50);
export const FirstEmissionBlockNumber = byNet<bigint | undefined>('FirstEmissionBlockNumber', 'u64', undefined, ID, true);
export const SubtokenEnabled = byNet<boolean>('SubtokenEnabled', 'bool');
export const PendingOwnerCut = byNet<bigint>('PendingOwnerCut', 'u64');
/** Spec 381: the alpha accrued each block for an epoch's miners, validators and root, drained when the epoch runs. */
export const PendingServerEmission = byNet<bigint>('PendingServerEmission', 'u64');
export const PendingValidatorEmission = byNet<bigint>('PendingValidatorEmission', 'u64');
export const PendingRootAlphaDivs = byNet<bigint>('PendingRootAlphaDivs', 'u64');
/** Spec 381: the last block's injection into the pool and minted alpha. */
export const SubnetAlphaInEmission = byNet<bigint>('SubnetAlphaInEmission', 'u64');
export const SubnetAlphaOutEmission = byNet<bigint>('SubnetAlphaOutEmission', 'u64');
export const SubnetTaoInEmission = byNet<bigint>('SubnetTaoInEmission', 'u64');
/** Spec 381: the EMA of the pool price (I96F32 bits), its smoothing and half-life. */
export const SubnetMovingPrice = byNet<I96F32>('SubnetMovingPrice', 'I96F32', { bits: 0n });
export const SubnetMovingAlpha = plain<I96F32>('SubnetMovingAlpha', 'I96F32', { bits: 12885n });
export const EMAPriceHalvingBlocks = byNet<bigint>('EMAPriceHalvingBlocks', 'u64', 201_600n);
/** Spec 381: net TAO staked into a subnet this block, and its EMA `(block, I64F64)`, which decide the subnet's TAO share. */
export const SubnetTaoFlow = byNet<bigint>('SubnetTaoFlow', 'i64', 0n);
export const SubnetEmaTaoFlow = byNet<[bigint, I64F64] | undefined>('SubnetEmaTaoFlow', '(u64, I64F64)', undefined, ID, true);
export const FlowEmaSmoothingFactor = plain<bigint>('FlowEmaSmoothingFactor', 'u64', 29_597_889_189_277n);
export const FlowNormExponent = plain<U64F64>('FlowNormExponent', 'U64F64', { bits: 1n << 64n });
export const TaoFlowCutoff = plain<I64F64>('TaoFlowCutoff', 'I64F64', { bits: 0n });
/** Spec 381: whether the incentive of the owner's own hotkeys is recycled or burned (unset: burned). */
export const RecycleOrBurn = byNet<RecycleOrBurnValue>('RecycleOrBurn', 'RecycleOrBurnEnum', 'Burn');
/** Spec 381: root stake's weight against alpha (u64 proportion, default ≈ 18 %), and each subnet's root proportion (U96F32). */
export const TaoWeight = plain<bigint>('TaoWeight', 'u64', 971_718_665_099_567_868n);
export const RootProp = byNet<U96F32>('RootProp', 'U96F32', { bits: 0n });
export const BlocksSinceLastStep = byNet<bigint>('BlocksSinceLastStep', 'u64');
export const LastMechansimStepBlock = byNet<bigint>('LastMechansimStepBlock', 'u64');
export const SubnetTAO = byNet<bigint>('SubnetTAO', 'u64');
export const SubnetAlphaIn = byNet<bigint>('SubnetAlphaIn', 'u64');
export const SubnetAlphaOut = byNet<bigint>('SubnetAlphaOut', 'u64');
export const SubnetLocked = byNet<bigint>('SubnetLocked', 'u64');

// ---- per-uid vectors of a subnet
export const Active = byNet<boolean[]>('Active', 'Vec<bool>');
export const Consensus = byNet<number[]>('Consensus', 'Vec<u16>');
export const Incentive = byNet<number[]>('Incentive', 'Vec<u16>');
export const Dividends = byNet<number[]>('Dividends', 'Vec<u16>');
export const ValidatorTrust = byNet<number[]>('ValidatorTrust', 'Vec<u16>');
export const StakeWeight = byNet<number[]>('StakeWeight', 'Vec<u16>');
export const Emission = byNet<bigint[]>('Emission', 'Vec<u64>');
export const LastUpdate = byNet<bigint[]>('LastUpdate', 'Vec<u64>');
export const ValidatorPermit = byNet<boolean[]>('ValidatorPermit', 'Vec<bool>');
export const Rank = byNet<number[]>('Rank', 'Vec<u16>');
export const Trust = byNet<number[]>('Trust', 'Vec<u16>');
export const PruningScores = byNet<number[]>('PruningScores', 'Vec<u16>');

// ---- neurons
export const Uids = byNetHotkey<number | undefined>('Uids', 'u16', true);
export const Keys = byNetUid<Acc>('Keys', 'AccountId32');
export const BlockAtRegistration = byNetUid<bigint>('BlockAtRegistration', 'u64');
export const Weights = byNetUid<SparseRow>('Weights', 'Vec<(u16, u16)>');
export const Bonds = byNetUid<SparseRow>('Bonds', 'Vec<(u16, u16)>');
export const Axons = byNetHotkey<AxonValue | undefined>('Axons', 'AxonInfo', true);
export const Prometheus = byNetHotkey<PrometheusValue | undefined>('Prometheus', 'PrometheusInfo', true);
export const IsNetworkMember = byHotkeyNet<boolean>('IsNetworkMember', 'bool');
export const WeightCommits = defineStorage<[number, Acc], WeightCommit[] | undefined>(P, {
  name: 'WeightCommits',
  keys: [
    { hasher: TX, type: 'u16' },
    { hasher: TX, type: 'AccountId32' },
  ],
  value: 'Vec<(H256, u64, u64, u64)>',
  modifier: 'Optional',
});

// ---- keys and stake
export const Owner = byAccount<Acc>('Owner', 'AccountId32');
export const Delegates = byAccount<number>('Delegates', 'u16', 11796);
export const OwnedHotkeys = byAccount<Acc[]>('OwnedHotkeys', 'Vec<AccountId32>');
export const StakingHotkeys = byAccount<Acc[]>('StakingHotkeys', 'Vec<AccountId32>');
export const LastTxBlockDelegateTake = byAccount<bigint>('LastTxBlockDelegateTake', 'u64', 0n, ID);
export const LastTxBlock = byAccount<bigint>('LastTxBlock', 'u64', 0n, ID);
export const TotalHotkeyAlpha = byHotkeyNet<bigint>('TotalHotkeyAlpha', 'u64');
export const TotalHotkeyShares = byHotkeyNet<U64F64>('TotalHotkeyShares', 'U64F64');
/** Spec 381: the last epoch's alpha and root dividends per (subnet, hotkey), and the hotkey's alpha they were computed on. */
export const AlphaDividendsPerSubnet = byNetHotkey<bigint>('AlphaDividendsPerSubnet', 'u64', false);
export const RootAlphaDividendsPerSubnet = byNetHotkey<bigint>('RootAlphaDividendsPerSubnet', 'u64', false);
export const TotalHotkeyAlphaLastEpoch = byHotkeyNet<bigint>('TotalHotkeyAlphaLastEpoch', 'u64');
export const Alpha = defineStorage<[Acc, Acc, number], U64F64>(P, {
  name: 'Alpha',
  keys: [
    { hasher: B2, type: 'AccountId32' },
    { hasher: B2, type: 'AccountId32' },
    { hasher: ID, type: 'u16' },
  ],
  value: 'U64F64',
});

/** (proportion of u64::MAX, hotkey) links of child hotkeys: `ChildKeys(parent, netuid)` and `ParentKeys(child, netuid)`. */
export type ChildLinks = [bigint, Acc][];
export const ChildKeys = byHotkeyNet<ChildLinks>('ChildKeys', 'Vec<(u64, AccountId32)>');
export const ParentKeys = byHotkeyNet<ChildLinks>('ParentKeys', 'Vec<(u64, AccountId32)>');
/** Children scheduled by `set_children` and the block after which they apply. */
export const PendingChildKeys = defineStorage<[number, Acc], [ChildLinks, bigint]>(P, {
  name: 'PendingChildKeys',
  keys: [
    { hasher: ID, type: 'u16' },
    { hasher: B2, type: 'AccountId32' },
  ],
  value: '(Vec<(u64, AccountId32)>, u64)',
});
export const PendingChildKeyCooldown = plain<bigint>('PendingChildKeyCooldown', 'u64', 15n);
/** A child hotkey's take of its parents' dividends, per subnet (of u16::MAX). */
export const ChildkeyTake = byHotkeyNet<number>('ChildkeyTake', 'u16');
export const MinChildkeyTake = plain<number>('MinChildkeyTake', 'u16', 0);
export const MaxChildkeyTake = plain<number>('MaxChildkeyTake', 'u16', 11796);
export const TxChildkeyTakeRateLimit = plain<bigint>('TxChildkeyTakeRateLimit', 'u64', 5n);
/** The share of a parent's dividends (of u64::MAX) recycled when parent and child have different coldkeys. */
export const CKBurn = plain<bigint>('CKBurn', 'u64', 0n);
/** Last block of a hotkey's rate-limited action on a subnet, by transaction type (SetChildren 0, SetChildkeyTake 1). */
export const TransactionKeyLastBlock = defineStorage<[Acc, number, number], bigint>(P, {
  name: 'TransactionKeyLastBlock',
  keys: [
    { hasher: B2, type: 'AccountId32' },
    { hasher: ID, type: 'u16' },
    { hasher: ID, type: 'u16' },
  ],
  value: 'u64',
  default: 0n,
});

/** One commit-reveal v4 commit: `(hotkey, commit block, tle ciphertext, drand round)`. */
export type TimelockedCommit = [Acc, bigint, Uint8Array, bigint];
/** Spec 381: commits keyed by mechanism storage index (`mechid · 4096 + netuid`) and the epoch they are revealed after. */
export const TimelockedWeightCommits = defineStorage<[number, bigint], TimelockedCommit[]>(P, {
  name: 'TimelockedWeightCommits',
  keys: [
    { hasher: TX, type: 'u16' },
    { hasher: TX, type: 'u64' },
  ],
  value: 'Vec<(AccountId32, u64, Vec<u8>, u64)>',
});
/** Spec 381: the `commit_reveal_version` a timelocked commit must name (4 on the real chain). */
export const CommitRevealWeightsVersion = plain<number>('CommitRevealWeightsVersion', 'u16', 4);
// ---- mechanisms (sub-subnets); per-mechanism rows live at the mechanism storage index, see mechanism.ts
/** The most mechanisms a subnet may be given (`sudo_set_max_mechanism_count`, root only). */
export const MaxMechanismCount = plain<number>('MaxMechanismCount', 'u8', 2);
/** How many mechanisms a subnet runs; every subnet has mechanism 0. */
export const MechanismCountCurrent = byNet<number>('MechanismCountCurrent', 'u8', 1, TX);
/** u16 shares of the subnet's miner emission per mechanism, summing to 65535; absent means an even split. */
export const MechanismEmissionSplit = byNet<number[] | undefined>('MechanismEmissionSplit', 'Vec<u16>', undefined, TX, true);
/** (hotkey, coldkey, netuid) that staked in this block: they may not unstake until the next one. */
export const StakingOperationRateLimiter = defineStorage<[Acc, Acc, number], boolean>(P, {
  name: 'StakingOperationRateLimiter',
  keys: [
    { hasher: B2, type: 'AccountId32' },
    { hasher: B2, type: 'AccountId32' },
    { hasher: ID, type: 'u16' },
  ],
  value: 'bool',
});

export const ALL_STORAGE: StorageItem<any, any>[] = [
  ChildKeys,
  ParentKeys,
  PendingChildKeys,
  PendingChildKeyCooldown,
  ChildkeyTake,
  MinChildkeyTake,
  MaxChildkeyTake,
  TxChildkeyTakeRateLimit,
  CKBurn,
  TransactionKeyLastBlock,
  TotalIssuance,
  TotalStake,
  TotalNetworks,
  LastRateLimitedBlock,
  StakeThreshold,
  SubnetOwnerCut,
  NetworkRateLimit,
  AdminFreezeWindow,
  OwnerHyperparamRateLimit,
  StartCallDelay,
  NetworkMinLockCost,
  NetworkLastLockCost,
  NetworkLockReductionInterval,
  BlockEmission,
  TxRateLimit,
  TxDelegateTakeRateLimit,
  MaxDelegateTake,
  MinDelegateTake,
  NetworksAdded,
  NetworkRegisteredAt,
  SubnetworkN,
  SubnetMechanism,
  SubnetOwner,
  SubnetOwnerHotkey,
  Tempo,
  Kappa,
  Rho,
  ImmunityPeriod,
  MaxAllowedUids,
  MinNonImmuneUids,
  ImmuneOwnerUidsLimit,
  MaxAllowedValidators,
  MinAllowedWeights,
  MaxWeightsLimit,
  WeightsSetRateLimit,
  WeightsVersionKey,
  ActivityCutoff,
  BondsMovingAverage,
  BondsPenalty,
  CommitRevealWeightsEnabled,
  RevealPeriodEpochs,
  Yuma3On,
  BondsResetOn,
  TransferToggle,
  LiquidAlphaOn,
  AlphaValues,
  AlphaSigmoidSteepness,
  ServingRateLimit,
  Burn,
  MinBurn,
  MaxBurn,
  Difficulty,
  MinDifficulty,
  MaxDifficulty,
  NetworkRegistrationAllowed,
  NetworkPowRegistrationAllowed,
  TargetRegistrationsPerInterval,
  AdjustmentInterval,
  AdjustmentAlpha,
  MaxRegistrationsPerBlock,
  RegistrationsThisBlock,
  RegistrationsThisInterval,
  BurnRegistrationsThisInterval,
  POWRegistrationsThisInterval,
  LastAdjustmentBlock,
  RAORecycledForRegistration,
  ScalingLawPower,
  FirstEmissionBlockNumber,
  SubtokenEnabled,
  PendingOwnerCut,
  PendingServerEmission,
  PendingValidatorEmission,
  PendingRootAlphaDivs,
  SubnetAlphaInEmission,
  SubnetAlphaOutEmission,
  SubnetTaoInEmission,
  SubnetMovingPrice,
  SubnetMovingAlpha,
  EMAPriceHalvingBlocks,
  SubnetTaoFlow,
  SubnetEmaTaoFlow,
  FlowEmaSmoothingFactor,
  FlowNormExponent,
  TaoFlowCutoff,
  RecycleOrBurn,
  TaoWeight,
  RootProp,
  BlocksSinceLastStep,
  LastMechansimStepBlock,
  SubnetTAO,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetLocked,
  Active,
  Consensus,
  Incentive,
  Dividends,
  ValidatorTrust,
  StakeWeight,
  Emission,
  LastUpdate,
  ValidatorPermit,
  Rank,
  Trust,
  PruningScores,
  Uids,
  Keys,
  BlockAtRegistration,
  Weights,
  Bonds,
  Axons,
  Prometheus,
  IsNetworkMember,
  WeightCommits,
  Owner,
  Delegates,
  OwnedHotkeys,
  StakingHotkeys,
  LastTxBlockDelegateTake,
  LastTxBlock,
  TotalHotkeyAlpha,
  TotalHotkeyShares,
  Alpha,
  AlphaDividendsPerSubnet,
  RootAlphaDividendsPerSubnet,
  TotalHotkeyAlphaLastEpoch,
  TimelockedWeightCommits,
  CommitRevealWeightsVersion,
  StakingOperationRateLimiter,
  MaxMechanismCount,
  MechanismCountCurrent,
  MechanismEmissionSplit,
];

/**
 * Devnet-only switch set from the genesis flag `allowLoopbackAxons`. Kept in
 * state (so it survives restarts) but not in the metadata: the real runtime has
 * no such item.
 */
export const AllowLoopbackAxons = defineStorage<[], boolean>(P, { name: 'DevnetAllowLoopbackAxons', value: 'bool' });

/** Devnet-only: the tempo `register_network` gives new subnets (genesis `defaultTempo`); not in the metadata. */
export const DefaultTempo = defineStorage<[], number>(P, { name: 'DevnetDefaultTempo', value: 'u16', default: 10 });
