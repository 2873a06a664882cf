import { loadSubnetDefinition } from '../subnet-config/load-definition.ts';

/**
 * The devnet genesis for the demo: subnet `netuid` owned by //Alice and started
 * at genesis, with the demo definition's chain hyperparameters, so the demo
 * spends no blocks on creating it. Loopback axons are allowed (devnet only).
 */
export function demoGenesis(netuid: number, definitionDir: string): Record<string, unknown> {
  if (netuid !== 1) throw new Error('the devnet genesis creates netuid 1 only');
  const h = loadSubnetDefinition(definitionDir).config.hyperparameters;
  const num = (v: number | bigint | undefined) => (v === undefined ? undefined : Number(v));
  const subnet = {
    owner: '//Alice',
    tempo: h.tempo,
    kappa: h.kappa,
    immunityPeriod: h.immunity_period,
    minAllowedWeights: h.min_allowed_weights,
    maxWeightsLimit: h.max_weights_limit,
    maxAllowedValidators: h.max_validators,
    weightsSetRateLimit: num(h.weights_rate_limit),
    activityCutoff: h.activity_cutoff,
    bondsMovingAverage: num(h.bonds_moving_avg),
    commitRevealWeightsEnabled: h.commit_reveal_weights_enabled,
    liquidAlphaEnabled: h.liquid_alpha_enabled,
    // a cheap, flat registration price: seven registrations in one block
    burn: 1_000_000_000,
    minBurn: 1_000_000_000,
    maxBurn: 1_000_000_000,
    targetRegistrationsPerInterval: 64,
    startCall: true,
  };
  return { subtensorModule: { allowLoopbackAxons: true, subnet: Object.fromEntries(Object.entries(subnet).filter(([, v]) => v !== undefined)) } };
}
