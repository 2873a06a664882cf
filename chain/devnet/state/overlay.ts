import type { Hex, State, StateReader } from '../pallet.ts';

type Layer = Map<Hex, Uint8Array | null>;

/**
 * Copy-on-write view over committed state used while a block executes.
 * Layers nest (extrinsic dispatch, `ctx.transactional`, nested calls): a
 * failed dispatch drops its layer, a successful one merges into the parent.
 */
export class Overlay implements State {
  private readonly layers: Layer[] = [new Map()];

  constructor(private readonly base: StateReader) {}

  get(key: Hex): Uint8Array | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const v = this.layers[i].get(key);
      if (v !== undefined) return v ?? undefined;
    }
    return this.base.get(key);
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

  /** All changes (null = deleted); only valid with no nested layer open. */
  changes(): Map<Hex, Uint8Array | null> {
    return this.layers[0];
  }
}
