import { randomBytes } from 'node:crypto';
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';
import { type BlockRecord, encodeHeader } from '../block/header.ts';
import type { NewBlockEvent } from '../block/executor.ts';
import type { DevnetNode } from '../node.ts';
import type { Hex } from '../scale/types.ts';
import type { StateReader } from '../state/types.ts';
import type { Trie } from '../trie/trie.ts';
import { type StorageQuery, type StorageResult, STORAGE_QUERY_TYPES, storageResults, withRuntimeCode } from './chain-head-storage.ts';
import { invalidParams, RPC, RpcError, toRpcError } from './errors.ts';
import type { RpcConnection, RpcHandler } from './types.ts';

/** The `chainHead_v1_*` error codes of the JSON-RPC interface spec. */
export const CHAIN_HEAD_ERROR = {
  /** too many `chainHead_v1_follow` subscriptions on the connection */
  REACHED_LIMITS: -32800,
  /** the block hash was not reported by this follow subscription, or was unpinned */
  INVALID_BLOCK: -32801,
  /** `chainHead_v1_call` on a follow subscription started with `withRuntime: false` */
  INVALID_RUNTIME_CALL: -32802,
  /** `chainHead_v1_continue` for an operation that is not waiting for it */
  INVALID_CONTINUE: -32803,
  /** the same hash twice in one `chainHead_v1_unpin` */
  DUPLICATE_HASHES: -32804,
} as const;

export interface ChainHeadLimits {
  /** follow subscriptions per connection (Substrate: 4) */
  maxFollowsPerConnection: number;
  /** pinned blocks per follow subscription before it gets `stop` (Substrate: 512); below the node's 1200 blocks of state */
  maxPinnedBlocks: number;
  /** operations in progress per follow subscription (each storage item counts one; the spec asks for at least 16) */
  maxOperations: number;
  /** storage items sent before an `operationWaitingForContinue` */
  storageItemsPerPage: number;
}

export const CHAIN_HEAD_LIMITS: ChainHeadLimits = { maxFollowsPerConnection: 4, maxPinnedBlocks: 512, maxOperations: 64, storageItemsPerPage: 256 };

interface Operation {
  /** operation slots it holds (storage: one per item) */
  weight: number;
  /** set while waiting for `chainHead_v1_continue` */
  resume?: () => void;
}

interface Follow {
  readonly id: string;
  readonly withRuntime: boolean;
  readonly pinned: Map<Hex, BlockRecord>;
  readonly operations: Map<string, Operation>;
  event(result: Record<string, unknown>): void;
}

/** A pinned block whose state the node no longer keeps: `operationInaccessible`, not `operationError`. */
class StateDiscarded extends Error {}

const SESSION = Symbol('chainHead');
type Session = Map<string, Follow>;

/** 0x hex, or `""` for no bytes (Substrate's `parse_hex_param` accepts it, and polkadot-api sends it for calls without parameters) */
const isHexParam = (v: unknown): v is string => v === '' || (typeof v === 'string' && isHex(v));

const isHash = (v: unknown): v is Hex => typeof v === 'string' && /^0x[0-9a-fA-F]{64}$/.test(v);

function hashParam(v: unknown, what = 'hash'): Hex {
  if (!isHash(v)) throw invalidParams(`${what} must be a 32-byte 0x hex block hash`);
  return v.toLowerCase() as Hex;
}

/** The connection's follow subscriptions (none over HTTP). */
function session(conn: RpcConnection): Session | undefined {
  const ctx = conn.context;
  if (!ctx) return undefined;
  let s = ctx.get(SESSION) as Session | undefined;
  if (!s) ctx.set(SESSION, (s = new Map()));
  return s;
}

const follow = (conn: RpcConnection, id: unknown): Follow | undefined => (typeof id === 'string' ? session(conn)?.get(id) : undefined);

/** The spec's answer of `body`, `call` and `storage` to a stale or unknown follow subscription (after checking the hash's form). */
function limitReached(hash: unknown): { result: 'limitReached' } {
  hashParam(hash);
  return { result: 'limitReached' };
}

