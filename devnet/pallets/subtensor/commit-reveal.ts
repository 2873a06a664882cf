import { blake2AsU8a } from '@polkadot/util-crypto';
import { epochIndex } from './schedule.ts';

/**
 * Commit-reveal v2 (subnets/weights.rs): the commit is blake2-256 of the SCALE
 * tuple `(AccountId32 hotkey, u16 netuid, Vec<u16> uids, Vec<u16> values,
 * Vec<u16> salt, u64 version_key)`, as the SDK's `generate_weight_hash` builds it.
 */
export const MAX_UNREVEALED_COMMITS = 10;

export function commitHash(
  hotkey: Uint8Array,
  netuid: number,
  uids: readonly number[],
  values: readonly number[],
  salt: readonly number[],
  versionKey: bigint,
): Uint8Array {
  const parts: number[] = [...hotkey, netuid & 0xff, netuid >> 8];
  for (const vec of [uids, values, salt]) {
    parts.push(...compactLength(vec.length));
    for (const v of vec) parts.push(v & 0xff, (v >> 8) & 0xff);
  }
  for (let i = 0n; i < 8n; i++) parts.push(Number((versionKey >> (8n * i)) & 0xffn));
  return blake2AsU8a(Uint8Array.from(parts), 256);
}

function compactLength(n: number): number[] {
  if (n < 64) return [n << 2];
  if (n < 1 << 14) return [((n << 2) | 1) & 0xff, (n >> 6) & 0xff];
  const v = (n << 2) | 2;
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

export interface RevealWindow {
  tempo: number;
  revealPeriod: bigint;
}

/** The blocks `(first, last)` of the epoch in which a commit made at `commitBlock` must be revealed. */
export function revealBlocks(netuid: number, w: RevealWindow, commitBlock: bigint): [bigint, bigint] {
  const tp1 = BigInt(w.tempo + 1);
  const revealEpoch = epochIndex(netuid, w.tempo, commitBlock) + w.revealPeriod;
  let first = revealEpoch * tp1 - BigInt(netuid + 1);
  if (first < 0n) first = 0n;
  return [first, first + BigInt(w.tempo)];
}

/** A reveal is accepted only in the exact epoch `commit_epoch + RevealPeriodEpochs`. */
export function isRevealEpoch(netuid: number, w: RevealWindow, commitBlock: bigint, block: bigint): boolean {
  return epochIndex(netuid, w.tempo, block) === epochIndex(netuid, w.tempo, commitBlock) + w.revealPeriod;
}

export function isCommitExpired(netuid: number, w: RevealWindow, commitBlock: bigint, block: bigint): boolean {
  return epochIndex(netuid, w.tempo, block) > epochIndex(netuid, w.tempo, commitBlock) + w.revealPeriod;
}
