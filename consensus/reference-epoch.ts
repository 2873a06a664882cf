import {
  checkedMulOrZero,
  fixedProportionToU16,
  i64f64FromInt,
  i64f64ToI32F32,
  I64_MAX,
  I64_MIN,
  ONE32,
  raoShare,
  safeDiv,
  safeDiv64,
  satAdd,
  satMul,
  satSub,
  u16ProportionToFixed,
} from './fixed.ts';
import type { EpochState } from './input.ts';
import { createLiquidAlpha, liquidAlphaInput } from './liquid-alpha.ts';
import type { EpochOutput, SparseEntry } from './types.ts';

/**
 * The sparse epoch (`epoch_mechanism`, run_epoch.rs) ported line by line on BigInt
 * raw bits. It is the executable specification: slow, obviously faithful, and the
 * yardstick `epoch.ts` is tested against and benchmarked against.
 */

/** A sparse row: column uids and I32F32 raw values, in order. */
interface Row {
  j: number[];
  v: bigint[];
}

const ZERO = 0n;

function sum(x: bigint[]): bigint {
  let s = ZERO;
  for (const v of x) s += v;
  return s;
}

/** `inplace_normalize`. */
function normalize(x: bigint[]): bigint[] {
  const s = sum(x);
  if (s === ZERO) return [...x];
  return x.map((v) => safeDiv(v, s));
}

/** `is_topk_nonzero_i32f32`: ascending stable sort, the n-k smallest lose. */
export function isTopkNonzero(x: bigint[], k: number): boolean[] {
  const n = x.length;
  const result = x.map((v) => v !== ZERO);
  if (n < k) return result;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => (x[a] < x[b] ? -1 : x[a] > x[b] ? 1 : a - b));
  for (let t = 0; t < n - k; t++) result[idx[t]] = false;
  return result;
}

/** `weighted_median`: deterministic mid-pivot partition search. */
export function weightedMedian(stake: bigint[], score: bigint[], partition: number[], minority: bigint, lo: bigint, hi: bigint): bigint {
  let current = partition;
  let partitionLo = lo;
  let partitionHi = hi;
  const limit = partition.length;
  let iterations = 0;
  for (;;) {
    const n = current.length;
    if (n === 0) return ZERO;
    if (n === 1) return score[current[0]] ?? ZERO;
    const pivot = score[current[n >> 1]] ?? ZERO;
    let loStake = ZERO;
    let hiStake = ZERO;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const idx of current) {
      const s = score[idx] ?? ZERO;
      if (s === pivot) continue;
      if (s < pivot) {
        loStake = satAdd(loStake, stake[idx] ?? ZERO);
        lower.push(idx);
      } else {
        hiStake = satAdd(hiStake, stake[idx] ?? ZERO);
        upper.push(idx);
      }
    }
    if (minority < satAdd(partitionLo, loStake) && lower.length > 0) {
      current = lower;
      partitionHi = satAdd(partitionLo, loStake);
    } else if (satSub(partitionHi, hiStake) <= minority && upper.length > 0) {
      current = upper;
      partitionLo = satSub(partitionHi, hiStake);
    } else {
      return pivot;
    }
    iterations++;
    if (iterations > limit) return ZERO;
  }
}

/** `weighted_median_col_sparse`. */
export function weightedMedianColSparse(stake: bigint[], score: Row[], columns: number, majority: bigint): bigint[] {
  const useStake = normalize(stake.filter((s) => s > ZERO));
  const stakeSum = sum(useStake);
  const minority = satSub(stakeSum, majority);
  const stakeIdx = useStake.map((_, i) => i);
  const useScore: bigint[][] = Array.from({ length: columns }, () => new Array<bigint>(useStake.length).fill(ZERO));
  let k = 0;
  for (let i = 0; i < Math.min(stake.length, score.length); i++) {
    if (stake[i] > ZERO) {
      const row = score[i];
      for (let t = 0; t < row.j.length; t++) {
        const c = row.j[t];
        if (c < columns && k < useStake.length) useScore[c][k] = row.v[t];
      }
      k++;
    }
  }
  return useScore.map((col) => weightedMedian(useStake, col, stakeIdx, minority, ZERO, stakeSum));
}

function mapRows(m: Row[], f: (i: number, j: number, v: bigint) => bigint | undefined): Row[] {
  return m.map((row, i) => {
    const out: Row = { j: [], v: [] };
    for (let t = 0; t < row.j.length; t++) {
      const r = f(i, row.j[t], row.v[t]);
      if (r !== undefined) {
        out.j.push(row.j[t]);
        out.v.push(r);
      }
    }
    return out;
  });
}