/** The pinned block `hash` of `f`, or the spec's -32801. */
function pinnedBlock(f: Follow, hash: unknown): BlockRecord {
  const block = f.pinned.get(hashParam(hash));
  if (!block) throw new RpcError(CHAIN_HEAD_ERROR.INVALID_BLOCK, 'Invalid block hash: not reported by this follow subscription, or unpinned');
  return block;
}

/** The `spec` of a follow event's runtime: RuntimeVersion with `apis` as an object. */
function runtimeSpec(node: DevnetNode) {
  const v = node.runtime.runtimeVersion as {
    spec_name: string;
    impl_name: string;
    spec_version: number;
    impl_version: number;
    transaction_version: number;
    apis: [Hex, number][];
  };
  return {
    specName: v.spec_name,
    implName: v.impl_name,
    specVersion: v.spec_version,
    implVersion: v.impl_version,
    transactionVersion: v.transaction_version,
    apis: Object.fromEntries(v.apis),
  };
}

/**
 * `chainHead_v1_*` of the new JSON-RPC interface (what polkadot-api, smoldot
 * clients and subxt's new backend speak). Finality is instant on the devnet:
 * `initialized` (the head) is followed by `bestBlockChanged` (the head), then
 * each block is reported as `newBlock`, `bestBlockChanged` and `finalized`
 * (nothing is ever pruned). Every reported block stays pinned until
 * `chainHead_v1_unpin`; a subscription holding more than `maxPinnedBlocks`
 * gets `stop`. Operations answer `started` and report their result on the
 * follow subscription once the response has been sent.
 */
