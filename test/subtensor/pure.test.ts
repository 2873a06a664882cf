import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { BURN_HALF_LIFE, bumpBurn, decayBurn, decayFactorQ32, powQ32 } from '../../devnet/pallets/subtensor/burn.ts';
import { commitHash, isCommitExpired, isRevealEpoch, revealBlocks } from '../../devnet/pallets/subtensor/commit-reveal.ts';
import { blockEmission, splitAlphaOut } from '../../devnet/pallets/subtensor/emission.ts';
import { neuronToPrune } from '../../devnet/pallets/subtensor/pruning.ts';
import { blocksUntilNextEpoch, epochIndex, shouldRunEpoch } from '../../devnet/pallets/subtensor/schedule.ts';
import { hasDuplicateUids, lengthOk, maxUpscale, maxWeightOk, rateLimitOk, versionKeyOk } from '../../devnet/pallets/subtensor/weight-checks.ts';

describe('block emission', () => {
  it('is 1 TAO until half the supply, then halves at each threshold', () => {
    expect(blockEmission(0n)).toBe(1_000_000_000n);
    expect(blockEmission(10_499_999_999_999_999n)).toBe(1_000_000_000n);
    expect(blockEmission(10_500_000_000_000_000n)).toBe(500_000_000n);
    expect(blockEmission(15_750_000_000_000_000n)).toBe(250_000_000n);
    expect(blockEmission(21_000_000_000_000_000n)).toBe(0n);
  });
  it('takes the 18% owner cut as a u16 proportion, then halves the rest between miners and validators', () => {
    // cut = U96F32(11796) / U96F32(65535) = 773074452 / 2^32; 1e9 · that = 179995422.3 → 179995422
    expect(splitAlphaOut(1_000_000_000n << 32n, 11796, 0n)).toEqual({ ownerCut: 179_995_422n, server: 410_002_288n, validator: 410_002_288n, root: 0n });
    expect(splitAlphaOut(1_000_000_000n << 32n, 0, 0n)).toEqual({ ownerCut: 0n, server: 500_000_000n, validator: 500_000_000n, root: 0n });
  });
});

describe('burn price', () => {
  it('decays to half over BurnHalfLife blocks and rises 26% per registration, clamped', () => {
    const f = decayFactorQ32(BURN_HALF_LIFE);
    expect(powQ32(f, BURN_HALF_LIFE)).toBeLessThanOrEqual(1n << 31n);
    expect(powQ32(f + 1n, BURN_HALF_LIFE)).toBeGreaterThan(1n << 31n);
    let burn = 1_000_000_000n;
    for (let i = 0; i < BURN_HALF_LIFE; i++) burn = decayBurn(burn, 0n, 10n ** 12n);
    expect(Number(burn)).toBeGreaterThan(499_000_000);
    expect(Number(burn)).toBeLessThanOrEqual(500_000_000);
    expect(bumpBurn(1_000_000_000n, 0n, 10n ** 12n)).toBe(1_260_000_000n);
    expect(bumpBurn(1_000_000_000n, 0n, 1_100_000_000n)).toBe(1_100_000_000n);
    expect(decayBurn(600_000n, 500_000n, 10n ** 12n)).toBeGreaterThanOrEqual(500_000n);
    expect(decayBurn(500_000n, 500_000n, 10n ** 12n)).toBe(500_000n);
  });
});

describe('epoch schedule', () => {
  it('fires when (block + netuid + 1) % (tempo + 1) == 0', () => {
    expect(shouldRunEpoch(1, 10, 9n)).toBe(true);
    expect(shouldRunEpoch(1, 10, 20n)).toBe(true);
    expect(shouldRunEpoch(1, 10, 10n)).toBe(false);
    expect(shouldRunEpoch(1, 0, 9n)).toBe(false);
    expect(blocksUntilNextEpoch(1, 10, 9n)).toBe(10n);
    expect(blocksUntilNextEpoch(1, 10, 19n)).toBe(0n);
    expect(epochIndex(1, 10, 9n)).toBe(1n);
  });
});

