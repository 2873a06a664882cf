import type { ApiPromise } from '@polkadot/api';
import { intToIp } from './ip.ts';
import { type AxonInfo, emptyMetagraph, type Metagraph, UNSERVED_AXON } from './metagraph.ts';

type AnyCodec = any;

const U16 = 65535;
const num = (v: AnyCodec): number => Number(v.toString());
const big = (v: AnyCodec): bigint => BigInt(v.toString());
const tao = (rao: bigint): number => Number(rao) / 1e9;

function axonOf(a: AnyCodec | undefined): AxonInfo {
  if (!a) return { ...UNSERVED_AXON };
  const ipType = num(a.ipType ?? a.ip_type) === 6 ? 6 : 4;
  return { block: num(a.block), version: num(a.version), ip: intToIp(big(a.ip), ipType), port: num(a.port), ipType, protocol: num(a.protocol) };
}

/**
 * One consistent snapshot at the current best block: `NeuronInfoRuntimeApi
 * .get_neurons_lite` when the runtime exposes it, else the storage items the
 * runtime API reads. `BlockAtRegistration` is not in NeuronInfoLite and is
 * always read from storage.
 */
export async function readMetagraph(api: ApiPromise, netuid: number, source: 'auto' | 'storage' = 'auto'): Promise<Metagraph> {
  const hash = await api.rpc.chain.getBlockHash();
  const header = await api.rpc.chain.getHeader(hash);
  const at: AnyCodec = await api.at(hash);
  const block = header.number.toNumber();
  const q = at.query.subtensorModule;
  const regEntries: AnyCodec[] = await q.blockAtRegistration.entries(netuid);

  const lite = source === 'auto' ? at.call?.neuronInfoRuntimeApi?.getNeuronsLite : undefined;
  let mg: Metagraph;
  if (lite) {
    const neurons: AnyCodec[] = await lite(netuid);
    mg = emptyMetagraph(netuid, block, neurons.length);
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
      mg.validatorPermit[uid] = nr.validatorPermit.isTrue ?? Boolean(nr.validatorPermit.toJSON());
      mg.active[uid] = nr.active.isTrue ?? Boolean(nr.active.toJSON());
      mg.lastUpdate[uid] = num(nr.lastUpdate);
      mg.axons[uid] = axonOf(nr.axonInfo);
    }
  } else {
    const n = num(await q.subnetworkN(netuid));
    mg = emptyMetagraph(netuid, block, n);
    const keys: AnyCodec[] = await q.keys.entries(netuid);
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
  }
  for (const [k, v] of regEntries) {
    const uid = num(k.args[1]);
    if (uid < mg.n) mg.blockAtRegistration[uid] = num(v);
  }
  return mg;
}
