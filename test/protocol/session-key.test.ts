import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSessionKey, importSessionPublicKey, sessionKeyFromSeed, sessionSign, sessionVerify } from '../../protocol/ws/session-key.ts';

// node:crypto (OpenSSL) stands in for the other side: Python peers sign with `cryptography`, also RFC 8032 ed25519
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const opensslPrivate = (seed: Uint8Array) => createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
const opensslPublic = (raw: Uint8Array) => createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });

describe('session keys (libsodium ed25519)', () => {
  it('reproduces RFC 8032 test 1', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const key = sessionKeyFromSeed(seed);
    expect(Buffer.from(key.raw).toString('hex')).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const sig = sessionSign(key.privateKey, '');
    expect(Buffer.from(sig).toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    expect(sessionVerify(importSessionPublicKey(key.raw), '', sig)).toBe(true);
  });

  it('signs what OpenSSL verifies, and verifies what OpenSSL signs', () => {
    const seed = Buffer.alloc(32, 0x42);
    const key = sessionKeyFromSeed(seed);
    const message = 'subnetkit.1.req.a.b.000102.1.1.1700000000123.Embed.12000.68a5';
    const ours = sessionSign(key.privateKey, message);
    expect(verify(null, Buffer.from(message), opensslPublic(key.raw), ours)).toBe(true);
    const theirs = sign(null, Buffer.from(message), opensslPrivate(seed));
    expect(Buffer.from(theirs).equals(Buffer.from(ours))).toBe(true);
    expect(sessionVerify(importSessionPublicKey(key.raw), message, theirs)).toBe(true);
  });

  it('refuses a changed message, another key, a truncated signature', () => {
    const a = generateSessionKey();
    const b = generateSessionKey();
    const sig = sessionSign(a.privateKey, 'hello');
    expect(sessionVerify(importSessionPublicKey(a.raw), 'hello', sig)).toBe(true);
    expect(sessionVerify(importSessionPublicKey(a.raw), 'hellp', sig)).toBe(false);
    expect(sessionVerify(importSessionPublicKey(b.raw), 'hello', sig)).toBe(false);
    expect(sessionVerify(importSessionPublicKey(a.raw), 'hello', sig.subarray(0, 63))).toBe(false);
    const flipped = Buffer.from(sig);
    flipped[10] ^= 1;
    expect(sessionVerify(importSessionPublicKey(a.raw), 'hello', flipped)).toBe(false);
  });

  it('imports only 32-byte keys of the main subgroup', () => {
    expect(() => importSessionPublicKey(new Uint8Array(31))).toThrow(/32 bytes, got 31/);
    // the identity point: small order, so any signature would verify against it for some messages
    const identity = new Uint8Array(32);
    identity[0] = 1;
    expect(() => importSessionPublicKey(identity)).toThrow(/not a valid ed25519 public key/);
    expect(() => sessionKeyFromSeed(new Uint8Array(16))).toThrow(/seed must be 32 bytes/);
  });
});
