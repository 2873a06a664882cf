import { randomBytes } from 'node:crypto';
import type { DevnetNode } from '../node.ts';
import type { Hex } from '../scale/types.ts';
import { invalidParams, RPC, RpcError, toRpcError } from './errors.ts';
import { submitHex } from './submit.ts';
import type { RpcConnection, RpcHandler } from './types.ts';

/** Broadcasts in progress per connection; `transaction_v1_broadcast` answers null beyond it, as the spec allows. */
export const MAX_BROADCASTS_PER_CONNECTION = 512;

const BROADCASTS = Symbol('transaction_v1_broadcast');

/** Rejects what is not a transaction's 0x hex (the spec's only JSON-RPC error for these methods). */
export function transactionParam(v: unknown): Hex {
  if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) throw invalidParams('transaction must be 0x-prefixed hex bytes');
  return v as Hex;
}

/**
 * `transaction_v1_broadcast` / `transaction_v1_stop`: the transaction goes to
 * the pool (the devnet's "network"); the operation id stays valid until the
 * transaction is in a (final) block, is dropped, or is stopped. As the spec
 * says, an undecodable or invalid transaction is no JSON-RPC error: it is
 * simply never included.
 */
export function transactionMethods(node: DevnetNode): Map<string, RpcHandler> {
  const broadcasts = (conn: RpcConnection): Map<string, () => void> | undefined => {
    const ctx = conn.context;
    if (!ctx) return undefined;
    let b = ctx.get(BROADCASTS) as Map<string, () => void> | undefined;
    if (!b) ctx.set(BROADCASTS, (b = new Map()));
    return b;
  };
  return new Map<string, RpcHandler>([
    [
      'transaction_v1_broadcast',
      (params, conn) => {
        const tx = transactionParam(params[0]);
        const ops = broadcasts(conn);
        if (ops && ops.size >= MAX_BROADCASTS_PER_CONNECTION) return null;
        const operationId = randomBytes(8).toString('hex');
        let hash: Hex;
        try {
          hash = submitHex(node, tx).hash;
        } catch (err) {
          const e = toRpcError(err);
          node.log.debug({ err: (err as Error).message, data: e?.data }, 'transaction_v1_broadcast: not accepted by the pool');
          return operationId;
        }
        if (!ops) return operationId;
        const stop = node.pool.watch(hash, { included: () => ops.delete(operationId), dropped: () => ops.delete(operationId) });
        ops.set(operationId, () => {
          stop();
          ops.delete(operationId);
        });
        return operationId;
      },
    ],
    [
      'transaction_v1_stop',
      (params, conn) => {
        const id = params[0];
        if (typeof id !== 'string') throw invalidParams('operationId must be a string');
        const stop = broadcasts(conn)?.get(id);
        if (!stop) throw new RpcError(RPC.INVALID_PARAMS, `Invalid operation id: ${id} is not a broadcast in progress on this connection`);
        stop();
        return null;
      },
    ],
  ]);
}
