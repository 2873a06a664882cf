import { z } from 'zod';
import { SubnetError } from '../../../core/errors.ts';
import { toAccountId } from '../../account.ts';
import type { GenesisContext, State } from '../../pallet.ts';
import { TotalIssuance as BalancesIssuance } from '../balances.ts';
import { createSubnet, DURATION_OF_START_CALL, seedPool } from './calls/network.ts';
import { appendNeuron } from './neurons.ts';
import {
  ActivityCutoff,
  AdminFreezeWindow,
  OwnerHyperparamRateLimit,
  Alpha,
  Owner,
  StakingHotkeys,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetMechanism,
  SubnetTAO,
  TotalHotkeyAlpha,
  TotalHotkeyShares,
  AllowLoopbackAxons,
  CommitRevealWeightsVersion,
  DefaultTempo,
  AlphaValues,
  BondsMovingAverage,
  BondsPenalty,
  Burn,
  CommitRevealWeightsEnabled,
  FirstEmissionBlockNumber,
  ImmuneOwnerUidsLimit,
  ImmunityPeriod,
  Kappa,
  LiquidAlphaOn,
  MaxAllowedUids,
  MaxAllowedValidators,
  MaxBurn,
  MaxWeightsLimit,
  MinAllowedWeights,
  MinBurn,
  MinNonImmuneUids,
  NetworkMinLockCost,
  NetworkRateLimit,
  NetworkRegistrationAllowed,
  NetworksAdded,
  RevealPeriodEpochs,
  ROOT_NETUID,
  ServingRateLimit,
  StakeThreshold,
  SubnetLocked,
  SubnetOwner,
  SubnetOwnerCut,
  SubnetOwnerHotkey,
  SubnetworkN,
  SubtokenEnabled,
  TargetRegistrationsPerInterval,
  Tempo,
  TotalIssuance,
  TotalNetworks,
  WeightsSetRateLimit,
  WeightsVersionKey,
  Yuma3On,
  StartCallDelay,
} from './storage.ts';

/**
 * The `subtensorModule` section of the devnet genesis file. Every field is
 * optional; `subnet` creates netuid 1 owned by //Alice (or `owner`), started at
 * genesis so that emission and epochs run from block 1.
 */
const u16 = z.number().int().min(0).max(65535);
const u64 = z.union([z.number().int().min(0), z.string().regex(/^\d+$/)]).transform((v) => BigInt(v));

const subnetSchema = z
  .object({
    owner: z.string().optional(),
    ownerHotkey: z.string().optional(),
    tempo: u16.optional(),
    kappa: u16.optional(),
    immunityPeriod: u16.optional(),
    minAllowedWeights: u16.optional(),
    maxWeightsLimit: u16.optional(),
    maxAllowedUids: u16.optional(),
    /** `MinNonImmuneUids` (10 unless told): a full subnet with no more non-immune uids replaces an immune one or none */
    minNonImmuneUids: u16.optional(),
    /** `ImmuneOwnerUidsLimit` (1 unless told): how many of the owner's hotkeys are never pruned */
    immuneOwnerUidsLimit: u16.optional(),
    maxAllowedValidators: u16.optional(),
    weightsSetRateLimit: u64.optional(),
    weightsVersionKey: u64.optional(),
    activityCutoff: u16.optional(),
    servingRateLimit: u64.optional(),
    burn: u64.optional(),
    minBurn: u64.optional(),
    maxBurn: u64.optional(),
    bondsMovingAverage: u64.optional(),
    bondsPenalty: u16.optional(),
    commitRevealWeightsEnabled: z.boolean().optional(),
    revealPeriodEpochs: u64.optional(),
    liquidAlphaEnabled: z.boolean().optional(),
    alphaValues: z.tuple([u16, u16]).optional(),
    yuma3Enabled: z.boolean().optional(),
    targetRegistrationsPerInterval: u16.optional(),
    networkRegistrationAllowed: z.boolean().optional(),
    startCall: z.boolean().optional(),
  })
  .strict();

export const subtensorGenesisSchema = z
  .object({
    allowLoopbackAxons: z.boolean().optional(),
    /** Tempo given to subnets created by `register_network` (the fast-runtime build uses 10). */
    defaultTempo: u16.optional(),
    stakeThreshold: u64.optional(),
    networkRateLimit: u64.optional(),
    networkMinLockCost: u64.optional(),
    subnetOwnerCut: u16.optional(),
    /**
     * `AdminFreezeWindow` and `OwnerHyperparamRateLimit` (spec 381's storage defaults: 10 blocks,
     * 2 tempos). The devnet starts with both at 0 unless told otherwise: a dev subnet's tempo is
     * often 10 or less, where a 10-block window would refuse every hyperparameter change.
     */
    adminFreezeWindow: u16.optional(),
    ownerHyperparamRateLimit: u16.optional(),
    /**
     * `CommitRevealWeightsVersion`: 4 is commit-reveal v4 (`commit_timelocked_weights`, revealed by
     * the chain with the drand pulses), as on the real chain; below 3 clients use v2
     * (`commit_weights` / `reveal_weights`). The devnet stores 4 unless told otherwise.
     */
    commitRevealWeightsVersion: u16.optional(),
    subnet: subnetSchema.optional(),
    /**
     * Netuid 1 as subtensor's own genesis builds it on a real localnet (owned by the all-zero
     * account, its uid 0, not started), instead of none: for comparing with a real localnet.
     */
    localnet: z.boolean().optional(),
  })
  .strict();

