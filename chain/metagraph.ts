/**
 * The metagraph: one subnet's neurons as seen at one block. Produced by the
 * chain client (`chain/metagraph-reader.ts`: the runtime's metagraph API, or
 * `get_neurons_lite`, or storage, whichever the runtime has); consumed by miners (who may call me, with what stake)
 * and validators (whom to query, where).
 *
 * Arrays are indexed by uid. u16 proportions arrive as floats in [0, 1]
 * (65535 = 1.0); stake and emission are in the subnet's alpha, not TAO (1e9
 * base units = 1 alpha).
 */
export interface AxonInfo {
  block: number;
  version: number;
  /** dotted IPv4 or IPv6 text; '0.0.0.0' when never served */
  ip: string;
  port: number;
  ipType: 4 | 6;
  protocol: number;
}

export interface Metagraph {
  netuid: number;
  /** block the metagraph was read at */
  block: number;
  n: number;
  uids: Uint16Array;
  /** ss58 (prefix 42) */
  hotkeys: string[];
  coldkeys: string[];
  /** total stake per hotkey on this subnet, in the subnet's alpha */
  stake: Float64Array;
  rank: Float64Array;
  trust: Float64Array;
  consensus: Float64Array;
  incentive: Float64Array;
  dividends: Float64Array;
  /** emission per uid in the last epoch, in the subnet's alpha */
  emission: Float64Array;
  validatorTrust: Float64Array;
  validatorPermit: boolean[];
  active: boolean[];
  lastUpdate: Uint32Array;
  blockAtRegistration: Uint32Array;
  axons: AxonInfo[];
}

export const UNSERVED_AXON: Readonly<AxonInfo> = Object.freeze({ block: 0, version: 0, ip: '0.0.0.0', port: 0, ipType: 4, protocol: 0 });

/**
 * A metagraph of `n` neurons with every figure zero, no permits and no served
 * axons; readers fill it in, tests and benches override what they need.
 */
export function emptyMetagraph(netuid: number, block: number, n: number): Metagraph {
  return {
    netuid,
    block,
    n,
    uids: Uint16Array.from({ length: n }, (_, i) => i),
    hotkeys: new Array<string>(n).fill(''),
    coldkeys: new Array<string>(n).fill(''),
    stake: new Float64Array(n),
    rank: new Float64Array(n),
    trust: new Float64Array(n),
    consensus: new Float64Array(n),
    incentive: new Float64Array(n),
    dividends: new Float64Array(n),
    emission: new Float64Array(n),
    validatorTrust: new Float64Array(n),
    validatorPermit: new Array<boolean>(n).fill(false),
    active: new Array<boolean>(n).fill(false),
    lastUpdate: new Uint32Array(n),
    blockAtRegistration: new Uint32Array(n),
    axons: Array.from({ length: n }, () => ({ ...UNSERVED_AXON })),
  };
}

/** Looks a hotkey up in a metagraph: its uid, or undefined if not registered. */
export function uidOfHotkey(metagraph: Metagraph, hotkey: string): number | undefined {
  const uid = metagraph.hotkeys.indexOf(hotkey);
  return uid < 0 ? undefined : uid;
}
