import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { SubnetError } from '../../core/errors.ts';
import { assertWritable, encodeKeyfile, isKeyfileEncrypted, readKeyfile, writeKeyfiles } from './keyfile.ts';
import { cryptoReady, generateMnemonic, keyFromMnemonic, keyFromUri, type KeyMaterial, type KeyringPair, ss58Of, toKeyringPair } from './keypair.ts';
import type { PasswordSource } from './password.ts';

/** Which wallet and hotkey: the three names btcli takes (`--wallet.path/.name/.hotkey`). */
export interface WalletRef {
  dir: string;
  name: string;
  hotkey: string;
}

export interface WalletPaths {
  root: string;
  coldkey: string;
  coldkeypub: string;
  hotkeysDir: string;
  hotkey: string;
  hotkeypub: string;
}

export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return resolve(path);
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
function checkName(kind: string, name: string): void {
  if (!NAME_RE.test(name) || name.includes('..')) {
    throw new SubnetError('WALLET_BAD_NAME', `${kind} name '${name}' is invalid (letters, digits, '_', '-', '.'; at most 64 characters)`);
  }
}

/** `<dir>/<name>/coldkey`, `coldkeypub.txt`, `hotkeys/<hotkey>`, `hotkeys/<hotkey>pub.txt`. */
export function walletPaths(ref: WalletRef): WalletPaths {
  checkName('wallet', ref.name);
  checkName('hotkey', ref.hotkey);
  const root = join(expandHome(ref.dir), ref.name);
  const hotkeysDir = join(root, 'hotkeys');
  return {
    root,
    coldkey: join(root, 'coldkey'),
    coldkeypub: join(root, 'coldkeypub.txt'),
    hotkeysDir,
    hotkey: join(hotkeysDir, ref.hotkey),
    hotkeypub: join(hotkeysDir, `${ref.hotkey}pub.txt`),
  };
}

/** Where a new key comes from: a fresh mnemonic, a given mnemonic, or a secret URI. */
export type KeySource = { mnemonic: string } | { uri: string } | { words: 12 | 15 | 18 | 21 | 24 };

async function keyFrom(source: KeySource): Promise<KeyMaterial> {
  await cryptoReady();
  if ('mnemonic' in source) return keyFromMnemonic(source.mnemonic);
  if ('uri' in source) return keyFromUri(source.uri);
  return keyFromMnemonic(generateMnemonic(source.words));
}

export interface CreatedKey {
  address: string;
  path: string;
  /** the mnemonic of a freshly generated key, for the caller to show only when asked */
  mnemonic?: string;
  encrypted: boolean;
}

/**
 * Writes `coldkey` (encrypted unless `password` is null) and `coldkeypub.txt`.
 * The password is asked for before anything touches the disk.
 */
export async function createColdkey(
  ref: WalletRef,
  source: KeySource,
  options: { passwords: PasswordSource; encrypt?: boolean; overwrite?: boolean },
): Promise<CreatedKey> {
  const paths = walletPaths(ref);
  assertWritable(paths.coldkey, options.overwrite);
  const key = await keyFrom(source);
  const encrypt = options.encrypt ?? true;
  const password = encrypt ? await options.passwords.choose(`coldkey '${ref.name}'`) : undefined;
  const data = await encodeKeyfile(key, { password });
  const pub = await encodeKeyfile(key, { publicOnly: true });
  writeKeyfiles(
    [
      { path: paths.coldkey, data },
      { path: paths.coldkeypub, data: pub },
    ],
    options.overwrite,
  );
  return { address: ss58Of(key.publicKey), path: paths.coldkey, mnemonic: 'words' in source ? key.mnemonic : undefined, encrypted: encrypt };
}

/** Writes `hotkeys/<hotkey>` (plain JSON unless a password is given, as in btcli) and its pub file. */
export async function createHotkey(ref: WalletRef, source: KeySource, options: { password?: string; overwrite?: boolean } = {}): Promise<CreatedKey> {
  const paths = walletPaths(ref);
  assertWritable(paths.hotkey, options.overwrite);
  const key = await keyFrom(source);
  const data = await encodeKeyfile(key, { password: options.password });
  const pub = await encodeKeyfile(key, { publicOnly: true });
  writeKeyfiles(
    [
      { path: paths.hotkey, data },
      { path: paths.hotkeypub, data: pub },
    ],
    options.overwrite,
  );
  return {
    address: ss58Of(key.publicKey),
    path: paths.hotkey,
    mnemonic: 'words' in source ? key.mnemonic : undefined,
    encrypted: options.password !== undefined,
  };
}

