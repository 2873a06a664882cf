import v8 from 'node:v8';
import vm from 'node:vm';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import type { AxonPolicy } from '../../protocol/axon-policy.ts';
import { Axon, type AxonOptions } from '../../protocol/ws/axon.ts';
import { Dendrite } from '../../protocol/ws/dendrite.ts';
import { idleWebSocketFlood, loopbackSources, silentSocketFlood } from '../helpers/flood.ts';
import { devKeys } from './raw-peer.ts';

/**
 * Cheap connection floods from other hosts (loopback sources 127.0.1.x) against an axon, while
 * validators with a permit keep calling: over a connection opened before the flood, and over
 * new connections opened during it (a validator starting up). Each flood runs for a bounded time
 * and stops by itself; what is asserted is the good clients' success and the axon's bounds.
 */
const ATTACK_SOURCES = 13;
const SOURCES = loopbackSources(1, ATTACK_SOURCES);

let keys: Awaited<ReturnType<typeof devKeys>>;
let permitted: KeyringPair[];
let axon: Axon | undefined;
const rejections = new Map<string, number>();

beforeAll(async () => {
  keys = await devKeys();
  const kr = new Keyring({ type: 'sr25519', ss58Format: 42 });
  permitted = [keys.validator, kr.addFromUri('//Validator//2'), kr.addFromUri('//Validator//3')];
});

afterEach(async () => {
  await axon?.close(500);
  axon = undefined;
  rejections.clear();
});

/** Validators with a permit get in; everyone else is refused at authentication. */
function permitPolicy(): AxonPolicy {
  const allowed = new Set(permitted.map((p) => p.address));
  return { blacklist: (hotkey) => (allowed.has(hotkey) ? undefined : 'no validator permit'), admit: () => ({ release: () => {} }) };
}

