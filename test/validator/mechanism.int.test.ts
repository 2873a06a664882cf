import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CastMember, Player } from '../../demo/cast.ts';
import { uidOfHotkey } from '../../chain/metagraph.ts';
import { mechanismStorageIndex } from '../../chain/timelock-weights.ts';
import type { CliProcess } from '../helpers/cli-process.ts';
import { minerArgs, NETUID, start, startNet, stopNet, validatorArgs, waitForEventWhere, type Pace, type TestNet } from './network.ts';

/**
 * A validator process started with `--mechid 1` on a subnet that runs two mechanisms: its
 * weights land in mechanism 1 (`set_mechanism_weights`), and mechanism 0 stays without them.
 */
const PACE: Pace = { tempo: 20, stepEveryBlocks: 2, weightsEveryBlocks: 4, timeoutMs: 1_500, blockTimeMs: 250 };
const cast = (name: string, role: 'validator' | 'miner', stake: number) =>
  ({ name, role, behaviour: role === 'validator' ? 'validator' : 'honest', stake }) as CastMember;
const CAST: CastMember[] = [cast('validator-a', 'validator', 1000), cast('miner-honest', 'miner', 0)];

describe('validator --mechid 1', () => {
  let net: TestNet;
  let validator: CliProcess;
  const player = (name: string): Player => net.players.find((p) => p.name === name)!;

  beforeAll(async () => {
    await cryptoWaitReady();
    net = await startNet(CAST, PACE);
    const owner = new Keyring({ type: 'sr25519' }).addFromUri('//Alice');
    await net.client.setHyperparameter(owner, { netuid: NETUID, name: 'max_allowed_uids', value: '128' });
    await net.client.setHyperparameter(owner, { netuid: NETUID, name: 'mechanism_count', value: '2' });
    const miner = start(net, minerArgs(net, player('miner-honest')));
    validator = start(net, validatorArgs(net, player('validator-a'), ['--mechid', '1']));
    await Promise.all([miner.waitForEvent('ready', 150_000), validator.waitForEvent('ready', 150_000)]);
  }, 300_000);

  afterAll(async () => {
    await stopNet(net);
  }, 60_000);

  it('sets its weights for mechanism 1 only', async () => {
    const set = await waitForEventWhere(validator, 'weights', (e) => e.ok === true && e.action === 'set', 150_000);
    expect(set.ok).toBe(true);
    const mg = await net.client.getMetagraph(NETUID, { mechid: 1 });
    const uid = uidOfHotkey(mg, player('validator-a').hotkey)!;
    const miner = uidOfHotkey(mg, player('miner-honest').hotkey)!;
    const mech1 = await net.client.getWeights(mechanismStorageIndex(NETUID, 1));
    expect(mech1.get(uid)?.map(([dest]) => dest)).toContain(miner);
    expect((await net.client.getWeights(NETUID)).get(uid)).toBeUndefined();
    // the metagraph of mechanism 1 shows the update, that of mechanism 0 does not
    expect(mg.lastUpdate[uid]).toBeGreaterThan((await net.client.getMetagraph(NETUID)).lastUpdate[uid]);
  }, 200_000);
});
