import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Axon } from '../../protocol/ws/axon.ts';
import type { AxonPolicy } from '../../protocol/axon-policy.ts';
import { BodyCodec } from '../../protocol/ws/codec.ts';
import { Dendrite } from '../../protocol/ws/dendrite.ts';
import type { ErrorFrame, ResponseFrame } from '../../protocol/ws/frames.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { CLOSE_CODES } from '../../protocol/ws/close-codes.ts';
import { verifyProvenance } from '../../protocol/ws/provenance.ts';
import { signSessionRequest, signSr25519Request } from '../../protocol/ws/request-signing.ts';
import { devKeys, RawPeer } from './raw-peer.ts';

const bodies = new BodyCodec();
let keys: Awaited<ReturnType<typeof devKeys>>;
let axon: Axon;
let url: string;
const rejections: string[] = [];
let allowed = new Set<string>();
let rateLimited = false;

const policy: AxonPolicy = {
  blacklist: (hotkey) => (allowed.has(hotkey) ? undefined : 'not registered on netuid 1'),
  admit: () => {
    if (rateLimited) throw new ProtocolError('RATE_LIMITED', 'more than 1 request/s');
    return { release: () => {} };
  },
};

async function expectCode(p: Promise<unknown>, code: string): Promise<ProtocolError> {
  try {
    await p;
  } catch (err) {
    expect((err as ProtocolError).code, (err as Error).message).toBe(code);
    return err as ProtocolError;
  }
  throw new Error(`expected ${code}, but the call succeeded`);
}

beforeAll(async () => {
  keys = await devKeys();
  allowed = new Set([keys.validator.address]);
  axon = new Axon({
    keypair: keys.miner,
    policy,
    observer: { rejection: (r) => rejections.push(r) },
    maxFrameBytes: 64 * 1024,
    maxConnections: 8,
    maxPendingConnections: 4,
    handshakeTimeoutMs: 1_500,
  });
  axon.attach('Echo', (s) => s.body);
  axon.attach('Embed', (s) => ({ embedding: new Float32Array(384).fill((s.body as { x: number }).x) }));
  axon.attach('Boom', () => {
    throw new Error('model exploded');
  });
  axon.attach('Slow', (_s, ctx) => new Promise((resolve) => setTimeout(resolve, 5_000, 'late')).finally(() => ctx.signal.aborted));
  axon.attach('Generate', async function* (s) {
    for (const word of String((s.body as { prompt: string }).prompt).split(' ')) yield { token: word, at: Date.now() };
  });
  ({ url } = await axon.listen());
});

afterAll(async () => {
  await axon.close(1_000);
});

