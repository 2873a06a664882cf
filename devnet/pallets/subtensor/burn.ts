/**
 * Registration price (HEAD subnets/registration.rs): every block the burn decays
 * by a Q32 factor `f` with `f^half_life = 1/2`, and every registration multiplies
 * it by BurnIncreaseMult; both are clamped to [MinBurn, MaxBurn]. The spec-293
 * runtime has no storage for the half-life and multiplier, so the devnet uses the
 * runtime's initial values as constants.
 */
export const BURN_HALF_LIFE = 360;
/** BurnIncreaseMult 1.26 as a ratio. */
const INCREASE_NUM = 126n;
const INCREASE_DEN = 100n;
const ONE_Q32 = 1n << 32n;
const HALF_Q32 = 1n << 31n;
const U64_MAX = (1n << 64n) - 1n;

export function mulByQ32(value: bigint, factorQ32: bigint): bigint {
  const shifted = (value * factorQ32) >> 32n;
  return shifted > U64_MAX ? U64_MAX : shifted;
}

export function powQ32(baseQ32: bigint, exp: number): bigint {
  let result = ONE_Q32;
  let factor = baseQ32;
  let power = exp;
  while (power > 0) {
    if (power & 1) result = mulByQ32(result, factor);
    power >>= 1;
    if (power > 0) factor = mulByQ32(factor, factor);
  }
  return result;
}

/** Largest Q32 `f` with `f^halfLife <= 1/2` (the chain's bisection). */
export function decayFactorQ32(halfLife: number): bigint {
  if (halfLife === 0) return ONE_Q32;
  let lo = 0n;
  let hi = ONE_Q32;
  while (lo + 1n < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (powQ32(mid, halfLife) > HALF_Q32) hi = mid;
    else lo = mid;
  }
  return lo;
}

const DECAY_Q32 = decayFactorQ32(BURN_HALF_LIFE);

function clamp(v: bigint, min: bigint, max: bigint): bigint {
  if (v < min) return min;
  if (v > max) return max;
  return v;
}

/** The burn after one block of decay. */
export function decayBurn(burn: bigint, minBurn: bigint, maxBurn: bigint): bigint {
  return clamp(mulByQ32(burn, DECAY_Q32), minBurn, maxBurn);
}

/** The burn after one registration. */
export function bumpBurn(burn: bigint, minBurn: bigint, maxBurn: bigint): bigint {
  return clamp((burn * INCREASE_NUM) / INCREASE_DEN, minBurn, maxBurn);
}
