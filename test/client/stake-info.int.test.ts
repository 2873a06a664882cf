import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubtensorClient } from '../../chain/client.ts';
import { type InProcessDevnet, startInProcessDevnet } from '../helpers/devnet.ts';

/**
 * `getStakeInfo` reads a coldkey's stake through `StakeInfoRuntimeApi`, which
 * values shares however the runtime stores them; against a runtime without the
 * API it reads `StakingHotkeys` and the share pools, and both give the same list.
 */
let devnet: InProcessDevnet;
let client: SubtensorClient;

beforeAll(async () => {
  await cryptoWaitReady();
  devnet = await startInProcessDevnet({ mode: 'instant', genesis: { subtensorModule: { subnet: { owner: '//Alice', ownerHotkey: '//Alice', tempo: 1000 } } } });
  client = await SubtensorClient.connect(devnet.url);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await devnet?.stop();
});

describe('stake info', () => {
  it('lists the same stake through the runtime API and, without it, from storage', async () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const [alice, bob] = ['//Alice', '//Bob'].map((u) => keyring.addFromUri(u));
    await client.addStake(bob, { hotkey: alice.address, netuid: 1, amount: 20_000_000_000n });
    const viaApi = await client.getStakeInfo(bob.address);
    // 20 TAO: fee 20e9 × 33/65535 = 10_070_954, 19_989_929_046 in; 1000e9 - 1e24/1_019_989_929_046 = 19_598_163_155.1 alpha
    expect(viaApi).toEqual([{ hotkey: alice.address, coldkey: bob.address, netuid: 1, stake: 19_598_163_155n, registered: true }]);

    const call = client.api.call as unknown as Record<string, unknown>;
    const api = call.stakeInfoRuntimeApi;
    call.stakeInfoRuntimeApi = undefined;
    try {
      expect(await client.getStakeInfo(bob.address)).toEqual(viaApi);
    } finally {
      call.stakeInfoRuntimeApi = api;
    }
    expect(await client.getStakeInfo(keyring.addFromUri('//Charlie').address)).toEqual([]);
  }, 60_000);
});
