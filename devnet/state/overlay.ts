import type { Hex } from '../scale/types.ts';
import type { State, StateReader } from './types.ts';
import { type Codec, cloneDecoded, decode, encode, NOT_CANONICAL } from '../scale/codec.ts';

/**
 * A value written or read through a storage item: kept decoded, so that the
 * many reads and writes of the same keys within a block (an account's nonce,
 * its balance, the destination's balance) cost a copy instead of a SCALE
 * round trip. `value` is owned by the overlay and never handed out; `bytes`
 * is its encoding, computed once when needed (raw reads, the block's changes).
 */
interface Cell {
  codec: Codec;
  value: unknown;
  bytes?: Uint8Array;
}

type Entry = Uint8Array | Cell | null;
type Layer = Map<Hex, Entry>;

const isCell = (e: Uint8Array | Cell): e is Cell => !(e instanceof Uint8Array);

function cellBytes(cell: Cell): Uint8Array {
  return (cell.bytes ??= encode(cell.codec, cell.value));
}

/**
 * Copy-on-write view over committed state used while a block executes.
 * Layers nest (extrinsic dispatch, `ctx.transactional`, nested calls): a
 * failed dispatch drops its layer, a successful one merges into the parent.
 * Cells are immutable once stored, so layers may share them.
 */
export class Overlay implements State {
  private readonly layers: Layer[] = [new Map()];
  /** decoded values of base-state keys read during this block (the base does not change meanwhile) */
  private readonly baseCells = new Map<Hex, Cell>();

  constructor(private readonly base: StateReader) {}

  /** The entry for `key` in the topmost layer that has one, with that layer; undefined when no layer has it. */
  private find(key: Hex): { entry: Entry; layer: Layer } | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const entry = this.layers[i].get(key);
      if (entry !== undefined) return { entry, layer: this.layers[i] };
    }
    return undefined;
  }

  get(key: Hex): Uint8Array | undefined {
    const hit = this.find(key);
    if (hit === undefined) return this.base.get(key);
    const e = hit.entry;
    if (e === null) return undefined;
    return isCell(e) ? cellBytes(e) : e;
  }

  has(key: Hex): boolean {
    const hit = this.find(key);
    if (hit === undefined) return this.base.get(key) !== undefined;
    return hit.entry !== null;
  }

  /** The decoded value at `key` (a copy the caller may mutate); undefined when absent. */
  getValue<T>(key: Hex, codec: Codec<T>): T | undefined {
    const hit = this.find(key);
    let cell: Cell | undefined;
    if (hit === undefined) {
      cell = this.baseCells.get(key);
      if (cell === undefined || cell.codec !== codec) {
        const raw = this.base.get(key);
        if (raw === undefined) return undefined;
        cell = { codec, value: decode(codec, raw), bytes: raw };
        this.baseCells.set(key, cell);
      }
    } else {
      const e = hit.entry;
      if (e === null) return undefined;
      if (isCell(e) && e.codec === codec) cell = e;
      else {
        // raw bytes (or a value written through another codec): decode once, keep it decoded in place
        const raw = isCell(e) ? cellBytes(e) : e;
        cell = { codec, value: decode(codec, raw), bytes: raw };
        hit.layer.set(key, cell);
      }
    }
    return cloneDecoded(cell.value) as T;
  }

  /**
   * Stores `value` decoded; its SCALE bytes are computed once, when the block's
   * changes are taken. A value not in decoded form (an SS58 address, a number
   * for a u64) takes the SCALE round trip now, so it reads back exactly as it
   * did when every write was encoded, and a value that cannot be encoded throws
   * here, inside the dispatch that wrote it.
   */
  setValue<T>(key: Hex, codec: Codec<T>, value: T): void {
    const copy = codec.canonical ? codec.canonical(value) : NOT_CANONICAL;
    let cell: Cell;
    if (copy === NOT_CANONICAL) {
      const bytes = encode(codec, value);
      cell = { codec, value: decode(codec, bytes), bytes };
    } else cell = { codec, value: copy };
    this.layers[this.layers.length - 1].set(key, cell);
  }

  keys(prefix: Hex): Hex[] {
    const out = new Set(this.base.keys(prefix));
    for (const layer of this.layers) {
      for (const [k, v] of layer) {
        if (!k.startsWith(prefix)) continue;
        if (v === null) out.delete(k);
        else out.add(k);
      }
    }
    return [...out];
  }

  set(key: Hex, value: Uint8Array): void {
    this.layers[this.layers.length - 1].set(key, value);
  }

  delete(key: Hex): void {
    this.layers[this.layers.length - 1].set(key, null);
  }

  push(): void {
    this.layers.push(new Map());
  }

  commit(): void {
    if (this.layers.length < 2) throw new Error('Overlay.commit without a nested layer');
    const top = this.layers.pop()!;
    const below = this.layers[this.layers.length - 1];
    for (const [k, v] of top) below.set(k, v);
  }

  rollback(): void {
    if (this.layers.length < 2) throw new Error('Overlay.rollback without a nested layer');
    this.layers.pop();
  }

  /** Runs `fn` in a nested layer: merged on return, dropped if it throws. */
  transactional<T>(fn: () => T): T {
    this.push();
    try {
      const r = fn();
      this.commit();
      return r;
    } catch (err) {
      this.rollback();
      throw err;
    }
  }

  depth(): number {
    return this.layers.length;
  }

  /** All changes as SCALE bytes (null = deleted), each changed key encoded once; only valid with no nested layer open. */
  changes(): Map<Hex, Uint8Array | null> {
    if (this.layers.length !== 1) throw new Error('Overlay.changes with a nested layer open');
    const out = new Map<Hex, Uint8Array | null>();
    for (const [k, e] of this.layers[0]) out.set(k, e === null || !isCell(e) ? e : cellBytes(e));
    return out;
  }
}
