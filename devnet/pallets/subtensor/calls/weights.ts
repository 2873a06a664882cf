import { u8aToHex } from '@polkadot/util';
import { ensureSigned, type AccountId, type CallDef, type DispatchContext, type Hex, type RuntimeContext } from '../../../pallet.ts';
import { commitHash, isCommitExpired, isRevealEpoch, MAX_UNREVEALED_COMMITS, revealBlocks } from '../commit-reveal.ts';
import { dispatchErrorOf } from '../errors.ts';
import { ensureMechanismExists, GLOBAL_MAX_SUBNET_COUNT, mechanismStorageIndex } from '../mechanism.ts';
import { hotkeyStake } from '../stake.ts';
import {
  CommitRevealWeightsEnabled,
  LastUpdate,
  MaxWeightsLimit,
  MinAllowedWeights,
  RevealPeriodEpochs,
  StakeThreshold,
  SubnetOwnerHotkey,
  SubnetworkN,
  Tempo,
  Uids,
  ValidatorPermit,
  WeightCommits,
  Weights,
  WeightsSetRateLimit,
  WeightsVersionKey,
  type WeightCommit,
  ROOT_NETUID,
} from '../storage.ts';
import { hasDuplicateUids, isSelfWeight, lengthOk, maxUpscale, maxWeightOk, rateLimitOk, versionKeyOk } from '../weight-checks.ts';

/**
 * Weights: set, commit and reveal (subnets/weights.rs of spec 381), for mechanism 0 (`set_weights`, ...)
 * or any mechanism of the subnet (`set_mechanism_weights`, ...). Weights, last updates and commits are
 * kept at the mechanism storage index; the rate limit runs per mechanism, the permit and stake per subnet.
 */

export function uidOf(ctx: RuntimeContext, netuid: number, hotkey: AccountId): number | undefined {
  return Uids.get(ctx.state, netuid, hotkey);
}

function block(ctx: RuntimeContext): bigint {
  return BigInt(ctx.blockNumber);
}

/** `check_rate_limit` of mechanism storage index `index` of `netuid`. */
export function rateLimitPasses(ctx: RuntimeContext, netuid: number, index: number, uid: number): boolean {
  const last = LastUpdate.get(ctx.state, index)[uid] ?? 0n;
  return rateLimitOk(last, block(ctx), WeightsSetRateLimit.get(ctx.state, netuid));
}

/**
 * `set_last_update_for_uid` at a mechanism storage index: the row is first padded to the subnet's
 * size (`get_last_update`), so a mechanism added later gets a full row on its first update.
 */
export function setLastUpdate(ctx: RuntimeContext, index: number, uid: number): void {
  const n = SubnetworkN.get(ctx.state, index % GLOBAL_MAX_SUBNET_COUNT);
  LastUpdate.mutate(ctx.state, index, (v) => {
    const out = v.slice();
    while (out.length < n || out.length <= uid) out.push(0n);
    out[uid] = block(ctx);
    return out;
  });
}

/**
 * `do_set_weights`: every check in the chain's order, then the max-upscaled row is stored. Every
 * check comes before the first write, so a refusal leaves state as it was (the chain's own reveal
 * of timelocked commits relies on that: it calls this outside any transaction).
 */
export function doSetWeights(
  ctx: RuntimeContext,
  hotkey: AccountId,
  netuid: number,
  mecid: number,
  uids: number[],
  values: number[],
  versionKey: bigint,
): void {
  const s = ctx.state;
  const index = mechanismStorageIndex(netuid, mecid);
  if (netuid === ROOT_NETUID) ctx.fail('CanNotSetRootNetworkWeights');
  if (uids.length !== values.length) ctx.fail('WeightVecNotEqualSize');
  ensureMechanismExists(s, netuid, mecid);
  const n = SubnetworkN.get(s, netuid);
  if (uids.length > n) ctx.fail('UidsLengthExceedUidsInSubNet');
  const uid = uidOf(ctx, netuid, hotkey);
  if (uid === undefined) return ctx.fail('HotKeyNotRegisteredInSubNet');
  const isOwner = SubnetOwnerHotkey.has(s, netuid) && SubnetOwnerHotkey.get(s, netuid) === hotkey;
  if (!isOwner && hotkeyStake(s, hotkey, netuid) < StakeThreshold.get(s)) ctx.fail('NotEnoughStakeToSetWeights');
  if (!versionKeyOk(WeightsVersionKey.get(s, netuid), versionKey)) ctx.fail('IncorrectWeightVersionKey');
  const commitReveal = CommitRevealWeightsEnabled.get(s, netuid);
  if (!commitReveal && !rateLimitPasses(ctx, netuid, index, uid)) ctx.fail('SettingWeightsTooFast');
  if (!isSelfWeight(uid, uids, values) && !(ValidatorPermit.get(s, netuid)[uid] ?? false)) ctx.fail('NeuronNoValidatorPermit');
  if (hasDuplicateUids(uids)) ctx.fail('DuplicateUids');
  if (uids.some((u) => u >= n)) ctx.fail('UidVecContainInvalidOne');
  if (!lengthOk(n, MinAllowedWeights.get(s, netuid), uid, uids, values)) ctx.fail('WeightVecLengthIsLow');
  const upscaled = maxUpscale(values);
  if (!maxWeightOk(MaxWeightsLimit.get(s, netuid), uid, uids, upscaled)) ctx.fail('MaxWeightExceeded');
  Weights.set(
    s,
    index,
    uid,
    uids.map((u, i) => [u, upscaled[i]] as [number, number]),
  );
  if (!commitReveal) setLastUpdate(ctx, index, uid);
  ctx.deposit('WeightsSet', [index, uid]);
}

