import { hexToU8a } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowHoldsPayload } from '../../chain/timelock-outcome.ts';
import { uidOfHotkey } from '../../chain/metagraph.ts';
import type { CastMember, Player } from '../../demo/cast.ts';
import type { CliProcess } from '../helpers/cli-process.ts';
import { events, minerArgs, NETUID, start, startNet, stopNet, validatorArgs, waitForEventWhere, type Pace, type TestNet } from './network.ts';

/**
 * Commit-reveal v4 end to end: `subnet validator start` on a devnet subnet with timelocked
 * commit-reveal commits its weights encrypted to a drand round of the devnet's local beacon, and
 * the chain reveals them by itself in the reveal epoch. Killed with -9 between a commit and its
 * reveal, the validator is not needed for the reveal (the chain holds the commit); restarted, it
 * reports the outcome of the commit it made before dying.
 */
const PACE: Pace = { tempo: 20, stepEveryBlocks: 2, weightsEveryBlocks: 4, timeoutMs: 1_500, blockTimeMs: 250, commitReveal: true, commitRevealVersion: 4 };

const member = (name: string, role: 'validator' | 'miner', stake: number) =>
  ({ name, role, behaviour: role === 'validator' ? 'validator' : 'honest', stake }) as CastMember;
const CAST: CastMember[] = [member('validator-tl', 'validator', 1000), member('miner-honest', 'miner', 0), member('miner-random', 'miner', 0)];

let net: TestNet;
let validator: CliProcess;
const player = (name: string): Player => net.players.find((p) => p.name === name)!;

async function until<T>(what: string, read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  net = await startNet(CAST, PACE);
  const miners = net.players.filter((p) => p.role === 'miner').map((p) => start(net, minerArgs(net, p)));
  validator = start(net, validatorArgs(net, player('validator-tl')));
  await Promise.all([...miners.map((m) => m.waitForEvent('ready', 150_000)), validator.waitForEvent('ready', 150_000)]);
}, 300_000);

afterAll(async () => {
  await stopNet(net);
}, 60_000);

describe('validator with timelocked commit-reveal (v4) on the devnet', () => {
  it('commits, and the chain reveals its weights every epoch', async () => {
    expect(await net.client.commitRevealMode(NETUID)).toBe('timelocked');
    const first = await waitForEventWhere(validator, 'weights', (e) => e.action === 'timelocked-reveal' && e.ok === true, 150_000);
    const firstBlock = first.block as number;
    const later = await waitForEventWhere(
      validator,
      'weights',
      (e) => e.action === 'timelocked-reveal' && e.ok === true && e.block > firstBlock + PACE.tempo,
      150_000,
    );
    expect(later.hash).not.toBe(first.hash);
    const commits = events(validator, 'weights').filter((e) => e.action === 'commit' && e.ok === true);
    expect(commits.every((e) => e.commitReveal === 'timelocked' && typeof e.revealRound === 'number')).toBe(true);
    expect(commits.map((e) => e.hash)).toEqual(expect.arrayContaining([first.hash, later.hash]));
  }, 320_000);

  it('killed with -9 after a commit, the chain still reveals it; restarted, the validator reports it revealed', async () => {
    const hotkey = player('validator-tl').hotkey;
    const already = new Set(
      events(validator, 'weights')
        .filter((e) => e.action === 'commit')
        .map((e) => e.hash),
    );
    const commit = await waitForEventWhere(validator, 'weights', (e) => e.ok === true && e.action === 'commit' && !already.has(e.hash), 120_000);
    await validator.stop('SIGKILL');
    expect(events(validator, 'weights').filter((e) => e.action === 'timelocked-reveal' && e.hash === commit.hash)).toEqual([]);

    // the chain holds the commit, and applies it in its reveal epoch with no validator running
    const hashesOf = async () => (await net.client.getTimelockedCommits(NETUID)).map((c) => blake2AsHex(hexToU8a(c.commit), 256));
    const [storedNow, blockNow] = await Promise.all([hashesOf(), net.client.blockNumber()]);
    // unless its reveal epoch began in the moment since the kill, the commit is on chain
    if (blockNow < commit.firstRevealBlock) expect(storedNow).toContain(commit.hash);
    const uid = uidOfHotkey(await net.client.getMetagraph(NETUID), hotkey)!;
    const payload = { uids: commit.uids as number[], values: commit.values as number[] };
    await until(
      'the chain to reveal the commit',
      async () => {
        const [block, row] = await Promise.all([net.client.blockNumber(), net.client.getWeightsRow(NETUID, uid)]);
        return block >= commit.firstRevealBlock && rowHoldsPayload(row, payload) ? true : undefined;
      },
      150_000,
    );
    expect(await hashesOf()).not.toContain(commit.hash);

    validator = start(net, validatorArgs(net, player('validator-tl')));
    await validator.waitForEvent('ready', 150_000);
    const outcome = await waitForEventWhere(validator, 'weights', (e) => e.action === 'timelocked-reveal' && e.hash === commit.hash, 150_000);
    expect(outcome).toMatchObject({ ok: true, hash: commit.hash, revealRound: commit.revealRound });
  }, 400_000);
});
