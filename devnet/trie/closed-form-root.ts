import type { Hex } from '../pallet.ts';
import { blake2_256 } from './blake2.ts';
import { commonPrefix, keyNibbles, type Nibbles, nibbleAt } from './nibbles.ts';
import { EMPTY_NODE, encodeNodeTransient, HASH_LENGTH, type NodeValue } from './node-codec.ts';
import type { TrieLayout } from './trie.ts';

/**
 * trie-root's `trie_root_no_extension`: the root of a set of entries computed in one pass over
 * them sorted, with no trie kept. For a trie built once and thrown away (a block's extrinsics),
 * this costs the node hashes and little else.
 */
export function closedFormRoot(entries: Iterable<readonly [Hex | string, Uint8Array]>, layout: TrieLayout): Hex {
  const sorted = [...entries].map(([k, v]) => [keyNibbles(k), v] as [Nibbles, Uint8Array]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const keys = sorted.map(([k]) => k);
  const values = sorted.map(([, v]) => v);
  if (!keys.length) return toHex(blake2_256(EMPTY_NODE));
  const ref = reference(keys, values, 0, keys.length, 0, layout);
  return toHex(ref.length === HASH_LENGTH ? ref : blake2_256(ref));
}

const toHex = (b: Uint8Array): Hex => `0x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}` as Hex;

/** The reference (hash, or inline encoding) of the node holding keys[lo..hi), whose paths agree up to `depth`. */
function reference(keys: Nibbles[], values: Uint8Array[], lo: number, hi: number, depth: number, layout: TrieLayout): Uint8Array {
  const first = keys[lo];
  // sorted: the common prefix of the first and last key is the range's
  const end = hi - lo === 1 ? first.length : depth + commonPrefix(first.slice(depth), keys[hi - 1], depth);
  let value: NodeValue | undefined;
  if (first.length === end) {
    const v = values[lo];
    value = layout.maxInlineValue !== undefined && v.length >= layout.maxInlineValue ? { hashed: blake2_256(v) } : { inline: v };
    lo++;
  }
  let children: (Uint8Array | undefined)[] | undefined;
  if (lo < hi) {
    children = new Array<Uint8Array | undefined>(16);
    let start = lo;
    while (start < hi) {
      const nibble = nibbleAt(keys[start], end);
      let stop = start + 1;
      while (stop < hi && nibbleAt(keys[stop], end) === nibble) stop++;
      children[nibble] = reference(keys, values, start, stop, end + 1, layout);
      start = stop;
    }
  }
  const encoded = encodeNodeTransient({ partial: first.slice(depth, end), value, children });
  return encoded.length < HASH_LENGTH ? encoded.slice() : blake2_256(encoded);
}
