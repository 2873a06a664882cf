import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { SubnetError } from '../core/errors.ts';
import type { SubtensorClient, TxResult } from './client.ts';
import { type CommitRevealMode, commitHash, generateSalt } from './commit-reveal.ts';
import { ChainDispatchError } from './dispatch-error.ts';
import type { PendingCommit, PendingCommitStore, TimelockedCommitRecord } from './pending-commits.ts';
import { classifyTimelockedCommit, type TimelockedOutcome } from './timelock-outcome.ts';
import { buildTimelockedCommit, firstBlockOfEpoch, mechanismStorageIndex, revealRoundFor, TIMELOCKED_COMMIT_REVEAL_VERSION } from './timelock-weights.ts';
import { convertWeightsAndUidsForEmit, processWeights, U16_MAX } from './weights.ts';

export interface SubmitWeightsArgs {
  netuid: number;
  uids: ArrayLike<number>;
  /** raw scores (any non-negative scale); processed like the SDK unless `raw` */
  weights: ArrayLike<number>;
  versionKey: bigint | number;
  /** where commits wait for their reveal; required when the subnet uses commit-reveal */
  pending?: PendingCommitStore;
  /** weights are already u16 values for the chain: skip process_weights and the upscale */
  raw?: boolean;
  /** the mechanism the weights are for (default 0, the subnet's main mechanism), in every mode */
  mechid?: number;
}

export interface SubmitWeightsResult {
  mode: 'set' | 'commit';
  /** how the subnet takes weights: `set` goes with 'disabled', `commit` with 'v2' or 'timelocked' */
  commitReveal: CommitRevealMode;
  uids: number[];
  values: number[];
  result: TxResult;
  /** the v2 commit waiting for its reveal */
  commit?: PendingCommit;
  /** the timelocked commit the chain will reveal by itself */
  timelocked?: TimelockedCommitRecord;
}

/** `process_weights_for_netuid` + `convert_weights_and_uids_for_emit` with the limits read from chain. */
export async function weightsForChain(
  client: SubtensorClient,
  netuid: number,
  uids: ArrayLike<number>,
  weights: ArrayLike<number>,
): Promise<{ uids: number[]; values: number[] }> {
  const [n, minAllowed, maxLimit] = await Promise.all([
    client.getMetagraph(netuid).then((m) => m.n),
    client.getHyperparameter(netuid, 'min_allowed_weights'),
    client.getHyperparameter(netuid, 'max_weights_limit'),
  ]);
  const processed = processWeights(uids, weights, n, Number(minAllowed), Number(maxLimit) / U16_MAX);
  const emit = convertWeightsAndUidsForEmit(processed.uids, processed.weights);
  return { uids: emit.uids, values: emit.weights };
}

/**
 * Sets weights the way the subnet wants them: `set_weights` when commit-reveal is off;
 * `commit_weights` (v2) when it is on with the v2 calls, with the reveal data persisted
 * first so a crash after inclusion can still reveal; `commit_timelocked_weights` (v4)
 * when the runtime wants timelocked commits, recorded so that `checkTimelockedCommits`
 * can later tell whether the chain revealed them.
 */
export async function submitWeights(client: SubtensorClient, hotkey: KeyringPair, args: SubmitWeightsArgs): Promise<SubmitWeightsResult> {
  const { mode: commitReveal, version } = await client.commitRevealInfo(args.netuid);
  const { uids, values } = args.raw
    ? { uids: Array.from(args.uids), values: Array.from(args.weights) }
    : await weightsForChain(client, args.netuid, args.uids, args.weights);
  if (uids.length === 0) throw new SubnetError('WEIGHTS_ALL_ZERO', 'all weights are zero: nothing to set');
  const versionKey = BigInt(args.versionKey);
  const mechid = args.mechid ?? 0;
  mechanismStorageIndex(args.netuid, mechid);

  if (commitReveal === 'disabled') {
    const result = await client.setWeights(hotkey, { netuid: args.netuid, mechid, uids, weights: values, versionKey });
    return { mode: 'set', commitReveal, uids, values, result };
  }

  if (!args.pending)
    throw new SubnetError('CHAIN_CR_NEEDS_STORE', `subnet ${args.netuid} uses commit-reveal: a pending-commit store is needed to follow the commit`);
  if (commitReveal === 'timelocked') {
    const plan = await planTimelockedCommit(client, hotkey.address, {
      netuid: args.netuid,
      mechid,
      uids,
      values,
      versionKey,
      chainVersion: version,
    });
    const { result, record } = await commitTimelockedPersisted(client, hotkey, { plan, pending: args.pending });
    return { mode: 'commit', commitReveal, uids, values, result, timelocked: record };
  }
  const { result, commit } = await commitWeightsPersisted(client, hotkey, { netuid: args.netuid, mechid, uids, values, versionKey, pending: args.pending });
  return { mode: 'commit', commitReveal, uids, values, result, commit };
}

