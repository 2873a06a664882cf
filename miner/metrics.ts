import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AxonObserver } from '../protocol/axon-policy.ts';

/**
 * The miner's Prometheus metrics (own registry, so several miners in one
 * process do not collide) and the `/healthz` + `/metrics` HTTP routes served
 * on the axon's port.
 */
export class MinerMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'subnet_miner_requests_total',
    help: 'requests answered, by synapse and status',
    labelNames: ['synapse', 'status'],
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'subnet_miner_request_duration_seconds',
    help: 'time from receipt to answer',
    labelNames: ['synapse'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly rejections = new Counter({
    name: 'subnet_miner_rejections_total',
    help: 'requests and connections refused, by reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'subnet_miner_batch_size',
    help: 'items per model run (dynamic batching)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });
  readonly connections = new Gauge({ name: 'subnet_miner_connections', help: 'open dendrite connections', registers: [this.registry] });
  readonly handlerFailures = new Counter({
    name: 'subnet_miner_handler_failures_total',
    help: 'requests whose handler threw (logged once, then counted)',
    registers: [this.registry],
  });
  readonly metagraphBlock = new Gauge({ name: 'subnet_miner_metagraph_block', help: 'block of the metagraph the policy uses', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'subnet_miner_' });
  }

  observer(): AxonObserver {
    return {
      request: (e) => {
        this.requests.inc({ synapse: e.synapse, status: String(e.status) });
        this.latency.observe({ synapse: e.synapse }, e.seconds);
      },
      rejection: (reason) => this.rejections.inc({ reason }),
      connections: (open) => this.connections.set(open),
    };
  }

  /** `/healthz` and `/metrics`; `health()` says whether the miner can serve. */
  httpHandler(health: () => { ok: boolean; [k: string]: unknown }): (req: IncomingMessage, res: ServerResponse) => boolean {
    return (req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET') return false;
      if (path === '/healthz') {
        const h = health();
        res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(h)}\n`);
        return true;
      }
      if (path === '/metrics') {
        this.registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
          (err: Error) => res.writeHead(500).end(err.message),
        );
        return true;
      }
      return false;
    };
  }
}
