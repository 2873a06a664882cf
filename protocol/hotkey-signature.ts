import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { sr25519Sign, sr25519Verify } from '../core/sr25519.ts';

/**
 * sr25519 signatures by hotkeys, over the UTF-8 bytes of a canonical message
 * (no `<Bytes>` wrapping, no pre-hashing: what substrate-interface's
 * `Keypair.sign` and the bittensor dendrite produce).
 */
export type HotkeySigner = KeyringPair;

export async function hotkeyCryptoReady(): Promise<void> {
  await cryptoWaitReady();
}

export function hotkeySign(pair: HotkeySigner, message: string): Uint8Array {
  return sr25519Sign(pair, Buffer.from(message));
}

const publicKeys = new Map<string, Uint8Array | null>();

/** The public key behind an ss58 address, or null when it is not one. Cached: decoding is hot. */
export function publicKeyOf(ss58: string): Uint8Array | null {
  let key = publicKeys.get(ss58);
  if (key === undefined) {
    try {
      key = decodeAddress(ss58);
      if (key.byteLength !== 32) key = null;
    } catch {
      key = null;
    }
    if (publicKeys.size > 100_000) publicKeys.clear();
    publicKeys.set(ss58, key);
  }
  return key;
}

export function hotkeyVerify(ss58: string, message: string, signature: Uint8Array): boolean {
  const key = publicKeyOf(ss58);
  if (key === null || signature.byteLength !== 64) return false;
  try {
    return sr25519Verify(Buffer.from(message), signature, key);
  } catch {
    return false;
  }
}
