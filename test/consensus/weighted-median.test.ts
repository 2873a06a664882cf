import { describe, expect, it } from 'vitest';
import { weightedMedianColumns } from '../../consensus/epoch.ts';
import { i32f32FromF32, safeDiv } from '../../consensus/fixed.ts';
import { weightedMedian, weightedMedianColSparse } from '../../consensus/reference-epoch.ts';
import { WeightedMedian } from '../../consensus/weighted-median.ts';
import { shuffled } from './subnet-sim.ts';

// Ports of pallets/subtensor/src/tests/math/weighted_median.rs, run against both the
// BigInt reference and the fast double implementation.

const fixed = i32f32FromF32;
const ONE = 1n << 32n;
const vecToFixed = (xs: number[]) => xs.map(fixed);
function normalize(x: bigint[]): bigint[] {
  const s = x.reduce((a, b) => a + b, 0n);
  return s === 0n ? x : x.map((v) => safeDiv(v, s));
}

type Median = (stake: bigint[], score: bigint[], minority: bigint, total: bigint) => bigint;
const implementations: [string, Median][] = [
  [
    'BigInt reference',
    (stake, score, minority, total) =>
      weightedMedian(
        stake,
        score,
        stake.map((_, i) => i),
        minority,
        0n,
        total,
      ),
  ],
  [
    'fast',
    (stake, score, minority, total) =>
      BigInt(
        new WeightedMedian(stake.length).compute(
          Float64Array.from(stake, Number),
          Float64Array.from(score, Number),
          stake.length,
          Number(minority),
          0,
          Number(total),
        ),
      ),
  ],
];

describe.each(implementations)('weighted_median (%s)', (_name, median) => {
  const run = (stake: bigint[], score: bigint[], majority: bigint) =>
    median(
      stake,
      score,
      ONE - majority,
      stake.reduce((a, b) => a + b, 0n),
    );
  const m51 = fixed(0.51);

  it('test_math_weighted_median: fixed cases', () => {
    expect(run([], [], m51)).toBe(0n);
    expect(run(normalize(vecToFixed([0.51])), vecToFixed([1]), m51)).toBe(ONE);
    expect(run(vecToFixed([0.49, 0.51]), vecToFixed([0.5, 1]), m51)).toBe(ONE);
    expect(run(vecToFixed([0.51, 0.49]), vecToFixed([0.5, 1]), m51)).toBe(fixed(0.5));
    expect(run(vecToFixed([0.49, 0, 0.51]), vecToFixed([0.5, 0.7, 1]), m51)).toBe(ONE);
    expect(run(vecToFixed([0.49, 0.01, 0.5]), vecToFixed([0.5, 0.7, 1]), m51)).toBe(fixed(0.7));
    expect(run(vecToFixed([0.49, 0.51, 0]), vecToFixed([0.5, 0.7, 1]), m51)).toBe(fixed(0.7));
    expect(run(vecToFixed([0, 0.49, 0.51]), vecToFixed([0.5, 0.7, 1]), m51)).toBe(ONE);
    expect(run(vecToFixed([0, 0.49, 0, 0.51]), vecToFixed([0.5, 0.5, 1, 1]), m51)).toBe(ONE);
    expect(run(vecToFixed([0, 0.49, 0, 0.51, 0]), vecToFixed([0.5, 0.5, 1, 1, 0.5]), m51)).toBe(ONE);
    expect(run(vecToFixed([0.2, 0.2, 0.2, 0.2, 0.2]), vecToFixed([0.8, 0.2, 1, 0.6, 0.4]), m51)).toBe(fixed(0.6));
    expect(run(vecToFixed(new Array(10).fill(0.1)), vecToFixed([0.8, 0.8, 0.2, 0.2, 1.0, 1.0, 0.6, 0.6, 0.4, 0.4]), m51)).toBe(fixed(0.6));
  });

  it('test_math_weighted_median: random stakes and scores, every permutation lands on a valid median', () => {
    let seed = 1;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const n = 100;
    for (const majority of vecToFixed([0, 0.0000001, 0.25, 0.49, 0.49, 0.49, 0.5, 0.51, 0.51, 0.51, 0.9999999, 1])) {
      for (const allowEqual of [false, true]) {
        let stake: bigint[] = [];
        let score: bigint[] = [];
        let last = 0n;
        for (let i = 0; i < n; i++) {
          if (allowEqual) {
            stake.push(rand() < 0.5 ? ONE : 0n);
            if (rand() < 0.5) last += ONE;
            score.push(last);
          } else {
            stake.push(ONE);
            score.push(BigInt(i) << 32n);
          }
        }
        stake = normalize(stake);
        const total = stake.reduce((a, b) => a + b, 0n);
        let minority = total - majority;
        if (minority < 0n) minority = 0n;
        const medians: bigint[] = [];
        let medianStake = 0n;
        let medianSet = false;
        let stakeSum = 0n;
        for (let i = 0; i < n; i++) {
          stakeSum += stake[i];
          if (!medianSet && stakeSum >= minority) {
            medianStake = stakeSum;
            medianSet = true;
          }
          if (medianSet) {
            if (medianStake < stakeSum) {
              if (medianStake === minority && !medians.includes(score[i])) medians.push(score[i]);
              break;
            }
            if (!medians.includes(score[i])) medians.push(score[i]);
          }
        }
        if (medians.length === 0) medians.push(0n);
        expect(medians).toContain(median(stake, score, minority, total));
        for (let r = 0; r < 10; r++) {
          const p = shuffled(
            Array.from({ length: n }, (_, i) => i),
            r + 100,
          );
          stake = p.map((i) => stake[i]);
          score = p.map((i) => score[i]);
          expect(medians).toContain(median(stake, score, minority, total));
        }
      }
    }
  });
});

