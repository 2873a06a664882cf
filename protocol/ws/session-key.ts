import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Short-lived ed25519 session keys from node:crypto (sign ≈ 22 µs, verify ≈ 64 µs
 * here, against 0.21 / 0.46 ms for sr25519 in wasm). A hotkey certifies one per
 * connection; every message of the session is then signed with it.
 */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface SessionKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** raw 32-byte public key, as it travels in certificates */
  raw: Uint8Array;
}

export function generateSessionKey(): SessionKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey, raw: new Uint8Array(der.subarray(SPKI_PREFIX.length)) };
}

/** Imports a raw 32-byte ed25519 public key; throws on anything else. */
export function importSessionPublicKey(raw: Uint8Array): KeyObject {
  if (raw.byteLength !== 32) throw new RangeError(`ed25519 public key must be 32 bytes, got ${raw.byteLength}`);
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** The signature is node's own Buffer (a Uint8Array): no copy on the hot path. */
export function sessionSign(key: KeyObject, message: string): Uint8Array {
  return sign(null, Buffer.from(message), key);
}

export function sessionVerify(key: KeyObject, message: string, signature: Uint8Array): boolean {
  if (signature.byteLength !== 64) return false;
  try {
    return verify(null, Buffer.from(message), key, signature);
  } catch {
    return false;
  }
}
