import type { ApiPromise } from '@polkadot/api';
import { intToIp } from './ip.ts';
import { type AxonInfo, emptyMetagraph, type Metagraph, UNSERVED_AXON } from './metagraph.ts';
import { mechanismStorageIndex } from './timelock-weights.ts';

type AnyCodec = any;

const U16 = 65535;
const num = (v: AnyCodec): number => Number(v.toString());
const big = (v: AnyCodec): bigint => BigInt(v.toString());
const tao = (rao: bigint): number => Number(rao) / 1e9;
const flag = (v: AnyCodec): boolean => v.isTrue ?? Boolean(v.toJSON());

function axonOf(a: AnyCodec | undefined): AxonInfo {
  if (!a) return { ...UNSERVED_AXON };
  const ipType = num(a.ipType ?? a.ip_type) === 6 ? 6 : 4;
  return { block: num(a.block), version: num(a.version), ip: intToIp(big(a.ip), ipType), port: num(a.port), ipType, protocol: num(a.protocol) };
}

/**
 * Where a metagraph is read from, in order of preference:
 * `SubnetInfoRuntimeApi.get_selective_metagraph` (one call, only the columns
 * the client keeps), `NeuronInfoRuntimeApi.get_neurons_lite` (runtimes from
 * before the metagraph API), or the storage items the runtime APIs read.
 */
export type MetagraphSource = 'selective-metagraph' | 'neurons-lite' | 'storage';

/** The source a runtime offers, from the runtime APIs its metadata declares (not from its spec version). */
export function metagraphSourceOf(at: { call?: Record<string, Record<string, unknown> | undefined> }): MetagraphSource {
  if (at.call?.subnetInfoRuntimeApi?.getSelectiveMetagraph) return 'selective-metagraph';
  if (at.call?.neuronInfoRuntimeApi?.getNeuronsLite) return 'neurons-lite';
  return 'storage';
}

/**
 * `SelectiveMetagraphIndex`: the position of each `SelectiveMetagraph` field
 * the client reads (the runtime fills a field when its index is listed).
 */
export const SELECTIVE_METAGRAPH_INDEX = {
  block: 7,
  numUids: 30,
  hotkeys: 52,
  coldkeys: 53,
  axons: 55,
  active: 56,
  validatorPermit: 57,
  lastUpdate: 59,
  emission: 60,
  dividends: 61,
  incentives: 62,
  consensus: 63,
  trust: 64,
  rank: 65,
  blockAtRegistration: 66,
  alphaStake: 67,
} as const;
const SELECTIVE_INDEXES = Object.values(SELECTIVE_METAGRAPH_INDEX);

/**
 * One consistent snapshot at the current best block, from the best source the
 * runtime offers, or from `source` when named (to cross-check the paths). The
 * metagraph API has no validator trust, so that column is read from storage
 * beside it.
 *
 * `mechid` picks one mechanism of the subnet: its incentive and last-update
 * columns are the mechanism's (`get_selective_mechagraph`, or the rows at the
 * mechanism storage index), every other column is the subnet's, as the runtime
 * keeps them.
 */
export async function readMetagraph(api: ApiPromise, netuid: number, source: 'auto' | MetagraphSource = 'auto', mechid = 0): Promise<Metagraph> {
  const hash = await api.rpc.chain.getBlockHash();
  const at: AnyCodec = await api.at(hash);
  const from = source === 'auto' ? metagraphSourceOf(at) : source;
  const blockOf = async () => (await api.rpc.chain.getHeader(hash)).number.toNumber();
  const index = mechanismStorageIndex(netuid, mechid);
  if (from === 'selective-metagraph' && (mechid === 0 || at.call.subnetInfoRuntimeApi.getSelectiveMechagraph)) {
    return fromSelectiveMetagraph(at, netuid, mechid, blockOf);
  }
  const block = await blockOf();
  const mg = from === 'neurons-lite' ? await fromNeuronsLite(at, netuid, block) : await fromStorage(at, netuid, block);
  if (mechid !== 0) await mechanismColumnsFromStorage(at, mg, index);
  return mg;
}

