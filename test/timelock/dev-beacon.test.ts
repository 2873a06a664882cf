import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { createDevBeacon, QUICKNET, timelockDecrypt, timelockEncrypt, verifyRoundSignature } from '../../core/timelock/index.ts';
import { QUICKNET_ROUND_1000 } from '../helpers/timelock.ts';

describe('dev beacon', () => {
  const dev = createDevBeacon('devnet-seed');

  it('derives the same key from the same seed, another from another seed', () => {
    expect(createDevBeacon('devnet-seed').publicKey).toEqual(dev.publicKey);
    expect(createDevBeacon(new TextEncoder().encode('devnet-seed')).sign(5)).toEqual(dev.sign(5));
    expect(createDevBeacon('other-seed').publicKey).not.toEqual(dev.publicKey);
    expect(dev.publicKey.length).toBe(96);
    expect(dev.publicKey).not.toEqual(QUICKNET.publicKey);
  });

  it('signs rounds the quicknet way: its signatures verify under its key, for their round only', () => {
    for (const round of [1, 2, 1000, 123_456_789]) {
      const sig = dev.sign(round);
      expect(sig.length).toBe(48);
      expect(verifyRoundSignature(round, sig, dev.publicKey)).toBe(true);
      expect(verifyRoundSignature(round + 1, sig, dev.publicKey)).toBe(false);
      expect(verifyRoundSignature(round, sig, QUICKNET.publicKey)).toBe(false);
    }
    expect(verifyRoundSignature(1000, QUICKNET_ROUND_1000.signature, dev.publicKey)).toBe(false);
  });

  it('publishes pulses whose randomness is sha256 of the signature', () => {
    const p = dev.pulse(42);
    expect(p.round).toBe(42);
    expect(p.signature).toEqual(dev.sign(42));
    expect(bytesToHex(p.randomness)).toBe(bytesToHex(sha256(p.signature)));
  });

  it('opens ciphertexts made for its key, and only those of the signed round', () => {
    const msg = new TextEncoder().encode('dev commit');
    const ct = timelockEncrypt(msg, 9, { publicKey: dev.publicKey });
    expect(timelockDecrypt(ct, dev.sign(9))).toEqual(msg);
    expect(() => timelockDecrypt(ct, dev.sign(10))).toThrow(expect.objectContaining({ code: 'TLOCK_BAD_SIGNATURE' }));
    expect(() => timelockDecrypt(ct, createDevBeacon('other-seed').sign(9))).toThrow(expect.objectContaining({ code: 'TLOCK_BAD_SIGNATURE' }));
    // a quicknet ciphertext is not opened by the dev beacon's signature of the same round
    expect(() => timelockDecrypt(timelockEncrypt(msg, 1000), dev.sign(1000))).toThrow(expect.objectContaining({ code: 'TLOCK_BAD_SIGNATURE' }));
  });

  it('keeps the timing it is given', () => {
    const timed = createDevBeacon('t', { genesisTime: 1_700_000_000, period: 1 });
    expect([timed.genesisTime, timed.period]).toEqual([1_700_000_000, 1]);
  });

  it('refuses an empty seed', () => {
    expect(() => createDevBeacon('')).toThrow(expect.objectContaining({ code: 'TLOCK_BAD_SEED' }));
  });
});
