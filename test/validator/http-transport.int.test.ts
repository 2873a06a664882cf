import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CastMember, Player } from '../../demo/cast.ts';
import type { AxonPolicy } from '../../protocol/axon-policy.ts';
import { HttpAxon } from '../../protocol/bittensor-http/http-axon.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { checkPayload, payloadValidator } from '../../subnet-config/synapse-schema.ts';
import { HttpRoundDendrite, synapseAnswer } from '../../validator/http-round-dendrite.ts';
import type { RoundTarget } from '../../validator/round.ts';
import { runSubnet, type CliProcess } from '../helpers/cli-process.ts';
import { devKeys } from '../protocol/raw-peer.ts';
import { expectUnsignedTransportRun, minerArgs, start, startNet, stopNet, validatorArgs, type Pace, type TestNet } from './network.ts';

/**
 * `subnet validator start --transport bittensor-http`: the round's queries over
 * the Python SDK's HTTP axon protocol. First the adapter against an in-process
 * HttpAxon (status mapping, field mapping, abort), then end to end: a devnet,
 * miners started with --bittensor-http (honest, random, offline) and one
 * validator process that scores their HTTP answers and sets weights on chain.
 */

describe('HttpRoundDendrite against an in-process HttpAxon', () => {
  let keys: Awaited<ReturnType<typeof devKeys>>;
  let axon: HttpAxon;
  let port: number;
  const policy: AxonPolicy = {
    blacklist: (hotkey) => (hotkey === keys.stranger.address ? 'not registered on netuid 1' : undefined),
    admit: () => ({ release: () => {} }),
  };

  beforeAll(async () => {
    keys = await devKeys();
    // the axon caps a synapse's timeout at 300 ms: a slow handler earns the axon's own 408
    axon = new HttpAxon({ keypair: keys.miner, port: 0, policy, maxTimeoutMs: 300, authFailureBurst: 1000 });
    axon.attach('Embed', ({ body }) => ({ embeddings: (body as { texts: string[] }).texts.map((t) => [t.length, 0.5]), note: 'extra' }));
    axon.attach('Big', () => ({ blob: 'x'.repeat(64 * 1024) }));
    axon.attach('Hashed', ({ body }) => ({ echo: (body as { text: string }).text }), { requiredHashFields: ['text'] });
    axon.attach(
      'Slow',
      (_s, ctx) =>
        new Promise((resolve) => {
          const t = setTimeout(() => resolve({}), 5_000);
          ctx.signal.addEventListener('abort', () => {
            clearTimeout(t);
            resolve({});
          });
        }),
    );
    ({ port } = await axon.listen());
  });

  afterAll(async () => {
    await axon?.close();
  });

  const target = (hotkey = keys.miner.address): RoundTarget => ({ url: `ws://127.0.0.1:${port}`, ip: '127.0.0.1', port, hotkey });
  const dendrite = (keypair: KeyringPair = keys.validator, maxResponseBytes?: number) =>
    new HttpRoundDendrite({ keypair, maxResponseBytes, responseFields: (s) => (s === 'Embed' ? ['embeddings'] : undefined) });

  it('maps a 200 to the synapse own answer: no base fields, no echoed request fields, no provenance', async () => {
    const r = await dendrite().call(target(), 'Embed', { texts: ['ab', 'cde'] }, { timeoutMs: 5_000 });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      embeddings: [
        [2, 0.5],
        [3, 0.5],
      ],
      note: 'extra',
    });
    expect(r.provenance).toBeUndefined();
    expect(r.bodyBytes).toBeUndefined();
    expect(r.latencyMs).toBeGreaterThan(0);
    // the same check the scoring's `schema` rule makes on a WebSocket answer, strict about extra fields
    const strict = payloadValidator({
      type: 'object',
      required: ['embeddings'],
      additionalProperties: false,
      properties: { embeddings: { type: 'array' }, note: { type: 'string' } },
    });
    expect(checkPayload(strict, r.body)).toBeUndefined();
    // a request field the response schema also declares is kept
    expect(synapseAnswer({ name: 'Echo', timeout: 12, dendrite: {}, axon: {}, text: 'a', out: 1 }, { text: 'a' }, ['text', 'out'])).toEqual({
      text: 'a',
      out: 1,
    });
  });

  it("signs the body hash over the class's required_hash_fields when the definition names them", async () => {
    const hashing = new HttpRoundDendrite({ keypair: keys.validator, requiredHashFields: (s) => (s === 'Hashed' ? ['text'] : undefined) });
    expect(await hashing.call(target(), 'Hashed', { text: 'abc' }, { timeoutMs: 5_000 })).toMatchObject({ status: 200, body: { echo: 'abc' } });
    // without them the hash covers nothing and the axon refuses the body (as a Python axon does)
    expect((await dendrite().call(target(), 'Hashed', { text: 'abc' }, { timeoutMs: 5_000 })).status).toBe(400);
  });

  it('maps refusals as the WebSocket path does: 403 is BLACKLISTED, 401 (wrong receiver) and the axon 408 are statuses', async () => {
    // BLACKLISTED, as the WebSocket axon's refusal: a validator without a permit leaves the score alone
    const blacklisted = dendrite(keys.stranger).call(target(), 'Embed', { texts: ['a'] }, { timeoutMs: 5_000 });
    await expect(blacklisted).rejects.toMatchObject({
      name: 'ProtocolError',
      code: 'BLACKLISTED',
      message: expect.stringMatching(/Forbidden. Key is blacklisted: not registered on netuid 1/),
    });
    const wrongReceiver = await dendrite().call(target(keys.other.address), 'Embed', { texts: ['a'] }, { timeoutMs: 5_000 });
    expect(wrongReceiver).toMatchObject({ status: 401, body: undefined });
    const slow = await dendrite().call(target(), 'Slow', {}, { timeoutMs: 5_000 });
    expect(slow).toMatchObject({ status: 408, body: undefined });
  });

  it('honours the round signal and the timeout as TIMEOUT, an answer over the cap as PAYLOAD_TOO_LARGE, a closed port as CONNECTION_FAILED', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t0 = performance.now();
    const aborted = dendrite().call(target(), 'Slow', {}, { timeoutMs: 5_000, signal: controller.signal });
    await expect(aborted).rejects.toMatchObject({ name: 'ProtocolError', code: 'TIMEOUT' });
    expect(performance.now() - t0).toBeLessThan(2_000);
    await expect(dendrite().call(target(), 'Slow', {}, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(dendrite(keys.validator, 4096).call(target(), 'Big', {}, { timeoutMs: 5_000 })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const closed = new HttpAxon({ keypair: keys.miner, port: 0 });
    const { port: closedPort } = await closed.listen();
    await closed.close();
    const unreachable = dendrite().call({ ...target(), port: closedPort }, 'Embed', { texts: ['a'] }, { timeoutMs: 2_000 });
    await expect(unreachable).rejects.toBeInstanceOf(ProtocolError);
    await expect(unreachable).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  });
});

