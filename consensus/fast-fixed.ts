/**
 * Exact I32F32 arithmetic on doubles.
 *
 * An I32F32 raw value is an i64; the epoch's working values (proportions in
 * [0, 1], sums of a few thousand of them, u16 weights) stay far below 2^53, where
 * a double holds every integer exactly. The only places a double would round are
 * products (up to 2^64) and the dividend `a << 32` of a division, so those are
 * split into pieces that stay below 2^53:
 *
 * - `mulFloor` splits one factor into 16-bit halves;
 * - `divFrac` does long division in chunks sized so each partial dividend fits.
 *
 * Each function states the operand range it is exact on; the epoch keeps inside
 * it (values it cannot bound go through the BigInt functions of `fixed.ts`), and
 * property tests check equality with `fixed.ts` over those ranges.
 */

const TWO16 = 65536;
const TWO32 = 4294967296;

/**
 * `(a * b) >> 32` (floor), exact for integers with |a| < 2^37 and |a * b| < 2^69,
 * e.g. any two values of magnitude <= 2^34.
 */
export function mulFloor(a: number, b: number): number {
  const bh = Math.floor(b / TWO16);
  const bl = b - bh * TWO16; // 0 <= bl < 2^16, also for negative b
  // a*b / 2^32 = (a*bh + a*bl / 2^16) / 2^16, and floor(floor(x) / 2^16) = floor(x / 2^16)
  return Math.floor((a * bh + Math.floor((a * bl) / TWO16)) / TWO16) + 0; // + 0 turns -0 into 0
}

/** `floor(a / b)` for integers 0 <= a < 2^53, 0 < b < 2^53 (the double quotient corrected by its remainder). */
export function divFloorInt(a: number, b: number): number {
  let q = Math.floor(a / b);
  const r = a - q * b;
  if (r < 0) q--;
  else if (r >= b) q++;
  return q;
}

/**
 * `floor((a << 32) / b)`: I32F32 division (Rust truncation equals floor here) for
 * integers 0 <= a < 2^53, 0 < b < 2^49, when the quotient is below 2^53. Returns
 * NaN where those bounds do not hold, so callers can take the BigInt path.
 *
 * `a * 2^32` is exact in a double and IEEE division rounds correctly, so the double
 * quotient x is within x * 2^-53 of the true one; its floor is the answer unless x
 * lies that close to an integer, where the exact long division decides.
 */
export function divFrac(a: number, b: number): number {
  const x = (a * TWO32) / b;
  const q = Math.floor(x);
  const f = x - q;
  const margin = x * 2.3e-16; // > x * 2^-52
  if (f > margin && f < 1 - margin && x < 9007199254740992) return q;
  return exact(a, b);
}

/** `divFrac` by long division: the integer part, then 32 bits in chunks small enough to stay exact. */
export function divFracExact(a: number, b: number): number {
  let q = Math.floor(a / b);
  let r = a - q * b;
  if (r < 0) {
    q--;
    r += b;
  } else if (r >= b) {
    q++;
    r -= b;
  }
  if (q >= 2097152) return NaN; // q * 2^32 would pass 2^53
  // Remaining 32 quotient bits, `step` at a time, with r * 2^step < 2^53.
  const step = b < 68719476736 ? 16 : b < 2199023255552 ? 11 : b < 35184372088832 ? 8 : b < 562949953421312 ? 4 : 0;
  if (step === 0) return NaN;
  let bits = 32;
  while (bits > 0) {
    const s = bits < step ? bits : step;
    const scale = 2 ** s;
    r *= scale;
    let d = Math.floor(r / b);
    let rr = r - d * b;
    if (rr < 0) {
      d--;
      rr += b;
    } else if (rr >= b) {
      d++;
      rr -= b;
    }
    q = q * scale + d;
    r = rr;
    bits -= s;
  }
  return q;
}

const exact = divFracExact;
const frac = divFrac;

/** I32F32 `safe_div` for non-negative operands: 0 on a zero divisor; BigInt fallback outside divFrac's range. */
export function safeDivFast(a: number, b: number): number {
  if (b === 0) return 0;
  const q = frac(a, b);
  if (!Number.isNaN(q)) return q;
  const big = (BigInt(a) << 32n) / BigInt(b);
  if (big > 9223372036854775807n) return 0; // I32F32 overflow: safe_div yields 0
  if (big > 9007199254740991n) throw new RangeError(`I32F32 quotient ${big} is outside the exact double range`);
  return Number(big);
}

/** `fixed_proportion_to_u16` for 0 <= x < 2^37: floor(x * 65535 / 2^32), saturated. */
export function proportionToU16(x: number): number {
  if (x <= 0) return 0;
  const v = Math.floor((x * 65535) / TWO32);
  return v > 65535 ? 65535 : v;
}
