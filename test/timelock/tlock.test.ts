import { createDecipheriv } from 'node:crypto';
import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { decodeTlockCiphertext, encodeTlockCiphertext, timelockDecrypt, timelockEncrypt, TLOCK_OVERHEAD_BYTES } from '../../core/timelock/index.ts';
import { NOT_QUICKNET_SIGNATURE, QUICKNET_ROUND_1000, QUICKNET_ROUND_2000, seededRandom } from '../helpers/timelock.ts';

const text = (s: string) => new TextEncoder().encode(s);
const MESSAGE = text('weights for round 1000');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isSubnetError(err) ? err.code : `untyped: ${String(err)}`;
  }
  return undefined;
}

function u64le(bytes: Uint8Array, at: number): number {
  return Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(at, true));
}

describe('timelock encryption with real quicknet signatures', () => {
  it('opens a ciphertext for round 1000 with the round-1000 pulse, and round 2000 with its own', () => {
    expect(timelockDecrypt(timelockEncrypt(MESSAGE, 1000), QUICKNET_ROUND_1000.signature)).toEqual(MESSAGE);
    const long = new Uint8Array(4000).map((_, i) => i * 7);
    expect(timelockDecrypt(timelockEncrypt(long, 2000), QUICKNET_ROUND_2000.signature)).toEqual(long);
    expect(timelockDecrypt(timelockEncrypt(new Uint8Array(0), 1000), QUICKNET_ROUND_1000.signature)).toEqual(new Uint8Array(0));
  });

  it('lays the bytes out as the tle crate serializes TLECiphertext', () => {
    const random = seededRandom('layout');
    // the first three draws are the AES key, σ and the nonce, in that order
    const peek = seededRandom('layout');
    const [key, sigma, nonce] = [peek(32), peek(32), peek(12)];
    const ct = timelockEncrypt(MESSAGE, 1000, { random });
    const m = MESSAGE.length;
    expect(ct.length).toBe(244 + m);
    expect(TLOCK_OVERHEAD_BYTES).toBe(244);
    // U: compressed G2 (first byte carries the 0x80 compression flag)
    expect(ct[0] & 0x80).toBe(0x80);
    expect(() => bls.G2.Point.fromBytes(ct.subarray(0, 96))).not.toThrow();
    // V and W: Vec<u8> of 32, W = key ⊕ sha256(σ)
    expect(u64le(ct, 96)).toBe(32);
    expect(u64le(ct, 136)).toBe(32);
    const h4 = sha256(sigma);
    expect(ct.subarray(144, 176)).toEqual(key.map((b, i) => b ^ h4[i]));
    // body: Vec<u8> holding AESOutput { ciphertext: Vec<u8>, nonce: Vec<u8> }
    expect(u64le(ct, 176)).toBe(8 + m + 16 + 8 + 12);
    expect(u64le(ct, 184)).toBe(m + 16);
    const sealed = ct.subarray(192, 192 + m + 16);
    expect(u64le(ct, 192 + m + 16)).toBe(12);
    expect(ct.subarray(200 + m + 16, 212 + m + 16)).toEqual(nonce);
    // the body is plain AES-256-GCM under the key, tag appended
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAuthTag(sealed.subarray(m));
    expect(new Uint8Array(Buffer.concat([d.update(sealed.subarray(0, m)), d.final()]))).toEqual(MESSAGE);
    // cipher suite: Vec<u8> "AES_GCM_"
    expect(u64le(ct, 228 + m)).toBe(8);
    expect(new TextDecoder().decode(ct.subarray(236 + m))).toBe('AES_GCM_');
  });

  it('is reproducible with the same random source and differs with another', () => {
    const a = timelockEncrypt(MESSAGE, 1000, { random: seededRandom('same') });
    const b = timelockEncrypt(MESSAGE, 1000, { random: seededRandom('same') });
    const c = timelockEncrypt(MESSAGE, 1000, { random: seededRandom('other') });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(encodeTlockCiphertext(decodeTlockCiphertext(a))).toEqual(a);
  });
});