describe('signed round trips', () => {
  for (const scheme of ['session', 'sr25519'] as const) {
    it(`answers a ${scheme}-signed request with a verifiable, signed response`, async () => {
      const d = new Dendrite({ keypair: keys.validator, scheme });
      try {
        const r = await d.call<{ embedding: Float32Array }>({ url, hotkey: keys.miner.address }, 'Embed', { x: 0.25 });
        expect(r.status).toBe(200);
        expect(r.body.embedding).toBeInstanceOf(Float32Array);
        expect(r.body.embedding.length).toBe(384);
        expect(r.body.embedding[383]).toBe(0.25);
        // offline provenance: a JSON round trip, then verified with no connection at all
        const record = JSON.parse(JSON.stringify(r.provenance));
        expect(verifyProvenance(record)).toEqual({ ok: true });
        expect(verifyProvenance(record, bodies.encode(r.body))).toEqual({ ok: true });
        expect(record.miner).toBe(keys.miner.address);
        expect(record.caller).toBe(keys.validator.address);
        // any tampering breaks it
        expect(verifyProvenance({ ...record, bodyHash: record.bodyHash.replace(/^./, (c: string) => (c === '0' ? '1' : '0')) }).ok).toBe(false);
        expect(verifyProvenance({ ...record, miner: keys.other.address }).ok).toBe(false);
        expect(verifyProvenance({ ...record, sentTs: record.sentTs + 1 }).ok).toBe(false);
        expect(verifyProvenance(record, bodies.encode({ embedding: new Float32Array(384) })).ok).toBe(false);
        // several requests multiplexed on one connection
        const many = await Promise.all(Array.from({ length: 20 }, (_, i) => d.call<number>({ url, hotkey: keys.miner.address }, 'Echo', i)));
        expect(many.map((m) => m.body)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      } finally {
        await d.close();
      }
    });
  }

  it('streams chunks with sequence numbers and a final signature over the whole stream', async () => {
    const d = new Dendrite({ keypair: keys.validator });
    const call = d.stream<{ token: string }>({ url, hotkey: keys.miner.address }, 'Generate', { prompt: 'the quick brown fox' });
    const tokens: string[] = [];
    for await (const chunk of call) tokens.push(chunk.token);
    const result = await call.result;
    expect(tokens).toEqual(['the', 'quick', 'brown', 'fox']);
    expect(result.count).toBe(4);
    expect(verifyProvenance(result.provenance)).toEqual({ ok: true });
    expect(verifyProvenance({ ...result.provenance, count: 3 }).ok).toBe(false);
    await d.close();
  });

  it('refuses to talk to an axon that is not the expected hotkey', async () => {
    const d = new Dendrite({ keypair: keys.validator });
    await expectCode(d.call({ url, hotkey: keys.other.address }, 'Echo', 1), 'WRONG_AXON');
    await d.close();
  });
});

describe('typed errors', () => {
  it('unknown synapse, throwing handler and slow handler answer with codes and keep the connection open', async () => {
    const d = new Dendrite({ keypair: keys.validator });
    const target = { url, hotkey: keys.miner.address };
    const unknown = await expectCode(d.call(target, 'Nope', {}), 'UNKNOWN_SYNAPSE');
    expect(unknown.message).toMatch(/unknown synapse "Nope"; this axon serves Echo, Embed/);
    const boom = await expectCode(d.call(target, 'Boom', {}), 'INTERNAL');
    expect(boom.message).toMatch(/model exploded/);
    const slow = await expectCode(d.call(target, 'Slow', {}, { timeoutMs: 300 }), 'TIMEOUT');
    expect(slow.message).toMatch(/did not answer within 300 ms \[TIMEOUT 408\]/);
    // still the same, healthy connection
    expect((await d.call(target, 'Echo', 'still here')).body).toBe('still here');
    await d.close();
  });

  it('refuses a request larger than the frame limit locally, and the axon refuses it unread', async () => {
    const d = new Dendrite({ keypair: keys.validator });
    await expectCode(d.call({ url, hotkey: keys.miner.address }, 'Echo', new Uint8Array(70 * 1024)), 'PAYLOAD_TOO_LARGE');
    await d.close();
    // a raw peer that sends it anyway: one 4 MiB frame header is enough for the axon to close (1009)
    const peer = await RawPeer.connect(url);
    const before = rejections.filter((r) => r === 'payload_too_large').length;
    peer.sendBytes(new Uint8Array(4 * 1024 * 1024));
    await peer.closed;
    expect(peer.closeCode).toBe(CLOSE_CODES.MESSAGE_TOO_BIG);
    expect(rejections.filter((r) => r === 'payload_too_large').length).toBe(before + 1);
  });

  it('rate limiting from the policy is a typed RATE_LIMITED answer', async () => {
    const d = new Dendrite({ keypair: keys.validator });
    rateLimited = true;
    try {
      await expectCode(d.call({ url, hotkey: keys.miner.address }, 'Echo', 1), 'RATE_LIMITED');
    } finally {
      rateLimited = false;
    }
    expect((await d.call({ url, hotkey: keys.miner.address }, 'Echo', 2)).body).toBe(2);
    await d.close();
  });
});

describe('authentication', () => {
  it('blacklists a caller the policy refuses, before verifying anything, and closes', async () => {
    for (const scheme of ['session', 'sr25519'] as const) {
      const d = new Dendrite({ keypair: keys.stranger, scheme });
      const err = await expectCode(d.call({ url, hotkey: keys.miner.address }, 'Echo', 1), 'BLACKLISTED');
      expect(err.message).toMatch(/is blacklisted: not registered on netuid 1 \[BLACKLISTED 403\]/);
      await d.close();
    }
  });

  it('rejects a session certificate addressed to another hotkey', async () => {
    const peer = await RawPeer.connect(url);
    const { answer } = await peer.auth(keys.validator, { peer: keys.other.address });
    expect(answer.type).toBe('err');
    expect((answer as ErrorFrame).code).toBe('UNAUTHORIZED');
    expect((answer as ErrorFrame).message).toMatch(/addressed to 5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy, but this is 5GrwvaEF/);
    await peer.closed;
    expect(peer.closeCode).toBe(CLOSE_CODES.UNAUTHORIZED);
  });

  it('rejects a replayed session request and closes the session', async () => {
    const peer = await RawPeer.connect(url);
    const { cert, answer } = await peer.auth(keys.validator);
    expect(answer.type).toBe('welcome');
    const signed = signSessionRequest({
      sessionKey: cert.sessionKey.privateKey,
      sender: keys.validator.address,
      receiver: keys.miner.address,
      conn: peer.hello.conn,
      nonce: 1,
      id: 1,
      synapse: 'Echo',
      timeoutMs: 1_000,
      body: bodies.encode('once'),
    });
    peer.send(signed.frame);
    expect((await peer.answer(1)).type).toBe('res');
    peer.send({ ...signed.frame, id: 2 }); // same nonce, new id: the signature no longer matches
    expect((await peer.answer(2)) as ErrorFrame).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/bad session signature/) });
    await peer.closed;

    const again = await RawPeer.connect(url);
    const session = await again.auth(keys.validator);
    const first = signSessionRequest({
      sessionKey: session.cert.sessionKey.privateKey,
      sender: keys.validator.address,
      receiver: keys.miner.address,
      conn: again.hello.conn,
      nonce: 5,
      id: 1,
      synapse: 'Echo',
      timeoutMs: 1_000,
      body: bodies.encode('x'),
    });
    again.send(first.frame);
    await again.answer(1);
    again.send(first.frame); // byte-for-byte replay
    const replay = (await again.answer(1)) as ErrorFrame;
    expect(replay).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    expect(replay.message).toMatch(/replayed request: nonce 5 is not above the last accepted 5/);
    await again.closed;
    expect(again.closeCode).toBe(CLOSE_CODES.UNAUTHORIZED);
  });

  it('sr25519 mode: rejects replays, wrong receivers, stale timestamps and forged signatures, keeping the connection', async () => {
    const peer = await RawPeer.connect(url);
    const req = (over: Partial<Parameters<typeof signSr25519Request>[0]> = {}) =>
      signSr25519Request({
        pair: keys.validator,
        receiver: keys.miner.address,
        uuid: crypto.randomUUID(),
        id: 1,
        synapse: 'Echo',
        timeoutMs: 1_000,
        body: bodies.encode('hi'),
        ...over,
      }).frame;
    const ok = req({ id: 1 });
    peer.send(ok);
    expect(((await peer.answer(1)) as ResponseFrame).type).toBe('res');
    peer.send({ ...ok, id: 2 });
    expect(((await peer.answer(2)) as ErrorFrame).message).toMatch(/replayed request: uuid .* was already used/);
    peer.send(req({ id: 3, receiver: keys.other.address }));
    expect(((await peer.answer(3)) as ErrorFrame).message).toMatch(/addressed to 5DAAnrj7.*, but this axon is 5GrwvaEF/);
    peer.send(req({ id: 4, ts: Date.now() - 120_000 }));
    expect(((await peer.answer(4)) as ErrorFrame).message).toMatch(/older than the 30000 ms window/);
    const forged = req({ id: 5 });
    forged.body = bodies.encode('tampered');
    peer.send(forged);
    expect(((await peer.answer(5)) as ErrorFrame).message).toMatch(/bad sr25519 signature/);
    const unsigned = req({ id: 6 });
    (unsigned.auth as { sig: Uint8Array }).sig = new Uint8Array(64);
    peer.send(unsigned);
    expect(((await peer.answer(6)) as ErrorFrame).code).toBe('UNAUTHORIZED');
    peer.send(req({ id: 7 }));
    expect((await peer.answer(7)).type).toBe('res');
    peer.close();
  });

  it('rejects a session request sent before authenticating', async () => {
    const peer = await RawPeer.connect(url);
    const { cert } = await (async () => ({
      cert: (await import('../../protocol/ws/certificate.ts')).issueCertificate(keys.validator, 'dendrite', keys.miner.address, peer.hello.conn, 60_000),
    }))();
    peer.send(
      signSessionRequest({
        sessionKey: cert.sessionKey.privateKey,
        sender: keys.validator.address,
        receiver: keys.miner.address,
        conn: peer.hello.conn,
        nonce: 1,
        id: 1,
        synapse: 'Echo',
        timeoutMs: 1000,
        body: bodies.encode(1),
      }).frame,
    );
    expect(((await peer.answer(1)) as ErrorFrame).message).toMatch(/session request before auth/);
    await peer.closed;
  });
});

