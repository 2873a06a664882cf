import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSubnet, spawnSubnet } from '../helpers/cli-process.ts';
import { startDevnet } from '../helpers/devnet.ts';

/**
 * The first failures a newcomer following the README meets, through the real
 * `subnet` binary: one line naming what is wrong and what to do, a code, no
 * stack trace unless --verbose, and no hang.
 */
const walletDir = mkdtempSync(join(tmpdir(), 'subnet-newcomer-'));
afterAll(() => rmSync(walletDir, { recursive: true, force: true }));

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('errors a newcomer meets (real CLI processes)', () => {
  it('no devnet running: fails at once with the reason and how to start one', async () => {
    const chain = `ws://127.0.0.1:${await closedPort()}`;
    const r = await runSubnet(['subnets', 'list', '--chain', chain], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error: cannot reach the chain at ${chain} (connect ECONNREFUSED`);
    expect(r.stderr).toContain('[CHAIN_UNREACHABLE]');
    expect(r.stderr).toContain('[CHAIN_UNREACHABLE] — is a devnet running? Start one with `npx subnet devnet`');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);

    const verbose = await runSubnet(['subnets', 'list', '--chain', chain, '--verbose'], { timeoutMs: 30_000 });
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });

  it('a typo in subnet.yaml: names the file, the key and where the right names are; a YAML slip names line and column', async () => {
    const example = readFileSync(join(REPO_ROOT, 'subnet-config', 'examples', 'embedding', 'subnet.yaml'), 'utf8');
    expect(example).toContain('  weights_every_blocks:');
    const file = join(walletDir, 'typo.yaml');
    writeFileSync(file, example.replace('  weights_every_blocks:', '  weights_every_block:'));
    const r = await runSubnet(['simulate', file], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `error: ${file}: validator: Unrecognized key: "weights_every_block" (a typo? the keys are listed in subnet-config/REFERENCE.md) [SUBNET_CONFIG_INVALID]`,
    );

    writeFileSync(file, 'name: x\nvalidator:\n  sample_size: 16\n   concurrency: 8\n');
    const yaml = await runSubnet(['simulate', file], { timeoutMs: 30_000 });
    expect(yaml.stderr.trim()).toMatch(new RegExp(`^error: ${file}: YAML syntax error at line \\d+, column \\d+: [^\\n]*[a-z] \\[SUBNET_CONFIG_INVALID\\]$`));
  });

  it('devnet --reset on the data dir of a running devnet refuses and deletes nothing; once it stops, --reset works', async () => {
    const dataDir = join(walletDir, 'devnet');
    const running = await startDevnet({ mode: 'manual', dataDir });
    try {
      await running.newBlock(2);
      const r = await runSubnet(['devnet', '--reset', '--port', '0', '--data-dir', dataDir], { timeoutMs: 30_000 });
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(`error: cannot reset ${dataDir}: another devnet is using it; stop that one first [DEVNET_DB_OPEN]`);
      expect(existsSync(join(dataDir, 'CURRENT'))).toBe(true);
      expect(parseInt((await running.rpc<{ number: string }>('chain_getHeader')).number, 16)).toBe(2);
    } finally {
      await running.stop();
    }
    const fresh = spawnSubnet(['devnet', '--reset', '--manual', '--port', '0', '--data-dir', dataDir, '--json']);
    const ready = await fresh.waitForEvent<{ head: number }>('ready', 30_000);
    expect(ready.head).toBe(0);
    await fresh.stop();
  }, 90_000);

  it('stake add beyond the free balance: refuses before sending, naming the coldkey and the shortfall', async () => {
    const devnet = await startDevnet({ mode: 'instant', genesis: { subtensorModule: { subnet: { owner: '//Alice', ownerHotkey: '//Alice' } } } });
    try {
      const cli = (args: string[]) => runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, ...args], { timeoutMs: 60_000 });
      expect((await cli(['wallet', 'import', '--uri', '//Alice', '--wallet', 'rich', '--no-use-password'])).code).toBe(0);
      const created = await cli(['wallet', 'create', '--wallet', 'poor', '--no-use-password', '--json']);
      expect(created.code, created.stderr).toBe(0);
      const coldkey = (JSON.parse(created.stdout) as { coldkey: string }).coldkey;
      expect((await cli(['wallet', 'transfer', '--wallet', 'rich', '--dest', coldkey, '--amount', '1', '--yes'])).code).toBe(0);
      const r = await cli(['stake', 'add', '--netuid', '1', '--amount', '5', '--wallet', 'poor', '--yes']);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toBe(
        `error: coldkey ${coldkey} (wallet 'poor') has τ1.000000000 free, τ4.000000000 short of staking τ5.000000000; fund it first (subnet wallet transfer --wallet <funded wallet> --dest ${coldkey} --amount <tao>) [INSUFFICIENT_BALANCE]`,
      );
      const balance = await cli(['wallet', 'balance', '--wallet', 'poor', '--json']);
      expect(balance.stdout).toContain('1.000000000');
    } finally {
      await devnet.stop();
    }
  }, 120_000);

  it('a wallet that does not exist: names the file and the command that creates it', async () => {
    const r = await runSubnet(['register', '--netuid', '1', '--wallet', 'nobody', '--wallet-dir', walletDir], { timeoutMs: 30_000 });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `error: hotkey 'default' of wallet 'nobody' does not exist (looked for ${join(walletDir, 'nobody', 'hotkeys', 'defaultpub.txt')}); create it with: subnet wallet create --wallet nobody --hotkey default [WALLET_NOT_FOUND]`,
    );
  });
});
