import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SubtensorClient } from '../../chain/client.ts';
import type { WireSnapshot } from '../../dashboard/wire.ts';
import { runSubnet, spawnSubnet, type CliProcess } from '../helpers/cli-process.ts';

let dir: string;
let devnet: CliProcess;
let chainUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dashboard-cli-'));
  const genesis = join(dir, 'genesis.json');
  writeFileSync(genesis, JSON.stringify({ subtensorModule: { subnet: { tempo: 5 } } }));
  devnet = spawnSubnet(['devnet', '--port', '0', '--data-dir', join(dir, 'chain'), '--block-time', '200', '--genesis', genesis, '--json']);
  chainUrl = String((await devnet.waitForEvent<{ url: string }>('ready', 30_000)).url);
});

afterAll(async () => {
  await devnet?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('subnet dashboard (real devnet, real client)', () => {
  it('serves the metagraph the chain holds and streams new blocks', async () => {
    const labels = join(dir, 'labels.json');
    const client = await SubtensorClient.connect(chainUrl);
    const chainMetagraph = await client.getMetagraph(1);
    writeFileSync(labels, JSON.stringify({ [chainMetagraph.hotkeys[0]]: 'owner' }));
    const dashboard = spawnSubnet(['dashboard', '--chain', chainUrl, '--netuid', '1', '--port', '0', '--labels', labels, '--json']);
    try {
      const ready = await dashboard.waitForEvent<{ url: string; port: number }>('ready', 30_000);
      expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      await expect.poll(async () => (await fetch(new URL('/api/snapshot', ready.url))).status, { timeout: 15_000 }).toBe(200);
      const snap = (await (await fetch(new URL('/api/snapshot', ready.url))).json()) as WireSnapshot;
      expect(snap.netuid).toBe(1);
      expect(snap.status.tempo).toBe(5);
      // the devnet, like subtensor's current Yuma, leaves `Trust` empty: the page must not show its 0 as a value
      expect(snap.status.trustComputed).toBe(false);
      expect(snap.status.kappa).toBe(Number(await client.getHyperparameter(1, 'kappa')) / 65535);
      expect(snap.neurons.map((n) => n.hotkey)).toEqual(chainMetagraph.hotkeys);
      expect(snap.status.chain).toBe(client.api.runtimeChain.toString());

      // the page's feed: hello with labels, then one message per new block
      const ws = new WebSocket(`${ready.url.replace('http', 'ws')}ws`, { headers: { origin: ready.url.slice(0, -1) } });
      const blocks: number[] = [];
      let hello: { labels?: Record<string, string> } = {};
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { type: string; snapshot?: WireSnapshot; labels?: Record<string, string> };
        if (msg.type === 'hello') hello = msg;
        if (msg.type === 'block') blocks.push(msg.snapshot!.block);
      });
      await expect.poll(() => blocks.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
      expect(hello.labels).toEqual({ [chainMetagraph.hotkeys[0]]: 'owner' });
      expect(blocks).toEqual([...blocks].sort((a, b) => a - b));
      ws.close();
    } finally {
      expect(await dashboard.stop('SIGINT')).toBe(0);
      await client.close();
    }
  });

  it('reports a chain outage to the page and resumes when the devnet comes back on the same data dir', async () => {
    const dashboard = spawnSubnet(['dashboard', '--chain', chainUrl, '--netuid', '1', '--port', '0', '--json']);
    try {
      const { url } = await dashboard.waitForEvent<{ url: string }>('ready', 30_000);
      const health = async () => (await (await fetch(new URL('/healthz', url))).json()) as { connected: boolean; block: number | null };
      await expect.poll(async () => (await health()).connected, { timeout: 15_000 }).toBe(true);
      const before = (await health()).block!;

      const port = new URL(chainUrl).port;
      await devnet.stop('SIGKILL');
      await expect.poll(async () => (await health()).connected, { timeout: 20_000 }).toBe(false);
      // the page keeps being served while the chain is down
      expect((await fetch(url)).status).toBe(200);

      devnet = spawnSubnet(['devnet', '--port', port, '--data-dir', join(dir, 'chain'), '--block-time', '200', '--json']);
      await devnet.waitForEvent('ready', 30_000);
      await expect.poll(async () => (await health()).connected, { timeout: 45_000, interval: 500 }).toBe(true);
      await expect.poll(async () => (await health()).block!, { timeout: 15_000 }).toBeGreaterThan(before);
    } finally {
      expect(await dashboard.stop('SIGINT')).toBe(0);
    }
  }, 120_000);

  it('refuses a subnet that does not exist, and bad options, with one-line errors', async () => {
    const missing = await runSubnet(['dashboard', '--chain', chainUrl, '--netuid', '42', '--port', '0'], { timeoutMs: 30_000 });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/subnet 42 does not exist .*\[CHAIN_NO_SUBNET\]/);
    const badPort = await runSubnet(['dashboard', '--chain', chainUrl, '--netuid', '1', '--port', 'x'], { timeoutMs: 30_000 });
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toMatch(/--port must be an integer in \[0, 65535\], got 'x'/);
    expect(badPort.stderr).not.toMatch(/\n\s+at /);
  });
});
