import { SubnetError } from '../../core/errors.ts';
import type { Hex } from '../pallet.ts';
import { blake2_256 } from './blake2.ts';
import { keyNibbles, nibbleAt } from './nibbles.ts';
import { decodeNode, HASH_LENGTH, type NodeParts } from './node-codec.ts';
import type { Trie } from './trie.ts';

const toHex = (b: Uint8Array): Hex => `0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}` as Hex;
const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.startsWith('0x') ? h.slice(2) : h, 'hex'));

/**
 * The read proof of `keys`, as `state_getReadProof` answers it: every node a lookup of each key
 * fetches from the database by hash (the root, then each child referenced by hash: inline
 * children travel inside their parent), plus, in V1, the value node of a hashed value the lookup
 * reads. A key that is absent is proven by the nodes on its path up to where it leaves the trie.
 * Like sp-trie's `StorageProof` (a `BTreeSet<Vec<u8>>`), the nodes come once each, sorted by bytes.
 */
export function readProof(trie: Trie, keys: Iterable<Hex | string>): Hex[] {
  const nodes = new Set<Hex>();
  const top = trie.top;
  for (const key of keys) {
    if (!top) {
      nodes.add('0x00' as Hex);
      continue;
    }
    const path = keyNibbles(key);
    nodes.add(toHex(trie.encoding(top)));
    let node = top;
    let at = 0;
    for (;;) {
      if (!path.startsWith(node.partial, at)) break;
      const pos = at + node.partial.length;
      if (pos === path.length) {
        if (node.value !== undefined && trie.isHashedValue(node.value)) nodes.add(toHex(node.value));
        break;
      }
      const child = node.children?.[nibbleAt(path, pos)];
      if (!child) break;
      const encoded = trie.encoding(child);
      if (encoded.length >= HASH_LENGTH) nodes.add(toHex(encoded));
      node = child;
      at = pos + 1;
    }
  }
  // lowercase hex of equal-width bytes sorts as the bytes do
  return [...nodes].sort();
}

/**
 * Checks `key` against `root` with the nodes of a read proof: the value proven (undefined when the
 * proof shows the key absent). Throws `TRIE_PROOF_INCOMPLETE` when a node on the key's path is
 * missing from the proof, `TRIE_NODE_CODEC` when a node does not decode.
 */
export function verifyReadProof(root: Hex | Uint8Array, proof: Iterable<Hex | Uint8Array>, key: Hex | string): Uint8Array | undefined {
  const byHash = new Map<string, Uint8Array>();
  for (const entry of proof) {
    const bytes = typeof entry === 'string' ? fromHex(entry) : entry;
    byHash.set(toHex(blake2_256(bytes)), bytes);
  }
  const fetch = (hash: Uint8Array, what: string): Uint8Array => {
    const found = byHash.get(toHex(hash));
    if (!found) throw new SubnetError('TRIE_PROOF_INCOMPLETE', `read proof for ${key}: ${what} ${toHex(hash)} is not in the proof`);
    return found;
  };
  const path = keyNibbles(key);
  let node: NodeParts = decodeNode(fetch(typeof root === 'string' ? fromHex(root) : root, 'the root node'));
  let at = 0;
  for (;;) {
    if (!path.startsWith(node.partial, at)) return undefined;
    const pos = at + node.partial.length;
    if (pos === path.length) {
      const v = node.value;
      if (!v) return undefined;
      return 'inline' in v ? v.inline : fetch(v.hashed, 'the value node');
    }
    const ref = node.children?.[nibbleAt(path, pos)];
    if (!ref) return undefined;
    node = decodeNode(ref.length === HASH_LENGTH ? fetch(ref, 'node') : ref);
    at = pos + 1;
  }
}
