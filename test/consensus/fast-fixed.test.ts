import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divFloorInt, divFrac, divFracExact, mulFloor, proportionToU16, safeDivFast } from '../../consensus/fast-fixed.ts';
import { fixedProportionToU16, mulRaw, safeDiv } from '../../consensus/fixed.ts';
import { expSafe } from '../../consensus/exp.ts';

// The fast kernels must equal the BigInt reference semantics bit for bit over the
// ranges the epoch uses them on.

const TWO32 = 2 ** 32;
const int = (min: number, max: number) => fc.integer({ min, max });
const safeInt = (max: number) => fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.double({ min: 0, max, noNaN: true }).map(Math.floor));

describe('fast fixed-point kernels equal substrate-fixed semantics', () => {
  it('mulFloor(a, b) == (a * b) >> 32 for |a|, |b| <= 2^34', () => {
    const operand = fc.oneof(
      int(-(2 ** 31), 2 ** 31),
      fc.double({ min: -(2 ** 34), max: 2 ** 34, noNaN: true }).map(Math.floor),
      fc.constantFrom(0, 1, -1, TWO32, TWO32 - 1, -TWO32, 2 ** 34, -(2 ** 34)),
    );
    fc.assert(
      fc.property(operand, operand, (a, b) => {
        expect(mulFloor(a, b)).toBe(Number(mulRaw(BigInt(a), BigInt(b))));
      }),
      { numRuns: 5000 },
    );
  });

  it('divFrac(a, b) == (a << 32) / b for 0 <= a <= 2^48, 0 < b < 2^49 with quotient < 2^53', () => {
    const divisor = fc.oneof(
      int(1, 2 ** 31),
      safeInt(2 ** 49 - 1).filter((b) => b > 0),
      fc.constantFrom(1, 3, 65535, TWO32, TWO32 + 1, 2 ** 36 - 1, 2 ** 36, 2 ** 41, 2 ** 45, 2 ** 49 - 1),
    );
    fc.assert(
      fc.property(safeInt(2 ** 48), divisor, (a, b) => {
        const expected = (BigInt(a) << 32n) / BigInt(b);
        const got = divFrac(a, b);
        if (expected < 2n ** 53n && a / b < 2 ** 21) expect(got).toBe(Number(expected));
        else expect(Number.isNaN(got) || got === Number(expected)).toBe(true);
        if (expected < 2n ** 53n) expect(safeDivFast(a, b)).toBe(Number(safeDiv(BigInt(a), BigInt(b))));
      }),
      { numRuns: 5000 },
    );
  });

  it('divFrac takes the exact path near integer quotients (normalising a value by itself, by its double)', () => {
    fc.assert(
      fc.property(
        safeInt(2 ** 42).filter((b) => b > 0),
        int(1, 64),
        (b, k) => {
          expect(divFrac(b, b)).toBe(TWO32);
          expect(divFrac(b * k, b * k)).toBe(TWO32);
          expect(divFrac(b, b * 2)).toBe(TWO32 / 2);
          expect(divFracExact(b, b + 1)).toBe(Number((BigInt(b) << 32n) / BigInt(b + 1)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('divFloorInt(a, b) == floor(a / b) below 2^53', () => {
    fc.assert(
      fc.property(
        safeInt(2 ** 53 - 1),
        safeInt(2 ** 53 - 1).filter((b) => b > 0),
        (a, b) => {
          expect(divFloorInt(a, b)).toBe(Number(BigInt(a) / BigInt(b)));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('proportionToU16 == fixed_proportion_to_u16 on [0, 2^36]', () => {
    fc.assert(
      fc.property(fc.oneof(int(0, TWO32), safeInt(2 ** 36)), (x) => {
        expect(proportionToU16(x)).toBe(fixedProportionToU16(BigInt(x)));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('exp_safe (substrate_fixed::transcendental::exp)', () => {
  it('matches e^x closely where its 31-term series converges (|x| <= 5)', () => {
    for (const x of [-5, -3.5, -1, -0.25, 0, 0.25, 0.5, 1, 2, 5]) {
      const got = Number(expSafe(BigInt(Math.round(x * TWO32)))) / TWO32;
      const want = Math.exp(x);
      expect(Math.abs(got - want)).toBeLessThan(1e-6 * want + 1e-8);
    }
  });

  it('keeps the truncated series for large inputs, as substrate-fixed does (e^20 comes out ~0.6 % low)', () => {
    const got = Number(expSafe(20n << 32n)) / TWO32;
    expect(got).toBeLessThan(Math.exp(20));
    expect(got).toBeGreaterThan(Math.exp(20) * 0.99);
    expect(expSafe(25n << 32n)).toBe(expSafe(20n << 32n)); // clamped input
  });

  it('is exact at its special points: exp(0) = 1, exp(1) = E as I9F23', () => {
    expect(expSafe(0n)).toBe(1n << 32n);
    expect(expSafe(1n << 32n)).toBe(BigInt(Math.floor(Math.E * 2 ** 23)) << 9n); // floor(e * 2^23) = 22802600
  });
});
