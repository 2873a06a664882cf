import { randomUUID } from 'node:crypto';
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
import { isAsyncIterable, type SynapseHandler } from '../synapse-handler.ts';
import { bodyHash } from './body-hash.ts';
import { NonceGuard, nowNanos } from './nonce-guard.ts';
import { ReplayLog } from '../replay-log.ts';
import { PythonJsonError, pythonJsonDumps, pythonJsonLoads } from './python-json.ts';
import { pyStrRepr } from './python-repr.ts';
import { fromPyValue, toPyValue, type PyDict } from './python-value.ts';
import { axonSignedMessage, dendriteSignedMessage, parseSignatureHex, signHex, verifyHotkeySignature } from './signed-messages.ts';
import { synapseFields, terminalInfoToPy } from './synapse-body.ts';
import { fromHeaders, toHeaders, type ParsedSynapseHeaders } from './synapse-headers.ts';
import { TerminalInfoCastError, type TerminalInfo } from './terminal-info.ts';
import { SDK_COMPAT_VERSION_INT } from './version.ts';

export type HttpAxonOptions = HttpAxonServerOptions;

export interface HttpSynapseOptions {
  /** the Python class's `required_hash_fields`, in its order */
  requiredHashFields?: readonly string[];
}

interface Route {
  handler: SynapseHandler;
  requiredHashFields: readonly string[];
}

const DEFAULTS = HTTP_AXON_DEFAULTS;

const DEFAULT_SYNAPSE_TIMEOUT_S = 12;
const MAX_HEADER_VALUE = 1024;

/** Header values must be latin-1 without controls; an error message may quote anything. */
function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').slice(0, MAX_HEADER_VALUE);
}

function sdkStatusMessage(err: ProtocolError): string {
  switch (err.code) {
    case 'UNAUTHORIZED':
      return `Not Verified with error: ${err.message}`;
    case 'BLACKLISTED':
      return `Forbidden. Key is blacklisted: ${(err.details?.reason as string | undefined) ?? err.message}.`;
    default:
      return err.message;
  }
}

/** One HTTP request on its way through the axon's steps; what the answer and the refusal report. */
interface HttpRequest extends AxonRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** the remote source charged for this request's failed signature */
  readonly source: string;
  /** the synapse timeout, seconds, capped by the axon */
  timeoutS: number;
  dendrite: TerminalInfo;
  /** the axon's TerminalInfo as the caller addressed it (ip, port, hotkey) */
  addressed: TerminalInfo;
  headers?: ParsedSynapseHeaders;
  requiredHashFields: readonly string[];
  /** the request synapse as json.loads reads it */
  synapseBody?: PyDict;
}

/**
 * The Bittensor SDK's HTTP axon on node:http: `POST /<SynapseName>`, with
 * the AxonMiddleware order (preprocess 404/400, blacklist 403, verify 401,
 * priority 429/503, body integrity 400, forward 408/500) and the SDK's
 * headers and JSON, so Python dendrites can query a subnetkit miner. See
 * protocol/README.md, "Bittensor HTTP axon compatibility".
 */
export class HttpAxon {
  readonly uuid: string = randomUUID();
  private readonly opts: typeof DEFAULTS & HttpAxonOptions;
  private readonly routes = new Map<string, Route>();
  private readonly nonces: NonceGuard;
  private readonly replayLog?: ReplayLog;
  private readonly authFailures: AuthFailureBudget;
  private readonly log: Logger;
  private readonly pipeline: (ctx: HttpRequest) => Promise<void>;
  private server?: Server;
  private requests = 0;

  constructor(options: HttpAxonOptions) {
    this.opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & HttpAxonOptions;
    const nonces = new NonceGuard(this.opts.maxTimeoutMs / 1000);
    if (this.opts.replayLogPath !== undefined) {
      this.replayLog = ReplayLog.open(
        this.opts.replayLogPath,
        (entries) => nonces.restore(entries),
        () => nonces.live(),
      );
      nonces.journalTo(this.replayLog);
    }
    this.nonces = nonces;
    this.authFailures = new AuthFailureBudget({ burst: this.opts.authFailureBurst, perSecond: this.opts.authFailuresPerSecond, maxSources: 10_000 });
    this.log = options.logger ?? createLogger('http-axon');
    const policy: AxonPolicy = this.opts.policy ?? openPolicy;
    // the SDK's AxonMiddleware order: preprocess, blacklist, verify, priority, body integrity, forward
    this.pipeline = compose<HttpRequest>([
      // only attached names become labels: a caller must not be able to mint metric series
      observe(this.opts.observer, (ctx) => (this.routes.has(ctx.synapse) ? ctx.synapse : 'unknown')),
      refusals({ refuse: (ctx, e) => this.refuse(ctx, e), internal: (_ctx, message) => `Internal Server Error: ${message}` }),
      (ctx, next) => this.preprocess(ctx, next),
      blacklist(policy),
      verify((ctx) => this.verify(ctx)),
      deadline((ctx) => new ProtocolError('TIMEOUT', `Response timeout after ${ctx.timeoutS}s`)),
      release(),
      // admitted before the body is read: its declared length, or the most a chunked body may send
      admit(policy, (ctx) => (ctx.req.headers['content-length'] !== undefined ? Number(ctx.req.headers['content-length']) || 0 : this.opts.maxBodyBytes)),
      (ctx, next) => this.checkBody(ctx, next),
      respond((ctx, result) => this.write(ctx, result)),
      handle(),
    ]);
  }

