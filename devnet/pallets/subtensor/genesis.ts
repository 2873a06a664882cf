import { z } from 'zod';
import { SubnetError } from '../../../core/errors.ts';
import { toAccountId } from '../../account.ts';
import type { AccountId, GenesisContext, State } from '../../pallet.ts';
import { TotalIssuance as BalancesIssuance } from '../balances.ts';
import { createSubnet, DURATION_OF_START_CALL, seedPool } from './calls/network.ts';
import { MINIMUM_RESERVE } from '../swap/pool.ts';
import { currentAlphaPrice, initializePool } from '../swap/pool-state.ts';
import { SubnetIdentitiesV3, type SubnetIdentityV3 } from './identity.ts';
import { appendNeuron, claimHotkey } from './neurons.ts';
import { creditHotkey } from './stake.ts';
import {
  ActivityCutoff,
  AdminFreezeWindow,
  OwnerHyperparamRateLimit,
  Alpha,
  Owner,
  StakingHotkeys,
  SubnetAlphaIn,
  SubnetAlphaOut,
  SubnetEmaTaoFlow,
  SubnetMechanism,
  SubnetMovingPrice,
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
  TotalStake,
  WeightsSetRateLimit,
  WeightsVersionKey,
  Yuma3On,
  StartCallDelay,
} from './storage.ts';

/**
 * The `subtensorModule` section of the devnet genesis file. Every field is
 * optional; `subnet` creates netuid 1 owned by //Alice (or `owner`), started at
 * genesis so that emission and epochs run from block 1; `subnets` creates more the
 * same way. A subnet with a `pool` is a rehearsal of a live one: chosen reserves,
 * stakes, name and TAO-flow history (see devnet/README.md).
 */
const ONE_TAO = 1_000_000_000n;
const u16 = z.number().int().min(0).max(65535);
const u64 = z.union([z.number().int().min(0), z.string().regex(/^\d+$/)]).transform((v) => BigInt(v));

/**
 * A token amount in whole τ or α with up to 9 decimals ("5000", "0.05", 12.5), held as its
 * base units (RAO for TAO). A rehearsal file names money the way people read it.
 */
const signedTokens = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const m = /^(-?)(\d+)(?:\.(\d{0,9}))?$/.exec(String(v).trim());
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `'${v}' is not an amount in whole tokens with at most 9 decimals (e.g. "5000" or "0.05")` });
    return z.NEVER;
  }
  const units = BigInt(m[2]) * ONE_TAO + BigInt((m[3] ?? '').padEnd(9, '0'));
  return m[1] ? -units : units;
});
const tokens = signedTokens.refine((v) => v >= 0n, { message: 'must not be negative' });

/** A pool given by its reserves (`tao` and `alpha`) or by its TAO depth and `price` (τ per α). */
const poolSchema = z
  .object({ tao: tokens, alpha: tokens.optional(), price: tokens.optional() })
  .strict()
  .superRefine((p, ctx) => {
    if ((p.alpha === undefined) === (p.price === undefined))
      ctx.addIssue({ code: 'custom', message: 'give the pool either `alpha` (its alpha reserve) or `price` (τ per α), exactly one of them' });
    if (p.tao < MINIMUM_RESERVE) ctx.addIssue({ code: 'custom', path: ['tao'], message: `the TAO reserve must be at least ${MINIMUM_RESERVE} RAO` });
    if (p.price === 0n) ctx.addIssue({ code: 'custom', path: ['price'], message: 'the price must be above 0' });
  });

/** Stake held at genesis: `coldkey` on `hotkey` (the coldkey itself unless told), in alpha or in TAO at the pool's price. */
const stakeSchema = z
  .object({ coldkey: z.string(), hotkey: z.string().optional(), alpha: tokens.optional(), tao: tokens.optional() })
  .strict()
  .refine((st) => (st.alpha === undefined) !== (st.tao === undefined), { message: 'give the stake either `alpha` or `tao`, exactly one of them' });

const subnetFields = {
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
  /** `SubnetIdentitiesV3.subnet_name`. */
  name: z.string().max(256).optional(),
  /** The pool's reserves; the minimum lock's TAO and as much alpha (price 1) unless told. */
  pool: poolSchema.optional(),
  /** `SubnetAlphaOut`: at least the stakes' alpha; the rest is staked by the owner on its hotkey. */
  alphaOut: tokens.optional(),
  stakes: z.array(stakeSchema).optional(),
  /** `SubnetEmaTaoFlow` in τ per block: the TAO-flow history the emission shares are computed from. */
  taoFlow: signedTokens.optional(),
};
const subnetSchema = z.object(subnetFields).strict();

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
    /** More subnets, each as `subnet`, at the next netuids (after `subnet`'s netuid 1 when both are given). */
    subnets: z.array(subnetSchema).optional(),
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
    const lines = parsed.error.issues.map((issue) => `${['genesis.subtensorModule', ...issue.path.map(String)].join('.')}: ${issue.message}`);
    throw new SubnetError('DEVNET_GENESIS', lines.join('\n'));
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
  const subnets = [...(g.subnet ? [{ c: g.subnet, field: 'subnet' }] : []), ...(g.subnets ?? []).map((c, i) => ({ c, field: `subnets.${i}` }))];
  if (subnets.length > 0 && g.localnet)
    throw new SubnetError('DEVNET_GENESIS', 'genesis.subtensorModule: `subnet`/`subnets` and `localnet` both create netuid 1; keep one of them');
  subnets.forEach(({ c, field }, i) => buildSubnet(ctx, i + 1, c, field));
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

