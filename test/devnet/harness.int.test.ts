import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { spawnDevnet, startInProcessDevnet } from '../../devnet/harness.ts';

const GENESIS = { balances: [['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', '7000000000']] };

describe('in-process devnet harness', () => {
  it('serves JSON-RPC on 127.0.0.1 and a free port, and dev_newBlock moves its head', async () => {
    const devnet = await startInProcessDevnet({ mode: 'manual' });
    try {
      expect(devnet.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      expect(devnet.httpUrl).toBe(devnet.url.replace('ws://', 'http://'));
      expect(devnet.url).not.toMatch(/:0$/);
      expect(await devnet.rpc('chain_getBlockHash', [0])).toBe(devnet.genesisHash);
      const head = await devnet.newBlock(3);
      expect(devnet.node.head.header.number).toBe(3);
      expect(head).toBe(devnet.node.head.hash);
      expect(await devnet.rpc('chain_getBlockHash', [])).toBe(head);
    } finally {
      await devnet.stop();
    }
  });

  it('rejects a JSON-RPC error as DEVNET_RPC_ERROR carrying the RPC code', async () => {
    const devnet = await startInProcessDevnet({ mode: 'manual' });
    try {
      const err = await devnet.rpc('no_suchMethod').catch((e: unknown) => e);
      expect(isSubnetError(err, 'DEVNET_RPC_ERROR')).toBe(true);
      expect((err as Error).message).toMatch(/^-32601: /);
      expect((err as { details: { code: number } }).details.code).toBe(-32601);
    } finally {
      await devnet.stop();
    }
  });

  it('removes its temp data dir on stop, keeps a given one, and reopens that chain', async () => {
    const own = await startInProcessDevnet({ mode: 'manual' });
    await own.stop();
    await own.stop();
    expect(existsSync(own.dataDir)).toBe(false);

    const dataDir = mkdtempSync(join(tmpdir(), 'subnet-harness-test-'));
    try {
      const first = await startInProcessDevnet({ mode: 'manual', dataDir });
      const head = await first.newBlock(2);
      await first.stop();
      expect(existsSync(dataDir)).toBe(true);
      const again = await startInProcessDevnet({ mode: 'manual', dataDir });
      try {
        expect(again.genesisHash).toBe(first.genesisHash);
        expect(again.node.head.hash).toBe(head);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown genesis section with DEVNET_GENESIS', async () => {
    const err = await startInProcessDevnet({ genesis: { noSuchPallet: {} } }).catch((e: unknown) => e);
    expect(isSubnetError(err, 'DEVNET_GENESIS')).toBe(true);
  });

  it('builds the same chain from a genesis as `subnet devnet` does', async () => {
    const [inProcess, child] = await Promise.all([
      startInProcessDevnet({ mode: 'manual', genesis: GENESIS }),
      spawnDevnet({ mode: 'manual', genesis: GENESIS }),
    ]);
    try {
      expect(inProcess.genesisHash).toBe(child.genesisHash);
      expect(child.cli.proc.pid).not.toBe(process.pid);
      const defaults = await startInProcessDevnet({ mode: 'manual' });
      await defaults.stop();
      expect(defaults.genesisHash).not.toBe(inProcess.genesisHash);
    } finally {
      await Promise.all([inProcess.stop(), child.stop()]);
    }
  });
});