async function addressFrom(pubPath: string, keyPath: string, what: string, create: string): Promise<string> {
  if (existsSync(pubPath)) return ss58Of((await readKeyfile(pubPath)).publicKey);
  if (existsSync(keyPath) && !isKeyfileEncrypted(keyPath)) return ss58Of((await readKeyfile(keyPath)).publicKey);
  if (existsSync(keyPath)) throw new SubnetError('WALLET_PUBKEY_MISSING', `${what}: ${pubPath} is missing and ${keyPath} is encrypted`);
  throw new SubnetError('WALLET_NOT_FOUND', `${what} does not exist (looked for ${pubPath}); create it with: ${create}`);
}

/** The coldkey's ss58 address, from `coldkeypub.txt` (never needs the password). */
export function coldkeyAddress(ref: WalletRef): Promise<string> {
  const p = walletPaths(ref);
  return addressFrom(p.coldkeypub, p.coldkey, `coldkey of wallet '${ref.name}'`, `subnet wallet create --wallet ${ref.name}`);
}

export function hotkeyAddress(ref: WalletRef): Promise<string> {
  const p = walletPaths(ref);
  return addressFrom(
    p.hotkeypub,
    p.hotkey,
    `hotkey '${ref.hotkey}' of wallet '${ref.name}'`,
    `subnet wallet create --wallet ${ref.name} --hotkey ${ref.hotkey}`,
  );
}

/** The coldkey signing pair; asks `passwords` only if the file is encrypted. */
export async function loadColdkey(ref: WalletRef, passwords: PasswordSource): Promise<KeyringPair> {
  await cryptoReady();
  const p = walletPaths(ref);
  if (!existsSync(p.coldkey))
    throw new SubnetError('WALLET_NOT_FOUND', `wallet '${ref.name}' has no coldkey (${p.coldkey}); create it with: subnet wallet create --wallet ${ref.name}`);
  return toKeyringPair(await readKeyfile(p.coldkey, () => passwords.unlock(`coldkey '${ref.name}'`)));
}

/** The hotkey signing pair (plain JSON in btcli's default layout). */
export async function loadHotkey(ref: WalletRef, passwords?: PasswordSource): Promise<KeyringPair> {
  await cryptoReady();
  const p = walletPaths(ref);
  if (!existsSync(p.hotkey)) {
    throw new SubnetError(
      'WALLET_NOT_FOUND',
      `wallet '${ref.name}' has no hotkey '${ref.hotkey}' (${p.hotkey}); create it with: subnet wallet create --wallet ${ref.name} --hotkey ${ref.hotkey}`,
    );
  }
  return toKeyringPair(await readKeyfile(p.hotkey, passwords ? () => passwords.unlock(`hotkey '${ref.hotkey}'`) : undefined));
}

export interface WalletSummary {
  name: string;
  coldkey?: string;
  hotkeys: { name: string; address?: string }[];
}

/** Every wallet under `dir`, with addresses from the public files only. */
export async function listWallets(dir: string): Promise<WalletSummary[]> {
  const root = expandHome(dir);
  if (!existsSync(root)) return [];
  const out: WalletSummary[] = [];
  for (const name of readdirSync(root).sort()) {
    if (!NAME_RE.test(name) || !statSync(join(root, name)).isDirectory()) continue;
    const ref = { dir, name, hotkey: 'default' };
    const coldkey = await coldkeyAddress(ref).catch(() => undefined);
    const hotkeysDir = join(root, name, 'hotkeys');
    const hotkeys: WalletSummary['hotkeys'] = [];
    if (existsSync(hotkeysDir)) {
      for (const f of readdirSync(hotkeysDir).sort()) {
        if (f.endsWith('pub.txt') || f.endsWith('.tmp') || !NAME_RE.test(f)) continue;
        hotkeys.push({ name: f, address: await hotkeyAddress({ dir, name, hotkey: f }).catch(() => undefined) });
      }
    }
    out.push({ name, coldkey, hotkeys });
  }
  return out;
}
