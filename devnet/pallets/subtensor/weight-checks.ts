/**
 * The pure checks `set_weights` applies (subnets/weights.rs, spec-293 runtime)
 * and the max-upscale the chain stores weights with (epoch/math.rs
 * `vec_u16_max_upscale_to_u16`), in the I32F32 arithmetic the chain uses.
 */
const HALF = 1n << 31n;
const U16_MAX = 65535n;

/** A single entry on the caller's own uid: allowed without a permit and below the minimum length. */
export function isSelfWeight(uid: number, uids: readonly number[], values: readonly number[]): boolean {
  return values.length === 1 && uids.length > 0 && uids[0] === uid;
}

export function hasDuplicateUids(uids: readonly number[]): boolean {
  return new Set(uids).size !== uids.length;
}

/** Accept when the network key is 0 or the caller's key is at least the network's. */
export function versionKeyOk(networkKey: bigint, versionKey: bigint): boolean {
  return networkKey === 0n || versionKey >= networkKey;
}

/** `LastUpdate == 0` means never set; otherwise at least `limit` blocks must have passed. */
export function rateLimitOk(lastUpdate: bigint, block: bigint, limit: bigint): boolean {
  if (lastUpdate === 0n) return true;
  const diff = block > lastUpdate ? block - lastUpdate : 0n;
  return diff >= limit;
}

/** At least `min(n, MinAllowedWeights)` entries, unless it is a single self weight. */
export function lengthOk(n: number, minAllowedWeights: number, uid: number, uids: readonly number[], values: readonly number[]): boolean {
  if (isSelfWeight(uid, uids, values)) return true;
  return values.length >= Math.min(n, minAllowedWeights);
}

function roundFixed(raw: bigint): bigint {
  // I32F32::round: to nearest, ties away from zero (values here are non-negative).
  const r = (raw + HALF) >> 32n;
  return r > U16_MAX ? U16_MAX : r;
}

export function maxUpscale(values: readonly number[]): number[] {
  if (values.length === 0) return [];
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (max === 0) return [...values];
  const m = BigInt(max);
  if (max > 32768) {
    const ratio = (U16_MAX << 32n) / m;
    return values.map((e) => Number(roundFixed(BigInt(e) * ratio)));
  }
  return values.map((e) => Number(roundFixed(((BigInt(e) * U16_MAX) << 32n) / m)));
}

/**
 * `check_vec_max_limited` on the upscaled weights: after normalising to sum 1,
 * no entry may exceed `limit/65535`. A limit of 65535 disables the check, and a
 * self weight is always allowed.
 */
export function maxWeightOk(limit: number, uid: number, uids: readonly number[], upscaled: readonly number[]): boolean {
  if (isSelfWeight(uid, uids, upscaled)) return true;
  if (limit === 65535) return true;
  const limitFixed = (BigInt(limit) << 32n) / U16_MAX;
  let sum = 0n;
  let max = 0n;
  for (const v of upscaled) {
    const b = BigInt(v);
    sum += b;
    if (b > max) max = b;
  }
  if (upscaled.length === 0) return true;
  const maxFixed = sum === 0n ? max << 32n : (max << 32n) / sum;
  return maxFixed <= limitFixed;
}
