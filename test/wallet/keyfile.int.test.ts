import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { keyfileEncryption, openKeyfileData, sealKeyfileData } from '../../chain/wallet/keyfile-crypto.ts';
import { keyFromKeyfileJson, readKeyfile } from '../../chain/wallet/keyfile.ts';
import { cryptoReady } from '../../chain/wallet/keypair.ts';
import { fixedPassword } from '../../chain/wallet/password.ts';
import { coldkeyAddress, createColdkey, createHotkey, hotkeyAddress, listWallets, loadColdkey, loadHotkey, walletPaths } from '../../chain/wallet/wallet.ts';
import { isSubnetError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';

const vector = JSON.parse(readFileSync(new URL('./fixtures/btwallet-nacl-vector.json', import.meta.url), 'utf8')) as {
  password: string;
  derivedKeyHex: string;
  nonceHex: string;
  plaintext: string;
  keyfileHex: string;
  expect: { ss58Address: string; publicKey: string };
};

/** argon2i at 512 MiB takes ~6 s on an idle core and far longer on a loaded CI machine */
const ARGON_TIMEOUT = 240_000;
let dir: string;
beforeAll(async () => {
  await cryptoReady();
  dir = mkdtempSync(join(tmpdir(), 'subnet-wallet-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

describe('btwallet $NACL compatibility vector (libsodium argon2i13 + secretbox)', () => {
  it('seals byte-identically to libsodium for the same key and nonce', () => {
    const sealed = sealKeyfileData(new TextEncoder().encode(vector.plaintext), hexToU8a(vector.derivedKeyHex), hexToU8a(vector.nonceHex));
    expect(u8aToHex(sealed)).toBe(`0x${vector.keyfileHex}`);
    expect(openKeyfileData(sealed, new Uint8Array(32))).toBeUndefined();
  });

  it(
    'decrypts a libsodium-sealed coldkey from disk and loads the key',
    async () => {
      const data = hexToU8a(vector.keyfileHex);
      expect(keyfileEncryption(data)).toBe('nacl');
      const path = join(dir, 'vector-coldkey');
      writeFileSync(path, data, { mode: 0o600 });
      const key = await readKeyfile(path, async () => vector.password);
      expect(u8aToHex(key.publicKey)).toBe(vector.expect.publicKey);
      expect(keyFromKeyfileJson(JSON.parse(vector.plaintext)).publicKey).toEqual(key.publicKey);
    },
    ARGON_TIMEOUT,
  );
});

describe('wallet layout and round trip', () => {
  const ref = () => ({ dir, name: 'owner', hotkey: 'default' });
  const PASSWORD = 'correct horse battery staple';
  let created: { address: string; mnemonic?: string };

  it(
    'creates an encrypted coldkey, a plain hotkey and their pub files, all 0600',
    async () => {
      created = await createColdkey(ref(), { words: 12 }, { passwords: fixedPassword(PASSWORD) });
      await createHotkey(ref(), { uri: '//Bob' });
      const p = walletPaths(ref());
      for (const f of [p.coldkey, p.coldkeypub, p.hotkey, p.hotkeypub]) expect(statSync(f).mode & 0o777).toBe(0o600);
      const coldBytes = readFileSync(p.coldkey);
      expect(coldBytes.subarray(0, 5).toString()).toBe('$NACL');
      expect(coldBytes.includes(Buffer.from(created.mnemonic!))).toBe(false);
      const pub = JSON.parse(readFileSync(p.coldkeypub, 'utf8'));
      expect(Object.keys(pub).sort()).toEqual(['accountId', 'publicKey', 'ss58Address']);
      expect(pub.ss58Address).toBe(created.address);
      const hot = JSON.parse(readFileSync(p.hotkey, 'utf8'));
      expect(hot.ss58Address).toBe('5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty');
      expect(hot.privateKey).toMatch(/^0x[0-9a-f]{128}$/);
      expect(await coldkeyAddress(ref())).toBe(created.address);
      expect(await hotkeyAddress(ref())).toBe('5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty');
    },
    ARGON_TIMEOUT,
  );

  it(
    'loads the coldkey back with the password and the hotkey without one',
    async () => {
      const cold = await loadColdkey(ref(), fixedPassword(PASSWORD));
      expect(cold.address).toBe(created.address);
      const hot = await loadHotkey(ref());
      expect(hot.address).toBe('5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty');
    },
    ARGON_TIMEOUT,
  );

  it(
    'a wrong password is a clear WALLET_WRONG_PASSWORD and writes nothing',
    async () => {
      const before = listFiles(dir).map((f) => [f, readFileSync(f).toString('hex')]);
      const err = await loadColdkey(ref(), fixedPassword('not the password')).catch((e: unknown) => e);
      expect(isSubnetError(err, 'WALLET_WRONG_PASSWORD')).toBe(true);
      expect((err as Error).message).toMatch(/wrong password for keyfile .*coldkey/);
      expect((err as Error).message).not.toContain('not the password');
      expect(listFiles(dir).map((f) => [f, readFileSync(f).toString('hex')])).toEqual(before);
    },
    ARGON_TIMEOUT,
  );

  it('refuses to overwrite an existing key and leaves it intact', async () => {
    const p = walletPaths(ref());
    const before = readFileSync(p.hotkey);
    const err = await createHotkey(ref(), { uri: '//Charlie' }).catch((e: unknown) => e);
    expect(isSubnetError(err, 'WALLET_KEYFILE_EXISTS')).toBe(true);
    expect(readFileSync(p.hotkey)).toEqual(before);
  });

  it('lists wallets from public files only', async () => {
    await createColdkey({ dir, name: 'miner1', hotkey: 'default' }, { uri: '//Dave' }, { passwords: fixedPassword('x'), encrypt: false });
    const wallets = await listWallets(dir);
    expect(wallets.map((w) => w.name)).toEqual(['miner1', 'owner']);
    expect(wallets[1].hotkeys).toEqual([{ name: 'default', address: '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty' }]);
    expect(wallets[0].coldkey).toBe('5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy');
  });

  it('rejects path tricks in wallet names', () => {
    expect(() => walletPaths({ dir, name: '../etc', hotkey: 'default' })).toThrowError(/invalid/);
  });

  it('the logger redacts secret fields', () => {
    const logPath = join(dir, 'log.jsonl');
    writeFileSync(logPath, '');
    const fd = openSync(logPath, 'a');
    const log = createLogger('wallet-test', { destination: fd });
    log.info({ wallet: { mnemonic: created.mnemonic, password: PASSWORD } }, 'created');
    const text = readFileSync(logPath, 'utf8');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(created.mnemonic!);
    expect(text).not.toContain(PASSWORD);
  });
});