/** The devnet's commit-reveal version when the genesis names none: v4, the real runtime's default. */
export const DEVNET_COMMIT_REVEAL_VERSION = 4;

export type SubtensorGenesis = z.infer<typeof subtensorGenesisSchema>;
export function buildSubtensorGenesis(ctx: GenesisContext, raw: unknown): void {
  const parsed = subtensorGenesisSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['genesis.subtensorModule', ...issue.path.map(String)].join('.');
    throw new SubnetError('DEVNET_GENESIS', `${where}: ${issue.message}`);
  }
  const g = parsed.data;
  const s = ctx.state;
  AllowLoopbackAxons.set(s, g.allowLoopbackAxons ?? true);
  TotalIssuance.set(s, BalancesIssuance.get(s));
  if (g.defaultTempo !== undefined) DefaultTempo.set(s, g.defaultTempo);
  if (g.stakeThreshold !== undefined) StakeThreshold.set(s, g.stakeThreshold);
  // the storage default is 0 in spec 381; the live chains hold 7200 blocks, which the devnet starts with
  NetworkRateLimit.set(s, g.networkRateLimit ?? 7200n);
  StartCallDelay.set(s, DURATION_OF_START_CALL);
  AdminFreezeWindow.set(s, g.adminFreezeWindow ?? 0);
  OwnerHyperparamRateLimit.set(s, g.ownerHyperparamRateLimit ?? 0);
  if (g.networkMinLockCost !== undefined) NetworkMinLockCost.set(s, g.networkMinLockCost);
  if (g.subnetOwnerCut !== undefined) SubnetOwnerCut.set(s, g.subnetOwnerCut);
  CommitRevealWeightsVersion.set(s, g.commitRevealWeightsVersion ?? DEVNET_COMMIT_REVEAL_VERSION);
  buildRootNetwork(ctx);
  if (g.subnet && g.localnet)
    throw new SubnetError('DEVNET_GENESIS', 'genesis.subtensorModule: `subnet` and `localnet` both create netuid 1; keep one of them');
  if (g.subnet) buildDefaultSubnet(ctx, g.subnet);
  if (g.localnet) buildLocalnetSubnet(ctx);
}

/** sr25519 public key of `//Alice_hk`; test/devnet/genesis-root.int.test.ts derives it with @polkadot/keyring. */
export const ALICE_HOTKEY: `0x${string}` = '0x506c5a28f51e841b4df26ace64a23d69057fefda24bc9a53cb74197f901e7128';

/**
 * The root subnet (netuid 0) as subtensor's genesis builds it (`macros/genesis.rs`): added and
 * counted in TotalNetworks, no neurons, 64 uids and validators, no minimum weights, tempo 100, open
 * to registration, 1 target registration per interval. Its owner is //Alice with hotkey //Alice_hk,
 * as in the fast-runtime build the localnet runs (`prod_or_fast!`). It gets no pool, no
 * registration and no emission.
 */
function buildRootNetwork(ctx: GenesisContext): void {
  const s = ctx.state;
  NetworksAdded.set(s, ROOT_NETUID, true);
  TotalNetworks.mutate(s, (n) => n + 1);
  SubnetOwner.set(s, ROOT_NETUID, account(ctx, undefined, 'owner'));
  SubnetOwnerHotkey.set(s, ROOT_NETUID, ALICE_HOTKEY);
  SubnetworkN.set(s, ROOT_NETUID, 0);
  MaxAllowedUids.set(s, ROOT_NETUID, 64);
  MaxAllowedValidators.set(s, ROOT_NETUID, 64);
  MinAllowedWeights.set(s, ROOT_NETUID, 0);
  Tempo.set(s, ROOT_NETUID, 100);
  NetworkRegistrationAllowed.set(s, ROOT_NETUID, true);
  TargetRegistrationsPerInterval.set(s, ROOT_NETUID, 1);
}

/** `DefaultAccount`: the all-zero account id, owner and hotkey of the real genesis's netuid 1. */
const ZERO_ACCOUNT = `0x${'00'.repeat(32)}` as const;
const ONE_TAO = 1_000_000_000n;

