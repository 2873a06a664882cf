import { describe, expect, it } from 'vitest';
import { createDevBeacon, QUICKNET, roundMessage, timelockDecrypt, timelockEncrypt } from '../../core/timelock/index.ts';
import { loadTleOracle, QUICKNET_ROUND_1000, QUICKNET_ROUND_2000, seededRandom } from '../helpers/timelock.ts';

// Byte compatibility with the tle crate itself (compiled to wasm): what we write it opens,
// what it writes we open, and neither opens with the wrong pulse.
const oracle = loadTleOracle();
const payload = new Uint8Array(1069).map((_, i) => (i * 31 + 7) & 0xff); // the size of a 256-uid WeightsTlockPayload

describe('tle crate (wasm) as oracle', () => {
  it('opens our quicknet ciphertexts with the real pulse', () => {
    const ours = timelockEncrypt(payload, 1000);
    expect(oracle.decrypt(ours, QUICKNET_ROUND_1000.signature)).toEqual(payload);
    const short = new TextEncoder().encode('x');
    expect(oracle.decrypt(timelockEncrypt(short, 2000), QUICKNET_ROUND_2000.signature)).toEqual(short);
  });

  it('writes ciphertexts we open, of the same length as ours', () => {
    const key = seededRandom('oracle-key')(32);
    const theirs = oracle.encrypt(roundMessage(1000), payload, key, QUICKNET.publicKey);
    expect(theirs.length).toBe(timelockEncrypt(payload, 1000).length);
    expect(timelockDecrypt(theirs, QUICKNET_ROUND_1000.signature)).toEqual(payload);
  });

  it('agrees that the pulse of another round opens neither side', () => {
    const ours = timelockEncrypt(payload, 1000);
    expect(() => oracle.decrypt(ours, QUICKNET_ROUND_2000.signature)).toThrow();
    const theirs = oracle.encrypt(roundMessage(1000), payload, seededRandom('k')(32), QUICKNET.publicKey);
    expect(() => timelockDecrypt(theirs, QUICKNET_ROUND_2000.signature)).toThrow(expect.objectContaining({ code: 'TLOCK_BAD_SIGNATURE' }));
  });

  it('agrees on a tampered body', () => {
    const ours = timelockEncrypt(payload, 1000);
    ours[200] ^= 1;
    expect(() => oracle.decrypt(ours, QUICKNET_ROUND_1000.signature)).toThrow();
    expect(() => timelockDecrypt(ours, QUICKNET_ROUND_1000.signature)).toThrow(expect.objectContaining({ code: 'TLOCK_DECRYPT_FAILED' }));
  });

  it('is more lenient than we are about the cipher suite and trailing bytes, which we refuse', () => {
    const ours = timelockEncrypt(payload, 1000);
    const suite = ours.slice();
    suite.set(new TextEncoder().encode('XYZ_GCM_'), ours.length - 8);
    const trailing = new Uint8Array([...ours, 0]);
    for (const [bytes, code] of [
      [suite, 'TLOCK_UNSUPPORTED_CIPHER_SUITE'],
      [trailing, 'TLOCK_MALFORMED_CIPHERTEXT'],
    ] as const) {
      expect(oracle.decrypt(bytes, QUICKNET_ROUND_1000.signature)).toEqual(payload);
      expect(() => timelockDecrypt(bytes, QUICKNET_ROUND_1000.signature)).toThrow(expect.objectContaining({ code }));
    }
  });

  it('interoperates under a dev beacon key too', () => {
    const dev = createDevBeacon('oracle');
    const ours = timelockEncrypt(payload, 77, { publicKey: dev.publicKey });
    expect(oracle.decrypt(ours, dev.sign(77))).toEqual(payload);
    const theirs = oracle.encrypt(roundMessage(77), payload, seededRandom('dev')(32), dev.publicKey);
    expect(timelockDecrypt(theirs, dev.sign(77))).toEqual(payload);
  });
});