export function chainHeadMethods(node: DevnetNode, limits: ChainHeadLimits = CHAIN_HEAD_LIMITS): Map<string, RpcHandler> {
  const m = new Map<string, RpcHandler>();

  /** Registers an operation, or undefined when the subscription has no free slot. */
  const startOperation = (f: Follow, weight: number): string | undefined => {
    let used = 0;
    for (const op of f.operations.values()) used += op.weight;
    if (used + weight > limits.maxOperations) return undefined;
    const id = randomBytes(6).toString('hex');
    f.operations.set(id, { weight });
    return id;
  };

  /** Runs `work` after the `started` response has gone out, unless the operation was stopped meanwhile. */
  const later = (f: Follow, operationId: string, work: () => void | Promise<void>) =>
    setImmediate(() => {
      if (!f.operations.has(operationId)) return;
      Promise.resolve()
        .then(work)
        .catch((err: unknown) => {
          if (!f.operations.delete(operationId)) return;
          if (err instanceof StateDiscarded) f.event({ event: 'operationInaccessible', operationId });
          else f.event({ event: 'operationError', operationId, error: toRpcError(err)?.message ?? (err as Error)?.message ?? String(err) });
        });
    });

  const trieOf = (block: BlockRecord): Trie => {
    const trie = node.store.trieAt(block.header.number);
    if (!trie) throw new StateDiscarded(`trie of ${block.hash} is older than the node keeps`);
    return trie;
  };
  const runtimeVersion = () => node.runtime.runtimeVersion as { spec_name: string; spec_version: number };

  const stateOf = (block: BlockRecord): StateReader => {
    const state = node.store.stateAt(block.header.number);
    if (!state) throw new StateDiscarded(`state of ${block.hash} is older than the node keeps`);
    return state;
  };

  m.set('chainHead_v1_follow', (params, conn) => {
    const withRuntime = params[0];
    if (typeof withRuntime !== 'boolean') throw invalidParams('withRuntime must be a boolean');
    const follows = session(conn);
    if (!conn.canSubscribe || !follows) throw new RpcError(RPC.METHOD_NOT_FOUND, 'chainHead_v1_follow needs a WebSocket connection');
    if (follows.size >= limits.maxFollowsPerConnection) {
      throw new RpcError(
        CHAIN_HEAD_ERROR.REACHED_LIMITS,
        `Maximum number of chainHead_follow has been reached (${limits.maxFollowsPerConnection} per connection)`,
      );
    }
    return conn.subscribe('chainHead_v1_followEvent', (id, send) => {
      const f: Follow = { id, withRuntime, pinned: new Map(), operations: new Map(), event: send };
      follows.set(id, f);
      const head = node.head;
      f.pinned.set(head.hash, head);
      f.event(
        withRuntime
          ? { event: 'initialized', finalizedBlockHashes: [head.hash], finalizedBlockRuntime: { type: 'valid', spec: runtimeSpec(node) } }
          : { event: 'initialized', finalizedBlockHashes: [head.hash] },
      );
      // as Substrate: the initial best block is announced too (the finalized head; there are no unfinalized blocks)
      f.event({ event: 'bestBlockChanged', bestBlockHash: head.hash });
      const onBlock = ({ block }: NewBlockEvent) => {
        f.pinned.set(block.hash, block);
        if (f.pinned.size > limits.maxPinnedBlocks) {
          // the client stopped unpinning: the spec's way out is `stop`, after which the subscription is gone
          f.event({ event: 'stop' });
          conn.unsubscribe(id, 'chainHead_v1_followEvent');
          return;
        }
        const newBlock: Record<string, unknown> = { event: 'newBlock', blockHash: block.hash, parentBlockHash: block.header.parentHash };
        if (withRuntime) newBlock.newRuntime = null;
        f.event(newBlock);
        f.event({ event: 'bestBlockChanged', bestBlockHash: block.hash });
        f.event({ event: 'finalized', finalizedBlockHashes: [block.hash], prunedBlockHashes: [] });
      };
      node.on('block', onBlock);
      return () => {
        node.off('block', onBlock);
        follows.delete(id);
        f.operations.clear();
        f.pinned.clear();
      };
    });
  });

  m.set('chainHead_v1_unfollow', (params, conn) => {
    if (follow(conn, params[0])) conn.unsubscribe(params[0] as string, 'chainHead_v1_followEvent');
    return null;
  });

  m.set('chainHead_v1_header', (params, conn) => {
    const f = follow(conn, params[0]);
    if (!f) {
      hashParam(params[1]);
      return null;
    }
    return u8aToHex(encodeHeader(pinnedBlock(f, params[1]).header));
  });

  m.set('chainHead_v1_body', (params, conn) => {
    const f = follow(conn, params[0]);
    if (!f) return limitReached(params[1]);
    const block = pinnedBlock(f, params[1]);
    const operationId = startOperation(f, 1);
    if (!operationId) return { result: 'limitReached' };
    later(f, operationId, () => {
      f.operations.delete(operationId);
      f.event({ event: 'operationBodyDone', operationId, value: block.extrinsics });
    });
    return { result: 'started', operationId };
  });

  m.set('chainHead_v1_call', (params, conn) => {
    const [sub, hash, fn, data] = params;
    if (typeof fn !== 'string' || !fn) throw invalidParams('function must be a runtime API method name');
    if (!isHexParam(data)) throw invalidParams('callParameters must be 0x hex');
    const f = follow(conn, sub);
    if (!f) return limitReached(hash);
    const block = pinnedBlock(f, hash);
    if (!f.withRuntime)
      throw new RpcError(CHAIN_HEAD_ERROR.INVALID_RUNTIME_CALL, 'Invalid runtime call: the follow subscription was started with withRuntime: false');
    const operationId = startOperation(f, 1);
    if (!operationId) return { result: 'limitReached' };
    later(f, operationId, async () => {
      if (fn.startsWith('Metadata_')) await node.loadMetadata();
      if (!f.operations.has(operationId)) return;
      const output = u8aToHex(node.call(fn, data ? hexToU8a(data) : new Uint8Array(0), block, stateOf(block)));
      f.operations.delete(operationId);
      f.event({ event: 'operationCallDone', operationId, output });
    });
    return { result: 'started', operationId };
  });

  m.set('chainHead_v1_storage', (params, conn) => {
    const [sub, hash, rawItems, childTrie] = params;
    if (!Array.isArray(rawItems)) throw invalidParams('items must be an array of { key, type }');
    const queries: StorageQuery[] = rawItems.map((it: unknown, i) => {
      const { key, type } = (it ?? {}) as { key?: unknown; type?: unknown };
      if (!isHexParam(key)) throw invalidParams(`items[${i}].key must be 0x hex`);
      if (!STORAGE_QUERY_TYPES.includes(type as never)) throw invalidParams(`items[${i}].type must be one of ${STORAGE_QUERY_TYPES.join(', ')}`);
      return { key: (key ? key.toLowerCase() : '0x') as Hex, type: type as StorageQuery['type'] };
    });
    if (childTrie !== undefined && childTrie !== null && (typeof childTrie !== 'string' || !isHex(childTrie)))
      throw invalidParams('childTrie must be null or 0x hex');
    const f = follow(conn, sub);
    if (!f) return limitReached(hash);
    const block = pinnedBlock(f, hash);
    let used = 0;
    for (const op of f.operations.values()) used += op.weight;
    const accepted = Math.min(queries.length, limits.maxOperations - used);
    if (accepted <= 0 && queries.length > 0) return { result: 'limitReached' };
    const operationId = startOperation(f, accepted)!;
    // the devnet has no child tries: a child-trie query finds nothing
    let results: StorageResult[] | undefined;
    let sent = 0;
    const page = () => {
      const op = f.operations.get(operationId);
      if (!op) return;
      // read at once, in one task: a block's state is a view that the next block changes
      results ??= childTrie ? [] : storageResults(withRuntimeCode(stateOf(block), runtimeVersion()), queries.slice(0, accepted), () => trieOf(block));
      op.resume = undefined;
      const items: StorageResult[] = results.slice(sent, sent + limits.storageItemsPerPage);
      sent += items.length;
      if (items.length) f.event({ event: 'operationStorageItems', operationId, items });
      if (sent >= results.length) {
        f.operations.delete(operationId);
        f.event({ event: 'operationStorageDone', operationId });
        return;
      }
      op.resume = () => setImmediate(page);
      f.event({ event: 'operationWaitingForContinue', operationId });
    };
    later(f, operationId, page);
    return { result: 'started', operationId, discardedItems: queries.length - accepted };
  });

  m.set('chainHead_v1_continue', (params, conn) => {
    const f = follow(conn, params[0]);
    if (typeof params[1] !== 'string') throw invalidParams('operationId must be a string');
    if (!f) return null;
    const resume = f.operations.get(params[1])?.resume;
    if (!resume) throw new RpcError(CHAIN_HEAD_ERROR.INVALID_CONTINUE, 'Invalid continue: the operation is not waiting for chainHead_v1_continue');
    f.operations.get(params[1])!.resume = undefined;
    resume();
    return null;
  });

  m.set('chainHead_v1_stopOperation', (params, conn) => {
    if (typeof params[1] !== 'string') throw invalidParams('operationId must be a string');
    follow(conn, params[0])?.operations.delete(params[1]);
    return null;
  });

  m.set('chainHead_v1_unpin', (params, conn) => {
    const raw = params[1];
    const hashes = (Array.isArray(raw) ? raw : [raw]).map((h) => hashParam(h, 'hashOrHashes'));
    const f = follow(conn, params[0]);
    if (!f) return null;
    if (new Set(hashes).size !== hashes.length) throw new RpcError(CHAIN_HEAD_ERROR.DUPLICATE_HASHES, 'Received duplicate hashes for chainHead_v1_unpin');
    // all or nothing: an error unpins no block
    for (const h of hashes) pinnedBlock(f, h);
    for (const h of hashes) f.pinned.delete(h);
    return null;
  });

  return m;
}
