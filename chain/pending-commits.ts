import { SubnetError } from '../core/errors.ts';
import { readJsonFile, writeJsonAtomic } from '../core/state-file.ts';
import type { WeightsReveal } from './commit-reveal.ts';

/**
 * Commits whose outcome is not known yet, persisted atomically so that a
 * validator killed between commit and reveal still knows about them after a
 * restart. Two kinds:
 *
 * - commit-reveal v2 (`commit_weights`): the reveal data, salt included. The
 *   salt is secret until revealed: the file is written with mode 0600.
 * - timelocked (v4, `commit_timelocked_weights`): the chain holds the commit and
 *   reveals it by itself; what is kept is what was committed, so the client can
 *   later check that the weights appeared and say why when they did not.
 *
 * Files written before the timelocked kind existed (`version: 1`, v2 commits
 * only) are read as they are; the next write turns them into `version: 2`.
 */
export interface PendingCommit extends WeightsReveal {
  /** ss58 of the committing hotkey */
  hotkey: string;
  /** 0x-hex commit hash */
  hash: string;
  commitBlock: number;
}

export interface TimelockedCommitRecord {
  kind: 'timelocked';
  netuid: number;
  /** mechanism id (0 for the main one) */
  mechid: number;
  /** ss58 of the committing hotkey; its public key is the payload's `hotkey` */
  hotkey: string;
  /** 0x-hex blake2-256 of the commit bytes: the `commit_hash` of `TimelockedWeightsCommitted` */
  hash: string;
  /** 0x-hex `commit` argument (the tle ciphertext) */
  commit: string;
  revealRound: number;
  /** the block the commit was included in (the head before submission until inclusion is known) */
  commitBlock: number;
  /** whether the commit's inclusion was seen; false while it is persisted ahead of submission */
  included: boolean;
  /** the epoch the chain filed the commit under in `TimelockedWeightCommits` */
  commitEpoch: number;
  /** `commitEpoch + RevealPeriodEpochs`: the chain reveals at the start of this epoch */
  revealEpoch: number;
  /** estimated first block of the reveal epoch; the outcome is checked from there on */
  firstRevealBlock: number;
  /** the payload, u16 values as committed */
  uids: number[];
  values: number[];
  versionKey: bigint;
}

type StoredV2 = Omit<PendingCommit, 'versionKey'> & { kind?: 'v2'; versionKey: string };
type StoredTimelocked = Omit<TimelockedCommitRecord, 'versionKey'> & { versionKey: string };

interface StoredFile {
  version: 1 | 2;
  commits: (StoredV2 | StoredTimelocked)[];
}

type AnyCommit = PendingCommit | TimelockedCommitRecord;

function isTimelocked(c: AnyCommit | StoredV2 | StoredTimelocked): c is TimelockedCommitRecord | StoredTimelocked {
  return 'kind' in c && c.kind === 'timelocked';
}

interface Filter {
  netuid?: number;
  hotkey?: string;
}

function matches(c: { netuid: number; hotkey: string }, f: Filter): boolean {
  return (f.netuid === undefined || c.netuid === f.netuid) && (f.hotkey === undefined || c.hotkey === f.hotkey);
}

export class PendingCommitStore {
  constructor(readonly path: string) {}

  /** Commit-reveal v2 commits waiting for their reveal, oldest first. */
  list(filter: Filter = {}): PendingCommit[] {
    return this.read()
      .filter((c): c is PendingCommit => !isTimelocked(c) && matches(c, filter))
      .sort((a, b) => a.commitBlock - b.commitBlock);
  }

  /** Timelocked commits whose outcome is not known yet, oldest first. */
  listTimelocked(filter: Filter = {}): TimelockedCommitRecord[] {
    return this.read()
      .filter((c): c is TimelockedCommitRecord => isTimelocked(c) && matches(c, filter))
      .sort((a, b) => a.commitBlock - b.commitBlock);
  }

  add(commit: AnyCommit): void {
    const all = this.read().filter((c) => c.hash !== commit.hash);
    all.push(commit);
    this.write(all);
  }

  remove(hash: string): void {
    this.write(this.read().filter((c) => c.hash !== hash));
  }

  private read(): AnyCommit[] {
    const file = readJsonFile<StoredFile>(this.path);
    if (!file) return [];
    if ((file.version !== 1 && file.version !== 2) || !Array.isArray(file.commits)) {
      throw new SubnetError('STATE_CORRUPT', `pending commit file ${this.path} has an unknown format`);
    }
    return file.commits.map((c): AnyCommit => {
      if (isTimelocked(c)) return { ...c, versionKey: BigInt(c.versionKey) };
      const { kind: _kind, ...v2 } = c;
      return { ...v2, versionKey: BigInt(c.versionKey) };
    });
  }

  private write(commits: AnyCommit[]): void {
    const file: StoredFile = {
      version: 2,
      commits: commits.map((c) =>
        isTimelocked(c) ? { ...c, versionKey: c.versionKey.toString() } : { kind: 'v2' as const, ...c, versionKey: c.versionKey.toString() },
      ),
    };
    writeJsonAtomic(this.path, file, 0o600);
  }
}
