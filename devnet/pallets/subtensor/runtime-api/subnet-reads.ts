import type { AccountId, ApiContext, StateReader } from '../../../pallet.ts';
import { NetworksAdded, SubnetworkN } from '../storage.ts';
import { alphaStakes, blocksAtRegistration, coldkeysOf, hotkeysOf, taoStakes, totalStakes } from './neuron-columns.ts';

/**
 * One subnet's state as the info APIs read it during one call: each column is
 * read on first use and kept, so a metagraph that needs the hotkeys for its
 * keys, axons and stakes reads `Keys` once, and a selective metagraph reads
 * only what it was asked for.
 */
export class SubnetReads {
  private memo = new Map<string, unknown>();

  constructor(
    readonly ctx: ApiContext,
    readonly netuid: number,
    /** `get_mechanism_storage_index`: where the mechanism's incentive and last-update rows are kept */
    readonly storageIndex: number = netuid,
  ) {}

  get state(): StateReader {
    return this.ctx.state;
  }

  private once<T>(key: string, read: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, read());
    return this.memo.get(key) as T;
  }

  get n(): number {
    return this.once('n', () => SubnetworkN.get(this.state, this.netuid));
  }
  get hotkeys(): AccountId[] {
    return this.once('hotkeys', () => hotkeysOf(this.state, this.netuid, this.n));
  }
  get coldkeys(): AccountId[] {
    return this.once('coldkeys', () => coldkeysOf(this.state, this.hotkeys));
  }
  get blocksAtRegistration(): bigint[] {
    return this.once('blocksAtRegistration', () => blocksAtRegistration(this.state, this.netuid, this.n));
  }
  get alphaStake(): bigint[] {
    return this.once('alphaStake', () => alphaStakes(this.state, this.netuid, this.hotkeys));
  }
  get taoStake(): bigint[] {
    return this.once('taoStake', () => taoStakes(this.state, this.netuid, this.hotkeys));
  }
  get totalStake(): bigint[] {
    return this.once('totalStake', () => totalStakes(this.alphaStake));
  }
}

/** `if_subnet_exist`. */
export function subnetExists(state: StateReader, netuid: number): boolean {
  return NetworksAdded.get(state, netuid);
}

/**
 * `get_all_subnet_netuids`: every netuid `NetworksAdded` has an entry for, in
 * the map's key order (Identity-hashed u16, so little-endian byte order: 256
 * comes before 1), as the runtime iterates it.
 */
export function allSubnetNetuids(state: StateReader): number[] {
  return NetworksAdded.entries(state).map(([[netuid]]) => netuid);
}

/** The added subnets from 0 up, as `get_subnets_info` walks them. */
export function addedNetuidsAscending(state: StateReader): number[] {
  return NetworksAdded.entries(state)
    .filter(([, added]) => added)
    .map(([[netuid]]) => netuid)
    .sort((a, b) => a - b);
}
