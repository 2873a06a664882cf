import { chmodSync, existsSync, readFileSync, unlinkSync } from 'node:fs';
import { hexToU8a } from '@polkadot/util';
import { SubnetError } from '../../core/errors.ts';
import { writeFileAtomic } from '../../core/state-file.ts';
import { decryptKeyfileData, encryptKeyfileData, keyfileEncryption } from './keyfile-crypto.ts';
import { hexOf, keyFromMnemonic, keyFromPrivateKey, keyFromSeed, type KeyMaterial, publicKeyOf, ss58Of, toCanonicalSecret } from './keypair.ts';

/**
 * btwallet's keyfile JSON (`serialized_keypair_to_keyfile_data`). Optional
 * fields are omitted when unknown; public files carry only the first and last.
 */
export interface KeyfileJson {
  accountId?: string;
  publicKey?: string;
  privateKey?: string;
  secretPhrase?: string;
  secretSeed?: string;
  ss58Address?: string;
}

export function keyfileJsonOf(key: KeyMaterial, options: { publicOnly?: boolean } = {}): KeyfileJson {
  const pub = hexOf(key.publicKey);
  const out: KeyfileJson = { accountId: pub, publicKey: pub };
  if (!options.publicOnly) {
    if (key.secretKey) out.privateKey = hexOf(toCanonicalSecret(key.secretKey));
    if (key.mnemonic) out.secretPhrase = key.mnemonic;
    if (key.seed) out.secretSeed = hexOf(key.seed);
  }
  out.ss58Address = ss58Of(key.publicKey);
  return out;
}

/** Same load priority as btwallet: secretPhrase, secretSeed, privateKey, ss58Address (public only). */
export function keyFromKeyfileJson(json: KeyfileJson, what = 'keyfile'): KeyMaterial {
  if (json.secretPhrase) return keyFromMnemonic(json.secretPhrase);
  if (json.secretSeed) return keyFromSeed(json.secretSeed);
  if (json.privateKey) return keyFromPrivateKey(json.privateKey);
  if (json.ss58Address) return { publicKey: publicKeyOf(json.ss58Address) };
  if (json.publicKey) return { publicKey: hexToU8a(json.publicKey) };
  throw new SubnetError('WALLET_BAD_KEYFILE', `${what} has none of secretPhrase, secretSeed, privateKey, ss58Address`);
}

function parseKeyfileJson(bytes: Uint8Array, what: string): KeyfileJson {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as KeyfileJson;
  } catch (err) {
    throw new SubnetError('WALLET_BAD_KEYFILE', `${what} is not a keyfile (expected btwallet JSON)`, { cause: err });
  }
}

export function isKeyfileEncrypted(path: string): boolean {
  return keyfileEncryption(readFileSync(path)) !== 'none';
}

/**
 * Reads a keyfile; `password` is asked for only when the file is encrypted, so
 * plain hotkeys never prompt.
 */
export async function readKeyfile(path: string, password?: () => Promise<string>): Promise<KeyMaterial> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SubnetError('WALLET_KEYFILE_MISSING', `keyfile ${path} does not exist`);
    throw new SubnetError('WALLET_KEYFILE_UNREADABLE', `keyfile ${path} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  if (keyfileEncryption(bytes) !== 'none') {
    if (!password) throw new SubnetError('WALLET_PASSWORD_REQUIRED', `keyfile ${path} is encrypted and no password was given`);
    bytes = await decryptKeyfileData(bytes, await password(), `keyfile ${path}`);
  }
  return keyFromKeyfileJson(parseKeyfileJson(bytes, `keyfile ${path}`), `keyfile ${path}`);
}

export interface WriteKeyfileOptions {
  /** encrypt with this password ($NACL); plain JSON when undefined */
  password?: string;
  overwrite?: boolean;
  publicOnly?: boolean;
}

/** Serialises (and optionally encrypts) first, then writes atomically with mode 0600. */
export async function encodeKeyfile(key: KeyMaterial, options: WriteKeyfileOptions = {}): Promise<Uint8Array> {
  const json = new TextEncoder().encode(JSON.stringify(keyfileJsonOf(key, { publicOnly: options.publicOnly })));
  return options.password === undefined ? json : encryptKeyfileData(json, options.password);
}

export function assertWritable(path: string, overwrite = false): void {
  if (!overwrite && existsSync(path)) {
    throw new SubnetError('WALLET_KEYFILE_EXISTS', `keyfile ${path} already exists (pass --overwrite to replace it)`);
  }
}

/**
 * Writes several keyfiles as one step: every payload is prepared before the
 * first write, and a failure part-way removes what this call created, so no
 * partial wallet is left behind.
 */
export function writeKeyfiles(files: { path: string; data: Uint8Array }[], overwrite = false): void {
  for (const f of files) assertWritable(f.path, overwrite);
  const created: string[] = [];
  try {
    for (const f of files) {
      const existed = existsSync(f.path);
      writeFileAtomic(f.path, f.data, 0o600);
      chmodSync(f.path, 0o600);
      if (!existed) created.push(f.path);
    }
  } catch (err) {
    for (const p of created) {
      try {
        unlinkSync(p);
      } catch {
        // best effort: the original error is what matters
      }
    }
    throw err;
  }
}