/**
 * Netuid 1 as subtensor's genesis builds it (`macros/genesis.rs`): dynamic, owned by the all-zero
 * account, which is also its only neuron (uid 0) and holds 1 TAO worth of alpha staked to itself;
 * a pool of 10 TAO and 10 alpha; lock 1 (`LargestLocked` is not served); tempo 100, no minimum weights. It has no owner hotkey and
 * no first emission block, so it is not started.
 */
function buildLocalnetSubnet(ctx: GenesisContext): void {
  const s = ctx.state;
  const netuid = 1;
  const hotkey = ZERO_ACCOUNT;
  NetworksAdded.set(s, netuid, true);
  TotalNetworks.mutate(s, (n) => n + 1);
  SubnetMechanism.set(s, netuid, 1);
  Owner.set(s, hotkey, hotkey);
  SubnetAlphaIn.set(s, netuid, 10n * ONE_TAO);
  SubnetTAO.set(s, netuid, 10n * ONE_TAO);
  MaxAllowedUids.set(s, netuid, 256);
  MaxAllowedValidators.set(s, netuid, 64);
  MinAllowedWeights.set(s, netuid, 0);
  Tempo.set(s, netuid, 100);
  NetworkRegistrationAllowed.set(s, netuid, true);
  SubnetOwner.set(s, netuid, hotkey);
  SubnetLocked.set(s, netuid, 1n);
  Alpha.set(s, hotkey, hotkey, netuid, { bits: ONE_TAO << 64n });
  TotalHotkeyAlpha.set(s, hotkey, netuid, ONE_TAO);
  TotalHotkeyShares.set(s, hotkey, netuid, { bits: ONE_TAO << 64n });
  SubnetAlphaOut.set(s, netuid, ONE_TAO);
  StakingHotkeys.set(s, hotkey, [hotkey]);
  appendNeuron(s, netuid, hotkey, 0n);
}

function account(ctx: GenesisContext, value: string | undefined, field: string): `0x${string}` {
  if (value === undefined) return ctx.devAccounts.find((a) => a.name === 'Alice')!.accountId;
  const dev = ctx.devAccounts.find((a) => a.name.toLowerCase() === value.replace(/^\/\//, '').toLowerCase());
  if (dev) return dev.accountId;
  try {
    return toAccountId(value);
  } catch {
    throw new SubnetError('DEVNET_GENESIS', `genesis.subtensorModule.subnet.${field}: '${value}' is not an SS58 address, 0x account id or dev name`);
  }
}

function buildDefaultSubnet(ctx: GenesisContext, c: z.infer<typeof subnetSchema>): void {
  const s: State = ctx.state;
  const netuid = 1;
  const coldkey = account(ctx, c.owner, 'owner');
  const hotkey = c.ownerHotkey === undefined ? coldkey : account(ctx, c.ownerHotkey, 'ownerHotkey');
  createSubnet(s, netuid, coldkey, hotkey, 0n, { tempo: c.tempo ?? DefaultTempo.get(s) });
  seedPool(s, netuid);
  SubnetLocked.set(s, netuid, NetworkMinLockCost.get(s));
  const set = <V>(item: { set(state: State, netuid: number, v: V): void }, v: V | undefined) => {
    if (v !== undefined) item.set(s, netuid, v);
  };
  set(Kappa, c.kappa);
  set(ImmunityPeriod, c.immunityPeriod);
  set(MinAllowedWeights, c.minAllowedWeights);
  set(MaxWeightsLimit, c.maxWeightsLimit);
  set(MaxAllowedUids, c.maxAllowedUids);
  set(MinNonImmuneUids, c.minNonImmuneUids);
  set(ImmuneOwnerUidsLimit, c.immuneOwnerUidsLimit);
  set(MaxAllowedValidators, c.maxAllowedValidators);
  set(WeightsSetRateLimit, c.weightsSetRateLimit);
  set(WeightsVersionKey, c.weightsVersionKey);
  set(ActivityCutoff, c.activityCutoff);
  set(ServingRateLimit, c.servingRateLimit);
  set(Burn, c.burn);
  set(MinBurn, c.minBurn);
  set(MaxBurn, c.maxBurn);
  set(BondsMovingAverage, c.bondsMovingAverage);
  set(BondsPenalty, c.bondsPenalty);
  set(CommitRevealWeightsEnabled, c.commitRevealWeightsEnabled);
  set(RevealPeriodEpochs, c.revealPeriodEpochs);
  set(LiquidAlphaOn, c.liquidAlphaEnabled);
  set(AlphaValues, c.alphaValues);
  set(Yuma3On, c.yuma3Enabled);
  set(TargetRegistrationsPerInterval, c.targetRegistrationsPerInterval);
  set(NetworkRegistrationAllowed, c.networkRegistrationAllowed);
  if (c.startCall ?? true) {
    FirstEmissionBlockNumber.set(s, netuid, 1n);
    SubtokenEnabled.set(s, netuid, true);
  }
}
