import type { ApiContext, RuntimeApiDef, StateReader } from '../../../pallet.ts';
import { hotkeyStake } from '../stake.ts';
import {
  Active,
  Bonds,
  Consensus,
  Dividends,
  Emission,
  Incentive,
  Keys,
  LastUpdate,
  Owner,
  PruningScores,
  Rank,
  SubnetworkN,
  Trust,
  ValidatorPermit,
  ValidatorTrust,
  Weights,
} from '../storage.ts';
import { axonOf, prometheusOf } from './neuron-columns.ts';
import { subnetExists } from './subnet-reads.ts';

/**
 * NeuronInfoRuntimeApi (rpc_info/neuron_info.rs) with spec 381's layouts. A
 * neuron's stake is one entry, (its coldkey, the hotkey's alpha on the subnet).
 * Rank, trust and pruning score come from their storage vectors, which the
 * devnet (as the runtime) leaves empty: 0, 0 and 65535.
 */

/** Per-subnet vectors read once per call, so a 256-uid answer costs one decode each. */
function subnetVectors(state: StateReader, netuid: number) {
  return {
    active: Active.get(state, netuid),
    rank: Rank.get(state, netuid),
    trust: Trust.get(state, netuid),
    pruning: PruningScores.get(state, netuid),
    emission: Emission.get(state, netuid),
    incentive: Incentive.get(state, netuid),
    consensus: Consensus.get(state, netuid),
    validatorTrust: ValidatorTrust.get(state, netuid),
    dividends: Dividends.get(state, netuid),
    lastUpdate: LastUpdate.get(state, netuid),
    permit: ValidatorPermit.get(state, netuid),
  };
}
type Vectors = ReturnType<typeof subnetVectors>;

function neuronLite(state: StateReader, netuid: number, uid: number, v: Vectors) {
  const hotkey = Keys.get(state, netuid, uid);
  const coldkey = Owner.get(state, hotkey);
  return {
    hotkey,
    coldkey,
    uid,
    netuid,
    active: v.active[uid] ?? false,
    axon_info: axonOf(state, netuid, hotkey),
    prometheus_info: prometheusOf(state, netuid, hotkey),
    stake: [[coldkey, hotkeyStake(state, hotkey, netuid)]],
    rank: v.rank[uid] ?? 0,
    emission: v.emission[uid] ?? 0n,
    incentive: v.incentive[uid] ?? 0,
    consensus: v.consensus[uid] ?? 0,
    trust: v.trust[uid] ?? 0,
    validator_trust: v.validatorTrust[uid] ?? 0,
    dividends: v.dividends[uid] ?? 0,
    last_update: v.lastUpdate[uid] ?? 0n,
    validator_permit: v.permit[uid] ?? false,
    pruning_score: v.pruning[uid] ?? 65535,
  };
}

/** NeuronInfo: the lite fields with the non-zero weights and bonds before the pruning score. */
function neuronFull(state: StateReader, netuid: number, uid: number, v: Vectors) {
  const { pruning_score, ...head } = neuronLite(state, netuid, uid, v);
  const nonZero = (row: [number, number][]) => row.filter(([, w]) => w > 0);
  return { ...head, weights: nonZero(Weights.get(state, netuid, uid)), bonds: nonZero(Bonds.get(state, netuid, uid)), pruning_score };
}

type Build = typeof neuronLite | typeof neuronFull;

function neurons(ctx: ApiContext, netuid: number, build: Build): unknown[] {
  if (!subnetExists(ctx.state, netuid)) return [];
  const v = subnetVectors(ctx.state, netuid);
  return Array.from({ length: SubnetworkN.get(ctx.state, netuid) }, (_, uid) => build(ctx.state, netuid, uid, v));
}

function neuron(ctx: ApiContext, netuid: number, uid: number, build: Build) {
  if (!subnetExists(ctx.state, netuid) || uid >= SubnetworkN.get(ctx.state, netuid)) return null;
  return build(ctx.state, netuid, uid, subnetVectors(ctx.state, netuid));
}

const NETUID = [{ name: 'netuid', type: 'u16' }];
const NETUID_UID = [...NETUID, { name: 'uid', type: 'u16' }];
type Netuid = { netuid: number };
type NetuidUid = Netuid & { uid: number };

export const NEURON_INFO_RUNTIME_API: RuntimeApiDef = {
  name: 'NeuronInfoRuntimeApi',
  version: 1,
  methods: [
    { name: 'get_neurons', inputs: NETUID, output: 'Vec<NeuronInfo>', call: (ctx, a: Netuid) => neurons(ctx, a.netuid, neuronFull) },
    { name: 'get_neuron', inputs: NETUID_UID, output: 'Option<NeuronInfo>', call: (ctx, a: NetuidUid) => neuron(ctx, a.netuid, a.uid, neuronFull) },
    { name: 'get_neurons_lite', inputs: NETUID, output: 'Vec<NeuronInfoLite>', call: (ctx, a: Netuid) => neurons(ctx, a.netuid, neuronLite) },
    { name: 'get_neuron_lite', inputs: NETUID_UID, output: 'Option<NeuronInfoLite>', call: (ctx, a: NetuidUid) => neuron(ctx, a.netuid, a.uid, neuronLite) },
  ],
};
