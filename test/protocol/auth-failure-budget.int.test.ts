import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AuthFailureBudget } from '../../protocol/auth-failure-budget.ts';
import { Axon } from '../../protocol/ws/axon.ts';
import { BodyCodec } from '../../protocol/ws/codec.ts';
import type { ErrorFrame, RequestFrame } from '../../protocol/ws/frames.ts';
import { CLOSE_CODES } from '../../protocol/ws/close-codes.ts';
import { signSr25519Request } from '../../protocol/ws/request-signing.ts';
import { devKeys, RawPeer } from './raw-peer.ts';

describe('AuthFailureBudget (token bucket per source)', () => {
  it('allows a burst of failures, then refuses until the bucket refills', () => {
    const budget = new AuthFailureBudget({ burst: 3, perSecond: 0.5, maxSources: 100 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(budget.allows('10.0.0.1', t0)).toBe(true);
      budget.charge('10.0.0.1', t0);
    }
    expect(budget.allows('10.0.0.1', t0)).toBe(false);
    expect(budget.retryAfterS('10.0.0.1', t0)).toBe(2);
    // another source is untouched
    expect(budget.allows('10.0.0.2', t0)).toBe(true);
    // 0.5 token/s: one more failure allowed after 2 s
    expect(budget.allows('10.0.0.1', t0 + 1_999)).toBe(false);
    expect(budget.allows('10.0.0.1', t0 + 2_000)).toBe(true);
    expect(budget.retryAfterS('10.0.0.1', t0 + 2_000)).toBe(0);
  });

  it('keeps at most maxSources buckets, forgetting the least recently charged', () => {
    const budget = new AuthFailureBudget({ burst: 1, perSecond: 0.001, maxSources: 2 });
    budget.charge('a', 0);
    budget.charge('b', 0);
    budget.charge('c', 0);
    expect(budget.size).toBe(2);
    expect(budget.allows('a', 0)).toBe(true);
    expect(budget.allows('b', 0)).toBe(false);
    expect(budget.allows('c', 0)).toBe(false);
  });

  it('keys IPv4 (also IPv4-mapped IPv6) by address and IPv6 by /64', () => {
    expect(AuthFailureBudget.sourceOf('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(AuthFailureBudget.sourceOf('192.0.2.7')).toBe('192.0.2.7');
    expect(AuthFailureBudget.sourceOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(AuthFailureBudget.sourceOf('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::/64');
    expect(AuthFailureBudget.sourceOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(AuthFailureBudget.sourceOf('::1')).toBe('0:0:0:0::/64');
  });
});

describe('axon: per-source budget for failed authentications', () => {
  const bodies = new BodyCodec();
  const BURST = 4;
  let keys: Awaited<ReturnType<typeof devKeys>>;
  let axon: Axon;
  let url: string;
  const rejections: string[] = [];
  const count = (reason: string) => rejections.filter((r) => r === reason).length;
  let uuid = 0;
  const request = (id: number, forged: boolean): RequestFrame => {
    const frame = signSr25519Request({
      pair: keys.validator,
      receiver: keys.miner.address,
      uuid: `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}`,
      id,
      synapse: 'Echo',
      timeoutMs: 1_000,
      body: bodies.encode(`hi ${id}`),
    }).frame;
    // a forged signature: same length, wrong bytes, so the axon does the full sr25519 verification
    if (forged) (frame.auth as { sig: Uint8Array }).sig = new Uint8Array(64).fill(7);
    return frame;
  };

  beforeAll(async () => {
    keys = await devKeys();
    axon = new Axon({
      keypair: keys.miner,
      observer: { rejection: (r) => rejections.push(r) },
      authFailureBurst: BURST,
      authFailuresPerSecond: 0.01,
    });
    axon.attach('Echo', (s) => s.body);
    ({ url } = await axon.listen());
  });

  afterAll(async () => {
    await axon.close(500);
  });

  it('refuses a source that keeps sending bad signatures, without verifying more, while another source is served', async () => {
    const attacker = { localAddress: '127.0.0.2' };
    // the burst: BURST forged requests, spread over two connections, each verified and refused
    const first = await RawPeer.connect(url, attacker);
    for (let id = 1; id < BURST; id++) {
      first.send(request(id, true));
      expect(((await first.answer(id)) as ErrorFrame).message).toMatch(/bad sr25519 signature/);
    }
    const second = await RawPeer.connect(url, attacker);
    second.send(request(1, true));
    expect(((await second.answer(1)) as ErrorFrame).message).toMatch(/bad sr25519 signature/);
    expect(count('unauthorized')).toBe(BURST);

    // spent: the next request is refused before its signature is looked at, and the connection closed
    second.send(request(2, true));
    const spent = (await second.answer(2)) as ErrorFrame;
    expect(spent.code).toBe('RATE_LIMITED');
    expect(spent.status).toBe(429);
    expect(spent.message).toMatch(/too many failed authentications from 127\.0\.0\.2; retry in \d+ s/);
    await second.closed;
    expect(second.closeCode).toBe(CLOSE_CODES.RATE_LIMITED);
    // even a correctly signed request from that source on its still-open connection gets no verification
    first.send(request(BURST, false));
    expect(((await first.answer(BURST)) as ErrorFrame).code).toBe('RATE_LIMITED');
    await first.closed;

    // new connections from that source are refused at the upgrade: HTTP 429 with Retry-After
    const refused = await new Promise<{ status?: number; retryAfter?: string }>((resolve, reject) => {
      const ws = new WebSocket(url, { localAddress: '127.0.0.2' });
      ws.once('open', () => reject(new Error('the spent source was let in')));
      ws.once('error', () => {});
      ws.once('unexpected-response', (_req, res) => {
        resolve({ status: res.statusCode, retryAfter: res.headers['retry-after'] as string | undefined });
        res.resume();
        ws.terminate();
      });
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(count('auth_failures')).toBe(1);
    // the sr25519 verifications done for that source: exactly its burst
    expect(count('unauthorized')).toBe(BURST);

    // a good client from another source is served, and its own mistake still gets a full answer
    const good = await RawPeer.connect(url, { localAddress: '127.0.0.3' });
    good.send(request(1, false));
    expect((await good.answer(1)).type).toBe('res');
    good.send(request(2, true));
    expect(((await good.answer(2)) as ErrorFrame).message).toMatch(/bad sr25519 signature/);
    good.send(request(3, false));
    expect((await good.answer(3)).type).toBe('res');
    good.close();
  });

  it('charges bad certificates too: a source whose handshakes keep failing is refused before verifying more', async () => {
    const source = { localAddress: '127.0.0.4' };
    for (let i = 0; i < BURST; i++) {
      const peer = await RawPeer.connect(url, source);
      // a certificate addressed to another axon
      const { answer } = await peer.auth(keys.validator, { peer: keys.other.address });
      expect((answer as ErrorFrame).code).toBe('UNAUTHORIZED');
      await peer.closed;
    }
    await expect(RawPeer.connect(url, source)).rejects.toThrow(/HTTP 429/);
    // the session handshake from a fresh source still works
    const fresh = await RawPeer.connect(url, { localAddress: '127.0.0.5' });
    expect((await fresh.auth(keys.validator)).answer.type).toBe('welcome');
    fresh.close();
  });
});