/** The per-mechanism columns, from the rows at the mechanism storage index. */
async function mechanismColumnsFromStorage(at: AnyCodec, mg: Metagraph, index: number): Promise<void> {
  const q = at.query.subtensorModule;
  const [incentive, lastUpdate]: AnyCodec[][] = await Promise.all([q.incentive(index), q.lastUpdate(index)]);
  for (let uid = 0; uid < mg.n; uid++) {
    mg.incentive[uid] = incentive[uid] ? num(incentive[uid]) / U16 : 0;
    mg.lastUpdate[uid] = lastUpdate[uid] ? num(lastUpdate[uid]) : 0;
  }
}

async function fromSelectiveMetagraph(at: AnyCodec, netuid: number, mechid: number, blockOf: () => Promise<number>): Promise<Metagraph> {
  const q = at.query.subtensorModule;
  const api = at.call.subnetInfoRuntimeApi;
  const [answer, vtrust]: AnyCodec[] = await Promise.all([
    mechid === 0 ? api.getSelectiveMetagraph(netuid, SELECTIVE_INDEXES) : api.getSelectiveMechagraph(netuid, mechid, SELECTIVE_INDEXES),
    q.validatorTrust ? q.validatorTrust(netuid) : [],
  ]);
  // no such subnet at this block
  if (answer.isNone) return emptyMetagraph(netuid, await blockOf(), 0);
  const sel = answer.unwrap();
  const column = (name: keyof typeof SELECTIVE_METAGRAPH_INDEX): AnyCodec[] => (sel[name].isSome ? sel[name].unwrap() : []);
  const mg = emptyMetagraph(netuid, num(sel.block.unwrap()), num(sel.numUids.unwrap()));
  const ratio = (values: AnyCodec[], into: Float64Array) => values.forEach((v, uid) => uid < mg.n && (into[uid] = num(v) / U16));
  column('hotkeys').forEach((v, uid) => uid < mg.n && (mg.hotkeys[uid] = v.toString()));
  column('coldkeys').forEach((v, uid) => uid < mg.n && (mg.coldkeys[uid] = v.toString()));
  column('axons').forEach((v, uid) => uid < mg.n && (mg.axons[uid] = axonOf(v)));
  column('active').forEach((v, uid) => uid < mg.n && (mg.active[uid] = flag(v)));
  column('validatorPermit').forEach((v, uid) => uid < mg.n && (mg.validatorPermit[uid] = flag(v)));
  column('lastUpdate').forEach((v, uid) => uid < mg.n && (mg.lastUpdate[uid] = num(v)));
  column('blockAtRegistration').forEach((v, uid) => uid < mg.n && (mg.blockAtRegistration[uid] = num(v)));
  column('emission').forEach((v, uid) => uid < mg.n && (mg.emission[uid] = tao(big(v))));
  column('alphaStake').forEach((v, uid) => uid < mg.n && (mg.stake[uid] = tao(big(v))));
  ratio(column('dividends'), mg.dividends);
  ratio(column('incentives'), mg.incentive);
  ratio(column('consensus'), mg.consensus);
  ratio(column('trust'), mg.trust);
  ratio(column('rank'), mg.rank);
  ratio(vtrust as AnyCodec[], mg.validatorTrust);
  return mg;
}

