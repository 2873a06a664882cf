import type { Metagraph } from '../chain/metagraph.ts';
import type { WatchedCommit } from '../chain/timelocked-watch.ts';

/**
 * The dashboard's data layer: everything the page shows about one subnet at one
 * block. The server only ever sees this interface, so the page does not care
 * whether the snapshots come from the devnet, a local subtensor or finney.
 */
export interface ChainStatus {
  /** endpoint the source reads from */
  url: string;
  /** `system_chain` name */
  chain: string;
  block: number;
  blockHash: string;
  /** wall-clock ms when the source saw this block */
  seenAt: number;
  tempo: number;
  /** blocks left until the subnet's next epoch (0 = the epoch runs in the next block) */
  blocksUntilEpoch: number;
  /** whether the source is currently connected */
  connected: boolean;
  /** the subnet's `kappa` as a proportion in [0, 1]: the stake share whose weights form consensus */
  kappa: number;
  /**
   * Whether the runtime computes Yuma's `trust`. Subtensor dropped it from the
   * epoch: its `Trust` storage stays empty and the metagraph reports 0.
   */
  trustComputed: boolean;
  /** the subnet's alpha symbol: stake and emission are alpha, never τ (default `α<netuid>`) */
  alphaSymbol?: string;
  /** the subnet's pool and name, where the runtime has pools */
  pool?: PoolStatus;
  /** the mechanisms the subnet runs (absent: one) and the one whose incentive and weights are shown */
  mechanismCount?: number;
  mechid?: number;
}

/** A subnet's pool at one block, in TAO and alpha (not RAO): what the price chart draws. */
export interface PoolStatus {
  /** `SubnetIdentitiesV3.subnet_name`, '' when unnamed */
  name: string;
  /** TAO per alpha */
  price: number;
  /** TAO in the pool (`SubnetTAO`) */
  taoIn: number;
  /** alpha in the pool (`SubnetAlphaIn`) and outstanding as stake (`SubnetAlphaOut`) */
  alphaIn: number;
  alphaOut: number;
  /** the subnet's share of the block's TAO emission in [0, 1]; null where the runtime records none */
  emissionShare: number | null;
}

/** One validator's weight row: `[uid, weight]` with weights as u16 proportions in [0, 1]. */
export type WeightRow = [number, number][];

export interface SubnetSnapshot {
  metagraph: Metagraph;
  /** `weights[uid]` is the row set by `uid` (empty when it set none) */
  weights: WeightRow[];
  status: ChainStatus;
  /** every validator's timelocked commits (commit-reveal v4): pending ones, then the latest outcomes; absent on a runtime without them */
  timelocked?: WatchedCommit[];
}

/**
 * Yields one snapshot per new block the source could read. Blocks that arrive
 * while a read is in flight are coalesced: the next read is at the newest head,
 * so a slow reader never falls behind the chain.
 */
export interface MetagraphSource {
  snapshots(signal: AbortSignal): AsyncIterable<SubnetSnapshot>;
  close(): Promise<void>;
}