function account(ctx: GenesisContext, value: string | undefined, field: string, where = 'subnet'): `0x${string}` {
  if (value === undefined) return ctx.devAccounts.find((a) => a.name === 'Alice')!.accountId;
  const dev = ctx.devAccounts.find((a) => a.name.toLowerCase() === value.replace(/^\/\//, '').toLowerCase());
  if (dev) return dev.accountId;
  try {
    return toAccountId(value);
  } catch {
    throw new SubnetError('DEVNET_GENESIS', `genesis.subtensorModule.${where}.${field}: '${value}' is not an SS58 address, 0x account id or dev name`);
  }
}

function buildSubnet(ctx: GenesisContext, netuid: number, c: z.infer<typeof subnetSchema>, field: string): void {
  const s: State = ctx.state;
  const coldkey = account(ctx, c.owner, 'owner', field);
  const hotkey = c.ownerHotkey === undefined ? coldkey : account(ctx, c.ownerHotkey, 'ownerHotkey', field);
  createSubnet(s, netuid, coldkey, hotkey, 0n, { tempo: c.tempo ?? DefaultTempo.get(s) });
  seedPool(s, netuid);
  SubnetLocked.set(s, netuid, NetworkMinLockCost.get(s));
  if (c.name !== undefined) SubnetIdentitiesV3.set(s, netuid, identityNamed(c.name));
  const rehearsed = c.pool !== undefined || c.stakes !== undefined || c.alphaOut !== undefined || c.taoFlow !== undefined;
  if (rehearsed) rehearsePool(ctx, netuid, c, field, coldkey, hotkey);
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

function identityNamed(name: string): SubnetIdentityV3 {
  const empty = new Uint8Array();
  return {
    subnet_name: new TextEncoder().encode(name),
    github_repo: empty,
    subnet_contact: empty,
    subnet_url: empty,
    discord: empty,
    description: empty,
    logo_url: empty,
    additional: empty,
  };
}

/**
 * A subnet as it would stand on a live chain after trading: the pool holds the given TAO and
 * alpha, the stakes hold `SubnetAlphaOut`, and the pool is initialised at that price the way
 * its first swap would (`initializePool`). The pool's TAO is issued TAO held by no account,
 * so it counts in `TotalStake` and in SubtensorModule's `TotalIssuance`, as staked TAO does.
 * A stake given in TAO is converted at the pool's price without slippage: the pool's
 * reserves are the ones the file asks for, not what buying that stake would leave.
 */
function rehearsePool(ctx: GenesisContext, netuid: number, c: z.infer<typeof subnetSchema>, field: string, owner: AccountId, ownerHotkey: AccountId): void {
  const s = ctx.state;
  // without a `pool`, the new subnet's own (the minimum lock, price 1)
  const pool = c.pool ?? { tao: SubnetTAO.get(s, netuid), alpha: SubnetAlphaIn.get(s, netuid), price: undefined };
  const tao = pool.tao;
  const alphaIn = pool.alpha ?? (tao * ONE_TAO) / pool.price!;
  const fail = (path: string, message: string): never => {
    throw new SubnetError('DEVNET_GENESIS', `genesis.subtensorModule.${field}.${path}: ${message}`);
  };
  if (alphaIn < MINIMUM_RESERVE)
    fail('pool', `the alpha reserve ${alphaIn} is below the pool's minimum of ${MINIMUM_RESERVE} units; raise \`tao\` or lower \`price\``);
  // seedPool counted the minimum lock's TAO as stake; the rehearsal's pool replaces it
  TotalStake.mutate(s, (t) => t - SubnetTAO.get(s, netuid) + tao);
  TotalIssuance.mutate(s, (t) => t + tao);
  SubnetTAO.set(s, netuid, tao);
  SubnetAlphaIn.set(s, netuid, alphaIn);
  const stakes = (c.stakes ?? []).map((st, i) => {
    const coldkey = account(ctx, st.coldkey, `stakes.${i}.coldkey`, field);
    const hotkey = st.hotkey === undefined ? coldkey : account(ctx, st.hotkey, `stakes.${i}.hotkey`, field);
    if (!claimHotkey(s, coldkey, hotkey)) fail(`stakes.${i}.hotkey`, `'${st.hotkey}' is already the hotkey of another coldkey`);
    const alpha = st.alpha ?? (st.tao! * alphaIn) / tao;
    if (alpha === 0n) fail(`stakes.${i}`, 'the stake is 0 alpha; give a positive amount');
    return { coldkey, hotkey, alpha };
  });
  const staked = stakes.reduce((sum, st) => sum + st.alpha, 0n);
  const alphaOut = c.alphaOut ?? staked;
  if (alphaOut < staked) fail('alphaOut', `${alphaOut} units is less than the stakes' ${staked}; raise it or leave it out`);
  if (alphaOut > staked) stakes.push({ coldkey: owner, hotkey: ownerHotkey, alpha: alphaOut - staked });
  for (const st of stakes) creditHotkey(s, st.hotkey, st.coldkey, netuid, st.alpha, 0n);
  SubnetAlphaOut.set(s, netuid, alphaOut);
  // I64F64 of RAO per block, the unit `SubnetTaoFlow` records
  if (c.taoFlow !== undefined) SubnetEmaTaoFlow.set(s, netuid, [0n, { bits: c.taoFlow << 64n }]);
  initializePool(s, netuid);
  // a subnet that has traded at this price has its moving price there too, not at a new subnet's 0
  SubnetMovingPrice.set(s, netuid, { bits: (currentAlphaPrice(s, netuid) << 32n) / ONE_TAO });
}
