import type { KeyringPair } from '@polkadot/keyring/types';
import { decodePair } from '@polkadot/keyring/pair/decode';
import { sr25519Verify as scureVerify } from '@polkadot/util-crypto';
import { isReady, sr25519Sign as wasmSign, sr25519Verify as wasmVerify } from '@polkadot/wasm-crypto';

/**
 * sr25519 through @polkadot/wasm-crypto (schnorrkel compiled to wasm) once
 * `cryptoWaitReady()` has run. @polkadot/util-crypto 14 and `KeyringPair.sign`
 * use the pure-JS @scure/sr25519, about 5× slower on this machine (verify
 * 2.7 ms vs 0.46 ms, sign 1.09 ms vs 0.21 ms), and every per-request signature
 * of the protocols and every extrinsic the devnet checks pays that. Both
 * implement schnorrkel with the "substrate" signing context: each verifies the
 * other's signatures. Before wasm is ready, the JS path answers.
 */
export function sr25519Verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (publicKey.byteLength !== 32 || signature.byteLength !== 64) return false;
  return isReady() ? wasmVerify(signature, message, publicKey) : scureVerify(message, signature, publicKey);
}

const secrets = new WeakMap<KeyringPair, { publicKey: Uint8Array; secretKey: Uint8Array } | null>();

/** The pair's 64-byte schnorrkel secret, read once through its own (unencrypted) PKCS#8 export. */
function secretOf(pair: KeyringPair): { publicKey: Uint8Array; secretKey: Uint8Array } | null {
  let s = secrets.get(pair);
  if (s === undefined) {
    try {
      const decoded = decodePair(undefined, pair.encodePkcs8(), 'none');
      s = decoded.secretKey.byteLength === 64 ? { publicKey: pair.publicKey, secretKey: decoded.secretKey } : null;
    } catch {
      s = null;
    }
    secrets.set(pair, s);
  }
  return s;
}

/** `pair.sign(message)` for an sr25519 pair, in wasm when it can be. */
export function sr25519Sign(pair: KeyringPair, message: Uint8Array): Uint8Array {
  if (pair.type !== 'sr25519' || pair.isLocked || !isReady()) return pair.sign(message);
  const s = secretOf(pair);
  return s ? wasmSign(s.publicKey, s.secretKey, message) : pair.sign(message);
}