describe('connection limits', () => {
  it('closes connections that never authenticate, and refuses connections past the limits politely (503)', async () => {
    const d = new Dendrite({ keypair: keys.validator });
    expect((await d.call({ url, hotkey: keys.miner.address }, 'Echo', 'before')).body).toBe('before');
    const idle: RawPeer[] = [];
    for (let i = 0; i < 4; i++) idle.push(await RawPeer.connect(url));
    // the pending pool (4) is full: a fifth unauthenticated socket is refused with HTTP 503
    const refused = await new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] as string }));
      ws.on('open', () => reject(new Error('should have been refused')));
      ws.on('error', () => {});
    });
    expect(refused).toEqual({ status: 503, retryAfter: '2' });
    // authenticated clients are unaffected
    expect((await d.call({ url, hotkey: keys.miner.address }, 'Echo', 'ok')).body).toBe('ok');
    // the idle ones are cut at the handshake timeout
    await Promise.all(idle.map((p) => p.closed));
    expect(idle.every((p) => p.closeCode === CLOSE_CODES.TIMEOUT)).toBe(true);
    await d.close();
  });
});

describe('graceful shutdown', () => {
  let keysLocal: { miner: KeyringPair; validator: KeyringPair };
  it('drains in-flight requests before closing', async () => {
    keysLocal = keys;
    const a = new Axon({ keypair: keysLocal.miner });
    a.attach('Work', (s) => new Promise((resolve) => setTimeout(resolve, 400, s.body)));
    const { url: u } = await a.listen();
    const d = new Dendrite({ keypair: keysLocal.validator });
    const target = { url: u, hotkey: keysLocal.miner.address };
    await d.call(target, 'Work', 0);
    const inflight = d.call(target, 'Work', 42);
    await new Promise((r) => setTimeout(r, 100));
    const closing = a.close(5_000);
    expect((await inflight).body).toBe(42);
    await closing;
    await expectCode(d.call(target, 'Work', 1), 'CONNECTION_FAILED');
    await d.close();
  });
});

