import { describe, expect, it } from 'vitest';
import { rootProportionOf, splitAlphaOut, subnetTerms } from '../../devnet/pallets/subtensor/emission.ts';
import { i32f32Exp, i32f32Ln, u64f64Pow, u96, U96_ONE } from '../../devnet/pallets/subtensor/fixed.ts';
import { nextEmaFlow, powNormalize } from '../../devnet/pallets/subtensor/subnet-emissions.ts';

const TAO = 1_000_000_000n;
const ONE64 = 1n << 64n; // U64F64 / I64F64 one
const ONE32 = 1n << 32n; // I32F32 / U96F32 one
const U64_MAX = (1n << 64n) - 1n;

describe("substrate_fixed's ln and exp in I32F32", () => {
  it('ln(2) is 1 / LOG2_E, the constant cut to 23 fractional bits', () => {
    // log2(2): one halving reaches 1 exactly, so log2 = 1. LOG2_E as I9F23 is 12102203 / 2^23
    // (1.44269502...), in I32F32 bits 12102203 << 9 = 6196327936; 2^64 / 6196327936 = 2977044511.7 → 2977044511
    expect(i32f32Ln(2n * ONE32)).toBe(2_977_044_511n);
    // log2(4) = 2 the same way: 2^65 / 6196327936 = 5954089023.5 → 5954089023
    expect(i32f32Ln(4n * ONE32)).toBe(5_954_089_023n);
    // x < 1 is the negated logarithm of 1/x: ln(1/2) = −ln(2)
    expect(i32f32Ln(ONE32 / 2n)).toBe(-2_977_044_511n);
    expect(i32f32Ln(0n)).toBeNull();
    expect(i32f32Ln(-ONE32)).toBeNull();
  });

  it('exp(0) is 1 and exp(1) the crate constant E cut to 23 bits; larger values follow the 30-term series', () => {
    expect(i32f32Exp(0n)).toBe(ONE32);
    // E as I9F23: 22802600 / 2^23 (2.71828174...), in I32F32 bits 22802600 << 9
    expect(i32f32Exp(ONE32)).toBe(22_802_600n << 9n);
    // the series is truncated term by term: close to, not equal to, e^x
    const e2 = Number(i32f32Exp(2n * ONE32)!) / 2 ** 32;
    expect(Math.abs(e2 - Math.exp(2))).toBeLessThan(1e-7);
    // exp(−x) = 1 / exp(x)
    expect(i32f32Exp(-2n * ONE32)).toBe((ONE32 << 32n) / i32f32Exp(2n * ONE32)!);
    // e^22 > 2^31: the I32F32 range overflows
    expect(i32f32Exp(22n * ONE32)).toBeNull();
  });

  it('safe_pow(x, 1) = exp(ln x) comes back to x within the approximation, and 0 for 0', () => {
    for (const x of [3n, 100n, 30_000n]) {
      const back = Number(u64f64Pow(x * ONE64, ONE64)) / 2 ** 64;
      expect(Math.abs(back - Number(x)) / Number(x)).toBeLessThan(1e-6);
    }
    expect(u64f64Pow(0n, ONE64)).toBe(0n);
  });
});