describe('timelock decryption refuses', () => {
  const ct = timelockEncrypt(MESSAGE, 1000, { random: seededRandom('refusals') });
  const m = MESSAGE.length;
  const open = (bytes: Uint8Array, sig: Uint8Array = QUICKNET_ROUND_1000.signature) => codeOf(() => timelockDecrypt(bytes, sig));
  const altered = (at: number, xor = 1) => {
    const c = ct.slice();
    c[at] ^= xor;
    return c;
  };

  it('truncated ciphertexts, at every field boundary and inside fields', () => {
    for (const cut of [0, 1, 50, 95, 96, 100, 104, 120, 136, 150, 176, 183, 184, 200, 192 + m + 16, 228 + m, 236 + m, ct.length - 1]) {
      expect(open(ct.subarray(0, cut)), `cut at ${cut}`).toBe('TLOCK_MALFORMED_CIPHERTEXT');
    }
  });

  it('trailing bytes, inside the body or after the suite', () => {
    const extra = new Uint8Array(ct.length + 1);
    extra.set(ct);
    expect(open(extra)).toBe('TLOCK_MALFORMED_CIPHERTEXT');
    const bodyLen = altered(176, 0);
    new DataView(bodyLen.buffer).setBigUint64(176, BigInt(8 + m + 16 + 8 + 12 - 1), true);
    expect(open(bodyLen)).toBe('TLOCK_MALFORMED_CIPHERTEXT');
  });

  it('lengths that run past the end, and V/W/nonce of the wrong size', () => {
    const huge = ct.slice();
    new DataView(huge.buffer).setBigUint64(96, 2n ** 63n, true);
    expect(open(huge)).toBe('TLOCK_MALFORMED_CIPHERTEXT');
    const short = new Uint8Array([...ct.subarray(0, 96), 31, 0, 0, 0, 0, 0, 0, 0, ...ct.subarray(104, 135), ...ct.subarray(136)]);
    expect(open(short)).toBe('TLOCK_MALFORMED_CIPHERTEXT');
  });

  it('a header U that is not a G2 subgroup point', () => {
    expect(open(altered(40))).toBe('TLOCK_MALFORMED_CIPHERTEXT');
    const infinity = ct.slice();
    infinity.fill(0, 0, 96);
    infinity[0] = 0xc0;
    expect(open(infinity)).toBe('TLOCK_MALFORMED_CIPHERTEXT');
  });

  it('another cipher suite', () => {
    const suite = ct.slice();
    suite.set(new TextEncoder().encode('XYZ_GCM_'), ct.length - 8);
    expect(open(suite)).toBe('TLOCK_UNSUPPORTED_CIPHER_SUITE');
  });

  it('a tampered body, tag or nonce', () => {
    expect(open(altered(192))).toBe('TLOCK_DECRYPT_FAILED'); // first ciphertext byte
    expect(open(altered(192 + m + 15))).toBe('TLOCK_DECRYPT_FAILED'); // last tag byte
    expect(open(altered(200 + m + 16))).toBe('TLOCK_DECRYPT_FAILED'); // first nonce byte
  });

  it('a tampered header V or W (the IBE check fails)', () => {
    expect(open(altered(104))).toBe('TLOCK_BAD_SIGNATURE');
    expect(open(altered(175, 0x80))).toBe('TLOCK_BAD_SIGNATURE');
  });

  it('signatures of another round, foreign points and non-points', () => {
    expect(open(ct, QUICKNET_ROUND_2000.signature)).toBe('TLOCK_BAD_SIGNATURE');
    expect(open(ct, NOT_QUICKNET_SIGNATURE)).toBe('TLOCK_BAD_SIGNATURE');
    expect(open(ct, bls.G1.Point.BASE.multiply(987654321n).toBytes(true))).toBe('TLOCK_BAD_SIGNATURE');
    expect(open(ct, new Uint8Array(48).fill(0xaa))).toBe('TLOCK_BAD_SIGNATURE');
    expect(open(ct, QUICKNET_ROUND_1000.signature.subarray(0, 40))).toBe('TLOCK_BAD_SIGNATURE');
    // and the untouched ciphertext still opens with the right pulse
    expect(timelockDecrypt(ct, QUICKNET_ROUND_1000.signature)).toEqual(MESSAGE);
  });

  it('a beacon public key that is not a G2 point, at encryption', () => {
    expect(codeOf(() => timelockEncrypt(MESSAGE, 1000, { publicKey: new Uint8Array(96) }))).toBe('TLOCK_BAD_PUBLIC_KEY');
  });
});
