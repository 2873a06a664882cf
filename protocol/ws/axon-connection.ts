import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { blacklisted } from '../axon-pipeline/blacklist.ts';
import { axonRequest } from '../axon-pipeline/request.ts';
import type { AuthFailureBudget } from '../auth-failure-budget.ts';
import type { AxonObserver, AxonPolicy } from '../axon-policy.ts';
import { issueCertificate, verifyCertificate, type IssuedCertificate } from './certificate.ts';
import type { BodyCodec } from './codec.ts';
import type { FrameCodec } from './envelope.ts';
import type { AuthFrame, ErrorFrame, Frame, RequestFrame } from './frames.ts';
import { CLOSE_CODES } from './close-codes.ts';
import { ProtocolError, WIRE_ERRORS, type WireErrorCode } from '../errors.ts';
import { hotkeySign, hotkeyVerify, type HotkeySigner } from '../hotkey-signature.ts';
import type { ReplayGuard } from '../replay-guard.ts';
import { sessionSign, sessionVerify, type SessionPublicKey } from './session-key.ts';
import { epistulaMessage, PROTOCOL_VERSION, requestMessage, responseMessage, sha256Hex, streamEndMessage, StreamHasher } from './signed-message.ts';
import { isAsyncIterable } from '../synapse-handler.ts';
import type { WsRequest, WsRequestConnection } from './request-pipeline.ts';

/** Everything a connection shares with its axon. */
export interface AxonShared {
  keypair: HotkeySigner;
  /** keypair.address, cached: KeyringPair re-encodes ss58 on every read */
  address: string;
  policy: AxonPolicy;
  observer: AxonObserver;
  frames: FrameCodec;
  bodies: BodyCodec;
  replay: ReplayGuard;
  log: Logger;
  maxFrameBytes: number;
  skewMs: number;
  sessionTtlMs: number;
  maxCertTtlMs: number;
  defaultTimeoutMs: number;
  maxTimeoutMs: number;
  allowSr25519: boolean;
  /** failed authentications per remote source: spent, the source gets no more sr25519 work */
  authFailures: AuthFailureBudget;
  /** the connection was authenticated (left the pending pool) */
  onReady: (c: AxonConnection) => void;
  /** the connection stopped counting against the limits */
  onClosed: (c: AxonConnection) => void;
  /** the request stages every `req` frame goes through (request-pipeline.ts) */
  pipeline: (ctx: WsRequest) => Promise<void>;
}

/** Protocol violations tolerated per connection before it is closed (sr25519 mode, bad fields). */
const MAX_STRIKES = 16;
/** Responses buffered for a peer that does not read, in frames' worth, before it is cut off. */
const MAX_BUFFERED_FRAMES = 4;

/**
 * One dendrite's connection to the axon: the handshake, and the WebSocket side
 * of each request that request-pipeline.ts runs: verification, the signed
 * answer, and the refusal with the close-or-keep-open policy documented in
 * protocol/README.md.
 */
export class AxonConnection implements WsRequestConnection {
  readonly conn = new Uint8Array(randomBytes(16));
  readonly openedAt = Date.now();
  state: 'pending' | 'ready' | 'closed' = 'pending';
  caller?: string;
  lastActivity = Date.now();
  readonly inflight = new Map<number, AbortController>();

  private peerKey?: SessionPublicKey;
  private own?: IssuedCertificate;
  private lastNonce = -1;
  private strikes = 0;

  constructor(
    readonly ws: WebSocket,
    readonly remote: string,
    /** the remote source charged for this connection's failed authentications */
    readonly source: string,
    private readonly s: AxonShared,
  ) {}

  hello(): void {
    this.send({
      v: PROTOCOL_VERSION,
      type: 'hello',
      axon: this.s.address,
      conn: this.conn,
      ts: Date.now(),
      max_frame: this.s.maxFrameBytes,
      schemes: this.s.allowSr25519 ? ['session', 'sr25519'] : ['session'],
    });
  }

  onMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    this.lastActivity = Date.now();
    if (!isBinary)
      return this.fatal(new ProtocolError('BAD_REQUEST', 'text frames are not part of the protocol; send binary msgpack'), CLOSE_CODES.BAD_REQUEST);
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    let frame: Frame;
    try {
      frame = this.s.frames.decode(bytes);
    } catch (err) {
      const e = err as ProtocolError;
      // malformed frames cost the axon work before anyone is authenticated: the source pays for them,
      // and once its budget is spent its new connections are refused at the upgrade
      this.s.authFailures.charge(this.source);
      // a frame we cannot attribute to a request means the peer's framing is broken: close
      if (e.requestId === undefined) return this.fatal(e, CLOSE_CODES.BAD_REQUEST);
      return this.strike(e);
    }
    switch (frame.type) {
      case 'auth':
        return this.onAuth(frame);
      case 'req':
        return this.onRequest(frame);
      case 'cancel':
        this.inflight.get(frame.id)?.abort(new ProtocolError('TIMEOUT', 'cancelled by the caller'));
        return;
      default:
        return this.fatal(new ProtocolError('BAD_REQUEST', `a dendrite may not send ${frame.type} frames`), CLOSE_CODES.BAD_REQUEST);
    }
  }

  /** Closes the connection, aborting whatever still runs for it. */
  close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.markClosed();
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      // close reasons are limited to 123 bytes
      this.ws.close(code, Buffer.from(reason).subarray(0, 120).toString());
      // a peer that never answers the close frame must not hold the socket
      setTimeout(() => this.ws.terminate(), 2_000).unref();
    }
  }

  markClosed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    for (const c of this.inflight.values()) c.abort(new ProtocolError('INTERNAL', 'connection closed'));
    this.s.onClosed(this);
  }

  private onAuth(frame: AuthFrame): void {
    if (this.state !== 'pending') return this.fatal(new ProtocolError('BAD_REQUEST', 'auth sent twice on one connection'), CLOSE_CODES.BAD_REQUEST);
    const cert = frame.cert;
    // cheap checks before the sr25519 verification (about 0.5 ms of CPU)
    const blocked = this.s.policy.blacklist(cert.hotkey);
    if (blocked !== undefined) return this.fatal(blacklisted(cert.hotkey, blocked), CLOSE_CODES.BLACKLISTED);
    if (!this.s.authFailures.allows(this.source)) return this.fatal(this.failureBudgetSpent(), CLOSE_CODES.RATE_LIMITED);
    try {
      this.peerKey = verifyCertificate(cert, {
        role: 'dendrite',
        peer: this.s.address,
        conn: this.conn,
        skewMs: this.s.skewMs,
        maxTtlMs: this.s.maxCertTtlMs,
      });
    } catch (err) {
      this.s.authFailures.charge(this.source);
      return this.fatal(err as ProtocolError, CLOSE_CODES.UNAUTHORIZED);
    }
    this.caller = cert.hotkey;
    const ttl = Math.min(this.s.sessionTtlMs, cert.expires - Date.now());
    this.own = issueCertificate(this.s.keypair, 'axon', cert.hotkey, this.conn, ttl);
    this.becomeReady();
    this.send({ v: PROTOCOL_VERSION, type: 'welcome', cert: this.own.wire });
  }

  private failureBudgetSpent(): ProtocolError {
    return new ProtocolError(
      'RATE_LIMITED',
      `too many failed authentications from ${this.source}; retry in ${Math.max(1, this.s.authFailures.retryAfterS(this.source))} s`,
    );
  }

  private becomeReady(): void {
    if (this.state !== 'pending') return;
    this.state = 'ready';
    this.s.onReady(this);
  }

  /**
   * The pipeline's verifier: checks the request's signature and freshness, returns the caller and
   * records the signed message's hash for the answer. A failure records what it does to the
   * connection: a broken session closes it, a bad sr25519 request is a strike.
   */
  authenticate(ctx: WsRequest): string {
    try {
      const { requestHash, caller } = this.verifyRequest(ctx.frame, sha256Hex(ctx.frame.body), ctx.receivedAt);
      ctx.requestHash = requestHash;
      return caller;
    } catch (err) {
      const e = err as ProtocolError & { closes?: number };
      ctx.verifyFailure = e.closes !== undefined ? { close: e.closes } : e.code === 'OVERLOADED' ? 'answer' : 'strike';
      throw e;
    }
  }

  /**
   * Verifies a request's signature and freshness; returns its signed-message hash, or throws
   * (`closes`: the close code, when the connection cannot be trusted any more).
   */
  private verifyRequest(frame: RequestFrame, bodyHash: string, now: number): { requestHash: string; caller: string } {
    const own = this.s.address;
    const auth = frame.auth;
    if (auth.scheme === 'session') {
      if (!this.peerKey || !this.caller)
        throw Object.assign(new ProtocolError('UNAUTHORIZED', 'session request before auth: send an auth frame first'), { closes: CLOSE_CODES.UNAUTHORIZED });
      const message = requestMessage({
        sender: this.caller,
        receiver: own,
        conn: this.conn,
        id: frame.id,
        nonce: auth.nonce,
        ts: frame.ts,
        synapse: frame.synapse,
        timeoutMs: frame.timeout_ms,
        bodyHash,
      });
      if (!sessionVerify(this.peerKey, message, auth.sig)) {
        this.s.authFailures.charge(this.source);
        throw Object.assign(new ProtocolError('UNAUTHORIZED', `bad session signature on request ${frame.id}`), { closes: CLOSE_CODES.UNAUTHORIZED });
      }
      if (auth.nonce <= this.lastNonce) {
        throw Object.assign(new ProtocolError('UNAUTHORIZED', `replayed request: nonce ${auth.nonce} is not above the last accepted ${this.lastNonce}`), {
          closes: CLOSE_CODES.UNAUTHORIZED,
        });
      }
      if (Math.abs(frame.ts - now) > this.s.skewMs)
        throw new ProtocolError('UNAUTHORIZED', `request timestamp ${frame.ts} is outside ±${this.s.skewMs} ms of now (${now})`);
      this.lastNonce = auth.nonce;
      return { requestHash: sha256Hex(message), caller: this.caller };
    }
    if (!this.s.allowSr25519) throw new ProtocolError('UNAUTHORIZED', 'this axon accepts session-mode requests only');
    if (auth.for !== own) throw new ProtocolError('UNAUTHORIZED', `request is addressed to ${auth.for}, but this axon is ${own}`);
    if (this.caller !== undefined && auth.by !== this.caller)
      throw new ProtocolError('UNAUTHORIZED', `connection belongs to ${this.caller}; ${auth.by} must open its own`);
    const blocked = this.s.policy.blacklist(auth.by);
    if (blocked !== undefined) throw Object.assign(blacklisted(auth.by, blocked), { closes: CLOSE_CODES.BLACKLISTED });
    this.s.replay.check(auth.by, auth.uuid, frame.ts, now);
    const message = epistulaMessage({ bodyHash, uuid: auth.uuid, ts: frame.ts, signedFor: own, synapse: frame.synapse, timeoutMs: frame.timeout_ms });
    // the budget is checked before the sr25519 verification (about 0.5 ms of CPU), not after
    if (!this.s.authFailures.allows(this.source)) throw Object.assign(this.failureBudgetSpent(), { closes: CLOSE_CODES.RATE_LIMITED });
    if (!hotkeyVerify(auth.by, message, auth.sig)) {
      this.s.authFailures.charge(this.source);
      throw new ProtocolError('UNAUTHORIZED', `bad sr25519 signature on request ${frame.id} from ${auth.by}`);
    }
    this.s.replay.record(auth.by, auth.uuid, frame.ts, now);
    this.caller = auth.by;
    this.becomeReady();
    return { requestHash: sha256Hex(message), caller: auth.by };
  }

  private onRequest(frame: RequestFrame): void {
    const id = frame.id;
    if (this.inflight.has(id))
      return this.strike(new ProtocolError('BAD_REQUEST', `request id ${id} is already in flight on this connection`, { requestId: id }));
    const timeoutMs = Math.min(frame.timeout_ms > 0 ? frame.timeout_ms : this.s.defaultTimeoutMs, this.s.maxTimeoutMs);
    const ctx: WsRequest = Object.assign(axonRequest({ synapse: frame.synapse, requestId: id, timeoutMs }), { connection: this, frame, requestHash: '' });
    this.s.pipeline(ctx).catch((err: unknown) => this.s.log.error({ remote: this.remote, id, err: (err as Error)?.message }, 'request could not be answered'));
  }

  /** The pipeline's writer: a signed `res`, or the chunks of a stream and its signed `end`. */
  answer(ctx: WsRequest, result: unknown): Promise<void> | void {
    if (isAsyncIterable(result)) return this.stream(ctx, result);
    this.respond(ctx, result);
  }

  /**
   * The pipeline's refusal: an `err` frame for the request, then what the refusal does to the
   * connection (protocol/README.md, "Errors, and close or keep open"): a failed verification as it
   * recorded, a blacklisted caller closes it, anything else leaves it open.
   */
  refuse(ctx: WsRequest, e: ProtocolError): void {
    if (e.code === 'INTERNAL') this.s.log.warn({ synapse: ctx.synapse, id: ctx.requestId, caller: ctx.caller, err: e.message }, 'handler failed');
    const consequence = ctx.verifyFailure ?? (e.code === 'BLACKLISTED' ? { close: CLOSE_CODES.BLACKLISTED } : 'answer');
    this.send(this.errorFrame(e, ctx.requestId));
    if (consequence === 'strike') this.countStrike();
    else if (consequence !== 'answer') this.closeFor(e, consequence.close);
  }

  private respond(ctx: WsRequest, result: unknown): void {
    const frame = ctx.frame;
    // hashed and copied into the frame before anything else encodes
    const body = this.s.bodies.encodeTransient(result);
    const sentTs = Date.now();
    const scheme = frame.auth.scheme;
    const message = responseMessage({
      miner: this.s.address,
      caller: ctx.caller!,
      conn: this.conn,
      id: frame.id,
      requestHash: ctx.requestHash,
      status: 200,
      bodyHash: sha256Hex(body),
      recvTs: ctx.receivedAt,
      sentTs,
    });
    this.send({
      v: PROTOCOL_VERSION,
      type: 'res',
      id: frame.id,
      status: 200,
      recv_ts: ctx.receivedAt,
      sent_ts: sentTs,
      body,
      scheme,
      sig: this.signAnswer(scheme, message),
    });
  }

  private async stream(ctx: WsRequest, chunks: AsyncIterable<unknown>): Promise<void> {
    const frame = ctx.frame;
    const signal = ctx.controller.signal;
    const hasher = new StreamHasher();
    const iterator = chunks[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), ctx.aborted]);
        if (next.done) break;
        if (signal.aborted) throw signal.reason;
        const body = this.s.bodies.encodeTransient(next.value);
        const ts = Date.now();
        const seq = hasher.count;
        hasher.add(seq, ts, body);
        this.send({ v: PROTOCOL_VERSION, type: 'chunk', id: frame.id, seq, ts, body });
      }
    } catch (err) {
      void iterator.return?.();
      throw err;
    }
    const sentTs = Date.now();
    const streamHash = hasher.digestHex();
    const message = streamEndMessage({
      miner: this.s.address,
      caller: ctx.caller!,
      conn: this.conn,
      id: frame.id,
      requestHash: ctx.requestHash,
      count: hasher.count,
      streamHash,
      recvTs: ctx.receivedAt,
      sentTs,
    });
    this.send({
      v: PROTOCOL_VERSION,
      type: 'end',
      id: frame.id,
      count: hasher.count,
      stream_hash: streamHash,
      recv_ts: ctx.receivedAt,
      sent_ts: sentTs,
      scheme: frame.auth.scheme,
      sig: this.signAnswer(frame.auth.scheme, message),
    });
  }

  private signAnswer(scheme: 'session' | 'sr25519', message: string): Uint8Array {
    if (scheme === 'session' && this.own) return sessionSign(this.own.sessionKey.privateKey, message);
    return hotkeySign(this.s.keypair, message);
  }

  private send(frame: Frame): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.s.maxFrameBytes * MAX_BUFFERED_FRAMES) {
      this.s.observer.rejection?.('slow_reader');
      this.close(CLOSE_CODES.OVERLOADED, 'peer does not read its responses');
      return;
    }
    this.ws.send(this.s.frames.encode(frame));
  }

  private errorFrame(e: ProtocolError, id = e.requestId): ErrorFrame {
    const code: WireErrorCode = e.code in WIRE_ERRORS ? (e.code as WireErrorCode) : 'INTERNAL';
    return { v: PROTOCOL_VERSION, type: 'err', id: id ?? null, code, status: WIRE_ERRORS[code], message: e.message.slice(0, 500), ts: Date.now() };
  }

  /** Answers one request with an error; the connection stays open. */
  private reject(e: ProtocolError): void {
    this.s.observer.rejection?.(e.code.toLowerCase());
    this.send(this.errorFrame(e));
  }

  /** A recoverable violation: answered, counted, and the connection closed when they pile up. */
  private strike(e: ProtocolError): void {
    this.reject(e);
    this.countStrike();
  }

  private countStrike(): void {
    this.strikes += 1;
    if (this.strikes >= MAX_STRIKES) this.close(CLOSE_CODES.BAD_REQUEST, `${MAX_STRIKES} protocol violations`);
  }

  /** Answers with an error frame, then closes. */
  private fatal(e: ProtocolError, closeCode: number): void {
    this.reject(e);
    this.closeFor(e, closeCode);
  }

  private closeFor(e: ProtocolError, closeCode: number): void {
    this.s.log.debug({ remote: this.remote, caller: this.caller, code: e.code, reason: e.message }, 'closing connection');
    this.close(closeCode, e.message);
  }
}
