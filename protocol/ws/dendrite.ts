import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { certToJson, issueCertificate, verifyCertificate, type CertJson, type IssuedCertificate } from './certificate.ts';
import { BodyCodec } from './codec.ts';
import { FrameCodec } from './envelope.ts';
import type { EndFrame, Frame, HelloFrame, ResponseFrame } from './frames.ts';
import { CLAIMED_HOTKEY_HEADER } from './connection-admission.ts';
import { CLOSE_CODES } from './close-codes.ts';
import { isWireErrorCode, ProtocolError } from '../errors.ts';
import { hotkeyCryptoReady, hotkeyVerify, type HotkeySigner } from '../hotkey-signature.ts';
import type { Provenance } from './provenance.ts';
import { signSessionRequest, signSr25519Request } from './request-signing.ts';
import { sessionVerify, type SessionPublicKey } from './session-key.ts';
import { PROTOCOL_VERSION, responseMessage, sha256Hex, streamEndMessage, StreamHasher, toHex } from './signed-message.ts';

/** Where a miner listens and who it must be. */
export interface AxonTarget {
  /** ws://ip:port */
  url: string;
  /** the miner's hotkey (ss58), from the metagraph */
  hotkey: string;
}

export interface DendriteOptions {
  keypair: HotkeySigner;
  /** 'session' (default): ed25519 session keys certified by the hotkey; 'sr25519': every request signed by the hotkey */
  scheme?: 'session' | 'sr25519';
  connectTimeoutMs?: number;
  sessionTtlMs?: number;
  /** largest message accepted from a miner */
  maxFrameBytes?: number;
  /** extra wait after a request's timeout for the miner's own TIMEOUT frame */
  timeoutGraceMs?: number;
}

export interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface CallResult<T = unknown> {
  body: T;
  /** the exact body bytes the miner signed (`provenance.bodyHash` is their sha256) */
  bodyBytes: Uint8Array;
  status: number;
  /** wall time of the call as seen by the dendrite, ms */
  latencyMs: number;
  /** miner-side processing time (sent − received), ms */
  processMs: number;
  /** verified; store it to prove later which miner answered what */
  provenance: Provenance;
}

export interface StreamResult {
  count: number;
  latencyMs: number;
  provenance: Provenance;
}

/** A streaming call: iterate the chunks; `result` settles once the signed end frame is verified. */
export interface StreamCall<T = unknown> extends AsyncIterable<T> {
  result: Promise<StreamResult>;
}

const DEFAULT_TIMEOUT_MS = 12_000;

/**
 * The client side: one persistent WebSocket per miner, requests multiplexed by
 * id, each with its own timeout; responses verified before they are returned.
 */
export class Dendrite {
  private readonly connections = new Map<string, DendriteConnection>();
  readonly scheme: 'session' | 'sr25519';
  private readonly o: Required<DendriteOptions>;

  constructor(options: DendriteOptions) {
    this.o = { scheme: 'session', connectTimeoutMs: 10_000, sessionTtlMs: 60 * 60_000, maxFrameBytes: 64 * 1024 * 1024, timeoutGraceMs: 250, ...options };
    this.scheme = this.o.scheme;
  }

  get hotkey(): string {
    return this.o.keypair.address;
  }

