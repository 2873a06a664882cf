import { admit } from '../axon-pipeline/admit.ts';
import { blacklist } from '../axon-pipeline/blacklist.ts';
import { compose, finallyAfter, type Step, type StepResult } from '../axon-pipeline/compose.ts';
import { deadline } from '../axon-pipeline/deadline.ts';
import { handle } from '../axon-pipeline/handler.ts';
import { observe } from '../axon-pipeline/observe.ts';
import { refusals } from '../axon-pipeline/refusals.ts';
import { release } from '../axon-pipeline/release.ts';
import type { AxonRequest } from '../axon-pipeline/request.ts';
import { respond } from '../axon-pipeline/respond.ts';
import { verify } from '../axon-pipeline/verify.ts';
import type { AxonObserver, AxonPolicy } from '../axon-policy.ts';
import { ProtocolError } from '../errors.ts';
import type { SynapseHandler } from '../synapse-handler.ts';
import type { BodyCodec } from './codec.ts';
import type { RequestFrame } from './frames.ts';

/** What the steps need from the connection a request came on (an AxonConnection). */
export interface WsRequestConnection {
  /** the requests in flight on it, by id: a `cancel` frame or the close aborts them */
  readonly inflight: Map<number, AbortController>;
  /** the verifier: a session or per-request sr25519 signature; returns the caller */
  authenticate(ctx: WsRequest): string;
  /** the writer: a signed `res` (synchronously), or `chunk`s and a signed `end` */
  answer(ctx: WsRequest, result: unknown): StepResult;
  /** the refusal: an `err` frame, and a strike or a close where the protocol says so */
  refuse(ctx: WsRequest, err: ProtocolError): void;
}

/** A `req` frame on its way through the axon's steps. */
export interface WsRequest extends AxonRequest {
  readonly connection: WsRequestConnection;
  readonly frame: RequestFrame;
  /** sha256 of the request's signed message, set by verification: the answer's signature covers it */
  requestHash: string;
  /** what a failed verification does to the connection (protocol/README.md, "Errors, and close or keep open") */
  verifyFailure?: { close: number } | 'strike' | 'answer';
}

export interface WsPipelineOptions {
  policy: AxonPolicy;
  observer: AxonObserver;
  handlers: Map<string, SynapseHandler>;
  bodies: BodyCodec;
  maxInFlightPerConnection: number;
  /** true once the axon is shutting down */
  draining: () => boolean;
}

/**
 * The WebSocket axon's request stages, in order. The connection supplies what is WebSocket-only:
 * verification (session or per-request sr25519 signatures), the answer (a signed `res`, or
 * `chunk`s and a signed `end`) and the refusal (an `err` frame, a strike, or a close).
 */
export function wsRequestPipeline(o: WsPipelineOptions): (ctx: WsRequest) => Promise<void> {
  return compose<WsRequest>([
    observe(o.observer),
    refusals({ refuse: (ctx, e) => ctx.connection.refuse(ctx, e), internal: (ctx, message) => `synapse ${ctx.synapse} handler failed: ${message}` }),
    verify((ctx) => ctx.connection.authenticate(ctx)),
    notDraining(o.draining),
    blacklist(o.policy),
    route(o.handlers),
    inFlight(o.maxInFlightPerConnection),
    decodeBody(o.bodies),
    deadline((ctx) => new ProtocolError('TIMEOUT', `synapse ${ctx.synapse} did not answer within ${ctx.timeoutMs} ms`)),
    release(),
    admit(o.policy, (ctx) => ctx.frame.body.byteLength),
    respond((ctx, result) => ctx.connection.answer(ctx, result)),
    handle(),
  ]);
}

function notDraining(draining: () => boolean): Step<WsRequest> {
  return (_ctx, next) => {
    if (draining()) throw new ProtocolError('OVERLOADED', 'axon is shutting down');
    return next();
  };
}

function route(handlers: Map<string, SynapseHandler>): Step<WsRequest> {
  return (ctx, next) => {
    ctx.handler = handlers.get(ctx.synapse);
    if (!ctx.handler)
      throw new ProtocolError(
        'UNKNOWN_SYNAPSE',
        `unknown synapse ${JSON.stringify(ctx.synapse)}; this axon serves ${[...handlers.keys()].join(', ') || 'nothing'}`,
      );
    return next();
  };
}

/** Caps the requests in flight on one connection, and tracks them there so that a `cancel` or a close can abort them. */
function inFlight(max: number): Step<WsRequest> {
  return (ctx, next) => {
    const inflight = ctx.connection.inflight;
    if (inflight.size >= max) throw new ProtocolError('OVERLOADED', `more than ${max} requests in flight on one connection`);
    inflight.set(ctx.requestId, ctx.controller);
    return finallyAfter(next, () => inflight.delete(ctx.requestId));
  };
}

function decodeBody(bodies: BodyCodec): Step<WsRequest> {
  return (ctx, next) => {
    try {
      ctx.body = bodies.decode(ctx.frame.body, `body of request ${ctx.requestId}`);
    } catch (err) {
      throw new ProtocolError('BAD_REQUEST', (err as Error).message);
    }
    return next();
  };
}
