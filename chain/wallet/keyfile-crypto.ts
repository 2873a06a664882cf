import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { naclDecrypt, naclEncrypt, randomAsU8a } from '@polkadot/util-crypto';
import { SubnetError } from '../../core/errors.ts';

/**
 * btwallet's keyfile encryption (src/keyfile.rs): `b"$NACL" ‖ nonce(24) ‖ secretbox(json)`,
 * the secretbox key derived with libsodium's argon2i13 at the SENSITIVE limits
 * and a fixed salt. Same parameters here, so files are interchangeable with btcli.
 */
export const NACL_PREFIX = new TextEncoder().encode('$NACL');
/** `b"\x13q\x83\xdf\xf1Z\t\xbc\x9c\x90\xb5Q\x879\xe9\xb1"` in btwallet. */
export const NACL_SALT = Uint8Array.from([0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc, 0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1]);
/** libsodium crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE */
export const ARGON2I_OPSLIMIT_SENSITIVE = 8;
/** libsodium crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE (bytes) */
export const ARGON2I_MEMLIMIT_SENSITIVE = 536_870_912;
const NONCE_BYTES = 24;

export type KeyfileEncryption = 'nacl' | 'ansible-vault' | 'legacy-fernet' | 'none';

function startsWith(data: Uint8Array, prefix: string): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** Which encryption a keyfile uses, by its prefix (as btwallet detects it). */
export function keyfileEncryption(data: Uint8Array): KeyfileEncryption {
  if (startsWith(data, '$NACL')) return 'nacl';
  if (startsWith(data, '$ANSIBLE_VAULT')) return 'ansible-vault';
  if (startsWith(data, 'gAAAAA')) return 'legacy-fernet';
  return 'none';
}

/** hash-wasm's CommonJS build, for the derivation thread (which has no TypeScript loader) */
const HASH_WASM = createRequire(import.meta.url).resolve('hash-wasm');
const DERIVE_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
require(workerData.module).argon2i(workerData.params).then((key) => parentPort.postMessage(key));
`;

/**
 * argon2i13(password, NACL_SALT, opslimit 8, memlimit 512 MiB) → 32-byte secretbox key.
 * The WebAssembly runs for seconds without yielding, so it runs on a thread of its
 * own: the event loop stays free for a spinner and the chain connection.
 */
export function deriveKeyfileKey(password: string): Promise<Uint8Array> {
  const params = {
    password,
    salt: NACL_SALT,
    parallelism: 1,
    iterations: ARGON2I_OPSLIMIT_SENSITIVE,
    memorySize: ARGON2I_MEMLIMIT_SENSITIVE / 1024,
    hashLength: 32,
    outputType: 'binary',
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(DERIVE_THREAD, { eval: true, workerData: { module: HASH_WASM, params } });
    let key: Uint8Array | undefined;
    worker.once('message', (k: Uint8Array) => (key = new Uint8Array(k)));
    worker.once('error', (err) => reject(new SubnetError('WALLET_KEY_DERIVATION_FAILED', `argon2i key derivation failed: ${err.message}`, { cause: err })));
    worker.once('exit', (code) => {
      if (key) resolve(key);
      else reject(new SubnetError('WALLET_KEY_DERIVATION_FAILED', `argon2i key derivation thread exited with code ${code} and no key`));
    });
  });
}

/** Seals with an already derived key; `nonce` only for reproducible test vectors. */
export function sealKeyfileData(data: Uint8Array, key: Uint8Array, nonce: Uint8Array = randomAsU8a(NONCE_BYTES)): Uint8Array {
  if (nonce.length !== NONCE_BYTES) throw new SubnetError('WALLET_BAD_NONCE', `nonce must be ${NONCE_BYTES} bytes, got ${nonce.length}`);
  const { encrypted } = naclEncrypt(data, key, nonce);
  const out = new Uint8Array(NACL_PREFIX.length + NONCE_BYTES + encrypted.length);
  out.set(NACL_PREFIX, 0);
  out.set(nonce, NACL_PREFIX.length);
  out.set(encrypted, NACL_PREFIX.length + NONCE_BYTES);
  return out;
}

/** Opens `$NACL` data with an already derived key; `undefined` when the key is wrong. */
export function openKeyfileData(data: Uint8Array, key: Uint8Array): Uint8Array | undefined {
  const body = data.subarray(NACL_PREFIX.length);
  if (body.length < NONCE_BYTES + 16) return undefined;
  const opened = naclDecrypt(body.subarray(NONCE_BYTES), body.subarray(0, NONCE_BYTES), key);
  return opened ?? undefined;
}

export async function encryptKeyfileData(data: Uint8Array, password: string): Promise<Uint8Array> {
  return sealKeyfileData(data, await deriveKeyfileKey(password));
}

/**
 * Decrypts keyfile data. A wrong password is `WALLET_WRONG_PASSWORD`; the
 * legacy formats btcli may still have on disk are named, not guessed at.
 */
export async function decryptKeyfileData(data: Uint8Array, password: string, what = 'keyfile'): Promise<Uint8Array> {
  const kind = keyfileEncryption(data);
  if (kind === 'none') return data;
  if (kind !== 'nacl') {
    throw new SubnetError(
      'WALLET_UNSUPPORTED_ENCRYPTION',
      `${what} uses the legacy ${kind} encryption; re-encrypt it with btcli (btcli wallet regen-coldkey) or regenerate it from its mnemonic`,
    );
  }
  const opened = openKeyfileData(data, await deriveKeyfileKey(password));
  if (!opened) throw new SubnetError('WALLET_WRONG_PASSWORD', `wrong password for ${what}`);
  return opened;
}
