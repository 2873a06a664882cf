import type { DevnetNode } from '../node.ts';
import { TxPoolError } from '../txpool.ts';
import type { Hex } from '../scale/types.ts';
import { invalidParams, RPC, RpcError, toRpcError } from './errors.ts';
import { submitHex } from './submit.ts';
import type { RpcHandler } from './types.ts';
import { transactionParam } from './transaction.ts';

/**
 * `transactionWatch_v1_submitAndWatch` / `transactionWatch_v1_unwatch` with the
 * spec's events on `transactionWatch_v1_watchEvent`: `validated`, then
 * `bestChainBlockIncluded` and `finalized` with `{ hash, index }` (finality is
 * instant), or `invalid` / `dropped` with the reason. The devnet has no peers,
 * so there is never a `broadcasted` (the v1 spec dropped that event anyway).
 * A transaction that does not decode or validate is an `invalid` event, not a
 * JSON-RPC error; only a `transaction` that is not hex is.
 */
export function transactionWatchMethods(node: DevnetNode): Map<string, RpcHandler> {
  return new Map<string, RpcHandler>([
    [
      'transactionWatch_v1_submitAndWatch',
      (params, conn) => {
        const tx = transactionParam(params[0]);
        if (!conn.canSubscribe) throw new RpcError(RPC.METHOD_NOT_FOUND, 'transactionWatch_v1_submitAndWatch needs a WebSocket connection');
        let hash: Hex | undefined;
        let rejection: Record<string, unknown> | undefined;
        try {
          hash = submitHex(node, tx).hash;
        } catch (err) {
          const e = toRpcError(err);
          const message = e?.message ?? (err as Error).message;
          const reason = typeof e?.data === 'string' ? `${message}: ${e.data}` : message;
          rejection = err instanceof TxPoolError && err.kind === 'full' ? { event: 'dropped', error: reason } : { event: 'invalid', error: reason };
        }
        return conn.subscribe('transactionWatch_v1_watchEvent', (_id, send) => {
          if (!hash) {
            send(rejection);
            return () => undefined;
          }
          send({ event: 'validated' });
          return node.pool.watch(hash, {
            included: ({ block }, index) => {
              const at = { hash: block.hash, index };
              send({ event: 'bestChainBlockIncluded', block: at });
              send({ event: 'finalized', block: at });
            },
            dropped: (error) => send({ event: 'invalid', error: `Invalid Transaction: ${error.message}` }),
          });
        });
      },
    ],
    [
      'transactionWatch_v1_unwatch',
      (params, conn) => {
        const id = params[0];
        if (typeof id !== 'string') throw invalidParams('subscription id expected');
        if (!conn.unsubscribe(id, 'transactionWatch_v1_watchEvent')) throw invalidParams(`unknown subscription ${id}`);
        return null;
      },
    ],
  ]);
}
