import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createLogger } from '../../core/logger.ts';
import { AuthFailureBudget } from '../auth-failure-budget.ts';
import { openPolicy, type Admission, type AxonObserver, type AxonPolicy } from '../axon-policy.ts';
import { ProtocolError } from '../errors.ts';
import { hotkeyCryptoReady, type HotkeySigner } from '../hotkey-signature.ts';
import { isAsyncIterable, type SynapseHandler } from '../synapse-handler.ts';
import { bodyHash } from './body-hash.ts';
import { NonceGuard, nowNanos } from './nonce-guard.ts';
import { PythonJsonError, pythonJsonDumps, pythonJsonLoads } from './python-json.ts';
import { pyStrRepr } from './python-repr.ts';
import { fromPyValue, toPyValue, type PyDict } from './python-value.ts';
import { axonSignedMessage, dendriteSignedMessage, parseSignatureHex, signHex, verifyHotkeySignature } from './signed-messages.ts';
import { synapseFields, terminalInfoToPy } from './synapse-body.ts';
import { fromHeaders, toHeaders, type ParsedSynapseHeaders } from './synapse-headers.ts';
import { TerminalInfoCastError, type TerminalInfo } from './terminal-info.ts';
import { SDK_COMPAT_VERSION_INT } from './version.ts';

export interface HttpAxonOptions {
  keypair: HotkeySigner;
  host?: string;
  /** 0 picks a free port */
  port?: number;
  /** blacklist (403) and admission: rate, concurrency, priority (429/503) */
  policy?: AxonPolicy;
  /** request and rejection counts for metrics (the miner's Prometheus counters) */
  observer?: AxonObserver;
  logger?: Logger;
  /** largest request body; larger ones are refused (413) from Content-Length, unread, or as soon as the count passes it */
  maxBodyBytes?: number;
  /** time to receive a body once the request is admitted (408) */
  uploadTimeoutMs?: number;
  /** cap on the caller's synapse timeout (which bounds the handler and widens the nonce window) */
  maxTimeoutMs?: number;
  maxConnections?: number;
  /** failed signatures a remote source may make in a burst, and earns back per second (protocol/auth-failure-budget.ts) */
  authFailureBurst?: number;
  authFailuresPerSecond?: number;
}

export interface HttpSynapseOptions {
  /** the Python class's `required_hash_fields`, in its order */
  requiredHashFields?: readonly string[];
}

interface Route {
  handler: SynapseHandler;
  requiredHashFields: readonly string[];
}

const DEFAULTS = {
  host: '127.0.0.1',
  port: 8091,
  maxBodyBytes: 1024 * 1024,
  uploadTimeoutMs: 10_000,
  maxTimeoutMs: 60_000,
  maxConnections: 256,
  authFailureBurst: 16,
  authFailuresPerSecond: 0.5,
};

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
      return `Forbidden. Key is blacklisted: ${err.message}.`;
    default:
      return err.message;
  }
}

/** State of one request as it moves through the middleware; what the error response reports. */
interface Exchange {
  name: string;
  timeoutS: number;
  dendrite: TerminalInfo;
  /** the axon's TerminalInfo as the caller addressed it (ip, port, hotkey) */
  addressed: TerminalInfo;
  verified: boolean;
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
  private readonly authFailures: AuthFailureBudget;
  private readonly log: Logger;
  private server?: Server;
  private requests = 0;

  constructor(options: HttpAxonOptions) {
    this.opts = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & HttpAxonOptions;
    this.nonces = new NonceGuard(this.opts.maxTimeoutMs / 1000);
    this.authFailures = new AuthFailureBudget({ burst: this.opts.authFailureBurst, perSecond: this.opts.authFailuresPerSecond, maxSources: 10_000 });
    this.log = options.logger ?? createLogger('http-axon');
  }

  get hotkey(): string {
    return this.opts.keypair.address;
  }

  private get policy(): AxonPolicy {
    return this.opts.policy ?? openPolicy;
  }

