import { TypeRegistry } from '@polkadot/types';
import { describe, expect, it } from 'vitest';
import { PALLETS } from '../../devnet/runtime.ts';
import { buildRuntime } from '../../devnet/runtime/build.ts';
import { encode } from '../../devnet/scale/codec.ts';

// The layouts of subtensor's rpc_info/{neuron_info,subnet_info}.rs, written out
// independently of the pallet's type table: the devnet's encoding must decode
// with them field by field.
const REFERENCE = {
  AxonInfo: { block: 'u64', version: 'u32', ip: 'u128', port: 'u16', ipType: 'u8', protocol: 'u8', placeholder1: 'u8', placeholder2: 'u8' },
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
};

const { registry } = buildRuntime(PALLETS, []);
const ref = new TypeRegistry();
ref.register(REFERENCE as unknown as Record<string, Record<string, string>>);

const hot = `0x${'01'.repeat(32)}`;
const cold = `0x${'02'.repeat(32)}`;
const lite = {
  hotkey: hot,
  coldkey: cold,
  uid: 3,
  netuid: 1,
  active: true,
  axon_info: { block: 5n, version: 7, ip: 2130706433n, port: 8091, ip_type: 4, protocol: 4, placeholder1: 0, placeholder2: 0 },
  prometheus_info: { block: 0n, version: 0, ip: 0n, port: 0, ip_type: 0 },
  stake: [[cold, 123_456_789_012n]],
  rank: 0,
  emission: 9_999_999_999n,
  incentive: 65535,
  consensus: 100,
  trust: 0,
  validator_trust: 77,
  dividends: 12,
  last_update: 99n,
  validator_permit: true,
  pruning_score: 65535,
};

describe('runtime-API answers use the real SCALE layouts', () => {
  it('NeuronInfoLite', () => {
    const bytes = encode(registry.codec('NeuronInfoLite'), lite);
    const d = ref.createType('NeuronInfoLite', bytes);
    expect(d.encodedLength).toBe(bytes.length);
    expect(d.toJSON()).toMatchObject({ uid: 3, netuid: 1, emission: 9_999_999_999, validatorTrust: 77, pruningScore: 65535 });
    expect((d.toJSON() as any).axonInfo).toMatchObject({ port: 8091, ipType: 4, ip: 2130706433 });
  });
  it('NeuronInfo carries weights and bonds before the pruning score', () => {
    const bytes = encode(registry.codec('NeuronInfo'), {
      ...lite,
      weights: [
        [0, 65535],
        [2, 300],
      ],
      bonds: [[1, 7]],
    });
    const d = ref.createType('NeuronInfo', bytes);
    expect(d.encodedLength).toBe(bytes.length);
    expect(d.toJSON()).toMatchObject({
      weights: [
        [0, 65535],
        [2, 300],
      ],
      bonds: [[1, 7]],
      pruningScore: 65535,
    });
  });
  it('SubnetInfo', () => {
    const info = {
      netuid: 1,
      rho: 10,
      kappa: 32767,
      difficulty: 10_000_000n,
      immunity_period: 4096,
      max_allowed_validators: 64,
      min_allowed_weights: 1,
      max_weights_limit: 65535,
      scaling_law_power: 50,
      subnetwork_n: 4,
      max_allowed_uids: 256,
      blocks_since_last_step: 3n,
      tempo: 10,
      network_modality: 0,
      network_connect: [],
      emission_values: 0n,
      burn: 1_000_000_000n,
      owner: cold,
    };
    const bytes = encode(registry.codec('SubnetInfo'), info);
    const d = ref.createType('SubnetInfo', bytes);
    expect(d.encodedLength).toBe(bytes.length);
    expect(d.toJSON()).toMatchObject({ netuid: 1, kappa: 32767, subnetworkN: 4, tempo: 10, burn: 1_000_000_000 });
  });
});
