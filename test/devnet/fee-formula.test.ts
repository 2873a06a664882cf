import { describe, expect, it } from 'vitest';
import { feeDetails, finalFee, lengthToFee, MAX_BLOCK_REF_TIME, TRANSACTION_EXTENSIONS_WEIGHT, weightToFee } from '../../devnet/pallets/transaction-payment.ts';

describe('the spec-381 fee formula', () => {
  it('LinearWeightToFee is ref time × 500,000 / 10^9, rounded to the nearest with a half rounded down', () => {
    expect(weightToFee(2_000n)).toBe(1n);
    expect(weightToFee(2_999n)).toBe(1n);
    expect(weightToFee(3_000n)).toBe(1n); // 1.5: the half goes down
    expect(weightToFee(3_001n)).toBe(2n);
    expect(weightToFee(115_480_000n)).toBe(57_740n);
    // capped at the block's maximum (4 s)
    expect(weightToFee(MAX_BLOCK_REF_TIME * 2n)).toBe(2_000_000_000n);
  });

  it('adds the extensions of a signed extrinsic: 443,643,000', () => {
    const ext = [527_000n, 461_000n, 439_000n, 4_160_000n + 25_000_000n, 6_523_000n + 25_000_000n, 4_747_000n + 125_000_000n, 51_786_000n + 200_000_000n];
    expect(TRANSACTION_EXTENSIONS_WEIGHT).toBe(ext.reduce((a, b) => a + b, 0n));
    expect(TRANSACTION_EXTENSIONS_WEIGHT).toBe(443_643_000n);
  });

  it('fee = base fee + length fee + weight fee + tip; Pays::No pays the tip only', () => {
    expect(lengthToFee(145)).toBe(145n);
    const d = feeDetails({ weight: 606_802_000n, pays: 'Yes' }, 145, 7n);
    expect(d).toEqual({ inclusionFee: { baseFee: 57_740n, lenFee: 145n, adjustedWeightFee: 303_401n }, tip: 7n });
    expect(finalFee(d)).toBe(57_740n + 145n + 303_401n + 7n);
    expect(finalFee(feeDetails({ weight: 606_802_000n, pays: 'No' }, 145, 7n))).toBe(7n);
  });
});
