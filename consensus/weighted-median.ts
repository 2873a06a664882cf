/**
 * subtensor's `weighted_median` on I32F32 raw values held in doubles (stakes and
 * scores are in [0, 1], so raw values and their sums stay far below 2^53).
 *
 * The pivot is the middle element of the current partition *in input order*, and
 * the lower/upper partitions keep input order, exactly as the Rust code does; ties
 * therefore resolve to the same median.
 */
export class WeightedMedian {
  private a: Int32Array;
  private b: Int32Array;
  private c: Int32Array;

  constructor(capacity: number) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.c = new Int32Array(capacity);
  }

  /**
   * Median of `score[0..k)` weighted by `stake[0..k)`, over the partition 0..k,
   * with `minority = Σstake - kappa` and the partition edges [lo, hi].
   */
  compute(stake: Float64Array, score: Float64Array, k: number, minority: number, lo: number, hi: number): number {
    let cur = this.a;
    let lower = this.b;
    let upper = this.c;
    for (let i = 0; i < k; i++) cur[i] = i;
    let len = k;
    let partitionLo = lo;
    let partitionHi = hi;
    let iterations = 0;
    for (;;) {
      if (len === 0) return 0;
      if (len === 1) return score[cur[0]];
      const pivot = score[cur[len >> 1]];
      let loStake = 0;
      let hiStake = 0;
      let nl = 0;
      let nu = 0;
      for (let t = 0; t < len; t++) {
        const idx = cur[t];
        const s = score[idx];
        if (s === pivot) continue;
        if (s < pivot) {
          loStake += stake[idx];
          lower[nl++] = idx;
        } else {
          hiStake += stake[idx];
          upper[nu++] = idx;
        }
      }
      if (minority < partitionLo + loStake && nl > 0) {
        partitionHi = partitionLo + loStake;
        const t = cur;
        cur = lower;
        lower = t;
        len = nl;
      } else if (partitionHi - hiStake <= minority && nu > 0) {
        partitionLo = partitionHi - hiStake;
        const t = cur;
        cur = upper;
        upper = t;
        len = nu;
      } else {
        return pivot;
      }
      if (++iterations > k) return 0;
    }
  }
}
