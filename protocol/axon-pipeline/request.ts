import type { Admission } from '../axon-policy.ts';
import type { ProtocolError } from '../errors.ts';
import type { SynapseHandler } from '../synapse-handler.ts';

/**
 * One request on its way through an axon's steps. Each transport extends it with what it carries
 * (a frame and its connection, an HTTP exchange); the shared steps read and fill these fields.
 */
export interface AxonRequest {
  /** the synapse the caller asked for, as sent */
  synapse: string;
  /** the request's number on its transport, for the handler and the logs */
  requestId: number;
  /** ms since epoch when the request arrived */
  receivedAt: number;
  /** performance.now() when the request arrived, for the latency reported */
  startedAt: number;
  /** the caller's hotkey: as claimed until `verified`, then authenticated */
  caller?: string;
  verified: boolean;
  handler?: SynapseHandler;
  /** the decoded request body, as the handler sees it */
  body?: unknown;
  /** the time the caller allows, capped by the axon, ms */
  timeoutMs: number;
  /** ms since epoch by which the answer must be sent (set by the deadline step) */
  deadline: number;
  /** aborted at the deadline, or when the caller cancels or goes away; its reason is the refusal */
  readonly controller: AbortController;
  /** rejects with the abort reason as soon as the controller aborts */
  readonly aborted: Promise<never>;
  admission?: Admission;
  /** the handler's work: the admission slot stays taken until it settles */
  work?: Promise<unknown>;
  /** what the handler answered: a value, or an async iterable of chunks */
  result?: unknown;
  /** why the request was refused, once it was (what the observe step reports) */
  refusal?: ProtocolError;
}

/** A fresh request, received now; `timeoutMs` is already capped by the axon. */
export function axonRequest(init: { synapse: string; requestId: number; timeoutMs: number; caller?: string }): AxonRequest {
  const controller = new AbortController();
  // made on first use: a request that never waits on anything never needs it
  let aborted: Promise<never> | undefined;
  const receivedAt = Date.now();
  return {
    synapse: init.synapse,
    requestId: init.requestId,
    timeoutMs: init.timeoutMs,
    caller: init.caller,
    receivedAt,
    startedAt: performance.now(),
    verified: false,
    deadline: receivedAt + init.timeoutMs,
    controller,
    get aborted() {
      return (aborted ??= abortedPromise(controller.signal));
    },
  };
}

function abortedPromise(signal: AbortSignal): Promise<never> {
  const aborted = signal.aborted
    ? Promise.reject(signal.reason as unknown)
    : new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
  aborted.catch(() => {});
  return aborted;
}
