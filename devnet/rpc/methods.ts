import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import { toAccountId } from '../account.ts';
import { type BlockRecord, headerJson } from '../block/header.ts';
import type { DevnetNode, NewBlockEvent } from '../node.ts';
import type { Hex, StateReader } from '../pallet.ts';
import { CHAIN } from '../spec.ts';
import type { BlockReads } from './block-reads.ts';
import { chainHeadMethods } from './chain-head.ts';
import { chainSpecMethods } from './chain-spec.ts';
import { invalidParams, RPC, RpcError } from './errors.ts';
import { transactionMethods } from './transaction.ts';
import { transactionWatchMethods } from './transaction-watch.ts';

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

const MAX_KEYS_PAGE = 1000;

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

const isHash = (v: unknown): v is Hex => typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);

function optHash(v: unknown, what = 'block hash'): Hex | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isHash(v)) throw invalidParams(`${what} must be 32 bytes of 0x hex`);
  return v.toLowerCase() as Hex;
}

function hexKey(v: unknown, what = 'storage key'): Hex {
  if (typeof v !== 'string' || !isHex(v)) throw invalidParams(`${what} must be 0x hex`);
  return v.toLowerCase() as Hex;
}

function blockJson(b: BlockRecord) {
  return { block: { header: headerJson(b.header), extrinsics: b.extrinsics }, justifications: null };
}

const valueHex = (state: StateReader, key: Hex): Hex | null => {
  const v = state.get(key);
  return v === undefined ? null : (u8aToHex(v) as Hex);
};

function runtimeVersionJson(node: DevnetNode) {
  const v = node.runtime.runtimeVersion;
  return {
    specName: v.spec_name,
    implName: v.impl_name,
    authoringVersion: v.authoring_version,
    specVersion: v.spec_version,
    implVersion: v.impl_version,
    apis: v.apis,
    transactionVersion: v.transaction_version,
    stateVersion: 1,
    systemVersion: v.system_version,
  };
}

/**
 * The JSON-RPC method table: every method @polkadot/api uses at connect and
 * during signAndSend, plus chopsticks' dev_* methods.
 */
