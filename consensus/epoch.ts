import * as fast from './fast-fixed.ts';
import { i64f64FromInt, i64f64ToI32F32, safeDiv64, u16ProportionToFixed } from './fixed.ts';
import { BufferPool } from './buffer-pool.ts';
import type { EpochState } from './input.ts';
import { liquidAlphaOf, type LiquidAlphaParams } from './liquid-alpha.ts';
import { bondsAlpha, runEpochReference } from './reference-epoch.ts';
import type { EpochOutput, SparseEntry } from './types.ts';
import { WeightedMedian } from './weighted-median.ts';

/**
 * The sparse epoch (`epoch_mechanism`, run_epoch.rs), fast and bit-exact.
 *
 * Same steps, same order of operations and same rounding as `reference-epoch.ts`,
 * but I32F32 raw values live in doubles (exact below 2^53; see fast-fixed.ts for
 * the products and quotients) and sparse matrices in typed arrays (CSR). The
 * O(n) parts with u64 inputs (stake normalisation, RAO emission) stay in BigInt.
 */

// Hot loops call the kernels through module-local bindings: loaders that compile
// modules to CommonJS (tsx does) otherwise route every imported call through a getter.
const mulFloor = fast.mulFloor;
const divFloorInt = fast.divFloorInt;
const safeDivFast = fast.safeDivFast;
const proportionToU16 = fast.proportionToU16;

const ONE = 4294967296; // I32F32 1.0
const TWO32 = 4294967296;

/** A sparse matrix in compressed rows; `col` keeps each row's stored order. */
interface Csr {
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

class CsrBuilder {
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
  nnz = 0;
  row = 0;

  /** With a `slot`, entries live in the epoch's reused buffers for that role. */
  constructor(rows: number, capacity: number, slot?: string) {
    this.ptr = new Int32Array(rows + 1);
    const c = Math.max(capacity, 1);
    this.col = slot ? pool.int32(slot, c) : new Int32Array(c);
    this.val = slot ? pool.float64(slot, c) : new Float64Array(c);
  }

  push(j: number, v: number): void {
    if (this.nnz === this.col.length) {
      const size = this.col.length * 2; // capacities are computed up front, so this is rare
      const col = new Int32Array(size);
      col.set(this.col);
      this.col = col;
      const val = new Float64Array(size);
      val.set(this.val);
      this.val = val;
    }
    this.col[this.nnz] = j;
    this.val[this.nnz++] = v;
  }

  endRow(): void {
    this.ptr[++this.row] = this.nnz;
  }

  build(): Csr {
    return { ptr: this.ptr, col: this.col, val: this.val };
  }
}

/** Reused across epochs: see buffer-pool.ts. */
const pool = new BufferPool();

function sumOf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}

/** `inplace_normalize` on non-negative values. */
function normalize(x: Float64Array): Float64Array {
  const s = sumOf(x);
  if (s === 0) return x.slice();
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = safeDivFast(x[i], s);
  return out;
}

/** `is_topk_nonzero_i32f32`. */
function isTopkNonzero(x: Float64Array, k: number): boolean[] {
  const n = x.length;
  const result = Array.from(x, (v) => v !== 0);
  if (n < k) return result;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => x[a] - x[b] || a - b);
  for (let t = 0; t < n - k; t++) result[idx[t]] = false;
  return result;
}

/**
 * u64 block numbers as doubles that compare the same way: the values themselves
 * when they are exact, else their ranks among all block numbers in the epoch.
 */
function blockOrder(values: bigint[]): (v: bigint) => number {
  let max = 0n;
  for (const v of values) if (v > max) max = v;
  if (max <= 9007199254740991n) return (v) => Number(v);
  const sorted = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map(sorted.map((v, i) => [v, i]));
  return (v) => rank.get(v)!;
}

function colSums(m: Csr, n: number): Float64Array {
  const s = new Float64Array(n);
  for (let t = 0; t < m.ptr[m.ptr.length - 1]; t++) s[m.col[t]] += m.val[t];
  return s;
}

