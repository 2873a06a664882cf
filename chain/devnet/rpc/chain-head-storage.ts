import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { Hex, StateReader } from '../pallet.ts';

export const STORAGE_QUERY_TYPES = ['value', 'hash', 'closestDescendantMerkleValue', 'descendantsValues', 'descendantsHashes'] as const;
export type StorageQueryType = (typeof STORAGE_QUERY_TYPES)[number];

export interface StorageQuery {
  key: Hex;
  type: StorageQueryType;
}

/** One item of an `operationStorageItems` event. */
export interface StorageResult {
  key: Hex;
  value?: Hex;
  hash?: Hex;
  closestDescendantMerkleValue?: Hex;
}

const hashOf = (v: Uint8Array): Hex => blake2AsHex(v, 256) as Hex;

/**
 * Stand-in for the trie Merkle value of `key`'s closest descendant: blake2-256
 * over every (key, value) pair at or under `key`, in key order. It changes
 * exactly when something under `key` changes, which is what clients use the
 * Merkle value for, but it is not the trie node's hash (the devnet's state is
 * not a trie). Undefined when nothing lives under `key`, as the spec says.
 */
function descendantsDigest(state: StateReader, key: Hex): Hex | undefined {
  const keys = state.keys(key).sort();
  if (!keys.length) return undefined;
  const parts: Uint8Array[] = [];
  for (const k of keys) {
    parts.push(Buffer.from(k.slice(2), 'hex'), state.get(k) ?? new Uint8Array(0));
  }
  return hashOf(Buffer.concat(parts));
}

/**
 * The results of `chainHead_v1_storage` items against one block's state, in
 * request order (descendants in key order). Read eagerly by the caller: the
 * state of a block is a view that later blocks change.
 */
export function storageResults(state: StateReader, queries: readonly StorageQuery[]): StorageResult[] {
  const out: StorageResult[] = [];
  for (const q of queries) {
    switch (q.type) {
      case 'value':
      case 'hash': {
        const v = state.get(q.key);
        if (v !== undefined) out.push(q.type === 'value' ? { key: q.key, value: u8aToHex(v) as Hex } : { key: q.key, hash: hashOf(v) });
        break;
      }
      case 'descendantsValues':
      case 'descendantsHashes':
        for (const k of state.keys(q.key).sort()) {
          const v = state.get(k);
          if (v === undefined) continue;
          out.push(q.type === 'descendantsValues' ? { key: k, value: u8aToHex(v) as Hex } : { key: k, hash: hashOf(v) });
        }
        break;
      case 'closestDescendantMerkleValue': {
        const digest = descendantsDigest(state, q.key);
        if (digest) out.push({ key: q.key, closestDescendantMerkleValue: digest });
        break;
      }
    }
  }
  return out;
}
