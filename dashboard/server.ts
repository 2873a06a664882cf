import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { SubnetError, describeError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { withTimeout } from '../core/timeout.ts';
import { BlockHistory } from './history.ts';
import { parsePrometheusText } from './prometheus.ts';
import type { MetagraphSource } from './source.ts';
import { validatorRoundFromMetrics, type ValidatorRound } from './validator-round.ts';
import { toHistoryPoint, toWireSnapshot, type WireSnapshot } from './wire.ts';

export interface DashboardOptions {
  source: MetagraphSource;
  host?: string;
  /** 0 picks a free port */
  port?: number;
  /** validators' Prometheus `/metrics` URLs, scraped for their latest round */
  validatorMetrics?: string[];
  /** hotkey -> short label shown next to the uid (the demo's roles and behaviours) */
  labels?: Record<string, string>;
  /** how many blocks of history the charts keep */
  historyBlocks?: number;
  /** how often validators' metrics are scraped, ms */
  scrapeIntervalMs?: number;
  log: Logger;
}

export interface Dashboard {
  url: string;
  port: number;
  /** the newest snapshot sent to browsers, if any */
  latest(): WireSnapshot | undefined;
  close(): Promise<void>;
}

/** Messages the page receives over `/ws`. */
export type DashboardMessage =
  | {
      type: 'hello';
      labels: Record<string, string>;
      history: ReturnType<BlockHistory['points']>;
      snapshot?: WireSnapshot;
      validators: ValidatorRound[];
      connected: boolean;
    }
  | { type: 'block'; snapshot: WireSnapshot }
  | { type: 'validators'; validators: ValidatorRound[] }
  | { type: 'source'; connected: boolean; error?: string };

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');
const MAX_CLIENTS = 64;
/** a browser further behind than this misses blocks rather than growing our memory */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const SCRAPE_TIMEOUT_MS = 2_000;
const MAX_METRICS_BYTES = 2 * 1024 * 1024;

interface Asset {
  body: Buffer;
  type: string;
}

function loadAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url);
  const file = (path: string, type: string): Asset => ({ body: readFileSync(path), type });
  return new Map([
    ['/', file(join(ASSETS_DIR, 'index.html'), 'text/html; charset=utf-8')],
    ['/app.js', file(join(ASSETS_DIR, 'app.js'), 'text/javascript; charset=utf-8')],
    ['/style.css', file(join(ASSETS_DIR, 'style.css'), 'text/css; charset=utf-8')],
    ['/vendor/uPlot.iife.min.js', file(require.resolve('uplot/dist/uPlot.iife.min.js'), 'text/javascript; charset=utf-8')],
    ['/vendor/uPlot.min.css', file(require.resolve('uplot/dist/uPlot.min.css'), 'text/css; charset=utf-8')],
  ]);
}