/** `inplace_col_normalize_sparse`, in place. */
function colNormalize(m: Csr, n: number): Csr {
  const s = colSums(m, n);
  const nnz = m.ptr[m.ptr.length - 1];
  const val = m.val;
  for (let t = 0; t < nnz; t++) {
    const d = s[m.col[t]];
    if (d !== 0) val[t] = safeDivFast(val[t], d);
  }
  return m;
}

/** `inplace_col_max_upscale_sparse`, in place. */
function colMaxUpscale(m: Csr, n: number): Csr {
  const mx = new Float64Array(n);
  const nnz = m.ptr[m.ptr.length - 1];
  for (let t = 0; t < nnz; t++) if (mx[m.col[t]] < m.val[t]) mx[m.col[t]] = m.val[t];
  const val = m.val;
  for (let t = 0; t < nnz; t++) {
    const d = mx[m.col[t]];
    if (d !== 0) val[t] = safeDivFast(val[t], d);
  }
  return m;
}

/** Reusable per-row scratch for the densified row operations (EMA, interpolation). */
class RowScratch {
  acc: Float64Array;
  mark: Uint8Array;
  touched: Int32Array;
  count = 0;

  constructor(readonly n: number) {
    this.acc = new Float64Array(n);
    this.mark = new Uint8Array(n);
    this.touched = new Int32Array(n);
  }

  add(j: number, v: number): void {
    if (this.mark[j] === 0) {
      this.mark[j] = 1;
      this.acc[j] = 0;
      this.touched[this.count++] = j;
    }
    this.acc[j] += v;
  }

  /** Emits entries > 0 in ascending column order, as the Rust densified loops do, and resets. */
  flushPositive(out: CsrBuilder): void {
    const c = this.count;
    if (c * 16 > this.n) {
      for (let j = 0; j < this.n; j++) {
        if (this.mark[j] === 1) {
          if (this.acc[j] > 0) out.push(j, this.acc[j]);
          this.mark[j] = 0;
        }
      }
    } else {
      const cols = this.touched.subarray(0, c).sort();
      for (let t = 0; t < c; t++) {
        const j = cols[t];
        if (this.acc[j] > 0) out.push(j, this.acc[j]);
        this.mark[j] = 0;
      }
    }
    this.count = 0;
    out.endRow();
  }
}

function ascending(m: Csr, i: number): boolean {
  for (let t = m.ptr[i] + 1; t < m.ptr[i + 1]; t++) if (m.col[t] <= m.col[t - 1]) return false;
  return true;
}

/** `mat_ema_sparse(new, old, alpha)`: alpha·new + (1-alpha)·old over the union, entries > 0, column order. */
function matEmaSparse(next: Csr, old: Csr, alpha: number, n: number, scratch: RowScratch, slot: string): Csr {
  const oneMinusAlpha = ONE - alpha;
  const out = new CsrBuilder(n, next.ptr[n] + old.ptr[n], slot);
  for (let i = 0; i < n; i++) {
    if (ascending(next, i) && ascending(old, i)) {
      // both rows in column order (the usual case): merge them
      let p = next.ptr[i];
      let q = old.ptr[i];
      const pe = next.ptr[i + 1];
      const qe = old.ptr[i + 1];
      while (p < pe || q < qe) {
        const jp = p < pe ? next.col[p] : n;
        const jq = q < qe ? old.col[q] : n;
        let v = 0;
        let j: number;
        if (jp <= jq) {
          j = jp;
          v += mulFloor(alpha, next.val[p++]);
          if (jq === jp) v += mulFloor(oneMinusAlpha, old.val[q++]);
        } else {
          j = jq;
          v += mulFloor(oneMinusAlpha, old.val[q++]);
        }
        if (v > 0) out.push(j, v);
      }
      out.endRow();
      continue;
    }
    for (let t = next.ptr[i]; t < next.ptr[i + 1]; t++) scratch.add(next.col[t], mulFloor(alpha, next.val[t]));
    for (let t = old.ptr[i]; t < old.ptr[i + 1]; t++) scratch.add(old.col[t], mulFloor(oneMinusAlpha, old.val[t]));
    scratch.flushPositive(out);
  }
  return out.build();
}

