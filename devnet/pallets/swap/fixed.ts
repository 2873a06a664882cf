/**
 * substrate_fixed's unsigned fixed-point numbers as the runtime computes with
 * them, on raw bits held in a bigint: `U64F64` (64 fractional bits, 128 in all)
 * and the `U96F32` the price is read in. Multiplication and division truncate
 * (round toward zero) and saturate at the type's range, `safeDiv` by zero gives
 * zero (safe_math's `safe_div`), `toU64` drops the fraction and saturates, as
 * `saturating_to_num::<u64>()`. Bit-exact results matter: every swap amount the
 * chain pays is one of these truncations.
 */
export const FRAC_BITS = 64n;
export const ONE = 1n << FRAC_BITS;
const U128_MAX = (1n << 128n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

/** `U64F64` bits of an integer (`saturating_from_num(u64)`). */
export function fromInt(n: bigint): bigint {
  return sat(n << FRAC_BITS);
}

/**
 * `U64F64::saturating_from_num(f64)`: the double's exact value, rounded to the
 * nearest 2^-64 (ties to even), as `fixed`'s float conversion does.
 */
export function fromF64(x: number): bigint {
  if (!(x > 0)) return 0n;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = exp - 1075; // x = mant * 2^e
  if (exp === 0) e = -1074;
  else mant |= 1n << 52n;
  const shift = BigInt(e) + FRAC_BITS; // bits = mant * 2^shift
  if (shift >= 0n) return sat(mant << shift);
  const drop = -shift;
  const q = mant >> drop;
  const rem = mant - (q << drop);
  const half = 1n << (drop - 1n);
  const up = rem > half || (rem === half && (q & 1n) === 1n);
  return sat(up ? q + 1n : q);
}

function sat(bits: bigint): bigint {
  return bits > U128_MAX ? U128_MAX : bits < 0n ? 0n : bits;
}

export function add(a: bigint, b: bigint): bigint {
  return sat(a + b);
}

export function sub(a: bigint, b: bigint): bigint {
  return a > b ? a - b : 0n;
}

export function mul(a: bigint, b: bigint): bigint {
  return sat((a * b) >> FRAC_BITS);
}

/** `safe_div`: zero when dividing by zero. */
export function div(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n;
  return sat((a << FRAC_BITS) / b);
}

/** `saturating_to_num::<u64>()`: the integer part, at most `u64::MAX`. */
export function toU64(a: bigint): bigint {
  const n = a >> FRAC_BITS;
  return n > U64_MAX ? U64_MAX : n;
}

/** `saturating_round()` then to u64: half away from zero. */
export function roundToU64(a: bigint): bigint {
  const n = (a + (ONE >> 1n)) >> FRAC_BITS;
  return n > U64_MAX ? U64_MAX : n;
}

/**
 * safe_math's `checked_sqrt(epsilon)`: bisection between 0 and max(x, 1)
 * until `x / middle` is within `epsilon` of `middle`, at most 129 rounds.
 */
export function sqrt(x: bigint, epsilon: bigint): bigint {
  let high: bigint;
  let low: bigint;
  if (x > ONE) {
    high = x;
    low = 0n;
  } else {
    high = ONE;
    low = x;
  }
  const two = fromInt(2n);
  let middle = div(add(high, low), two);
  let check = div(x, middle);
  let iteration = 0;
  while ((check > middle ? check - middle : middle - check) > epsilon) {
    if (check < middle) high = middle;
    else low = middle;
    middle = div(add(high, low), two);
    check = div(x, middle);
    iteration++;
    if (iteration > 128) break;
  }
  return middle;
}

/** `U96F32::saturating_from_num(U64F64)`: the fraction cut to 32 bits, back in U64F64 bits. */
export function truncateToU96F32(a: bigint): bigint {
  return (a >> 32n) << 32n;
}

/** Integer square root, floor (sp_arithmetic's `helpers_128bit::sqrt`). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}