/** `internal_commit_weights`; the mechanism is checked before the signature, as the runtime does. */
function doCommitWeights(ctx: DispatchContext, netuid: number, mecid: number, hash: Hex): void {
  const s = ctx.state;
  ensureMechanismExists(s, netuid, mecid);
  const index = mechanismStorageIndex(netuid, mecid);
  const hotkey = ensureSigned(ctx.origin);
  if (!CommitRevealWeightsEnabled.get(s, netuid)) ctx.fail('CommitRevealDisabled');
  const uid = uidOf(ctx, netuid, hotkey);
  if (uid === undefined) return ctx.fail('HotKeyNotRegisteredInSubNet');
  if (!rateLimitPasses(ctx, netuid, index, uid)) ctx.fail('CommittingWeightsTooFast');
  const window = { tempo: Tempo.get(s, netuid), revealPeriod: RevealPeriodEpochs.get(s, netuid) };
  const now = block(ctx);
  const commits = (WeightCommits.get(s, index, hotkey) ?? []).slice();
  while (commits.length > 0 && isCommitExpired(netuid, window, commits[0][1], now)) commits.shift();
  if (commits.length >= MAX_UNREVEALED_COMMITS) ctx.fail('TooManyUnrevealedCommits');
  const [first, last] = revealBlocks(netuid, window, now);
  commits.push([hash, now, first, last]);
  WeightCommits.set(s, index, hotkey, commits);
  ctx.deposit('WeightsCommitted', [hotkey, index, hash]);
  setLastUpdate(ctx, index, uid);
}

interface Reveal {
  uids: number[];
  values: number[];
  salt: number[];
  versionKey: bigint;
}

/** The commit hash binds the mechanism storage index (`get_commit_hash`), so mechanism 0's is the netuid's. */
function revealHash(hotkey: AccountId, index: number, r: Reveal): Hex {
  const hk = Uint8Array.from(Buffer.from(hotkey.slice(2), 'hex'));
  return u8aToHex(commitHash(hk, index, r.uids, r.values, r.salt, r.versionKey)) as Hex;
}

/** Drops expired commits from the front; returns the live queue and the hashes dropped. */
function liveCommits(ctx: DispatchContext, netuid: number, index: number, hotkey: AccountId): { commits: WeightCommit[]; expired: Hex[] } {
  const s = ctx.state;
  const stored = WeightCommits.get(s, index, hotkey);
  if (stored === undefined) return ctx.fail('NoWeightsCommitFound');
  const window = { tempo: Tempo.get(s, netuid), revealPeriod: RevealPeriodEpochs.get(s, netuid) };
  const commits = stored.slice();
  const expired: Hex[] = [];
  while (commits.length > 0 && isCommitExpired(netuid, window, commits[0][1], block(ctx))) expired.push(commits.shift()![0]);
  return { commits, expired };
}

function revealWindowOpen(ctx: DispatchContext, netuid: number, commitBlock: bigint): boolean {
  const window = { tempo: Tempo.get(ctx.state, netuid), revealPeriod: RevealPeriodEpochs.get(ctx.state, netuid) };
  return isRevealEpoch(netuid, window, commitBlock, block(ctx));
}

function storeCommits(ctx: DispatchContext, index: number, hotkey: AccountId, commits: WeightCommit[]): void {
  if (commits.length === 0) WeightCommits.remove(ctx.state, index, hotkey);
  else WeightCommits.set(ctx.state, index, hotkey, commits);
}