  /** Sends one signed request and returns the verified answer; throws ProtocolError with the miner's code otherwise. */
  async call<T = unknown>(target: AxonTarget, synapse: string, body: unknown, options: CallOptions = {}): Promise<CallResult<T>> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // an open session needs no connect deadline: the request gets its whole timeout, without a timer and a race per call
    const open = this.connections.get(connectionKey(target));
    if (open?.usable()) return open.call<T>(synapse, body, { signal: options.signal, timeoutMs });
    const { conn, remaining } = await this.connectWithin(target, timeoutMs);
    return conn.call<T>(synapse, body, { signal: options.signal, timeoutMs: remaining });
  }

  /** The connection to `target`, opened within the request's own timeout; the time left goes to the request. */
  private async connectWithin(target: AxonTarget, timeoutMs: number): Promise<{ conn: DendriteConnection; remaining: number }> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ProtocolError('TIMEOUT', `no session with ${target.url} within the request timeout of ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const conn = await Promise.race([this.connection(target), expired]);
      return { conn, remaining: Math.max(1, Math.round(timeoutMs - (performance.now() - started))) };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Opens (or reuses) the authenticated session with a miner without sending a
   * request, so that callers can keep the one-off handshake out of a request's
   * timeout (the validator times miners' answers, not its own session set-up).
   */
  async connect(target: AxonTarget): Promise<void> {
    await this.connection(target);
  }

  /** Sends one signed request to a streaming synapse. */
  stream<T = unknown>(target: AxonTarget, synapse: string, body: unknown, options: CallOptions = {}): StreamCall<T> {
    const queue = new ChunkQueue<T>();
    const result = this.connectWithin(target, options.timeoutMs ?? DEFAULT_TIMEOUT_MS).then(({ conn, remaining }) =>
      conn.stream(synapse, body, { ...options, timeoutMs: remaining }, queue as ChunkQueue<unknown>),
    );
    result.catch((err) => queue.fail(err));
    return { result, [Symbol.asyncIterator]: () => queue.iterator() };
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await Promise.all([...this.connections.values()].map((c) => c.close()));
    this.connections.clear();
  }

  private async connection(target: AxonTarget): Promise<DendriteConnection> {
    const key = connectionKey(target);
    let conn = this.connections.get(key);
    if (conn && (conn.closed || conn.expiresSoon())) {
      const old = conn;
      this.connections.delete(key);
      void old.retire();
      conn = undefined;
    }
    if (!conn) {
      conn = new DendriteConnection(target, this.o);
      this.connections.set(key, conn);
      conn.opened.catch(() => {
        if (this.connections.get(key) === conn) this.connections.delete(key);
      });
    }
    await conn.opened;
    return conn;
  }
}

function connectionKey(target: AxonTarget): string {
  return `${target.url}|${target.hotkey}`;
}

interface Pending {
  synapse: string;
  requestHash: string;
  sentAt: number;
  timer: NodeJS.Timeout;
  resolve: (f: ResponseFrame | EndFrame) => void;
  reject: (e: Error) => void;
  stream?: { queue: ChunkQueue<unknown>; hasher: StreamHasher };
  /** detaches the caller's abort listener (a signal may be shared by many calls) */
  detach?: () => void;
}

class DendriteConnection {
  readonly opened: Promise<void>;
  /** `opened` has resolved */
  private ready = false;
  closed = false;
  private ws!: WebSocket;
  private hello?: HelloFrame;
  private own?: IssuedCertificate;
  private connHex = '';
  /** the axon's certificate as provenance records carry it, converted once */
  private axonCertJson?: CertJson;
  private axonKey?: SessionPublicKey;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly frames: FrameCodec;
  private readonly bodies: BodyCodec;
  private lastError?: ProtocolError;
  /** keypair.address, cached: KeyringPair re-encodes ss58 on every read */
  private readonly address: string;

  constructor(
    private readonly target: AxonTarget,
    private readonly o: Required<DendriteOptions>,
  ) {
    this.address = o.keypair.address;
    this.frames = new FrameCodec(o.maxFrameBytes);
    this.bodies = new BodyCodec({ maxBytes: o.maxFrameBytes });
    this.opened = this.open();
    this.opened.then(
      () => (this.ready = true),
      () => {},
    );
  }

  expiresSoon(): boolean {
    return this.own !== undefined && this.own.wire.expires - Date.now() < 60_000;
  }

  /** Authenticated, open and not near its certificate's expiry: a call can go out at once. */
  usable(): boolean {
    return this.ready && !this.closed && !this.expiresSoon();
  }

  private async open(): Promise<void> {
    await hotkeyCryptoReady();
    // the claimed hotkey lets a permitted validator into the axon's reserved pending pool
    const ws = new WebSocket(this.target.url, {
      maxPayload: this.o.maxFrameBytes,
      perMessageDeflate: false,
      handshakeTimeout: this.o.connectTimeoutMs,
      headers: { [CLAIMED_HOTKEY_HEADER]: this.address },
    });
    this.ws = ws;
    ws.binaryType = 'nodebuffer';
    let settle!: { resolve: () => void; reject: (e: Error) => void };
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const timer = setTimeout(() => {
      settle.reject(new ProtocolError('CONNECTION_FAILED', `no session with ${this.target.url} within ${this.o.connectTimeoutMs} ms`));
      ws.terminate();
    }, this.o.connectTimeoutMs);
    ws.on('unexpected-response', (_req, res) => {
      settle.reject(
        new ProtocolError(
          res.statusCode === 503 ? 'OVERLOADED' : 'CONNECTION_FAILED',
          `${this.target.url} refused the connection: HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim(),
        ),
      );
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => settle.reject(new ProtocolError('CONNECTION_FAILED', `cannot connect to ${this.target.url}: ${err.message}`, { cause: err })));
    ws.on('close', (code, reason) => {
      this.closed = true;
      const why =
        this.lastError ??
        new ProtocolError('CONNECTION_CLOSED', `connection to ${this.target.url} closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`);
      settle.reject(why);
      const err =
        code === CLOSE_CODES.MESSAGE_TOO_BIG && !this.lastError
          ? new ProtocolError('PAYLOAD_TOO_LARGE', `${this.target.url} closed the connection: message too big (1009)`)
          : why;
      for (const [id, p] of this.pending) this.fail(id, p, err);
    });
    ws.on('message', (data: Buffer) => {
      let frame: Frame;
      try {
        frame = this.frames.decode(data);
      } catch (err) {
        this.lastError = new ProtocolError('BAD_REQUEST', `miner ${this.target.hotkey} sent an invalid frame: ${(err as Error).message}`);
        ws.close(CLOSE_CODES.BAD_REQUEST, 'invalid frame');
        return;
      }
      this.onFrame(frame, settle);
    });
    try {
      await done;
    } finally {
      clearTimeout(timer);
    }
  }

  private onFrame(frame: Frame, settle: { resolve: () => void; reject: (e: Error) => void }): void {
    switch (frame.type) {
      case 'hello': {
        if (this.hello) return;
        if (frame.axon !== this.target.hotkey) {
          settle.reject(new ProtocolError('WRONG_AXON', `${this.target.url} is served by ${frame.axon}, not the expected hotkey ${this.target.hotkey}`));
          this.ws.close(CLOSE_CODES.NORMAL, 'wrong axon');
          return;
        }
        this.hello = frame;
        this.connHex = toHex(frame.conn);
        if (this.o.scheme === 'sr25519') return settle.resolve();
        this.own = issueCertificate(this.o.keypair, 'dendrite', this.target.hotkey, frame.conn, this.o.sessionTtlMs);
        this.send({ v: PROTOCOL_VERSION, type: 'auth', cert: this.own.wire });
        return;
      }
      case 'welcome': {
        if (!this.hello || this.axonKey) return;
        try {
          this.axonKey = verifyCertificate(frame.cert, {
            role: 'axon',
            peer: this.address,
            conn: this.hello.conn,
            skewMs: 60_000,
            maxTtlMs: 7 * 24 * 3600_000,
          });
        } catch (err) {
          settle.reject(new ProtocolError('BAD_SIGNATURE', `miner ${this.target.hotkey}: ${(err as Error).message}`));
          this.ws.close(CLOSE_CODES.UNAUTHORIZED, 'bad axon certificate');
          return;
        }
        if (frame.cert.hotkey !== this.target.hotkey) {
          settle.reject(new ProtocolError('WRONG_AXON', `certificate signed by ${frame.cert.hotkey}, expected ${this.target.hotkey}`));
          this.ws.close(CLOSE_CODES.UNAUTHORIZED, 'wrong axon');
          return;
        }
        this.axonCertJson = certToJson(frame.cert);
        return settle.resolve();
      }
      case 'err': {
        const code = isWireErrorCode(frame.code) ? frame.code : 'INTERNAL';
        const err = new ProtocolError(
          code,
          `miner ${this.target.hotkey}: ${frame.message} [${frame.code} ${frame.status}]`,
          frame.id === null ? undefined : { requestId: frame.id },
        );
        if (frame.id === null) {
          // connection-level: the axon closes next; remember why
          this.lastError = err;
          settle.reject(err);
          return;
        }
        const p = this.pending.get(frame.id);
        // an answer to a request we already gave up on is dropped
        if (p) this.fail(frame.id, p, err);
        return;
      }
      case 'res':
      case 'end': {
        const p = this.pending.get(frame.id);
        if (p) p.resolve(frame);
        return;
      }
      case 'chunk': {
        const p = this.pending.get(frame.id);
        if (!p?.stream) return;
        if (frame.seq !== p.stream.hasher.count) {
          this.fail(frame.id, p, new ProtocolError('BAD_SIGNATURE', `chunk ${frame.seq} out of order (expected ${p.stream.hasher.count})`));
          return;
        }
        p.stream.hasher.add(frame.seq, frame.ts, frame.body);
        try {
          p.stream.queue.push(this.bodies.decode(frame.body, `chunk ${frame.seq}`));
        } catch (err) {
          this.fail(frame.id, p, err as Error);
        }
        return;
      }
      default:
        return;
    }
  }

  private fail(id: number, p: Pending, err: Error): void {
    clearTimeout(p.timer);
    p.detach?.();
    this.pending.delete(id);
    p.stream?.queue.fail(err);
    p.reject(err);
  }

  private send(frame: Frame): void {
    this.ws.send(this.frames.encode(frame));
  }

  private dispatch(
    synapse: string,
    body: unknown,
    options: CallOptions,
    stream?: ChunkQueue<unknown>,
  ): Promise<{ frame: ResponseFrame | EndFrame; p: Pending }> {
    if (this.closed || !this.hello) return Promise.reject(new ProtocolError('CONNECTION_CLOSED', `connection to ${this.target.url} is closed`));
    if (options.signal?.aborted) return Promise.reject(new ProtocolError('TIMEOUT', 'aborted by the caller before sending'));
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // hashed, signed and copied into the frame below, before anything else encodes
    const bytes = this.bodies.encodeTransient(body);
    const id = this.nextId++;
    const signed =
      this.o.scheme === 'session'
        ? signSessionRequest({
            sessionKey: this.own!.sessionKey.privateKey,
            sender: this.address,
            receiver: this.target.hotkey,
            conn: this.hello.conn,
            nonce: id,
            id,
            synapse,
            timeoutMs,
            body: bytes,
          })
        : signSr25519Request({ pair: this.o.keypair, receiver: this.target.hotkey, uuid: randomUUID(), id, synapse, timeoutMs, body: bytes });
    const encoded = this.frames.encode(signed.frame);
    if (encoded.byteLength > this.hello.max_frame) {
      return Promise.reject(
        new ProtocolError('PAYLOAD_TOO_LARGE', `request of ${encoded.byteLength} bytes exceeds the miner's limit of ${this.hello.max_frame} bytes`),
      );
    }
    return new Promise((resolve, reject) => {
      const p: Pending = {
        synapse,
        requestHash: signed.requestHash,
        sentAt: performance.now(),
        timer: setTimeout(() => {
          if (this.ws.readyState === WebSocket.OPEN) this.send({ v: PROTOCOL_VERSION, type: 'cancel', id });
          this.fail(id, p, new ProtocolError('TIMEOUT', `miner ${this.target.hotkey} did not answer ${synapse} within ${timeoutMs} ms`, { requestId: id }));
        }, timeoutMs + this.o.timeoutGraceMs),
        resolve: (frame) => {
          clearTimeout(p.timer);
          p.detach?.();
          this.pending.delete(id);
          resolve({ frame, p });
        },
        reject,
        stream: stream ? { queue: stream, hasher: new StreamHasher() } : undefined,
      };
      this.pending.set(id, p);
      const signal = options.signal;
      if (signal) {
        const onAbort = () => {
          if (!this.pending.has(id)) return;
          if (this.ws.readyState === WebSocket.OPEN) this.send({ v: PROTOCOL_VERSION, type: 'cancel', id });
          this.fail(id, p, new ProtocolError('TIMEOUT', 'aborted by the caller', { requestId: id }));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        p.detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.ws.send(encoded);
    });
  }

  async call<T>(synapse: string, body: unknown, options: CallOptions): Promise<CallResult<T>> {
    const { frame, p } = await this.dispatch(synapse, body, options);
    const latencyMs = performance.now() - p.sentAt;
    if (frame.type !== 'res') throw new ProtocolError('BAD_REQUEST', `miner ${this.target.hotkey} streamed an answer to ${synapse}; use stream()`);
    const bodyHash = sha256Hex(frame.body);
    const provenance: Provenance = {
      kind: 'response',
      scheme: frame.scheme,
      miner: this.target.hotkey,
      caller: this.address,
      conn: this.connHex,
      id: frame.id,
      requestHash: p.requestHash,
      recvTs: frame.recv_ts,
      sentTs: frame.sent_ts,
      status: frame.status,
      bodyHash,
      sig: toHex(frame.sig),
      cert: frame.scheme === 'session' ? this.axonCertJson : undefined,
    };
    const message = responseMessage({ ...provenance, conn: this.hello!.conn, status: frame.status, bodyHash });
    this.verifyAnswer(frame.scheme, message, frame.sig, synapse);
    return {
      body: this.bodies.decode(frame.body, `response to ${synapse}`) as T,
      bodyBytes: frame.body,
      status: frame.status,
      latencyMs,
      processMs: frame.sent_ts - frame.recv_ts,
      provenance,
    };
  }

  async stream(synapse: string, body: unknown, options: CallOptions, queue: ChunkQueue<unknown>): Promise<StreamResult> {
    const { frame, p } = await this.dispatch(synapse, body, options, queue);
    const latencyMs = performance.now() - p.sentAt;
    if (frame.type !== 'end') throw new ProtocolError('BAD_REQUEST', `miner ${this.target.hotkey} answered ${synapse} without streaming`);
    const hasher = p.stream!.hasher;
    const streamHash = hasher.digestHex();
    if (frame.count !== hasher.count || frame.stream_hash !== streamHash) {
      throw new ProtocolError(
        'BAD_SIGNATURE',
        `stream from ${this.target.hotkey} does not match its end frame (${hasher.count} chunks received, ${frame.count} claimed)`,
      );
    }
    const provenance: Provenance = {
      kind: 'stream',
      scheme: frame.scheme,
      miner: this.target.hotkey,
      caller: this.address,
      conn: this.connHex,
      id: frame.id,
      requestHash: p.requestHash,
      recvTs: frame.recv_ts,
      sentTs: frame.sent_ts,
      count: frame.count,
      streamHash,
      sig: toHex(frame.sig),
      cert: frame.scheme === 'session' ? this.axonCertJson : undefined,
    };
    this.verifyAnswer(frame.scheme, streamEndMessage({ ...provenance, conn: this.hello!.conn, count: frame.count, streamHash }), frame.sig, synapse);
    queue.end();
    return { count: frame.count, latencyMs, provenance };
  }

  private verifyAnswer(scheme: 'session' | 'sr25519', message: string, sig: Uint8Array, synapse: string): void {
    const ok = scheme === 'session' ? this.axonKey !== undefined && sessionVerify(this.axonKey, message, sig) : hotkeyVerify(this.target.hotkey, message, sig);
    if (!ok) throw new ProtocolError('BAD_SIGNATURE', `answer to ${synapse} from ${this.target.hotkey} has a bad ${scheme} signature`);
  }

  /** Closes once nothing is in flight (used when the session certificate nears expiry). */
  async retire(): Promise<void> {
    while (this.pending.size > 0 && !this.closed) await new Promise((r) => setTimeout(r, 50));
    await this.close();
  }

  async close(): Promise<void> {
    if (this.closed || !this.ws) return;
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close(CLOSE_CODES.NORMAL, 'dendrite done');
    const timer = setTimeout(() => this.ws.terminate(), 1_000);
    await closed;
    clearTimeout(timer);
  }
}

/** Chunks of one stream, consumed by a for-await loop. */
class ChunkQueue<T> {
  private readonly items: T[] = [];
  private waiter?: () => void;
  private done = false;
  private error?: Error;

  push(item: T): void {
    this.items.push(item);
    this.wake();
  }

  end(): void {
    this.done = true;
    this.wake();
  }

  fail(err: Error): void {
    if (this.done) return;
    this.error = err;
    this.done = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  async *iterator(): AsyncGenerator<T> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift()!;
        continue;
      }
      if (this.error) throw this.error;
      if (this.done) return;
      await new Promise<void>((r) => (this.waiter = r));
    }
  }
}
