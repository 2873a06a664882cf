/**
 * The validator's opinion of every miner: an exponential moving average of
 * round scores per uid. Pure: no IO, no clocks.
 *
 * Policy for miners that were not queried in a round (documented choice):
 * their score is left exactly as it was. The subnet template multiplies every
 * uid by (1 - alpha) each step, so a miner that simply was not sampled loses
 * score through no fault of its own, and its weight depends on the luck of the
 * draw. Here only an observation moves a score:
 *   - a queried miner that answers well moves up, one that fails, times out,
 *     sends an unsigned or invalid response moves towards 0 (it scored 0);
 *   - a miner with no served axon is "observed" as 0 by the round (it cannot
 *     do work), so offline miners decay like failures, not like unsampled ones;
 *   - sampling rotates through the subnet (see `miner-sample.ts`), so every
 *     serving miner is observed regularly and no score goes stale for long;
 *   - a miner that cannot be reached at all (connection refused or no axon)
 *     in OFFLINE_AFTER consecutive observations is offline: its score drops
 *     to exactly 0 instead of decaying geometrically towards it, so a miner
 *     that went away stops earning within a few rounds, not dozens;
 *   - a miner that refuses this validator (BLACKLISTED) while the validator
 *     has no permit is not observed: it is following the usual policy, not
 *     failing (validator.ts); once the validator has a permit, a refusal is 0.
 *
 * Warm start: a fresh uid (or one whose hotkey changed) has no history, and
 * dragging it up from 0 at rate alpha takes ~1/alpha rounds, which punishes new
 * miners. The effective rate for the k-th observation is max(alpha, 1/k): the
 * plain running mean until it is as smooth as the EMA, then the EMA.
 */
export interface ScoreState {
  /** hotkey that owned each uid when its score was last reset */
  hotkeys: string[];
  /** EMA of round scores per uid, in [0, 1] */
  scores: number[];
  /** number of observations folded into each uid's score since its last reset */
  observations: number[];
  /** round in which each uid was last observed; -1 if never */
  lastObservedRound: number[];
  /** consecutive observations in which the uid could not be reached at all */
  offlineStreak: number[];
}

/** Unreachable this many times in a row: offline, score 0. */
export const OFFLINE_AFTER = 3;

export interface ScoreObservation {
  uid: number;
  /** round score in [0, 1]; anything else (NaN, negative, > 1) is clamped */
  score: number;
  /** the miner could not be reached at all (connection refused, no axon) */
  offline?: boolean;
}

export interface ScoreSync {
  state: ScoreState;
  /** uids whose hotkey changed (or that appeared) and were reset to 0 */
  reset: number[];
  /** uids beyond the new size that were dropped */
  removed: number[];
}

export function emptyScoreState(): ScoreState {
  return { hotkeys: [], scores: [], observations: [], lastObservedRound: [], offlineStreak: [] };
}

/**
 * Aligns the state with the metagraph's hotkeys (indexed by uid): a uid whose
 * hotkey changed was re-registered by someone else and starts from zero; the
 * state grows when the subnet grows and is truncated if it ever shrinks.
 */
export function syncScoreState(state: ScoreState, hotkeys: readonly string[]): ScoreSync {
  const n = hotkeys.length;
  const next: ScoreState = emptyScoreState();
  const reset: number[] = [];
  for (let uid = 0; uid < n; uid++) {
    if (uid < state.hotkeys.length && state.hotkeys[uid] === hotkeys[uid]) {
      next.hotkeys.push(hotkeys[uid]);
      next.scores.push(state.scores[uid]);
      next.observations.push(state.observations[uid]);
      next.lastObservedRound.push(state.lastObservedRound[uid]);
      next.offlineStreak.push(state.offlineStreak[uid] ?? 0);
    } else {
      if (uid < state.hotkeys.length) reset.push(uid);
      next.hotkeys.push(hotkeys[uid]);
      next.scores.push(0);
      next.observations.push(0);
      next.lastObservedRound.push(-1);
      next.offlineStreak.push(0);
    }
  }
  const removed: number[] = [];
  for (let uid = n; uid < state.hotkeys.length; uid++) removed.push(uid);
  return { state: next, reset, removed };
}

/** Folds one round's observations into the EMA; uids not observed are untouched. */
export function applyRoundScores(state: ScoreState, observations: readonly ScoreObservation[], alpha: number, round: number): ScoreState {
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`EMA alpha must be in (0, 1], got ${alpha}`);
  const next: ScoreState = {
    hotkeys: [...state.hotkeys],
    scores: [...state.scores],
    observations: [...state.observations],
    lastObservedRound: [...state.lastObservedRound],
    offlineStreak: state.hotkeys.map((_, uid) => state.offlineStreak[uid] ?? 0),
  };
  for (const { uid, score, offline } of observations) {
    if (!Number.isInteger(uid) || uid < 0 || uid >= next.scores.length) continue;
    next.lastObservedRound[uid] = round;
    next.offlineStreak[uid] = offline ? next.offlineStreak[uid] + 1 : 0;
    if (next.offlineStreak[uid] >= OFFLINE_AFTER) {
      next.scores[uid] = 0;
      next.observations[uid] = 0;
      continue;
    }
    const x = clampScore(score);
    const k = next.observations[uid] + 1;
    const rate = Math.max(alpha, 1 / k);
    next.scores[uid] = rate * x + (1 - rate) * next.scores[uid];
    next.observations[uid] = k;
  }
  return next;
}

function clampScore(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return 0;
  return x >= 1 ? 1 : x;
}
