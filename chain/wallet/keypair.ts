import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import {
  cryptoWaitReady,
  decodeAddress,
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
// @scure/sr25519 is the sr25519 backend of @polkadot/util-crypto; used directly for secret → public.
import * as sr25519 from '@scure/sr25519';
import { SubnetError } from '../../core/errors.ts';

export type { KeyringPair };

/** Bittensor's SS58 prefix ("5…" addresses). */
export const SS58_FORMAT = 42;
/** Substrate's development phrase; `//Alice` is short for `<DEV_PHRASE>//Alice`. */
export const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

/**
 * An sr25519 key with whatever secret material it came from. `secretKey` is the
 * 64-byte schnorrkel secret in polkadot-js's (ed25519-expanded) form; btwallet
 * stores the canonical form, see `toCanonicalSecret`.
 */
export interface KeyMaterial {
  publicKey: Uint8Array;
  secretKey?: Uint8Array;
  mnemonic?: string;
  /** 32-byte mini secret (btwallet `secretSeed`) */
  seed?: Uint8Array;
}

let ready: Promise<boolean> | undefined;
/** The sr25519 backend must be initialised once before keys are derived. */
export function cryptoReady(): Promise<boolean> {
  ready ??= cryptoWaitReady();
  return ready;
}

export function ss58Of(publicKey: Uint8Array): string {
  return encodeAddress(publicKey, SS58_FORMAT);
}

/** Validates an ss58 address (any prefix) and returns its 32-byte public key. */
export function publicKeyOf(address: string): Uint8Array {
  try {
    const pk = decodeAddress(address);
    if (pk.length !== 32) throw new Error('not 32 bytes');
    return pk;
  } catch (err) {
    throw new SubnetError('WALLET_BAD_ADDRESS', `'${address}' is not a valid ss58 address`, { cause: err });
  }
}

export function generateMnemonic(words: 12 | 15 | 18 | 21 | 24 = 12): string {
  return mnemonicGenerate(words);
}

export function keyFromMnemonic(mnemonic: string): KeyMaterial {
  const phrase = mnemonic.trim().split(/\s+/).join(' ');
  if (!mnemonicValidate(phrase))
    throw new SubnetError('WALLET_BAD_MNEMONIC', 'the mnemonic is not a valid BIP39 English phrase (check the words and their count)');
  const seed = mnemonicToMiniSecret(phrase);
  return { ...sr25519PairFromSeed(seed), mnemonic: phrase, seed };
}

export function keyFromSeed(seed: string | Uint8Array): KeyMaterial {
  const bytes = typeof seed === 'string' ? hexToU8a(seed) : seed;
  if (bytes.length !== 32) throw new SubnetError('WALLET_BAD_SEED', `a secret seed is 32 bytes (0x + 64 hex digits), got ${bytes.length} bytes`);
  return { ...sr25519PairFromSeed(bytes), seed: bytes };
}

/**
 * schnorrkel keeps the secret scalar in two encodings: canonical (`to_bytes`,
 * what substrate and btwallet store as `privateKey`) and multiplied by the
 * cofactor 8 (`to_ed25519_bytes`, what polkadot-js signs with). The nonce half is
 * the same. These two convert the scalar half with a 3-bit shift.
 */
export function toExpandedSecret(canonical: Uint8Array): Uint8Array {
  const out = Uint8Array.from(canonical);
  let carry = 0;
  for (let i = 0; i < 32; i++) {
    const v = (canonical[i] << 3) | carry;
    out[i] = v & 0xff;
    carry = canonical[i] >> 5;
  }
  return out;
}

export function toCanonicalSecret(expanded: Uint8Array): Uint8Array {
  const out = Uint8Array.from(expanded);
  for (let i = 0; i < 32; i++) {
    const hi = i < 31 ? (expanded[i + 1] & 0x07) << 5 : 0;
    out[i] = (expanded[i] >> 3) | hi;
  }
  return out;
}

/** From btwallet's `privateKey` (64 bytes, canonical schnorrkel form). */
export function keyFromPrivateKey(privateKey: string | Uint8Array): KeyMaterial {
  const bytes = typeof privateKey === 'string' ? hexToU8a(privateKey) : privateKey;
  if (bytes.length !== 64) throw new SubnetError('WALLET_BAD_PRIVATE_KEY', `an sr25519 private key is 64 bytes, got ${bytes.length} bytes`);
  const secretKey = toExpandedSecret(bytes);
  return { publicKey: sr25519.getPublicKey(secretKey), secretKey };
}

/**
 * A secret URI: `<mnemonic | 0x seed>[//hard][/soft][///password]`, or a bare
 * path such as `//Alice`, which derives from the development phrase.
 */
export function keyFromUri(uri: string): KeyMaterial {
  const suri = uri.startsWith('/') ? `${DEV_PHRASE}${uri}` : uri;
  let parts: ReturnType<typeof keyExtractSuri>;
  try {
    parts = keyExtractSuri(suri);
  } catch (err) {
    throw new SubnetError('WALLET_BAD_URI', `'${uri.startsWith('/') ? uri : '<secret uri>'}' is not a valid secret URI`, { cause: err });
  }
  const base = parts.phrase.startsWith('0x') ? keyFromSeed(checkedHexSeed(parts.phrase)) : keyFromMnemonic(parts.phrase);
  if (parts.path.length === 0) return base;
  const derived = keyFromPath({ publicKey: base.publicKey, secretKey: base.secretKey! }, parts.path, 'sr25519');
  return { publicKey: derived.publicKey, secretKey: derived.secretKey };
}

/**
 * A `0x` phrase is meant as a hex seed, never a mnemonic: name what is wrong with it (without
 * echoing the secret) rather than calling it a bad mnemonic.
 */
function checkedHexSeed(phrase: string): string {
  const digits = phrase.slice(2);
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) throw new SubnetError('WALLET_BAD_SEED', `bad hex seed: character ${bad.index + 3} is not a hex digit (a seed is 0x + 64 hex digits)`);
  if (digits.length !== 64) throw new SubnetError('WALLET_BAD_SEED', `bad hex seed: ${digits.length} hex digits after 0x, a seed is 0x + 64 hex digits`);
  return phrase;
}

/** A signing pair for @polkadot/api; requires the secret key. */
export function toKeyringPair(key: KeyMaterial): KeyringPair {
  if (!key.secretKey) throw new SubnetError('WALLET_PUBLIC_ONLY', `key ${ss58Of(key.publicKey)} has no secret part (public-only keyfile)`);
  return new Keyring({ type: 'sr25519', ss58Format: SS58_FORMAT }).addFromPair({ publicKey: key.publicKey, secretKey: key.secretKey });
}

export function hexOf(bytes: Uint8Array): string {
  return u8aToHex(bytes);
}