function doRevealWeights(ctx: DispatchContext, hotkey: AccountId, netuid: number, mecid: number, r: Reveal): void {
  const index = mechanismStorageIndex(netuid, mecid);
  if (!CommitRevealWeightsEnabled.get(ctx.state, netuid)) ctx.fail('CommitRevealDisabled');
  const { commits, expired } = liveCommits(ctx, netuid, index, hotkey);
  const hash = revealHash(hotkey, index, r);
  if (commits.length === 0) ctx.fail(expired.includes(hash) ? 'ExpiredWeightCommit' : 'NoWeightsCommitFound');
  const position = commits.findIndex(([h]) => h === hash);
  if (position < 0) ctx.fail(expired.includes(hash) ? 'ExpiredWeightCommit' : 'InvalidRevealCommitHashNotMatch');
  if (!revealWindowOpen(ctx, netuid, commits[position][1])) ctx.fail('RevealTooEarly');
  // Revealing a commit also discards every older one.
  storeCommits(ctx, index, hotkey, commits.slice(position + 1));
  doSetWeights(ctx, hotkey, netuid, mecid, r.uids, r.values, r.versionKey);
  ctx.deposit('WeightsRevealed', [hotkey, index, hash]);
}

function doBatchRevealWeights(ctx: DispatchContext, hotkey: AccountId, netuid: number, reveals: Reveal[]): void {
  if (!CommitRevealWeightsEnabled.get(ctx.state, netuid)) ctx.fail('CommitRevealDisabled');
  const { commits, expired } = liveCommits(ctx, netuid, netuid, hotkey);
  const hashes = reveals.map((r) => revealHash(hotkey, netuid, r));
  for (const hash of hashes) {
    const commit = commits.find(([h]) => h === hash);
    if (commit === undefined) ctx.fail(expired.includes(hash) ? 'ExpiredWeightCommit' : 'InvalidRevealCommitHashNotMatch');
    if (!revealWindowOpen(ctx, netuid, commit[1])) ctx.fail('RevealTooEarly');
  }
  reveals.forEach((r, i) => {
    const position = commits.findIndex(([h]) => h === hashes[i]);
    if (position < 0) ctx.fail('InvalidRevealCommitHashNotMatch');
    commits.splice(position, 1);
    doSetWeights(ctx, hotkey, netuid, 0, r.uids, r.values, r.versionKey);
  });
  storeCommits(ctx, netuid, hotkey, commits);
  ctx.deposit('WeightsBatchRevealed', [hotkey, netuid, hashes]);
}

