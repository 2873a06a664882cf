import sodium from 'sodium-native';

/**
 * Short-lived ed25519 session keys. A hotkey certifies one per connection;
 * every message of the session is then signed with it.
 *
 * libsodium (sodium-native's prebuilt addon) rather than node:crypto: on the
 * 2-core x86 machine it signs in 16 µs and verifies in 40 µs against node's
 * 35 and 95 µs, and the four of them are most of a signed round trip
 * (sr25519 in wasm: 0.21 / 0.46 ms). Ed25519 is deterministic, so both give
 * the same bytes.
 */
export interface SessionKey {
  /** libsodium's 64-byte secret key (seed followed by the public key) */
  privateKey: SessionSecretKey;
  /** raw 32-byte public key, as it travels in certificates */
  raw: Uint8Array;
}

declare const secretBrand: unique symbol;
declare const publicBrand: unique symbol;
export type SessionSecretKey = Buffer & { readonly [secretBrand]: true };
/** A 32-byte ed25519 public key that decodes to a point of the main subgroup. */
export type SessionPublicKey = Buffer & { readonly [publicBrand]: true };

export function generateSessionKey(): SessionKey {
  const pk = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
  const sk = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
  sodium.crypto_sign_keypair(pk, sk);
  return { privateKey: sk as SessionSecretKey, raw: new Uint8Array(pk) };
}

/** The key pair of a 32-byte seed: for fixed examples and test vectors. */
export function sessionKeyFromSeed(seed: Uint8Array): SessionKey {
  if (seed.byteLength !== sodium.crypto_sign_SEEDBYTES) throw new RangeError(`ed25519 seed must be 32 bytes, got ${seed.byteLength}`);
  const pk = Buffer.alloc(sodium.crypto_sign_PUBLICKEYBYTES);
  const sk = Buffer.alloc(sodium.crypto_sign_SECRETKEYBYTES);
  sodium.crypto_sign_seed_keypair(pk, sk, Buffer.from(seed));
  return { privateKey: sk as SessionSecretKey, raw: new Uint8Array(pk) };
}

/** Imports a raw 32-byte ed25519 public key; throws on anything else, small-order points included. */
export function importSessionPublicKey(raw: Uint8Array): SessionPublicKey {
  if (raw.byteLength !== 32) throw new RangeError(`ed25519 public key must be 32 bytes, got ${raw.byteLength}`);
  const key = Buffer.from(raw);
  if (!sodium.crypto_core_ed25519_is_valid_point(key)) throw new RangeError('not a valid ed25519 public key');
  return key as SessionPublicKey;
}

/** The signature is a fresh Buffer (a Uint8Array): frames keep it without a copy. */
export function sessionSign(key: SessionSecretKey, message: string): Uint8Array {
  const signature = Buffer.allocUnsafe(sodium.crypto_sign_BYTES);
  sodium.crypto_sign_detached(signature, Buffer.from(message), key);
  return signature;
}

export function sessionVerify(key: SessionPublicKey, message: string, signature: Uint8Array): boolean {
  if (signature.byteLength !== sodium.crypto_sign_BYTES) return false;
  return sodium.crypto_sign_verify_detached(signature as Buffer, Buffer.from(message), key);
}
