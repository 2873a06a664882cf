import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSubnet } from '../helpers/cli-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'subnet-cli-wallet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PASSWORD = 'a long test password 1234';
const base = ['--wallet-dir', dir];

function allFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

describe('subnet wallet (real CLI processes)', () => {
  it('creates an encrypted coldkey and plain hotkey, prints no secret, files 0600', async () => {
    const r = await runSubnet([...base, 'wallet', 'create', '--wallet', 'val', '--json'], { env: { SUBNET_COLDKEY_PASSWORD: PASSWORD } });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.coldkey).toMatch(/^5/);
    expect(out.coldkeyEncrypted).toBe(true);
    const hot = JSON.parse(readFileSync(join(dir, 'val', 'hotkeys', 'default'), 'utf8'));
    const words: string[] = hot.secretPhrase.split(' ');
    const printed = r.stdout + r.stderr;
    expect(printed).not.toContain(hot.secretPhrase);
    expect(printed).not.toContain(hot.privateKey.slice(2, 20));
    expect(printed).not.toContain(PASSWORD);
    // no 4 consecutive mnemonic words anywhere in the output
    for (let i = 0; i + 4 <= words.length; i++) expect(printed).not.toContain(words.slice(i, i + 4).join(' '));
    for (const f of allFiles(join(dir, 'val'))) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'val', 'coldkey')).subarray(0, 5).toString()).toBe('$NACL');
  });

  it('a wrong password fails with one line, exit 1, and changes no file', async () => {
    const before = allFiles(dir).map((f) => [f, readFileSync(f).toString('hex')]);
    const r = await runSubnet([...base, 'wallet', 'transfer', '--wallet', 'val', '--dest', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', '--amount', '1', '--yes'], {
      env: { SUBNET_COLDKEY_PASSWORD: 'wrong password' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: wrong password for keyfile .*coldkey \[WALLET_WRONG_PASSWORD\]/);
    expect(r.stderr).not.toContain('wrong password for keyfile undefined');
    expect(r.stdout).toBe('');
    expect(allFiles(dir).map((f) => [f, readFileSync(f).toString('hex')])).toEqual(before);
  });

  it('imports //Alice, lists wallets, shows addresses; --json carries only JSON', async () => {
    const imp = await runSubnet([...base, 'wallet', 'import', '--uri', '//Alice', '--hotkey-uri', '//Alice//hot', '--wallet', 'owner', '--no-use-password', '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout).coldkey).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    const list = await runSubnet([...base, 'wallet', 'list', '--json']);
    expect(list.code).toBe(0);
    const wallets = JSON.parse(list.stdout) as { name: string; coldkey: string }[];
    expect(wallets.map((w) => w.name)).toEqual(['owner', 'val']);
    const show = await runSubnet([...base, 'wallet', 'show', '--wallet', 'owner']);
    expect(show.stdout).toContain('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
  });

  it('refuses to overwrite and names the file', async () => {
    const r = await runSubnet([...base, 'wallet', 'import', '--uri', '//Bob', '--wallet', 'owner', '--no-use-password']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists \(pass --overwrite to replace it\) \[WALLET_KEYFILE_EXISTS\]/);
  });

  it('bad arguments are one-line errors', async () => {
    const r = await runSubnet([...base, 'wallet', 'transfer', '--wallet', 'owner', '--dest', 'not-an-address', '--amount', '1', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^error: 'not-an-address' is not a valid ss58 address \[WALLET_BAD_ADDRESS\]$/);
    const amount = await runSubnet([...base, 'wallet', 'transfer', '--wallet', 'owner', '--dest', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', '--amount', '0.0000000001', '--yes']);
    expect(amount.stderr.trim()).toMatch(/more than 9 decimals .*\[BAD_AMOUNT\]$/);
  });
});

describe('help', () => {
  it('every chain command lists examples', async () => {
    const commands = [
      [],
      ['wallet'],
      ['wallet', 'create'],
      ['wallet', 'transfer'],
      ['subnets'],
      ['subnets', 'create'],
      ['sudo', 'set'],
      ['register'],
      ['stake', 'add'],
      ['stake', 'list'],
      ['axon', 'serve'],
      ['weights', 'set'],
      ['weights', 'reveal'],
      ['metagraph'],
    ];
    const outs = await Promise.all(commands.map((c) => runSubnet([...c, '--help'])));
    outs.forEach((o, i) => {
      expect(o.code, commands[i].join(' ')).toBe(0);
      expect(o.stdout, commands[i].join(' ')).toContain('Examples:');
    });
  });
});
