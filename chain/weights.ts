import { SubnetError } from '../core/errors.ts';

/**
 * Client-side weight processing, equal to the Bittensor SDK
 * (bittensor/utils/weight_utils.py) including its numeric types: the SDK casts
 * scores to numpy float32 and numpy sums float32 arrays pairwise, so a validator
 * here emits exactly the u16 vector a Python validator would for the same scores.
 * Pure functions; no chain access.
 */
export const U16_MAX = 65535;

type Dtype = 'float32' | 'float64';
type Round = (x: number) => number;
const identity: Round = (x) => x;
const rounder = (dtype: Dtype): Round => (dtype === 'float32' ? Math.fround : identity);

/** numpy's `add.reduce` for a contiguous array: identity 0 + pairwise summation (blocks of 8, PW_BLOCKSIZE 128). */
export function numpySum(a: ArrayLike<number>, dtype: Dtype = 'float64', start = 0, end = a.length): number {
  const r = rounder(dtype);
  return r(0 + pairwiseSum(a, start, end - start, r));
}

function pairwiseSum(a: ArrayLike<number>, off: number, n: number, r: Round): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = r(res + a[off + i]);
    return res;
  }
  if (n <= 128) {
    const acc = [a[off], a[off + 1], a[off + 2], a[off + 3], a[off + 4], a[off + 5], a[off + 6], a[off + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) acc[j] = r(acc[j] + a[off + i + j]);
    let res = r(r(r(acc[0] + acc[1]) + r(acc[2] + acc[3])) + r(r(acc[4] + acc[5]) + r(acc[6] + acc[7])));
    for (; i < n; i++) res = r(res + a[off + i]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return r(pairwiseSum(a, off, n2, r) + pairwiseSum(a, off + n2, n - n2, r));
}

/** L1 normalisation (sum 1; all zeros stay zeros). */
export function normalize(x: ArrayLike<number>): number[] {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return Array.from(x, (v) => (s > 0 ? v / s : 0));
}

/**
 * `normalize_max_weight(x, limit)`: sum 1 and no element above `limit`, by
 * capping the largest values at a common cutoff. Uniform when all zeros or
 * when `n * limit <= 1`.
 */
export function normalizeMaxWeight(x: ArrayLike<number>, limit = 0.1, dtype: Dtype = 'float32'): number[] {
  const r = rounder(dtype);
  const n = x.length;
  const epsilon = r(1e-7);
  const lim = r(limit);
  const weights = Array.from(x, r);
  const values = [...weights].sort((p, q) => p - q);
  if (numpySum(weights, dtype) === 0 || n * limit <= 1) return weights.map(() => r(1 / n));
  const valuesSum = numpySum(values, dtype);
  const estimation = values.map((v) => r(v / valuesSum));
  if (Math.max(...estimation) <= lim) {
    const s = numpySum(weights, dtype);
    return weights.map((w) => r(w / s));
  }
  const cumsum: number[] = [];
  let acc = 0;
  for (const e of estimation) cumsum.push((acc = r(acc + e)));
  const estimationSum = estimation.map((e, i) => r(r(n - i - 1) * e));
  let nValues = 0;
  for (let i = 0; i < n; i++) if (r(estimation[i] / r(r(estimationSum[i] + cumsum[i]) + epsilon)) < lim) nValues++;
  // Python indexing: cumsum[-1] is the last element
  const c = cumsum[nValues - 1 >= 0 ? nValues - 1 : n + nValues - 1];
  // n_values is a numpy int64, so the denominator (and with it the cutoff) is float64
  const cutoffScale = r(r(lim * c) - epsilon) / (1 - limit * (n - nValues));
  const cutoff = cutoffScale * valuesSum;
  const capped = weights.map((w) => (w > cutoff ? r(cutoff) : w));
  const s = numpySum(capped, dtype);
  return capped.map((w) => r(w / s));
}

/** numpy `quantile(a, q)` with the default 'linear' method. */
function quantileLinear(a: number[], q: number): number {
  const sorted = [...a].sort((p, q2) => p - q2);
  const virtual = q * (sorted.length - 1);
  const lo = Math.floor(virtual);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const t = virtual - lo;
  const diff = sorted[hi] - sorted[lo];
  return t >= 0.5 ? sorted[hi] - diff * (1 - t) : sorted[lo] + diff * t;
}

export interface ProcessedWeights {
  uids: number[];
  weights: number[];
}

/**
 * `process_weights(uids, weights, num_neurons, min_allowed_weights,
 * max_weight_limit, exclude_quantile)`; `maxWeightLimit` as a float
 * (`MaxWeightsLimit / 65535`).
 */
export function processWeights(
  uids: ArrayLike<number>,
  weights: ArrayLike<number>,
  numNeurons: number,
  minAllowedWeights: number,
  maxWeightLimit: number,
  excludeQuantile = 0,
): ProcessedWeights {
  if (uids.length !== weights.length) {
    throw new SubnetError('WEIGHTS_LENGTH_MISMATCH', `uids (${uids.length}) and weights (${weights.length}) differ in length`);
  }
  const w32 = Array.from(weights, Math.fround);
  const quantile = excludeQuantile / U16_MAX;
  const nzIdx: number[] = [];
  for (let i = 0; i < w32.length; i++) if (w32[i] > 0) nzIdx.push(i);
  const nzUids = nzIdx.map((i) => uids[i]);
  const nzWeights = nzIdx.map((i) => w32[i]);
  const all = Array.from({ length: numNeurons }, (_, i) => i);

  if (nzWeights.length === 0 || numNeurons < minAllowedWeights) {
    return { uids: all, weights: all.map(() => 1 / numNeurons) };
  }
  if (nzWeights.length < minAllowedWeights) {
    // float64 from here on: the SDK builds np.ones(int64) * 1e-5
    const padded = all.map(() => 1e-5);
    nzIdx.forEach((idx, k) => {
      padded[idx] += nzWeights[k];
    });
    return { uids: all, weights: normalizeMaxWeight(padded, maxWeightLimit, 'float64') };
  }
  const maxExclude = Math.max(0, nzWeights.length - minAllowedWeights) / nzWeights.length;
  const lowest = quantileLinear(nzWeights, Math.min(quantile, maxExclude));
  const keep = nzWeights.map((w) => lowest <= w);
  const keptUids = nzUids.filter((_, i) => keep[i]);
  const keptWeights = nzWeights.filter((_, i) => keep[i]);
  return { uids: keptUids, weights: normalizeMaxWeight(keptWeights, maxWeightLimit, 'float32') };
}

/** Python's round(): nearest, ties to even. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

export interface EmitWeights {
  uids: number[];
  /** u16, max-upscaled so the largest is 65535 */
  weights: number[];
}

/**
 * `convert_weights_and_uids_for_emit`: max-upscale to u16 (largest = 65535),
 * drop entries that round to 0; all zeros → nothing to set.
 */
export function convertWeightsAndUidsForEmit(uids: ArrayLike<number>, weights: ArrayLike<number>): EmitWeights {
  const w = Array.from(weights);
  const u = Array.from(uids);
  if (w.length === 0 || u.length === 0) throw new SubnetError('WEIGHTS_EMPTY', 'no weights given');
  if (Math.min(...w) < 0)
    throw new SubnetError(
      'WEIGHTS_NEGATIVE',
      `weights cannot be negative on chain: ${w
        .filter((v) => v < 0)
        .slice(0, 5)
        .join(', ')}`,
    );
  if (Math.min(...u) < 0) throw new SubnetError('WEIGHTS_NEGATIVE_UID', 'uids cannot be negative');
  if (u.length !== w.length) throw new SubnetError('WEIGHTS_LENGTH_MISMATCH', `uids (${u.length}) and weights (${w.length}) differ in length`);
  let sum = 0;
  for (const v of w) sum += v;
  if (sum === 0) return { uids: [], weights: [] };
  const max = Math.max(...w);
  const out: EmitWeights = { uids: [], weights: [] };
  for (let i = 0; i < w.length; i++) {
    const v = roundHalfEven((w[i] / max) * U16_MAX);
    if (v !== 0) {
      out.uids.push(u[i]);
      out.weights.push(v);
    }
  }
  return out;
}

/** SDK `version_as_int`: "9.12.3" → 9_012_003 (base 1000). */
export function versionAsInt(version: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new SubnetError('BAD_VERSION', `version '${version}' is not MAJOR.MINOR.PATCH`);
  const parts = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (parts.some((p) => p >= 1000)) throw new SubnetError('BAD_VERSION', `version '${version}' has a part >= 1000`);
  return parts[0] * 1_000_000 + parts[1] * 1000 + parts[2];
}

/** The subnet template's `spec_version` = 1000·major + 10·minor + patch, used as `version_key`. */
export function templateSpecVersion(version: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new SubnetError('BAD_VERSION', `version '${version}' is not MAJOR.MINOR.PATCH`);
  return 1000 * Number(m[1]) + 10 * Number(m[2]) + Number(m[3]);
}
