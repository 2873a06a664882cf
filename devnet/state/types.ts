import type { Codec } from '../scale/codec.ts';
import type { Hex } from '../scale/types.ts';

/** Raw state: `0x` hex storage key → SCALE bytes. Typed access goes through `StorageItem`. */
export interface StateReader {
  get(key: Hex): Uint8Array | undefined;
  /** Every key that starts with `prefix` (unordered). */
  keys(prefix: Hex): Hex[];
  /** Optional: whether `key` holds a value, without producing its bytes. */
  has?(key: Hex): boolean;
  /** Optional typed fast path (the block overlay): the decoded value, a copy the caller owns; undefined when absent. */
  getValue?<T>(key: Hex, codec: Codec<T>): T | undefined;
}

export interface State extends StateReader {
  set(key: Hex, value: Uint8Array): void;
  delete(key: Hex): void;
  /** Optional typed fast path: stores `value` as `codec` would decode it, encoding later. */
  setValue?<T>(key: Hex, codec: Codec<T>, value: T): void;
}