type Cols = (stake: bigint[], rows: [number, bigint][][], columns: number, majority: bigint) => bigint[];
const columnImplementations: [string, Cols][] = [
  [
    'BigInt reference',
    (stake, rows, columns, majority) =>
      weightedMedianColSparse(
        stake,
        rows.map((r) => ({ j: r.map((e) => e[0]), v: r.map((e) => e[1]) })),
        columns,
        majority,
      ),
  ],
  [
    'fast',
    (stake, rows, columns, majority) =>
      Array.from(
        weightedMedianColumns(
          Float64Array.from(stake, Number),
          rows.map((r) => r.map(([j, v]): [number, number] => [j, Number(v)])),
          columns,
          Number(majority),
        ),
        (x) => BigInt(x),
      ),
  ],
];

/** `vec_to_sparse_mat_fixed(values, rows, false)`: row-major, zero entries left out. */
function sparse(values: number[], rows: number): [number, bigint][][] {
  const cols = values.length / rows;
  return Array.from({ length: rows }, (_, r) =>
    values
      .slice(r * cols, (r + 1) * cols)
      .map((v, c): [number, bigint] => [c, fixed(v)])
      .filter(([, v]) => v !== 0n),
  );
}

describe.each(columnImplementations)('weighted_median_col_sparse (%s)', (_name, cols) => {
  it('test_math_weighted_median_col_sparse', () => {
    expect(cols([], [[]], 0, fixed(0.5))).toEqual([]);
    expect(cols(vecToFixed([0, 0]), sparse([0, 0, 0, 0], 2), 2, fixed(0.5))).toEqual(vecToFixed([0, 0]));

    const stake = vecToFixed([0, 0.75, 0.25, 0]);
    const w = sparse([0, 0.1, 0, 0, 0.2, 0.4, 0, 0.3, 0.1, 0, 0.4, 0.5], 4);
    expect(cols(stake, w, 3, fixed(0.24))).toEqual(vecToFixed([0, 0.3, 0.4]));
    expect(cols(stake, w, 3, fixed(0.26))).toEqual(vecToFixed([0, 0.2, 0.4]));
    expect(cols(stake, w, 3, fixed(0.76))).toEqual(vecToFixed([0, 0.2, 0.1]));

    const stake2 = vecToFixed([0, 0.3, 0.2, 0.5]);
    const w2 = sparse([0, 0.1, 0, 0, 0.2, 0.4, 0, 0.3, 0.1, 0, 0, 0.5], 4);
    expect(cols(stake2, w2, 3, fixed(0.51))).toEqual(vecToFixed([0, 0, 0.4]));
  });
});
