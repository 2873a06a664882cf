import type { DevnetNode } from '../node.ts';
import type { Hex } from '../scale/types.ts';
import { needWs, unsubscribe } from './params.ts';
import { submitHex } from './submit.ts';
import type { RpcConnection, RpcHandler, RpcMethodGroup } from './types.ts';

/** `finalized` comes this long after `inBlock` when the watcher reads nothing (a raw RPC client) */
const FINALIZED_FALLBACK_MS = 5_000;

/**
 * Finality is instant, but @polkadot/api's `signAndSend` answers `{inBlock}` by fetching the block
 * and its events, and a `{finalized}` arriving before those answers are processed cancels the
 * InBlock result (`switchMap`): the caller never sees `isInBlock`. Any fixed delay loses that race
 * when the client is slower than the delay (a loaded CI machine), so `finalized` waits until the
 * connection has read the block and state at it, and then until the client has provably received
 * those answers (`caughtUp`: a WebSocket ping answered). Its next read then starts a new task, after
 * the answers' promise chains have run.
 */
function finalizeAfterRead(conn: RpcConnection, hash: Hex, finalize: () => void): void {
  const { reads, caughtUp } = conn;
  if (!reads || !caughtUp) {
    setTimeout(finalize, FINALIZED_FALLBACK_MS).unref();
    return;
  }
  let done = false;
  const fire = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    cancel();
    finalize();
  };
  const fallback = setTimeout(fire, FINALIZED_FALLBACK_MS);
  fallback.unref();
  const cancel = reads.whenRead(hash, () => caughtUp(fire));
}

/** `author_*`: submitting (and watching) extrinsics, and the pool's content. */
export function authorMethods(node: DevnetNode): RpcMethodGroup {
  return new Map<string, RpcHandler>([
    ['author_submitExtrinsic', (params) => submitHex(node, params[0]).hash],
    ['author_pendingExtrinsics', () => node.pool.pending()],
    [
      'author_submitAndWatchExtrinsic',
      (params, conn) => {
        needWs(conn);
        const x = submitHex(node, params[0]);
        return conn.subscribe('author_extrinsicUpdate', (_id, send) => {
          queueMicrotask(() => send('ready'));
          return node.pool.watch(x.hash, {
            included: (e) => {
              send({ inBlock: e.block.hash });
              finalizeAfterRead(conn, e.block.hash, () => send({ finalized: e.block.hash }));
            },
            dropped: () => send('invalid'),
          });
        });
      },
    ],
    ['author_unwatchExtrinsic', unsubscribe('author_extrinsicUpdate')],
  ]);
}
