import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createLogger } from '../../core/logger.ts';
import { admit } from '../axon-pipeline/admit.ts';
import { blacklist } from '../axon-pipeline/blacklist.ts';
import { compose, type Next } from '../axon-pipeline/compose.ts';
import { deadline } from '../axon-pipeline/deadline.ts';
import { handle } from '../axon-pipeline/handler.ts';
import { observe } from '../axon-pipeline/observe.ts';
import { refusals } from '../axon-pipeline/refusals.ts';
import { release } from '../axon-pipeline/release.ts';
import { axonRequest, type AxonRequest } from '../axon-pipeline/request.ts';
import { respond } from '../axon-pipeline/respond.ts';
import { verify } from '../axon-pipeline/verify.ts';
import { AuthFailureBudget } from '../auth-failure-budget.ts';
import { openPolicy, type AxonPolicy } from '../axon-policy.ts';
import { ProtocolError } from '../errors.ts';
import { hotkeyCryptoReady } from '../hotkey-signature.ts';
import { HTTP_AXON_DEFAULTS, listenHttpAxon, type HttpAxonServerOptions } from '../http-axon-options.ts';
import { ReplayGuard } from '../replay-guard.ts';
import { ReplayLog } from '../replay-log.ts';
import { isAsyncIterable, type SynapseHandler } from '../synapse-handler.ts';
import { fromJsonText, toJsonText } from './json-body.ts';
import {
  CLIENT_TIMEOUT_HEADER,
  checkFreshness,
  checkReceiver,
  checkRequestSignature,
  EPISTULA_ALLOWED_DELTA_MS,
  EpistulaError,
  readEpistulaHeaders,
  type EpistulaClaim,
} from './signed-request.ts';

export type EpistulaAxonOptions = HttpAxonServerOptions;

const DEFAULTS = HTTP_AXON_DEFAULTS;

const DEFAULT_TIMEOUT_MS = 12_000;

/** One Epistula request on its way through the axon's steps. */
interface EpistulaRequest extends AxonRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** the remote source charged for this request's failed signature */
  readonly source: string;
  claim?: EpistulaClaim;
  /** the raw body bytes the signature covers */
  raw?: Buffer;
}

/** The wire refusal for a failed Epistula check: a malformed request is 400, everything else about the signer 401. */
function refusalOf(err: EpistulaError): ProtocolError {
  const code = err.code === 'EPISTULA_VERSION' || err.code === 'EPISTULA_BAD_HEADER' ? 'BAD_REQUEST' : 'UNAUTHORIZED';
  return new ProtocolError(code, err.message, { details: { reason: err.code } });
}

/**
 * An Epistula v2 axon: `POST /<Synapse>` with a JSON body and the Epistula headers, answered
 * with the handler's JSON (or a `text/event-stream` of `data:` lines for a streaming synapse).
 * The third adapter of the axon pipeline, beside the WebSocket and the Bittensor HTTP axons:
 * same policy, handlers and metrics. See protocol/README.md, "Epistula v2".
 */
export class EpistulaAxon {
  private readonly opts: typeof DEFAULTS & EpistulaAxonOptions;
  private readonly routes = new Map<string, SynapseHandler>();
  /** the uuid table: a uuid is remembered per sender for as long as its timestamp could pass the freshness check */
  readonly replays = new ReplayGuard(EPISTULA_ALLOWED_DELTA_MS);
  private readonly replayLog?: ReplayLog;
  private readonly authFailures: AuthFailureBudget;
  private readonly log: Logger;
  private readonly pipeline: (ctx: EpistulaRequest) => Promise<void>;
  private server?: Server;
  private requests = 0;

  constructor(options: EpistulaAxonOptions) {
    this.opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & EpistulaAxonOptions;
    if (this.opts.replayLogPath !== undefined) {
      const replays = this.replays;
      this.replayLog = ReplayLog.open(
        this.opts.replayLogPath,
        (entries) => replays.restore(entries),
        () => replays.live(),
      );
      replays.journalTo(this.replayLog);
    }
    this.authFailures = new AuthFailureBudget({ burst: this.opts.authFailureBurst, perSecond: this.opts.authFailuresPerSecond, maxSources: 10_000 });
    this.log = options.logger ?? createLogger('epistula-axon');
    const policy: AxonPolicy = this.opts.policy ?? openPolicy;
    // the signature covers the body, so the body is read (bounded) before it is verified
    this.pipeline = compose<EpistulaRequest>([
      observe(this.opts.observer, (ctx) => (this.routes.has(ctx.synapse) ? ctx.synapse : 'unknown')),
      refusals({ refuse: (ctx, e) => this.refuse(ctx, e), internal: (_ctx, message) => `Internal Server Error: ${message}` }),
      (ctx, next) => this.preprocess(ctx, next),
      blacklist(policy),
      (ctx, next) => this.readBody(ctx, next),
      verify((ctx) => this.verify(ctx)),
      deadline((ctx) => new ProtocolError('TIMEOUT', `Response timeout after ${ctx.timeoutMs / 1000}s`)),
      release(),
      admit(policy, (ctx) => ctx.raw?.length),
      (ctx, next) => this.decode(ctx, next),
      respond((ctx, result) => this.write(ctx, result)),
      handle(),
    ]);
  }

