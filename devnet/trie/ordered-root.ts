import type { Hex } from '../pallet.ts';
import { Writer } from '../scale/codec.ts';
import { closedFormRoot } from './closed-form-root.ts';
import { LAYOUT_V0, type TrieLayout } from './trie.ts';

/** SCALE `Compact<u32>` of `i` as hex: the key of entry `i` of an ordered trie. */
function indexKey(i: number): string {
  const w = new Writer(5);
  w.compact(i);
  return Buffer.from(w.finish()).toString('hex');
}

/**
 * `Hash::ordered_trie_root`: the trie root of `values` keyed by their SCALE-compact index.
 * frame_system's `extrinsics_data_root` calls it with `StateVersion::V0` (and so does the block
 * builder for a runtime whose `system_version` is below 2, as subtensor's 1), so the extrinsics
 * root never hashes values.
 */
export function orderedTrieRoot(values: readonly Uint8Array[], layout: TrieLayout = LAYOUT_V0): Hex {
  return closedFormRoot(
    values.map((v, i) => [indexKey(i), v] as const),
    layout,
  );
}
