import { ScaleWriter } from './scale-writer.ts';

/**
 * SCALE layouts of the runtime-API answers (rpc_info/{neuron_info,subnet_info}.rs
 * of the spec-293 runtime). Field order is the wire format: clients decode by
 * position, so it must never change.
 */
export interface AxonInfo {
  block: bigint;
  version: number;
  ip: bigint;
  port: number;
  ipType: number;
  protocol: number;
  placeholder1: number;
  placeholder2: number;
}

export interface PrometheusInfo {
  block: bigint;
  version: number;
  ip: bigint;
  port: number;
  ipType: number;
}

export const EMPTY_AXON: AxonInfo = {
  block: 0n,
  version: 0,
  ip: 0n,
  port: 0,
  ipType: 0,
  protocol: 0,
  placeholder1: 0,
  placeholder2: 0,
};
export const EMPTY_PROMETHEUS: PrometheusInfo = { block: 0n, version: 0, ip: 0n, port: 0, ipType: 0 };

export interface NeuronInfoLite {
  hotkey: Uint8Array;
  coldkey: Uint8Array;
  uid: number;
  netuid: number;
  active: boolean;
  axonInfo: AxonInfo;
  prometheusInfo: PrometheusInfo;
  /** (coldkey, stake in RAO) */
  stake: [Uint8Array, bigint][];
  rank: number;
  emission: bigint;
  incentive: number;
  consensus: number;
  trust: number;
  validatorTrust: number;
  dividends: number;
  lastUpdate: bigint;
  validatorPermit: boolean;
  pruningScore: number;
}

export interface NeuronInfo extends NeuronInfoLite {
  weights: [number, number][];
  bonds: [number, number][];
}

export function writeAxonInfo(w: ScaleWriter, a: AxonInfo): void {
  w.u64(a.block).u32(a.version).uint(a.ip, 16).u16(a.port).u8(a.ipType).u8(a.protocol).u8(a.placeholder1).u8(a.placeholder2);
}

export function writePrometheusInfo(w: ScaleWriter, p: PrometheusInfo): void {
  w.u64(p.block).u32(p.version).uint(p.ip, 16).u16(p.port).u8(p.ipType);
}

function writeNeuronHead(w: ScaleWriter, n: NeuronInfoLite): void {
  w.bytes(n.hotkey).bytes(n.coldkey).compact(n.uid).compact(n.netuid).bool(n.active);
  writeAxonInfo(w, n.axonInfo);
  writePrometheusInfo(w, n.prometheusInfo);
  w.compact(n.stake.length);
  for (const [cold, amount] of n.stake) w.bytes(cold).compact(amount);
  w.compact(n.rank).compact(n.emission).compact(n.incentive).compact(n.consensus).compact(n.trust);
  w.compact(n.validatorTrust).compact(n.dividends).compact(n.lastUpdate).bool(n.validatorPermit);
}

export function writeNeuronInfoLite(w: ScaleWriter, n: NeuronInfoLite): void {
  writeNeuronHead(w, n);
  w.compact(n.pruningScore);
}

export function writeNeuronInfo(w: ScaleWriter, n: NeuronInfo): void {
  writeNeuronHead(w, n);
  for (const pairs of [n.weights, n.bonds]) {
    w.compact(pairs.length);
    for (const [uid, v] of pairs) w.compact(uid).compact(v);
  }
  w.compact(n.pruningScore);
}

export interface SubnetInfo {
  netuid: number;
  rho: number;
  kappa: number;
  difficulty: bigint;
  immunityPeriod: number;
  maxAllowedValidators: number;
  minAllowedWeights: number;
  maxWeightsLimit: number;
  scalingLawPower: number;
  subnetworkN: number;
  maxAllowedUids: number;
  blocksSinceLastStep: bigint;
  tempo: number;
  networkModality: number;
  emissionValues: bigint;
  burn: bigint;
  owner: Uint8Array;
}

export function writeSubnetInfo(w: ScaleWriter, s: SubnetInfo): void {
  w.compact(s.netuid).compact(s.rho).compact(s.kappa).compact(s.difficulty).compact(s.immunityPeriod);
  w.compact(s.maxAllowedValidators).compact(s.minAllowedWeights).compact(s.maxWeightsLimit);
  w.compact(s.scalingLawPower).compact(s.subnetworkN).compact(s.maxAllowedUids).compact(s.blocksSinceLastStep);
  w.compact(s.tempo).compact(s.networkModality);
  w.compact(0); // network_connect: Vec<[u16; 2]>, deprecated and always empty
  w.compact(s.emissionValues).compact(s.burn).bytes(s.owner);
}

export interface SubnetHyperparams {
  rho: number;
  kappa: number;
  immunityPeriod: number;
  minAllowedWeights: number;
  maxWeightsLimit: number;
  tempo: number;
  minDifficulty: bigint;
  maxDifficulty: bigint;
  weightsVersion: bigint;
  weightsRateLimit: bigint;
  adjustmentInterval: number;
  activityCutoff: number;
  registrationAllowed: boolean;
  targetRegsPerInterval: number;
  minBurn: bigint;
  maxBurn: bigint;
  bondsMovingAvg: bigint;
  maxRegsPerBlock: number;
  servingRateLimit: bigint;
  maxValidators: number;
  adjustmentAlpha: bigint;
  difficulty: bigint;
  commitRevealPeriod: bigint;
  commitRevealWeightsEnabled: boolean;
  alphaHigh: number;
  alphaLow: number;
  liquidAlphaEnabled: boolean;
}

