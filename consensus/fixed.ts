/**
 * Reference semantics of the substrate-fixed types subtensor's epoch uses
 * (encointer/substrate-fixed v0.6.0, spec §1), on BigInt raw bits.
 *
 * These are the ground truth: the fast epoch (`epoch.ts`) works on doubles and is
 * proven equal to these functions by property tests; the plain-BigInt epoch
 * (`reference-epoch.ts`) uses them directly.
 *
 * I32F32: i64 raw, 32 fractional bits. I64F64: i128 raw, 64 fractional bits.
 * I96F32: i128 raw, 32 fractional bits.
 */

export const FRAC32 = 32n;
export const ONE32 = 1n << 32n;
export const I64_MIN = -(1n << 63n);
export const I64_MAX = (1n << 63n) - 1n;
export const I128_MIN = -(1n << 127n);
export const I128_MAX = (1n << 127n) - 1n;
export const U64_MAX = (1n << 64n) - 1n;
export const U16_MAX = 65535n;

function clamp(x: bigint, lo: bigint, hi: bigint): bigint {
  return x < lo ? lo : x > hi ? hi : x;
}

// ---------------------------------------------------------------- I32F32

/** `I32F32::saturating_from_num(int)`. */
export function i32f32FromInt(v: bigint | number): bigint {
  return clamp(BigInt(v) << FRAC32, I64_MIN, I64_MAX);
}

/** `saturating_add`. */
export function satAdd(a: bigint, b: bigint): bigint {
  return clamp(a + b, I64_MIN, I64_MAX);
}

/** `saturating_sub`. */
export function satSub(a: bigint, b: bigint): bigint {
  return clamp(a - b, I64_MIN, I64_MAX);
}

/** `a * b`: the double-width product shifted right (arithmetic shift, i.e. floor). */
export function mulRaw(a: bigint, b: bigint): bigint {
  return (a * b) >> FRAC32;
}

/** `saturating_mul`. */
export function satMul(a: bigint, b: bigint): bigint {
  return clamp(mulRaw(a, b), I64_MIN, I64_MAX);
}

/** `checked_mul(..).unwrap_or_default()`: 0 on overflow. */
export function checkedMulOrZero(a: bigint, b: bigint): bigint {
  const p = mulRaw(a, b);
  return p < I64_MIN || p > I64_MAX ? 0n : p;
}

/** `(a << 32) / b` with Rust's truncation toward zero; `undefined` on overflow or b == 0. */
export function checkedDiv(a: bigint, b: bigint): bigint | undefined {
  if (b === 0n) return undefined;
  const q = (a << FRAC32) / b; // BigInt division truncates toward zero, as Rust does
  return q < I64_MIN || q > I64_MAX ? undefined : q;
}

/** `safe_div`: 0 on division by zero and on overflow. */
export function safeDiv(a: bigint, b: bigint): bigint {
  return checkedDiv(a, b) ?? 0n;
}

/** `saturating_div` (b != 0 in every use the epoch makes of it). */
export function satDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('saturating_div by zero');
  return clamp((a << FRAC32) / b, I64_MIN, I64_MAX);
}

/** `I32F32::saturating_to_num::<u16>()`: drop fractional bits (floor), clamp to u16. */
export function toU16(x: bigint): number {
  return Number(clamp(x >> FRAC32, 0n, U16_MAX));
}

/** `fixed_proportion_to_u16(x) = fixed_to_u16(x.saturating_mul(65535))`. */
export function fixedProportionToU16(x: bigint): number {
  return toU16(satMul(x, U16_MAX << FRAC32));
}

/** `u16_proportion_to_fixed(v) = I32F32(v).safe_div(I32F32(65535))`. */
export function u16ProportionToFixed(v: number): bigint {
  return safeDiv(BigInt(v) << FRAC32, U16_MAX << FRAC32);
}

/** `round()`: to nearest, ties away from zero. */
export function roundRaw(x: bigint): bigint {
  const half = 1n << 31n;
  if (x >= 0n) return ((x + half) >> FRAC32) << FRAC32;
  return -(((-x + half) >> FRAC32) << FRAC32);
}

/** `I32F32::saturating_from_num(f32)`: round to nearest, ties to even (used for test literals). */
export function i32f32FromF32(x: number): bigint {
  const scaled = Math.fround(x) * 2 ** 32; // exact: an f32 times a power of two
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  let r = floor;
  if (diff > 0.5 || (diff === 0.5 && floor % 2 !== 0)) r = floor + 1;
  return clamp(BigInt(r), I64_MIN, I64_MAX);
}

// ---------------------------------------------------------------- I64F64

/** `I64F64::saturating_from_num(u64)`. */
export function i64f64FromInt(v: bigint): bigint {
  return clamp(v << 64n, I128_MIN, I128_MAX);
}

/** I64F64 `safe_div`: `(a << 64) / b`, 0 on zero divisor or overflow. */
export function safeDiv64(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  const q = (a << 64n) / b;
  return q < I128_MIN || q > I128_MAX ? 0n : q;
}

/** `I32F32::saturating_from_num(I64F64)`: drop 32 fractional bits (floor), clamp. */
export function i64f64ToI32F32(x: bigint): bigint {
  return clamp(x >> 32n, I64_MIN, I64_MAX);
}

// ---------------------------------------------------------------- I96F32

/**
 * RAO share of an emission: `I96F32::saturating_from_num(x).saturating_mul(I96F32(rao)).saturating_to_num::<u64>()`.
 * Both operands carry 32 fractional bits, so the product is `x_bits * rao` exactly,
 * and the conversion drops the 32 fractional bits.
 */
export function raoShare(xBits: bigint, rao: bigint): bigint {
  if (xBits <= 0n) return 0n;
  return clamp((xBits * rao) >> 32n, 0n, U64_MAX);
}
