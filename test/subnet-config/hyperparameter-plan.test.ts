import { describe, expect, it } from 'vitest';
import { canonicalHyperparameterName, hyperparameterSpec } from '../../chain/hyperparameters.ts';
import { formatHyperparameterPlan, planHyperparameterChanges } from '../../subnet-config/hyperparameter-plan.ts';
import { loadSubnetDefinition } from '../../subnet-config/load-definition.ts';
import { HyperparametersSchema } from '../../subnet-config/schema/hyperparameters.ts';

describe('planHyperparameterChanges', () => {
  it('lists only what differs, with the AdminUtils call, arguments and origin', () => {
    const def = loadSubnetDefinition('subnet-config/examples/embedding');
    const current = {
      tempo: 99,
      kappa: 32767,
      immunity_period: 4096,
      min_allowed_weights: 1,
      max_weights_limit: 65535, // SubnetHyperparams name
      weights_rate_limit: '100', // u64 as a decimal string
      activity_cutoff: 5000,
      max_validators: 64,
      commit_reveal_weights_enabled: true,
      liquid_alpha_enabled: false,
      bonds_moving_avg: 900000n,
    };
    const plan = planHyperparameterChanges(def, current);
    expect(plan.map((c) => c.name)).toEqual(['immunity_period', 'weights_rate_limit', 'commit_reveal_weights_enabled']);
    expect(plan[0]).toEqual({
      name: 'immunity_period',
      call: 'sudo_set_immunity_period',
      args: { immunity_period: 100 },
      current: 4096,
      desired: 100,
      origin: 'owner',
    });
    expect(plan[1]).toMatchObject({
      name: 'weights_rate_limit',
      call: 'sudo_set_weights_set_rate_limit',
      args: { weights_set_rate_limit: 10n },
      origin: 'root',
    });
    expect(plan[2]).toMatchObject({ call: 'sudo_set_commit_reveal_weights_enabled', args: { enabled: false } });
    const text = formatHyperparameterPlan(plan);
    expect(text).toContain('immunity_period');
    expect(text).toMatch(/4096 -> 100/);
    expect(text).toMatch(/needs root/);
  });

  it('treats unknown current values as changes and handles alpha_values', () => {
    const hyperparameters = HyperparametersSchema.parse({ tempo: 10, alpha_values: { low: 100, high: 200 } });
    const plan = planHyperparameterChanges({ config: { hyperparameters } }, { alpha_low: 100, alpha_high: 300 });
    expect(plan).toEqual([
      { name: 'tempo', call: 'sudo_set_tempo', args: { tempo: 10 }, current: undefined, desired: 10, origin: 'root' },
      {
        name: 'alpha_values',
        call: 'sudo_set_alpha_values',
        args: { alpha_low: 100, alpha_high: 200 },
        current: { low: 100, high: 300 },
        desired: { low: 100, high: 200 },
        origin: 'owner',
      },
    ]);
    expect(planHyperparameterChanges({ config: { hyperparameters } }, { tempo: 10, alphaLow: 100, alphaHigh: 200 })).toEqual([]);
    // as the chain client reads them (`subnet sudo get`): alpha_values is a [low, high] pair
    expect(planHyperparameterChanges({ config: { hyperparameters } }, { tempo: '10', alpha_values: [100, 200] })).toEqual([]);
    expect(formatHyperparameterPlan([])).toMatch(/already match/);
  });
});

describe('hyperparameter names', () => {
  it("are btcli's, with the AdminUtils argument names as aliases of the same spec", () => {
    expect(hyperparameterSpec('weights_set_rate_limit')).toBe(hyperparameterSpec('weights_rate_limit'));
    expect(hyperparameterSpec('weights_rate_limit')).toMatchObject({ name: 'weights_rate_limit', setter: 'sudo_set_weights_set_rate_limit', owner: false });
    expect(canonicalHyperparameterName('bonds_moving_average')).toBe('bonds_moving_avg');
    expect(canonicalHyperparameterName('tempo')).toBe('tempo');
    expect(hyperparameterSpec('no_such_parameter')).toBeUndefined();
  });

  it('matches chain values reported under an alias', () => {
    const hyperparameters = HyperparametersSchema.parse({ weights_rate_limit: 10 });
    expect(planHyperparameterChanges({ config: { hyperparameters } }, { weights_set_rate_limit: 10 })).toEqual([]);
    expect(planHyperparameterChanges({ config: { hyperparameters } }, { weightsSetRateLimit: 10 })).toEqual([]);
  });
});
