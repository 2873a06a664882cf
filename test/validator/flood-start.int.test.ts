import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uidOfHotkey } from '../../chain/metagraph.ts';
import type { CastMember, Player } from '../../demo/cast.ts';
import type { CliProcess } from '../helpers/cli-process.ts';
import { idleWebSocketFlood, loopbackSources, silentSocketFlood, type Flood } from '../helpers/flood.ts';
import { events, minerArgs, NETUID, start, startNet, stopNet, validatorArgs, waitForEventWhere, type Pace, type TestNet } from './network.ts';

/**
 * A validator process that starts while the honest miner's axon is under a connection flood from
 * 13 other hosts (loopback sources 127.0.6.x): 1,000 idle WebSockets reopened as they are refused,
 * and silent TCP sockets reopened on close. It must still connect, authenticate and score the
 * miner: a devnet child process, a real miner process, a real validator process started after the
 * flood began.
 */
const PACE: Pace = { tempo: 20, stepEveryBlocks: 2, weightsEveryBlocks: 4, timeoutMs: 3_000, blockTimeMs: 250 };
const CAST: CastMember[] = [
  { name: 'validator-a', role: 'validator', behaviour: 'validator', stake: 1000 } as CastMember,
  { name: 'miner-honest', role: 'miner', behaviour: 'honest', stake: 0 } as CastMember,
];
const SOURCES = loopbackSources(6, 13);
/** rounds the validator may take to first score the miner (the miner loads its model on the first request) */
const FIRST_WITHIN = 3;
/** rounds after the first one that scored it, each of which must score it too */
const FOLLOWING = 10;

let net: TestNet;
let miner: CliProcess;
let minerUrl: string;
const floods: Flood[] = [];
const player = (name: string): Player => net.players.find((p) => p.name === name)!;

beforeAll(async () => {
  net = await startNet(CAST, PACE);
  miner = start(net, minerArgs(net, player('miner-honest')));
  minerUrl = (await miner.waitForEvent<{ url: string }>('ready', 150_000)).url;
}, 300_000);

afterAll(async () => {
  await Promise.all(floods.map((f) => f.stop()));
  await stopNet(net);
}, 60_000);

describe('a validator starting during a connection flood', () => {
  it(`connects to the attacked honest miner, scores it within ${FIRST_WITHIN} rounds, then in every one of the next ${FOLLOWING}`, async () => {
    const port = Number(new URL(minerUrl).port);
    const idle = idleWebSocketFlood(minerUrl, SOURCES, Math.ceil(1000 / SOURCES.length), { reopenMs: 250 });
    const silent = silentSocketFlood(port, SOURCES, 20, 250);
    floods.push(idle, silent);
    // the flood holds the miner's anonymous pool before the validator exists
    for (let waited = 0; idle.opened() < 2 * SOURCES.length && waited < 30_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    const openedBefore = idle.opened();
    const attemptsBefore = idle.attempts() + silent.attempts();

    const validator = start(net, validatorArgs(net, player('validator-a')));
    await validator.waitForEvent('ready', 150_000);
    const uid = uidOfHotkey(await net.client.getMetagraph(NETUID), player('miner-honest').hotkey)!;
    const scored = (e: Record<string, any>) => e.rewards[uid] > 0 && e.latencyMs[uid] !== undefined;
    const first = await waitForEventWhere(validator, 'round', scored, 120_000);
    await waitForEventWhere(validator, 'round', (e) => e.round >= first.round + FOLLOWING, 120_000);
    const attemptsDuring = idle.attempts() + silent.attempts() - attemptsBefore;
    await idle.stop();
    await silent.stop();

    const rounds = events(validator, 'round');
    const history = JSON.stringify(rounds.map((e) => [e.round, e.statuses, e.rewards[uid], e.latencyMs[uid]]));
    // the first rounds of a validator that starts under the flood reach the miner
    expect(first.round - rounds[0]!.round, history).toBeLessThan(FIRST_WITHIN);
    const following = rounds.filter((e) => e.round > first.round && e.round <= first.round + FOLLOWING);
    expect(following, history).toHaveLength(FOLLOWING);
    for (const e of following) expect(scored(e), `round ${e.round}: ${history}`).toBe(true);
    // the flood was real and lasted the whole run: it held the miner's anonymous pool before the
    // validator started, kept reconnecting while it ran, and the miner refused it
    expect(openedBefore).toBeGreaterThanOrEqual(2 * SOURCES.length);
    expect(attemptsDuring).toBeGreaterThan(1_000);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
    const refused = metrics
      .split('\n')
      .filter((l) => l.startsWith('subnet_miner_rejections_total{'))
      .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
    expect(
      refused,
      metrics
        .split('\n')
        .filter((l) => l.startsWith('subnet_miner_rejections_total'))
        .join('\n'),
    ).toBeGreaterThan(1_000);
  }, 300_000);
});
