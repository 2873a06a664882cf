import type { KeyringPair } from '@polkadot/keyring/types';
import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { SubnetError } from '../core/errors.ts';
import type { SubtensorClient, TxResult } from './client.ts';
import { commitHash, generateSalt } from './commit-reveal.ts';
import { ChainDispatchError } from './dispatch-error.ts';
import type { PendingCommit, PendingCommitStore } from './pending-commits.ts';
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
}

export interface SubmitWeightsResult {
  mode: 'set' | 'commit';
  uids: number[];
  values: number[];
  result: TxResult;
  commit?: PendingCommit;
}

/** `process_weights_for_netuid` + `convert_weights_and_uids_for_emit` with the limits read from chain. */
export async function weightsForChain(client: SubtensorClient, netuid: number, uids: ArrayLike<number>, weights: ArrayLike<number>): Promise<{ uids: number[]; values: number[] }> {
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
 * Sets weights the way the subnet wants them: `set_weights` when commit-reveal
 * is off, `commit_weights` (v2) when it is on, with the reveal data persisted
 * first so a crash after inclusion can still reveal. Timelocked commit-reveal
 * (v4, drand) is refused with CHAIN_CR_TIMELOCKED.
 */
export async function submitWeights(client: SubtensorClient, hotkey: KeyringPair, args: SubmitWeightsArgs): Promise<SubmitWeightsResult> {
  const mode = await client.commitRevealMode(args.netuid);
  if (mode === 'timelocked') {
    throw new SubnetError(
      'CHAIN_CR_TIMELOCKED',
      `subnet ${args.netuid} requires timelocked commit-reveal (v4, drand); subnetkit does not support it yet. Ask the owner to set commit_reveal_weights_enabled=false, or use the Bittensor SDK for this subnet`,
    );
  }
  const { uids, values } = args.raw
    ? { uids: Array.from(args.uids), values: Array.from(args.weights) }
    : await weightsForChain(client, args.netuid, args.uids, args.weights);
  if (uids.length === 0) throw new SubnetError('WEIGHTS_ALL_ZERO', 'all weights are zero: nothing to set');
  const versionKey = BigInt(args.versionKey);

  if (mode === 'disabled') {
    const result = await client.setWeights(hotkey, { netuid: args.netuid, uids, weights: values, versionKey });
    return { mode: 'set', uids, values, result };
  }

  if (!args.pending) throw new SubnetError('CHAIN_CR_NEEDS_STORE', `subnet ${args.netuid} uses commit-reveal: a pending-commit store is needed to reveal later`);
  const { result, commit } = await commitWeightsPersisted(client, hotkey, { netuid: args.netuid, uids, values, versionKey, pending: args.pending });
  return { mode: 'commit', uids, values, result, commit };
}

/**
 * `commit_weights` (v2) for u16 values: salt, hash as the chain computes it,
 * reveal data persisted before submission (a crash after inclusion can still
 * reveal), dropped again if the chain refuses the commit.
 */
export async function commitWeightsPersisted(
  client: SubtensorClient,
  hotkey: KeyringPair,
  args: { netuid: number; uids: number[]; values: number[]; versionKey: bigint; pending: PendingCommitStore },
): Promise<{ result: TxResult; commit: PendingCommit }> {
  const salt = generateSalt();
  const reveal = { netuid: args.netuid, uids: args.uids, values: args.values, salt, versionKey: args.versionKey };
  const hash = u8aToHex(commitHash(decodeAddress(hotkey.address), reveal));
  const commit: PendingCommit = { ...reveal, hotkey: hotkey.address, hash, commitBlock: await client.blockNumber() };
  args.pending.add(commit);
  try {
    const result = await client.commitWeights(hotkey, { netuid: args.netuid, hash });
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
  const [onChain, block] = await Promise.all([client.getWeightCommits(args.netuid, hotkey.address), client.blockNumber()]);
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
      const result = await client.revealWeights(hotkey, { netuid: c.netuid, uids: c.uids, values: c.values, salt: c.salt, versionKey: c.versionKey });
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
