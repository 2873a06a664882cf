import { isHex } from '@polkadot/util';
import type { Hex } from '../scale/types.ts';
import { invalidParams, RPC, RpcError } from './errors.ts';
import type { RpcConnection, RpcHandler } from './types.ts';

const isHash = (v: unknown): v is Hex => typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);

/** An optional block hash parameter (lowercased); undefined means the head. */
export function optHash(v: unknown, what = 'block hash'): Hex | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isHash(v)) throw invalidParams(`${what} must be 32 bytes of 0x hex`);
  return v.toLowerCase() as Hex;
}

/** A storage key (or prefix) parameter, lowercased. */
export function hexKey(v: unknown, what = 'storage key'): Hex {
  if (typeof v !== 'string' || !isHex(v)) throw invalidParams(`${what} must be 0x hex`);
  return v.toLowerCase() as Hex;
}

/** Subscriptions need a WebSocket: HTTP callers get "method not found". */
export function needWs(conn: RpcConnection): void {
  if (!conn.canSubscribe) throw new RpcError(RPC.METHOD_NOT_FOUND, 'Subscriptions are not available on this transport (use WebSocket)');
}

/** The handler of a legacy `*_unsubscribe*` method for subscriptions that send `notification`. */
export const unsubscribe =
  (notification: string): RpcHandler =>
  (params, conn) => {
    const id = params[0];
    if (typeof id !== 'string' && typeof id !== 'number') throw invalidParams('subscription id expected');
    return conn.unsubscribe(String(id), notification);
  };
