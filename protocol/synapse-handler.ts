/**
 * What an axon serves: one handler per synapse name. A handler returns the
 * response body (any msgpack value; typed arrays travel as raw bytes), or an
 * async iterable of chunks for a streaming synapse. This is also the shape of
 * a miner's custom handler module: `export default async (synapse, ctx) => response`.
 */
export interface SynapseCall {
  /** synapse name */
  name: string;
  /** decoded request body */
  body: unknown;
  /** the time the caller allows, capped by the axon, ms */
  timeoutMs: number;
}

export interface HandlerContext {
  /** caller's hotkey (ss58), authenticated */
  caller: string;
  requestId: number;
  /** aborted when the deadline passes, the caller cancels or the connection closes */
  signal: AbortSignal;
  /** ms since epoch by which the answer must be sent */
  deadline: number;
}

export type SynapseHandler = (synapse: SynapseCall, ctx: HandlerContext) => unknown | Promise<unknown> | AsyncIterable<unknown>;

export function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
}