export function writeSubnetHyperparams(w: ScaleWriter, h: SubnetHyperparams): void {
  w.compact(h.rho).compact(h.kappa).compact(h.immunityPeriod).compact(h.minAllowedWeights);
  w.compact(h.maxWeightsLimit).compact(h.tempo).compact(h.minDifficulty).compact(h.maxDifficulty);
  w.compact(h.weightsVersion).compact(h.weightsRateLimit).compact(h.adjustmentInterval).compact(h.activityCutoff);
  w.bool(h.registrationAllowed).compact(h.targetRegsPerInterval).compact(h.minBurn).compact(h.maxBurn);
  w.compact(h.bondsMovingAvg).compact(h.maxRegsPerBlock).compact(h.servingRateLimit).compact(h.maxValidators);
  w.compact(h.adjustmentAlpha).compact(h.difficulty).compact(h.commitRevealPeriod);
  w.bool(h.commitRevealWeightsEnabled).compact(h.alphaHigh).compact(h.alphaLow).bool(h.liquidAlphaEnabled);
}

/**
 * Type definitions in @polkadot/types' JSON form, named as the real metadata
 * names them; used to describe the runtime-API types and to decode in tests.
 */
export const RPC_INFO_TYPES = {
  AxonInfo: {
    block: 'u64',
    version: 'u32',
    ip: 'u128',
    port: 'u16',
    ipType: 'u8',
    protocol: 'u8',
    placeholder1: 'u8',
    placeholder2: 'u8',
  },
  PrometheusInfo: { block: 'u64', version: 'u32', ip: 'u128', port: 'u16', ipType: 'u8' },
  NeuronInfoLite: {
    hotkey: 'AccountId32',
    coldkey: 'AccountId32',
    uid: 'Compact<u16>',
    netuid: 'Compact<u16>',
    active: 'bool',
    axonInfo: 'AxonInfo',
    prometheusInfo: 'PrometheusInfo',
    stake: 'Vec<(AccountId32, Compact<u64>)>',
    rank: 'Compact<u16>',
    emission: 'Compact<u64>',
    incentive: 'Compact<u16>',
    consensus: 'Compact<u16>',
    trust: 'Compact<u16>',
    validatorTrust: 'Compact<u16>',
    dividends: 'Compact<u16>',
    lastUpdate: 'Compact<u64>',
    validatorPermit: 'bool',
    pruningScore: 'Compact<u16>',
  },
  NeuronInfo: {
    hotkey: 'AccountId32',
    coldkey: 'AccountId32',
    uid: 'Compact<u16>',
    netuid: 'Compact<u16>',
    active: 'bool',
    axonInfo: 'AxonInfo',
    prometheusInfo: 'PrometheusInfo',
    stake: 'Vec<(AccountId32, Compact<u64>)>',
    rank: 'Compact<u16>',
    emission: 'Compact<u64>',
    incentive: 'Compact<u16>',
    consensus: 'Compact<u16>',
    trust: 'Compact<u16>',
    validatorTrust: 'Compact<u16>',
    dividends: 'Compact<u16>',
    lastUpdate: 'Compact<u64>',
    validatorPermit: 'bool',
    weights: 'Vec<(Compact<u16>, Compact<u16>)>',
    bonds: 'Vec<(Compact<u16>, Compact<u16>)>',
    pruningScore: 'Compact<u16>',
  },
  SubnetInfo: {
    netuid: 'Compact<u16>',
    rho: 'Compact<u16>',
    kappa: 'Compact<u16>',
    difficulty: 'Compact<u64>',
    immunityPeriod: 'Compact<u16>',
    maxAllowedValidators: 'Compact<u16>',
    minAllowedWeights: 'Compact<u16>',
    maxWeightsLimit: 'Compact<u16>',
    scalingLawPower: 'Compact<u16>',
    subnetworkN: 'Compact<u16>',
    maxAllowedUids: 'Compact<u16>',
    blocksSinceLastStep: 'Compact<u64>',
    tempo: 'Compact<u16>',
    networkModality: 'Compact<u16>',
    networkConnect: 'Vec<[u16; 2]>',
    emissionValues: 'Compact<u64>',
    burn: 'Compact<u64>',
    owner: 'AccountId32',
  },
  SubnetHyperparams: {
    rho: 'Compact<u16>',
    kappa: 'Compact<u16>',
    immunityPeriod: 'Compact<u16>',
    minAllowedWeights: 'Compact<u16>',
    maxWeightsLimit: 'Compact<u16>',
    tempo: 'Compact<u16>',
    minDifficulty: 'Compact<u64>',
    maxDifficulty: 'Compact<u64>',
    weightsVersion: 'Compact<u64>',
    weightsRateLimit: 'Compact<u64>',
    adjustmentInterval: 'Compact<u16>',
    activityCutoff: 'Compact<u64>',
    registrationAllowed: 'bool',
    targetRegsPerInterval: 'Compact<u16>',
    minBurn: 'Compact<u64>',
    maxBurn: 'Compact<u64>',
    bondsMovingAvg: 'Compact<u64>',
    maxRegsPerBlock: 'Compact<u16>',
    servingRateLimit: 'Compact<u64>',
    maxValidators: 'Compact<u16>',
    adjustmentAlpha: 'Compact<u64>',
    difficulty: 'Compact<u64>',
    commitRevealPeriod: 'Compact<u64>',
    commitRevealWeightsEnabled: 'bool',
    alphaHigh: 'Compact<u16>',
    alphaLow: 'Compact<u16>',
    liquidAlphaEnabled: 'bool',
  },
} as const;
