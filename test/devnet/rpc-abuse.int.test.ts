import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '../../core/logger.ts';
import { DevnetNode } from '../../devnet/node.ts';
import { type RpcServer, startRpcServer } from '../../devnet/rpc/server.ts';
import { connectApi } from '../helpers/devnet.ts';

/**
 * A normal @polkadot/api client keeps reading and writing while hostile clients on other loopback
 * hosts (127.0.2.x) hold idle sockets, stop reading their subscriptions, or send batches whose
 * answers would be hundreds of MB. Each attack is bounded in time and stops by itself; what is
 * asserted is the good client's success rate and the node's memory, not its latency.
 */
const MiB = 1024 * 1024;
const log = createLogger('devnet', { level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'subnet-rpc-abuse-'));
let node: DevnetNode;
let server: RpcServer;
let api: ApiPromise;

beforeAll(async () => {
  node = await DevnetNode.start({ dataDir: join(dir, 'chain'), mode: { kind: 'interval', ms: 200 }, log });
  await node.loadMetadata();
  server = await startRpcServer(node, { host: '127.0.0.1', port: 0, idleTimeoutMs: 2_000 }, log);
  api = await connectApi(server.url);
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await server?.close();
  await node?.close();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const attacker = (i: number) => `127.0.2.${(i % 10) + 1}`;

/** The good client: storage reads and balance transfers in a loop until stopped. */
function goodClient(): { stop: () => Promise<{ reads: number; writes: number; failed: string[] }> } {
  const kr = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = kr.addFromUri('//Alice');
  const bob = kr.addFromUri('//Bob');
  let running = true;
  let reads = 0;
  let writes = 0;
  const failed: string[] = [];
  const readLoop = (async () => {
    while (running) {
      try {
        const account = (await api.query.system.account(bob.address)) as unknown as { data: { free: { toBigInt(): bigint } } };
        if (account.data.free.toBigInt() > 0n) reads += 1;
        else failed.push('bob has no balance');
      } catch (err) {
        failed.push(`read: ${(err as Error).message}`);
      }
      await sleep(20);
    }
  })();
  const writeLoop = (async () => {
    while (running) {
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('transfer not in a block within 15 s')), 15_000);
          api.tx.balances
            .transferKeepAlive(bob.address, 1_000n)
            .signAndSend(alice, { nonce: -1 }, (result) => {
              if (result.status.isInvalid || result.status.isDropped) {
                clearTimeout(timer);
                reject(new Error(result.status.type));
              } else if (result.status.isInBlock) {
                clearTimeout(timer);
                resolve();
              }
            })
            .then((unsub) => setTimeout(unsub, 20_000).unref(), reject);
        });
        writes += 1;
      } catch (err) {
        failed.push(`write: ${(err as Error).message}`);
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      await Promise.all([readLoop, writeLoop]);
      return { reads, writes, failed };
    },
  };
}

/** A client connecting during the attack: a new WebSocket, one call, closed. */
async function newClients(count: number): Promise<{ ok: number; failed: string[] }> {
  let ok = 0;
  const failed: string[] = [];
  for (let i = 0; i < count; i++) {
    try {
      await new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(server.url);
        const timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000);
        ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.on('error', reject);
        ws.on('open', () => ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] })));
        ws.on('message', (data) => {
          clearTimeout(timer);
          const answer = JSON.parse(data.toString()) as { result?: unknown };
          ws.close();
          if (answer.result) resolve();
          else reject(new Error(data.toString().slice(0, 200)));
        });
      });
      ok += 1;
    } catch (err) {
      failed.push((err as Error).message);
    }
    await sleep(50);
  }
  return { ok, failed };
}

const rssMiB = () => process.memoryUsage().rss / MiB;
const rate = (r: { reads: number; writes: number; failed: string[] }) => (r.reads + r.writes) / (r.reads + r.writes + r.failed.length);

