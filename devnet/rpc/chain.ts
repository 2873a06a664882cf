import { type BlockRecord, headerJson } from '../block/header.ts';
import type { NewBlockEvent } from '../block/executor.ts';
import type { DevnetNode } from '../node.ts';
import type { Hex } from '../scale/types.ts';
import { invalidParams } from './errors.ts';
import { needWs, optHash, unsubscribe } from './params.ts';
import type { RpcConnection, RpcHandler, RpcMethodGroup } from './types.ts';

function blockJson(b: BlockRecord) {
  return { block: { header: headerJson(b.header), extrinsics: b.extrinsics }, justifications: null };
}

/** `chain_*`: block hashes, headers and bodies, and head subscriptions (every head is final). */
export function chainMethods(node: DevnetNode): RpcMethodGroup {
  const m: RpcMethodGroup = new Map();
  const add = (names: string[], h: RpcHandler) => {
    for (const n of names) m.set(n, h);
  };
  const subscribeHeads = (conn: RpcConnection, notification: string) => {
    needWs(conn);
    return conn.subscribe(notification, (_id, send) => {
      send(headerJson(node.head.header));
      const onBlock = (e: NewBlockEvent) => send(headerJson(e.block.header));
      node.on('block', onBlock);
      return () => node.off('block', onBlock);
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