describe('TAO-flow shares', () => {
  it('one block of the flow EMA adds factor / i64::MAX of the block flow', () => {
    // α = 29_597_889_189_277 / (2^63 − 1) ≈ 3.209e-6 (a one-month half-life), I64F64 bits (factor << 64) / i64::MAX
    const alpha = (29_597_889_189_277n << 64n) / ((1n << 63n) - 1n);
    // from an EMA of 0, 1000 TAO staked in: α · 1e12, i.e. (α_bits · (1e12 << 64)) >> 64
    const ema = nextEmaFlow(0n, 1000n * TAO, 29_597_889_189_277n);
    expect(ema).toBe(alpha * 1000n * TAO);
    expect(Number(ema) / 2 ** 64).toBeCloseTo(3_209_009.6, 0);
    // an outflow pulls it down by the same weight
    expect(nextEmaFlow(ema, -1000n * TAO, 29_597_889_189_277n)).toBeLessThan(ema);
  });

  it('normalizes to shares: the only positive flow takes exactly all, none takes nothing', () => {
    // offsets [f, 0]: f scaled to 1, raised to 1 and divided by itself is exactly one
    expect(powNormalize([5n * ONE64, 0n], ONE64)).toEqual([ONE64, 0n]);
    // no positive flow: the values stay zero, no subnet gets TAO
    expect(powNormalize([0n, 0n], ONE64)).toEqual([0n, 0n]);
    // 1 : 3 gives a quarter and three quarters, up to the ln/exp approximation, never more than the whole
    const [a, b] = powNormalize([ONE64, 3n * ONE64], ONE64);
    expect(Number(a) / 2 ** 64).toBeCloseTo(0.25, 7);
    expect(Number(b) / 2 ** 64).toBeCloseTo(0.75, 7);
    expect(a + b).toBeLessThanOrEqual(ONE64);
  });
});

describe('subnet terms (get_subnet_terms)', () => {
  it('at price 2, 1 TAO goes in with 0.5 alpha, nothing capped', () => {
    // alpha_in = 1e9 / 2 = 5e8 < cap min(alpha emission 1e9, TAO emission 1e9)
    expect(subnetTerms(u96(TAO), TAO, u96(2n), TAO)).toEqual({ taoIn: u96(TAO), alphaIn: u96(TAO / 2n), alphaOut: u96(TAO), excessTao: 0n });
  });

  it('at price 0.5 the alpha is capped at the alpha emission and the TAO it cannot match is excess', () => {
    // alpha_in = 1e9 / 0.5 = 2e9 > cap 1e9 → alpha_in = 1e9, tao_in = 1e9 · 0.5 = 5e8, excess 1e9 − 5e8
    expect(subnetTerms(u96(TAO), TAO, U96_ONE / 2n, TAO)).toEqual({
      taoIn: u96(TAO / 2n),
      alphaIn: u96(TAO),
      alphaOut: u96(TAO),
      excessTao: u96(TAO / 2n),
    });
  });

  it("the cap follows the subnet's own halving, and a zero price puts TAO in without alpha", () => {
    // alpha emission halved to 5e8: at price 0.25, alpha_in = 4e9 > cap 5e8 → tao_in = 5e8 · 0.25 = 1.25e8
    expect(subnetTerms(u96(TAO), TAO / 2n, U96_ONE / 4n, TAO)).toEqual({
      taoIn: u96(125_000_000n),
      alphaIn: u96(TAO / 2n),
      alphaOut: u96(TAO / 2n),
      excessTao: u96(875_000_000n),
    });
    expect(subnetTerms(u96(TAO), TAO, 0n, TAO)).toEqual({ taoIn: u96(TAO), alphaIn: 0n, alphaOut: u96(TAO), excessTao: 0n });
  });
});

describe('alpha out split and root proportion', () => {
  it('root TAO at full weight equal to the alpha issuance takes half of the validator half', () => {
    // tao_weight = u64::MAX / u64::MAX = 1; root TAO 1000 τ against 1000 α issued: proportion 1000 / 2000 = 0.5
    const prop = rootProportionOf(1000n * TAO, U64_MAX, 1000n * TAO);
    expect(prop).toBe(U96_ONE / 2n);
    // no owner cut: server 1e9 · 0.5; root 0.5 · 1e9 · 0.5 = 2.5e8; validators 5e8 − 2.5e8
    expect(splitAlphaOut(u96(TAO), 0, prop)).toEqual({ ownerCut: 0n, server: 500_000_000n, validator: 250_000_000n, root: 250_000_000n });
  });

  it('no root TAO, no root proportion', () => {
    expect(rootProportionOf(0n, 971_718_665_099_567_868n, 1000n * TAO)).toBe(0n);
  });
});