function rowSums(m: Row[]): bigint[] {
  return m.map((r) => sum(r.v));
}

/** `inplace_col_normalize_sparse`. */
function colNormalize(m: Row[], columns: number): Row[] {
  const colSum = new Array<bigint>(columns).fill(ZERO);
  for (const r of m) for (let t = 0; t < r.j.length; t++) if (r.j[t] < columns) colSum[r.j[t]] = satAdd(colSum[r.j[t]], r.v[t]);
  return mapRows(m, (_i, j, v) => {
    const d = j < columns ? colSum[j] : ZERO;
    return d !== ZERO ? safeDiv(v, d) : v;
  });
}

/** `inplace_col_max_upscale_sparse`. */
function colMaxUpscale(m: Row[], columns: number): Row[] {
  const colMax = new Array<bigint>(columns).fill(ZERO);
  for (const r of m) for (let t = 0; t < r.j.length; t++) if (r.j[t] < columns && colMax[r.j[t]] < r.v[t]) colMax[r.j[t]] = r.v[t];
  return mapRows(m, (_i, j, v) => {
    const mx = j < columns ? colMax[j] : ZERO;
    return mx !== ZERO ? safeDiv(v, mx) : v;
  });
}

/** `interpolate_sparse(mat1, mat2, columns, ratio)`: entries > 0 only, in column order. */
function interpolateSparse(m1: Row[], m2: Row[], columns: number, ratio: bigint): Row[] {
  if (ratio === ZERO) return m1;
  if (ratio === ONE32) return m2;
  return m1.map((r1, i) => {
    const a = new Array<bigint>(columns).fill(ZERO);
    const b = new Array<bigint>(columns).fill(ZERO);
    for (let t = 0; t < r1.j.length; t++) a[r1.j[t]] = r1.v[t];
    const r2 = m2[i];
    for (let t = 0; t < r2.j.length; t++) b[r2.j[t]] = r2.v[t];
    const out: Row = { j: [], v: [] };
    for (let j = 0; j < columns; j++) {
      const x = satAdd(a[j], satMul(ratio, satSub(b[j], a[j])));
      if (x > ZERO) {
        out.j.push(j);
        out.v.push(x);
      }
    }
    return out;
  });
}

/** `mat_ema_sparse(new, old, alpha)`: densified rows, entries > 0 in column order. */
function matEmaSparse(next: Row[], old: Row[], alpha: bigint): Row[] {
  const n = next.length;
  const oneMinusAlpha = satSub(ONE32, alpha);
  return next.map((nr, i) => {
    const acc = new Array<bigint>(n).fill(ZERO);
    for (let t = 0; t < nr.j.length; t++) if (nr.j[t] < n) acc[nr.j[t]] = satAdd(acc[nr.j[t]], satMul(alpha, nr.v[t]));
    const or = old[i];
    if (or) for (let t = 0; t < or.j.length; t++) if (or.j[t] < n) acc[or.j[t]] = satAdd(acc[or.j[t]], satMul(oneMinusAlpha, or.v[t]));
    const out: Row = { j: [], v: [] };
    for (let j = 0; j < n; j++) {
      if (acc[j] > ZERO) {
        out.j.push(j);
        out.v.push(acc[j]);
      }
    }
    return out;
  });
}

/** `mat_ema_alpha_sparse(new, old, alpha)`: entries of the new row only, clamped to [0, 1]. */
function matEmaAlphaSparse(next: Row[], old: Row[], alphaAt: (i: number, j: number) => bigint, columns: number): Row[] {
  return next.map((nr, i) => {
    const decayed = new Map<number, bigint>();
    const or = old[i];
    for (let t = 0; t < or.j.length; t++) {
      const j = or.j[t];
      if (j < columns) decayed.set(j, satMul(satSub(ONE32, alphaAt(i, j)), or.v[t]));
    }
    const out: Row = { j: [], v: [] };
    for (let t = 0; t < nr.j.length; t++) {
      const j = nr.j[t];
      if (j >= columns) continue;
      let inc = satMul(alphaAt(i, j), nr.v[t]);
      if (inc < ZERO) inc = ZERO;
      let val = satAdd(decayed.get(j) ?? ZERO, inc);
      if (val > ONE32) val = ONE32;
      if (val > ZERO) {
        out.j.push(j);
        out.v.push(val);
      }
    }
    return out;
  });
}