/**
 * Serves the dashboard: static assets over node:http, and live updates over a
 * WebSocket at `/ws`. Every block the source yields is broadcast to every page;
 * a page that connects late gets the history first, so its charts are full.
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { source, log } = options;
  const host = options.host ?? '127.0.0.1';
  const labels = options.labels ?? {};
  const history = new BlockHistory(options.historyBlocks ?? 600);
  const assets = loadAssets();
  let latest: WireSnapshot | undefined;
  let connected = false;
  let validators: ValidatorRound[] = (options.validatorMetrics ?? []).map((url) => ({
    url,
    ok: false,
    error: 'not scraped yet',
    fetchedAt: 0,
    miners: [],
    stats: {},
  }));

  const server = createServer((req, res) => serveHttp(req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const abort = new AbortController();

  function serveHttp(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz') return reply(res, 200, 'application/json', JSON.stringify({ ok: true, connected, block: latest?.block ?? null }));
    if (path === '/api/snapshot') {
      if (!latest) return reply(res, 503, 'application/json', JSON.stringify({ error: 'no block read yet' }));
      return reply(res, 200, 'application/json', JSON.stringify(latest));
    }
    if (path === '/api/validators') return reply(res, 200, 'application/json', JSON.stringify(validators));
    const asset = assets.get(path);
    if (!asset) return reply(res, 404, 'text/plain', 'not found\n');
    reply(res, 200, asset.type, asset.body);
  }

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // Only our own page may open the feed: a foreign site's script in the same browser must not.
    const origin = req.headers.origin;
    if (path !== '/ws' || (origin !== undefined && origin !== `http://${req.headers.host}`) || wss.clients.size >= MAX_CLIENTS) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', (err) => log.debug({ err: describeError(err) }, 'dashboard client socket error'));
    // The page only listens; anything it sends is ignored.
    ws.on('message', () => undefined);
    send(ws, { type: 'hello', labels, history: history.points(), snapshot: latest, validators, connected });
  });

  function send(ws: WebSocket, msg: DashboardMessage): void {
    if (ws.readyState !== ws.OPEN || ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
    ws.send(JSON.stringify(msg));
  }

  function broadcast(msg: DashboardMessage): void {
    const text = JSON.stringify(msg);
    for (const ws of wss.clients) {
      if (ws.readyState === ws.OPEN && ws.bufferedAmount <= MAX_BUFFERED_BYTES) ws.send(text);
    }
  }

  async function follow(): Promise<void> {
    let backoff = 500;
    while (!abort.signal.aborted) {
      try {
        for await (const snapshot of source.snapshots(abort.signal)) {
          backoff = 500;
          if (!connected) {
            connected = true;
            broadcast({ type: 'source', connected: true });
          }
          latest = toWireSnapshot(snapshot);
          history.add(toHistoryPoint(latest));
          broadcast({ type: 'block', snapshot: latest });
        }
        if (abort.signal.aborted) return;
        throw new SubnetError('DASHBOARD_SOURCE_ENDED', 'the metagraph source stopped yielding blocks');
      } catch (err) {
        if (abort.signal.aborted) return;
        connected = false;
        log.warn({ err: describeError(err) }, 'metagraph source failed; retrying');
        broadcast({ type: 'source', connected: false, error: describeError(err) });
        await sleep(backoff, abort.signal);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  async function scrapeLoop(): Promise<void> {
    const urls = options.validatorMetrics ?? [];
    if (urls.length === 0) return;
    while (!abort.signal.aborted) {
      validators = await Promise.all(urls.map((url) => scrapeValidator(url)));
      broadcast({ type: 'validators', validators });
      await sleep(options.scrapeIntervalMs ?? 2_000, abort.signal);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new SubnetError('DASHBOARD_LISTEN', `dashboard cannot listen on ${host}:${options.port ?? 0}: ${err.code ?? err.message}`, { cause: err })),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  const following = follow();
  const scraping = scrapeLoop();
  log.info({ url }, 'dashboard listening');

  return {
    url,
    port,
    latest: () => latest,
    async close() {
      abort.abort();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await source.close();
      // A source stuck in a read must not hold shutdown hostage.
      await Promise.race([Promise.allSettled([following, scraping]), sleep(2_000, new AbortController().signal)]);
    },
  };
}

async function scrapeValidator(url: string): Promise<ValidatorRound> {
  const fetchedAt = Date.now();
  try {
    const res = await withTimeout(fetch(url, { signal: AbortSignal.timeout(SCRAPE_TIMEOUT_MS) }), SCRAPE_TIMEOUT_MS + 100, `scraping ${url}`);
    if (!res.ok) throw new SubnetError('METRICS_HTTP', `${url} answered HTTP ${res.status}`);
    const text = await res.text();
    if (text.length > MAX_METRICS_BYTES)
      throw new SubnetError('METRICS_TOO_LARGE', `${url} served ${text.length} bytes of metrics (limit ${MAX_METRICS_BYTES})`);
    return validatorRoundFromMetrics(url, parsePrometheusText(text), fetchedAt);
  } catch (err) {
    return { url, ok: false, error: describeError(err), fetchedAt, miners: [], stats: {} };
  }
}

function reply(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // Everything is served from here; the page needs no other origin.
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
  });
  res.end(body);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