describe('admission slots', () => {
  it('are held until a stream ends and until a timed-out handler really settles', async () => {
    let held = 0;
    const counting: AxonPolicy = {
      blacklist: () => undefined,
      admit: () => {
        held += 1;
        return { release: () => (held -= 1) };
      },
    };
    const a = new Axon({ keypair: keys.miner, policy: counting });
    a.attach('Tokens', async function* () {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 100));
        yield i;
      }
    });
    a.attach('Stuck', () => new Promise((r) => setTimeout(r, 600, 'late')));
    const { url: u } = await a.listen();
    const d = new Dendrite({ keypair: keys.validator });
    const target = { url: u, hotkey: keys.miner.address };
    try {
      const call = d.stream<number>(target, 'Tokens', {});
      const seen: number[] = [];
      for await (const t of call) {
        seen.push(t);
        if (seen.length === 1) expect(held).toBe(1);
      }
      await call.result;
      expect(seen).toEqual([0, 1, 2]);
      expect(held).toBe(0);
      await expectCode(d.call(target, 'Stuck', {}, { timeoutMs: 100 }), 'TIMEOUT');
      expect(held).toBe(1); // the handler still runs
      await new Promise((r) => setTimeout(r, 700));
      expect(held).toBe(0);
    } finally {
      await d.close();
      await a.close(500);
    }
  });
});

