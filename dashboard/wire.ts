import { diagnoseConsensus, type ConsensusDiagnosis } from '../validator/consensus-reach.ts';
import type { WatchedCommit } from '../chain/timelocked-watch.ts';
import type { ChainStatus, SubnetSnapshot, WeightRow } from './source.ts';

/**
 * What travels to the browser: plain JSON, one object per neuron, so the page
 * needs no knowledge of typed arrays or of the chain's storage layout.
 */
export interface WireNeuron {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** TAO */
  stake: number;
  rank: number;
  trust: number;
  consensus: number;
  incentive: number;
  dividends: number;
  /** TAO emitted to this uid in the last epoch */
  emission: number;
  validatorTrust: number;
  validatorPermit: boolean;
  active: boolean;
  lastUpdate: number;
  blockAtRegistration: number;
  /** `ip:port`, or '' when the axon was never served */
  axon: string;
}

export interface WireSnapshot {
  netuid: number;
  block: number;
  status: ChainStatus;
  neurons: WireNeuron[];
  weights: WeightRow[];
  /** whether the validators' weights can form consensus (the same diagnosis as `subnet metagraph`) */
  consensus: ConsensusDiagnosis;
  /** timelocked commits (commit-reveal v4) with the committer's uid (-1 once deregistered) */
  timelocked?: (WatchedCommit & { uid: number })[];
}

/** One point of the per-uid time series the charts draw. */
export interface HistoryPoint {
  block: number;
  incentive: number[];
  emission: number[];
  stake: number[];
  /** the subnet's alpha price in TAO, where it has a pool */
  price?: number;
}

export function toWireSnapshot(s: SubnetSnapshot): WireSnapshot {
  const m = s.metagraph;
  const neurons: WireNeuron[] = [];
  for (let uid = 0; uid < m.n; uid++) {
    const axon = m.axons[uid];
    neurons.push({
      uid,
      hotkey: m.hotkeys[uid],
      coldkey: m.coldkeys[uid],
      stake: m.stake[uid],
      rank: m.rank[uid],
      trust: m.trust[uid],
      consensus: m.consensus[uid],
      incentive: m.incentive[uid],
      dividends: m.dividends[uid],
      emission: m.emission[uid],
      validatorTrust: m.validatorTrust[uid],
      validatorPermit: m.validatorPermit[uid],
      active: m.active[uid],
      lastUpdate: m.lastUpdate[uid],
      blockAtRegistration: m.blockAtRegistration[uid],
      axon: axon && axon.ip !== '0.0.0.0' && axon.port > 0 ? formatAxon(axon.ip, axon.port, axon.ipType) : '',
    });
  }
  const weights = s.weights.slice(0, m.n);
  const consensus = diagnoseConsensus({ stake: m.stake, validatorPermit: m.validatorPermit, weights, kappa: s.status.kappa });
  const timelocked = s.timelocked?.map((c) => ({ ...c, uid: m.hotkeys.indexOf(c.hotkey) }));
  return { netuid: m.netuid, block: m.block, status: s.status, neurons, weights, consensus, ...(timelocked ? { timelocked } : {}) };
}

function formatAxon(ip: string, port: number, ipType: 4 | 6): string {
  return ipType === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function toHistoryPoint(w: WireSnapshot): HistoryPoint {
  return {
    block: w.block,
    incentive: w.neurons.map((n) => n.incentive),
    emission: w.neurons.map((n) => n.emission),
    stake: w.neurons.map((n) => n.stake),
    ...(w.status.pool ? { price: w.status.pool.price } : {}),
  };
}
