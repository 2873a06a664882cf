import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadSubnetDefinition, type SubnetDefinition } from '../subnet-config/load-definition.ts';
import { EMBEDDING_SUBNET_DIR } from './behaviours/reference.ts';

/** How fast the demo's subnet runs: a short tempo, so three epochs fit in a couple of minutes. */
export interface DemoPace {
  tempo: number;
  /** validator query steps every N blocks */
  stepEveryBlocks: number;
  /** validators set weights every N blocks (and the chain's rate limit) */
  weightsEveryBlocks: number;
}

export const DEMO_PACE: DemoPace = { tempo: 20, stepEveryBlocks: 2, weightsEveryBlocks: 4 };

/**
 * Writes the demo's copy of the `embedding` example into `dir`: the same
 * synapse, challenge, scoring and models (paths made absolute), with a pace
 * that suits a demo and hyperparameters for two validators. Returns the
 * validated definition.
 */
export function writeDemoDefinition(dir: string, pace: DemoPace = DEMO_PACE): SubnetDefinition {
  const source = join(EMBEDDING_SUBNET_DIR, 'subnet.yaml');
  const config = parse(readFileSync(source, 'utf8')) as Record<string, any>;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(EMBEDDING_SUBNET_DIR, p));
  config.challenge.module = abs(config.challenge.module);
  if (config.miner) config.miner.module = abs(config.miner.module);
  for (const model of Object.values(config.models ?? {}) as { path: string; tokenizer?: { path: string } }[]) {
    model.path = abs(model.path);
    if (model.tokenizer) model.tokenizer.path = abs(model.tokenizer.path);
  }
  config.netuid = 1;
  // Nine processes share two cores here: a generous timeout keeps a busy honest
  // miner from being scored as absent (latency is still scored, 150 ms to 2 s).
  config.validator = {
    ...config.validator,
    step_every_blocks: pace.stepEveryBlocks,
    weights_every_blocks: pace.weightsEveryBlocks,
    ema_alpha: 0.2,
    timeout_ms: 5000,
  };
  config.hyperparameters = {
    ...config.hyperparameters,
    tempo: pace.tempo,
    weights_rate_limit: Math.max(1, pace.weightsEveryBlocks - 1),
    max_validators: 2,
    immunity_period: 1000,
    // as on today's subnets: validators commit timelocked weights and the chain reveals them
    commit_reveal_weights_enabled: true,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'subnet.yaml'), `# The demo's copy of subnet-config/examples/embedding, at demo pace.\n${stringify(config)}`);
  return loadSubnetDefinition(dir);
}
