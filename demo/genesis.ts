import { loadSubnetDefinition } from '../subnet-config/load-definition.ts';

/**
 * The devnet genesis for the demo: subnet `netuid` owned by //Alice and started
 * at genesis, with the demo definition's chain hyperparameters, so the demo
 * spends no blocks on creating it. Loopback axons are allowed (devnet only).
 *
 * Its pool is a live subnet's, not a fresh one's: 5,000 τ against 100,000 α
 * (0.05 τ/α), 20,000 α outstanding staked by //Ferdie on a hotkey that is no
 * neuron (so it weighs on no consensus), and two other subnets with their own
 * pools and TAO flows, so the demo's subnet gets part of the block's TAO, as on
 * chain, and its stake is worth what its price says.
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
    name: 'embedding',
    pool: { tao: '5000', alpha: '100000' },
    stakes: [{ coldkey: '//Ferdie', alpha: '20000' }],
    taoFlow: 2,
  };
  return {
    subtensorModule: {
      allowLoopbackAxons: true,
      subnet: Object.fromEntries(Object.entries(subnet).filter(([, v]) => v !== undefined)),
      subnets: DEMO_NEIGHBOURS,
    },
  };
}

/** The demo subnet's neighbours: a cheap young subnet and a deep established one (netuids 2 and 3). */
const DEMO_NEIGHBOURS = [
  { name: 'young', owner: '//Bob', pool: { tao: '1000', price: '0.02' }, alphaOut: '5000', taoFlow: 1 },
  { name: 'established', owner: '//Charlie', pool: { tao: '15000', price: '0.3' }, alphaOut: '30000', taoFlow: 5 },
];
