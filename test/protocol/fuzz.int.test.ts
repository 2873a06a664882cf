import { encode as msgpackEncode } from '@msgpack/msgpack';
import { encode as cborEncode } from 'cborg';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '../../core/logger.ts';
import { Axon } from '../../protocol/ws/axon.ts';
import { BodyCodec } from '../../protocol/ws/codec.ts';
import { Dendrite } from '../../protocol/ws/dendrite.ts';
import { FrameCodec } from '../../protocol/ws/envelope.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import { signSessionRequest, signSr25519Request } from '../../protocol/ws/request-signing.ts';
import { devKeys } from './raw-peer.ts';

const MAX_FRAME = 64 * 1024;

/** Decoding anything either yields a valid value or a BAD_REQUEST ProtocolError: never another exception, never a hang. */
function decodesSafely(decode: () => unknown): void {
  try {
    decode();
  } catch (err) {
    if (!(err instanceof ProtocolError) || err.code !== 'BAD_REQUEST') throw err;
  }
}

const msgpackValue = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      v: fc.constantFrom(1, 2, '1'),
      type: fc.constantFrom('req', 'auth', 'cancel', 'hello', 'res', 'err', 'x'),
      id: fc.oneof(fc.nat(), fc.integer(), fc.string()),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      v: fc.constant(1),
      type: fc.constant('req'),
      id: fc.nat(),
      synapse: fc.string(),
      timeout_ms: fc.nat(),
      ts: fc.nat(),
      body: fc.uint8Array(),
      auth: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything({ withTypedArray: true, withBigInt: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true }),
);

