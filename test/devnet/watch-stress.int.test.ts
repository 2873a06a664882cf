import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { ISubmittableResult } from '@polkadot/types/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';

// Regression: in instant mode `signAndSend` must always report isInBlock, also while the
// node is busy building other blocks and the client is slow to fetch the block's events.
let devnet: DevnetHandle;
let api: ApiPromise;
let senders: KeyringPair[];

beforeAll(async () => {
  devnet = await startDevnet({ mode: 'instant' });
  api = await connectApi(devnet.url);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  senders = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
});

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

/** Every status the watch reports, until isInBlock; rejects when finalized (or an error) comes without it. */
function watchToInBlock(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<ISubmittableResult> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => reject(new Error(`no isInBlock within 15 s (saw ${seen.join(',')})`)), 15_000);
    tx.signAndSend(signer, (result) => {
      seen.push(result.status.type);
      if (result.status.isInBlock) {
        clearTimeout(timer);
        resolve(result);
      } else if (result.status.isFinalized || result.isError) {
        clearTimeout(timer);
        reject(new Error(`${result.status.type} without isInBlock (saw ${seen.join(',')})`));
      }
    }).catch((err: unknown) => {
      clearTimeout(timer);
      reject(err as Error);
    });
  });
}

describe('submitAndWatchExtrinsic under load (instant mode)', () => {
  it('reports isInBlock for every concurrent succeeding and failing signAndSend', async () => {
    const rounds = 2;
    // a loaded machine (CI: two cores, several test files): the client's event loop stalls for
    // longer than the node's inBlock→finalized gap while it fetches the block's events. Each stall
    // is followed by 150 ms of free loop, so the test's length does not depend on how loaded the
    // machine already is (back-to-back stalls left one poll phase per 600 ms).
    let stalling = true;
    let stall: NodeJS.Timeout | undefined;
    const stallOnce = (): void => {
      const until = Date.now() + 600;
      while (Date.now() < until);
      if (stalling) stall = setTimeout(stallOnce, 150);
    };
    stall = setTimeout(stallOnce, 50);
    const results = await Promise.all(
      senders.map(async (sender, i) => {
        const out: ISubmittableResult[] = [];
        const dest = senders[(i + 1) % senders.length].address;
        for (let r = 0; r < rounds; r++) {
          // alternate a transfer that succeeds with one that fails dispatch (InsufficientBalance)
          const amount = r % 2 === 0 ? 1_000n : 10n ** 19n;
          out.push(await watchToInBlock(api.tx.balances.transferKeepAlive(dest, amount), sender));
        }
        return out;
      }),
    ).finally(() => {
      stalling = false;
      clearTimeout(stall);
    });
    for (const perSender of results) {
      perSender.forEach((result, r) => {
        expect(result.status.isInBlock).toBe(true);
        const failed = result.events.some(({ event }) => api.events.system.ExtrinsicFailed.is(event));
        expect(failed).toBe(r % 2 === 1);
      });
    }
  }, 30_000);
});
