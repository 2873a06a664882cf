import { safeDiv, satMul, roundRaw, toU16, U16_MAX, FRAC32 } from './fixed.ts';

/**
 * Storage forms the chain writes around the epoch.
 */

/**
 * `vec_u16_max_upscale_to_u16`: how `set_weights` stores a weight vector, scaled so
 * that its largest entry becomes 65535 (rounded half away from zero in I32F32).
 * Zero entries are kept. The chain stores `zip(uids, maxUpscaleWeights(values))`.
 */
export function maxUpscaleWeights(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  const fixed = values.map((v) => BigInt(v) << FRAC32);
  const u16Max = U16_MAX << FRAC32;
  let max = fixed[0];
  for (const v of fixed) if (v > max) max = v;
  if (max === 0n) return fixed.map((e) => toU16(satMul(e, u16Max)));
  if (max > 32768n << FRAC32) {
    const ratio = safeDiv(u16Max, max);
    return fixed.map((e) => toU16(roundRaw(satMul(e, ratio))));
  }
  return fixed.map((e) => toU16(roundRaw(safeDiv(satMul(e, u16Max), max))));
}
