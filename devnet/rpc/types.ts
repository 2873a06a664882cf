import type { BlockReads } from './block-reads.ts';

/** One client connection as the methods see it. */
export interface RpcConnection {
  /** false for HTTP: subscriptions need a WebSocket */
  readonly canSubscribe: boolean;
  /** Registers a subscription; `start` gets the id and returns its teardown. */
  subscribe(notification: string, start: (id: string, send: (result: unknown) => void) => () => void): string;
  /** Ends subscription `id` if it sends `notification` (an unsubscribe method ends only its own kind). */
  unsubscribe(id: string, notification: string): boolean;
  /** the blocks this connection has read (WebSocket only): gates a watched extrinsic's `finalized` */
  readonly reads?: BlockReads;
  /** Calls `done` once the client has received everything sent to it so far (WebSocket only). */
  caughtUp?(done: () => void): void;
  /** per-connection state of method groups, e.g. chainHead follow subscriptions (WebSocket only) */
  readonly context?: Map<symbol, unknown>;
}

export type RpcHandler = (params: unknown[], conn: RpcConnection) => unknown;

/** The methods of one namespace, keyed by JSON-RPC method name (aliases included). */
export type RpcMethodGroup = Map<string, RpcHandler>;
