import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '../../core/logger.ts';
import { Axon } from '../../protocol/ws/axon.ts';
import { CLOSE_CODES } from '../../protocol/ws/close-codes.ts';
import { Dendrite } from '../../protocol/ws/dendrite.ts';
import type { ErrorFrame } from '../../protocol/ws/frames.ts';
import { devKeys, RawPeer } from './raw-peer.ts';

/** A 260 KB frame of 260k nested one-element arrays: about 100 ms for a msgpack decoder to build. */
const NESTED = (() => {
  const bytes = new Uint8Array(260_001).fill(0x91);
  bytes[260_000] = 0xc0;
  return bytes;
})();

const BURST = 4;

describe('an axon flooded with deeply nested frames before authentication', () => {
  let keys: Awaited<ReturnType<typeof devKeys>>;
  let axon: Axon;
  let url: string;

  beforeAll(async () => {
    keys = await devKeys();
    axon = new Axon({ keypair: keys.miner, authFailureBurst: BURST, authFailuresPerSecond: 0.5, logger: createLogger('axon', { level: 'silent' }) });
    axon.attach('Echo', (s) => s.body);
    ({ url } = await axon.listen());
  });

  afterAll(async () => {
    await axon.close(1_000);
  });

  it('refuses a nested frame unread and charges its source: past the budget, the source is refused with 429', async () => {
    const peer = await RawPeer.connect(url, { localAddress: '127.0.0.20' });
    peer.ws.send(NESTED);
    const refusal = (await peer.next((f) => f.type === 'err')) as ErrorFrame;
    expect(refusal).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/frame refused unread: msgpack value nests deeper than/) });
    await peer.closed;
    expect(peer.closeCode).toBe(CLOSE_CODES.BAD_REQUEST);
    for (let i = 1; i < BURST; i++) {
      const p = await RawPeer.connect(url, { localAddress: '127.0.0.20' });
      p.ws.send(NESTED);
      await p.closed;
    }
    await expect(RawPeer.connect(url, { localAddress: '127.0.0.20' })).rejects.toThrow(/HTTP 429/);
    // another source is not charged for it
    const other = await RawPeer.connect(url, { localAddress: '127.0.0.21' });
    other.close();
  });

  it('keeps serving a good client (>= 99 %) while 8 sources send 280 nested frames', async () => {
    const d = new Dendrite({ keypair: keys.validator });
    // connected before the flood, from a source of its own
    await d.call({ url, hotkey: keys.miner.address }, 'Echo', { i: -1 });
    let running = true;
    let ok = 0;
    const failures: string[] = [];
    const good = (async () => {
      while (running) {
        try {
          const r = await d.call<{ i: number }>({ url, hotkey: keys.miner.address }, 'Echo', { i: ok }, { timeoutMs: 5_000 });
          if (r.body.i === ok) ok += 1;
          else failures.push(`wrong echo ${JSON.stringify(r.body)}`);
        } catch (err) {
          failures.push((err as Error).message);
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    let sent = 0;
    let refusedAtUpgrade = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, s) => {
        const localAddress = `127.0.0.${30 + s}`;
        for (let i = 0; i < 35; i++) {
          const ws = new WebSocket(url, { perMessageDeflate: false, localAddress });
          ws.on('error', () => {});
          const opened = await new Promise<boolean>((resolve) => {
            ws.once('open', () => resolve(true));
            ws.once('unexpected-response', () => resolve(false));
            ws.once('error', () => resolve(false));
          });
          sent += 1;
          if (!opened) {
            refusedAtUpgrade += 1;
            continue;
          }
          const closed = new Promise<void>((r) => ws.once('close', () => r()));
          ws.send(NESTED);
          await Promise.race([closed, new Promise((r) => setTimeout(r, 1_000))]);
          ws.terminate();
        }
      }),
    );
    running = false;
    await good;
    await d.close();
    expect(sent).toBe(280);
    // each source spent its budget, then was refused before sending anything
    expect(refusedAtUpgrade).toBeGreaterThan(200);
    expect(ok).toBeGreaterThan(0);
    expect(ok / (ok + failures.length), failures.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(0.99);
  }, 60_000);
});
