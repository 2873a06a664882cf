import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { Hex, StateReader } from '../pallet.ts';
import type { Trie } from '../trie/trie.ts';

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

/** `:code`, where a Substrate chain keeps its Wasm runtime. */
export const RUNTIME_CODE_KEY = '0x3a636f6465' as Hex;

/**
 * The devnet's runtime is TypeScript, so its state has no `:code`. Clients of
 * the new interface tell runtimes apart by the hash of `:code` (polkadot-api
 * reads it for every `initialized` and `newRuntime` block), so this view of a
 * block's state answers `:code` with a stand-in that names the runtime and
 * its spec version: one runtime, one code hash, a new one if the version changes.
 */
export function withRuntimeCode(state: StateReader, runtime: { spec_name: string; spec_version: number }): StateReader {
  const code = new TextEncoder().encode(`subnetkit devnet runtime (no Wasm): ${runtime.spec_name} spec_version ${runtime.spec_version}`);
  return {
    get: (key) => state.get(key) ?? (key === RUNTIME_CODE_KEY ? code : undefined),
    keys(prefix) {
      const keys = state.keys(prefix);
      return RUNTIME_CODE_KEY.startsWith(prefix) && !keys.includes(RUNTIME_CODE_KEY) ? [...keys, RUNTIME_CODE_KEY] : keys;
    },
  };
}

/**
 * The results of `chainHead_v1_storage` items against one block's state and
 * trie, in request order (descendants in key order). Read them at once: the
 * state of a block is a view that later blocks change.
 */
export function storageResults(state: StateReader, queries: readonly StorageQuery[], trie: () => Trie): StorageResult[] {
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
        // the trie node's hash, or its encoding when under 32 bytes; the root's hash for the root
        const merkle = trie().closestDescendantMerkleValue(q.key);
        if (merkle) out.push({ key: q.key, closestDescendantMerkleValue: u8aToHex(merkle) as Hex });
        break;
      }
    }
  }
  return out;
}