/** Everything a timelocked commit sends and records, built from chain reads; nothing is sent. */
export interface TimelockedCommitPlan {
  /** the extrinsic: `commit_timelocked_weights`, or the mechanism form for a mechid other than 0 */
  call: 'commit_timelocked_weights' | 'commit_timelocked_mechanism_weights';
  /** its `commit_reveal_version` argument */
  version: number;
  /** the record the pending-commit store keeps, `included: false` until the commit lands */
  record: TimelockedCommitRecord;
  commit: Uint8Array;
  /** where the reveal round came from */
  beacon: 'chain' | 'quicknet';
  blockTimeSeconds: number;
}

/**
 * Plans a timelocked commit as the SDK does: the reveal epoch is the current one plus
 * `RevealPeriodEpochs`, its drand round follows from the chain's block time (Aura's slot
 * duration) and the beacon's clock, and the payload is encrypted to the beacon key of
 * `Drand.BeaconConfig` (quicknet's where the runtime has no Drand pallet).
 */
export async function planTimelockedCommit(
  client: SubtensorClient,
  hotkeyAddress: string,
  args: { netuid: number; mechid: number; uids: number[]; values: number[]; versionKey: bigint; chainVersion?: number; nowSeconds?: number },
): Promise<TimelockedCommitPlan> {
  const { netuid, mechid } = args;
  const call = mechid === 0 ? 'commit_timelocked_weights' : 'commit_timelocked_mechanism_weights';
  if (!client.hasCall('SubtensorModule', call)) {
    throw new SubnetError(
      'CHAIN_UNSUPPORTED',
      `subnet ${netuid} wants timelocked commit-reveal, but the runtime at ${client.url} has no ${call} (neither can it take v2 commits)`,
    );
  }
  const version = args.chainVersion ?? TIMELOCKED_COMMIT_REVEAL_VERSION;
  if (version !== TIMELOCKED_COMMIT_REVEAL_VERSION) {
    throw new SubnetError(
      'CHAIN_CR_VERSION_UNSUPPORTED',
      `the chain's CommitRevealWeightsVersion is ${version}; subnetkit builds version ${TIMELOCKED_COMMIT_REVEAL_VERSION} commits, which the chain would refuse`,
    );
  }
  mechanismStorageIndex(netuid, mechid);
  const [tempo, revealPeriodEpochs, currentBlock, beacon] = await Promise.all([
    client.getTempo(netuid),
    client.getRevealPeriodEpochs(netuid),
    client.blockNumber(),
    client.getDrandBeacon(),
  ]);
  const blockTimeSeconds = client.blockTimeSeconds();
  const input = { currentBlock, netuid, tempo, revealPeriodEpochs, blockTimeSeconds, nowSeconds: args.nowSeconds ?? Date.now() / 1000, beacon };
  const round = revealRoundFor(input);
  const built = buildTimelockedCommit({
    ...input,
    hotkey: decodeAddress(hotkeyAddress),
    uids: args.uids,
    values: args.values,
    versionKey: args.versionKey,
    encrypt: beacon ? { publicKey: beacon.publicKey } : undefined,
  });
  const record: TimelockedCommitRecord = {
    kind: 'timelocked',
    netuid,
    mechid,
    hotkey: hotkeyAddress,
    hash: blake2AsHex(built.commit, 256),
    commit: u8aToHex(built.commit),
    revealRound: built.revealRound,
    commitBlock: currentBlock,
    included: false,
    commitEpoch: round.currentEpoch,
    revealEpoch: round.revealEpoch,
    firstRevealBlock: round.firstRevealBlock,
    uids: args.uids,
    values: args.values,
    versionKey: args.versionKey,
  };
  return { call, version, record, commit: built.commit, beacon: beacon ? 'chain' : 'quicknet', blockTimeSeconds };
}

/**
 * Sends a planned timelocked commit, recorded before submission (a crash after inclusion
 * still leaves the record to check) and forgotten again if the chain refuses it. Once it
 * lands, the epoch the chain filed it under is read back from `TimelockedWeightCommits`,
 * so the reveal epoch follows the chain's epochs rather than the client's arithmetic.
 */
