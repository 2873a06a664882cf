import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runEpoch, type EpochInput, type EpochOutput, type SparseEntry } from '../../consensus/index.ts';
import { decodeEpochInput } from '../../consensus/input.ts';
import { runEpochReference } from '../../consensus/reference-epoch.ts';
import { epochInput } from './arbitraries.ts';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const sumBig = (xs: string[]) => xs.reduce((a, b) => a + BigInt(b), 0n);

describe('epoch properties', () => {
  it('the fast engine equals the BigInt reference on arbitrary inputs (every switch, unsorted rows, u64 blocks)', () => {
    fc.assert(
      fc.property(epochInput(), (input) => {
        expect(runEpoch(input)).toEqual(runEpochReference(decodeEpochInput(input)));
      }),
      { numRuns: 400 },
    );
  });

  it('the fast engine equals the BigInt reference with rows stored in uid order (its merge and cursor paths)', () => {
    const sortRow = (r: SparseEntry[]) => [...r].sort((a, b) => a[0] - b[0]);
    fc.assert(
      fc.property(epochInput({ minN: 4, maxN: 12 }), (raw) => {
        const input = { ...raw, weights: raw.weights.map(sortRow), bonds: raw.bonds.map(sortRow) };
        expect(runEpoch(input)).toEqual(runEpochReference(decodeEpochInput(input)));
      }),
      { numRuns: 300 },
    );
  });

  it('the fast engine equals the BigInt reference on larger subnets with short unsorted rows (its sparse-row paths)', () => {
    fc.assert(
      fc.property(
        epochInput({ minN: 50, maxN: 80 }).map((input) => ({
          ...input,
          weights: input.weights.map((r) => r.slice(0, 2)),
          bonds: input.bonds.map((r) => r.slice(0, 1)),
        })),
        (input) => {
          expect(runEpoch(input)).toEqual(runEpochReference(decodeEpochInput(input)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the fast engine equals the reference over chained epochs (bonds and permits carried)', () => {
    fc.assert(
      fc.property(epochInput({ minN: 3, maxN: 7 }), fc.integer({ min: 2, max: 4 }), (first, epochs) => {
        let fast = first;
        let ref = first;
        for (let e = 0; e < epochs; e++) {
          const a = runEpoch(fast);
          const b = runEpochReference(decodeEpochInput(ref));
          expect(a).toEqual(b);
          fast = { ...fast, bonds: a.bonds, validator_permits: a.new_validator_permits };
          ref = { ...ref, bonds: b.bonds, validator_permits: b.new_validator_permits };
        }
      }),
      { numRuns: 100 },
    );
  });

  it('incentive and dividends each sum to 65535 within rounding, or are all zero', () => {
    fc.assert(
      fc.property(epochInput(), (input) => {
        const out = runEpoch(input);
        for (const v of [out.incentive, out.dividends]) {
          const s = sum(v);
          if (s !== 0) {
            expect(s).toBeLessThanOrEqual(65535);
            expect(s).toBeGreaterThanOrEqual(65535 - input.n - 1); // each u16 floors away < 1
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('emissions never exceed rao_emission', () => {
    fc.assert(
      fc.property(epochInput(), (input) => {
        const out = runEpoch(input);
        const rao = BigInt(input.rao_emission);
        expect(sumBig(out.emission) <= rao).toBe(true);
        expect(sumBig(out.server_emission) + sumBig(out.validator_emission) <= rao).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('permuting the uids permutes the outputs', () => {
    // Ties are the one place uid order legitimately matters (top-k permits break stake
    // ties by uid, the median's pivot walks uid order), so stakes stay distinct even
    // after normalisation to 32 fractional bits.
    const distinctStakes = epochInput({ minN: 2, maxN: 8 }).chain((input) =>
      fc
        .tuple(
          fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: input.n, maxLength: input.n }).map((xs) => xs.map((x) => BigInt(x) * 10n ** 12n + 7n)),
          fc.shuffledSubarray(
            Array.from({ length: input.n }, (_, i) => i),
            { minLength: input.n, maxLength: input.n },
          ),
        )
        .map(([stakes, perm]) => ({
          input: { ...input, stake: stakes.map(String), owner_uid: input.owner_uid !== null && input.owner_uid < input.n ? input.owner_uid : null },
          perm,
        })),
    );
    fc.assert(
      fc.property(distinctStakes, ({ input, perm }) => {
        const sortRow = (r: SparseEntry[]) => [...r].sort((a, b) => a[0] - b[0]);
        const base: EpochInput = { ...input, weights: input.weights.map(sortRow), bonds: input.bonds.map(sortRow) };
        const permuted = permuteInput(base, perm);
        const a = runEpoch(base);
        const b = runEpoch(permuted);
        expect(b).toEqual(permuteOutput(a, perm));
      }),
      { numRuns: 300 },
    );
  });

  it('a validator that alone weights a miner above consensus is clipped', () => {
    const scenario = fc.record({
      honest: fc.array(fc.bigInt({ min: 10n ** 12n, max: 10n ** 15n }), { minLength: 2, maxLength: 6 }),
      share: fc.double({ min: 0.01, max: 0.45, noNaN: true }),
      honestWeight: fc.integer({ min: 1, max: 65535 }),
      liarWeight: fc.integer({ min: 1, max: 65535 }),
      yuma3: fc.boolean(),
    });
    fc.assert(
      fc.property(scenario, ({ honest, share, honestWeight, liarWeight, yuma3 }) => {
        // uids: honest validators, the liar, miner A (everyone), miner B (the liar only)
        const v = honest.length;
        const liar = v;
        const minerA = v + 1;
        const minerB = v + 2;
        const n = v + 3;
        const honestTotal = honest.reduce((a, b) => a + b, 0n);
        const liarStake = BigInt(Math.floor(Number(honestTotal) * (share / (1 - share))));
        const stake = [...honest, liarStake, 0n, 0n].map(String);
        const weights: SparseEntry[][] = Array.from({ length: n }, () => []);
        for (let i = 0; i < v; i++) weights[i] = [[minerA, honestWeight]];
        weights[liar] = [
          [minerA, honestWeight],
          [minerB, liarWeight],
        ];
        const out = runEpoch({
          n,
          current_block: 10,
          tempo: 360,
          activity_cutoff_blocks: 5000,
          last_mechanism_step_block: 0,
          stake,
          stake_threshold: 0,
          last_update: new Array(n).fill(5),
          block_at_registration: new Array(n).fill(0),
          validator_permits: Array.from({ length: n }, (_, i) => i <= liar),
          max_allowed_validators: 64,
          weights,
          bonds: Array.from({ length: n }, () => []),
          kappa: 32767,
          bonds_penalty: 65535,
          bonds_moving_average: 900_000,
          yuma3,
          liquid_alpha: false,
          alpha_low: 45875,
          alpha_high: 58982,
          alpha_sigmoid_steepness: 1000,
          owner_uid: null,
          rao_emission: 1_000_000_000,
        });
        expect(out.consensus[minerB]).toBe(0);
        expect(out.incentive[minerB]).toBe(0);
        expect(out.server_emission[minerB]).toBe('0');
        expect(out.incentive[minerA]).toBe(65535);
        // the liar's weight on B is clipped away, so its trust is only its (normalised) weight on A
        expect(out.validator_trust[liar]).toBeLessThan(out.validator_trust[0]);
        expect(out.bonds[liar].find(([j]) => j === minerB)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});

function permuteInput(input: EpochInput, perm: number[]): EpochInput {
  // new uid of old uid i is perm[i]
  const n = input.n;
  const inv = new Array<number>(n);
  perm.forEach((p, i) => (inv[p] = i));
  const vec = <T>(xs: T[]) => (xs.length === 0 ? [] : inv.map((old) => xs[old]));
  const rows = (m: SparseEntry[][]) => inv.map((old) => m[old].map(([j, w]): SparseEntry => [perm[j], w]).sort((a, b) => a[0] - b[0]));
  return {
    ...input,
    stake: vec(input.stake),
    last_update: vec(input.last_update),
    block_at_registration: vec(input.block_at_registration),
    validator_permits: vec(input.validator_permits),
    weights: rows(input.weights),
    bonds: rows(input.bonds),
    owner_uid: input.owner_uid === null ? null : perm[input.owner_uid],
    commit_blocks: input.commit_blocks ? vec(input.commit_blocks) : input.commit_blocks,
  };
}

function permuteOutput(out: EpochOutput, perm: number[]): EpochOutput {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  const vec = <T>(xs: T[]) => inv.map((old) => xs[old]);
  return {
    active: vec(out.active),
    consensus: vec(out.consensus),
    incentive: vec(out.incentive),
    dividends: vec(out.dividends),
    validator_trust: vec(out.validator_trust),
    stake_weight: vec(out.stake_weight),
    emission: vec(out.emission),
    server_emission: vec(out.server_emission),
    validator_emission: vec(out.validator_emission),
    new_validator_permits: vec(out.new_validator_permits),
    bonds: inv.map((old) => out.bonds[old].map(([j, w]): SparseEntry => [perm[j], w]).sort((a, b) => a[0] - b[0])),
  };
}