/** Whether each entry is seen by `liquid_alpha_matrix_sparse`'s ascending peekable walk. */
function visibleInWalk(m: Csr, i: number, visible: Uint8Array): void {
  let last = -1;
  let sorted = true;
  for (let t = m.ptr[i]; t < m.ptr[i + 1]; t++) {
    if (m.col[t] <= last) sorted = false;
    last = m.col[t];
  }
  if (sorted) {
    visible.fill(1, m.ptr[i], m.ptr[i + 1]);
    return;
  }
  // Simulate the walk: for j = 0, 1, ... skip entries with column < j; stop at the first >= j.
  visible.fill(0, m.ptr[i], m.ptr[i + 1]);
  let p = m.ptr[i];
  const end = m.ptr[i + 1];
  let j = 0;
  while (p < end) {
    const c = m.col[p];
    if (c < j) p++;
    else {
      if (c === j) visible[p] = 1;
      // columns j+1 .. c see the same entry at the front; the next j that can move past it is c + 1
      j = c === j ? j + 1 : c;
    }
  }
}

/** `mat_ema_alpha_sparse` with liquid alpha: per-edge α, entries of the new row only, clamped to [0, 1]. */
function matEmaLiquidAlpha(next: Csr, old: Csr, consensus: Float64Array, alphaOf: (x: number) => number, n: number): Csr {
  const out = new CsrBuilder(n, next.ptr[n], 'ema');
  const wSeen = new Float64Array(n);
  const bSeen = new Float64Array(n);
  const decayed = new Float64Array(n);
  const hasDecayed = new Uint8Array(n);
  const visibleNext = new Uint8Array(next.ptr[n]);
  const visibleOld = new Uint8Array(old.ptr[n]);
  const alphaAt = (j: number) => {
    const c = consensus[j];
    const w = wSeen[j];
    const b = bSeen[j];
    let x: number;
    if (w >= b) {
      x = w - c;
    } else {
      x = b - w;
    }
    x = x > ONE ? ONE : x < 0 ? 0 : x;
    return alphaOf(x);
  };
  for (let i = 0; i < n; i++) {
    visibleInWalk(next, i, visibleNext);
    visibleInWalk(old, i, visibleOld);
    for (let t = next.ptr[i]; t < next.ptr[i + 1]; t++) if (visibleNext[t]) wSeen[next.col[t]] = next.val[t];
    for (let t = old.ptr[i]; t < old.ptr[i + 1]; t++) if (visibleOld[t]) bSeen[old.col[t]] = old.val[t];
    for (let t = old.ptr[i]; t < old.ptr[i + 1]; t++) {
      const j = old.col[t];
      decayed[j] = mulFloor(ONE - alphaAt(j), old.val[t]);
      hasDecayed[j] = 1;
    }
    for (let t = next.ptr[i]; t < next.ptr[i + 1]; t++) {
      const j = next.col[t];
      let inc = mulFloor(alphaAt(j), next.val[t]);
      if (inc < 0) inc = 0;
      let v = (hasDecayed[j] ? decayed[j] : 0) + inc;
      if (v > ONE) v = ONE;
      if (v > 0) out.push(j, v);
    }
    out.endRow();
    for (let t = next.ptr[i]; t < next.ptr[i + 1]; t++) wSeen[next.col[t]] = 0;
    for (let t = old.ptr[i]; t < old.ptr[i + 1]; t++) {
      bSeen[old.col[t]] = 0;
      hasDecayed[old.col[t]] = 0;
    }
  }
  return out.build();
}

/**
 * BondsMovingAverage above 4e6 ppm makes the EMA coefficient 1 - bma/1e6 leave the
 * range the double kernels are exact on; such (nonsensical but storable) settings
 * run on the BigInt engine instead.
 */
