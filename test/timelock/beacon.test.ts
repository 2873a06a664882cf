import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { QUICKNET, roundAt, roundMessage, roundRandomness, roundTime, verifyRoundSignature } from '../../core/timelock/index.ts';
import { NOT_QUICKNET_SIGNATURE, QUICKNET_ROUND_1000, QUICKNET_ROUND_2000 } from '../helpers/timelock.ts';

describe('drand quicknet beacon', () => {
  it('names the round message: sha256 of the round as a big-endian u64', () => {
    // sha256(00 00 00 00 00 00 03 e8), computed with Python's hashlib
    expect(bytesToHex(roundMessage(1000))).toBe('f652498d092acd949bad74e40683bf3824fb817980504a0c7e6722cfc5a9c0a3');
    expect(bytesToHex(roundMessage(1000n))).toBe(bytesToHex(roundMessage(1000)));
  });

  it('verifies real quicknet signatures against the public key subtensor configures', () => {
    expect(verifyRoundSignature(QUICKNET_ROUND_1000.round, QUICKNET_ROUND_1000.signature)).toBe(true);
    expect(verifyRoundSignature(QUICKNET_ROUND_2000.round, QUICKNET_ROUND_2000.signature, QUICKNET.publicKey)).toBe(true);
  });

  it('refuses a signature for another round, a foreign point and bytes that are no point', () => {
    expect(verifyRoundSignature(1001, QUICKNET_ROUND_1000.signature)).toBe(false);
    expect(verifyRoundSignature(2000, QUICKNET_ROUND_1000.signature)).toBe(false);
    expect(verifyRoundSignature(1000, NOT_QUICKNET_SIGNATURE)).toBe(false);
    expect(verifyRoundSignature(1000, bls.G1.Point.BASE.multiply(12345n).toBytes(true))).toBe(false);
    const flipped = QUICKNET_ROUND_1000.signature.slice();
    flipped[20] ^= 1;
    expect(verifyRoundSignature(1000, flipped)).toBe(false);
    expect(verifyRoundSignature(1000, QUICKNET_ROUND_1000.signature.subarray(0, 47))).toBe(false);
  });

  it('derives drand randomness as sha256 of the signature', () => {
    expect(bytesToHex(roundRandomness(QUICKNET_ROUND_1000.signature))).toBe(QUICKNET_ROUND_1000.randomness);
  });

  it('carries quicknet constants matching the Drand pallet default config', () => {
    expect(QUICKNET.publicKey.length).toBe(96);
    expect(QUICKNET.genesisTime).toBe(1_692_803_367);
    expect(QUICKNET.period).toBe(3);
    expect(QUICKNET.chainHash).toBe('52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971');
  });

  it('maps time to rounds on the quicknet clock (round 1 at genesis, one every 3 s)', () => {
    expect(roundAt(QUICKNET.genesisTime - 1)).toBe(0);
    expect(roundAt(QUICKNET.genesisTime)).toBe(1);
    expect(roundAt(QUICKNET.genesisTime + 2.9)).toBe(1);
    expect(roundAt(QUICKNET.genesisTime + 3)).toBe(2);
    // round 1000 = genesis + 999 · 3 = 1692803367 + 2997
    expect(roundTime(1000)).toBe(1_692_806_364);
    expect(roundAt(roundTime(1000))).toBe(1000);
  });

  it('refuses rounds that are not u64 values of at least 1', () => {
    for (const bad of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, 2n ** 64n]) {
      let err: unknown;
      try {
        roundMessage(bad);
      } catch (e) {
        err = e;
      }
      expect(isSubnetError(err, 'TLOCK_BAD_ROUND')).toBe(true);
    }
    expect(bytesToHex(roundMessage(2n ** 64n - 1n))).toHaveLength(64);
  });
});
