import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uidOfHotkey } from '../../chain/metagraph.ts';
import { fixedPassword } from '../../chain/wallet/password.ts';
import { createHotkey, hotkeyAddress, loadColdkey } from '../../chain/wallet/wallet.ts';
import { keyFromUri, toKeyringPair } from '../../chain/wallet/keypair.ts';
import type { CastMember, Player } from '../../demo/cast.ts';
import type { CliProcess } from '../helpers/cli-process.ts';
import { events, minerArgs, NETUID, start, startNet, stopNet, validatorArgs, waitForEventWhere, type Pace, type TestNet } from './network.ts';

/**
 * Commit-reveal v2 end to end on a subnet with it enabled: the validator
 * commits, is killed with -9 before its reveal epoch, and the restarted
 * process reveals in the right epoch from the commit persisted in its data dir.
 * On the same network: a validator whose hotkey is not registered warns and
 * keeps scoring, SIGTERM shuts a validator down cleanly, and a validator whose
 * hotkey gets deregistered (pruned by new registrations) exits with a clear
 * message.
 */
// tempo 80 (20 s epochs): the restart must fit in the one-epoch reveal window even on a loaded machine
const PACE: Pace = { tempo: 80, stepEveryBlocks: 2, weightsEveryBlocks: 4, timeoutMs: 1_500, blockTimeMs: 250, commitReveal: true, commitRevealVersion: 2 };

const member = (name: string, role: 'validator' | 'miner', stake: number) =>
  ({ name, role, behaviour: role === 'validator' ? 'validator' : 'honest', stake }) as CastMember;
const CAST: CastMember[] = [member('validator-cr', 'validator', 1000), member('miner-honest', 'miner', 0), member('miner-random', 'miner', 0)];

let net: TestNet;
let validator: CliProcess;
const player = (name: string): Player => net.players.find((p) => p.name === name)!;

/** The validator-cr wallet's second hotkey, `spare`, with its own data dir. */
function spareArgs(): string[] {
  const args = validatorArgs(net, player('validator-cr'), []).map((a) => (a === 'default' ? 'spare' : a));
  args[args.indexOf('--data-dir') + 1] += '-spare';
  return args;
}

beforeAll(async () => {
  net = await startNet(CAST, PACE);
  const miners = net.players.filter((p) => p.role === 'miner').map((p) => start(net, minerArgs(net, p)));
  validator = start(net, validatorArgs(net, player('validator-cr')));
  await Promise.all([...miners.map((m) => m.waitForEvent('ready', 150_000)), validator.waitForEvent('ready', 150_000)]);
}, 300_000);

afterAll(async () => {
  await stopNet(net);
}, 60_000);

describe('validator with commit-reveal v2', () => {
  it('commits, survives kill -9 before the reveal epoch, and reveals after the restart', async () => {
    expect(await net.client.commitRevealMode(NETUID)).toBe('v2');
    const commit = await waitForEventWhere(validator, 'weights', (e) => e.ok === true && e.action === 'commit', 120_000);
    await validator.stop('SIGKILL');
    expect(events(validator, 'weights').filter((e) => e.action === 'reveal')).toEqual([]);

    const args = validatorArgs(net, player('validator-cr'));
    const dataDir = args[args.indexOf('--data-dir') + 1];
    const pending = JSON.parse(readFileSync(join(dataDir, 'pending-commits.json'), 'utf8')) as {
      commits: { hash: string; uids: number[]; values: number[]; salt: number[] }[];
    };
    expect(pending.commits).toHaveLength(1);
    expect(pending.commits[0].uids).toEqual(commit.uids);
    expect(pending.commits[0].values).toEqual(commit.values);
    const hotkey = player('validator-cr').hotkey;
    const onChain = await net.client.getWeightCommits(NETUID, hotkey);
    expect(onChain.map((c) => c.hash)).toContain(pending.commits[0].hash);
    const [, firstReveal, lastReveal] = onChain.find((c) => c.hash === pending.commits[0].hash)!.fields.map(Number);

    validator = start(net, args);
    await validator.waitForEvent('ready', 150_000);
    const reveal = await waitForEventWhere(validator, 'weights', (e) => e.ok === true && e.action === 'reveal', 120_000);
    expect(events(validator, 'weights').filter((e) => e.ok === false)).toEqual([]);
    expect(reveal.hash).toBe(pending.commits[0].hash);
    expect(reveal.block).toBeGreaterThanOrEqual(firstReveal);
    expect(reveal.block).toBeLessThanOrEqual(lastReveal);

    const mg = await net.client.getMetagraph(NETUID);
    const uid = uidOfHotkey(mg, hotkey)!;
    const row = (await net.client.getWeights(NETUID)).get(uid);
    expect(row?.map(([dest]) => dest)).toEqual(commit.uids);
    expect(row?.map(([, w]) => w)).toEqual(commit.values);
    // the revealed commit is gone from the chain and from the store (a newer commit may already be pending)
    expect((await net.client.getWeightCommits(NETUID, hotkey)).map((c) => c.hash)).not.toContain(reveal.hash);
    const after = JSON.parse(readFileSync(join(dataDir, 'pending-commits.json'), 'utf8')) as { commits: { hash: string }[] };
    expect(after.commits.map((c) => c.hash)).not.toContain(reveal.hash);
  }, 240_000);
});

