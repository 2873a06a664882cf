import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { bytesToHex } from '@noble/hashes/utils.js';
import { SubnetError } from '../errors.ts';
import { QUICKNET, roundPoint } from './beacon.ts';
import { AES_GCM_NONCE_BYTES, AES_GCM_SUITE, AES_GCM_TAG_BYTES, decodeTlockCiphertext, encodeTlockCiphertext } from './ciphertext.ts';
import { IBE_BLOCK_BYTES, ibeDecrypt, ibeEncrypt, prepareMasterKey, type IbeHeader, type MasterKey } from './ibe.ts';
import { decodeG1, decodeG2 } from './serialization.ts';

/**
 * Timelock encryption as the `tle` crate's `tle`/`tld` over `TinyBLS381`
 * with `AESGCMStreamCipherProvider`: a fresh 32-byte AES-256-GCM key seals
 * the message, and the key itself is IBE-encrypted to the identity
 * sha256(round), so the beacon's signature of that round opens it.
 */
export interface EncryptOptions {
  /** Compressed G2 beacon public key; drand quicknet unless given. */
  publicKey?: Uint8Array;
  /** Source of random bytes (key, σ, nonce); tests pass a seeded one. */
  random?: (length: number) => Uint8Array;
}

const defaultRandom = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

/** Prepared beacon keys by hex: a process encrypts to one or two beacons (quicknet, a dev beacon). */
const masterKeys = new Map<string, MasterKey>();
const MAX_PREPARED_KEYS = 8;

function masterKeyOf(publicKey: Uint8Array): MasterKey {
  const id = bytesToHex(publicKey);
  let key = masterKeys.get(id);
  if (key === undefined) {
    const point = decodeG2(publicKey);
    if (point === null) throw new SubnetError('TLOCK_BAD_PUBLIC_KEY', 'beacon public key is not a compressed G2 point');
    if (masterKeys.size >= MAX_PREPARED_KEYS) masterKeys.delete(masterKeys.keys().next().value!);
    key = prepareMasterKey(point);
    masterKeys.set(id, key);
  }
  return key;
}

export function timelockEncrypt(message: Uint8Array, round: number | bigint, opts: EncryptOptions = {}): Uint8Array {
  const random = opts.random ?? defaultRandom;
  const pk = masterKeyOf(opts.publicKey ?? QUICKNET.publicKey);
  const identity = roundPoint(round);
  const key = random(IBE_BLOCK_BYTES);
  let header: IbeHeader | null = null;
  while (header === null) header = ibeEncrypt(key, identity, pk, random(IBE_BLOCK_BYTES));
  const nonce = random(AES_GCM_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const sealed = Buffer.concat([cipher.update(message), cipher.final(), cipher.getAuthTag()]);
  return encodeTlockCiphertext({ header, sealed: new Uint8Array(sealed), nonce, cipherSuite: AES_GCM_SUITE });
}

/**
 * Opens a ciphertext with the beacon's signature of its round. Errors:
 * `TLOCK_MALFORMED_CIPHERTEXT` / `TLOCK_UNSUPPORTED_CIPHER_SUITE` (the bytes),
 * `TLOCK_BAD_SIGNATURE` (not a G1 point, or not the secret of the round the
 * header was made for: another round, another beacon, or an altered header),
 * `TLOCK_DECRYPT_FAILED` (the body fails AES-GCM authentication).
 */
export function timelockDecrypt(ciphertext: Uint8Array, signature: Uint8Array): Uint8Array {
  const c = decodeTlockCiphertext(ciphertext);
  const secret = decodeG1(signature);
  if (secret === null) throw new SubnetError('TLOCK_BAD_SIGNATURE', 'beacon signature is not a compressed G1 subgroup point');
  const key = ibeDecrypt(c.header, secret);
  if (key === null)
    throw new SubnetError('TLOCK_BAD_SIGNATURE', 'beacon signature does not open this ciphertext (another round or beacon, or an altered header)');
  const tagAt = c.sealed.length - AES_GCM_TAG_BYTES;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, c.nonce);
    decipher.setAuthTag(c.sealed.subarray(tagAt));
    return new Uint8Array(Buffer.concat([decipher.update(c.sealed.subarray(0, tagAt)), decipher.final()]));
  } catch (cause) {
    throw new SubnetError('TLOCK_DECRYPT_FAILED', 'timelock body failed AES-GCM authentication', { cause });
  }
}
