import type { SubtensorClient } from '../chain/client.ts';
import { blocksUntilEpoch } from '../chain/epoch-schedule.ts';
import { mechanismStorageIndex } from '../chain/timelock-weights.ts';
import { TimelockedCommitWatch, type WatchedCommit } from '../chain/timelocked-watch.ts';
import type { Metagraph } from '../chain/metagraph.ts';
import { withTimeout } from '../core/timeout.ts';
import { isSubnetError, SubnetError } from '../core/errors.ts';
import type { ChainStatus, MetagraphSource, PoolStatus, SubnetSnapshot, WeightRow } from './source.ts';

const U16 = 65535;
const RPC_TIMEOUT_MS = 15_000;

/**
 * Snapshots of one subnet read from a real chain through `SubtensorClient`:
 * a new-heads subscription wakes the reader, which reads the metagraph, the
 * weights and the tempo at the newest head. Heads that arrive during a read
 * are coalesced into one.
 */
export class ChainMetagraphSource implements MetagraphSource {
  constructor(
    private readonly client: SubtensorClient,
    private readonly netuid: number,
    private readonly options: { closeClient?: boolean; /** the mechanism whose incentive and weights are shown (default 0) */ mechid?: number } = {},
  ) {}

  private get mechid(): number {
    return this.options.mechid ?? 0;
  }

  async *snapshots(signal: AbortSignal): AsyncIterable<SubnetSnapshot> {
    if (!(await this.client.subnetExists(this.netuid))) {
      throw new SubnetError('CHAIN_NO_SUBNET', `subnet ${this.netuid} does not exist on ${this.client.url}`);
    }
    let newest = -1;
    let read = -1;
    let down = false;
    let wake: (() => void) | undefined;
    const onAbort = () => wake?.();
    // A dropped connection ends this iteration with an error, so the consumer
    // can say so; it calls snapshots() again to resume once the client is back.
    const onDisconnected = () => {
      down = true;
      wake?.();
    };
    signal.addEventListener('abort', onAbort);
    this.client.on('disconnected', onDisconnected);
    let unsubscribe: (() => void) | undefined;
    try {
      unsubscribe = await withTimeout(
        this.client.api.rpc.chain.subscribeNewHeads((header) => {
          newest = Math.max(newest, header.number.toNumber());
          wake?.();
        }),
        RPC_TIMEOUT_MS,
        'chain_subscribeNewHeads',
      );
      while (!signal.aborted) {
        if (down) throw new SubnetError('CHAIN_DISCONNECTED', `lost the connection to ${this.client.url}; reconnecting`);
        if (newest <= read) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
          continue;
        }
        const snapshot = await this.read();
        read = Math.max(newest, snapshot.metagraph.block);
        if (!signal.aborted) yield snapshot;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.client.off('disconnected', onDisconnected);
      unsubscribe?.();
    }
  }

  /** One snapshot at the newest block. */
  async read(): Promise<SubnetSnapshot> {
    const [metagraph, rows, tempo, kappa, trustComputed, alphaSymbol, pool, mechanismCount] = await Promise.all([
      this.client.getMetagraph(this.netuid, { mechid: this.mechid }),
      this.client.getWeights(mechanismStorageIndex(this.netuid, this.mechid)),
      this.client.getHyperparameter(this.netuid, 'tempo'),
      this.client.getHyperparameter(this.netuid, 'kappa'),
      this.trustComputed(),
      this.client.alphaSymbol(this.netuid),
      this.pool(),
      this.client.getMechanismCount(this.netuid),
    ]);
    const weights: WeightRow[] = Array.from({ length: metagraph.n }, (_, uid) => (rows.get(uid) ?? []).map(([dest, w]) => [dest, w / U16] as [number, number]));
    const header = await withTimeout(this.client.api.rpc.chain.getHeader(), RPC_TIMEOUT_MS, 'chain_getHeader');
    const status: ChainStatus = {
      url: this.client.url,
      chain: this.client.api.runtimeChain.toString(),
      block: metagraph.block,
      blockHash:
        header.number.toNumber() === metagraph.block
          ? header.hash.toHex()
          : (await withTimeout(this.client.api.rpc.chain.getBlockHash(metagraph.block), RPC_TIMEOUT_MS, 'chain_getBlockHash')).toHex(),
      seenAt: Date.now(),
      tempo: Number(tempo),
      blocksUntilEpoch: blocksUntilEpoch(this.netuid, Number(tempo), metagraph.block),
      connected: this.client.isConnected,
      kappa: Number(kappa) / U16,
      trustComputed,
      alphaSymbol,
      ...(pool ? { pool } : {}),
      mechanismCount,
      mechid: this.mechid,
    };
    const timelocked = await this.timelocked(metagraph);
    return { metagraph, weights, status, ...(timelocked ? { timelocked } : {}) };
  }

  /** The subnet's pool and name in TAO and alpha; undefined on a runtime without pools. */
  private async pool(): Promise<PoolStatus | undefined> {
    try {
      const [p] = await this.client.subnetPools([this.netuid]);
      const units = (rao: bigint) => Number(rao) / 1e9;
      return {
        name: p.name,
        price: units(p.price),
        taoIn: units(p.taoIn),
        alphaIn: units(p.alphaIn),
        alphaOut: units(p.alphaOut),
        emissionShare: p.emissionSharePpb === undefined ? null : units(p.emissionSharePpb),
      };
    } catch (err) {
      if (isSubnetError(err) && err.code === 'CHAIN_UNSUPPORTED') return undefined;
      throw err;
    }
  }

  private readonly watch = new TimelockedCommitWatch();

  /**
   * The subnet's timelocked commits: what `TimelockedWeightCommits` holds now, and for
   * commits that left it since, whether the chain revealed them (opened with the round's
   * pulse and compared with the committer's `Weights` row, as the chain decides).
   */
  private async timelocked(metagraph: Metagraph): Promise<WatchedCommit[] | undefined> {
    if (!this.client.hasStorage('SubtensorModule', 'TimelockedWeightCommits')) return undefined;
    const [stored, lastStoredRound] = await Promise.all([
      this.client.getTimelockedCommits(mechanismStorageIndex(this.netuid, this.mechid)),
      this.client.getDrandLastStoredRound(),
    ]);
    this.watch.update(metagraph.block, stored, lastStoredRound);
    for (const commit of this.watch.gone()) {
      const uid = metagraph.hotkeys.indexOf(commit.hotkey);
      const [signature, row] = await Promise.all([
        this.client.getDrandSignature(commit.revealRound),
        uid >= 0 ? this.client.getWeightsRow(mechanismStorageIndex(this.netuid, this.mechid), uid) : [],
      ]);
      this.watch.resolve(commit, metagraph.block, { signature, row });
    }
    return this.watch.list();
  }

  /**
   * A runtime that computes trust stores one `Trust` entry per uid each epoch;
   * subtensor's current Yuma (and the devnet) leave the storage empty, and the
   * metagraph's 0 then means "not computed", not "no trust".
   */
  private async trustComputed(): Promise<boolean> {
    const query = (this.client.api.query as Record<string, Record<string, ((netuid: number) => Promise<{ length?: number }>) | undefined> | undefined>)
      .subtensorModule?.trust;
    if (!query) return false;
    const stored = await withTimeout(query(this.netuid), RPC_TIMEOUT_MS, 'SubtensorModule.Trust');
    return (stored.length ?? 0) > 0;
  }

  async close(): Promise<void> {
    if (this.options.closeClient) await this.client.close();
  }
}