export async function commitTimelockedPersisted(
  client: SubtensorClient,
  hotkey: KeyringPair,
  args: { plan: TimelockedCommitPlan; pending: PendingCommitStore },
): Promise<{ result: TxResult; record: TimelockedCommitRecord }> {
  const { plan, pending } = args;
  const record = { ...plan.record };
  pending.add(record);
  let result: TxResult;
  try {
    result = await client.commitTimelockedWeights(hotkey, {
      netuid: record.netuid,
      mechid: record.mechid,
      commit: plan.commit,
      revealRound: record.revealRound,
      version: plan.version,
    });
  } catch (err) {
    if (err instanceof ChainDispatchError || (err instanceof SubnetError && err.code === 'CHAIN_INVALID_TX')) pending.remove(record.hash);
    throw err;
  }
  record.included = true;
  if (result.blockNumber >= 0) record.commitBlock = result.blockNumber;
  try {
    const stored = (await client.getTimelockedCommits(mechanismStorageIndex(record.netuid, record.mechid))).find(
      (c) => c.commit === record.commit && sameAccount(c.hotkey, record.hotkey),
    );
    if (stored && stored.epoch !== record.commitEpoch) {
      // An epoch boundary passed between planning and inclusion: the reveal moves one epoch.
      // A runtime that counts epochs statefully numbers them differently altogether; its
      // numbers are kept for display and the planned block stays the estimate.
      const [tempo, period] = await Promise.all([client.getTempo(record.netuid), client.getRevealPeriodEpochs(record.netuid)]);
      const shift = stored.epoch - record.commitEpoch;
      if (Math.abs(shift) <= 1) record.firstRevealBlock = firstBlockOfEpoch(record.revealEpoch + shift, record.netuid, tempo);
      record.commitEpoch = stored.epoch;
      record.revealEpoch = stored.epoch + period;
    }
  } catch {
    // the planned epochs stand: they are the chain's own rule for block-derived epochs
  }
  pending.add(record);
  return { result, record };
}

function sameAccount(a: string, b: string): boolean {
  try {
    return u8aToHex(decodeAddress(a)) === u8aToHex(decodeAddress(b));
  } catch {
    return false;
  }
}

/**
 * What became of the recorded timelocked commits of `hotkey` on `netuid`
 * (`timelock-outcome.ts` says how it is judged). Revealed and dropped commits leave the
 * store; pending ones stay. Reads only the chain, never writes to it: safe to call every block.
 */
export async function checkTimelockedCommits(
  client: SubtensorClient,
  hotkey: string,
  args: { netuid: number; pending: PendingCommitStore },
): Promise<TimelockedOutcome[]> {
  const mine = args.pending.listTimelocked({ netuid: args.netuid, hotkey });
  if (mine.length === 0) return [];
  const [block, uid, lastStoredRound] = await Promise.all([client.blockNumber(), client.uidOf(args.netuid, hotkey), client.getDrandLastStoredRound()]);
  const storedBy = new Map<number, Set<string>>();
  const rows = new Map<number, [number, number][]>();
  for (const index of new Set(mine.map((c) => mechanismStorageIndex(c.netuid, c.mechid)))) {
    const stored = await client.getTimelockedCommits(index);
    storedBy.set(index, new Set(stored.filter((c) => sameAccount(c.hotkey, hotkey)).map((c) => c.commit)));
    rows.set(index, uid === undefined ? [] : await client.getWeightsRow(index, uid));
  }
  const out: TimelockedOutcome[] = [];
  for (const c of mine) {
    const index = mechanismStorageIndex(c.netuid, c.mechid);
    const stored = storedBy.get(index)!.has(c.commit);
    const due = block >= c.firstRevealBlock;
    const signature = due || !stored ? await client.getDrandSignature(c.revealRound) : null;
    const laterSameEpoch = mine.filter((o) => o !== c && o.mechid === c.mechid && o.revealEpoch === c.revealEpoch && o.commitBlock >= c.commitBlock);
    const outcome = classifyTimelockedCommit(c, { block, stored, row: rows.get(index)!, signature, lastStoredRound, laterSameEpoch });
    if (outcome.status !== 'pending') args.pending.remove(c.hash);
    out.push(outcome);
  }
  return out;
}

/**
 * `commit_weights` (v2) for u16 values: salt, hash as the chain computes it,
 * reveal data persisted before submission (a crash after inclusion can still
 * reveal), dropped again if the chain refuses the commit.
 */
