import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { upgradedTerm } from '../../devnet/pallets/subtensor/burn.ts';
import { NEW_SUBNET_ADJUSTMENT_ALPHA } from '../../devnet/pallets/subtensor/calls/network.ts';
import { commitHash, isCommitExpired, isRevealEpoch, revealBlocks } from '../../devnet/pallets/subtensor/commit-reveal.ts';
import { blockEmission, splitAlphaOut } from '../../devnet/pallets/subtensor/emission.ts';
import { immortalOwnerUids, neuronToPrune } from '../../devnet/pallets/subtensor/pruning.ts';
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

describe('registration price at an interval end (upgraded_burn / upgraded_difficulty)', () => {
  const U64_MAX = (1n << 64n) - 1n;
  const TAO = 1_000_000_000n;
  it('moves toward current × (registrations + target) / (2 × target), smoothed by AdjustmentAlpha', () => {
    // alpha 0: the whole step; 6 registrations against a target of 2 double the price
    expect(upgradedTerm(TAO, 6, 2, 0n, 0n, 1000n * TAO)).toBe(2n * TAO);
    // none against a target of 1 halve it
    expect(upgradedTerm(TAO, 0, 1, 0n, 0n, 1000n * TAO)).toBe(TAO / 2n);
    // alpha 1: the price stays
    expect(upgradedTerm(TAO, 6, 2, U64_MAX, 0n, 1000n * TAO)).toBe(TAO);
    // a new subnet's alpha (0.97) takes 3 % of the step; in U110F18 it is 254279 / 2^18, so the
    // price is (254279 × 1 τ + (2^18 − 254279) × 2 τ) / 2^18, rounded down
    expect(upgradedTerm(TAO, 6, 2, NEW_SUBNET_ADJUSTMENT_ALPHA, 0n, 1000n * TAO)).toBe((254_279n * TAO + 7_865n * 2n * TAO) / 262_144n);
  });
  it('clamps to [min, max], and a target of 0 steps toward 0', () => {
    expect(upgradedTerm(TAO, 6, 2, 0n, 0n, 15n * (TAO / 10n))).toBe(15n * (TAO / 10n));
    expect(upgradedTerm(TAO, 0, 1, 0n, 800_000_000n, 1000n * TAO)).toBe(800_000_000n);
    expect(upgradedTerm(TAO, 3, 0, 0n, 500_000n, 1000n * TAO)).toBe(500_000n);
  });
});

describe('epoch schedule', () => {
  it('runs the epoch when (block + netuid + 1) % (tempo + 1) == tempo, the block blocksUntilNextEpoch counts down to', () => {
    // subtensor's own table (run_coinbase.rs): tempo 1 netuid 0 -> block 0, tempo 2 netuid 1 -> 0, tempo 100 netuid 1 -> 98
    expect(shouldRunEpoch(0, 1, 0n)).toBe(true);
    expect(shouldRunEpoch(1, 2, 0n)).toBe(true);
    expect(shouldRunEpoch(1, 100, 98n)).toBe(true);
    expect(shouldRunEpoch(1, 100, 99n)).toBe(false);
    expect(shouldRunEpoch(1, 10, 8n)).toBe(true);
    expect(shouldRunEpoch(1, 10, 19n)).toBe(true);
    expect(shouldRunEpoch(1, 10, 9n)).toBe(false);
    expect(shouldRunEpoch(1, 10, 20n)).toBe(false);
    expect(shouldRunEpoch(1, 0, 8n)).toBe(false);
    expect(blocksUntilNextEpoch(1, 10, 9n)).toBe(10n);
    expect(blocksUntilNextEpoch(1, 10, 19n)).toBe(0n);
    expect(blocksUntilNextEpoch(1, 10, 5n)).toBe(3n);
    for (let block = 0n; block < 50n; block++) expect(shouldRunEpoch(3, 7, block)).toBe(blocksUntilNextEpoch(3, 7, block) === 0n);
    // the epoch runs in the last block of its index; the next block starts the next index
    expect(epochIndex(1, 10, 8n)).toBe(0n);
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
  const c = (uid: number, emission: bigint, registeredAt: bigint, immortal = false) => ({ uid, emission, registeredAt, immortal });
  it('takes the lowest-emission non-immune uid, never an immortal owner uid', () => {
    const cands = [c(0, 0n, 0n, true), c(1, 5n, 0n), c(2, 3n, 1n), c(3, 0n, 95n)];
    expect(neuronToPrune(cands, 100n, 10, 0)).toBe(2);
    expect(neuronToPrune([c(1, 3n, 2n), c(2, 3n, 1n)], 100n, 10, 0)).toBe(2);
    expect(neuronToPrune([c(1, 3n, 95n), c(2, 1n, 96n)], 100n, 10, 0)).toBe(2);
    expect(neuronToPrune([c(0, 0n, 0n, true)], 100n, 10, 0)).toBeNull();
  });
  it('replaces an immune uid instead while no more than MinNonImmuneUids non-immune uids remain', () => {
    // uids 1 and 2 are past their immunity, 3 and 4 still immune (registered at 95 and 96, period 10)
    const cands = [c(0, 0n, 0n, true), c(1, 5n, 0n), c(2, 3n, 1n), c(3, 9n, 95n), c(4, 7n, 96n)];
    expect(neuronToPrune(cands, 100n, 10, 1)).toBe(2);
    expect(neuronToPrune(cands, 100n, 10, 2)).toBe(4);
    expect(neuronToPrune(cands, 100n, 10, 10)).toBe(4);
    // no immune uid to fall back to: nothing is replaced
    expect(neuronToPrune([c(1, 5n, 0n)], 100n, 10, 10)).toBeNull();
  });
  it("keeps the owner's earliest registered hotkeys up to ImmuneOwnerUidsLimit, the owner hotkey always first", () => {
    const owned = [
      { uid: 5, registeredAt: 30n },
      { uid: 2, registeredAt: 10n },
      { uid: 7, registeredAt: 10n },
      { uid: 9, registeredAt: 50n },
    ];
    expect([...immortalOwnerUids(owned, undefined, 2)]).toEqual([2, 7]);
    expect([...immortalOwnerUids(owned, 9, 1)]).toEqual([9]);
    expect([...immortalOwnerUids(owned, 9, 3)]).toEqual([9, 2, 7]);
    expect([...immortalOwnerUids(owned, 7, 3)]).toEqual([2, 7, 5]);
  });
});
