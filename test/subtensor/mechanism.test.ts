import { describe, expect, it } from 'vitest';
import {
  combineMechanisms,
  mechanismStorageIndex,
  mechanismWeightBits,
  splitEmission,
  weightedAccAlpha,
  weightedAccU16,
  type MechanismTerms,
} from '../../devnet/pallets/subtensor/mechanism.ts';

const ONE = 1n << 64n;

describe('mechanism storage index', () => {
  it('is mecid · 4096 + netuid, so mechanism 0 is the netuid itself', () => {
    expect(mechanismStorageIndex(7, 0)).toBe(7);
    expect(mechanismStorageIndex(7, 1)).toBe(4103);
    expect(mechanismStorageIndex(4095, 15)).toBe(65535);
  });
});

describe('emission split between mechanisms (split_emissions)', () => {
  // the cases of subtensor's tests/mechanism.rs
  it('splits evenly without a stored split', () => {
    expect(splitEmission(25n, 5, undefined)).toEqual([5n, 5n, 5n, 5n, 5n]);
  });
  it('gives the flooring remainder of an even split to mechanism 0', () => {
    expect(splitEmission(10n, 4, undefined)).toEqual([4n, 2n, 2n, 2n]);
  });
  it('floors each share of a stored split and gives the rest to mechanism 0', () => {
    expect(splitEmission(19n, 5, [3450, 6899, 10348, 17247, 27594])).toEqual([1n, 2n, 3n, 5n, 8n]);
    // 1e9 · 16384 / 65535 = 250003814.7…, 1e9 · 49151 / 65535 = 749996185.2…; the lost 1 goes to mechanism 0
    expect(splitEmission(1_000_000_000n, 2, [16384, 49151])).toEqual([250_003_815n, 749_996_185n]);
  });
  it('pads a split shorter than the mechanism count with zeros', () => {
    expect(splitEmission(1_000n, 3, [65535])).toEqual([1_000n, 0n, 0n]);
  });
  it('always adds up to the subnet emission', () => {
    for (const alpha of [0n, 1n, 7n, 999_999_999n, 123_456_789_012n]) {
      for (const [count, split] of [
        [2, undefined],
        [3, undefined],
        [2, [1, 65534]],
        [3, [21845, 21845, 21845]],
      ] as [number, number[] | undefined][]) {
        const parts = splitEmission(alpha, count, split);
        expect(parts).toHaveLength(count);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(alpha);
      }
    }
  });
});

describe('combining mechanism results (epoch_with_mechanisms)', () => {
  it('weighs each mechanism by its emission share in U64F64, truncated', () => {
    expect(mechanismWeightBits(250_003_815n, 1_000_000_000n, 0)).toBe(4_611_756_392_756_029_105n);
    expect(mechanismWeightBits(749_996_185n, 1_000_000_000n, 1)).toBe(13_834_987_680_953_522_510n);
    // no emission: mechanism 0 carries everything
    expect(mechanismWeightBits(0n, 0n, 0)).toBe(ONE);
    expect(mechanismWeightBits(0n, 0n, 1)).toBe(0n);
  });
  it('truncates after each mechanism and saturates', () => {
    const w0 = 4_611_756_392_756_029_105n;
    const w1 = 13_834_987_680_953_522_510n;
    // 30000·0.2500038 = 7500.11 → 7500, then + 30000·0.7499962 = 22499.88 → 22499: 29999, not 30000
    expect(weightedAccU16(weightedAccU16(0, 30000, w0), 30000, w1)).toBe(29999);
    expect(weightedAccU16(65535, 65535, ONE)).toBe(65535);
    expect(weightedAccAlpha(0n, 999_999n, w1)).toBe(749_995n);
  });
  it('adds emissions, weighs the per-uid terms and ORs the flags', () => {
    const m = (emission: bigint, server: bigint[], div: number[], active: boolean[], permit: boolean[]): MechanismTerms => ({
      emission,
      server_emission: server,
      validator_emission: [emission - server[0] - server[1], 0n],
      dividends: div,
      stake_weight: [65535, 0],
      active,
      combined_emission: server.map((s, i) => s + (i === 0 ? emission - server[0] - server[1] : 0n)),
      consensus: [0, 65535],
      validator_trust: [65535, 0],
      new_validator_permits: permit,
    });
    const total = 1_000n;
    const [e0, e1] = splitEmission(total, 2, undefined);
    const out = combineMechanisms(
      2,
      [m(e0, [0n, 250n], [65535, 0], [true, false], [true, false]), m(e1, [0n, 500n], [65535, 0], [false, true], [false, false])],
      total,
    );
    expect(out.server_emission).toEqual([0n, 750n]);
    expect(out.validator_emission).toEqual([250n, 0n]);
    // 65535 · ½ = 32767.5 → 32767, twice
    expect(out.dividends).toEqual([65534, 0]);
    expect(out.stake_weight).toEqual([65534, 0]);
    expect(out.consensus).toEqual([0, 65534]);
    expect(out.active).toEqual([true, true]);
    expect(out.new_validator_permits).toEqual([true, false]);
    // combined emission 250 and 500 for uid 1, each weighed ½
    expect(out.emission).toEqual([125n, 375n]);
  });
  it('gives one mechanism its own results back unchanged', () => {
    const terms: MechanismTerms = {
      emission: 777n,
      server_emission: [1n, 2n],
      validator_emission: [3n, 4n],
      dividends: [65535, 12345],
      stake_weight: [1, 65535],
      active: [true, false],
      combined_emission: [4n, 773n],
      consensus: [7, 9],
      validator_trust: [11, 13],
      new_validator_permits: [false, true],
    };
    const out = combineMechanisms(2, [terms], 777n);
    expect(out).toEqual({
      server_emission: [1n, 2n],
      validator_emission: [3n, 4n],
      dividends: [65535, 12345],
      stake_weight: [1, 65535],
      active: [true, false],
      emission: [4n, 773n],
      consensus: [7, 9],
      validator_trust: [11, 13],
      new_validator_permits: [false, true],
    });
  });
});