const MAX_FAST_BONDS_MOVING_AVERAGE = 4_000_000n;

/** Runs one epoch; same contract as `runEpochReference`, far faster. */
export function runEpochFast(s: EpochState): EpochOutput {
  if (s.bondsMovingAverage > MAX_FAST_BONDS_MOVING_AVERAGE) return runEpochReference(s);
  const n = s.n;
  const owner = s.ownerUid;

  // == Active & updated ==
  const active: boolean[] = new Array(n);
  const inactive = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const off = s.lastUpdate[i] + s.activityCutoff < s.currentBlock;
    inactive[i] = off ? 1 : 0;
    active[i] = !off;
  }

  // == Stake == (u64 RAO -> I64F64 -> normalised -> I32F32, in BigInt: O(n))
  const filtered = s.stake.map((st, uid) => (owner !== uid && st < s.stakeThreshold ? 0n : i64f64FromInt(st)));
  let total64 = 0n;
  for (const v of filtered) total64 += v;
  const stake = new Float64Array(n);
  for (let i = 0; i < n; i++) stake[i] = Number(i64f64ToI32F32(total64 === 0n ? filtered[i] : safeDiv64(filtered[i], total64)));

  // == Validator permits ==
  const permits = [...s.validatorPermits];
  if (owner !== null && owner < permits.length) permits[owner] = true;
  const noPermitsStored = permits.length === 0;
  const forbidden = (i: number) => (i < permits.length ? !permits[i] : true);
  const newPermits = isTopkNonzero(stake, s.maxAllowedValidators);
  if (owner !== null && owner < newPermits.length) newPermits[owner] = true;

  // == Active stake ==
  const masked = new Float64Array(n);
  for (let i = 0; i < n; i++) masked[i] = inactive[i] || (!noPermitsStored && forbidden(i)) ? 0 : stake[i];
  const activeStake = normalize(masked);

  // == Weights: masks and row normalisation, one pass per row ==
  const order = blockOrder([...s.lastUpdate, ...s.blockAtRegistration, ...(s.commitBlocks ?? [])]);
  const lastUpdate = Float64Array.from(s.lastUpdate, order);
  const reg = Float64Array.from(s.blockAtRegistration, order);
  const commit = s.commitBlocks ? Float64Array.from(s.commitBlocks, order) : null;
  let capacity = 0;
  for (const r of s.weights) capacity += r.uids.length;
  const wb = new CsrBuilder(n, capacity, 'weights');
  for (let i = 0; i < n; i++) {
    if (!forbidden(i)) {
      const row = s.weights[i];
      const start = wb.nnz;
      let rowSum = 0;
      const lu = lastUpdate[i];
      const cb = commit ? commit[i] : Infinity;
      for (let t = 0; t < row.uids.length; t++) {
        const j = row.uids[t];
        if (j === i && i !== owner) continue;
        const r = reg[j];
        if (lu <= r || cb < r) continue;
        wb.push(j, row.values[t]);
        rowSum += row.values[t];
      }
      // (w << 32) / (sum << 32) == floor(w * 2^32 / sum): exact, w * 2^32 < 2^48
      for (let t = start; t < wb.nnz; t++) wb.val[t] = rowSum > 0 ? divFloorInt(wb.val[t] * TWO32, rowSum) : 0;
    }
    wb.endRow();
  }
  const W = wb.build();

  // == Consensus: stake-weighted median per column over rows with active stake ==
  const kappa = Number(u16ProportionToFixed(s.kappa));
  const consensus = consensusColumns(activeStake, W, n, kappa);

  // == Clip, validator trust, ranks, incentive ==
  const cb2 = new CsrBuilder(n, W.ptr[n], 'clipped');
  const validatorTrust = new Float64Array(n);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let tv = 0;
    const a = activeStake[i];
    for (let t = W.ptr[i]; t < W.ptr[i + 1]; t++) {
      const j = W.col[t];
      const v = W.val[t];
      const th = consensus[j];
      let c = v;
      if (th < v) {
        if (!(th > 0)) continue;
        c = th;
      }
      cb2.push(j, c);
      tv += c;
      if (a !== 0) ranks[j] += mulFloor(a, c);
    }
    validatorTrust[i] = tv;
    cb2.endRow();
  }
  const clipped = cb2.build();
  const incentive = normalize(ranks);

  // == Weights for bonds: W + penalty (W̄ - W) ==
  const penalty = Number(u16ProportionToFixed(s.bondsPenalty));
  const weightsForBonds = penalty === 0 ? W : penalty === ONE ? clipped : interpolate(W, consensus, penalty, n);

  // == Bonds ==
  const lms = s.lastMechanismStepBlock;
  const lastTempoBig = lms === 0n ? (s.currentBlock > s.tempo ? s.currentBlock - s.tempo : 0n) : lms + 1n;
  const tempoOrder = blockOrder([...s.blockAtRegistration, lastTempoBig]);
  const lastTempo = tempoOrder(lastTempoBig);
  const regT = Float64Array.from(s.blockAtRegistration, tempoOrder);
  const scratch = new RowScratch(n);

  /** Stored bonds, masked for uids registered since the last epoch, each value mapped by `f`. */
  const loadBonds = (f: (b: number) => number): Csr => {
    let cap = 0;
    for (const r of s.bonds) cap += r.uids.length;
    const b = new CsrBuilder(n, cap, 'bonds');
    for (let i = 0; i < n; i++) {
      const row = s.bonds[i];
      for (let t = 0; t < row.uids.length; t++) {
        const j = row.uids[t];
        if (lastTempo <= regT[j]) continue;
        b.push(j, f(row.values[t]));
      }
      b.endRow();
    }
    return b.build();
  };

  let dividends: Float64Array;
  let emaBonds: Csr;
  if (s.yuma3) {
    const bonds = loadBonds((b) => divFloorInt(b * TWO32, 65535)); // u16 / 65535 as I32F32
    let anyConsensus = false;
    for (let j = 0; j < n; j++) if (consensus[j] !== 0) anyConsensus = true;
    if (s.liquidAlpha && anyConsensus) {
      emaBonds = matEmaLiquidAlpha(weightsForBonds, bonds, consensus, memoLiquidAlpha(s), n);
    } else {
      emaBonds = matEmaSparse(weightsForBonds, bonds, Number(bondsAlpha(s.bondsMovingAverage)), n, scratch, 'ema');
    }
    const nnzEma = emaBonds.ptr[n];
    const normVal = pool.float64('ema-normalised', nnzEma);
    normVal.set(emaBonds.val.subarray(0, nnzEma));
    const emaNorm = colNormalize({ ptr: emaBonds.ptr, col: emaBonds.col, val: normVal }, n);
    const perValidator = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let t = emaNorm.ptr[i]; t < emaNorm.ptr[i + 1]; t++) acc += mulFloor(emaNorm.val[t], incentive[emaNorm.col[t]]);
      perValidator[i] = mulFloor(acc, activeStake[i]);
    }
    dividends = normalize(perValidator);
  } else {
    const bonds = colNormalizeIntegers(
      loadBonds((b) => b),
      n,
    );
    const delta = new CsrBuilder(n, weightsForBonds.ptr[n], 'delta');
    for (let i = 0; i < n; i++) {
      const a = activeStake[i];
      for (let t = weightsForBonds.ptr[i]; t < weightsForBonds.ptr[i + 1]; t++) delta.push(weightsForBonds.col[t], mulFloor(weightsForBonds.val[t], a));
      delta.endRow();
    }
    const ema = colNormalize(matEmaSparse(colNormalize(delta.build(), n), bonds, Number(bondsAlpha(s.bondsMovingAverage)), n, scratch, 'ema'), n);
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let t = ema.ptr[i]; t < ema.ptr[i + 1]; t++) acc += mulFloor(incentive[ema.col[t]], ema.val[t]);
      d[i] = acc;
    }
    dividends = normalize(d);
    emaBonds = colMaxUpscale(ema, n);
  }

  // == Emission ==
  const combined = new Float64Array(n);
  for (let i = 0; i < n; i++) combined[i] = incentive[i] + dividends[i];
  const emissionSum = sumOf(combined);
  let serverNorm: Float64Array = incentive;
  let validatorNorm: Float64Array = dividends;
  let combinedNorm = normalize(combined);
  if (emissionSum !== 0) {
    serverNorm = incentive.map((x) => safeDivFast(x, emissionSum));
    validatorNorm = dividends.map((x) => safeDivFast(x, emissionSum));
  } else {
    const fallback = sumOf(activeStake) === 0 ? stake : activeStake;
    validatorNorm = fallback;
    combinedNorm = fallback;
  }
  const rao = s.raoEmission;
  const toRao = (x: Float64Array) => Array.from(x, (v) => (v <= 0 ? '0' : ((BigInt(v) * rao) >> 32n).toString()));
  const toU16 = (x: Float64Array) => Array.from(x, proportionToU16);

  const bondsOut: SparseEntry[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (!newPermits[i]) {
      bondsOut[i] = [];
      continue;
    }
    const row: SparseEntry[] = new Array(emaBonds.ptr[i + 1] - emaBonds.ptr[i]);
    for (let t = emaBonds.ptr[i], k = 0; t < emaBonds.ptr[i + 1]; t++, k++) row[k] = [emaBonds.col[t], proportionToU16(emaBonds.val[t])];
    bondsOut[i] = row;
  }

  return {
    active,
    consensus: toU16(consensus),
    incentive: toU16(incentive),
    dividends: toU16(dividends),
    validator_trust: toU16(validatorTrust),
    stake_weight: toU16(stake),
    emission: toRao(combinedNorm),
    server_emission: toRao(serverNorm),
    validator_emission: toRao(validatorNorm),
    new_validator_permits: newPermits,
    bonds: bondsOut,
  };
}

