import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../core/log-format.ts';
import { epochsRunBy } from '../../chain/epoch-schedule.ts';
import { epochSummary, roundSummary, weightsSummary } from '../../validator/log-lines.ts';
import type { RoundResponse } from '../../validator/round.ts';

function response(uid: number, status: RoundResponse['status'], reward: number): RoundResponse {
  return { uid, hotkey: `hk${uid}`, status, latencyMs: 10, score: reward, reward };
}

describe('validator summary lines', () => {
  it('sums a round up: answered, best uid and time', () => {
    const responses = [
      response(1, 'ok', 0.5),
      response(3, 'ok', 0.981),
      response(4, 'timeout', 0),
      response(5, 'ok', 0.2),
      response(6, 'ok', 0.1),
      response(7, 'ok', 0.3),
    ];
    const s = roundSummary({ round: 12, block: 340, responses, durationMs: 1234 });
    expect(s.line).toBe('round 12  block 340  answered 5/6  best uid 3 0.98  1.2 s');
    expect(s.fields).toMatchObject({ round: 12, block: 340, answered: 5, sampled: 6, bestUid: 3, bestReward: 0.981, durationMs: 1234, summary: true });
    expect(roundSummary({ round: 1, block: 2, responses: [response(1, 'unreachable', 0)], durationMs: 50 }).line).toBe(
      'round 1  block 2  answered 0/1  no answer  0.1 s',
    );
  });

  it('sums up a weight submission', () => {
    expect(weightsSummary('set', 344, 6).line).toBe('weights set  block 344  6 uids');
    expect(weightsSummary('commit', 344, 1).line).toBe('weights committed  block 344  1 uid');
    expect(weightsSummary('reveal', 360, 6).fields).toEqual({ mode: 'reveal', block: 360, uids: 6, summary: true });
  });

  it('sums up an epoch by the incentive it paid', () => {
    expect(epochSummary(360, [0, 0, 0.1, 0.41, 0.49]).line).toBe('epoch  block 360  incentive top uid 4 0.49  3 uids paid');
    expect(epochSummary(20, [0, 0]).line).toBe('epoch  block 20  no incentive yet  0 uids paid');
  });

  it('counts epochs as subtensor runs them', () => {
    // netuid 1, tempo 20: the epoch runs where (block + 2) % 21 == 20, so the validator's epoch line comes with that block
    expect(epochsRunBy(1, 20, 17)).toBe(0);
    expect(epochsRunBy(1, 20, 18)).toBe(1);
    expect(epochsRunBy(1, 20, 38)).toBe(1);
    expect(epochsRunBy(1, 20, 39)).toBe(2);
  });

  it('reads on a terminal as the line alone', () => {
    const s = roundSummary({ round: 12, block: 340, responses: [response(3, 'ok', 0.98)], durationMs: 1200 });
    const record = JSON.stringify({ level: 30, time: Date.now(), name: 'validator', ...s.fields, msg: s.line });
    expect(formatLogLine(record)).toMatch(/^\d\d:\d\d:\d\d validator {2}round 12 {2}block 340 {2}answered 1\/1 {2}best uid 3 0\.98 {2}1\.2 s$/);
  });
});