  get hotkey(): string {
    return this.opts.keypair.address;
  }

  /** Serves `POST /<name>`; the handler gets the synapse's own fields and returns the ones it sets. */
  attach(name: string, handler: SynapseHandler, options: HttpSynapseOptions = {}): this {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ProtocolError('BAD_REQUEST', `synapse name "${name}" is not a Python class name`);
    this.routes.set(name, { handler, requiredHashFields: options.requiredHashFields ?? [] });
    return this;
  }

  async listen(): Promise<{ host: string; port: number }> {
    await hotkeyCryptoReady();
    this.server = await listenHttpAxon(this.opts, (req, res) => this.answer(req, res));
    return { host: this.opts.host, port: this.port };
  }

  /**
   * For a port shared with the WebSocket axon (the one announced on chain, where Python
   * validators look): takes the POST requests, a dendrite's, and leaves the rest (WebSocket
   * upgrades, /healthz, /metrics) to the caller. No `listen()` is needed.
   */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'POST') return false;
    this.answer(req, res);
    return true;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const ctx: HttpRequest = {
      ...axonRequest({ synapse: '', requestId: ++this.requests, timeoutMs: DEFAULT_SYNAPSE_TIMEOUT_S * 1000 }),
      req,
      res,
      source: AuthFailureBudget.sourceOf(req.socket.remoteAddress),
      timeoutS: DEFAULT_SYNAPSE_TIMEOUT_S,
      dendrite: {},
      addressed: {},
      requiredHashFields: [],
    };
    res.once('close', () => ctx.controller.abort(new ProtocolError('TIMEOUT', 'cancelled by the caller')));
    this.pipeline(ctx).catch((err: unknown) => {
      // only a failure to write the answer lands here; the server keeps serving
      this.log.error({ err: (err as Error)?.message }, 'http axon could not answer a request');
      res.destroy();
    });
  }

  get port(): number {
    const addr = this.server?.address() as AddressInfo | null | undefined;
    if (!addr) throw new ProtocolError('INTERNAL', 'HTTP axon is not listening');
    return addr.port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    }
    this.replayLog?.close();
  }

  /** Route, headers and caller: unknown route 404, uncastable header 400, no caller 401. */
  private async preprocess(ctx: HttpRequest, next: Next): Promise<void> {
    const req = ctx.req;
    const path = (req.url ?? '/').split('?')[0]!;
    try {
      // the route is the whole path: `/Embed/extra` is not `Embed`
      ctx.synapse = decodeURIComponent(path.slice(1));
    } catch {
      throw new ProtocolError('BAD_REQUEST', `Improperly formatted request: path ${JSON.stringify(path.slice(0, 100))} is not a synapse route`);
    }
    if (req.method !== 'POST' && req.method !== 'GET')
      throw new ProtocolError('BAD_REQUEST', `method ${req.method} not allowed; use POST /${ctx.synapse || '<SynapseName>'}`);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.opts.maxBodyBytes)
      throw new ProtocolError('PAYLOAD_TOO_LARGE', `request body of ${declared} bytes exceeds the limit of ${this.opts.maxBodyBytes}`);

    const route = this.routes.get(ctx.synapse);
    if (!route)
      throw new ProtocolError(
        'UNKNOWN_SYNAPSE',
        `Synapse name ${pyStrRepr(ctx.synapse)} not found. Available synapses [${[...this.routes.keys()].map(pyStrRepr).join(', ')}]`,
      );
    ctx.handler = route.handler;
    ctx.requiredHashFields = route.requiredHashFields;
    const parsed = this.parseHeaders(req);
    ctx.headers = parsed;
    ctx.timeoutS = Math.min(parsed.timeout !== undefined && parsed.timeout > 0 ? parsed.timeout : DEFAULT_SYNAPSE_TIMEOUT_S, this.opts.maxTimeoutMs / 1000);
    ctx.timeoutMs = ctx.timeoutS * 1000;
    ctx.dendrite = { ...parsed.dendrite, ip: req.socket.remoteAddress ?? null, port: req.socket.remotePort ?? null };
    ctx.addressed = parsed.axon;
    if (!parsed.dendrite.hotkey) throw new ProtocolError('UNAUTHORIZED', 'unsigned request: bt_header_dendrite_hotkey is missing');
    ctx.caller = parsed.dendrite.hotkey;
    await next();
  }

  /** Reads the body, then checks it against the signed `computed_body_hash` (400 on a mismatch). */
  private async checkBody(ctx: HttpRequest, next: Next): Promise<void> {
    const text = await this.readBody(ctx.req).catch((err: unknown) => {
      // the rest of a refused or stalled body is not worth reading: close after answering
      ctx.res.shouldKeepAlive = false;
      throw err;
    });
    let body: PyDict;
    try {
      const value = pythonJsonLoads(text);
      if (!(value instanceof Map)) throw new ProtocolError('BAD_REQUEST', 'request body is not a JSON object (a synapse)');
      body = value;
    } catch (err) {
      if (err instanceof PythonJsonError) throw new ProtocolError('BAD_REQUEST', `request body is not JSON: ${err.message}`);
      throw err;
    }
    const claimed = ctx.headers!.computedBodyHash;
    const recomputed = bodyHash(body, ctx.requiredHashFields);
    if (recomputed !== claimed) {
      throw new ProtocolError(
        'BAD_REQUEST',
        `Hash mismatch between header body hash ${claimed} and parsed body hash ${recomputed} (required_hash_fields: [${ctx.requiredHashFields.join(', ')}])`,
      );
    }
    ctx.synapseBody = body;
    ctx.body = fromPyValue(synapseFields(body));
    await next();
  }

  /** The whole synapse back (request fields plus what the handler set), or a stream of chunks. */
  private async write(ctx: HttpRequest, result: unknown): Promise<void> {
    if (isAsyncIterable(result)) return this.sendStream(ctx, result);
    const fields =
      result === undefined || result === null
        ? new Map()
        : typeof result === 'object' && !Array.isArray(result) && !ArrayBuffer.isView(result)
          ? toPyValue(result)
          : undefined;
    if (!(fields instanceof Map))
      throw new ProtocolError(
        'INTERNAL',
        `handler for ${ctx.synapse} returned ${Array.isArray(result) ? 'an array' : typeof result}; return an object of synapse fields`,
      );
    const response = new Map(ctx.synapseBody);
    response.set('name', ctx.synapse);
    for (const [k, v] of fields) response.set(k, v);
    this.send(ctx, 200, 'Success', response, bodyHash(response, ctx.requiredHashFields));
  }

  /** A refusal answers `{"message": ...}` with its status and the SDK's status message. */
  private refuse(ctx: HttpRequest, e: ProtocolError): void {
    if (e.code === 'INTERNAL') this.log.warn({ synapse: ctx.synapse, err: e.message }, 'http axon handler failed');
    else this.log.debug({ synapse: ctx.synapse, code: e.code, message: e.message }, 'http axon refused a request');
    if (e.code === 'PAYLOAD_TOO_LARGE') ctx.res.shouldKeepAlive = false;
    this.send(ctx, e.status, sdkStatusMessage(e));
  }

  private parseHeaders(req: IncomingMessage): ParsedSynapseHeaders {
    try {
      return fromHeaders(req.headers);
    } catch (err) {
      if (err instanceof TerminalInfoCastError) throw new ProtocolError('BAD_REQUEST', `Improperly formatted request: header ${err.message}`);
      throw err;
    }
  }

  /** default_verify, made strict: a signature is required, and addressed to us. Returns the caller. */
  private verify(ctx: HttpRequest): string {
    const p = ctx.headers!;
    const caller = ctx.caller!;
    const source = ctx.source;
    const d = p.dendrite;
    if (d.signature === undefined || d.signature === null) throw new ProtocolError('UNAUTHORIZED', 'unsigned request: bt_header_dendrite_signature is missing');
    if (d.nonce === undefined || d.nonce === null) throw new ProtocolError('UNAUTHORIZED', 'Missing Nonce');
    if (!d.uuid) throw new ProtocolError('UNAUTHORIZED', 'bt_header_dendrite_uuid is missing');
    if (p.computedBodyHash === undefined) throw new ProtocolError('UNAUTHORIZED', 'computed_body_hash header is missing');
    if (p.axon.hotkey !== this.hotkey)
      throw new ProtocolError('UNAUTHORIZED', `wrong receiver: the request is addressed to ${p.axon.hotkey ?? 'nobody'}, this axon is ${this.hotkey}`);
    const endpointKey = `${caller}:${d.uuid}`;
    this.nonces.check({ endpointKey, nonce: d.nonce, timeoutSeconds: p.timeout ?? DEFAULT_SYNAPSE_TIMEOUT_S });
    if (!this.authFailures.allows(source)) {
      throw new ProtocolError(
        'RATE_LIMITED',
        `too many failed authentications from ${source}; retry in ${Math.max(1, this.authFailures.retryAfterS(source))} s`,
      );
    }
    const sig = parseSignatureHex(d.signature);
    const message = dendriteSignedMessage({ nonce: d.nonce, dendriteHotkey: caller, axonHotkey: this.hotkey, uuid: d.uuid, bodyHash: p.computedBodyHash });
    if (sig === null || !verifyHotkeySignature(caller, message, sig)) {
      this.authFailures.charge(source);
      throw new ProtocolError('UNAUTHORIZED', `Signature mismatch with ${message}`);
    }
    this.nonces.record(endpointKey, d.nonce);
    return caller;
  }

  private readBody(req: IncomingMessage): Promise<string> {
    const max = this.opts.maxBodyBytes;
    return new Promise((resolve, reject) => {
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
        reject(err);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.byteLength;
        if (size > max) return fail(new ProtocolError('PAYLOAD_TOO_LARGE', `request body exceeds the limit of ${max} bytes`));
        chunks.push(chunk);
      };
      const onEnd = () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('utf8'));
      };
      req.on('data', onData);
      req.once('end', onEnd);
      req.once('error', (err) => fail(new ProtocolError('BAD_REQUEST', `request body failed: ${err.message}`)));
    });
  }

  /**
   * StreamingSynapse's BTStreamingResponse: 200 `text/event-stream` with the synapse headers, then
   * the chunks as raw bytes (the subnet's own format: strings as UTF-8, bytes as they are, other
   * values as one JSON line each). Past the deadline the stream is cut and the handler aborted.
   */
  private async sendStream(ctx: HttpRequest, chunks: AsyncIterable<unknown>): Promise<void> {
    const res = ctx.res;
    const abort = ctx.controller;
    const axon = this.axonInfo(ctx, 200, 'Success');
    for (const [k, v] of Object.entries(toHeaders({ name: ctx.synapse, timeout: ctx.timeoutS, axon, dendrite: ctx.dendrite, computedBodyHash: '' })))
      res.setHeader(k, headerSafe(v));
    res.setHeader('content-type', 'text/event-stream');
    res.statusCode = 200;
    res.flushHeaders();
    const iterator = chunks[Symbol.asyncIterator]();
    // one promise for the whole stream: settles when the deadline passes or the caller goes away
    const aborted = new Promise<null>((resolve) => {
      if (abort.signal.aborted) resolve(null);
      else abort.signal.addEventListener('abort', () => resolve(null), { once: true });
    });
    try {
      while (!abort.signal.aborted) {
        const next = await Promise.race([iterator.next(), aborted]);
        if (next === null || next.done) break;
        const v = next.value;
        const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v instanceof Uint8Array ? v : Buffer.from(`${pythonJsonDumps(toPyValue(v))}\n`, 'utf8');
        if (!res.write(bytes)) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), aborted]);
      }
    } catch (err) {
      this.log.warn({ synapse: ctx.synapse, err: (err as Error)?.message }, 'http axon stream failed');
    } finally {
      if (abort.signal.aborted) void iterator.return?.();
      res.end();
    }
  }

  private axonInfo(ex: HttpRequest, status: number, message: string): TerminalInfo {
    const info: TerminalInfo = {
      status_code: status,
      status_message: message,
      process_time: (performance.now() - ex.startedAt) / 1000,
      ip: ex.addressed.ip ?? null,
      port: ex.addressed.port ?? null,
      version: SDK_COMPAT_VERSION_INT,
      nonce: nowNanos(),
      uuid: this.uuid,
      hotkey: this.hotkey,
    };
    // only answers to verified callers are signed: an unauthenticated flood must not buy sr25519 work
    if (ex.verified && ex.dendrite.hotkey) {
      info.signature = signHex(
        this.opts.keypair,
        axonSignedMessage({ nonce: info.nonce!, dendriteHotkey: ex.dendrite.hotkey, axonHotkey: this.hotkey, uuid: this.uuid }),
      );
    }
    return info;
  }

  private send(ex: HttpRequest, status: number, message: string, synapse?: PyDict, responseHash = ''): void {
    const res = ex.res;
    if (res.headersSent || res.destroyed) return;
    const axon = this.axonInfo(ex, status, message);
    const headers = toHeaders({ name: ex.synapse, timeout: ex.timeoutS, axon, dendrite: ex.dendrite, computedBodyHash: responseHash });
    let text: string;
    if (synapse) {
      synapse.set('axon', terminalInfoToPy(axon));
      text = pythonJsonDumps(synapse);
    } else {
      text = pythonJsonDumps(new Map([['message', message]]));
    }
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, headerSafe(v));
    res.setHeader('content-type', 'application/json');
    res.setHeader('content-length', Buffer.byteLength(text));
    res.statusCode = status;
    res.end(text);
  }
}