export function rpcMethods(node: DevnetNode): Map<string, RpcHandler> {
  const m = new Map<string, RpcHandler>();
  const add = (names: string | string[], h: RpcHandler) => {
    for (const n of Array.isArray(names) ? names : [names]) m.set(n, h);
  };

  const headSubscription = (event: 'block') => (params: unknown[], conn: RpcConnection, notification: string) => {
    void params;
    return conn.subscribe(notification, (_id, send) => {
      send(headerJson(node.head.header));
      const onBlock = (e: NewBlockEvent) => send(headerJson(e.block.header));
      node.on(event, onBlock);
      return () => node.off(event, onBlock);
    });
  };
  const subscribeHeads = headSubscription('block');
  const needWs = (conn: RpcConnection) => {
    if (!conn.canSubscribe) throw new RpcError(RPC.METHOD_NOT_FOUND, 'Subscriptions are not available on this transport (use WebSocket)');
  };
  const unsub =
    (notification: string): RpcHandler =>
    (params, conn) => {
      const id = params[0];
      if (typeof id !== 'string' && typeof id !== 'number') throw invalidParams('subscription id expected');
      return conn.unsubscribe(String(id), notification);
    };

  add('rpc_methods', () => ({ version: 1, methods: [...m.keys()].sort() }));

  // system
  add('system_chain', () => CHAIN.name);
  add('system_name', () => CHAIN.nodeName);
  add('system_version', () => CHAIN.nodeVersion);
  add('system_chainType', () => CHAIN.chainType);
  add('system_properties', () => ({ isEthereum: false, ss58Format: CHAIN.ss58Format, tokenDecimals: CHAIN.tokenDecimals, tokenSymbol: CHAIN.tokenSymbol }));
  add('system_health', () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }));
  add('system_localPeerId', () => '12D3KooWDevnetDevnetDevnetDevnetDevnetDevnet');
  add('system_localListenAddresses', () => []);
  add('system_nodeRoles', () => ['Authority']);
  add('system_peers', () => []);
  add('system_syncState', () => ({ startingBlock: 0, currentBlock: node.head.header.number, highestBlock: node.head.header.number }));
  add('system_accountNextIndex', (params) => {
    let who;
    try {
      who = toAccountId(params[0]);
    } catch {
      throw invalidParams('expected an SS58 address or 0x account id');
    }
    return node.nextNonce(who);
  });

  // chain
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
  add('chain_getHeader', async (params) => {
    const h = optHash(params[0]);
    const b = h ? await node.store.blockByHash(h) : node.head;
    return b ? headerJson(b.header) : null;
  });
  add('chain_getBlock', async (params, conn) => {
    const h = optHash(params[0]);
    const b = h ? await node.store.blockByHash(h) : node.head;
    if (h && b) conn.reads?.noteBlock(h);
    return b ? blockJson(b) : null;
  });
  add(['chain_getFinalizedHead', 'chain_getFinalisedHead'], () => node.head.hash);
  add(['chain_subscribeNewHeads', 'chain_subscribeNewHead', 'subscribe_newHead'], (p, c) => (needWs(c), subscribeHeads(p, c, 'chain_newHead')));
  add(['chain_subscribeFinalizedHeads', 'chain_subscribeFinalisedHeads'], (p, c) => (needWs(c), subscribeHeads(p, c, 'chain_finalizedHead')));
  add('chain_subscribeAllHeads', (p, c) => (needWs(c), subscribeHeads(p, c, 'chain_allHead')));
  add(['chain_unsubscribeNewHeads', 'chain_unsubscribeNewHead', 'unsubscribe_newHead'], unsub('chain_newHead'));
  add(['chain_unsubscribeFinalizedHeads', 'chain_unsubscribeFinalisedHeads'], unsub('chain_finalizedHead'));
  add('chain_unsubscribeAllHeads', unsub('chain_allHead'));
  add('state_unsubscribeStorage', unsub('state_storage'));
  add(['state_unsubscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion'], unsub('state_runtimeVersion'));
  add('author_unwatchExtrinsic', unsub('author_extrinsicUpdate'));

  // state
  add(['state_getRuntimeVersion', 'chain_getRuntimeVersion'], async (params) => {
    await node.at(optHash(params[0]));
    return runtimeVersionJson(node);
  });
  add(['state_subscribeRuntimeVersion', 'chain_subscribeRuntimeVersion'], (_p, conn) => {
    needWs(conn);
    return conn.subscribe('state_runtimeVersion', (_id, send) => {
      send(runtimeVersionJson(node));
      return () => undefined;
    });
  });
  add('state_getMetadata', async (params) => {
    await node.at(optHash(params[0]));
    await node.loadMetadata();
    return u8aToHex(node.metadata().v14);
  });
  add(['state_getStorage', 'state_getStorageAt'], async (params, conn) => {
    const key = hexKey(params[0]);
    const h = optHash(params[1]);
    const { state } = await node.at(h);
    if (h) conn.reads?.noteStorage(h);
    return valueHex(state, key);
  });
  add(['state_getStorageHash', 'state_getStorageHashAt'], async (params) => {
    const key = hexKey(params[0]);
    const { state } = await node.at(optHash(params[1]));
    const v = state.get(key);
    const { blake2AsHex } = await import('@polkadot/util-crypto');
    return v === undefined ? null : blake2AsHex(v, 256);
  });
  add(['state_getStorageSize', 'state_getStorageSizeAt'], async (params) => {
    const key = hexKey(params[0]);
    const { state } = await node.at(optHash(params[1]));
    return state.get(key)?.length ?? null;
  });
  add('state_queryStorageAt', async (params, conn) => {
    if (!Array.isArray(params[0])) throw invalidParams('expected an array of storage keys');
    const keys = params[0].map((k) => hexKey(k));
    const h = optHash(params[1]);
    const { block, state } = await node.at(h);
    if (h) conn.reads?.noteStorage(h);
    return [{ block: block.hash, changes: keys.map((k) => [k, valueHex(state, k)]) }];
  });
  add('state_getReadProof', async (params) => {
    if (!Array.isArray(params[0])) throw invalidParams('expected an array of storage keys');
    return node.readProof(params[0].map((k) => hexKey(k)), optHash(params[1]));
  });
  add(['state_getKeysPaged', 'state_getKeysPagedAt'], async (params) => {
    const prefix = params[0] === null || params[0] === undefined ? '0x' : hexKey(params[0], 'prefix');
    const count = params[1];
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw invalidParams('count must be a non-negative integer');
    if (count > MAX_KEYS_PAGE) throw new RpcError(RPC.STATE_ERROR, `count exceeds maximum value. value: ${count}, max: ${MAX_KEYS_PAGE}`);
    const start = params[2] === null || params[2] === undefined ? undefined : hexKey(params[2], 'start key');
    const { state } = await node.at(optHash(params[3]));
    const keys = state.keys(prefix as Hex).sort();
    const from = start ? keys.findIndex((k) => k > start) : 0;
    return from < 0 ? [] : keys.slice(from, from + count);
  });
  add('state_getKeys', async (params) => {
    const prefix = hexKey(params[0], 'prefix');
    const { state } = await node.at(optHash(params[1]));
    return state.keys(prefix).sort().slice(0, MAX_KEYS_PAGE);
  });
  add(['state_call', 'state_callAt'], async (params) => {
    const method = params[0];
    if (typeof method !== 'string') throw invalidParams('method name expected');
    const data = params[1] === undefined || params[1] === null ? '0x' : params[1];
    if (typeof data !== 'string' || !isHex(data)) throw invalidParams('call data must be 0x hex');
    const { block, state } = await node.at(optHash(params[2]));
    if (method.startsWith('Metadata_')) await node.loadMetadata();
    return u8aToHex(node.call(method, hexToU8a(data), block, state));
  });
  add('state_subscribeStorage', (params, conn) => {
    needWs(conn);
    const raw = params[0];
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw invalidParams('expected an array of storage keys');
    const keys = raw ? (raw as unknown[]).map((k) => hexKey(k)) : undefined;
    if (keys && keys.length > 1000) throw invalidParams('at most 1000 keys per storage subscription');
    return conn.subscribe('state_storage', (_id, send) => {
      if (keys) send({ block: node.head.hash, changes: keys.map((k) => [k, valueHex(node.store.state, k)]) });
      const onChange = (e: { block: BlockRecord; changedKeys: Hex[] }) => {
        const changed = keys ? keys.filter((k) => e.changedKeys.includes(k)) : e.changedKeys;
        if (changed.length) send({ block: e.block.hash, changes: changed.map((k) => [k, valueHex(node.store.state, k)]) });
      };
      node.on('block', onChange);
      node.on('storage', onChange);
      return () => {
        node.off('block', onChange);
        node.off('storage', onChange);
      };
    });
  });

  // author
  add('author_submitExtrinsic', (params) => node.submit(params[0]).hash);
  add('author_pendingExtrinsics', () => node.pendingExtrinsics());
  add('author_submitAndWatchExtrinsic', (params, conn) => {
    needWs(conn);
    const x = node.submit(params[0]);
    return conn.subscribe('author_extrinsicUpdate', (_id, send) => {
      queueMicrotask(() => send('ready'));
      return node.watchExtrinsic(x.hash, {
        included: (e) => {
          send({ inBlock: e.block.hash });
          finalizeAfterRead(conn, e.block.hash, () => send({ finalized: e.block.hash }));
        },
        dropped: () => send('invalid'),
      });
    });
  });

  // payment
  add('payment_queryInfo', async (params) => {
    await node.at(optHash(params[1]));
    return node.queryInfo(params[0]);
  });
  add('payment_queryFeeDetails', async (params) => {
    await node.at(optHash(params[1]));
    node.queryInfo(params[0]);
    return { inclusionFee: null, tip: '0x0' };
  });

  // dev (chopsticks-compatible)
  add('dev_newBlock', async (params) => {
    const opts = (params[0] ?? {}) as { count?: unknown; to?: unknown; transactions?: unknown };
    if (typeof opts !== 'object' || Array.isArray(opts)) throw invalidParams('expected { count?, to?, transactions? }');
    let count = 1;
    if (opts.count !== undefined && opts.count !== null) {
      if (typeof opts.count !== 'number' || !Number.isInteger(opts.count) || opts.count < 1) throw invalidParams('count must be a positive integer');
      count = opts.count;
    }
    if (opts.to !== undefined && opts.to !== null) {
      if (typeof opts.to !== 'number' || !Number.isInteger(opts.to)) throw invalidParams('to must be a block number');
      count = opts.to - node.head.header.number;
      if (count < 1) throw invalidParams(`to (${opts.to}) must be above the head (${node.head.header.number})`);
    }
    if (count > 10_000) throw invalidParams('at most 10000 blocks per dev_newBlock');
    const extra = Array.isArray(opts.transactions) ? opts.transactions.map((t) => node.decodeForBlock(t)) : [];
    const block = await node.newBlocks(count, extra);
    return block.hash;
  });
  add('dev_setStorage', async (params) => {
    if (params[1] !== undefined && params[1] !== null && optHash(params[1]) !== node.head.hash) {
      throw invalidParams('dev_setStorage only changes the head block on the devnet');
    }
    return node.setStorage(params[0]);
  });
  add('dev_timeTravel', (params) => node.timeTravel(params[0]));
  add('dev_setBlockBuildMode', (params) => {
    const mode = params[0];
    if (mode === 'Instant') node.setMode({ kind: 'instant' });
    else if (mode === 'Manual') node.setMode({ kind: 'manual' });
    else if (mode === 'Batch') node.setMode({ kind: 'interval', ms: 250 });
    else throw invalidParams("mode must be 'Batch', 'Instant' or 'Manual'");
    return null;
  });

  // the new JSON-RPC interface (paritytech/json-rpc-interface-spec): polkadot-api, smoldot clients, subxt
  for (const group of [chainHeadMethods(node), chainSpecMethods(node), transactionMethods(node), transactionWatchMethods(node)]) {
    for (const [name, h] of group) m.set(name, h);
  }
  return m;
}