async function startAxon(options: Partial<AxonOptions> = {}): Promise<string> {
  axon = new Axon({
    keypair: keys.miner,
    policy: permitPolicy(),
    handshakeTimeoutMs: 1_000,
    logger: createLogger('axon', { level: 'silent' }),
    observer: { rejection: (r) => rejections.set(r, (rejections.get(r) ?? 0) + 1) },
    ...options,
  });
  axon.attach('Echo', (s) => s.body);
  return (await axon.listen()).url;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls over one connection opened before the flood, until stopped. */
function establishedCaller(url: string): { ready: Promise<void>; stop: () => Promise<{ ok: number; failed: string[] }> } {
  const d = new Dendrite({ keypair: permitted[0]! });
  const target = { url, hotkey: keys.miner.address };
  let running = true;
  let ok = 0;
  const failed: string[] = [];
  const ready = d.call(target, 'Echo', 'warm').then(() => undefined);
  const loop = ready.then(async () => {
    while (running) {
      try {
        const r = await d.call<number>(target, 'Echo', ok, { timeoutMs: 5_000 });
        if (r.body === ok) ok += 1;
        else failed.push(`wrong echo ${String(r.body)}`);
      } catch (err) {
        failed.push((err as Error).message);
      }
      await sleep(20);
    }
  });
  return {
    ready,
    stop: async () => {
      running = false;
      await loop;
      await d.close();
      return { ok, failed };
    },
  };
}

/** `attempts` validators starting one after another, each on a new connection: connect, authenticate, call once, close. */
async function newConnections(url: string, attempts: number): Promise<{ ok: number; failed: string[] }> {
  let ok = 0;
  const failed: string[] = [];
  for (let i = 0; i < attempts; i++) {
    const d = new Dendrite({ keypair: permitted[i % permitted.length]!, connectTimeoutMs: 5_000 });
    try {
      const r = await d.call<string>({ url, hotkey: keys.miner.address }, 'Echo', `new ${i}`, { timeoutMs: 5_000 });
      if (r.body === `new ${i}`) ok += 1;
      else failed.push(`wrong echo ${r.body}`);
    } catch (err) {
      failed.push((err as Error).message);
    } finally {
      await d.close();
    }
    await sleep(25);
  }
  return { ok, failed };
}

/** A full garbage collection, so that heap figures count what is retained, not garbage a busy machine has not collected yet. */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Samples the axon's pending counts while `during` runs; the heap it retained after it, garbage collected. */
async function watched<T>(during: Promise<T>): Promise<{ result: T; maxPending: number; maxReserved: number; heapGrowth: number }> {
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  let maxPending = 0;
  let maxReserved = 0;
  const timer = setInterval(() => {
    const s = axon!.stats();
    maxPending = Math.max(maxPending, s.pending);
    maxReserved = Math.max(maxReserved, s.reservedPending);
  }, 50);
  try {
    const result = await during;
    collectGarbage();
    return { result, maxPending, maxReserved, heapGrowth: process.memoryUsage().heapUsed - heapBefore };
  } finally {
    clearInterval(timer);
  }
}

const MiB = 1024 * 1024;

describe('connection floods against the WebSocket axon', () => {
  it('idle WebSockets reopened from 13 sources fill no slot a permitted validator needs', async () => {
    const url = await startAxon();
    const established = establishedCaller(url);
    await established.ready;
    const flood = idleWebSocketFlood(url, SOURCES, 8);
    await sleep(500);
    const run = await watched(newConnections(url, 100));
    const opened = await flood.stop();
    const calls = await established.stop();

    expect(run.result.ok, run.result.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(99);
    expect(calls.ok / (calls.ok + calls.failed.length), calls.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(0.99);
    // the flood was real: it held the anonymous pool and kept being refused
    expect(opened).toBeGreaterThan(ATTACK_SOURCES * 4);
    expect((rejections.get('too_many_pending_connections') ?? 0) + (rejections.get('auth_failures') ?? 0)).toBeGreaterThan(100);
    // bounds: the two pending pools, and memory
    expect(run.maxPending).toBeLessThanOrEqual(32 + 32);
    expect(run.heapGrowth).toBeLessThan(64 * MiB);
  }, 120_000);

  it('1,000 connections at once from 13 sources: new validators still get in', async () => {
    const url = await startAxon();
    const established = establishedCaller(url);
    await established.ready;
    // each refused socket comes back a quarter second later: the flood's own CPU shares this process
    const flood = idleWebSocketFlood(url, SOURCES, Math.ceil(1000 / ATTACK_SOURCES), { reopenMs: 250 });
    await sleep(500);
    const run = await watched(newConnections(url, 100));
    await flood.stop();
    const calls = await established.stop();

    expect(run.result.ok, run.result.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(99);
    expect(calls.ok / (calls.ok + calls.failed.length), calls.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(0.99);
    expect(run.maxPending).toBeLessThanOrEqual(32 + 32);
    // the 1,000 flooding clients' own sockets share this heap
    expect(run.heapGrowth).toBeLessThan(192 * MiB);
  }, 120_000);

  it('squatters claiming a permitted hotkey are charged for every slot they hold, and lose them', async () => {
    const url = await startAxon();
    const established = establishedCaller(url);
    await established.ready;
    const flood = idleWebSocketFlood(url, SOURCES, 8, { claim: permitted[1]!.address });
    await sleep(500);
    const run = await watched(newConnections(url, 100));
    // every slot they held was charged to their sources: kept up, the squatting spends their budgets,
    // and they are refused at the upgrade (HTTP 429) without any signature work
    for (let waited = 0; (rejections.get('auth_failures') ?? 0) <= ATTACK_SOURCES && waited < 40_000; waited += 250) await sleep(250);
    await flood.stop();
    const calls = await established.stop();

    expect(run.result.ok, run.result.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(99);
    expect(calls.ok / (calls.ok + calls.failed.length)).toBeGreaterThanOrEqual(0.99);
    expect(rejections.get('auth_failures') ?? 0).toBeGreaterThan(ATTACK_SOURCES);
    expect(run.maxReserved).toBeLessThanOrEqual(32);
  }, 120_000);

  it('silent TCP sockets reopened on close cannot exhaust the raw socket cap', async () => {
    const url = await startAxon();
    const port = Number(new URL(url).port);
    const established = establishedCaller(url);
    await established.ready;
    // 13 x 100 silent sockets: more than the raw cap of 4 x (256 + 32) + 64 = 1,216
    const flood = silentSocketFlood(port, SOURCES, 100);
    // the first wave is cut after 2 s of silence; from then on the sources' sockets are closed on accept
    await sleep(3_500);
    const run = await watched(newConnections(url, 100));
    const opened = await flood.stop();
    const calls = await established.stop();

    expect(run.result.ok, run.result.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(99);
    expect(calls.ok / (calls.ok + calls.failed.length), calls.failed.slice(0, 3).join(' | ')).toBeGreaterThanOrEqual(0.99);
    expect(opened).toBeGreaterThan(1_000);
    expect(rejections.get('silent_socket') ?? 0).toBeGreaterThan(0);
    expect(rejections.get('silent_sockets') ?? 0).toBeGreaterThan(0);
    expect(axon!.stats().silentSockets).toBeLessThanOrEqual(4 * (256 + 32) + 64);
    expect(run.heapGrowth).toBeLessThan(64 * MiB);
  }, 120_000);
});