describe('the devnet under RPC abuse', () => {
  it('300 idle WebSockets from 10 hosts lock no one out: the biggest holders are shed, idle ones time out', async () => {
    const good = goodClient();
    let running = true;
    let opened = 0;
    const live = new Set<WebSocket>();
    const open = (i: number) => {
      if (!running) return;
      const ws = new WebSocket(server.url, { localAddress: attacker(i) });
      live.add(ws);
      ws.on('open', () => (opened += 1));
      ws.on('error', () => {});
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        ws.terminate();
      });
      ws.on('close', () => {
        live.delete(ws);
        setTimeout(() => open(i), 50);
      });
    };
    for (let i = 0; i < 300; i++) open(i);
    await sleep(1_000);
    const fresh = await newClients(41);
    running = false;
    for (const ws of live) ws.terminate();
    const result = await good.stop();

    expect(fresh.ok, fresh.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(41);
    expect(rate(result), result.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(0.99);
    expect(result.writes).toBeGreaterThan(0);
    expect(opened).toBeGreaterThan(100);
  }, 120_000);

  it('slow readers holding 1,024 subscriptions each are cut off at the buffer cap, their subscriptions ended with them', async () => {
    const good = goodClient();
    const rssBefore = rssMiB();
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMiB())), 100);
    const readers = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const ws = new WebSocket(server.url, { localAddress: attacker(i) });
        await new Promise((resolve, reject) => {
          ws.once('open', resolve);
          ws.once('error', reject);
        });
        ws.on('error', () => {});
        // two batches of 512 (a batch holds at most 1,000 calls)
        for (let b = 0; b < 2; b++)
          ws.send(
            JSON.stringify(Array.from({ length: 512 }, (_, id) => ({ jsonrpc: '2.0', id: b * 512 + id, method: 'chain_subscribeNewHeads', params: [] }))),
          );
        return ws;
      }),
    );
    for (let waited = 0; server.stats().subscriptions < 10 * 1024 && waited < 20_000; waited += 50) await sleep(50);
    expect(server.stats().subscriptions).toBeGreaterThanOrEqual(10 * 1024);
    // then they stop reading: the node keeps producing notifications for them
    for (const ws of readers) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // a paused client cannot see its connection end: the node's own count says when they were cut
    let outcome = 'still open';
    for (let waited = 0; waited < 45_000; waited += 250) {
      if (server.stats().subscriptions < 1024) {
        outcome = 'cut';
        break;
      }
      await sleep(250);
    }
    clearInterval(sampler);
    for (const ws of readers) ws.terminate();
    const result = await good.stop();

    expect(outcome).toBe('cut');
    expect(rate(result), result.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(0.99);
    // ten connections' worth of capped buffers (11 MiB each by default), not a growth without end
    expect(rssMax - rssBefore).toBeLessThan(256);
  }, 120_000);

  it('batches of 1,000 metadata calls get "The batch response was too large" instead of 66 MB each', async () => {
    const good = goodClient();
    const rssBefore = rssMiB();
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMiB())), 100);
    const answers = await Promise.all(
      Array.from({ length: 4 }, async (_, i) => {
        const ws = new WebSocket(server.url, { localAddress: attacker(i), maxPayload: 256 * MiB });
        await new Promise((resolve, reject) => {
          ws.once('open', resolve);
          ws.once('error', reject);
        });
        ws.on('error', () => {});
        const answer = new Promise<{ bytes: number; body: unknown }>((resolve) =>
          ws.once('message', (data: Buffer) => resolve({ bytes: data.length, body: JSON.parse(data.toString()) })),
        );
        ws.send(JSON.stringify(Array.from({ length: 1000 }, (_, id) => ({ jsonrpc: '2.0', id, method: 'state_getMetadata', params: [] }))));
        const a = await answer;
        ws.close();
        return a;
      }),
    );
    clearInterval(sampler);
    const result = await good.stop();

    for (const a of answers) {
      expect(a.body).toEqual({
        jsonrpc: '2.0',
        error: { code: -32011, message: 'The batch response was too large', data: `Exceeded max limit of ${10 * MiB}` },
        id: null,
      });
      expect(a.bytes).toBeLessThan(1024);
    }
    // a batch within the limit is answered in full
    const small = (await fetch(server.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([1, 2].map((id) => ({ jsonrpc: '2.0', id, method: 'state_getMetadata', params: [] }))),
    }).then((r) => r.json())) as Array<{ result: string }>;
    expect(small).toHaveLength(2);
    expect(small[0]!.result).toMatch(/^0x6d657461/);
    expect(rate(result), result.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(0.99);
    expect(rssMax - rssBefore).toBeLessThan(256);
  }, 120_000);
});

/** A full garbage collection, so that heap figures count what is retained, not garbage not collected yet. */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/**
 * `count` connections, each from a source of its own, that open `perConnection` head
 * subscriptions, read every answer, and then stop reading.
 */
