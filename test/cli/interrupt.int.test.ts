import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSubnet, spawnSubnet } from '../helpers/cli-process.ts';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

/**
 * Ctrl-C while a command waits for its transaction: the process exits 130 with
 * one line saying the transaction may still land, and on a chain that then
 * produces a block it does land: the warning is not hypothetical.
 */
const walletDir = mkdtempSync(join(tmpdir(), 'subnet-interrupt-'));
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
let devnet: DevnetHandle;

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'manual' });
  const r = await runSubnet(['wallet', 'import', '--uri', '//Alice', '--wallet', 'alice', '--no-use-password', '--wallet-dir', walletDir], {
    timeoutMs: 60_000,
  });
  expect(r.code, r.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  await devnet?.stop();
  rmSync(walletDir, { recursive: true, force: true });
});

async function freeBalance(address: string): Promise<bigint> {
  const r = await runSubnet(['wallet', 'balance', '--wallet', 'alice', '--wallet-dir', walletDir, '--chain', devnet.url, '--json'], { timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { balances: { coldkey: string; balanceRao: string }[] };
  return BigInt(out.balances.find((b) => b.coldkey === address)!.balanceRao);
}

describe('Ctrl-C during a chain submission (real CLI process, manual-block devnet)', () => {
  it('exits 130 naming the risk; the transaction in the pool is still included', async () => {
    const alice = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
    const before = await freeBalance(alice);
    const transfer = spawnSubnet([
      'wallet',
      'transfer',
      '--wallet',
      'alice',
      '--dest',
      BOB,
      '--amount',
      '7',
      '--yes',
      '--wallet-dir',
      walletDir,
      '--chain',
      devnet.url,
    ]);
    // no block comes on a manual devnet: the command waits for inclusion with the transfer in the pool
    const deadline = Date.now() + 60_000;
    while ((await devnet.rpc<string[]>('author_pendingExtrinsics')).length === 0) {
      expect(transfer.proc.exitCode, transfer.stderr()).toBeNull();
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 200));
    }
    transfer.proc.kill('SIGINT');
    expect(await transfer.exited).toBe(130);
    expect(transfer.stderr().trim()).toBe(
      'error: interrupted (Transferring τ7.000000000): a transaction already sent may still be included; check the chain before retrying [INTERRUPTED]',
    );
    await devnet.newBlock(1);
    // the 7 τ and the transfer's fee, as the block's TransactionFeePaid event reports it
    const api = await connectApi(devnet.url);
    try {
      const events = (await api.query.system.events()) as unknown as { event: { section: string; method: string; data: unknown[] } }[];
      const paid = events.find((e) => e.event.section === 'transactionPayment' && e.event.method === 'TransactionFeePaid');
      expect(paid, 'the transfer was included and paid its fee').toBeDefined();
      const fee = BigInt(String(paid!.event.data[1]));
      expect(fee).toBeGreaterThan(0n);
      expect(before - (await freeBalance(alice))).toBe(7_000_000_000n + fee);
    } finally {
      await api.disconnect();
    }
  }, 180_000);
});