describe('subnet validator start --transport', () => {
  it('is in --help, and an unknown transport is refused by name before anything loads', async () => {
    const help = await runSubnet(['validator', 'start', '--help'], { timeoutMs: 30_000 });
    expect(help.stdout).toMatch(/--transport <transport>[\s\S]*bittensor-http/);
    const bad = await runSubnet(['validator', 'start', '--subnet', 'does-not-exist', '--transport', 'grpc'], { timeoutMs: 30_000 });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--transport must be ws, bittensor-http or epistula, got 'grpc'/);
  }, 60_000);
});

const PACE: Pace = { tempo: 20, stepEveryBlocks: 2, weightsEveryBlocks: 4, timeoutMs: 1_500, blockTimeMs: 250 };
const cast = (name: string, role: 'validator' | 'miner', stake: number) =>
  ({ name, role, behaviour: role === 'validator' ? 'validator' : 'honest', stake }) as CastMember;
const CAST: CastMember[] = [
  cast('validator-a', 'validator', 1000),
  cast('miner-honest', 'miner', 0),
  cast('miner-random', 'miner', 0),
  cast('miner-offline', 'miner', 0),
];

describe('validator --transport bittensor-http end to end', () => {
  let net: TestNet;
  let validator: CliProcess;
  const player = (name: string): Player => net.players.find((p) => p.name === name)!;

  beforeAll(async () => {
    net = await startNet(CAST, PACE);
    const miners = net.players.filter((p) => p.role === 'miner').map((p) => [p, start(net, [...minerArgs(net, p), '--bittensor-http'])] as const);
    validator = start(net, validatorArgs(net, player('validator-a'), ['--transport', 'bittensor-http', '--audit']));
    await Promise.all([...miners.map(([, m]) => m.waitForEvent('ready', 150_000)), validator.waitForEvent('ready', 150_000)]);
    // the offline miner served its axon, then went away
    await miners.find(([p]) => p.name === 'miner-offline')![1].stop('SIGKILL');
  }, 300_000);

  afterAll(async () => {
    await stopNet(net);
  }, 60_000);

  it('scores the HTTP answers (honest > random, offline 0), records them unsigned and sets weights on chain', async () => {
    await expectUnsignedTransportRun(net, validator, 'bittensor-http');
  }, 200_000);
});
