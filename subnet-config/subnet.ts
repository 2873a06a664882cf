import type { z } from 'zod';
import type { Logger } from '../core/logger.ts';
import { challengeSeed, makeChallenge, type ChallengeGenerator, type MinerHandler } from '../scoring/challenge.ts';
import { ensureModels, GENERATED_MODELS_DIR } from '../scoring/models/ensure.ts';
import { createScoringRuntime, type ScoringRuntime } from '../scoring/onnx/runtime.ts';
import type { SessionRegistry } from '../scoring/onnx/session-registry.ts';
import { buildRule, ScoringPipeline } from '../scoring/pipeline.ts';
import { customLeaves, type CustomRuleConfig } from '../scoring/rule-tree.ts';
import type { Challenge, ScoringRule } from '../scoring/rule.ts';
import { loadSubnetDefinition, type SubnetDefinition } from './load-definition.ts';
import { loadSubnetModule } from './load-module.ts';
import { checkPayload, payloadValidator } from './synapse-schema.ts';

/**
 * A subnet ready to run: the definition, its models loaded and hash-checked,
 * its challenge generator, its scoring pipeline and its synapse validators.
 * Validators, miners and `subnet simulate` all go through this one object.
 */
export interface Subnet {
  definition: SubnetDefinition;
  /** undefined when loaded with `models: false` */
  runtime?: ScoringRuntime;
  generator: ChallengeGenerator;
  /** the reference (honest) miner behaviour, when the definition has one */
  minerHandler?: MinerHandler;
  pipeline: ScoringPipeline;
  /** deterministic in (blockHash, validatorSecret, step, uid): reproducible for audit */
  generateChallenge(input: { blockHash: string; validatorSecret: string; step: number; uid?: number }): Promise<Challenge>;
  /** undefined when valid, else `field: problem` */
  checkRequest(synapse: string, body: unknown): string | undefined;
  checkResponse(synapse: string, body: unknown): string | undefined;
}

interface LoadSubnetOptions {
  log?: Logger;
  /** load the ONNX models (default true); a validator must, a CLI `validate` need not */
  models?: boolean;
  sessions?: SessionRegistry;
  intraOpThreads?: number;
}

export async function loadSubnet(target: string | SubnetDefinition, opts: LoadSubnetOptions = {}): Promise<Subnet> {
  const definition = typeof target === 'string' ? loadSubnetDefinition(target) : target;
  const { config, dir } = definition;
  // the project's generated reference models are rebuilt on demand (a fresh clone has none); any other model must exist
  if (opts.models !== false && Object.values(definition.models).some((m) => m.path.startsWith(GENERATED_MODELS_DIR))) ensureModels();
  const runtime =
    opts.models === false
      ? undefined
      : await createScoringRuntime(definition.models, { log: opts.log, sessions: opts.sessions, intraOpThreads: opts.intraOpThreads });

  const generator = await loadSubnetModule<ChallengeGenerator>(
    dir,
    config.challenge,
    'challenge generator',
    isGenerator,
    'a ChallengeGenerator ({ generate(ctx) })',
  );
  const minerHandler = config.miner
    ? await loadSubnetModule<MinerHandler>(dir, config.miner, 'miner handler', isMinerHandler, 'a MinerHandler ({ respond(request, ctx) })')
    : undefined;

  const customRules = new Map<CustomRuleConfig, ScoringRule>();
  for (const c of customLeaves(config.scoring.rule)) {
    customRules.set(c, await loadSubnetModule<ScoringRule>(dir, c, `custom rule ${c.name ?? c.module}`, isRule, 'a ScoringRule ({ name, score(items, ctx) })'));
  }
  const validators = new Map<string, { request: z.ZodType; response: z.ZodType }>();
  for (const [name, s] of Object.entries(config.synapses))
    validators.set(name, { request: payloadValidator(s.request), response: payloadValidator(s.response) });
  const check = (kind: 'request' | 'response') => (synapse: string, body: unknown) => {
    const v = validators.get(synapse);
    if (!v) return `unknown synapse ${synapse}`;
    return checkPayload(v[kind], body);
  };

  const rule = buildRule(config.scoring.rule, (c) => customRules.get(c)!);
  const pipeline = new ScoringPipeline(rule, config.rewards, { runtime, timeoutMs: config.validator.timeout_ms, checkResponse: check('response') });

  return {
    definition,
    runtime,
    generator,
    minerHandler,
    pipeline,
    generateChallenge: (input) =>
      makeChallenge(generator, config.challenge.synapse, {
        seed: challengeSeed(input),
        step: input.step,
        uid: input.uid,
        options: config.challenge.options,
        runtime,
      }),
    checkRequest: check('request'),
    checkResponse: check('response'),
  };
}

const isGenerator = (v: unknown): v is ChallengeGenerator => typeof (v as ChallengeGenerator | undefined)?.generate === 'function';
const isMinerHandler = (v: unknown): v is MinerHandler => typeof (v as MinerHandler | undefined)?.respond === 'function';
const isRule = (v: unknown): v is ScoringRule => typeof (v as ScoringRule | undefined)?.score === 'function' && typeof (v as ScoringRule).name === 'string';
