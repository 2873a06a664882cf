import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { BlockRecord } from '../block/header.ts';
import type { DevnetNode } from '../node.ts';
import type { Hex } from '../scale/types.ts';
import type { StateReader } from '../state/types.ts';
import { invalidParams, RPC, RpcError } from './errors.ts';
import { hexKey, needWs, optHash, unsubscribe } from './params.ts';
import type { RpcHandler, RpcMethodGroup } from './types.ts';

const MAX_KEYS_PAGE = 1000;

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

interface StorageChangeSet {
  block: Hex;
  changes: Array<[Hex, Hex | null]>;
}

/** One block's (or dev patch's) storage changes, as every storage subscription sees them. */
interface StorageChange {
  block: Hex;
  changed: ReadonlySet<Hex>;
  /** a changed key's new value, read and encoded once */
  value(key: Hex): Hex | null;
  /** every change, for the subscriptions without keys: one object, so its JSON is built once too */
  all(): StorageChangeSet;
}

/** `state_*`: storage reads and subscriptions, read proofs, runtime calls, metadata and version. */
/** The metadata's hex, built once per metadata blob rather than once per call (66 KB, asked in batches). */
const metadataHexes = new WeakMap<Uint8Array, string>();
function metadataHex(bytes: Uint8Array): string {
  let hex = metadataHexes.get(bytes);
  if (hex === undefined) {
    hex = u8aToHex(bytes);
    metadataHexes.set(bytes, hex);
  }
  return hex;
}

export function stateMethods(node: DevnetNode): RpcMethodGroup {
  const m: RpcMethodGroup = new Map();
  const add = (names: string[], h: RpcHandler) => {
    for (const n of names) m.set(n, h);
  };

  // one node listener for every storage subscription: a block's changed values are read and
  // encoded once, and the full change set built once, however many subscriptions report them
  const storageSubscribers = new Set<(change: StorageChange) => void>();
  const onStorageChange = (e: { block: BlockRecord; changedKeys: Hex[] }) => {
    const values = new Map<Hex, Hex | null>();
    const value = (k: Hex): Hex | null => {
      let v = values.get(k);
      if (v === undefined && !values.has(k)) {
        v = valueHex(node.store.state, k);
        values.set(k, v);
      }
      return v ?? null;
    };
    let all: StorageChangeSet | undefined;
    const change: StorageChange = {
      block: e.block.hash,
      changed: new Set(e.changedKeys),
      value,
      all: () => (all ??= { block: e.block.hash, changes: e.changedKeys.map((k) => [k, value(k)]) }),
    };
    for (const subscriber of storageSubscribers) subscriber(change);
  };

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
  add(['state_unsubscribeRuntimeVersion', 'chain_unsubscribeRuntimeVersion'], unsubscribe('state_runtimeVersion'));
  add(['state_getMetadata'], async (params) => {
    await node.at(optHash(params[0]));
    await node.loadMetadata();
    return metadataHex(node.metadata().v14);
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
    return v === undefined ? null : blake2AsHex(v, 256);
  });
  add(['state_getStorageSize', 'state_getStorageSizeAt'], async (params) => {
    const key = hexKey(params[0]);
    const { state } = await node.at(optHash(params[1]));
    return state.get(key)?.length ?? null;
  });
  add(['state_queryStorageAt'], async (params, conn) => {
    if (!Array.isArray(params[0])) throw invalidParams('expected an array of storage keys');
    const keys = params[0].map((k) => hexKey(k));
    const h = optHash(params[1]);
    const { block, state } = await node.at(h);
    if (h) conn.reads?.noteStorage(h);
    return [{ block: block.hash, changes: keys.map((k) => [k, valueHex(state, k)]) }];
  });
  add(['state_getReadProof'], async (params) => {
    if (!Array.isArray(params[0])) throw invalidParams('expected an array of storage keys');
    return node.readProof(
      params[0].map((k) => hexKey(k)),
      optHash(params[1]),
    );
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
  add(['state_getKeys'], async (params) => {
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
  add(['state_subscribeStorage'], (params, conn) => {
    needWs(conn);
    const raw = params[0];
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) throw invalidParams('expected an array of storage keys');
    const keys = raw ? (raw as unknown[]).map((k) => hexKey(k)) : undefined;
    if (keys && keys.length > 1000) throw invalidParams('at most 1000 keys per storage subscription');
    return conn.subscribe('state_storage', (_id, send) => {
      if (keys) send({ block: node.head.hash, changes: keys.map((k) => [k, valueHex(node.store.state, k)]) });
      const subscriber = (c: StorageChange) => {
        if (!keys) {
          if (c.changed.size) send(c.all());
          return;
        }
        const changed = keys.filter((k) => c.changed.has(k));
        if (changed.length) send({ block: c.block, changes: changed.map((k) => [k, c.value(k)]) });
      };
      if (storageSubscribers.size === 0) {
        node.on('block', onStorageChange);
        node.on('storage', onStorageChange);
      }
      storageSubscribers.add(subscriber);
      return () => {
        storageSubscribers.delete(subscriber);
        if (storageSubscribers.size === 0) {
          node.off('block', onStorageChange);
          node.off('storage', onStorageChange);
        }
      };
    });
  });
  add(['state_unsubscribeStorage'], unsubscribe('state_storage'));
  return m;
}
