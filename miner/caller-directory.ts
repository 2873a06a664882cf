import type { Metagraph } from '../chain/metagraph.ts';

/** What the miner knows about a caller, from the latest metagraph. */
export interface CallerRecord {
  uid: number;
  /** TAO */
  stake: number;
  validatorPermit: boolean;
}

/**
 * Who may call: the registered hotkeys of the subnet with their stake and
 * permit, refreshed from each metagraph sync. Lookups are O(1) because they
 * run on every connection and request.
 */
export class CallerDirectory {
  private byHotkey = new Map<string, CallerRecord>();
  /** block of the metagraph in use; undefined before the first sync */
  block?: number;

  update(metagraph: Metagraph): void {
    const next = new Map<string, CallerRecord>();
    for (let uid = 0; uid < metagraph.hotkeys.length; uid++) {
      next.set(metagraph.hotkeys[uid], { uid, stake: metagraph.stake[uid] ?? 0, validatorPermit: metagraph.validatorPermit[uid] ?? false });
    }
    this.byHotkey = next;
    this.block = metagraph.block;
  }

  lookup(hotkey: string): CallerRecord | undefined {
    return this.byHotkey.get(hotkey);
  }

  get synced(): boolean {
    return this.block !== undefined;
  }

  get size(): number {
    return this.byHotkey.size;
  }
}
