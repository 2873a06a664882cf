import type { Hex } from '../pallet.ts';

/** How many block hashes a connection remembers reads of (oldest forgotten first). */
const REMEMBERED = 256;

interface Reads {
  block: boolean;
  storage: boolean;
  waiters: Set<() => void>;
}

/**
 * Which blocks one connection has read: the block itself (`chain_getBlock`) and
 * state at it (`state_getStorage`, `state_queryStorageAt`). On `{inBlock}`,
 * @polkadot/api's `signAndSend` fetches exactly these (the block and its
 * `System.Events`) and drops the InBlock result if `{finalized}` arrives first
 * (a `switchMap`), so a watched extrinsic's `finalized` waits for these reads.
 */
export class BlockReads {
  readonly #byHash = new Map<Hex, Reads>();

  noteBlock(hash: Hex): void {
    this.#note(hash).block = true;
    this.#settle(hash);
  }

  noteStorage(hash: Hex): void {
    this.#note(hash).storage = true;
    this.#settle(hash);
  }

  /** Calls `done` once both the block and state at it have been read; returns a cancel. */
  whenRead(hash: Hex, done: () => void): () => void {
    const r = this.#note(hash);
    if (r.block && r.storage) {
      done();
      return () => undefined;
    }
    r.waiters.add(done);
    return () => r.waiters.delete(done);
  }

  #note(hash: Hex): Reads {
    let r = this.#byHash.get(hash);
    if (!r) {
      r = { block: false, storage: false, waiters: new Set() };
      this.#byHash.set(hash, r);
      if (this.#byHash.size > REMEMBERED) {
        for (const [h, old] of this.#byHash) {
          if (old.waiters.size === 0) {
            this.#byHash.delete(h);
            break;
          }
        }
      }
    }
    return r;
  }

  #settle(hash: Hex): void {
    const r = this.#byHash.get(hash);
    if (!r || !r.block || !r.storage) return;
    for (const done of [...r.waiters]) done();
    r.waiters.clear();
  }
}
