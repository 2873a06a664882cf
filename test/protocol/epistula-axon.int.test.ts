import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { AxonPolicy } from '../../protocol/axon-policy.ts';
import { EpistulaAxon } from '../../protocol/epistula/epistula-axon.ts';
import { callEpistula } from '../../protocol/epistula/epistula-dendrite.ts';
import { toJsonText } from '../../protocol/epistula/json-body.ts';
import { epistulaHeaders } from '../../protocol/epistula/signed-request.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { EpistulaRoundDendrite } from '../../validator/epistula-round-dendrite.ts';
import type { RoundTarget } from '../../validator/round.ts';
import { devKeys } from './raw-peer.ts';

/**
 * The Epistula axon in process: what it answers, what it refuses (stale, replayed, wrong
 * receiver, bad signature, blacklisted, spent authentication budget), streams, timeouts; and the
 * validator's EpistulaRoundDendrite against it.
 */

let keys: Awaited<ReturnType<typeof devKeys>>;
let axon: EpistulaAxon;
let base: string;
let rateLimited = false;
const seen: { caller: string; body: unknown; timeoutMs: number }[] = [];

const policy: AxonPolicy = {
  blacklist: (hotkey) => (hotkey === keys.stranger.address ? 'not registered on netuid 1' : undefined),
  admit: () => {
    if (rateLimited) throw new ProtocolError('RATE_LIMITED', 'more than 1 request/s');
    return { release: () => {} };
  },
};

beforeAll(async () => {
  keys = await devKeys();
  axon = new EpistulaAxon({ keypair: keys.miner, port: 0, policy, maxBodyBytes: 4096, maxTimeoutMs: 2_000, authFailureBurst: 3, authFailuresPerSecond: 0.01 });
  axon.attach('Embed', ({ body, timeoutMs }, ctx) => {
    seen.push({ caller: ctx.caller, body, timeoutMs });
    return { embeddings: (body as { texts: string[] }).texts.map((t) => new Float32Array([t.length, 0.5])) };
  });
  axon.attach('Generate', async function* () {
    yield { token: 'he' };
    yield { token: 'llo' };
  });
  axon.attach(
    'Slow',
    (_s, ctx) =>
      new Promise((resolve) => {
        const t = setTimeout(() => resolve({}), 10_000);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(t);
          resolve({});
        });
      }),
  );
  const { port } = await axon.listen();
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await axon?.close();
});

