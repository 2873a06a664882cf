import { describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { parseEpochInput, runEpoch, SUBTENSOR_EPOCH_DEFAULTS, type EpochInput } from '../../consensus/index.ts';
import { maxUpscaleWeights } from '../../consensus/storage.ts';

function valid(): EpochInput {
  return {
    n: 3,
    current_block: 100,
    tempo: 360,
    activity_cutoff_blocks: 5000,
    last_mechanism_step_block: 0,
    stake: [1_000_000_000, '2000000000', 0],
    stake_threshold: 0,
    last_update: [90, 90, 0],
    block_at_registration: [1, 1, 1],
    validator_permits: [true, true, false],
    max_allowed_validators: 64,
    weights: [[[2, 65535]], [[2, 65535]], []],
    bonds: [[], [], []],
    ...SUBTENSOR_EPOCH_DEFAULTS,
    owner_uid: null,
    rao_emission: '1000000000',
  };
}

function rejection(mutate: (o: Record<string, any>) => void): string {
  const o = JSON.parse(JSON.stringify(valid())) as Record<string, any>;
  mutate(o);
  try {
    parseEpochInput(o);
  } catch (err) {
    expect(isSubnetError(err, 'EPOCH_INPUT_INVALID')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected the input to be rejected');
}

describe('epoch input contract', () => {
  it('accepts u64 as JSON numbers or decimal strings and normalises them to strings', () => {
    const parsed = parseEpochInput(valid());
    expect(parsed.stake).toEqual(['1000000000', '2000000000', '0']);
    expect(parsed.current_block).toBe('100');
    expect(runEpoch(parsed)).toEqual(runEpoch(valid()));
  });

  it('emits u64 outputs as decimal strings and u16 outputs as numbers', () => {
    const out = runEpoch(valid());
    expect(out.emission.every((e) => typeof e === 'string' && /^\d+$/.test(e))).toBe(true);
    expect(out.incentive).toEqual([0, 0, 65535]);
    expect(out.bonds[0]).toEqual([[2, 32767]]); // column max-upscaled: 1/3 vs 2/3 of the stake
    expect(out.bonds[1]).toEqual([[2, 65535]]);
    expect(out.bonds[2]).toEqual([]);
  });

  it('names the field and the reason for each kind of bad input', () => {
    expect(rejection((o) => (o.stake = [1, 2]))).toMatch(/stake: wrong length: expected n = 3 entries, got 2/);
    expect(rejection((o) => (o.stake[1] = -5))).toMatch(/stake\[1\]: must not be negative, got -5/);
    expect(rejection((o) => (o.stake[0] = '12abc'))).toMatch(/stake\[0\]: must be a u64/);
    expect(rejection((o) => (o.stake[0] = 2 ** 60))).toMatch(/stake\[0\]: .*decimal strings/);
    expect(rejection((o) => (o.rao_emission = '18446744073709551616'))).toMatch(/rao_emission: exceeds u64/);
    expect(rejection((o) => (o.weights[0][0][1] = 70000))).toMatch(/weights\[0\]\[0\]\[1\]: value out of range for u16 \(0..65535\), got 70000/);
    expect(
      rejection(
        (o) =>
          (o.bonds[1] = [
            [1, 5],
            [1, 6],
          ]),
      ),
    ).toMatch(/bonds\[1\]\[1\]: duplicate uid 1/);
    expect(rejection((o) => (o.weights[2] = [[-1, 3]]))).toMatch(/weights\[2\]\[0\]\[0\]: uid out of range/);
    expect(rejection((o) => (o.kappa = 65536))).toMatch(/kappa: out of range for u16/);
    expect(rejection((o) => (o.alpha_sigmoid_steepness = 40000))).toMatch(/alpha_sigmoid_steepness: out of range for i16/);
    expect(rejection((o) => (o.validator_permits = [true]))).toMatch(/validator_permits: wrong length/);
    expect(rejection((o) => delete o.tempo)).toMatch(/tempo: is missing/);
    expect(rejection((o) => (o.yuma3 = 'yes'))).toMatch(/yuma3: must be true or false/);
    expect(rejection((o) => (o.stake = ['9223372036854775807', '1', '0']))).toMatch(/stake: total stake .* exceeds the I64F64 integer range/);
  });

  it('drops stored entries for uids >= n, as the chain loaders do', () => {
    const input = valid();
    input.weights[0] = [
      [2, 65535],
      [7, 100],
    ];
    expect(parseEpochInput(input).weights[0]).toEqual([[2, 65535]]);
  });

  it('maxUpscaleWeights reproduces set_weights storage (vec_u16_max_upscale_to_u16)', () => {
    expect(maxUpscaleWeights([43690, 21845])).toEqual([65535, 32768]);
    expect(maxUpscaleWeights([16383, 32767, 49149, 65535])).toEqual([16383, 32767, 49149, 65535]);
    expect(maxUpscaleWeights([127, 127, 0])).toEqual([65535, 65535, 0]);
    expect(maxUpscaleWeights([0, 0])).toEqual([0, 0]);
    expect(maxUpscaleWeights([])).toEqual([]);
  });
});
