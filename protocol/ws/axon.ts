import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { createLogger } from '../../core/logger.ts';
import { AuthFailureBudget } from '../auth-failure-budget.ts';
import { AxonConnection, type AxonShared } from './axon-connection.ts';
import { claimedHotkey, SourceCounts, unauthenticatedCost } from './connection-admission.ts';
import { openPolicy, type AxonObserver, type AxonPolicy } from '../axon-policy.ts';
import { BodyCodec } from './codec.ts';
import { FrameCodec, SYNAPSE_NAME } from './envelope.ts';
import { CLOSE_CODES } from './close-codes.ts';
import { ProtocolError } from '../errors.ts';
import { hotkeyCryptoReady, type HotkeySigner } from '../hotkey-signature.ts';
import { ReplayGuard } from '../replay-guard.ts';
import { ReplayLog } from '../replay-log.ts';
import { answerClientError } from '../http-client-error.ts';
import { wsRequestPipeline } from './request-pipeline.ts';
import type { SynapseHandler } from '../synapse-handler.ts';

export interface AxonOptions {
  keypair: HotkeySigner;
  host?: string;
  /** 0 picks a free port */
  port?: number;
  policy?: AxonPolicy;
  observer?: AxonObserver;
  logger?: Logger;
  /** largest WebSocket message accepted; larger ones are refused from the frame header, unread (close 1009) */
  maxFrameBytes?: number;
  /** open connections, authenticated or not */
  maxConnections?: number;
  /** connections not yet authenticated; a flood of idle sockets fills this pool, not the one good clients use */
  maxPendingConnections?: number;
  /**
   * connections not yet authenticated whose upgrade request claimed a hotkey the policy lets in
   * (CLAIMED_HOTKEY_HEADER): a pool of their own, so new validators get in while anonymous floods
   * fill the other one
   */
  maxReservedPendingConnections?: number;
  /** connections not yet authenticated from one source (IPv4 address, IPv6 /64) */
  maxPendingPerSource?: number;
  /**
   * reserved pending connections from one source: a host squatting the reserved pool with claims
   * of public hotkeys needs maxReservedPendingConnections / this many addresses to fill it
   */
  maxReservedPendingPerSource?: number;
  /**
   * when the reserved pool is full, a new permitted claimant takes the slot of the oldest claimant
   * that has held one this long without authenticating (a dendrite authenticates within a round trip)
   */
  reservedEvictAfterMs?: number;
  /**
   * a TCP socket that has sent no HTTP request after this long is closed and charged to its
   * source's silent-socket budget; a source that spent it has its new sockets closed on accept
   */
  silentSocketMs?: number;
  /** time a new connection has to authenticate */
  handshakeTimeoutMs?: number;
  /** an authenticated connection with nothing in flight and no traffic for this long is closed */
  idleTimeoutMs?: number;
  /** timeout applied when a request carries 0 */
  defaultTimeoutMs?: number;
  /** cap on any request's timeout */
  maxTimeoutMs?: number;
  maxInFlightPerConnection?: number;
  /** tolerated clock difference for request timestamps and the sr25519 replay window */
  clockSkewMs?: number;
  /** lifetime of the axon's session certificates */
  sessionTtlMs?: number;
  /** longest dendrite certificate lifetime accepted */
  maxCertTtlMs?: number;
  /**
   * failed authentications (bad sr25519 signature, bad certificate, handshake timeout) one
   * remote source (IPv4 address, IPv6 /64) may make in a burst; once spent, its new connections
   * get HTTP 429 and its open ones are closed 4429, before any sr25519 work
   */
  authFailureBurst?: number;
  /** failed authentications per second a source earns back */
  authFailuresPerSecond?: number;
  /** accept per-request sr25519 (Epistula-style) requests */
  allowSr25519?: boolean;
  /**
   * a file where the sr25519 replay table is journaled (protocol/replay-log.ts): a restarted axon
   * reloads it and still refuses a request it served before; without it the table lives in memory only
   */
  replayLogPath?: string;
  /** plain HTTP requests on the same port (/healthz, /metrics); return false to answer 404 */
  httpHandler?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export const AXON_DEFAULTS = {
  host: '127.0.0.1',
  maxFrameBytes: 1024 * 1024,
  maxConnections: 256,
  maxPendingConnections: 32,
  maxReservedPendingConnections: 32,
  maxPendingPerSource: 4,
  maxReservedPendingPerSource: 2,
  reservedEvictAfterMs: 1_000,
  silentSocketMs: 2_000,
  handshakeTimeoutMs: 5_000,
  idleTimeoutMs: 120_000,
  defaultTimeoutMs: 12_000,
  maxTimeoutMs: 60_000,
  maxInFlightPerConnection: 256,
  clockSkewMs: 30_000,
  sessionTtlMs: 60 * 60_000,
  maxCertTtlMs: 24 * 60 * 60_000,
  authFailureBurst: 16,
  authFailuresPerSecond: 0.5,
} as const;

/** remote sources whose failure budgets are tracked at once (memory bound under a spoofed-source flood) */
const AUTH_FAILURE_SOURCES = 10_000;

/**
 * The server side: accepts dendrite connections on one port, refuses politely
 * (HTTP 503 + Retry-After) past its connection limits, authenticates sessions
 * and requests, and dispatches synapses to handlers.
 */
export class Axon {
  readonly handlers = new Map<string, SynapseHandler>();
  private readonly opts: Required<Omit<AxonOptions, 'httpHandler' | 'logger' | 'observer' | 'policy' | 'replayLogPath'>> &
    Pick<AxonOptions, 'httpHandler' | 'replayLogPath'>;
  private readonly log: Logger;
  private readonly observer: AxonObserver;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly pending = new Set<AxonConnection>();
  private readonly ready = new Set<AxonConnection>();
  /** how each pending connection was admitted */
  private readonly admitted = new Map<AxonConnection, { reserved: boolean; claimed?: string; sentFrames: boolean }>();
  private reservedPending = 0;
  private readonly pendingBySource = new SourceCounts();
  private readonly reservedBySource = new SourceCounts();
  /** TCP sockets that have not sent an HTTP request yet, with their source and accept time */
  private readonly silent = new Map<Socket, { source: string; at: number }>();
  /** silent sockets per source, charged apart from failed authentications: a source that floods
   * upgrade requests (answered 429/503) is not the same as one that holds sockets without a word */
  private readonly silentBudget: AuthFailureBudget;
  private readonly shared: AxonShared;
  private readonly replayLog?: ReplayLog;
  private sweeper?: NodeJS.Timeout;
  private closing = false;