async function slowReaders(url: string, count: number, perConnection: number, source: (i: number) => string): Promise<WebSocket[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const ws = new WebSocket(url, { localAddress: source(i) });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      ws.on('error', () => {});
      let answered = 0;
      const subscribed = new Promise<void>((resolve, reject) =>
        ws.on('message', (data) => {
          const body = JSON.parse(data.toString()) as unknown;
          for (const m of (Array.isArray(body) ? body : [body]) as Array<{ id?: number; result?: unknown; error?: unknown }>) {
            if (m.id === undefined) continue;
            if (typeof m.result !== 'string') reject(new Error(`subscription refused: ${JSON.stringify(m)}`));
            if (++answered === perConnection) resolve();
          }
        }),
      );
      for (let from = 0; from < perConnection; from += 512)
        ws.send(
          JSON.stringify(
            Array.from({ length: Math.min(512, perConnection - from) }, (_, k) => ({
              jsonrpc: '2.0',
              id: from + k,
              method: 'chain_subscribeNewHeads',
              params: [],
            })),
          ),
        );
      await subscribed;
      (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      return ws;
    }),
  );
}

const quantile = (sample: number[], q: number) => {
  const s = [...sample].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const median = (xs: number[]) => quantile(xs, 0.5);

/**
 * The slow-reader attack measured as the requirement states it: a normal client's transfers keep
 * within 5x of its unloaded p99. Blocks come on demand (one per transfer), so a transfer's time is
 * the node's work for it, fan-out to every subscriber included, not a wait for the next slot.
 * Unloaded and attacked runs alternate, each attacked run a fresh wave of slow readers, and the
 * ratio asserted is the median over the rounds: a busy moment of a shared machine moves one round,
 * not the result.
 */
describe('slow readers on a devnet making a block per transaction', () => {
  const ROUNDS = 5;
  const TRANSFERS = 100;
  const READERS = 20;
  const SUBS = 1024;
  const dir2 = mkdtempSync(join(tmpdir(), 'subnet-rpc-slow-'));
  let node2: DevnetNode;
  let server2: RpcServer;
  let api2: ApiPromise;

  beforeAll(async () => {
    node2 = await DevnetNode.start({ dataDir: join(dir2, 'chain'), mode: { kind: 'instant' }, log });
    await node2.loadMetadata();
    server2 = await startRpcServer(node2, { host: '127.0.0.1', port: 0 }, log);
    api2 = await connectApi(server2.url);
  }, 60_000);

  afterAll(async () => {
    await api2?.disconnect();
    await server2?.close();
    await node2?.close();
    rmSync(dir2, { recursive: true, force: true });
  });

  const kr = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const alice = kr.addFromUri('//Alice');
  const bob = kr.addFromUri('//Bob');
  /** Transfers one after another; the time of each to inBlock, and the failures. */
  async function transfers(count: number, onEach: () => void = () => {}): Promise<{ ms: number[]; failed: string[] }> {
    const ms: number[] = [];
    const failed: string[] = [];
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      try {
        await new Promise<void>((resolve, reject) => {
          // the watch ends with the transfer: the node's subscription count is then the readers' alone
          let unsubscribe: (() => void) | undefined;
          let settled = false;
          const settle = (error?: Error) => {
            settled = true;
            clearTimeout(timer);
            unsubscribe?.();
            if (error) reject(error);
            else resolve();
          };
          const timer = setTimeout(() => settle(new Error('transfer not in a block within 15 s')), 15_000);
          api2.tx.balances
            .transferKeepAlive(bob.address, 1_000n)
            .signAndSend(alice, { nonce: -1 }, (result) => {
              if (result.status.isInvalid || result.status.isDropped) settle(new Error(result.status.type));
              else if (result.status.isInBlock) settle();
            })
            .then((unsub) => {
              unsubscribe = unsub;
              if (settled) unsub();
            }, settle);
        });
        ms.push(performance.now() - t);
      } catch (err) {
        failed.push((err as Error).message);
      }
      onEach();
    }
    return { ms, failed };
  }

  it('20 readers holding 1,024 subscriptions each are cut within a bounded number of blocks; the normal client keeps within 5x its unloaded p99', async () => {
    await transfers(10); // warm: the client's first calls load its caches
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = rssMiB();
    let rssMax = rssBefore;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMiB())), 100);
    const ratios: number[] = [];
    const blocksToCut: number[] = [];
    const failed: string[] = [];
    let done = 0;
    const rounds: string[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const unloaded = await transfers(TRANSFERS);
      const cutBefore = server2.stats().slowReadersCut;
      const readers = await slowReaders(server2.url, READERS, SUBS, (i) => `127.0.4.${i + 1}`);
      // the whole attack is in place: every subscription was accepted (slowReaders checks each answer) and is live
      expect(server2.stats().subscriptions).toBeGreaterThanOrEqual(READERS * SUBS);
      let blocks = 0;
      let cutAt = -1;
      const attacked = await transfers(TRANSFERS, () => {
        blocks += 1;
        if (cutAt < 0 && server2.stats().slowReadersCut - cutBefore === READERS) cutAt = blocks;
      });
      for (const ws of readers) ws.terminate();
      failed.push(...unloaded.failed, ...attacked.failed);
      done += unloaded.ms.length + attacked.ms.length;
      blocksToCut.push(cutAt);
      ratios.push(quantile(attacked.ms, 0.99) / quantile(unloaded.ms, 0.99));
      rounds.push(
        `round ${r}: unloaded p50 ${quantile(unloaded.ms, 0.5).toFixed(1)} p99 ${quantile(unloaded.ms, 0.99).toFixed(1)} ms, attacked p50 ${quantile(attacked.ms, 0.5).toFixed(1)} p99 ${quantile(attacked.ms, 0.99).toFixed(1)} ms, cut after ${cutAt} blocks`,
      );
    }
    clearInterval(sampler);
    const summary = rounds.join('\n');
    // every reader cut within a bounded number of blocks: the blocks it takes 1,024 head
    // notifications to pass the 4 MiB unacknowledged, plus one for the heads sent before it
    // stopped reading, plus two for a fan-out still going out in slices when the transfer returned
    const header = (await fetch(server2.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_getHeader', params: [] }),
    }).then((res) => res.text())) as string;
    const notificationBytes = header.length + '{"method":"chain_newHead","params":{"subscription":"0123456789abcdef"}}'.length;
    const bound = Math.ceil((4 * MiB) / (SUBS * notificationBytes)) + 3;
    for (const b of blocksToCut) expect(b, summary).toBeGreaterThan(0);
    expect(Math.max(...blocksToCut), `${summary}\nbound ${bound} blocks`).toBeLessThanOrEqual(bound);
    // their subscriptions ended with them: what is left is less than one reader's, the normal
    // client's own (its transfers' watches end as its unsubscribe calls arrive)
    expect(server2.stats().subscriptions, summary).toBeLessThan(SUBS);
    expect(failed.length / (done + failed.length), failed.slice(0, 3).join(' | ')).toBeLessThanOrEqual(0.01);
    expect(median(ratios), summary).toBeLessThanOrEqual(5);
    // memory: given back once the readers are gone (the leak this guards against grew 40 MiB/s and kept it)
    collectGarbage();
    expect(process.memoryUsage().heapUsed - heapBefore, summary).toBeLessThan(32 * MiB);
    // and bounded during the attack. This process holds both ends: up to 4 MiB unacknowledged per cut
    // reader, the kernel's loopback buffers on both sides, 20k subscriptions' records on the node and
    // the readers' own, five waves of them before V8 returns pages: a few hundred MiB, where the
    // unbounded growth reached a gigabyte in 25 s
    expect(rssMax - rssBefore, summary).toBeLessThan(384);
  }, 300_000);

  it('a source gets at most 4,096 subscriptions over all its connections, and a refusal that names the limit', async () => {
    const source = '127.0.4.100';
    const full = await slowReaders(server2.url, 4, SUBS, () => source);
    const ws = new WebSocket(server2.url, { localAddress: source });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const answer = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(data.toString()))));
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chain_subscribeNewHeads', params: [] }));
    expect(await answer).toEqual({
      jsonrpc: '2.0',
      error: { code: -32006, message: `Too many subscriptions from ${source} (max 4096 per source, all its connections together)` },
      id: 1,
    });
    // another source is not affected
    const other = await slowReaders(server2.url, 1, 1, () => '127.0.4.101');
    for (const s of [...full, ws, ...other]) s.terminate();
  }, 120_000);
});