describe('commit-reveal v2', () => {
  const hotkey = new Uint8Array(32).fill(7);
  it('hashes the SCALE tuple with blake2-256', () => {
    const registry = new TypeRegistry();
    const encoded = registry.createType('(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)', [hotkey, 3, [0, 1], [65535, 100], [9, 8, 7], 42]).toU8a();
    expect(u8aToHex(commitHash(hotkey, 3, [0, 1], [65535, 100], [9, 8, 7], 42n))).toBe(blake2AsHex(encoded, 256));
  });
  it('opens the reveal only in epoch commit + period and expires after', () => {
    const w = { tempo: 10, revealPeriod: 1n };
    // netuid 1, tempo 10: epoch e covers blocks [11e - 2, 11e + 8]
    expect(revealBlocks(1, w, 12n)).toEqual([20n, 30n]);
    expect(isRevealEpoch(1, w, 12n, 19n)).toBe(false);
    expect(isRevealEpoch(1, w, 12n, 20n)).toBe(true);
    expect(isRevealEpoch(1, w, 12n, 30n)).toBe(true);
    expect(isCommitExpired(1, w, 12n, 30n)).toBe(false);
    expect(isCommitExpired(1, w, 12n, 31n)).toBe(true);
  });
});

describe('weight checks', () => {
  it('max-upscales like vec_u16_max_upscale_to_u16', () => {
    expect(maxUpscale([1, 2, 3])).toEqual([21845, 43690, 65535]);
    expect(maxUpscale([0, 0])).toEqual([0, 0]);
    expect(maxUpscale([40000, 20000, 1])).toEqual([65535, 32767, 2]); // the I32F32 ratio is truncated
    expect(maxUpscale([32768, 16384])).toEqual([65535, 32768]);
  });
  it('applies the version key, rate limit, duplicates, length and max weight rules', () => {
    expect(versionKeyOk(0n, 0n)).toBe(true);
    expect(versionKeyOk(5n, 4n)).toBe(false);
    expect(versionKeyOk(5n, 6n)).toBe(true);
    expect(rateLimitOk(0n, 3n, 100n)).toBe(true);
    expect(rateLimitOk(10n, 50n, 100n)).toBe(false);
    expect(rateLimitOk(10n, 110n, 100n)).toBe(true);
    expect(hasDuplicateUids([1, 2, 1])).toBe(true);
    expect(hasDuplicateUids([1, 2, 3])).toBe(false);
    expect(lengthOk(5, 3, 0, [1, 2], [1, 1])).toBe(false);
    expect(lengthOk(5, 3, 0, [0], [1])).toBe(true);
    expect(lengthOk(2, 3, 0, [1, 2], [1, 1])).toBe(true);
    expect(maxWeightOk(65535, 0, [1], [65535])).toBe(true);
    expect(maxWeightOk(32768, 0, [1, 2], [65535, 65535])).toBe(true);
    expect(maxWeightOk(32767, 0, [1, 2], [65535, 65535])).toBe(false);
  });
});

describe('pruning', () => {
  const c = (uid: number, emission: bigint, registeredAt: bigint, isOwnerHotkey = false) => ({
    uid,
    emission,
    registeredAt,
    isOwnerHotkey,
  });
  it('takes the lowest-emission non-immune uid, never the owner hotkey', () => {
    const cands = [c(0, 0n, 0n, true), c(1, 5n, 0n), c(2, 3n, 1n), c(3, 0n, 95n)];
    expect(neuronToPrune(cands, 100n, 10)).toBe(2);
    expect(neuronToPrune([c(1, 3n, 2n), c(2, 3n, 1n)], 100n, 10)).toBe(2);
    expect(neuronToPrune([c(1, 3n, 95n), c(2, 1n, 96n)], 100n, 10)).toBe(2);
    expect(neuronToPrune([c(0, 0n, 0n, true)], 100n, 10)).toBeNull();
  });
});
