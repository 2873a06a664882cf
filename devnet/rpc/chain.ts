import { type BlockRecord, headerJson } from '../block/header.ts';
import type { NewBlockEvent } from '../block/executor.ts';
import type { DevnetNode } from '../node.ts';
import type { Hex } from '../scale/types.ts';
import { invalidParams } from './errors.ts';
import { needWs, optHash, unsubscribe } from './params.ts';
import type { RpcConnection, RpcHandler, RpcMethodGroup } from './types.ts';

/**
 * One JSON view per header object: every head subscription of every connection then notifies the
 * same object, which the server encodes once (a thousand subscriptions cost one encoding per block).
 */
const headerViews = new WeakMap<object, ReturnType<typeof headerJson>>();
function sharedHeaderJson(header: BlockRecord['header']): ReturnType<typeof headerJson> {
  let view = headerViews.get(header);
  if (view === undefined) {
    view = headerJson(header);
    headerViews.set(header, view);
  }
  return view;
}

function blockJson(b: BlockRecord) {
  return { block: { header: headerJson(b.header), extrinsics: b.extrinsics }, justifications: null };
}

/** `chain_*`: block hashes, headers and bodies, and head subscriptions (every head is final). */
export function chainMethods(node: DevnetNode): RpcMethodGroup {
  const m: RpcMethodGroup = new Map();
  const add = (names: string[], h: RpcHandler) => {
    for (const n of names) m.set(n, h);
  };
  // one node listener for every head subscription: thousands of them come and go without each
  // scanning the emitter's listener array on the way out
  const headSubscribers = new Set<(e: NewBlockEvent) => void>();
  const onBlock = (e: NewBlockEvent) => {
    for (const send of headSubscribers) send(e);
  };
  const subscribeHeads = (conn: RpcConnection, notification: string) => {
    needWs(conn);
    return conn.subscribe(notification, (_id, send) => {
      send(sharedHeaderJson(node.head.header));
      const subscriber = (e: NewBlockEvent) => send(sharedHeaderJson(e.block.header));
      if (headSubscribers.size === 0) node.on('block', onBlock);
      headSubscribers.add(subscriber);
      return () => {
        headSubscribers.delete(subscriber);
        if (headSubscribers.size === 0) node.off('block', onBlock);
      };
    });
  };

  add(['chain_getBlockHash', 'chain_getHead'], async (params) => {
    const one = async (n: unknown): Promise<Hex | null> => {
      if (n === undefined || n === null) return node.head.hash;
      const num = typeof n === 'string' && /^0x[0-9a-fA-F]+$/.test(n) ? parseInt(n, 16) : typeof n === 'string' && /^\d+$/.test(n) ? Number(n) : n;
      if (typeof num !== 'number' || !Number.isSafeInteger(num) || num < 0) throw invalidParams('block number must be a non-negative integer');
      return (await node.store.blockByNumber(num))?.hash ?? null;
    };
    if (Array.isArray(params[0])) return Promise.all(params[0].map(one));
    return one(params[0]);
  });
  add(['chain_getHeader'], async (params) => {
    const h = optHash(params[0]);
    const b = h ? await node.store.blockByHash(h) : node.head;
    return b ? headerJson(b.header) : null;
  });
  add(['chain_getBlock'], async (params, conn) => {
    const h = optHash(params[0]);
    const b = h ? await node.store.blockByHash(h) : node.head;
    if (h && b) conn.reads?.noteBlock(h);
    return b ? blockJson(b) : null;
  });
  add(['chain_getFinalizedHead', 'chain_getFinalisedHead'], () => node.head.hash);
  add(['chain_subscribeNewHeads', 'chain_subscribeNewHead', 'subscribe_newHead'], (_p, c) => subscribeHeads(c, 'chain_newHead'));
  add(['chain_subscribeFinalizedHeads', 'chain_subscribeFinalisedHeads'], (_p, c) => subscribeHeads(c, 'chain_finalizedHead'));
  add(['chain_subscribeAllHeads'], (_p, c) => subscribeHeads(c, 'chain_allHead'));
  add(['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead', 'unsubscribe_newHead'], unsubscribe('chain_newHead'));
  add(['chain_unsubscribeFinalizedHeads', 'chain_unsubscribeFinalisedHeads'], unsubscribe('chain_finalizedHead'));
  add(['chain_unsubscribeAllHeads'], unsubscribe('chain_allHead'));
  return m;
}
