import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AxonObserver, AxonPolicy } from './axon-policy.ts';
import type { HotkeySigner } from './hotkey-signature.ts';
import { answerClientError } from './http-client-error.ts';

/** What every HTTP axon (the SDK's, Epistula) is configured with; each adapter adds its own. */
export interface HttpAxonServerOptions {
  keypair: HotkeySigner;
  host?: string;
  /** 0 picks a free port */
  port?: number;
  /** blacklist (403) and admission: rate, concurrency, cost, priority (429/503) */
  policy?: AxonPolicy;
  /** request and rejection counts for metrics (the miner's Prometheus counters) */
  observer?: AxonObserver;
  logger?: Logger;
  /** largest request body; larger ones are refused (413) from Content-Length, unread, or as soon as the count passes it */
  maxBodyBytes?: number;
  /** time to receive a body (408) */
  uploadTimeoutMs?: number;
  /** cap on the caller's timeout, which bounds the handler and the replay window */
  maxTimeoutMs?: number;
  maxConnections?: number;
  /** failed signatures a remote source may make in a burst, and earns back per second (protocol/auth-failure-budget.ts) */
  authFailureBurst?: number;
  authFailuresPerSecond?: number;
  /**
   * a file where the replay table is journaled (protocol/replay-log.ts): a restarted axon reloads it
   * and still refuses a request it served before; without it the table lives in memory only
   */
  replayLogPath?: string;
}

export const HTTP_AXON_DEFAULTS = {
  host: '127.0.0.1',
  port: 8091,
  maxBodyBytes: 1024 * 1024,
  uploadTimeoutMs: 10_000,
  maxTimeoutMs: 60_000,
  maxConnections: 256,
  authFailureBurst: 16,
  authFailuresPerSecond: 0.5,
};

/**
 * The HTTP server of an axon that listens on a port of its own: connection cap, parser errors
 * answered (400/431/408) rather than dropped, and node's request timeout as a backstop behind
 * the axon's own upload timer.
 */
export async function listenHttpAxon(
  opts: { host: string; port: number; maxConnections: number; uploadTimeoutMs: number },
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Server> {
  const server = createServer(answer);
  server.maxConnections = opts.maxConnections;
  server.on('clientError', answerClientError);
  server.headersTimeout = 10_000;
  server.requestTimeout = opts.uploadTimeoutMs + 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
