import { describe, expect, it } from 'vitest';
import type { Metagraph } from '../../chain/metagraph.ts';
import type { Player } from '../../demo/cast.ts';
import { explainEpoch, renderLiveFrame, timelockedNote } from '../../demo/live-view.ts';
import { formatSummary, summarise } from '../../demo/summary.ts';

const players: Player[] = [
  { name: 'v', role: 'validator', behaviour: 'validator', stake: 100, hotkey: 'H0', coldkey: 'C0' },
  { name: 'h', role: 'miner', behaviour: 'honest', stake: 0, hotkey: 'H1', coldkey: 'C1' },
  { name: 'r', role: 'miner', behaviour: 'random', stake: 0, hotkey: 'H2', coldkey: 'C2' },
];

function metagraph(block: number, stake: number[], incentive: number[]): Metagraph {
  const n = stake.length;
  const zeros = () => new Float64Array(n);
  return {
    netuid: 1,
    block,
    n,
    uids: Uint16Array.from({ length: n }, (_, i) => i),
    hotkeys: ['H0', 'H1', 'H2'].slice(0, n),
    coldkeys: ['C0', 'C1', 'C2'].slice(0, n),
    stake: Float64Array.from(stake),
    rank: zeros(),
    trust: zeros(),
    consensus: zeros(),
    incentive: Float64Array.from(incentive),
    dividends: Float64Array.from([1, 0, 0]),
    emission: zeros(),
    validatorTrust: zeros(),
    validatorPermit: [true, false, false],
    active: [true, true, true],
    lastUpdate: new Uint32Array(n),
    blockAtRegistration: new Uint32Array(n),
    axons: [],
  };
}

describe('demo live view', () => {
  it('renders one row per uid with its role and behaviour', () => {
    const text = renderLiveFrame(players, {
      metagraph: metagraph(42, [100, 1, 1], [0, 0.9, 0.1]),
      weights: [],
      tempo: 10,
      blocksUntilEpoch: 3,
      epochsDone: 1,
      epochsTotal: 3,
      dashboardUrl: 'http://127.0.0.1:1/',
      notes: ['a note'],
    });
    expect(text).toContain('block 42');
    expect(text).toContain('next epoch in 3 blocks');
    expect(text).toContain('epochs 1/3');
    expect(text).toMatch(/^1 +miner +honest +1\.000 +0\.9000/m);
    expect(text).toContain('a note');
  });

  it("explains an epoch by the validators' weight per behaviour", () => {
    const m = metagraph(9, [100, 1, 1], [0, 0, 0]);
    expect(explainEpoch(players, m, [[], [], []], 2)).toMatch(/no validator has set weights yet/);
    const line = explainEpoch(
      players,
      m,
      [
        [
          [1, 0.75],
          [2, 0.25],
        ],
        [],
        [],
      ],
      1,
    );
    expect(line).toMatch(/^Epoch in 1 block: 1 validator weight honest 75%, random 25%; Yuma clips/);
    // a validator with a minority of the permitted stake cannot move consensus
    const minority = { ...m, validatorPermit: [true, true, false], stake: Float64Array.from([30, 70, 1]) };
    expect(explainEpoch(players, minority, [[[1, 1]], [], []], 3)).toMatch(/hold only 30% of validator stake, not more than kappa \(50%\)/);
  });

  it('summarises TAO earned per behaviour and ranks the miners', () => {
    const s = summarise({
      cast: players,
      start: metagraph(10, [100, 1, 1], [0, 0, 0]),
      end: metagraph(40, [103, 5, 1.5], [0, 0.8, 0.2]),
      alphaPrice: 0.05,
      epochs: 3,
      durationMs: 60_000,
      setupMs: 20_000,
      dashboardUrl: 'http://x/',
    });
    // earnings are alpha; their TAO value is at the end's price (0.05 τ/α)
    expect(s.behaviours.honest).toMatchObject({ uids: [1], earnedAlpha: 4, incentive: 0.8 });
    expect(s.behaviours.honest?.earned).toBeCloseTo(0.2);
    expect(s.behaviours.validator?.earnedAlpha).toBeCloseTo(3);
    expect(s.behaviours.validator?.earned).toBeCloseTo(0.15);
    expect(formatSummary(s)).toContain('valued at its price at the end, τ0.050000000 per α1');
    expect(s.minerRanking).toEqual(['honest', 'random']);
    expect(formatSummary(s)).toContain('Honest miners earned the most');
    const unpaid = summarise({
      cast: players,
      start: metagraph(10, [100, 1, 1], [0, 0, 0]),
      end: metagraph(40, [103, 1, 1], [0, 0, 0]),
      alphaPrice: 1,
      epochs: 1,
      durationMs: 1,
      setupMs: 1,
      dashboardUrl: '',
    });
    expect(formatSummary(unpaid)).toContain('No miner has been paid yet');
  });
});

describe('timelockedNote', () => {
  it('counts what the chain did with the timelocked commits, and says nothing on a runtime without them', () => {
    expect(timelockedNote(undefined)).toBe('');
    expect(timelockedNote([{ status: 'revealed' }, { status: 'revealed' }, { status: 'pending' }])).toBe(
      '; timelocked weights: 2 revealed by the chain, 1 pending',
    );
    expect(timelockedNote([{ status: 'dropped' }])).toBe('; timelocked weights: 0 revealed by the chain, 0 pending, 1 dropped');
  });
});