  /** Serves `POST /<name>`; the handler gets the synapse's own fields and returns the ones it sets. */
  attach(name: string, handler: SynapseHandler, options: HttpSynapseOptions = {}): this {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ProtocolError('BAD_REQUEST', `synapse name "${name}" is not a Python class name`);
    this.routes.set(name, { handler, requiredHashFields: options.requiredHashFields ?? [] });
    return this;
  }

  async listen(): Promise<{ host: string; port: number }> {
    await hotkeyCryptoReady();
    const server = createServer((req, res) => this.answer(req, res));
    server.maxConnections = this.opts.maxConnections;
    server.headersTimeout = 10_000;
    // a backstop behind our own upload timer: node answers 408 and closes
    server.requestTimeout = this.opts.uploadTimeoutMs + 5_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
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
    this.handle(req, res).catch((err: unknown) => {
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
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const source = AuthFailureBudget.sourceOf(req.socket.remoteAddress);
    const ex: Exchange = { name: '', timeoutS: DEFAULT_SYNAPSE_TIMEOUT_S, dendrite: {}, addressed: {}, verified: false };
    let admission: Admission | undefined;
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    try {
      const path = (req.url ?? '/').split('?')[0]!;
      try {
        ex.name = decodeURIComponent(path.split('/')[1] ?? '');
      } catch {
        throw new ProtocolError('BAD_REQUEST', `Improperly formatted request: path ${JSON.stringify(path.slice(0, 100))} is not a synapse route`);
      }
      if (req.method !== 'POST' && req.method !== 'GET') throw new ProtocolError('BAD_REQUEST', `method ${req.method} not allowed; use POST /${ex.name || '<SynapseName>'}`);
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > this.opts.maxBodyBytes) throw new ProtocolError('PAYLOAD_TOO_LARGE', `request body of ${declared} bytes exceeds the limit of ${this.opts.maxBodyBytes}`);

      // preprocess
      const route = this.routes.get(ex.name);
      if (!route) throw new ProtocolError('UNKNOWN_SYNAPSE', `Synapse name ${pyStrRepr(ex.name)} not found. Available synapses [${[...this.routes.keys()].map(pyStrRepr).join(', ')}]`);
      const parsed = this.parseHeaders(req);
      ex.timeoutS = Math.min(parsed.timeout !== undefined && parsed.timeout > 0 ? parsed.timeout : DEFAULT_SYNAPSE_TIMEOUT_S, this.opts.maxTimeoutMs / 1000);
      ex.dendrite = { ...parsed.dendrite, ip: req.socket.remoteAddress ?? null, port: req.socket.remotePort ?? null };
      ex.addressed = parsed.axon;
      const caller = parsed.dendrite.hotkey;
      if (!caller) throw new ProtocolError('UNAUTHORIZED', 'unsigned request: bt_header_dendrite_hotkey is missing');

      // blacklist
      const reason = this.policy.blacklist(caller);
      if (reason !== undefined) throw new ProtocolError('BLACKLISTED', reason);

      // verify
      this.verify(parsed, caller, source);
      ex.verified = true;

      // priority
      const deadline = Date.now() + ex.timeoutS * 1000;
      admission = await this.policy.admit({ caller, synapse: ex.name, deadline, signal: abort.signal });

      // body integrity
      const text = await this.readBody(req).catch((err: unknown) => {
        // the rest of a refused or stalled body is not worth reading: close after answering
        res.shouldKeepAlive = false;
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
      const recomputed = bodyHash(body, route.requiredHashFields);
      if (recomputed !== parsed.computedBodyHash) {
        throw new ProtocolError('BAD_REQUEST', `Hash mismatch between header body hash ${parsed.computedBodyHash} and parsed body hash ${recomputed} (required_hash_fields: [${route.requiredHashFields.join(', ')}])`);
      }

      // forward
      const fields = await this.forward(route, ex, body, caller, deadline, abort);
      if (!(fields instanceof Map)) {
        await this.sendStream(res, ex, started, fields, deadline, abort);
        this.report(ex, 200, started);
        return;
      }
      const response = new Map(body);
      response.set('name', ex.name);
      for (const [k, v] of fields) response.set(k, v);
      this.send(res, 200, 'Success', ex, started, response, bodyHash(response, route.requiredHashFields));
      this.report(ex, 200, started);
    } catch (err) {
      const e = err instanceof ProtocolError ? err : new ProtocolError('INTERNAL', `Internal Server Error: ${(err as Error)?.message ?? String(err)}`.slice(0, 300));
      if (e.code === 'INTERNAL') this.log.warn({ synapse: ex.name, err: (err as Error)?.message }, 'http axon handler failed');
      else this.log.debug({ synapse: ex.name, code: e.code, message: e.message }, 'http axon refused a request');
      if (e.code === 'PAYLOAD_TOO_LARGE') res.shouldKeepAlive = false;
      this.send(res, e.status, sdkStatusMessage(e), ex, started);
      this.report(ex, e.status, started, e.code);
    } finally {
      admission?.release();
    }
  }

  private report(ex: Exchange, status: number, started: number, code?: string): void {
    const observer = this.opts.observer;
    if (!observer) return;
    // only attached names become labels: a caller must not be able to mint metric series
    const synapse = this.routes.has(ex.name) ? ex.name : 'unknown';
    observer.request?.({ synapse, status, code, seconds: (performance.now() - started) / 1000 });
    if (code !== undefined) observer.rejection?.(code.toLowerCase());
  }

  private parseHeaders(req: IncomingMessage): ParsedSynapseHeaders {
    try {
      return fromHeaders(req.headers);
    } catch (err) {
      if (err instanceof TerminalInfoCastError) throw new ProtocolError('BAD_REQUEST', `Improperly formatted request: header ${err.message}`);
      throw err;
    }
  }

  /** default_verify, made strict: a signature is required, and addressed to us. */
  private verify(p: ParsedSynapseHeaders, caller: string, source: string): void {
    const d = p.dendrite;
    if (d.signature === undefined || d.signature === null) throw new ProtocolError('UNAUTHORIZED', 'unsigned request: bt_header_dendrite_signature is missing');
    if (d.nonce === undefined || d.nonce === null) throw new ProtocolError('UNAUTHORIZED', 'Missing Nonce');
    if (!d.uuid) throw new ProtocolError('UNAUTHORIZED', 'bt_header_dendrite_uuid is missing');
    if (p.computedBodyHash === undefined) throw new ProtocolError('UNAUTHORIZED', 'computed_body_hash header is missing');
    if (p.axon.hotkey !== this.hotkey) throw new ProtocolError('UNAUTHORIZED', `wrong receiver: the request is addressed to ${p.axon.hotkey ?? 'nobody'}, this axon is ${this.hotkey}`);
    const endpointKey = `${caller}:${d.uuid}`;
    this.nonces.check({ endpointKey, nonce: d.nonce, timeoutSeconds: p.timeout ?? DEFAULT_SYNAPSE_TIMEOUT_S });
    if (!this.authFailures.allows(source)) {
      throw new ProtocolError('RATE_LIMITED', `too many failed authentications from ${source}; retry in ${Math.max(1, this.authFailures.retryAfterS(source))} s`);
    }
    const sig = parseSignatureHex(d.signature);
    const message = dendriteSignedMessage({ nonce: d.nonce, dendriteHotkey: caller, axonHotkey: this.hotkey, uuid: d.uuid, bodyHash: p.computedBodyHash });
    if (sig === null || !verifyHotkeySignature(caller, message, sig)) {
      this.authFailures.charge(source);
      throw new ProtocolError('UNAUTHORIZED', `Signature mismatch with ${message}`);
    }
    this.nonces.record(endpointKey, d.nonce);
  }

  private readBody(req: IncomingMessage): Promise<string> {
    const max = this.opts.maxBodyBytes;
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const timer = setTimeout(() => fail(new ProtocolError('TIMEOUT', `request body not received within ${this.opts.uploadTimeoutMs} ms`)), this.opts.uploadTimeoutMs);
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

  private async forward(route: Route, ex: Exchange, body: PyDict, caller: string, deadline: number, abort: AbortController): Promise<PyDict | AsyncIterable<unknown>> {
    const requestId = ++this.requests;
    const timeoutMs = Math.max(0, deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new ProtocolError('TIMEOUT', `Response timeout after ${ex.timeoutS}s`));
      }, timeoutMs);
    });
    try {
      const call = Promise.resolve().then(() =>
        route.handler({ name: ex.name, body: fromPyValue(synapseFields(body)), timeoutMs }, { caller, requestId, signal: abort.signal, deadline }),
      );
      const result = await Promise.race([call, expired]);
      if (isAsyncIterable(result)) return result;
      if (result === undefined || result === null) return new Map();
      const fields = typeof result === 'object' && !Array.isArray(result) && !ArrayBuffer.isView(result) ? toPyValue(result) : undefined;
      if (!(fields instanceof Map)) throw new ProtocolError('INTERNAL', `handler for ${ex.name} returned ${Array.isArray(result) ? 'an array' : typeof result}; return an object of synapse fields`);
      return fields;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * StreamingSynapse's BTStreamingResponse: 200 `text/event-stream` with the synapse headers, then
   * the chunks as raw bytes (the subnet's own format: strings as UTF-8, bytes as they are, other
   * values as one JSON line each). Past the deadline the stream is cut and the handler aborted.
   */
  private async sendStream(res: ServerResponse, ex: Exchange, started: number, chunks: AsyncIterable<unknown>, deadline: number, abort: AbortController): Promise<void> {
    const axon = this.axonInfo(ex, 200, 'Success', started);
    for (const [k, v] of Object.entries(toHeaders({ name: ex.name, timeout: ex.timeoutS, axon, dendrite: ex.dendrite, computedBodyHash: '' }))) res.setHeader(k, headerSafe(v));
    res.setHeader('content-type', 'text/event-stream');
    res.statusCode = 200;
    res.flushHeaders();
    const timer = setTimeout(() => abort.abort(), Math.max(0, deadline - Date.now()));
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
      this.log.warn({ synapse: ex.name, err: (err as Error)?.message }, 'http axon stream failed');
    } finally {
      clearTimeout(timer);
      if (abort.signal.aborted) void iterator.return?.();
      res.end();
    }
  }

  private axonInfo(ex: Exchange, status: number, message: string, started: number): TerminalInfo {
    const info: TerminalInfo = {
      status_code: status,
      status_message: message,
      process_time: (performance.now() - started) / 1000,
      ip: ex.addressed.ip ?? null,
      port: ex.addressed.port ?? null,
      version: SDK_COMPAT_VERSION_INT,
      nonce: nowNanos(),
      uuid: this.uuid,
      hotkey: this.hotkey,
    };
    // only answers to verified callers are signed: an unauthenticated flood must not buy sr25519 work
    if (ex.verified && ex.dendrite.hotkey) {
      info.signature = signHex(this.opts.keypair, axonSignedMessage({ nonce: info.nonce!, dendriteHotkey: ex.dendrite.hotkey, axonHotkey: this.hotkey, uuid: this.uuid }));
    }
    return info;
  }

  private send(res: ServerResponse, status: number, message: string, ex: Exchange, started: number, synapse?: PyDict, responseHash = ''): void {
    if (res.headersSent || res.destroyed) return;
    const axon = this.axonInfo(ex, status, message, started);
    const headers = toHeaders({ name: ex.name, timeout: ex.timeoutS, axon, dendrite: ex.dendrite, computedBodyHash: responseHash });
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
