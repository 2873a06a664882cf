import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uidOfHotkey } from '../../chain/metagraph.ts';
import type { CastMember, Player } from '../../demo/cast.ts';
import { runSubnet, type CliProcess } from '../helpers/cli-process.ts';
import { expectUnsignedTransportRun, minerArgs, NETUID, start, startNet, stopNet, validatorArgs, type Pace, type TestNet } from './network.ts';

/**
 * `subnet validator start --transport epistula` end to end: a devnet, miners started with
 * --epistula (honest, random, offline) that answer Epistula v2 signed HTTP on the axon port they
 * announced, and one validator process that scores their answers and sets weights on chain.
 */

const PACE: Pace = { tempo: 20, stepEveryBlocks: 2, weightsEveryBlocks: 4, timeoutMs: 1_500, blockTimeMs: 250 };
const cast = (name: string, role: 'validator' | 'miner', stake: number) =>
  ({ name, role, behaviour: role === 'validator' ? 'validator' : 'honest', stake }) as CastMember;
const CAST: CastMember[] = [
  cast('validator-a', 'validator', 1000),
  cast('miner-honest', 'miner', 0),
  cast('miner-random', 'miner', 0),
  cast('miner-offline', 'miner', 0),
];

describe('validator --transport epistula end to end', () => {
  let net: TestNet;
  let validator: CliProcess;
  const player = (name: string): Player => net.players.find((p) => p.name === name)!;

  beforeAll(async () => {
    net = await startNet(CAST, PACE);
    // the SDK's HTTP axon shares the port too: requests are told apart by their Epistula headers
    const miners = net.players.filter((p) => p.role === 'miner').map((p) => [p, start(net, [...minerArgs(net, p), '--epistula', '--bittensor-http'])] as const);
    validator = start(net, validatorArgs(net, player('validator-a'), ['--transport', 'epistula', '--audit']));
    await Promise.all([...miners.map(([, m]) => m.waitForEvent('ready', 150_000)), validator.waitForEvent('ready', 150_000)]);
    const ready = await miners[0]![1].waitForEvent<{ epistulaUrl?: string; port: number }>('ready');
    expect(ready.epistulaUrl).toBe(`http://127.0.0.1:${ready.port}`);
    // the offline miner served its axon, then went away
    await miners.find(([p]) => p.name === 'miner-offline')![1].stop('SIGKILL');
  }, 300_000);

  afterAll(async () => {
    await stopNet(net);
  }, 60_000);

  it('scores the Epistula answers (honest > random, offline 0), records them unsigned and sets weights on chain', async () => {
    await expectUnsignedTransportRun(net, validator, 'epistula');
  }, 200_000);

  it('answers `subnet query --transport epistula` at the address on chain; WebSocket and bittensor-http clients are still served', async () => {
    const mg = await net.client.getMetagraph(NETUID);
    const honest = uidOfHotkey(mg, player('miner-honest').hotkey)!;
    const query = (transport: string) =>
      runSubnet(
        [
          'query',
          '--chain',
          net.url,
          '--wallet-dir',
          net.walletDir,
          '--wallet',
          'validator-a',
          '--hotkey',
          'default',
          '--netuid',
          String(NETUID),
          '--uid',
          String(honest),
          '--transport',
          transport,
          '--synapse',
          'Embed',
          '--body',
          JSON.stringify({ texts: ['hello', 'world'] }),
          '--json',
        ],
        { timeoutMs: 60_000 },
      );
    const [epistula, ws, http] = await Promise.all([query('epistula'), query('ws'), query('bittensor-http')]);
    const out = JSON.parse(epistula.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, any>;
    expect(out, epistula.stderr).toMatchObject({ ok: true, transport: 'epistula', status: 200, hotkey: player('miner-honest').hotkey });
    expect(String(out.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Embed$/);
    expect(out.body.embeddings).toHaveLength(2);
    expect(epistula.code).toBe(0);
    const wsOut = JSON.parse(ws.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, any>;
    expect(wsOut, ws.stderr).toMatchObject({ ok: true, hotkey: player('miner-honest').hotkey });
    const httpOut = JSON.parse(http.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, any>;
    expect(httpOut, http.stderr).toMatchObject({ ok: true, transport: 'bittensor-http', status: 200, axonSignatureValid: true });
    // the same embeddings over both transports (typed arrays arrive as number lists over Epistula)
    expect(out.body.embeddings[0].length).toBe(wsOut.body.embeddings[0].length);
    expect(out.body.embeddings[0][0]).toBeCloseTo(wsOut.body.embeddings[0][0], 5);
  }, 120_000);
});
