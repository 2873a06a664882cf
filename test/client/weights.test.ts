import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import {
  convertWeightsAndUidsForEmit,
  normalize,
  normalizeMaxWeight,
  numpySum,
  processWeights,
  templateSpecVersion,
  U16_MAX,
  versionAsInt,
} from '../../chain/weights.ts';

// Expected values: the SDK's own numpy code (weight_utils.py) run on these inputs.
interface Case {
  name: string;
  weights: number[];
  uids: number[];
  numNeurons: number;
  minAllowedWeights: number;
  maxWeightsLimit: number;
  excludeQuantile: number;
  processed: { uids: number[]; weights: number[] };
  emit: { uids: number[]; weights: number[] };
}
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/sdk-weight-utils.json', import.meta.url), 'utf8')) as {
  processWeights: Case[];
  normalizeMaxWeight: { name: string; x: number[]; limit: number; y: number[] }[];
};

describe('process_weights + convert_weights_and_uids_for_emit equal the SDK', () => {
  it.each(fixtures.processWeights.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const processed = processWeights(c.uids, c.weights, c.numNeurons, c.minAllowedWeights, c.maxWeightsLimit / U16_MAX, c.excludeQuantile);
    expect(processed.uids).toEqual(c.processed.uids);
    expect(processed.weights).toEqual(c.processed.weights);
    expect(convertWeightsAndUidsForEmit(processed.uids, processed.weights)).toEqual(c.emit);
  });

  it.each(fixtures.normalizeMaxWeight.map((c) => [c.name, c] as const))('normalize_max_weight: %s', (_name, c) => {
    expect(normalizeMaxWeight(c.x, c.limit)).toEqual(c.y);
  });
});

describe('edge cases', () => {
  it('all zeros: nothing to emit', () => {
    expect(convertWeightsAndUidsForEmit([0, 1, 2], [0, 0, 0])).toEqual({ uids: [], weights: [] });
  });

  it('max-upscales so the largest weight is 65535 and rounds half to even', () => {
    // 0.5 * 65535 = 32767.5 → 32768 (even)
    expect(convertWeightsAndUidsForEmit([0, 1], [2, 1])).toEqual({ uids: [0, 1], weights: [65535, 32768] });
    // 1.5/65535 of max → 1.5 → 2; 0.5/65535 → 0.5 → 0 (dropped)
    expect(convertWeightsAndUidsForEmit([0, 1, 2], [65535, 1.5, 0.5])).toEqual({ uids: [0, 1], weights: [65535, 2] });
  });

  it('rejects negative weights, negative uids and length mismatches with named errors', () => {
    const codes = [
      () => convertWeightsAndUidsForEmit([0, 1], [1, -1]),
      () => convertWeightsAndUidsForEmit([-1, 1], [1, 1]),
      () => convertWeightsAndUidsForEmit([0, 1, 2], [1, 1]),
    ].map((f) => {
      try {
        f();
        return 'no error';
      } catch (err) {
        return isSubnetError(err) ? err.code : 'other';
      }
    });
    expect(codes).toEqual(['WEIGHTS_NEGATIVE', 'WEIGHTS_NEGATIVE_UID', 'WEIGHTS_LENGTH_MISMATCH']);
  });

  it('the max weight limit holds after processing', () => {
    const limit = 0.25;
    const { weights } = processWeights([0, 1, 2, 3, 4, 5], [10, 1, 1, 1, 1, 1], 6, 1, limit);
    expect(Math.max(...weights)).toBeLessThanOrEqual(limit + 1e-6);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('numpy float32 sums are pairwise, not sequential', () => {
    const a = Array.from({ length: 200 }, (_, i) => Math.fround(1 / (i + 3)));
    let seq = 0;
    for (const v of a) seq = Math.fround(seq + v);
    expect(numpySum(a, 'float32')).not.toBe(seq);
  });

  it('normalize keeps all-zero vectors at zero', () => {
    expect(normalize([0, 0])).toEqual([0, 0]);
    expect(normalize([1, 3])).toEqual([0.25, 0.75]);
  });

  it('version keys', () => {
    expect(versionAsInt('9.12.3')).toBe(9_012_003);
    expect(templateSpecVersion('2.1.4')).toBe(2014);
  });
});
