import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runEpoch } from '../../consensus/index.ts';
import { connectApi, type DevnetHandle, startDevnet } from '../helpers/devnet.ts';
import { epochAlpha, headNumber, mustSubmit, readEpochInput } from './chain-client.ts';

/**
 * kill -9 while the devnet produces blocks every 20 ms on a subnet whose epoch
 * runs every other block: after each restart no block seen before the kill is
 * lost, and every epoch block on the chain holds exactly the results `runEpoch`
 * computes from its parent's state (no half-applied epoch).
 */
const NETUID = 1;
const TEMPO = 1;
const genesis = { subtensorModule: { subnet: { tempo: TEMPO, weightsSetRateLimit: 0, minAllowedWeights: 1, commitRevealWeightsEnabled: false } } };
let devnet: DevnetHandle | undefined;
let api: ApiPromise | undefined;

async function connect(): Promise<ApiPromise> {
  if (devnet === undefined) devnet = await startDevnet({ mode: { blockTimeMs: 20 }, genesis });
  else await devnet.restart();
  return connectApi(devnet.url);
}

afterAll(async () => {
  await api?.disconnect();
  await devnet?.stop();
});

async function checkEpochBlock(a: ApiPromise, block: number): Promise<void> {
  const expected = runEpoch(await readEpochInput(a, NETUID, block, (await epochAlpha(a, NETUID, block)).rao));
  const at = await a.at(await a.rpc.chain.getBlockHash(block));
  const q = at.query.subtensorModule;
  expect(BigInt((await q.lastMechansimStepBlock(NETUID)).toString())).toBe(BigInt(block));
  expect((await q.incentive(NETUID)).toJSON()).toEqual(expected.incentive);
  expect((await q.dividends(NETUID)).toJSON()).toEqual(expected.dividends);
  expect(((await q.emission(NETUID)).toJSON() as (number | string)[]).map(String)).toEqual(expected.emission);
  expect(BigInt((await q.pendingServerEmission(NETUID)).toString())).toBe(0n);
  expect(BigInt((await q.pendingValidatorEmission(NETUID)).toString())).toBe(0n);
}

describe('kill -9 during epoch blocks', () => {
  it('loses no finished block and leaves no half-applied epoch', async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const bob = keyring.addFromUri('//Bob');
    const miners = [1, 2, 3].map((i) => keyring.addFromUri(`//Bob//crash${i}`));
    api = await connect();
    for (const m of miners) await mustSubmit(api, api.tx.subtensorModule.burnedRegister(NETUID, m.address), bob);
    await mustSubmit(api, api.tx.subtensorModule.addStake(alice.address, NETUID, 50_000_000_000n), alice);
    // the owner's hotkey (//Alice) holds a permit from the first epoch on
    await new Promise((r) => setTimeout(r, 200));
    await mustSubmit(api, api.tx.subtensorModule.setWeights(NETUID, [1, 2, 3], [1, 2, 3], 0), alice);

    for (let round = 0; round < 2; round++) {
      let seen = await headNumber(api);
      const unsub = await api.rpc.chain.subscribeNewHeads((h) => {
        seen = Math.max(seen, h.number.toNumber());
      });
      await new Promise((r) => setTimeout(r, 150 + round * 97));
      unsub();
      await devnet!.kill9();
      await api.disconnect();
      api = await connect();
      const head = await headNumber(api);
      expect(head, `round ${round}: head after restart`).toBeGreaterThanOrEqual(seen);
      // the epoch blocks around the kill point are whole
      for (let b = seen - 3; b <= seen + 1; b++) {
        if (b > 2 && b <= head && (b + NETUID + 1) % (TEMPO + 1) === TEMPO) await checkEpochBlock(api, b);
      }
    }
  }, 120_000);
});
