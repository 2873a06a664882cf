import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubnet } from '../helpers/cli-process.ts';
import { type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

/** `subnet axon serve` under the subnet's serving rate limit (50 blocks on the devnet), through the real binary. */
const root = mkdtempSync(join(tmpdir(), 'subnet-axon-'));
const walletDir = join(root, 'wallets');
let devnet: DevnetHandle;

const cli = (args: string[]) => runSubnet(['--chain', devnet.url, '--wallet-dir', walletDir, ...args], { timeoutMs: 90_000 });

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'instant', genesis: { subtensorModule: { subnet: { owner: '//Alice', ownerHotkey: '//Alice' } } } });
  for (const args of [
    ['wallet', 'import', '--uri', '//Alice', '--wallet', 'alice', '--no-use-password'],
    ['register', '--netuid', '1', '--wallet', 'alice', '--yes'],
  ]) {
    const r = await cli(args);
    if (r.code !== 0) throw new Error(`subnet ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  }
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('subnet axon serve', () => {
  it('a serve within the rate limit names the limit and the block the chain takes it from; --wait lands it there', async () => {
    const first = await cli(['axon', 'serve', '--netuid', '1', '--ip', '10.0.0.9', '--port', '9000', '--wallet', 'alice', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const servedAt = JSON.parse(first.stdout).blockNumber as number;

    const refused = await cli(['axon', 'serve', '--netuid', '1', '--ip', '10.0.0.9', '--port', '9001', '--wallet', 'alice']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ServingRateLimitExceeded');
    expect(refused.stderr).toContain(
      `last served on subnet 1 at block ${servedAt} and serving_rate_limit is 50 blocks, so the chain takes a new serve from block ${servedAt + 50}`,
    );
    expect(refused.stderr).toContain('or pass --wait');
    expect(refused.stderr).toContain('[AXON_SERVING_RATE_LIMITED]');
    expect(refused.stderr).not.toMatch(/public address|external-ip/);

    const waiting = cli(['axon', 'serve', '--netuid', '1', '--ip', '10.0.0.9', '--port', '9001', '--wallet', 'alice', '--wait', '--json']);
    let done = false;
    void waiting.finally(() => (done = true));
    // blocks come only on demand on this devnet
    while (!done) {
      await devnet.newBlock(10);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const waited = await waiting;
    expect(waited.code, waited.stderr).toBe(0);
    expect(JSON.parse(waited.stdout)).toMatchObject({ port: 9001 });
    expect(JSON.parse(waited.stdout).blockNumber).toBeGreaterThanOrEqual(servedAt + 50);
    const mg = JSON.parse((await cli(['metagraph', '--netuid', '1', '--json'])).stdout);
    expect(mg.axons.some((a: { ip: string; port: number }) => a.ip === '10.0.0.9' && a.port === 9001)).toBe(true);
  }, 180_000);
});
