import { SubnetError } from '../../core/errors.ts';

/**
 * A subnet's swap pool as spec 381 runs it (pallets/swap/src/pallet/balancer.rs):
 * a weighted (Balancer) pool over the alpha reserve x and the TAO reserve y
 * with weights w1 (alpha) + w2 (TAO) = 1, all liquidity protocol-owned.
 *
 *   price            p = (w1 * y) / (w2 * x)
 *   buy  (∆y in)    ∆x = x * (1 - (y / (y + ∆y))^(w2 / w1))
 *   sell (∆x in)    ∆y = y * (1 - (x / (x + ∆x))^(w1 / w2))
 *
 * With w1 = w2 = 1/2 (`Balancer::default`, what a new pool starts with) this is
 * exactly a constant-product pool: ∆x = x * ∆y / (y + ∆y). Emission injection
 * adds TAO and alpha at the current price and re-weights the pool so the price
 * stays put, so the weights stay at 1/2 unless the pool was migrated from the
 * concentrated-liquidity (v3) pool with reserves off its price; `quoteWeight`
 * models such a pool.
 *
 * Fees (`calculate_fee_amount`, swap_step.rs): `feeRate` of what is paid in is
 * taken before the swap. `DefaultFeeSplit` is zero, so the whole fee goes to
 * the block author and none back into the reserves.
 */
export class BalancerPool {
  constructor(
    public taoReserve: number,
    public alphaReserve: number,
    /** w2, the TAO (quote) weight */
    public quoteWeight = 0.5,
  ) {
    if (!(taoReserve > 0) || !(alphaReserve > 0))
      throw new SubnetError('SIMULATION_INVALID', `a pool needs positive reserves, got ${taoReserve} TAO and ${alphaReserve} alpha`);
    if (!(quoteWeight >= 0.01 && quoteWeight <= 0.99))
      throw new SubnetError('SIMULATION_INVALID', `a pool's TAO weight must be in [0.01, 0.99] (balancer MIN_WEIGHT), got ${quoteWeight}`);
  }

  /** A pool holding `taoReserve` at `price` with equal weights. */
  static atPrice(price: number, taoReserve: number): BalancerPool {
    return new BalancerPool(taoReserve, taoReserve / price);
  }

  get baseWeight(): number {
    return 1 - this.quoteWeight;
  }

  /** TAO per alpha. */
  get price(): number {
    return (this.baseWeight * this.taoReserve) / (this.quoteWeight * this.alphaReserve);
  }

  /** Alpha out for `tao` in; moves the reserves. */
  buy(tao: number, feeRate: number): { alpha: number; fee: number } {
    const quote = this.quoteBuy(tao, feeRate);
    this.taoReserve += tao - quote.fee;
    this.alphaReserve -= quote.alpha;
    return quote;
  }

  /** TAO out for `alpha` in; moves the reserves. */
  sell(alpha: number, feeRate: number): { tao: number; fee: number } {
    const quote = this.quoteSell(alpha, feeRate);
    this.alphaReserve += alpha - quote.fee;
    this.taoReserve -= quote.tao;
    return quote;
  }

  /** What `buy` would pay out, without moving the pool. */
  quoteBuy(tao: number, feeRate: number): { alpha: number; fee: number } {
    if (!(tao > 0)) return { alpha: 0, fee: 0 };
    const fee = tao * feeRate;
    const dy = tao - fee;
    return { alpha: this.alphaReserve * (1 - (this.taoReserve / (this.taoReserve + dy)) ** (this.quoteWeight / this.baseWeight)), fee };
  }

  /** What `sell` would pay out, without moving the pool. */
  quoteSell(alpha: number, feeRate: number): { tao: number; fee: number } {
    if (!(alpha > 0)) return { tao: 0, fee: 0 };
    const fee = alpha * feeRate;
    const dx = alpha - fee;
    return { tao: this.taoReserve * (1 - (this.alphaReserve / (this.alphaReserve + dx)) ** (this.baseWeight / this.quoteWeight)), fee };
  }

  /**
   * `update_weights_for_added_liquidity`: the TAO weight that keeps the price
   * when ∆y TAO and ∆x alpha are added, w2' = w2·x·(y+∆y) / (w1·y·(x+∆x) + w2·x·(y+∆y)).
   * Only the weights change here; the chain adds the reserves afterwards, and
   * adds nothing when the new weight would leave [0.01, 0.99] (it refuses the
   * injection and logs): false then.
   */
  reweightFor(tao: number, alpha: number): boolean {
    const { taoReserve: y, alphaReserve: x, quoteWeight: w2, baseWeight: w1 } = this;
    const q1 = w1 * y * (x + alpha);
    const q2 = w2 * x * (y + tao);
    const next = q1 + q2 > 0 ? q2 / (q1 + q2) : 0.5;
    if (!(next >= 0.01 && next <= 0.99)) return false;
    this.quoteWeight = next;
    return true;
  }

  /** Adds protocol liquidity to the reserves (after `reweightFor`). */
  addReserves(tao: number, alpha: number): void {
    this.taoReserve += tao;
    this.alphaReserve += alpha;
  }
}
