import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, tld, tle } from '@ideallabs/timelock_wasm_wrapper';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';

/**
 * Real drand quicknet pulses as subtensor's tests use them
 * (pallets/drand/src/tests.rs, pallets/commitments/src/mock.rs).
 */
export const QUICKNET_ROUND_1000 = {
  round: 1000,
  signature: hexToBytes('b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39'),
  randomness: 'fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd',
};

export const QUICKNET_ROUND_2000 = {
  round: 2000,
  signature: hexToBytes('b6cb8f482a0b15d45936a4c4ea08e98a087e71787caee3f4d07a8a9843b1bc5423c6b3c22f446488b3137eaca799c77e'),
};

/** The pulse subtensor's drand tests reject for round 1000 as badly signed: a valid G1 point that is not quicknet's signature. */
export const NOT_QUICKNET_SIGNATURE = hexToBytes('b0a8b04e009cf72534321aca0f50048da596a3feec1172a0244d9a4a623a3123d0402da79854d4c705e94bc73224c341');

/** Deterministic byte source for reproducible ciphertexts: sha256 of `label/counter` blocks. */
export function seededRandom(label: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let o = 0; o < n; o += 32) out.set(sha256(new TextEncoder().encode(`${label}/${counter++}`)).subarray(0, Math.min(32, n - o)), o);
    return out;
  };
}

/**
 * The `tle` crate compiled to WebAssembly (@ideallabs/timelock.js's wrapper), loaded from
 * its .wasm file without network access: an independent implementation to check byte
 * compatibility against. Its errors come back as thrown `Error`s.
 */
export interface TleOracle {
  encrypt(identity: Uint8Array, message: Uint8Array, key: Uint8Array, publicKey: Uint8Array): Uint8Array;
  decrypt(ciphertext: Uint8Array, signature: Uint8Array): Uint8Array;
}

let loaded = false;
export function loadTleOracle(): TleOracle {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    initSync({ module: readFileSync(require.resolve('@ideallabs/timelock_wasm_wrapper/timelock_wasm_wrapper_bg.wasm')) });
    loaded = true;
  }
  return {
    encrypt: (identity, message, key, publicKey) => new Uint8Array(tle(identity, message, key, publicKey, 'bls12_381')),
    decrypt: (ciphertext, signature) => new Uint8Array(tld(ciphertext, signature, 'bls12_381')),
  };
}