async function fromNeuronsLite(at: AnyCodec, netuid: number, block: number): Promise<Metagraph> {
  const [neurons, regEntries]: AnyCodec[][] = await Promise.all([
    at.call.neuronInfoRuntimeApi.getNeuronsLite(netuid),
    at.query.subtensorModule.blockAtRegistration.entries(netuid),
  ]);
  const mg = emptyMetagraph(netuid, block, neurons.length);
  for (const nr of neurons) {
    const uid = num(nr.uid);
    if (uid >= mg.n) continue;
    mg.hotkeys[uid] = nr.hotkey.toString();
    mg.coldkeys[uid] = nr.coldkey.toString();
    let stake = 0n;
    for (const pair of nr.stake) stake += big(pair[1]);
    mg.stake[uid] = tao(stake);
    mg.rank[uid] = num(nr.rank) / U16;
    mg.trust[uid] = num(nr.trust) / U16;
    mg.consensus[uid] = num(nr.consensus) / U16;
    mg.incentive[uid] = num(nr.incentive) / U16;
    mg.dividends[uid] = num(nr.dividends) / U16;
    mg.emission[uid] = tao(big(nr.emission));
    mg.validatorTrust[uid] = num(nr.validatorTrust) / U16;
    mg.validatorPermit[uid] = flag(nr.validatorPermit);
    mg.active[uid] = flag(nr.active);
    mg.lastUpdate[uid] = num(nr.lastUpdate);
    mg.axons[uid] = axonOf(nr.axonInfo);
  }
  setBlocksAtRegistration(mg, regEntries);
  return mg;
}

async function fromStorage(at: AnyCodec, netuid: number, block: number): Promise<Metagraph> {
  const q = at.query.subtensorModule;
  const n = num(await q.subnetworkN(netuid));
  const mg = emptyMetagraph(netuid, block, n);
  const [keys, regEntries]: AnyCodec[][] = await Promise.all([q.keys.entries(netuid), q.blockAtRegistration.entries(netuid)]);
  for (const [k, v] of keys) {
    const uid = num(k.args[1]);
    if (uid < n) mg.hotkeys[uid] = v.toString();
  }
  const vec = async (item: string): Promise<AnyCodec[]> => (q[item] ? ((await q[item](netuid)) as AnyCodec[]) : []);
  const [active, emission, incentive, consensus, dividends, vtrust, permits, lastUpdate] = await Promise.all(
    ['active', 'emission', 'incentive', 'consensus', 'dividends', 'validatorTrust', 'validatorPermit', 'lastUpdate'].map(vec),
  );
  const hotkeyData = await Promise.all(
    mg.hotkeys.map((hk) => (hk ? Promise.all([q.owner(hk), q.axons(netuid, hk), q.totalHotkeyAlpha ? q.totalHotkeyAlpha(hk, netuid) : 0]) : undefined)),
  );
  for (let uid = 0; uid < n; uid++) {
    mg.active[uid] = active[uid] ? Boolean(active[uid].toJSON()) : false;
    mg.emission[uid] = emission[uid] ? tao(big(emission[uid])) : 0;
    mg.incentive[uid] = incentive[uid] ? num(incentive[uid]) / U16 : 0;
    mg.consensus[uid] = consensus[uid] ? num(consensus[uid]) / U16 : 0;
    mg.dividends[uid] = dividends[uid] ? num(dividends[uid]) / U16 : 0;
    mg.validatorTrust[uid] = vtrust[uid] ? num(vtrust[uid]) / U16 : 0;
    mg.validatorPermit[uid] = permits[uid] ? Boolean(permits[uid].toJSON()) : false;
    mg.lastUpdate[uid] = lastUpdate[uid] ? num(lastUpdate[uid]) : 0;
    const d = hotkeyData[uid];
    if (d) {
      mg.coldkeys[uid] = d[0].toString();
      mg.axons[uid] = axonOf(d[1]?.isSome ? d[1].unwrap() : d[1]?.isNone ? undefined : d[1]);
      mg.stake[uid] = tao(big(d[2]));
    }
  }
  setBlocksAtRegistration(mg, regEntries);
  return mg;
}

function setBlocksAtRegistration(mg: Metagraph, entries: AnyCodec[]): void {
  for (const [k, v] of entries) {
    const uid = num(k.args[1]);
    if (uid < mg.n) mg.blockAtRegistration[uid] = num(v);
  }
}