/** A request written by hand: the headers as the reference writes them, any timestamp, any body. */
async function raw(o: {
  signer?: KeyringPair;
  signedFor?: string;
  body?: string;
  signedBody?: string;
  timestamp?: number;
  uuid?: string;
  synapse?: string;
  headers?: Record<string, string>;
}) {
  const body = o.body ?? toJsonText({ texts: ['abc'] });
  const headers = epistulaHeaders({
    signer: o.signer ?? keys.validator,
    body: Buffer.from(o.signedBody ?? body),
    signedFor: o.signedFor ?? keys.miner.address,
    timestamp: o.timestamp,
    uuid: o.uuid,
  });
  const res = await fetch(`${base}/${o.synapse ?? 'Embed'}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', ...o.headers },
    body,
  });
  const json = (await res.json()) as { code?: string; reason?: string; message?: string; embeddings?: number[][] };
  return { status: res.status, json, headers: { ...headers, ...o.headers }, body };
}

describe('EpistulaAxon', () => {
  it('answers a signed request with the handler JSON, typed arrays as lists, to the verified caller', async () => {
    const before = seen.length;
    const r = await raw({ headers: { 'X-Client-Timeout': '1.5' } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ embeddings: [[3, 0.5]] });
    expect(seen.slice(before)).toEqual([{ caller: keys.validator.address, body: { texts: ['abc'] }, timeoutMs: 1_500 }]);
    // the caller's timeout is capped by the axon
    await raw({ headers: { 'X-Client-Timeout': '600' } });
    expect(seen.at(-1)!.timeoutMs).toBe(2_000);
  });

  it('refuses a replayed request, byte for byte the same', async () => {
    const first = await raw({});
    expect(first.status).toBe(200);
    const again = await fetch(`${base}/Embed`, { method: 'POST', headers: first.headers, body: first.body });
    expect(again.status).toBe(401);
    expect(((await again.json()) as { message: string }).message).toMatch(/replayed request: uuid .* was already used/);
    // the same uuid from another sender is that sender's own
    expect((await raw({ signer: keys.other, uuid: first.headers['Epistula-Uuid'] })).status).toBe(200);
  });

  it('refuses stale and far-future requests, a wrong receiver, a bad signature, before the handler runs', async () => {
    const before = seen.length;
    const stale = await raw({ timestamp: Date.now() - 9_000 });
    expect(stale).toMatchObject({ status: 401, json: { code: 'UNAUTHORIZED', reason: 'EPISTULA_STALE' } });
    const future = await raw({ timestamp: Date.now() + 60_000 });
    expect(future).toMatchObject({ status: 401, json: { code: 'UNAUTHORIZED', reason: 'EPISTULA_FUTURE' } });
    const wrongReceiver = await raw({ signedFor: keys.other.address });
    expect(wrongReceiver).toMatchObject({ status: 401, json: { code: 'UNAUTHORIZED', reason: 'EPISTULA_WRONG_RECEIVER' } });
    const badSignature = await raw({ signedBody: toJsonText({ texts: ['abd'] }) });
    expect(badSignature).toMatchObject({ status: 401, json: { code: 'UNAUTHORIZED', reason: 'EPISTULA_BAD_SIGNATURE' } });
    const version1 = await raw({ headers: { 'Epistula-Version': '1' } });
    expect(version1).toMatchObject({ status: 400, json: { code: 'BAD_REQUEST', reason: 'EPISTULA_VERSION' } });
    const blacklisted = await raw({ signer: keys.stranger });
    expect(blacklisted).toMatchObject({ status: 403, json: { code: 'BLACKLISTED' } });
    expect(blacklisted.json.message).toMatch(/not registered on netuid 1/);
    expect((await raw({ synapse: 'Nope' })).status).toBe(404);
    expect((await raw({ body: 'x'.repeat(5000) })).status).toBe(413);
    expect(seen.length).toBe(before);
  });

  it("applies the policy's admission and the deadline", async () => {
    rateLimited = true;
    try {
      expect(await raw({})).toMatchObject({ status: 429, json: { code: 'RATE_LIMITED' } });
    } finally {
      rateLimited = false;
    }
    const t0 = performance.now();
    expect(await raw({ synapse: 'Slow', headers: { 'X-Client-Timeout': '0.3' } })).toMatchObject({ status: 408, json: { code: 'TIMEOUT' } });
    expect(performance.now() - t0).toBeLessThan(3_000);
  });

  it('streams an async iterable as server-sent events, ending with [DONE]', async () => {
    const r = await callEpistula({ baseUrl: base, receiver: keys.miner.address, synapse: 'Generate', body: {}, signer: keys.validator });
    expect(r).toMatchObject({ status: 200, body: [{ token: 'he' }, { token: 'llo' }] });
    expect(r.incomplete).toBeUndefined();
  });
});

describe('EpistulaRoundDendrite', () => {
  const target = (hotkey = keys.miner.address): RoundTarget => ({ url: base.replace('http', 'ws'), ip: '127.0.0.1', port: Number(new URL(base).port), hotkey });
  const dendrite = (keypair: KeyringPair = keys.validator, maxResponseBytes?: number) => new EpistulaRoundDendrite({ keypair, maxResponseBytes });

  it('returns the answer unsigned, refusals as statuses, 403 as BLACKLISTED', async () => {
    const r = await dendrite().call(target(), 'Embed', { texts: ['ab', 'cde'] }, { timeoutMs: 5_000 });
    expect(r).toMatchObject({
      status: 200,
      body: {
        embeddings: [
          [2, 0.5],
          [3, 0.5],
        ],
      },
    });
    expect(r.provenance).toBeUndefined();
    expect(r.latencyMs).toBeGreaterThan(0);
    expect(r.processMs).toBeGreaterThanOrEqual(0);
    expect(await dendrite().call(target(keys.other.address), 'Embed', { texts: ['a'] }, { timeoutMs: 5_000 })).toMatchObject({ status: 401, body: undefined });
    await expect(dendrite(keys.stranger).call(target(), 'Embed', { texts: ['a'] }, { timeoutMs: 5_000 })).rejects.toMatchObject({
      name: 'ProtocolError',
      code: 'BLACKLISTED',
    });
  });

  it('maps its own failures: the round signal and timeout to TIMEOUT, an oversized answer, a closed port', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(dendrite().call(target(), 'Slow', {}, { timeoutMs: 5_000, signal: controller.signal })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(dendrite().call(target(), 'Slow', {}, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(dendrite(keys.validator, 10).call(target(), 'Embed', { texts: ['abc'] }, { timeoutMs: 5_000 })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    const closed = new EpistulaAxon({ keypair: keys.miner, port: 0 });
    const { port } = await closed.listen();
    await closed.close();
    await expect(dendrite().call({ ...target(), port }, 'Embed', { texts: ['a'] }, { timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
  });

  it('stops verifying a source whose failed signatures spent its budget', async () => {
    // the burst is 3 failures; earlier tests spent one: two more, then 429 before any sr25519 work
    for (let i = 0; i < 2; i++) await raw({ signedBody: '{}' });
    const spent = await raw({ signedBody: '{}' });
    expect(spent).toMatchObject({ status: 429, json: { code: 'RATE_LIMITED' } });
    expect(spent.json.message).toMatch(/too many failed authentications/);
    // a good signature from the same source is refused too until the bucket refills
    expect((await raw({})).status).toBe(429);
  });
});
