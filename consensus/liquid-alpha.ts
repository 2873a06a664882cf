import { expSafe } from './exp.ts';
import { i32f32FromInt, ONE32, satAdd, satDiv, satMul, satSub } from './fixed.ts';

/**
 * Liquid alpha (Yuma3): the per-edge EMA coefficient from subtensor's
 * `liquid_alpha_sigmoid`, on I32F32 raw bits.
 *
 *   buy  = clamp(w - c, 0, 1), sell = clamp(b - w, 0, 1), x = (w >= b ? buy : sell)
 *   σ    = 1 / (1 + exp_safe((steepness / -100) * (x - 0.5)))
 *   α    = clamp(low + σ (high - low), low, high)
 */

const HALF = 1n << 31n;
const MINUS_100 = i32f32FromInt(-100);

function clamp(v: bigint, lo: bigint, hi: bigint): bigint {
  const m = v < hi ? v : hi;
  return m > lo ? m : lo;
}

export interface LiquidAlphaParams {
  /** `AlphaValues.0 / 65535` as I32F32 raw. */
  low: bigint;
  high: bigint;
  /** `I32F32(AlphaSigmoidSteepness)` raw. */
  steepness: bigint;
}

/** The edge's position on the sigmoid: how far it buys above consensus or sells below its bond. */
export function liquidAlphaInput(consensus: bigint, weight: bigint, bond: bigint): bigint {
  const diffBuy = clamp(satSub(weight, consensus), 0n, ONE32);
  const diffSell = clamp(satSub(bond, weight), 0n, ONE32);
  return weight >= bond ? diffBuy : diffSell;
}

/** α for a sigmoid input x in [0, 1]. */
export function liquidAlphaOf(x: bigint, p: LiquidAlphaParams): bigint {
  const exponent = satMul(satDiv(p.steepness, MINUS_100), satSub(x, HALF));
  const sigmoid = satDiv(ONE32, satAdd(ONE32, expSafe(exponent)));
  const alpha = satAdd(p.low, satMul(sigmoid, satSub(p.high, p.low)));
  return clamp(alpha, p.low, p.high);
}

/**
 * Memoised α: it depends on the sigmoid input x only, and edges share few distinct
 * x values (0 for every edge that neither buys nor sells), so the BigInt series runs
 * once per distinct x.
 */
export function createLiquidAlpha(p: LiquidAlphaParams): (x: bigint) => bigint {
  const cache = new Map<bigint, bigint>();
  return (x) => {
    let a = cache.get(x);
    if (a === undefined) {
      a = liquidAlphaOf(x, p);
      if (cache.size < 1_000_000) cache.set(x, a);
    }
    return a;
  };
}
