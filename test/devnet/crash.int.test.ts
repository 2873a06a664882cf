import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { blake2AsHex } from '@polkadot/util-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

// kill -9 in the middle of a burst of transfers, restart on the same data dir:
// the chain resumes at a complete block, balances and nonces agree with the
// blocks, and every transaction reported in a block is still there.
const dataDir = mkdtempSync(join(tmpdir(), 'subnet-devnet-crash-'));
let devnet: DevnetHandle | undefined;

afterAll(async () => {
  await devnet?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('devnet crash safety', () => {
  it('survives kill -9 during a burst of transactions', async () => {
    devnet = await startDevnet({ mode: { blockTimeMs: 30 }, dataDir });
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const AMOUNT = 1_000_000n;
    const TOTAL = 150;

    let api = await connectApi(devnet.url);
    const bobStart = BigInt(((await api.query.system.account(bob.address)).toJSON() as { data: { free: number | string } }).data.free);
    const nonce0 = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    const signed: SubmittableExtrinsic<'promise'>[] = [];
    for (let i = 0; i < TOTAL; i++) signed.push(await api.tx.balances.transferKeepAlive(bob.address, AMOUNT).signAsync(alice, { nonce: nonce0 + i, era: 0 }));

    const reported = new Map<string, string>(); // tx hash -> block hash
    let killed = false;
    const killedAt = new Promise<void>((resolve) => {
      for (const tx of signed) {
        tx.send((result: ISubmittableResult) => {
          // @polkadot/api may fold InBlock into Finalized when both come quickly; both name the block
          const block = result.status.isInBlock ? result.status.asInBlock : result.status.isFinalized ? result.status.asFinalized : undefined;
          if (block && !killed) {
            reported.set(tx.hash.toHex(), block.toHex());
            if (reported.size >= TOTAL / 3) resolve();
          }
        }).catch(() => undefined);
      }
    });
    await killedAt;
    killed = true;
    await devnet.kill9();
    await api.disconnect().catch(() => undefined);
    expect(reported.size).toBeGreaterThanOrEqual(TOTAL / 3);

    await devnet.restart();
    api = await connectApi(devnet.url);
    const headHash = (await api.rpc.chain.getFinalizedHead()).toHex();
    const head = (await api.rpc.chain.getHeader(headHash)).number.toNumber();
    // scan the chain over plain JSON-RPC (faster than decoding with @polkadot/api)
    const included = new Map<string, string>(); // tx hash -> block hash
    const hashes = await devnet.rpc<string[]>('chain_getBlockHash', [Array.from({ length: head }, (_, i) => i + 1)]);
    for (const blockHash of hashes) {
      const block = await devnet.rpc<{ block: { extrinsics: string[] } }>('chain_getBlock', [blockHash]);
      for (const x of block.block.extrinsics) included.set(blake2AsHex(x, 256), blockHash);
    }
    // every transaction reported in a block survived, in that very block
    for (const [txHash, blockHash] of reported) expect(included.get(txHash)).toBe(blockHash);
    // state at that head agrees with the blocks
    const ours = signed.filter((tx) => included.has(tx.hash.toHex())).length;
    const apiAt = await api.at(headHash);
    const alice1 = (await apiAt.query.system.account(alice.address)).toJSON() as { nonce: number };
    expect(alice1.nonce).toBe(nonce0 + ours);
    const bobNow = BigInt(((await apiAt.query.system.account(bob.address)).toJSON() as { data: { free: number | string } }).data.free);
    expect(bobNow).toBe(bobStart + AMOUNT * BigInt(ours));
    expect((await apiAt.query.system.number()).toJSON()).toBe(head);

    // and the chain goes on
    const next = await api.rpc.system.accountNextIndex(alice.address);
    await api.tx.balances.transferKeepAlive(bob.address, AMOUNT).signAndSend(alice, { nonce: next });
    const deadline = Date.now() + 15_000;
    while ((await api.rpc.chain.getHeader()).number.toNumber() <= head + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((await api.rpc.chain.getHeader()).number.toNumber()).toBeGreaterThan(head + 1);
    await api.disconnect();
  }, 150_000);
});
