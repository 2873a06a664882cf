import { describe, expect, it } from 'vitest';
import { consensusReach, describeReach, diagnoseConsensus, topMiners, type ConsensusInput } from '../../validator/consensus-reach.ts';

const KAPPA = 32767 / 65535;

/** The README's devnet walk-through: uid 0 the owner (permit, owner cut as stake, no weights), uid 1 the validator, uid 2 the miner. */
function walkthrough(ownerStake: number, ownerWeights: [number, number][] = []): ConsensusInput {
  return {
    stake: [ownerStake, 1000, 0],
    validatorPermit: [true, true, false],
    weights: [ownerWeights, [[2, 65535]], []],
    kappa: KAPPA,
  };
}

describe('topMiners', () => {
  it('keeps the uids weighted at least half as much as the heaviest, without the validator itself', () => {
    expect(
      topMiners(
        [
          [3, 100],
          [4, 50],
          [5, 49],
          [1, 1000],
        ],
        1,
      ),
    ).toEqual([3, 4]);
    expect(topMiners([[2, 0]])).toEqual([]);
  });
});

describe('consensusReach', () => {
  it('a validator alone under κ cannot form consensus: its share is its own stake', () => {
    const reach = consensusReach(walkthrough(1700), 1)!;
    expect(reach.agreeing).toEqual([1]);
    expect(reach.share).toBeCloseTo(1000 / 2700, 12);
    expect(reach.ownShare).toBeCloseTo(1000 / 2700, 12);
    expect(reach.formsConsensus).toBe(false);
    expect(reach.silent).toEqual([{ uid: 0, share: 1700 / 2700 }]);
    expect(describeReach(reach, 'you')).toBe(
      'your weights alone cannot form consensus: you hold 37 % of permitted stake, κ is 50 %, so Yuma clips every weight to 0 and miners earn nothing; permitted but setting no weights: uid 0 (63 %)',
    );
  });

  it('a validator holding more than κ alone forms consensus', () => {
    const reach = consensusReach(walkthrough(300), 1)!;
    expect(reach.share).toBeCloseTo(1000 / 1300, 12);
    expect(reach.formsConsensus).toBe(true);
  });

  it('counts the stake of permitted validators that weight one of its top miners', () => {
    const reach = consensusReach(
      walkthrough(1700, [
        [2, 30000],
        [1, 10],
      ]),
      1,
    )!;
    expect(reach.agreeing).toEqual([0, 1]);
    expect(reach.share).toBe(1);
    expect(reach.formsConsensus).toBe(true);
    expect(reach.silent).toEqual([]);
  });

  it('does not count validators that weight only other miners, nor stake without a permit', () => {
    const input: ConsensusInput = {
      stake: [1000, 900, 0, 0, 5000],
      validatorPermit: [true, true, false, false, false],
      weights: [[[2, 65535]], [[3, 65535]], [], [], [[2, 65535]]],
      kappa: KAPPA,
    };
    const reach = consensusReach(input, 0)!;
    expect(reach.agreeing).toEqual([0]);
    expect(reach.share).toBeCloseTo(1000 / 1900, 12);
    expect(reach.formsConsensus).toBe(true);
    const other = consensusReach(input, 1)!;
    expect(other.share).toBeCloseTo(900 / 1900, 12);
    expect(other.formsConsensus).toBe(false);
    expect(other.silent).toEqual([]);
  });

  it('judges the row a validator is about to set when it passes one, not its row on chain', () => {
    const reach = consensusReach(walkthrough(1700, [[2, 65535]]), 1, [
      [0, 0.2],
      [2, 0.8],
    ])!;
    expect(reach.topMiners).toEqual([2]);
    expect(reach.agreeing).toEqual([0, 1]);
  });

  it('says nothing without weights or before any stake holds a permit', () => {
    expect(consensusReach(walkthrough(1700), 0)).toBeUndefined();
    expect(consensusReach({ ...walkthrough(1700), validatorPermit: [false, false, false] }, 1)).toBeUndefined();
  });
});

describe('diagnoseConsensus', () => {
  it('names the validator that cannot reach κ and the permitted stake that sets no weights', () => {
    const d = diagnoseConsensus(walkthrough(1700));
    expect(d.validators.map((v) => v.uid)).toEqual([1]);
    expect(d.problems).toEqual([
      "uid 1's weights alone cannot form consensus: uid 1 holds 37 % of permitted stake, κ is 50 %, so Yuma clips every weight to 0 and miners earn nothing; permitted but setting no weights: uid 0 (63 %)",
    ]);
  });

  it('reports no problem once the owner weights the same miner', () => {
    const d = diagnoseConsensus(walkthrough(1700, [[2, 65535]]));
    expect(d.validators.map((v) => v.uid)).toEqual([0, 1]);
    expect(d.problems).toEqual([]);
  });

  it('says so when no permitted validator sets weights', () => {
    expect(diagnoseConsensus({ ...walkthrough(1700), weights: [] }).problems).toEqual([
      'no validator with a permit has set weights: miners earn no incentive until one does',
    ]);
    expect(diagnoseConsensus({ stake: [], validatorPermit: [], weights: [], kappa: KAPPA }).problems).toEqual([]);
  });

  it('names the agreeing validators when together they stay under κ', () => {
    const input: ConsensusInput = {
      stake: [500, 200, 200, 0],
      validatorPermit: [true, true, true, false],
      weights: [[], [[3, 1]], [[3, 1]], []],
      kappa: KAPPA,
    };
    const d = diagnoseConsensus(input);
    expect(d.problems[0]).toBe(
      "uid 1's weights cannot form consensus: the validators that agree with them (uids 1, 2) hold 44 % of permitted stake, κ is 50 %, so Yuma clips every weight to 0 and miners earn nothing; permitted but setting no weights: uid 0 (56 %)",
    );
  });
});
