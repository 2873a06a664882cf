import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, sr25519Verify as jsVerify } from '@polkadot/util-crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { sr25519Sign, sr25519Verify } from '../../core/sr25519.ts';

beforeAll(async () => {
  await cryptoWaitReady();
});

describe('core/sr25519 (wasm)', () => {
  it('signs what util-crypto verifies and verifies what KeyringPair signs, for any message', () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (message) => {
        const ours = sr25519Sign(alice, message);
        expect(jsVerify(message, ours, alice.publicKey)).toBe(true);
        expect(sr25519Verify(message, alice.sign(message), alice.publicKey)).toBe(true);
        expect(sr25519Verify(message, ours, bob.publicKey)).toBe(false);
        const other = Uint8Array.from([...message, 1]);
        expect(sr25519Verify(other, ours, alice.publicKey)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses malformed keys and signatures instead of throwing', () => {
    const alice = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    const sig = sr25519Sign(alice, new Uint8Array([1, 2, 3]));
    expect(sr25519Verify(new Uint8Array([1, 2, 3]), sig.subarray(0, 63), alice.publicKey)).toBe(false);
    expect(sr25519Verify(new Uint8Array([1, 2, 3]), sig, alice.publicKey.subarray(0, 31))).toBe(false);
  });

  it('leaves other key types and locked pairs to the keyring', () => {
    const ed = new Keyring({ type: 'ed25519' }).addFromUri('//Alice');
    const message = new Uint8Array([9, 9]);
    expect(sr25519Sign(ed, message)).toEqual(ed.sign(message));
    const locked = new Keyring({ type: 'sr25519' }).addFromUri('//Charlie');
    locked.lock();
    expect(() => sr25519Sign(locked, message)).toThrow(/locked/i);
  });
});