export const weightCalls: CallDef[] = [
  {
    index: 0,
    name: 'set_weights',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'dests', type: 'Vec<u16>' },
      { name: 'weights', type: 'Vec<u16>' },
      { name: 'version_key', type: 'u64' },
    ],
    dispatch(ctx, a: { netuid: number; dests: number[]; weights: number[]; version_key: bigint }) {
      const hotkey = ensureSigned(ctx.origin);
      if (CommitRevealWeightsEnabled.get(ctx.state, a.netuid)) ctx.fail('CommitRevealEnabled');
      doSetWeights(ctx, hotkey, a.netuid, 0, a.dests, a.weights, a.version_key);
    },
  },
  {
    index: 80,
    name: 'batch_set_weights',
    pays: 'No',
    args: [
      { name: 'netuids', type: 'Vec<Compact<NetUid>>' },
      { name: 'weights', type: 'Vec<Vec<(Compact<u16>, Compact<u16>)>>' },
      { name: 'version_keys', type: 'Vec<Compact<u64>>' },
    ],
    dispatch(ctx, a: { netuids: number[]; weights: [number, number][][]; version_keys: bigint[] }) {
      const hotkey = ensureSigned(ctx.origin);
      if (a.netuids.length !== a.weights.length || a.netuids.length !== a.version_keys.length) ctx.fail('InputLengthsUnequal');
      let failed = false;
      a.netuids.forEach((netuid, i) => {
        try {
          ctx.transactional(() => {
            if (CommitRevealWeightsEnabled.get(ctx.state, netuid)) ctx.fail('CommitRevealEnabled');
            const row = a.weights[i];
            doSetWeights(
              ctx,
              hotkey,
              netuid,
              0,
              row.map(([u]) => u),
              row.map(([, w]) => w),
              BigInt(a.version_keys[i]),
            );
          });
        } catch (err) {
          failed = true;
          ctx.deposit('BatchWeightItemFailed', [dispatchErrorOf(err)]);
        }
      });
      if (failed) ctx.deposit('BatchCompletedWithErrors', []);
      else ctx.deposit('BatchWeightsCompleted', [a.netuids, hotkey]);
    },
  },
  {
    index: 96,
    name: 'commit_weights',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'commit_hash', type: 'H256' },
    ],
    dispatch(ctx, a: { netuid: number; commit_hash: Hex }) {
      doCommitWeights(ctx, a.netuid, 0, a.commit_hash);
    },
  },
  {
    index: 100,
    name: 'batch_commit_weights',
    pays: 'No',
    args: [
      { name: 'netuids', type: 'Vec<Compact<NetUid>>' },
      { name: 'commit_hashes', type: 'Vec<H256>' },
    ],
    dispatch(ctx, a: { netuids: number[]; commit_hashes: Hex[] }) {
      const hotkey = ensureSigned(ctx.origin);
      if (a.netuids.length !== a.commit_hashes.length) ctx.fail('InputLengthsUnequal');
      a.netuids.forEach((netuid, i) => doCommitWeights(ctx, netuid, 0, a.commit_hashes[i]));
      ctx.deposit('BatchWeightsCompleted', [a.netuids, hotkey]);
    },
  },
  {
    index: 97,
    name: 'reveal_weights',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'uids', type: 'Vec<u16>' },
      { name: 'values', type: 'Vec<u16>' },
      { name: 'salt', type: 'Vec<u16>' },
      { name: 'version_key', type: 'u64' },
    ],
    dispatch(ctx, a: { netuid: number; uids: number[]; values: number[]; salt: number[]; version_key: bigint }) {
      doRevealWeights(ctx, ensureSigned(ctx.origin), a.netuid, 0, { uids: a.uids, values: a.values, salt: a.salt, versionKey: a.version_key });
    },
  },
  {
    index: 98,
    name: 'batch_reveal_weights',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'uids_list', type: 'Vec<Vec<u16>>' },
      { name: 'values_list', type: 'Vec<Vec<u16>>' },
      { name: 'salts_list', type: 'Vec<Vec<u16>>' },
      { name: 'version_keys', type: 'Vec<u64>' },
    ],
    dispatch(ctx, a: { netuid: number; uids_list: number[][]; values_list: number[][]; salts_list: number[][]; version_keys: bigint[] }) {
      const n = a.uids_list.length;
      if (a.values_list.length !== n || a.salts_list.length !== n || a.version_keys.length !== n) ctx.fail('InputLengthsUnequal');
      const hotkey = ensureSigned(ctx.origin);
      const reveals = a.uids_list.map((uids, i) => ({ uids, values: a.values_list[i], salt: a.salts_list[i], versionKey: a.version_keys[i] }));
      doBatchRevealWeights(ctx, hotkey, a.netuid, reveals);
    },
  },
  {
    index: 119,
    name: 'set_mechanism_weights',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'mecid', type: 'MechId' },
      { name: 'dests', type: 'Vec<u16>' },
      { name: 'weights', type: 'Vec<u16>' },
      { name: 'version_key', type: 'u64' },
    ],
    docs: ['Sets the weights of one mechanism of the subnet.'],
    dispatch(ctx, a: { netuid: number; mecid: number; dests: number[]; weights: number[]; version_key: bigint }) {
      const hotkey = ensureSigned(ctx.origin);
      if (CommitRevealWeightsEnabled.get(ctx.state, a.netuid)) ctx.fail('CommitRevealEnabled');
      doSetWeights(ctx, hotkey, a.netuid, a.mecid, a.dests, a.weights, a.version_key);
    },
  },
  {
    index: 115,
    name: 'commit_mechanism_weights',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'mecid', type: 'MechId' },
      { name: 'commit_hash', type: 'H256' },
    ],
    docs: ["Commits the hash of one mechanism's weights (the hash binds the mechanism storage index)."],
    dispatch(ctx, a: { netuid: number; mecid: number; commit_hash: Hex }) {
      doCommitWeights(ctx, a.netuid, a.mecid, a.commit_hash);
    },
  },
  {
    index: 116,
    name: 'reveal_mechanism_weights',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'mecid', type: 'MechId' },
      { name: 'uids', type: 'Vec<u16>' },
      { name: 'values', type: 'Vec<u16>' },
      { name: 'salt', type: 'Vec<u16>' },
      { name: 'version_key', type: 'u64' },
    ],
    docs: ['Reveals weights committed with `commit_mechanism_weights`.'],
    dispatch(ctx, a: { netuid: number; mecid: number; uids: number[]; values: number[]; salt: number[]; version_key: bigint }) {
      const r = { uids: a.uids, values: a.values, salt: a.salt, versionKey: a.version_key };
      doRevealWeights(ctx, ensureSigned(ctx.origin), a.netuid, a.mecid, r);
    },
  },
];