describe('validator registration lifecycle', () => {
  it('warns when its hotkey is not registered, keeps scoring, and stops cleanly on SIGTERM', async () => {
    const ref = { dir: net.walletDir, name: 'validator-cr', hotkey: 'spare' };
    const spare = await createHotkey(ref, { words: 12 });
    const args = spareArgs();
    const unregistered = start(net, args);
    const ready = await unregistered.waitForEvent<{ uid: number | null; hotkey: string }>('ready', 150_000);
    expect(ready.uid).toBeNull();
    expect(ready.hotkey).toBe(spare.address);
    const warning = await waitForEventWhere(unregistered, 'warning', (e) => e.code === 'unregistered', 30_000);
    expect(warning.message).toContain('not registered');
    const round = await waitForEventWhere(unregistered, 'round', () => true, 60_000);
    expect(round.round).toBe(1);
    expect(events(unregistered, 'weights')).toEqual([]);

    expect(await unregistered.stop('SIGTERM', 20_000)).toBe(0);
    const stopped = events(unregistered, 'stopped');
    expect(stopped).toHaveLength(1);
    const state = JSON.parse(readFileSync(join(args[args.indexOf('--data-dir') + 1], 'validator-state.json'), 'utf8'));
    expect(state.round).toBe(stopped[0].round);
    expect(state.hotkey).toBe(spare.address);
  }, 240_000);

  it('exits with a clear message when its hotkey is deregistered', async () => {
    const coldkey = await loadColdkey({ dir: net.walletDir, name: 'validator-cr', hotkey: 'spare' }, fixedPassword(''));
    // the spare hotkey of the previous test, now registered
    const spareHotkey = await hotkeyAddress({ dir: net.walletDir, name: 'validator-cr', hotkey: 'spare' });
    await net.client.burnedRegister(coldkey, NETUID, spareHotkey);
    const spareValidator = start(net, spareArgs());
    const ready = await spareValidator.waitForEvent<{ uid: number | null }>('ready', 150_000);
    expect(ready.uid).not.toBeNull();

    // a full subnet with no immunity: each new registration prunes a zero-emission uid, the oldest first
    const alice = toKeyringPair(keyFromUri('//Alice'));
    const n = (await net.client.getMetagraph(NETUID)).n;
    await net.client.setHyperparameter(alice, { netuid: NETUID, name: 'max_allowed_uids', value: String(n), sudo: true });
    await net.client.setHyperparameter(alice, { netuid: NETUID, name: 'immunity_period', value: '0', sudo: true });
    // spec 381 replaces a non-immune uid only while more than min_non_immune_uids (10 by default) are left
    await net.client.setHyperparameter(alice, { netuid: NETUID, name: 'min_non_immune_uids', value: '0', sudo: true });
    for (let i = 0; i < 6; i++) {
      const mg = await net.client.getMetagraph(NETUID);
      if (mg.hotkeys[ready.uid!] !== spareHotkey) break;
      const newcomer = toKeyringPair(keyFromUri(`//newcomer-${i}`));
      await net.client.burnedRegister(coldkey, NETUID, newcomer.address);
    }
    expect((await net.client.getMetagraph(NETUID)).hotkeys).not.toContain(spareHotkey);

    // the validator of this subnet noticed the new hotkey on that uid and reset its score
    const reset = await waitForEventWhere(validator, 'metagraph', (e) => (e.reset as number[]).includes(ready.uid!), 60_000);
    expect(reset.n).toBe(n);
    const deregistered = await spareValidator.waitForEvent<{ message: string }>('deregistered', 60_000);
    expect(deregistered.message).toContain(`hotkey ${spareHotkey} was deregistered from subnet ${NETUID}`);
    expect(await spareValidator.exited).toBe(1);
    expect(spareValidator.stderr()).toContain('was deregistered');
    expect(spareValidator.stderr()).toContain('[VALIDATOR_DEREGISTERED]');
  }, 240_000);
});
