import { join } from 'node:path';
import { z } from 'zod';
import { SubnetError } from '../core/errors.ts';
import { readJsonFile, writeJsonAtomic } from '../core/state-file.ts';
import { emptyScoreState, type ScoreState } from './score-state.ts';

/**
 * Everything a validator must not forget, in one JSON document written
 * atomically (`writeJsonAtomic`: temp file, fsync, rename) after every round
 * and every weight action. After `kill -9` at any instant, the file holds the
 * state after the last complete round, so a restart resumes with exactly the
 * same scores and counters. Pending commit-reveal commits and their salts sit
 * next to it in `pending-commits.json` (chain/pending-commits.ts, written
 * before the commit is submitted, also atomically).
 *
 * Scores are stored as JSON numbers: JSON round-trips IEEE doubles exactly.
 */
export interface LastWeights {
  block: number;
  uids: number[];
  /** u16 values as sent on chain */
  values: number[];
  mode: 'set' | 'reveal';
}

export interface ValidatorState {
  version: 1;
  netuid: number;
  /** ss58 of the validator hotkey the state belongs to */
  hotkey: string;
  /** rounds completed */
  round: number;
  scores: ScoreState;
  lastWeights: LastWeights | null;
  /** block of the last successful set_weights or commit_weights */
  lastSetBlock: number | null;
  /** after a failed weight action: earliest block for the next attempt */
  nextRetryBlock: number | null;
  weightFailures: number;
}

export const VALIDATOR_STATE_FILE = 'validator-state.json';
export const PENDING_COMMITS_FILE = 'pending-commits.json';

const u16 = z.number().int().min(0).max(65535);
const block = z.number().int().min(0);

const stateSchema = z
  .object({
    version: z.literal(1),
    netuid: u16,
    hotkey: z.string().min(1),
    round: z.number().int().min(0),
    scores: z.object({
      hotkeys: z.array(z.string()),
      scores: z.array(z.number().min(0).max(1)),
      observations: z.array(z.number().int().min(0)),
      lastObservedRound: z.array(z.number().int().min(-1)),
      // absent in states written before the offline rule: no streaks yet
      offlineStreak: z.array(z.number().int().min(0)).default([]),
    }),
    lastWeights: z.object({ block, uids: z.array(u16), values: z.array(u16), mode: z.enum(['set', 'reveal']) }).nullable(),
    lastSetBlock: block.nullable(),
    nextRetryBlock: block.nullable(),
    weightFailures: z.number().int().min(0),
  })
  .refine(
    (s) => {
      const n = s.scores.hotkeys.length;
      return (
        s.scores.scores.length === n &&
        s.scores.observations.length === n &&
        s.scores.lastObservedRound.length === n &&
        (s.scores.offlineStreak.length === n || s.scores.offlineStreak.length === 0)
      );
    },
    { message: 'scores arrays must all have one entry per uid', path: ['scores'] },
  );

export function initialValidatorState(netuid: number, hotkey: string): ValidatorState {
  return {
    version: 1,
    netuid,
    hotkey,
    round: 0,
    scores: emptyScoreState(),
    lastWeights: null,
    lastSetBlock: null,
    nextRetryBlock: null,
    weightFailures: 0,
  };
}

export function validatorStatePath(dataDir: string): string {
  return join(dataDir, VALIDATOR_STATE_FILE);
}

/**
 * Loads the state for (netuid, hotkey) from the data dir, or a fresh one when
 * none exists. A state written for another netuid or hotkey is refused rather
 * than silently mixed: scores belong to one validator on one subnet.
 */
export function loadValidatorState(dataDir: string, netuid: number, hotkey: string): ValidatorState {
  const path = validatorStatePath(dataDir);
  const raw = readJsonFile(path);
  if (raw === undefined) return initialValidatorState(netuid, hotkey);
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SubnetError('VALIDATOR_STATE_INVALID', `validator state ${path} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const state = parsed.data as ValidatorState;
  if (state.scores.offlineStreak.length === 0) state.scores.offlineStreak = state.scores.hotkeys.map(() => 0);
  if (state.netuid !== netuid || state.hotkey !== hotkey) {
    throw new SubnetError(
      'VALIDATOR_STATE_MISMATCH',
      `validator state ${path} belongs to netuid ${state.netuid} hotkey ${state.hotkey}, not netuid ${netuid} hotkey ${hotkey}; use another --data-dir`,
    );
  }
  return state;
}

export function pendingCommitsPath(dataDir: string): string {
  return join(dataDir, PENDING_COMMITS_FILE);
}

export function saveValidatorState(dataDir: string, state: ValidatorState): void {
  writeJsonAtomic(validatorStatePath(dataDir), state);
}
