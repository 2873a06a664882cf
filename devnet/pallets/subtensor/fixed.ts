/**
 * The substrate_fixed numbers the coinbase computes in, on raw bits held in a
 * bigint, rounded as the runtime rounds them (the U64F64 ones live in
 * `../swap/fixed.ts`):
 *
 * - `U96F32` (u128, 32 fractional bits): emission terms, prices, proportions.
 *   Multiplication and division truncate, saturate at the type's range, and a
 *   division by zero gives zero (safe_math's `safe_div`).
 * - `I64F64` (i128, 64 fractional bits): the EMA of a subnet's TAO flow.
 *   Multiplication floors (an arithmetic shift), division truncates.
 * - `I32F32` (i64, 32 fractional bits): substrate_fixed's `ln` and `exp`, which
 *   the TAO-flow shares raise to the power `FlowNormExponent` with. Their
 *   results are not the true logarithm and exponential but the crate's
 *   fixed-step approximations (bit-by-bit log2, a 30-term Taylor series), so
 *   they are reproduced step by step.
 */
const U128_MAX = (1n << 128n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const I128_MAX = (1n << 127n) - 1n;
const I128_MIN = -(1n << 127n);
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);

// ---- U96F32
export const U96_ONE = 1n << 32n;

const satU128 = (b: bigint): bigint => (b > U128_MAX ? U128_MAX : b < 0n ? 0n : b);

export function u96(n: bigint): bigint {
  return satU128(n << 32n);
}
export function u96Add(a: bigint, b: bigint): bigint {
  return satU128(a + b);
}
export function u96Sub(a: bigint, b: bigint): bigint {
  return a > b ? a - b : 0n;
}
export function u96Mul(a: bigint, b: bigint): bigint {
  return satU128((a * b) >> 32n);
}
/** `safe_div` / `checked_div(..).unwrap_or(0)`: zero when dividing by zero. */
export function u96Div(a: bigint, b: bigint): bigint {
  return b === 0n ? 0n : satU128((a << 32n) / b);
}
/** `saturating_to_num::<u64>()`. */
export function u96ToU64(a: bigint): bigint {
  const n = a >> 32n;
  return n > U64_MAX ? U64_MAX : n;
}
/** `U96F32::saturating_from_num(U64F64)`: the fraction cut to 32 bits. */
export function u96FromU64F64(bits: bigint): bigint {
  return bits >> 32n;
}
/** `U64F64::saturating_from_num(U96F32)`: exact below 2^64, saturating above. */
export function u64f64FromU96(bits: bigint): bigint {
  const wide = bits << 32n;
  return wide > U128_MAX ? U128_MAX : wide;
}
/** `U96F32::saturating_from_num(I96F32)`: same bits, negatives to zero. */
export function u96FromI96(bits: bigint): bigint {
  return bits < 0n ? 0n : bits;
}
/** `x / u16::MAX` (owner cut, take): `U96F32(x).safe_div(U96F32(65535))`. */
export function u96PerU16(x: number): bigint {
  return u96Div(u96(BigInt(x)), u96(65535n));
}
/** `x / u64::MAX` (TaoWeight, CKBurn). */
export function u96PerU64(x: bigint): bigint {
  return u96Div(u96(x), u96(U64_MAX));
}

// ---- I64F64
const satI128 = (b: bigint): bigint => (b > I128_MAX ? I128_MAX : b < I128_MIN ? I128_MIN : b);

export function i64f64(n: bigint): bigint {
  return satI128(n << 64n);
}
export function i64f64Add(a: bigint, b: bigint): bigint {
  return satI128(a + b);
}
export function i64f64Sub(a: bigint, b: bigint): bigint {
  return satI128(a - b);
}
export function i64f64Mul(a: bigint, b: bigint): bigint {
  return satI128((a * b) >> 64n);
}
export function i64f64Div(a: bigint, b: bigint): bigint {
  return b === 0n ? 0n : satI128((a << 64n) / b);
}

// ---- I32F32: ln and exp as substrate_fixed's transcendental module computes them
const I32_ONE = 1n << 32n;
const I32_TWO = 2n << 32n;
/** The crate's constants are I9F23 cut from 128-bit ones: log2(e) and e to 23 fractional bits. */
const LOG2_E = (0xb8aa3b295c17f0bbbe87fed0691d3e88n >> 104n) << 9n;
const E = (0xadf85458a2bb4a9aafdc5620273d3cf1n >> 103n) << 9n;

const fitsI64 = (b: bigint): boolean => b >= I64_MIN && b <= I64_MAX;
const satI64 = (b: bigint): bigint => (b > I64_MAX ? I64_MAX : b < I64_MIN ? I64_MIN : b);

function i32Mul(a: bigint, b: bigint): bigint | null {
  const r = (a * b) >> 32n;
  return fitsI64(r) ? r : null;
}
function i32Div(a: bigint, b: bigint): bigint | null {
  if (b === 0n) return null;
  const r = (a << 32n) / b;
  return fitsI64(r) ? r : null;
}

/** A right shift by one that rounds half up (the crate's `rs`). */
const halve = (x: bigint): bigint => (x >> 1n) + (x & 1n);

/** log2 of x >= 1: the integer part by halving, then one fractional bit per squaring. */
function log2AtLeastOne(operand: bigint): bigint {
  let x = operand;
  let result = 0n;
  while (x >= I32_TWO) {
    result += 1n;
    x = halve(x);
  }
  if (x === I32_ONE) return result << 32n;
  for (let i = 0; i < 32; i++) {
    x = (x * x) >> 32n;
    result <<= 1n;
    if (x >= I32_TWO) {
      result |= 1n;
      x = halve(x);
    }
  }
  return result;
}

/** `transcendental::ln::<I32F32, I32F32>`: null where the crate errs (x <= 0, or 1/x overflows). */
export function i32f32Ln(x: bigint): bigint | null {
  if (x <= 0n) return null;
  let log2: bigint;
  if (x < I32_ONE) {
    const inverse = i32Div(I32_ONE, x);
    if (inverse === null) return null;
    log2 = -log2AtLeastOne(inverse);
  } else log2 = log2AtLeastOne(x);
  return (log2 << 32n) / LOG2_E;
}

/** `transcendental::exp::<I32F32, I32F32>`: the Taylor series to the 31st term; null on overflow. */
export function i32f32Exp(operand: bigint): bigint | null {
  if (operand === 0n) return I32_ONE;
  if (operand === I32_ONE) return E;
  const neg = operand < 0n;
  const x = neg ? -operand : operand;
  if (!fitsI64(x)) return null;
  let result = x + I32_ONE;
  if (!fitsI64(result)) return null;
  let term: bigint | null = x;
  for (let i = 2n; i < 32n; i++) {
    term = i32Mul(term, x);
    if (term === null) return null;
    term = i32Div(term, i << 32n);
    if (term === null) return null;
    result += term;
    if (!fitsI64(result)) return null;
  }
  return neg ? i32Div(I32_ONE, result) : result;
}

/**
 * The TAO-flow shares' `safe_pow(val, p)` on U64F64 bits: `exp(p · ln(val))`
 * in I32F32, zero where the logarithm fails, I32F32::MAX where exp overflows.
 */
export function u64f64Pow(val: bigint, p: bigint): bigint {
  const ln = i32f32Ln(satI64(val >> 32n));
  if (ln === null) return 0n;
  const exponent = satI64((satI64(p >> 32n) * ln) >> 32n);
  const e = i32f32Exp(exponent) ?? I64_MAX;
  return e < 0n ? 0n : e << 32n;
}
