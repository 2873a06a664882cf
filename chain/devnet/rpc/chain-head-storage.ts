import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { Hex, StateReader } from '../pallet.ts';
import { keyNibbles, nibbleAt } from '../trie/nibbles.ts';
import type { Trie, TrieNode } from '../trie/trie.ts';

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
 * The trie Merkle value of the closest descendant of `key` (the node at `key`
 * itself when there is one, else the first node below it, branch nodes
 * included): its hash, or its encoding when that is under 32 bytes; the root's
 * is always its hash. Undefined when nothing lives under `key`, as the spec says.
 */
export function closestDescendantMerkleValue(trie: Trie, key: Hex): Hex | undefined {
  const path = keyNibbles(key);
  let node: TrieNode | undefined = trie.top;
  let at = 0;
  while (node) {
    const rest = path.length - at;
    // the key ends inside (or at the end of) this node's partial key: this node is the closest descendant
    if (rest <= node.partial.length) {
      if (!node.partial.startsWith(path.slice(at))) return undefined;
      return u8aToHex(node === trie.top ? trie.root() : trie.reference(node)) as Hex;
    }
    if (!path.startsWith(node.partial, at)) return undefined;
    at += node.partial.length;
    node = node.children?.[nibbleAt(path, at)];
    at += 1;
  }
  return undefined;
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
        const merkle = closestDescendantMerkleValue(trie(), q.key);
        if (merkle) out.push({ key: q.key, closestDescendantMerkleValue: merkle });
        break;
      }
    }
  }
  return out;
}
