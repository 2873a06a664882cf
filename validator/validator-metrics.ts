import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one validator, in its own registry (several validators
 * can live in one process, e.g. in benches), served on `/metrics`.
 */
export interface ValidatorMetrics {
  registry: Registry;
  roundDuration: Histogram;
  rounds: Counter;
  responses: Counter<'status'>;
  latency: Histogram;
  roundScores: Histogram;
  emaScore: Gauge<'uid'>;
  minerScore: Gauge<'uid'>;
  minerLatency: Gauge<'uid'>;
  weightsSet: Counter<'result' | 'action' | 'error'>;
  timelockedOutcomes: Counter<'status' | 'reason'>;
  timelockedPending: Gauge;
  blocksSinceWeights: Gauge;
  chainConnected: Gauge;
  block: Gauge;
}

export function createValidatorMetrics(labels: { netuid: number; hotkey: string }): ValidatorMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ netuid: String(labels.netuid), hotkey: labels.hotkey });
  const registers = [registry];
  return {
    registry,
    roundDuration: new Histogram({
      name: 'validator_round_duration_seconds',
      help: 'Wall-clock duration of a round: challenge, query, score, persist',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60],
      registers,
    }),
    rounds: new Counter({ name: 'validator_rounds_total', help: 'Rounds completed', registers }),
    responses: new Counter({
      name: 'validator_responses_total',
      help: 'Miner responses by status (ok, invalid, error, timeout, unreachable, unserved)',
      labelNames: ['status'],
      registers,
    }),
    latency: new Histogram({
      name: 'validator_response_latency_seconds',
      help: 'Per-miner latency of answered queries',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    roundScores: new Histogram({
      name: 'validator_round_score',
      help: 'Distribution of per-miner round scores',
      buckets: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
      registers,
    }),
    emaScore: new Gauge({ name: 'validator_score', help: 'EMA score per uid', labelNames: ['uid'], registers }),
    minerScore: new Gauge({ name: 'validator_miner_round_score', help: 'Reward of each uid in its last round', labelNames: ['uid'], registers }),
    minerLatency: new Gauge({
      name: 'validator_miner_latency_seconds',
      help: 'Latency of each uid in its last answered round',
      labelNames: ['uid'],
      registers,
    }),
    weightsSet: new Counter({
      name: 'validator_weights_total',
      help: 'Weight actions (set, commit, reveal) by result and error name',
      labelNames: ['result', 'action', 'error'],
      registers,
    }),
    timelockedOutcomes: new Counter({
      name: 'validator_timelocked_commits_total',
      help: 'Timelocked (commit-reveal v4) commits whose outcome is known: revealed, or dropped by the chain with the reason found',
      labelNames: ['status', 'reason'],
      registers,
    }),
    timelockedPending: new Gauge({
      name: 'validator_timelocked_commits_pending',
      help: 'Timelocked commits sent whose reveal has not been seen yet',
      registers,
    }),
    blocksSinceWeights: new Gauge({
      name: 'validator_blocks_since_last_weights',
      help: 'Blocks since this validator last set or revealed weights (since it started, until it has)',
      registers,
    }),
    chainConnected: new Gauge({ name: 'validator_chain_connected', help: '1 when the chain is reachable', registers }),
    block: new Gauge({ name: 'validator_block', help: 'Latest block seen', registers }),
  };
}

/** Serves `/metrics` and `/healthz` on host:port (port 0 picks a free port). */
export async function serveMetrics(
  metrics: ValidatorMetrics,
  host: string,
  port: number,
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      metrics.registry
        .metrics()
        .then((body) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(body);
        })
        .catch((err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        });
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok\n');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host}:${addr.port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
