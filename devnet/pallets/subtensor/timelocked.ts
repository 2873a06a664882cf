import { hexToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { timelockDecrypt, weightsRevealedBy } from '../../../core/timelock/index.ts';
import { ensureSigned, type CallDef, type RuntimeContext } from '../../pallet.ts';
import { Pulses } from '../drand.ts';
import { doSetWeights, rateLimitPasses, setLastUpdate, uidOf } from './calls/weights.ts';
import { ensureMechanismExists, mechanismStorageIndex } from './mechanism.ts';
import { epochIndex, shouldRunEpoch } from './schedule.ts';
import {
  CommitRevealWeightsEnabled,
  CommitRevealWeightsVersion,
  MechanismCountCurrent,
  RevealPeriodEpochs,
  Tempo,
  TimelockedWeightCommits,
  type TimelockedCommit,
  ROOT_NETUID,
} from './storage.ts';

/**
 * Commit-reveal v4 (spec 381, subnets/weights.rs `internal_commit_timelocked_weights` and
 * coinbase/reveal_commits.rs `reveal_crv3_commits_for_subnet`): a validator commits its weights
 * timelock-encrypted to a drand round, and the chain opens and applies them itself in the reveal
 * epoch, once that round's pulse is stored. Commits are kept per mechanism, at the mechanism storage
 * index, and revealed into that mechanism's weights.
 */
/** `unrevealed_commits_for_who < 10` */
const MAX_UNREVEALED_TIMELOCKED_COMMITS = 10;

/** `internal_commit_timelocked_weights`, the checks in the chain's order. */
function commitTimelocked(
  ctx: RuntimeContext & { origin: Parameters<typeof ensureSigned>[0] },
  netuid: number,
  mecid: number,
  commit: Uint8Array,
  revealRound: bigint,
  version: number,
): void {
  const s = ctx.state;
  ensureMechanismExists(s, netuid, mecid);
  const index = mechanismStorageIndex(netuid, mecid);
  const who = ensureSigned(ctx.origin);
  if (!CommitRevealWeightsEnabled.get(s, netuid)) ctx.fail('CommitRevealDisabled');
  if (version !== CommitRevealWeightsVersion.get(s)) ctx.fail('IncorrectCommitRevealVersion');
  const uid = uidOf(ctx, netuid, who);
  if (uid === undefined) return ctx.fail('HotKeyNotRegisteredInSubNet');
  const block = BigInt(ctx.blockNumber);
  if (!rateLimitPasses(ctx, netuid, index, uid)) ctx.fail('CommittingWeightsTooFast');
  const tempo = Tempo.get(s, netuid);
  // a commit in an epoch block belongs to the epoch that block starts
  const epoch = epochIndex(netuid, tempo, block) + (shouldRunEpoch(netuid, tempo, block) ? 1n : 0n);
  const commits = TimelockedWeightCommits.get(s, index, epoch);
  if (commits.filter(([account]) => account === who).length >= MAX_UNREVEALED_TIMELOCKED_COMMITS) ctx.fail('TooManyUnrevealedCommits');
  commits.push([who, block, commit, revealRound]);
  TimelockedWeightCommits.set(s, index, epoch, commits);
  ctx.deposit('TimelockedWeightsCommitted', [who, index, blake2AsHex(commit, 256), revealRound]);
  setLastUpdate(ctx, index, uid);
}

/** The weights a stored commit carries, or null where the chain drops it (undecryptable, not a payload, another hotkey). */
function openCommit(commit: TimelockedCommit, signature: Uint8Array): { uids: number[]; values: number[]; versionKey: bigint } | null {
  const [who, , ciphertext] = commit;
  // the Drand pallet accepts signatures stored as ASCII hex with a "0x" in front; the reveal strips it
  const sig = signature[0] === 0x30 && signature[1] === 0x78 ? signature.subarray(2) : signature;
  let plaintext: Uint8Array;
  try {
    plaintext = timelockDecrypt(ciphertext, sig);
  } catch {
    return null;
  }
  return weightsRevealedBy(plaintext, hexToU8a(who));
}

/**
 * `reveal_crv3_commits_for_subnet`, run for every subnet but root at the start of each block, for each
 * of its mechanisms in turn: drop
 * the commits of epochs before the reveal epoch, then try each commit of the reveal epoch in queue
 * order. A commit whose round has no pulse yet stays for the next block of the epoch; any other
 * failure (ciphertext, payload, hotkey, `do_set_weights`' checks) drops it without a trace.
 */
export function revealTimelockedCommits(ctx: RuntimeContext, netuid: number): void {
  const count = MechanismCountCurrent.get(ctx.state, netuid);
  for (let mecid = 0; mecid < count; mecid++) revealMechanismCommits(ctx, netuid, mecid);
}

function revealMechanismCommits(ctx: RuntimeContext, netuid: number, mecid: number): void {
  const s = ctx.state;
  const index = mechanismStorageIndex(netuid, mecid);
  const block = BigInt(ctx.blockNumber);
  const revealPeriod = RevealPeriodEpochs.get(s, netuid);
  const curEpoch = epochIndex(netuid, Tempo.get(s, netuid), block);
  const revealEpoch = curEpoch > revealPeriod ? curEpoch - revealPeriod : 0n;
  for (const [[, epoch]] of TimelockedWeightCommits.entries(s, index)) {
    if (epoch < revealEpoch) TimelockedWeightCommits.remove(s, index, epoch);
  }
  if (curEpoch < revealPeriod) return;
  if (!TimelockedWeightCommits.has(s, index, revealEpoch)) return;
  const entries = TimelockedWeightCommits.get(s, index, revealEpoch);
  TimelockedWeightCommits.remove(s, index, revealEpoch);
  const unrevealed: TimelockedCommit[] = [];
  for (const commit of entries) {
    const pulse = Pulses.get(s, commit[3]);
    if (pulse === undefined) {
      unrevealed.push(commit);
      continue;
    }
    const weights = openCommit(commit, pulse.signature);
    if (weights === null) continue;
    try {
      doSetWeights(ctx, commit[0], netuid, mecid, weights.uids, weights.values, weights.versionKey);
    } catch {
      continue;
    }
    ctx.deposit('TimelockedWeightsRevealed', [index, commit[0]]);
  }
  if (unrevealed.length > 0) TimelockedWeightCommits.set(s, index, revealEpoch, unrevealed);
}

export function revealAllTimelockedCommits(ctx: RuntimeContext, netuids: number[]): void {
  for (const netuid of netuids) if (netuid !== ROOT_NETUID) revealTimelockedCommits(ctx, netuid);
}

export const timelockedCalls: CallDef[] = [
  {
    index: 113,
    name: 'commit_timelocked_weights',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'commit', type: 'Vec<u8>' },
      { name: 'reveal_round', type: 'u64' },
      { name: 'commit_reveal_version', type: 'u16' },
    ],
    docs: ['Commits weights encrypted to a drand round; the chain reveals them in the reveal epoch.'],
    dispatch(ctx, a: { netuid: number; commit: Uint8Array; reveal_round: bigint; commit_reveal_version: number }) {
      commitTimelocked(ctx, a.netuid, 0, a.commit, a.reveal_round, a.commit_reveal_version);
    },
  },
  {
    index: 118,
    name: 'commit_timelocked_mechanism_weights',
    pays: 'No',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'mecid', type: 'MechId' },
      { name: 'commit', type: 'Vec<u8>' },
      { name: 'reveal_round', type: 'u64' },
      { name: 'commit_reveal_version', type: 'u16' },
    ],
    docs: ["Commits one mechanism's weights encrypted to a drand round; the chain reveals them in the reveal epoch."],
    dispatch(ctx, a: { netuid: number; mecid: number; commit: Uint8Array; reveal_round: bigint; commit_reveal_version: number }) {
      commitTimelocked(ctx, a.netuid, a.mecid, a.commit, a.reveal_round, a.commit_reveal_version);
    },
  },
];