  constructor(options: AxonOptions) {
    this.opts = {
      ...AXON_DEFAULTS,
      port: 0,
      allowSr25519: true,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    } as typeof this.opts;
    this.log = options.logger ?? createLogger('axon');
    this.observer = options.observer ?? {};
    const policy = options.policy ?? openPolicy;
    const bodies = new BodyCodec({ maxBytes: this.opts.maxFrameBytes });
    const replay = new ReplayGuard(this.opts.clockSkewMs);
    if (this.opts.replayLogPath !== undefined) {
      this.replayLog = ReplayLog.open(
        this.opts.replayLogPath,
        (entries) => replay.restore(entries),
        () => replay.live(),
      );
      replay.journalTo(this.replayLog);
    }
    this.shared = {
      keypair: options.keypair,
      address: options.keypair.address,
      policy,
      observer: this.observer,
      frames: new FrameCodec(this.opts.maxFrameBytes),
      bodies,
      replay,
      log: this.log,
      maxFrameBytes: this.opts.maxFrameBytes,
      skewMs: this.opts.clockSkewMs,
      sessionTtlMs: this.opts.sessionTtlMs,
      maxCertTtlMs: this.opts.maxCertTtlMs,
      defaultTimeoutMs: this.opts.defaultTimeoutMs,
      maxTimeoutMs: this.opts.maxTimeoutMs,
      allowSr25519: this.opts.allowSr25519,
      authFailures: new AuthFailureBudget({ burst: this.opts.authFailureBurst, perSecond: this.opts.authFailuresPerSecond, maxSources: AUTH_FAILURE_SOURCES }),
      onReady: (c) => this.onReady(c),
      onClosed: (c) => {
        if (this.pending.has(c)) this.leavePending(c, true);
        this.ready.delete(c);
        this.observer.connections?.(this.pending.size + this.ready.size);
      },
      pipeline: wsRequestPipeline({
        policy,
        observer: this.observer,
        handlers: this.handlers,
        bodies,
        maxInFlightPerConnection: this.opts.maxInFlightPerConnection,
        draining: () => this.closing,
      }),
    };
    this.server = createServer({ connectionsCheckingInterval: 1_000, headersTimeout: 5_000, requestTimeout: 10_000 }, (req, res) => this.onHttp(req, res));
    // last-resort cap on raw TCP sockets (sockets beyond it are dropped by the kernel-facing
    // server); the polite 503 below handles everything short of that
    this.server.maxConnections = 4 * (this.opts.maxConnections + this.opts.maxPendingConnections) + 64;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.opts.maxFrameBytes, perMessageDeflate: false, clientTracking: false });
    this.silentBudget = new AuthFailureBudget({
      burst: this.opts.authFailureBurst,
      perSecond: this.opts.authFailuresPerSecond,
      maxSources: AUTH_FAILURE_SOURCES,
    });
    this.server.on('connection', (socket: Socket) => this.onSocket(socket));
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket as Socket, head));
    this.server.on('clientError', answerClientError);
  }

  get address(): string {
    return this.shared.address;
  }

  /** Serves `name` with `handler`. */
  attach(name: string, handler: SynapseHandler): this {
    if (!SYNAPSE_NAME.test(name)) throw new ProtocolError('BAD_REQUEST', `synapse name ${JSON.stringify(name)} must match ${SYNAPSE_NAME}`);
    this.handlers.set(name, handler);
    return this;
  }

  async listen(): Promise<{ host: string; port: number; url: string }> {
    await hotkeyCryptoReady();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.sweeper = setInterval(() => this.sweep(), 1_000);
    this.sweeper.unref();
    const { port } = this.server.address() as AddressInfo;
    const host = this.opts.host;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return { host, port, url: `ws://${urlHost}:${port}` };
  }

  stats(): { connections: number; pending: number; reservedPending: number; silentSockets: number; inflight: number } {
    let inflight = 0;
    for (const c of this.ready) inflight += c.inflight.size;
    for (const c of this.pending) inflight += c.inflight.size;
    return {
      connections: this.ready.size + this.pending.size,
      pending: this.pending.size,
      reservedPending: this.reservedPending,
      silentSockets: this.silent.size,
      inflight,
    };
  }

  /**
   * Graceful shutdown: refuse new connections and requests, wait up to
   * `drainMs` for in-flight requests to answer, then close every connection (1001).
   */
  async close(drainMs = 10_000): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.sweeper);
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const c of this.pending) c.close(CLOSE_CODES.GOING_AWAY, 'axon shutting down');
    const until = Date.now() + drainMs;
    while (this.stats().inflight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    for (const c of [...this.ready, ...this.pending]) c.close(CLOSE_CODES.GOING_AWAY, 'axon shutting down');
    // give close frames a moment, then cut whatever lingers
    await new Promise((r) => setTimeout(r, 50));
    for (const c of [...this.ready, ...this.pending]) c.ws.terminate();
    this.server.closeAllConnections();
    await serverClosed;
    this.replayLog?.close();
  }

  private onHttp(req: IncomingMessage, res: ServerResponse): void {
    this.silent.delete(req.socket);
    if (this.opts.httpHandler?.(req, res)) return;
    if (req.url === '/' || req.url === '') {
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' }).end('subnetkit axon: connect with a WebSocket (see protocol/README.md)\n');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  }

  private refuse(socket: Socket, reason: string, retryAfterS: number, status: 503 | 429 = 503): void {
    this.observer.rejection?.(reason);
    const body = `${reason.replaceAll('_', ' ')}; retry later\n`;
    socket.end(
      `HTTP/1.1 ${status === 429 ? '429 Too Many Requests' : '503 Service Unavailable'}\r\nRetry-After: ${retryAfterS}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    socket.setTimeout(1_000, () => socket.destroy());
  }

  /**
   * Every TCP socket: one whose source spent its silent-socket budget is closed at once (nothing
   * was read, nothing is answered); the others are watched until they send a request.
   */
  private onSocket(socket: Socket): void {
    const source = AuthFailureBudget.sourceOf(socket.remoteAddress);
    if (!this.silentBudget.allows(source)) {
      this.observer.rejection?.('silent_sockets');
      socket.destroy();
      return;
    }
    this.silent.set(socket, { source, at: Date.now() });
    socket.once('close', () => this.silent.delete(socket));
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.silent.delete(req.socket);
    socket.on('error', () => socket.destroy());
    if (this.closing) return this.refuse(socket, 'shutting_down', 5);
    const source = AuthFailureBudget.sourceOf(req.socket.remoteAddress);
    if (!this.shared.authFailures.allows(source)) return this.refuse(socket, 'auth_failures', Math.max(1, this.shared.authFailures.retryAfterS(source)), 429);
    if (this.pending.size + this.ready.size >= this.opts.maxConnections) return this.refuse(socket, 'too_many_connections', 5);
    // the cheap pre-check: a map lookup in the policy, no signature work; the claim is held to at authentication
    const claimed = claimedHotkey(req);
    const reserved = claimed !== undefined && this.shared.policy.blacklist(claimed) === undefined;
    const sourceFull = reserved
      ? this.reservedBySource.get(source) >= this.opts.maxReservedPendingPerSource
      : this.pendingBySource.get(source) >= this.opts.maxPendingPerSource;
    if (sourceFull) return this.refuse(socket, 'too_many_pending_connections', 2);
    if (reserved ? !this.reservedSlot() : this.pending.size - this.reservedPending >= this.opts.maxPendingConnections)
      return this.refuse(socket, 'too_many_pending_connections', 2);
    // synchronous without per-message deflate, so the counts above cannot race
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req, source, reserved ? claimed : undefined));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage, source: string, claimed: string | undefined): void {
    const remote = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    const c = new AxonConnection(ws, remote, source, this.shared);
    const admission = { reserved: claimed !== undefined, claimed, sentFrames: false };
    this.pending.add(c);
    this.admitted.set(c, admission);
    this.pendingBySource.add(source);
    if (admission.reserved) {
      this.reservedPending += 1;
      this.reservedBySource.add(source);
    }
    this.observer.connections?.(this.pending.size + this.ready.size);
    ws.on('message', (data, isBinary) => {
      admission.sentFrames = true;
      c.onMessage(data as Buffer, isBinary);
    });
    ws.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.observer.rejection?.('payload_too_large');
        this.log.info({ remote, caller: c.caller }, `frame over ${this.opts.maxFrameBytes} bytes refused unread; connection closed (1009)`);
      } else {
        this.observer.rejection?.('bad_frame');
        this.log.debug({ remote, err: err.message }, 'websocket error');
      }
    });
    ws.on('close', () => c.markClosed());
    c.hello();
  }

  /**
   * True when the reserved pool has room, making it by closing the oldest claimant that has not
   * authenticated within `reservedEvictAfterMs` (charged like any unauthenticated slot): squatters
   * claiming a permitted hotkey hold a reserved slot for less than a second each, not until the timeout.
   */
  private reservedSlot(): boolean {
    if (this.reservedPending < this.opts.maxReservedPendingConnections) return true;
    const now = Date.now();
    for (const c of this.pending) {
      if (!this.admitted.get(c)?.reserved) continue;
      if (now - c.openedAt < this.opts.reservedEvictAfterMs) return false;
      this.observer.rejection?.('reserved_slot_evicted');
      c.close(CLOSE_CODES.TIMEOUT, `no authentication within ${this.opts.reservedEvictAfterMs} ms while others wait`);
      return true;
    }
    return false;
  }

  /** A connection authenticated: it must be the hotkey its upgrade request claimed, if it claimed one. */
  private onReady(c: AxonConnection): void {
    const admission = this.admitted.get(c);
    if (admission?.claimed !== undefined && c.caller !== admission.claimed) {
      this.observer.rejection?.('claim_mismatch');
      this.shared.authFailures.charge(c.source, Date.now(), this.opts.authFailureBurst);
      c.close(CLOSE_CODES.UNAUTHORIZED, `claimed ${admission.claimed} in the upgrade request but authenticated as ${c.caller}`);
      return;
    }
    this.leavePending(c, false);
    this.ready.add(c);
  }

  /** Takes `c` out of the pending pools; one that ends there unauthenticated is charged to its source. */
  private leavePending(c: AxonConnection, unauthenticated: boolean): void {
    const admission = this.admitted.get(c);
    this.pending.delete(c);
    this.admitted.delete(c);
    this.pendingBySource.remove(c.source);
    if (admission?.reserved) {
      this.reservedPending -= 1;
      this.reservedBySource.remove(c.source);
    }
    if (!unauthenticated || this.closing) return;
    const cost = unauthenticatedCost({ heldMs: Date.now() - c.openedAt, reserved: admission?.reserved ?? false, sentFrames: admission?.sentFrames ?? false });
    if (cost > 0) this.shared.authFailures.charge(c.source, Date.now(), cost);
  }

  private sweep(): void {
    const now = Date.now();
    for (const c of this.pending) {
      if (now - c.openedAt > this.opts.handshakeTimeoutMs) {
        this.observer.rejection?.('handshake_timeout');
        // charged when it leaves the pending pool, for every second it held its slot
        c.close(CLOSE_CODES.TIMEOUT, `no authentication within ${this.opts.handshakeTimeoutMs} ms`);
      }
    }
    // after the poll phase, so a request that already arrived is read before its socket is judged silent
    setImmediate(() => this.sweepSilent(Date.now()));
    for (const c of this.ready) {
      if (c.inflight.size === 0 && now - c.lastActivity > this.opts.idleTimeoutMs) c.close(CLOSE_CODES.TIMEOUT, `idle for ${this.opts.idleTimeoutMs} ms`);
    }
  }

  /** TCP sockets that never sent a request hold the raw socket cap: closed, and charged to their source. */
  private sweepSilent(now: number): void {
    for (const [socket, { source, at }] of this.silent) {
      if (now - at < this.opts.silentSocketMs) continue;
      this.silent.delete(socket);
      this.silentBudget.charge(source, now, Math.ceil((now - at) / 1000));
      this.observer.rejection?.('silent_socket');
      socket.destroy();
    }
  }
}
