import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSubnet } from '../helpers/cli-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'subnet-cli-wallet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const PASSWORD = 'a long test password 1234';
const base = ['--wallet-dir', dir];
/** argon2i at 512 MiB: ~6 s idle, much longer on a loaded 2-core CI machine */
const ARGON_TIMEOUT = 240_000;

/** runSubnet with room for argon2i on a loaded machine (its default kill is 60 s) */
function run(args: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
  return runSubnet(args, { ...options, timeoutMs: 220_000 });
}

function allFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

describe('subnet wallet (real CLI processes)', () => {
  it(
    'creates an encrypted coldkey and plain hotkey, prints no secret, files 0600',
    async () => {
      const r = await run([...base, 'wallet', 'create', '--wallet', 'val', '--json'], { env: { SUBNET_COLDKEY_PASSWORD: PASSWORD } });
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
      expect(
        readFileSync(join(dir, 'val', 'coldkey'))
          .subarray(0, 5)
          .toString(),
      ).toBe('$NACL');
    },
    ARGON_TIMEOUT,
  );

  it(
    'a wrong password fails with one line, exit 1, and changes no file',
    async () => {
      const before = allFiles(dir).map((f) => [f, readFileSync(f).toString('hex')]);
      const r = await run(
        [...base, 'wallet', 'transfer', '--wallet', 'val', '--dest', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', '--amount', '1', '--yes'],
        {
          env: { SUBNET_COLDKEY_PASSWORD: 'wrong password' },
        },
      );
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^error: wrong password for keyfile .*coldkey \[WALLET_WRONG_PASSWORD\]/);
      expect(r.stderr).not.toContain('wrong password for keyfile undefined');
      expect(r.stdout).toBe('');
      expect(allFiles(dir).map((f) => [f, readFileSync(f).toString('hex')])).toEqual(before);
    },
    ARGON_TIMEOUT,
  );

  it('imports //Alice, lists wallets, shows addresses; --json carries only JSON', async () => {
    const imp = await run([
      ...base,
      'wallet',
      'import',
      '--uri',
      '//Alice',
      '--hotkey-uri',
      '//Alice//hot',
      '--wallet',
      'owner',
      '--no-use-password',
      '--json',
    ]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(JSON.parse(imp.stdout).coldkey).toBe('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    const list = await run([...base, 'wallet', 'list', '--json']);
    expect(list.code).toBe(0);
    const wallets = JSON.parse(list.stdout) as { name: string; coldkey: string }[];
    expect(wallets.map((w) => w.name)).toEqual(['owner', 'val']);
    const show = await run([...base, 'wallet', 'show', '--wallet', 'owner']);
    expect(show.stdout).toContain('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
  }, 180_000);

  it('refuses to overwrite and names the file', async () => {
    const r = await run([...base, 'wallet', 'import', '--uri', '//Bob', '--wallet', 'owner', '--no-use-password']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists \(pass --overwrite to replace it\) \[WALLET_KEYFILE_EXISTS\]/);
  }, 180_000);

  it('bad arguments are one-line errors', async () => {
    const r = await run([...base, 'wallet', 'transfer', '--wallet', 'owner', '--dest', 'not-an-address', '--amount', '1', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^error: 'not-an-address' is not a valid ss58 address \[WALLET_BAD_ADDRESS\]$/);
    const amount = await run([
      ...base,
      'wallet',
      'transfer',
      '--wallet',
      'owner',
      '--dest',
      '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
      '--amount',
      '0.0000000001',
      '--yes',
    ]);
    expect(amount.stderr.trim()).toMatch(/more than 9 decimals .*\[BAD_AMOUNT\]$/);
  }, 180_000);
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
  }, 180_000);
});

describe('interactive password prompt (through a pseudo-terminal)', () => {
  /** Runs the CLI under util-linux `script` so that stdin is a TTY; answers prompts as they appear. */
  async function onTty(args: string[], answers: [RegExp, string][], options: { columns?: number } = {}): Promise<{ code: number | null; output: string }> {
    const { spawn } = await import('node:child_process');
    const { SUBNET_BIN } = await import('../helpers/cli-process.ts');
    const quoted = [process.execPath, SUBNET_BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // `script`'s pty reports 0 columns unless told otherwise (a spinner needs a width)
    const cmd = options.columns ? `stty cols ${options.columns} rows 24; ${quoted}` : quoted;
    const env: NodeJS.ProcessEnv = { ...process.env, SUBNET_LOG_LEVEL: 'warn' };
    delete env.SUBNET_COLDKEY_PASSWORD;
    // ora draws one static line instead of a spinner under CI
    delete env.CI;
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const pending = [...answers];
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      while (pending.length && pending[0][0].test(output)) {
        const [re, answer] = pending.shift()!;
        output = output.replace(re, (m) => `${m}<answered>`);
        child.stdin.write(`${answer}\r`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { code, output };
  }

  it(
    'asks twice without echoing, encrypts; a wrong password at the unlock prompt is a clear error',
    async () => {
      const pw = 'tty-password-5678';
      const created = await onTty(
        ['--wallet-dir', dir, 'wallet', 'create', '--wallet', 'tty'],
        [
          [/Choose a password for coldkey 'tty': $/, pw],
          [/Retype the password: $/, pw],
        ],
      );
      expect(created.code, created.output).toBe(0);
      expect(created.output).not.toContain(pw);
      expect(
        readFileSync(join(dir, 'tty', 'coldkey'))
          .subarray(0, 5)
          .toString(),
      ).toBe('$NACL');
      const wrong = await onTty(
        ['--wallet-dir', dir, 'wallet', 'transfer', '--wallet', 'tty', '--dest', '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', '--amount', '1', '--yes'],
        [[/Enter password to unlock coldkey 'tty': $/, 'not-it']],
      );
      expect(wrong.code).toBe(1);
      expect(wrong.output).not.toContain('not-it');
      expect(wrong.output).toMatch(/wrong password for keyfile .*\[WALLET_WRONG_PASSWORD\]/);
      // a terminal without a width gets the progress as a plain line
      expect(wrong.output).toMatch(/<answered>[\s\S]*unlocking coldkey 'tty'…/);
    },
    2 * ARGON_TIMEOUT,
  );

  it(
    'says it is unlocking the coldkey (a spinner, after the prompt) and asks once',
    async () => {
      const r = await onTty(
        [
          '--wallet-dir',
          dir,
          '--chain',
          'ws://127.0.0.1:1',
          'wallet',
          'transfer',
          '--wallet',
          'tty',
          '--dest',
          '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
          '--amount',
          '1',
          '--yes',
        ],
        [[/Enter password to unlock coldkey 'tty': $/, 'tty-password-5678']],
        { columns: 80 },
      );
      expect(r.code, r.output).toBe(1);
      expect(r.output).toMatch(/<answered>[\s\S]*unlocking coldkey 'tty'…/);
      expect(r.output).toMatch(/unlocked coldkey 'tty' \(\d+\.\d s\)/);
      // the spinner turns while argon2i runs (ora redraws its line every 80 ms): the derivation leaves the event loop free
      expect(r.output.match(/unlocking coldkey 'tty'…/g)!.length).toBeGreaterThan(10);
      expect(r.output.match(/Enter password/g)).toHaveLength(1);
      expect(r.output).not.toContain('tty-password-5678');
      // the coldkey was unlocked; the transfer then fails on the chain that is not there
      expect(r.output).toMatch(/\[CHAIN_UNREACHABLE\]/);
    },
    ARGON_TIMEOUT,
  );
});