/** `weighted_median_col_sparse(active_stake, W, n, kappa)`: rows zip with the stake, columns < n count. */
function consensusColumns(activeStake: Float64Array, W: Csr, n: number, kappa: number): Float64Array {
  const rows = Math.min(activeStake.length, W.ptr.length - 1);
  // uids with positive stake, in uid order, get dense positions 0..k (scores missing past the last row count as 0)
  const pos = new Int32Array(activeStake.length).fill(-1);
  let k = 0;
  for (let i = 0; i < activeStake.length; i++) if (activeStake[i] > 0) pos[i] = k++;
  const useStake = new Float64Array(k);
  for (let i = 0; i < activeStake.length; i++) if (pos[i] >= 0) useStake[pos[i]] = activeStake[i];
  const normStake = normalize(useStake);
  const stakeSum = sumOf(normStake);
  const minority = stakeSum - kappa;

  const median = new WeightedMedian(k);
  const score = new Float64Array(k);
  const consensus = new Float64Array(n);

  // Voting rows stored in ascending uid order (the usual case) are walked with one
  // cursor each, column by column; otherwise the rows are transposed first.
  const cursor = new Int32Array(k);
  const end = new Int32Array(k);
  let sorted = true;
  for (let i = 0; i < rows && sorted; i++) {
    if (pos[i] < 0) continue;
    cursor[pos[i]] = W.ptr[i];
    end[pos[i]] = W.ptr[i + 1];
    for (let t = W.ptr[i] + 1; t < W.ptr[i + 1]; t++) if (W.col[t] <= W.col[t - 1]) sorted = false;
  }
  if (sorted) {
    const col = W.col;
    const val = W.val;
    for (let j = 0; j < n; j++) {
      for (let r = 0; r < k; r++) {
        const p = cursor[r];
        if (p < end[r] && col[p] === j) {
          score[r] = val[p];
          cursor[r] = p + 1;
        } else score[r] = 0;
      }
      consensus[j] = median.compute(normStake, score, k, minority, 0, stakeSum);
    }
    return consensus;
  }

  // transpose the rows that vote into columns (counting sort), keeping uid order
  const count = new Int32Array(n + 1);
  for (let i = 0; i < rows; i++) if (pos[i] >= 0) for (let t = W.ptr[i]; t < W.ptr[i + 1]; t++) if (W.col[t] < n) count[W.col[t] + 1]++;
  for (let j = 0; j < n; j++) count[j + 1] += count[j];
  const fill = count.slice(0, n);
  const rowOf = new Int32Array(count[n]);
  const valOf = new Float64Array(count[n]);
  for (let i = 0; i < rows; i++) {
    if (pos[i] < 0) continue;
    for (let t = W.ptr[i]; t < W.ptr[i + 1]; t++) {
      if (W.col[t] >= n) continue;
      const at = fill[W.col[t]]++;
      rowOf[at] = pos[i];
      valOf[at] = W.val[t];
    }
  }
  for (let j = 0; j < n; j++) {
    for (let t = count[j]; t < count[j + 1]; t++) score[rowOf[t]] = valOf[t];
    consensus[j] = median.compute(normStake, score, k, minority, 0, stakeSum);
    for (let t = count[j]; t < count[j + 1]; t++) score[rowOf[t]] = 0;
  }
  return consensus;
}

