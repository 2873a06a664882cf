import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, Gauge, Histogram } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Metagraph } from '../../chain/metagraph.ts';
import { createLogger } from '../../core/logger.ts';
import { parsePrometheusText } from '../../dashboard/prometheus.ts';
import { validatorRoundFromMetrics } from '../../dashboard/validator-round.ts';
import { createValidatorMetrics } from '../../validator/validator-metrics.ts';
import { startDashboard, type Dashboard, type DashboardMessage } from '../../dashboard/server.ts';
import type { MetagraphSource, SubnetSnapshot } from '../../dashboard/source.ts';

const log = createLogger('dashboard-test', { level: 'silent' });

function metagraphAt(block: number, n: number): Metagraph {
  const f = (g: (uid: number) => number) => Float64Array.from({ length: n }, (_, uid) => g(uid));
  return {
    netuid: 1,
    block,
    n,
    uids: Uint16Array.from({ length: n }, (_, i) => i),
    hotkeys: Array.from({ length: n }, (_, i) => `5Hotkey${i}`),
    coldkeys: Array.from({ length: n }, (_, i) => `5Coldkey${i}`),
    stake: f((uid) => (uid === 0 ? 1000 : 1)),
    rank: f(() => 0),
    trust: f(() => 0),
    consensus: f(() => 0),
    incentive: f((uid) => (uid === 0 ? 0 : ((uid * block) % 7) / 7)),
    dividends: f((uid) => (uid === 0 ? 1 : 0)),
    emission: f((uid) => uid * 0.1),
    validatorTrust: f((uid) => (uid === 0 ? 1 : 0)),
    validatorPermit: Array.from({ length: n }, (_, uid) => uid === 0),
    active: Array.from({ length: n }, () => true),
    lastUpdate: Uint32Array.from({ length: n }, () => block),
    blockAtRegistration: new Uint32Array(n),
    axons: Array.from({ length: n }, (_, uid) => ({
      block: 1,
      version: 1,
      ip: uid === 2 ? '0.0.0.0' : '127.0.0.1',
      port: uid === 2 ? 0 : 9000 + uid,
      ipType: 4 as const,
      protocol: 4,
    })),
  };
}

/** A source driven by the test: `push` hands the server one block. */
class PushSource implements MetagraphSource {
  #queue: SubnetSnapshot[] = [];
  #wake?: () => void;
  closed = false;

