import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { Gauge, Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMetagraph } from '../../chain/metagraph.ts';
import { createLogger } from '../../core/logger.ts';
import { startDashboard, type Dashboard } from '../../dashboard/server.ts';
import type { MetagraphSource, SubnetSnapshot } from '../../dashboard/source.ts';
import { launchChromium, type LaunchedBrowser } from './chromium.ts';

/**
 * The page itself, in chromium, on a fixed snapshot: a fresh subnet where the
 * owner (uid 0) holds most of the permitted stake and sets no weights, the
 * validator (uid 1) weights the miner (uid 2), nothing has earned incentive
 * yet, and the runtime does not compute trust. Its pool holds 1100 TAO and
 * 909.090909091 alpha (price 1.21 τ per alpha) and it gets a quarter of the
 * block's TAO emission.
 */
function snapshot(): SubnetSnapshot {
  const metagraph = emptyMetagraph(1, 42, 3);
  metagraph.hotkeys.splice(0, 3, '5Owner', '5Validator', '5Miner');
  metagraph.stake.set([1700, 1000, 0]);
  metagraph.validatorPermit.splice(0, 3, true, true, false);
  metagraph.axons[2] = { block: 1, version: 1, ip: '127.0.0.1', port: 8091, ipType: 4, protocol: 4 };
  return {
    metagraph,
    weights: [[], [[2, 1]], []],
    status: {
      url: 'ws://x',
      chain: 'Development',
      block: 42,
      blockHash: `0x${'2a'.padStart(64, '0')}`,
      seenAt: Date.now(),
      tempo: 10,
      blocksUntilEpoch: 4,
      connected: true,
      kappa: 32767 / 65535,
      trustComputed: false,
      pool: { name: 'embeddings', price: 1.21, taoIn: 1100, alphaIn: 909.090909091, alphaOut: 90.909090909, emissionShare: 0.25 },
    },
  };
}

class OneSnapshot implements MetagraphSource {
  async *snapshots(signal: AbortSignal): AsyncIterable<SubnetSnapshot> {
    yield snapshot();
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  async close(): Promise<void> {}
}

let browser: LaunchedBrowser;
let page: Page;
let dashboard: Dashboard;
let metrics: Server;

beforeAll(async () => {
  const registry = new Registry();
  const latency = new Gauge({ name: 'validator_miner_latency_seconds', help: 'last latency', labelNames: ['uid'], registers: [registry] });
  const score = new Gauge({ name: 'validator_miner_round_score', help: 'last score', labelNames: ['uid'], registers: [registry] });
  latency.set({ uid: '2' }, 0.05);
  score.set({ uid: '2' }, 1);
  metrics = createServer(async (_req, res) => {
    res.setHeader('content-type', registry.contentType);
    res.end(await registry.metrics());
  });
  await new Promise<void>((r) => metrics.listen(0, '127.0.0.1', r));
  const metricsUrl = `http://127.0.0.1:${(metrics.address() as AddressInfo).port}/metrics`;
  dashboard = await startDashboard({
    source: new OneSnapshot(),
    port: 0,
    log: createLogger('dashboard-page', { level: 'silent' }),
    validatorMetrics: [metricsUrl],
    scrapeIntervalMs: 200,
  });
  browser = await launchChromium();
  page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(dashboard.url);
  await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#metagraph tbody tr').length === 3, undefined, { timeout: 30_000 });
  expect(errors).toEqual([]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await new Promise<void>((r) => (metrics ? metrics.close(() => r()) : r()));
});

// page.evaluate callbacks run in the page; this file is typed for Node (no DOM lib), hence `(globalThis as any).document`.
describe('dashboard page', () => {
  it('draws the incentive chart on the 0–1 scale of the table, even while every incentive is 0', async () => {
    await page.waitForFunction(() => (globalThis as any).document.getElementById('chart-incentive').dataset.yMax !== undefined, undefined, { timeout: 10_000 });
    const range = await page.evaluate(() => {
      const el = (globalThis as any).document.getElementById('chart-incentive');
      return [Number(el.dataset.yMin), Number(el.dataset.yMax)];
    });
    expect(range).toEqual([0, 1]);
    const cells = await page.$$eval('#metagraph td[data-col="incentive"]', (tds) => tds.map((td) => td.textContent));
    expect(cells).toEqual(['0.0000', '0.0000', '0.0000']);
  });

  it("shows the subnet's name, its price in τ per alpha, its pool and emission share, and charts the price", async () => {
    const shown = await page.evaluate(() =>
      ['st-name', 'st-price', 'st-pool', 'st-emission-share'].map((id) => (globalThis as any).document.getElementById(id).textContent),
    );
    expect(shown).toEqual(['embeddings', 'τ1.210000000 per α1', 'τ1100.000 and 909.091 α1, 90.909 α1 outstanding', '25.00 %']);
    const chart = await page.evaluate(() => ({ ...(globalThis as any).document.getElementById('chart-price').dataset }));
    expect(chart).toMatchObject({ points: '1', lastBlock: '42', lastPrice: '1.21' });
  });

  it('shows trust as "—" with a tooltip where the runtime does not compute it', async () => {
    const trust = await page.$$eval('#metagraph td[data-col="trust"]', (tds) => tds.map((td) => [td.textContent, td.getAttribute('title')]));
    expect(trust).toEqual([
      ['—', 'not computed by this runtime'],
      ['—', 'not computed by this runtime'],
      ['—', 'not computed by this runtime'],
    ]);
  });

  it("labels every column of the validators' latest round", async () => {
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#validators .validator table tbody tr').length >= 1, undefined, {
      timeout: 30_000,
    });
    const heads = await page.$$eval('#validators .validator table thead th', (ths) => ths.map((th) => th.textContent?.trim() ?? ''));
    expect(heads).toEqual(['uid', 'role', 'latency ms', 'score', 'score EMA', 'latency, relative']);
    const cells = await page.$$eval('#validators .validator table tbody tr td', (tds) => tds.length);
    expect(cells).toBe(heads.length);
  });

  it('says why miners earn nothing: the consensus diagnosis of `subnet metagraph`', async () => {
    const consensus = await page.evaluate(() => {
      const el = (globalThis as any).document.getElementById('consensus');
      return { problems: el.dataset.problems, text: el.textContent, cls: el.className };
    });
    expect(consensus.problems).toBe('1');
    expect(consensus.cls).toContain('consensus-problem');
    expect(consensus.text).toBe(
      "consensus (κ 50 %): uid 1's weights alone cannot form consensus: uid 1 holds 37 % of permitted stake, κ is 50 %, so Yuma clips every weight to 0 and miners earn nothing; permitted but setting no weights: uid 0 (63 %)",
    );
  });
});