  get hotkey(): string {
    return this.opts.keypair.address;
  }

  attach(name: string, handler: SynapseHandler): this {
    if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(name)) throw new ProtocolError('BAD_REQUEST', `synapse name "${name}" is not a route name`);
    this.routes.set(name, handler);
    return this;
  }

  async listen(): Promise<{ host: string; port: number }> {
    await hotkeyCryptoReady();
    this.server = await listenHttpAxon(this.opts, (req, res) => this.answer(req, res));
    return { host: this.opts.host, port: this.port };
  }

  /**
   * For a port shared with other axons: takes the requests that carry `Epistula-Version` and
   * leaves the rest (WebSocket upgrades, the SDK's HTTP requests, /healthz, /metrics) to the caller.
   */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.headers['epistula-version'] === undefined) return false;
    this.answer(req, res);
    return true;
  }

  get port(): number {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    if (!addr) throw new ProtocolError('INTERNAL', 'Epistula axon is not listening');
    return addr.port;
  }

  async close(): Promise<void> {
    this.replayLog?.close();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const ctx: EpistulaRequest = {
      ...axonRequest({ synapse: '', requestId: ++this.requests, timeoutMs: DEFAULT_TIMEOUT_MS }),
      req,
      res,
      source: AuthFailureBudget.sourceOf(req.socket.remoteAddress),
    };
    res.once('close', () => ctx.controller.abort(new ProtocolError('TIMEOUT', 'cancelled by the caller')));
    this.pipeline(ctx).catch((err: unknown) => {
      this.log.error({ err: (err as Error)?.message }, 'epistula axon could not answer a request');
      res.destroy();
    });
  }

  /** Route, size, headers, the receiver and the claimed caller: everything that costs no IO. */
  private async preprocess(ctx: EpistulaRequest, next: Next): Promise<void> {
    const req = ctx.req;
    const path = (req.url ?? '/').split('?')[0]!;
    // the whole path names the synapse: `/Embed/x` is no route of Embed's
    ctx.synapse = path.slice(1);
    if (req.method !== 'POST') throw new ProtocolError('BAD_REQUEST', `method ${req.method} not allowed; use POST /<Synapse>`);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.opts.maxBodyBytes)
      throw new ProtocolError('PAYLOAD_TOO_LARGE', `request body of ${declared} bytes exceeds the limit of ${this.opts.maxBodyBytes}`);
    const handler = this.routes.get(ctx.synapse);
    if (!handler)
      throw new ProtocolError(
        'UNKNOWN_SYNAPSE',
        `no synapse ${JSON.stringify(ctx.synapse.slice(0, 64))}; this axon serves ${[...this.routes.keys()].join(', ')}`,
      );
    ctx.handler = handler;
    const requested = Number(req.headers[CLIENT_TIMEOUT_HEADER.toLowerCase()]);
    ctx.timeoutMs = Math.min(Number.isFinite(requested) && requested > 0 ? requested * 1000 : DEFAULT_TIMEOUT_MS, this.opts.maxTimeoutMs);
    try {
      ctx.claim = readEpistulaHeaders(req.headers);
      checkReceiver(ctx.claim, this.hotkey);
    } catch (err) {
      throw err instanceof EpistulaError ? refusalOf(err) : err;
    }
    ctx.caller = ctx.claim.signedBy;
    await next();
  }

  /** Freshness, the uuid table, then (if the source may still fail) the signature; records the uuid once it verified. */
  private verify(ctx: EpistulaRequest): string {
    const claim = ctx.claim!;
    const now = Date.now();
    try {
      checkFreshness(claim.timestamp, now);
      this.replays.check(claim.signedBy, claim.uuid, claim.timestamp, now);
      if (!this.authFailures.allows(ctx.source, now)) {
        throw new ProtocolError(
          'RATE_LIMITED',
          `too many failed authentications from ${ctx.source}; retry in ${this.authFailures.retryAfterS(ctx.source, now)} s`,
        );
      }
      try {
        checkRequestSignature(claim, ctx.raw!);
      } catch (err) {
        this.authFailures.charge(ctx.source, now);
        throw err;
      }
    } catch (err) {
      throw err instanceof EpistulaError ? refusalOf(err) : err;
    }
    this.replays.record(claim.signedBy, claim.uuid, claim.timestamp, now);
    return claim.signedBy;
  }

  private async readBody(ctx: EpistulaRequest, next: Next): Promise<void> {
    const req = ctx.req;
    const max = this.opts.maxBodyBytes;
    ctx.raw = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const timer = setTimeout(
        () => fail(new ProtocolError('TIMEOUT', `request body not received within ${this.opts.uploadTimeoutMs} ms`)),
        this.opts.uploadTimeoutMs,
      );
      const fail = (err: ProtocolError) => {
        clearTimeout(timer);
        req.off('data', onData);
        req.off('end', onEnd);
        req.pause();
        // the rest of a refused or stalled body is not worth reading: close after answering
        ctx.res.shouldKeepAlive = false;
        reject(err);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > max) return fail(new ProtocolError('PAYLOAD_TOO_LARGE', `request body exceeds the limit of ${max} bytes`));
        chunks.push(chunk);
      };
      const onEnd = () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks));
      };
      req.on('data', onData);
      req.once('end', onEnd);
      req.once('error', (err) => fail(new ProtocolError('BAD_REQUEST', `request body failed: ${err.message}`)));
    });
    await next();
  }

  /** The verified body as JSON; an empty body is an empty request. */
  private async decode(ctx: EpistulaRequest, next: Next): Promise<void> {
    const raw = ctx.raw!;
    if (raw.byteLength === 0) ctx.body = {};
    else {
      try {
        ctx.body = fromJsonText(raw.toString('utf8'));
      } catch (err) {
        throw new ProtocolError('BAD_REQUEST', `request body is not JSON: ${(err as Error).message}`);
      }
    }
    await next();
  }

  private async write(ctx: EpistulaRequest, result: unknown): Promise<void> {
    if (isAsyncIterable(result)) return this.sendStream(ctx, result);
    this.send(ctx, 200, toJsonText(result ?? {}));
  }

  private refuse(ctx: EpistulaRequest, e: ProtocolError): void {
    if (e.code === 'INTERNAL') this.log.warn({ synapse: ctx.synapse, err: e.message }, 'epistula axon handler failed');
    else this.log.debug({ synapse: ctx.synapse, code: e.code, message: e.message }, 'epistula axon refused a request');
    if (e.code === 'PAYLOAD_TOO_LARGE') ctx.res.shouldKeepAlive = false;
    if (e.code === 'RATE_LIMITED' && ctx.res.headersSent === false) {
      const retry = this.authFailures.retryAfterS(ctx.source);
      if (retry > 0) ctx.res.setHeader('retry-after', String(retry));
    }
    this.send(ctx, e.status, JSON.stringify({ code: e.code, message: e.message, ...(e.details?.reason ? { reason: e.details.reason } : {}) }));
  }

  private send(ctx: EpistulaRequest, status: number, text: string): void {
    const res = ctx.res;
    if (res.headersSent || res.destroyed) return;
    res.statusCode = status;
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-length', Buffer.byteLength(text));
    res.setHeader('x-process-time', ((performance.now() - ctx.startedAt) / 1000).toFixed(6));
    res.end(text);
  }

  /** Server-sent events, one `data: <json>` per chunk and `data: [DONE]` at the end (the OpenAI stream SN1 serves); cut at the deadline. */
  private async sendStream(ctx: EpistulaRequest, chunks: AsyncIterable<unknown>): Promise<void> {
    const res = ctx.res;
    const abort = ctx.controller;
    res.statusCode = 200;
    res.setHeader('content-type', 'text/event-stream');
    res.setHeader('cache-control', 'no-cache');
    res.flushHeaders();
    const iterator = chunks[Symbol.asyncIterator]();
    const aborted = new Promise<null>((resolve) => {
      if (abort.signal.aborted) resolve(null);
      else abort.signal.addEventListener('abort', () => resolve(null), { once: true });
    });
    let complete = false;
    try {
      while (!abort.signal.aborted) {
        const next = await Promise.race([iterator.next(), aborted]);
        if (next === null) break;
        if (next.done) {
          complete = true;
          break;
        }
        if (!res.write(`data: ${toJsonText(next.value)}\n\n`)) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), aborted]);
      }
    } catch (err) {
      this.log.warn({ synapse: ctx.synapse, err: (err as Error)?.message }, 'epistula axon stream failed');
    } finally {
      if (abort.signal.aborted) void iterator.return?.();
      // only a stream that ran to its end says so: a cut one is visibly incomplete
      res.end(complete ? 'data: [DONE]\n\n' : undefined);
    }
  }
}
