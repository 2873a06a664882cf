import type { Hex } from '../scale/types.ts';
import type { StateReader } from './types.ts';

/** `0x` + 64 hex chars: twox128(pallet) ++ twox128(item). */
const ITEM_PREFIX_LEN = 66;

/**
 * The committed state in memory, indexed by storage-item prefix so that
 * iterating one item (`entries`, `state_getKeysPaged`) does not scan all keys.
 */
export class MemoryState implements StateReader {
  private readonly map = new Map<Hex, Uint8Array>();
  private readonly byItem = new Map<string, Set<Hex>>();

  get size(): number {
    return this.map.size;
  }

  get(key: Hex): Uint8Array | undefined {
    return this.map.get(key);
  }

  keys(prefix: Hex): Hex[] {
    if (prefix.length >= ITEM_PREFIX_LEN) {
      const set = this.byItem.get(prefix.slice(0, ITEM_PREFIX_LEN));
      if (!set) return [];
      if (prefix.length === ITEM_PREFIX_LEN) return [...set];
      const out: Hex[] = [];
      for (const k of set) if (k.startsWith(prefix)) out.push(k);
      return out;
    }
    const out: Hex[] = [];
    for (const k of this.map.keys()) if (k.startsWith(prefix)) out.push(k);
    return out;
  }

  entries(): IterableIterator<[Hex, Uint8Array]> {
    return this.map.entries();
  }

  put(key: Hex, value: Uint8Array): void {
    if (!this.map.has(key)) {
      const p = key.slice(0, ITEM_PREFIX_LEN);
      let set = this.byItem.get(p);
      if (!set) this.byItem.set(p, (set = new Set()));
      set.add(key);
    }
    this.map.set(key, value);
  }

  del(key: Hex): void {
    if (!this.map.delete(key)) return;
    const p = key.slice(0, ITEM_PREFIX_LEN);
    const set = this.byItem.get(p);
    set?.delete(key);
    if (set?.size === 0) this.byItem.delete(p);
  }

  apply(changes: Map<Hex, Uint8Array | null>): void {
    for (const [k, v] of changes) {
      if (v === null) this.del(k);
      else this.put(k, v);
    }
  }
}