/** `interpolate_sparse(W, W̄, n, ratio)` for 0 < ratio < 1: entries > 0 in column order. */
function interpolate(W: Csr, consensus: Float64Array, ratio: number, n: number): Csr {
  const out = new CsrBuilder(n, W.ptr[n], 'interpolated');
  const cols: number[] = [];
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    cols.length = 0;
    let sorted = true;
    for (let t = W.ptr[i]; t < W.ptr[i + 1]; t++) {
      const j = W.col[t];
      const v = W.val[t];
      const th = consensus[j];
      const c = th < v ? (th > 0 ? th : 0) : v; // W̄ entry, 0 where clipping dropped it
      const x = v + mulFloor(ratio, c - v);
      if (x > 0) {
        if (cols.length > 0 && cols[cols.length - 1] > j) sorted = false;
        cols.push(j);
        vals[j] = x;
      }
    }
    if (!sorted) cols.sort((a, b) => a - b);
    for (const j of cols) out.push(j, vals[j]);
    out.endRow();
  }
  return out.build();
}

/** Yuma2's column normalisation of stored u16 bonds, in place: (b << 32) / (Σb << 32) = floor(b · 2^32 / Σb). */
function colNormalizeIntegers(m: Csr, n: number): Csr {
  const s = colSums(m, n);
  const nnz = m.ptr[n];
  const val = m.val;
  for (let t = 0; t < nnz; t++) {
    const d = s[m.col[t]];
    val[t] = d !== 0 ? divFloorInt(val[t] * TWO32, d) : val[t] * TWO32;
  }
  return m;
}

/** α(x) through the exact BigInt sigmoid, once per distinct x. */
function memoLiquidAlpha(s: EpochState): (x: number) => number {
  const p: LiquidAlphaParams = {
    low: u16ProportionToFixed(s.alphaLow),
    high: u16ProportionToFixed(s.alphaHigh),
    steepness: BigInt(s.alphaSigmoidSteepness) << 32n,
  };
  const cache = new Map<number, number>();
  return (x) => {
    let a = cache.get(x);
    if (a === undefined) {
      a = Number(liquidAlphaOf(BigInt(x), p));
      cache.set(x, a);
    }
    return a;
  };
}

/**
 * Stake-weighted median per column for sparse rows of I32F32 raw weights
 * (`weighted_median_col_sparse`); exposed for the ported math tests.
 */
export function weightedMedianColumns(stake: Float64Array, rows: [number, number][][], columns: number, majority: number): Float64Array {
  const b = new CsrBuilder(rows.length, 16);
  for (const row of rows) {
    for (const [j, v] of row) b.push(j, v);
    b.endRow();
  }
  return consensusColumns(stake, b.build(), columns, majority);
}