export async function commitWeightsPersisted(
  client: SubtensorClient,
  hotkey: KeyringPair,
  args: { netuid: number; mechid?: number; uids: number[]; values: number[]; versionKey: bigint; pending: PendingCommitStore },
): Promise<{ result: TxResult; commit: PendingCommit }> {
  const salt = generateSalt();
  const mechid = args.mechid ?? 0;
  const reveal = { netuid: args.netuid, ...(mechid === 0 ? {} : { mechid }), uids: args.uids, values: args.values, salt, versionKey: args.versionKey };
  const hash = u8aToHex(commitHash(decodeAddress(hotkey.address), reveal));
  const commit: PendingCommit = { ...reveal, hotkey: hotkey.address, hash, commitBlock: await client.blockNumber() };
  args.pending.add(commit);
  try {
    const result = await client.commitWeights(hotkey, { netuid: args.netuid, mechid, hash });
    if (result.blockNumber >= 0) commit.commitBlock = result.blockNumber;
    args.pending.add(commit);
    return { result, commit };
  } catch (err) {
    // the chain refused the commit: there will be nothing to reveal
    if (err instanceof ChainDispatchError || (err instanceof SubnetError && err.code === 'CHAIN_INVALID_TX')) args.pending.remove(hash);
    throw err;
  }
}

export interface RevealOutcome {
  hash: string;
  status: 'revealed' | 'not-yet' | 'expired' | 'failed';
  error?: string;
  /** the reveal window, when the runtime stores it with the commit */
  revealFrom?: number;
  revealUntil?: number;
  result?: TxResult;
}

const GONE = new Set(['ExpiredWeightCommit', 'NoWeightsCommitFound', 'InvalidRevealCommitHashNotMatch']);

/**
 * Reveals every persisted commit of `hotkey` on `netuid` that is due, oldest
 * first; drops commits the chain no longer holds. Safe to call every step.
 */
export async function revealPendingCommits(
  client: SubtensorClient,
  hotkey: KeyringPair,
  args: { netuid: number; pending: PendingCommitStore },
): Promise<RevealOutcome[]> {
  const mine = args.pending.list({ netuid: args.netuid, hotkey: hotkey.address });
  if (mine.length === 0) return [];
  const indexes = [...new Set(mine.map((c) => mechanismStorageIndex(c.netuid, c.mechid ?? 0)))];
  const [commits, block] = await Promise.all([Promise.all(indexes.map((i) => client.getWeightCommits(i, hotkey.address))), client.blockNumber()]);
  const onChain = commits.flat();
  const out: RevealOutcome[] = [];
  for (const c of mine) {
    const stored = onChain.find((o) => o.hash === c.hash);
    if (!stored) {
      args.pending.remove(c.hash);
      out.push({ hash: c.hash, status: 'expired', error: 'the chain holds no such commit (expired or already revealed)' });
      continue;
    }
    // spec ≤ 293 stores (hash, commit_block, first_reveal_block, last_reveal_block); the
    // reveal lands in the next block, so that is the block to compare with the window
    const [a, first, last] = stored.fields.map(Number);
    const window = first > a && last >= first ? { revealFrom: first, revealUntil: last } : {};
    if (window.revealFrom !== undefined && block + 1 < window.revealFrom) {
      out.push({ hash: c.hash, status: 'not-yet', ...window });
      continue;
    }
    if (window.revealUntil !== undefined && block + 1 > window.revealUntil) {
      args.pending.remove(c.hash);
      out.push({ hash: c.hash, status: 'expired', error: `the reveal window ended at block ${window.revealUntil}`, ...window });
      continue;
    }
    try {
      const reveal = { netuid: c.netuid, mechid: c.mechid ?? 0, uids: c.uids, values: c.values, salt: c.salt, versionKey: c.versionKey };
      const result = await client.revealWeights(hotkey, reveal);
      args.pending.remove(c.hash);
      out.push({ hash: c.hash, status: 'revealed', result, ...window });
    } catch (err) {
      if (err instanceof ChainDispatchError && err.error === 'RevealTooEarly') {
        out.push({ hash: c.hash, status: 'not-yet', ...window });
      } else if (err instanceof ChainDispatchError && GONE.has(err.error)) {
        args.pending.remove(c.hash);
        out.push({ hash: c.hash, status: 'expired', error: err.error });
      } else {
        out.push({ hash: c.hash, status: 'failed', error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  return out;
}
