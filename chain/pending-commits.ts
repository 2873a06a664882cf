import { SubnetError } from '../core/errors.ts';
import { readJsonFile, writeJsonAtomic } from '../core/state-file.ts';
import type { WeightsReveal } from './commit-reveal.ts';

/**
 * Commits not yet revealed, persisted atomically so that a validator killed
 * between commit and reveal can still reveal after a restart. The salt is
 * secret until revealed: the file is written with mode 0600.
 */
export interface PendingCommit extends WeightsReveal {
  /** ss58 of the committing hotkey */
  hotkey: string;
  /** 0x-hex commit hash */
  hash: string;
  commitBlock: number;
}

interface StoredCommit extends Omit<PendingCommit, 'versionKey'> {
  versionKey: string;
}

interface StoredFile {
  version: 1;
  commits: StoredCommit[];
}

export class PendingCommitStore {
  constructor(readonly path: string) {}

  list(filter: { netuid?: number; hotkey?: string } = {}): PendingCommit[] {
    return this.read()
      .filter((c) => (filter.netuid === undefined || c.netuid === filter.netuid) && (filter.hotkey === undefined || c.hotkey === filter.hotkey))
      .sort((a, b) => a.commitBlock - b.commitBlock);
  }

  add(commit: PendingCommit): void {
    const all = this.read().filter((c) => c.hash !== commit.hash);
    all.push(commit);
    this.write(all);
  }

  remove(hash: string): void {
    this.write(this.read().filter((c) => c.hash !== hash));
  }

  private read(): PendingCommit[] {
    const file = readJsonFile<StoredFile>(this.path);
    if (!file) return [];
    if (file.version !== 1 || !Array.isArray(file.commits)) {
      throw new SubnetError('STATE_CORRUPT', `pending commit file ${this.path} has an unknown format`);
    }
    return file.commits.map((c) => ({ ...c, versionKey: BigInt(c.versionKey) }));
  }

  private write(commits: PendingCommit[]): void {
    const file: StoredFile = { version: 1, commits: commits.map((c) => ({ ...c, versionKey: c.versionKey.toString() })) };
    writeJsonAtomic(this.path, file, 0o600);
  }
}