/**
 * The value `liquid_alpha_matrix_sparse` reads for each column: it walks the row
 * with a peekable iterator for j = 0, 1, ..., so an entry out of ascending order
 * is skipped (reads as 0). Returns the entries it does see.
 */
function mergeSeen(row: Row, columns: number): Map<number, bigint> {
  const seen = new Map<number, bigint>();
  let p = 0;
  for (let j = 0; j < columns && p < row.j.length; j++) {
    while (p < row.j.length) {
      if (row.j[p] < j) p++;
      else {
        if (row.j[p] === j) seen.set(j, row.v[p]);
        break;
      }
    }
  }
  return seen;
}

/** `1 - BondsMovingAverage / 1e6` (I64F64 division, truncated to I32F32, saturating). */
export function bondsAlpha(bondsMovingAverage: bigint): bigint {
  const bma = i64f64ToI32F32(safeDiv64(i64f64FromInt(bondsMovingAverage), i64f64FromInt(1_000_000n)));
  return satSub(ONE32, bma < I64_MIN ? I64_MIN : bma > I64_MAX ? I64_MAX : bma);
}

/** Runs one epoch with BigInt arithmetic everywhere. */
export function runEpochReference(s: EpochState): EpochOutput {
  const n = s.n;
  const owner = s.ownerUid;

  // == Active & updated ==
  const inactive = s.lastUpdate.map((u) => u + s.activityCutoff < s.currentBlock); // saturating_add: no overflow in BigInt
  const active = inactive.map((b) => !b);
  const reg = s.blockAtRegistration;

  // == Stake ==
  const filtered = s.stake.map((st, uid) => (owner !== uid && st < s.stakeThreshold ? ZERO : i64f64FromInt(st)));
  const total64 = sum(filtered);
  const stake = (total64 === ZERO ? filtered : filtered.map((v) => safeDiv64(v, total64))).map(i64f64ToI32F32);

  // == Validator permits ==
  const permits = [...s.validatorPermits];
  if (owner !== null && owner < permits.length) permits[owner] = true;
  const forbids = permits.map((p) => !p);
  const newPermits = isTopkNonzero(stake, s.maxAllowedValidators);
  if (owner !== null && owner < newPermits.length) newPermits[owner] = true;

  // == Active stake == (a mask is skipped entirely when nothing is stored)
  let activeStake = stake.map((v, i) => (inactive[i] ? ZERO : v));
  if (forbids.length > 0) activeStake = activeStake.map((v, i) => ((forbids[i] ?? true) ? ZERO : v));
  activeStake = normalize(activeStake);

  // == Weights ==
  let weights: Row[] = s.weights.map((r) => ({ j: Array.from(r.uids), v: Array.from(r.values, (w) => BigInt(w) << 32n) }));
  weights = weights.map((r, i) => ((forbids[i] ?? true) ? { j: [], v: [] } : r));
  weights = mapRows(weights, (i, j, v) => (i !== j || (owner !== null && i === owner && j === owner) ? v : undefined));
  weights = mapRows(weights, (i, j, v) => (s.lastUpdate[i] <= (reg[j] ?? ZERO) ? undefined : v));
  if (s.commitBlocks) {
    const cb = s.commitBlocks;
    weights = mapRows(weights, (i, j, v) => (cb[i] < (reg[j] ?? ZERO) ? undefined : v));
  }
  weights = weights.map((r) => {
    const rs = sum(r.v);
    return rs > ZERO ? { j: r.j, v: r.v.map((v) => safeDiv(v, rs)) } : r;
  });

  // == Consensus, validator trust ==
  const kappa = u16ProportionToFixed(s.kappa);
  const consensus = weightedMedianColSparse(activeStake, weights, n, kappa);
  const clipped = mapRows(weights, (_i, j, v) => {
    const th = consensus[j] ?? ZERO;
    if (th < v) return th > ZERO ? th : undefined;
    return v;
  });
  const validatorTrust = rowSums(clipped);

  // == Ranks, incentive ==
  const ranks = new Array<bigint>(n).fill(ZERO);
  clipped.forEach((r, i) => {
    const scale = activeStake[i] ?? ZERO;
    for (let t = 0; t < r.j.length; t++) ranks[r.j[t]] = satAdd(ranks[r.j[t]], satMul(scale, r.v[t]));
  });
  const incentive = normalize(ranks);

  // == Bonds and dividends ==
  const bondsPenalty = u16ProportionToFixed(s.bondsPenalty);
  const weightsForBonds = interpolateSparse(weights, clipped, n, bondsPenalty);
  const lms = s.lastMechanismStepBlock;
  const lastTempo = lms === ZERO ? (s.currentBlock > s.tempo ? s.currentBlock - s.tempo : ZERO) : lms + 1n;
  const maskBonds = (m: Row[]) => mapRows(m, (_i, j, v) => (lastTempo <= (reg[j] ?? ZERO) ? undefined : v));

  let dividends: bigint[];
  let emaBonds: Row[];
  if (s.yuma3) {
    const bonds = maskBonds(s.bonds.map((r) => ({ j: Array.from(r.uids), v: Array.from(r.values, (b) => u16ProportionToFixed(b)) })));
    if (s.liquidAlpha && consensus.some((c) => c !== ZERO)) {
      const alphaOf = createLiquidAlpha({
        low: u16ProportionToFixed(s.alphaLow),
        high: u16ProportionToFixed(s.alphaHigh),
        steepness: BigInt(s.alphaSigmoidSteepness) << 32n,
      });
      const wSeen = weightsForBonds.map((r) => mergeSeen(r, n));
      const bSeen = bonds.map((r) => mergeSeen(r, n));
      const alphaAt = (i: number, j: number) => alphaOf(liquidAlphaInput(consensus[j], wSeen[i].get(j) ?? ZERO, bSeen[i].get(j) ?? ZERO));
      emaBonds = matEmaAlphaSparse(weightsForBonds, bonds, alphaAt, n);
    } else {
      emaBonds = matEmaSparse(weightsForBonds, bonds, bondsAlpha(s.bondsMovingAverage));
    }
    const emaNorm = colNormalize(emaBonds, n);
    const totalBondsPerValidator = emaNorm.map((r) => {
      let acc = ZERO;
      for (let t = 0; t < r.j.length; t++) acc += satMul(r.v[t], incentive[r.j[t]]);
      return acc;
    });
    dividends = normalize(totalBondsPerValidator.map((x, i) => checkedMulOrZero(x, activeStake[i] ?? ZERO)));
  } else {
    let bonds = maskBonds(s.bonds.map((r) => ({ j: Array.from(r.uids), v: Array.from(r.values, (b) => BigInt(b) << 32n) })));
    bonds = colNormalize(bonds, n);
    let delta = weightsForBonds.map((r, i) => ({ j: r.j, v: r.v.map((v) => satMul(v, activeStake[i] ?? ZERO)) }));
    delta = colNormalize(delta, n);
    emaBonds = colNormalize(matEmaSparse(delta, bonds, bondsAlpha(s.bondsMovingAverage)), n);
    dividends = normalize(
      emaBonds.map((r) => {
        let acc = ZERO;
        for (let t = 0; t < r.j.length; t++) acc = satAdd(acc, satMul(incentive[r.j[t]] ?? ZERO, r.v[t]));
        return acc;
      }),
    );
    emaBonds = colMaxUpscale(emaBonds, n);
  }

  // == Emission ==
  const combined = incentive.map((x, i) => satAdd(x, dividends[i]));
  const emissionSum = sum(combined);
  let serverNorm = emissionSum === ZERO ? incentive : incentive.map((x) => safeDiv(x, emissionSum));
  let validatorNorm = emissionSum === ZERO ? dividends : dividends.map((x) => safeDiv(x, emissionSum));
  let combinedNorm = normalize(combined);
  if (emissionSum === ZERO) {
    const fallback = sum(activeStake) === ZERO ? stake : activeStake;
    validatorNorm = fallback;
    combinedNorm = fallback;
    serverNorm = incentive;
  }
  const rao = s.raoEmission;
  const u16s = (x: bigint[]) => x.map(fixedProportionToU16);

  return {
    active,
    consensus: u16s(consensus),
    incentive: u16s(incentive),
    dividends: u16s(dividends),
    validator_trust: u16s(validatorTrust),
    stake_weight: u16s(stake),
    emission: combinedNorm.map((x) => raoShare(x, rao).toString()),
    server_emission: serverNorm.map((x) => raoShare(x, rao).toString()),
    validator_emission: validatorNorm.map((x) => raoShare(x, rao).toString()),
    new_validator_permits: newPermits,
    bonds: emaBonds.map((r, i) => (newPermits[i] ? r.j.map((j, t): SparseEntry => [j, fixedProportionToU16(r.v[t])]) : [])),
  };
}