describe('persistent connections', () => {
  it('one connection per miner carries every call; an idle one is closed (4408) and the dendrite reconnects', async () => {
    const a = new Axon({ keypair: keys.miner, idleTimeoutMs: 300 });
    a.attach('Echo', (s) => s.body);
    const { url: u } = await a.listen();
    const d = new Dendrite({ keypair: keys.validator });
    const target = { url: u, hotkey: keys.miner.address };
    try {
      await Promise.all(Array.from({ length: 10 }, (_, i) => d.call(target, 'Echo', i)));
      await d.call(target, 'Echo', 'again');
      expect(a.stats().connections).toBe(1);
      // the sweep runs every second: idle for 300 ms is noticed within ~1.3 s
      for (let i = 0; i < 40 && a.stats().connections > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(a.stats().connections).toBe(0);
      expect((await d.call(target, 'Echo', 'back')).body).toBe('back');
      expect(a.stats().connections).toBe(1);
    } finally {
      await d.close();
      await a.close(500);
    }
  });
});

describe('dendrite timeouts', () => {
  it('bounds connecting by the request timeout too', async () => {
    // a TCP server that accepts and never speaks WebSocket
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const d = new Dendrite({ keypair: keys.validator, connectTimeoutMs: 30_000 });
    const t0 = Date.now();
    const err = await expectCode(d.call({ url: `ws://127.0.0.1:${port}`, hotkey: keys.miner.address }, 'Echo', 1, { timeoutMs: 300 }), 'TIMEOUT');
    expect(err.message).toMatch(/no session with ws:\/\/127.0.0.1:\d+ within the request timeout of 300 ms/);
    expect(Date.now() - t0).toBeLessThan(3_000);
    await d.close();
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });
});

describe('caller abort signals', () => {
  it('a shared signal aborts its calls and collects no listeners from settled ones', async () => {
    const a = new Axon({ keypair: keys.miner });
    a.attach('Echo', (s) => s.body);
    a.attach('Slow', () => new Promise((r) => setTimeout(r, 2_000, 'late')));
    const { url: u } = await a.listen();
    const d = new Dendrite({ keypair: keys.validator });
    const target = { url: u, hotkey: keys.miner.address };
    const ctl = new AbortController();
    try {
      for (let i = 0; i < 50; i++) await d.call(target, 'Echo', i, { signal: ctl.signal });
      const { EventEmitter } = await import('node:events');
      expect(EventEmitter.getEventListeners(ctl.signal, 'abort')).toHaveLength(0);
      const slow = d.call(target, 'Slow', {}, { signal: ctl.signal });
      setTimeout(() => ctl.abort(), 50);
      await expectCode(slow, 'TIMEOUT');
      await expectCode(d.call(target, 'Echo', 1, { signal: ctl.signal }), 'TIMEOUT');
    } finally {
      await d.close();
      await a.close(500);
    }
  });
});
