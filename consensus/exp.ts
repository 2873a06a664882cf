import { checkedDiv, I64_MAX, I64_MIN, ONE32, i32f32FromInt } from './fixed.ts';

/**
 * `substrate_fixed::transcendental::exp::<I32F32, I32F32>` bit for bit, and
 * subtensor's `exp_safe` around it (input clamped to [-20, 20]). Liquid alpha's
 * sigmoid is the only user.
 *
 * The series: result = 1 + x + Σ_{i=2}^{31} term_i, term_i = (term_{i-1} * x) / i,
 * each step with I32F32 floor multiplication and truncating division; for x < 0
 * the result is 1 / exp(|x|).
 */

/** `consts::E` as I9F23 bits (`E.to_bits() >> 103`), widened to I32F32. */
const E_I32F32 = BigInt(Math.floor(Math.E * 2 ** 23)) << 9n;

function checkedMul(a: bigint, b: bigint): bigint | undefined {
  const p = (a * b) >> 32n;
  return p < I64_MIN || p > I64_MAX ? undefined : p;
}

/** `exp`; `undefined` where the Rust version returns `Err(())`. */
export function expFixed(x: bigint): bigint | undefined {
  if (x === 0n) return ONE32;
  if (x === ONE32) return E_I32F32;
  const neg = x < 0n;
  const operand = neg ? -x : x;
  let result = operand + ONE32;
  let term = operand;
  for (let i = 2; i < 32; i++) {
    const t = checkedMul(term, operand);
    if (t === undefined) return undefined;
    const d = checkedDiv(t, i32f32FromInt(i));
    if (d === undefined) return undefined;
    term = d;
    result += term;
    if (result > I64_MAX) return undefined;
  }
  if (neg) return checkedDiv(ONE32, result);
  return result;
}

const MIN_INPUT = i32f32FromInt(-20);
const MAX_INPUT = i32f32FromInt(20);

/** subtensor `exp_safe`: clamp the input to [-20, 20]; on error 0 (input <= 0) or max. */
export function expSafe(input: bigint): bigint {
  const x = input < MIN_INPUT ? MIN_INPUT : input > MAX_INPUT ? MAX_INPUT : input;
  const r = expFixed(x);
  if (r !== undefined) return r;
  return x <= 0n ? 0n : I64_MAX;
}