  push(block: number, n = 3): void {
    this.#queue.push({
      metagraph: metagraphAt(block, n),
      weights: Array.from({ length: n }, (_, uid) =>
        uid === 0
          ? [
              [1, 0.25],
              [2, 0.75],
            ]
          : [],
      ) as SubnetSnapshot['weights'],
      status: {
        url: 'ws://test',
        chain: 'test chain',
        block,
        blockHash: `0x${block.toString(16).padStart(64, '0')}`,
        seenAt: Date.now(),
        tempo: 10,
        blocksUntilEpoch: 10 - (block % 11),
        connected: true,
        kappa: 32767 / 65535,
        trustComputed: false,
      },
    });
    this.#wake?.();
  }

  async *snapshots(signal: AbortSignal): AsyncIterable<SubnetSnapshot> {
    while (!signal.aborted) {
      const next = this.#queue.shift();
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Opens the page's feed and collects its messages. */
function openFeed(dashboard: Dashboard, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${dashboard.url.replace('http', 'ws')}ws`, { headers: { origin: dashboard.url.slice(0, -1), ...headers } });
  const messages: DashboardMessage[] = [];
  const waiters: { test: (m: DashboardMessage) => boolean; resolve: (m: DashboardMessage) => void }[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data)) as DashboardMessage;
    messages.push(msg);
    for (const w of [...waiters]) {
      if (!w.test(msg)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(msg);
    }
  });
  const next = (test: (m: DashboardMessage) => boolean) =>
    new Promise<DashboardMessage>((resolve, reject) => {
      const seen = messages.find(test);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`no matching message; got ${messages.map((m) => m.type).join(',')}`)), 5_000);
      waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  return { ws, messages, next };
}

let dashboard: Dashboard | undefined;
let metricsServer: Server | undefined;
afterEach(async () => {
  await dashboard?.close();
  dashboard = undefined;
  await new Promise<void>((r) => (metricsServer ? metricsServer.close(() => r()) : r()));
  metricsServer = undefined;
});

describe('dashboard server', () => {
  it('serves the page and every asset locally, uPlot included', async () => {
    dashboard = await startDashboard({ source: new PushSource(), port: 0, log });
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(dashboard.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    // no CDN: every script and stylesheet is served by us
    for (const m of html.matchAll(/(?:src|href)="(?!data:)([^"]+)"/g)) {
      expect(m[1].startsWith('/')).toBe(true);
      const asset = await fetch(new URL(m[1], dashboard.url));
      expect(asset.status, m[1]).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, m[1]).toBeGreaterThan(100);
    }
    const uplot = await (await fetch(new URL('/vendor/uPlot.iife.min.js', dashboard.url))).text();
    expect(uplot).toContain('uPlot');
    expect((await fetch(new URL('/nope', dashboard.url))).status).toBe(404);
    expect((await fetch(dashboard.url, { method: 'POST' })).status).toBe(405);
  });

  it('streams each block over the WebSocket and answers /api/snapshot', async () => {
    const source = new PushSource();
    dashboard = await startDashboard({ source, port: 0, log, labels: { '5Hotkey1': 'honest' } });
    expect((await fetch(new URL('/api/snapshot', dashboard.url))).status).toBe(503);
    const feed = openFeed(dashboard);
    const hello = await feed.next((m) => m.type === 'hello');
    expect(hello).toMatchObject({ type: 'hello', labels: { '5Hotkey1': 'honest' }, history: [] });

    source.push(5);
    const block = await feed.next((m) => m.type === 'block');
    if (block.type !== 'block') throw new Error('unreachable');
    expect(block.snapshot.block).toBe(5);
    expect(block.snapshot.neurons).toHaveLength(3);
    expect(block.snapshot.neurons[0]).toMatchObject({ uid: 0, hotkey: '5Hotkey0', stake: 1000, validatorPermit: true, axon: '127.0.0.1:9000' });
    expect(block.snapshot.neurons[2].axon).toBe('');
    expect(block.snapshot.weights[0]).toEqual([
      [1, 0.25],
      [2, 0.75],
    ]);
    // uid 0 holds all the permitted stake: its weights form consensus on their own
    expect(block.snapshot.consensus).toMatchObject({ problems: [], validators: [{ uid: 0, agreeing: [0], share: 1, formsConsensus: true }] });
    expect(block.snapshot.status).toMatchObject({ kappa: 32767 / 65535, trustComputed: false });

    const api = (await (await fetch(new URL('/api/snapshot', dashboard.url))).json()) as { block: number };
    expect(api.block).toBe(5);
    feed.ws.close();
  });

  it('gives a late page the history so its charts start full, and keeps blocks increasing', async () => {
    const source = new PushSource();
    dashboard = await startDashboard({ source, port: 0, log, historyBlocks: 3 });
    for (const b of [1, 2, 3, 4, 3]) source.push(b);
    await expect.poll(() => dashboard!.latest()?.block).toBe(3);
    const feed = openFeed(dashboard);
    const hello = await feed.next((m) => m.type === 'hello');
    if (hello.type !== 'hello') throw new Error('unreachable');
    // capacity 3 dropped block 1; the repeated block 3 replaced the old 3 and 4
    expect(hello.history.map((p) => p.block)).toEqual([2, 3]);
    expect(hello.history[0].incentive).toHaveLength(3);
    expect(hello.snapshot?.block).toBe(3);
    feed.ws.close();
  });

  it('refuses a WebSocket from a foreign origin and unknown paths', async () => {
    dashboard = await startDashboard({ source: new PushSource(), port: 0, log });
    const foreign = openFeed(dashboard, { origin: 'http://evil.example' });
    await expect(new Promise((resolve, reject) => (foreign.ws.on('open', resolve), foreign.ws.on('error', reject)))).rejects.toThrow(/403/);
    const wrongPath = new WebSocket(`${dashboard.url.replace('http', 'ws')}other`);
    await expect(new Promise((resolve, reject) => (wrongPath.on('open', resolve), wrongPath.on('error', reject)))).rejects.toThrow(/403/);
    // still serving
    expect((await fetch(dashboard.url)).status).toBe(200);
  });

  it('reports a failing source to pages and recovers when it yields again', async () => {
    let calls = 0;
    let fail!: () => void;
    const failNow = new Promise<void>((r) => (fail = r));
    const source: MetagraphSource = {
      async *snapshots(signal) {
        calls++;
        if (calls === 1) {
          await failNow;
          throw new Error('chain unreachable: ECONNREFUSED');
        }
        yield {
          metagraph: metagraphAt(9, 2),
          weights: [[], []],
          status: {
            url: 'ws://x',
            chain: 'c',
            block: 9,
            blockHash: '0x09',
            seenAt: 0,
            tempo: 5,
            blocksUntilEpoch: 1,
            connected: true,
            kappa: 32767 / 65535,
            trustComputed: false,
          },
        };
        await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      },
      async close() {},
    };
    dashboard = await startDashboard({ source, port: 0, log });
    const feed = openFeed(dashboard);
    await feed.next((m) => m.type === 'hello');
    fail();
    const failure = await feed.next((m) => m.type === 'source' && !m.connected);
    expect(failure).toMatchObject({ error: expect.stringContaining('ECONNREFUSED') });
    await feed.next((m) => m.type === 'source' && m.connected);
    await feed.next((m) => m.type === 'block');
    expect(dashboard.latest()?.block).toBe(9);
    feed.ws.close();
  });

  it("scrapes validators' Prometheus metrics into their latest round", async () => {
    const registry = new Registry();
    const latency = new Gauge({ name: 'validator_miner_latency_seconds', help: 'last latency', labelNames: ['uid'], registers: [registry] });
    const score = new Gauge({ name: 'validator_miner_score', help: 'last score', labelNames: ['uid'], registers: [registry] });
    const rounds = new Gauge({ name: 'validator_rounds_total', help: 'rounds', registers: [registry] });
    const duration = new Histogram({ name: 'validator_round_duration_seconds', help: 'round', registers: [registry] });
    latency.set({ uid: '1' }, 0.012);
    latency.set({ uid: '2' }, 0.5);
    score.set({ uid: '1' }, 0.97);
    score.set({ uid: '2' }, 0.1);
    rounds.set(7);
    duration.observe(0.2);
    duration.observe(0.4);
    metricsServer = createServer(async (_req, res) => {
      res.setHeader('content-type', registry.contentType);
      res.end(await registry.metrics());
    });
    await new Promise<void>((r) => metricsServer!.listen(0, '127.0.0.1', r));
    const metricsUrl = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}/metrics`;
    const deadUrl = 'http://127.0.0.1:1/metrics';

    dashboard = await startDashboard({ source: new PushSource(), port: 0, log, validatorMetrics: [metricsUrl, deadUrl], scrapeIntervalMs: 100 });
    const feed = openFeed(dashboard);
    const msg = await feed.next((m) => m.type === 'validators' && m.validators[0].ok);
    if (msg.type !== 'validators') throw new Error('unreachable');
    const [live, dead] = msg.validators;
    expect(live.miners).toEqual([
      { uid: 1, latencyMs: 12, score: 0.97 },
      { uid: 2, latencyMs: 500, score: 0.1 },
    ]);
    expect(live.stats.validator_rounds_total).toBe(7);
    expect(live.hotkey).toBeUndefined();
    expect(live.stats.validator_round_duration_seconds_mean).toBeCloseTo(0.3);
    expect(dead.ok).toBe(false);
    expect(dead.error).toBeTruthy();
    feed.ws.close();
  });

  it("reads the subnetkit validator's own metrics: EMA per uid, responses by status, round duration", async () => {
    const metrics = createValidatorMetrics({ netuid: 1, hotkey: '5Validator' });
    metrics.emaScore.set({ uid: '3' }, 0.8);
    metrics.emaScore.set({ uid: '4' }, 0.05);
    metrics.minerScore.set({ uid: '3' }, 0.9);
    metrics.minerLatency.set({ uid: '3' }, 0.025);
    metrics.minerScore.set({ uid: '4' }, 0);
    metrics.responses.inc({ status: 'ok' }, 9);
    metrics.responses.inc({ status: 'timeout' }, 2);
    metrics.rounds.inc(3);
    metrics.roundDuration.observe(1);
    const samples = parsePrometheusText(await metrics.registry.metrics());
    const round = validatorRoundFromMetrics('http://v/metrics', samples, 0);
    expect(round.hotkey).toBe('5Validator');
    expect(round.miners).toEqual([
      { uid: 3, ema: 0.8, score: 0.9, latencyMs: 25 },
      { uid: 4, ema: 0.05, score: 0 },
    ]);
    expect(round.stats).toMatchObject({
      validator_rounds_total: 3,
      'validator_responses_total{status=ok}': 9,
      'validator_responses_total{status=timeout}': 2,
      validator_round_duration_seconds_mean: 1,
    });
  });

  it('closes its port and its source', async () => {
    const source = new PushSource();
    const d = await startDashboard({ source, port: 0, log });
    const feed = openFeed(d);
    await feed.next((m) => m.type === 'hello');
    await d.close();
    expect(source.closed).toBe(true);
    await expect(fetch(d.url)).rejects.toThrow();
  });
});