describe('decoder fuzzing', () => {
  const frames = new FrameCodec(MAX_FRAME);
  const bodies = new BodyCodec({ maxBytes: MAX_FRAME });

  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        decodesSafely(() => frames.decode(bytes));
        decodesSafely(() => bodies.decode(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('random msgpack values, including frame-shaped ones', () => {
    fc.assert(
      fc.property(msgpackValue, (value) => {
        let bytes: Uint8Array;
        try {
          bytes = msgpackEncode(value);
        } catch {
          return; // not encodable (e.g. a Set): nothing to send
        }
        decodesSafely(() => frames.decode(bytes));
        decodesSafely(() => bodies.decode(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('random CBOR', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const bytes = cborEncode(value);
        decodesSafely(() => frames.decode(bytes));
        decodesSafely(() => bodies.decode(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('truncated valid frames', async () => {
    const { validator, miner } = await devKeys();
    const frame = frames.encode(
      signSr25519Request({
        pair: validator,
        receiver: miner.address,
        uuid: crypto.randomUUID(),
        id: 9,
        synapse: 'Echo',
        timeoutMs: 100,
        body: bodies.encode({ e: new Float32Array(16) }),
      }).frame,
    );
    for (let cut = 0; cut < frame.byteLength; cut++) decodesSafely(() => frames.decode(frame.subarray(0, cut)));
  });
});

describe('a live axon under attack', () => {
  let keys: Awaited<ReturnType<typeof devKeys>>;
  let axon: Axon;
  let url: string;
  const target = () => ({ url, hotkey: keys.miner.address });

  beforeAll(async () => {
    keys = await devKeys();
    axon = new Axon({
      keypair: keys.miner,
      maxFrameBytes: MAX_FRAME,
      maxConnections: 64,
      maxPendingConnections: 16,
      handshakeTimeoutMs: 1_000,
      logger: createLogger('axon', { level: 'silent' }),
    });
    axon.attach('Echo', (s) => s.body);
    ({ url } = await axon.listen());
  });

  afterAll(async () => {
    await axon.close(1_000);
  });

  /**
   * A good client, connected and authenticated before the attack starts (a new
   * connection during a flood is refused like any other), then calling in a
   * loop until stopped; resolves with its count and any failure.
   */
  async function goodClient(): Promise<{ stop: () => Promise<{ ok: number; failures: string[] }> }> {
    const d = new Dendrite({ keypair: keys.validator });
    await d.call(target(), 'Echo', { i: -1 });
    let running = true;
    let ok = 0;
    const failures: string[] = [];
    const loop = (async () => {
      while (running) {
        try {
          const r = await d.call<{ i: number }>(target(), 'Echo', { i: ok }, { timeoutMs: 5_000 });
          if (r.body.i === ok) ok += 1;
          else failures.push(`wrong echo ${JSON.stringify(r.body)}`);
        } catch (err) {
          failures.push((err as Error).message);
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        await d.close();
        return { ok, failures };
      },
    };
  }

  // malformed frames spend their source's failure budget: the attack comes from a loopback host of its own
  async function sendRaw(payloads: Uint8Array[]): Promise<void> {
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1024 * 1024, localAddress: '127.0.0.4' });
    ws.on('error', () => {});
    const opened = await new Promise<boolean>((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('unexpected-response', () => resolve(false));
      ws.once('error', () => resolve(false));
    });
    if (!opened) return;
    const closed = new Promise<void>((r) => ws.once('close', () => r()));
    for (const p of payloads) if (ws.readyState === WebSocket.OPEN) ws.send(p);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 30))]);
    ws.terminate();
  }

  it('keeps serving a good client through random bytes, msgpack, CBOR, truncated, forged and oversized frames', async () => {
    const good = await goodClient();
    const heapBefore = process.memoryUsage().heapUsed;
    const validFrame = new FrameCodec(MAX_FRAME).encode(
      signSessionRequest({
        sessionKey: (await import('../../protocol/ws/session-key.ts')).generateSessionKey().privateKey,
        sender: keys.stranger.address,
        receiver: keys.miner.address,
        conn: new Uint8Array(16),
        nonce: 1,
        id: 1,
        synapse: 'Echo',
        timeoutMs: 100,
        body: new Uint8Array([0xc0]),
      }).frame,
    );
    const attack = fc.oneof(
      fc.uint8Array({ maxLength: 4096 }),
      msgpackValue.map((v) => {
        try {
          return msgpackEncode(v);
        } catch {
          return new Uint8Array([0xc1]);
        }
      }),
      fc.jsonValue().map((v) => cborEncode(v)),
      fc.nat({ max: validFrame.byteLength - 1 }).map((cut) => validFrame.subarray(0, cut)),
      fc.constant(validFrame),
      fc.constant(new Uint8Array(MAX_FRAME + 1)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(attack, { minLength: 1, maxLength: 4 }), async (payloads) => {
        await sendRaw(payloads);
      }),
      { numRuns: 300 },
    );
    const { ok, failures } = await good.stop();
    expect(failures.length, failures.slice(0, 3).join(' | ')).toBe(0);
    expect(ok).toBeGreaterThan(20);
    // every attacking connection is gone again
    for (let i = 0; i < 100 && axon.stats().connections > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(axon.stats().connections).toBe(0);
    global.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a flood of 1,000 loopback connections politely while a good client keeps being served', async () => {
    // the flood comes from another loopback host than the good client: its handshake timeouts spend
    // that host's failed-authentication budget, after which it is refused with 429
    const good = await goodClient();
    const rssBefore = process.memoryUsage().rss;
    const outcomes = await Promise.all(
      Array.from(
        { length: 1000 },
        () =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url, { perMessageDeflate: false, localAddress: '127.0.0.2' });
            const timer = setTimeout(() => {
              ws.terminate();
              resolve('timeout');
            }, 15_000);
            const done = (outcome: string) => {
              clearTimeout(timer);
              resolve(outcome);
            };
            ws.on('unexpected-response', (_req, res) => {
              done(`http ${res.statusCode}`);
              ws.terminate();
            });
            // accepted into the pending pool: it never authenticates, so the axon closes it at the handshake timeout
            ws.on('close', (code) => done(`closed ${code}`));
            ws.on('error', (err) => done(`error ${(err as NodeJS.ErrnoException).code ?? err.message}`));
          }),
      ),
    );
    const { ok, failures } = await good.stop();
    const tally = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
    // refused with 503 (pool full) or 429 (host's failure budget spent) + Retry-After, or admitted
    // to the small pending pool and closed at the handshake timeout
    expect(
      Object.keys(tally).every((k) => k === 'http 503' || k === 'http 429' || k === 'closed 4408'),
      JSON.stringify(tally),
    ).toBe(true);
    expect((tally['http 503'] ?? 0) + (tally['http 429'] ?? 0)).toBeGreaterThan(900);
    expect(failures.length, failures.slice(0, 3).join(' | ')).toBe(0);
    expect(ok).toBeGreaterThan(5);
    for (let i = 0; i < 100 && axon.stats().connections > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(axon.stats().connections).toBe(0);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
  });
});
