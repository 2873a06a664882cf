import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRoundScores, emptyScoreState, OFFLINE_AFTER, syncScoreState } from '../../validator/score-state.ts';

const keys = (n: number, tag = 'hk') => Array.from({ length: n }, (_, i) => `${tag}${i}`);

describe('score state', () => {
  it('grows with the subnet and starts new uids at zero', () => {
    const { state, reset } = syncScoreState(emptyScoreState(), keys(3));
    expect(state.scores).toEqual([0, 0, 0]);
    expect(state.lastObservedRound).toEqual([-1, -1, -1]);
    expect(reset).toEqual([]);
    const scored = applyRoundScores(state, [{ uid: 1, score: 0.8 }], 0.1, 1);
    const grown = syncScoreState(scored, keys(5));
    expect(grown.state.scores).toEqual([0, 0.8, 0, 0, 0]);
    expect(grown.state.hotkeys).toEqual(keys(5));
  });

  it('resets a uid whose hotkey changed and keeps the others', () => {
    let state = syncScoreState(emptyScoreState(), keys(3)).state;
    state = applyRoundScores(
      state,
      [0, 1, 2].map((uid) => ({ uid, score: 0.5 })),
      0.1,
      1,
    );
    const hotkeys = keys(3);
    hotkeys[1] = 'newcomer';
    const sync = syncScoreState(state, hotkeys);
    expect(sync.reset).toEqual([1]);
    expect(sync.state.scores).toEqual([0.5, 0, 0.5]);
    expect(sync.state.observations).toEqual([1, 0, 1]);
    expect(sync.state.hotkeys[1]).toBe('newcomer');
  });

  it('truncates if the subnet shrinks', () => {
    const state = syncScoreState(emptyScoreState(), keys(4)).state;
    const sync = syncScoreState(state, keys(2));
    expect(sync.removed).toEqual([2, 3]);
    expect(sync.state.scores.length).toBe(2);
  });

  it('leaves unqueried miners untouched (no decay of the unsampled)', () => {
    let state = syncScoreState(emptyScoreState(), keys(3)).state;
    state = applyRoundScores(
      state,
      [0, 1, 2].map((uid) => ({ uid, score: 0.9 })),
      0.1,
      1,
    );
    const before = state.scores[2];
    for (let round = 2; round < 20; round++) state = applyRoundScores(state, [{ uid: 0, score: 0.9 }], 0.1, round);
    expect(state.scores[2]).toBe(before);
    expect(state.lastObservedRound[2]).toBe(1);
    expect(state.lastObservedRound[0]).toBe(19);
  });

  it('warm-starts with the running mean, then follows the EMA with alpha', () => {
    let state = syncScoreState(emptyScoreState(), keys(1)).state;
    state = applyRoundScores(state, [{ uid: 0, score: 1 }], 0.1, 1);
    expect(state.scores[0]).toBe(1);
    state = applyRoundScores(state, [{ uid: 0, score: 0 }], 0.1, 2);
    expect(state.scores[0]).toBe(0.5);
    // after 10 observations the rate is alpha
    for (let r = 3; r <= 10; r++) state = applyRoundScores(state, [{ uid: 0, score: 0.5 }], 0.1, r);
    const s10 = state.scores[0];
    state = applyRoundScores(state, [{ uid: 0, score: 1 }], 0.1, 11);
    expect(state.scores[0]).toBeCloseTo(0.1 * 1 + 0.9 * s10, 12);
  });

  it('drops a miner that cannot be reached OFFLINE_AFTER times in a row to exactly 0, and warm-starts it when back', () => {
    let state = syncScoreState(emptyScoreState(), keys(2)).state;
    state = applyRoundScores(
      state,
      [
        { uid: 0, score: 0.9 },
        { uid: 1, score: 0.9 },
      ],
      0.3,
      1,
    );
    // a timeout is a failure, not "offline": the EMA decays
    state = applyRoundScores(state, [{ uid: 1, score: 0 }], 0.3, 2);
    expect(state.scores[1]).toBeGreaterThan(0);
    for (let r = 0; r < OFFLINE_AFTER - 1; r++) state = applyRoundScores(state, [{ uid: 0, score: 0, offline: true }], 0.3, 3 + r);
    expect(state.scores[0]).toBeGreaterThan(0);
    // one answer in between resets the streak
    state = applyRoundScores(state, [{ uid: 0, score: 0.5 }], 0.3, 10);
    for (let r = 0; r < OFFLINE_AFTER - 1; r++) state = applyRoundScores(state, [{ uid: 0, score: 0, offline: true }], 0.3, 11 + r);
    expect(state.scores[0]).toBeGreaterThan(0);
    state = applyRoundScores(state, [{ uid: 0, score: 0, offline: true }], 0.3, 20);
    expect(state.scores[0]).toBe(0);
    expect(state.observations[0]).toBe(0);
    state = applyRoundScores(state, [{ uid: 0, score: 0.8 }], 0.3, 21);
    expect(state.scores[0]).toBe(0.8);
    expect(state.offlineStreak[0]).toBe(0);
  });

  it('clamps garbage scores and ignores unknown uids', () => {
    let state = syncScoreState(emptyScoreState(), keys(2)).state;
    state = applyRoundScores(
      state,
      [
        { uid: 0, score: Number.NaN },
        { uid: 1, score: 7 },
        { uid: 9, score: 1 },
        { uid: -1, score: 1 },
      ],
      0.2,
      1,
    );
    expect(state.scores).toEqual([0, 1]);
    expect(() => applyRoundScores(state, [], 0, 1)).toThrow(/alpha/);
  });

  it('keeps every score in [0, 1] whatever the observations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.record({ uid: fc.integer({ min: 0, max: 7 }), score: fc.double() }), { maxLength: 8 }), {
          maxLength: 30,
        }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        (rounds, alpha) => {
          let state = syncScoreState(emptyScoreState(), keys(8)).state;
          rounds.forEach((obs, r) => {
            state = applyRoundScores(state, obs, alpha, r + 1);
          });
          return state.scores.every((s) => s >= 0 && s <= 1);
        },
      ),
    );
  });
});
