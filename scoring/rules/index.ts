import { embeddingMatchDefinition } from './embedding-match.ts';
import { exactDefinition } from './exact.ts';
import { latencyDefinition } from './latency.ts';
import { lengthDefinition } from './length.ts';
import { logprobCheckDefinition } from './logprob-check.ts';
import { modelScoreDefinition } from './model-score.ts';
import { referenceSimilarityDefinition } from './reference-similarity.ts';
import { schemaDefinition } from './schema.ts';

/**
 * The built-in leaf rules. The rule tree schema, its TS type and `buildRule`
 * are derived from this list; the order is the order of the configuration
 * reference.
 */
export const BUILTIN_RULES = [
  embeddingMatchDefinition,
  referenceSimilarityDefinition,
  modelScoreDefinition,
  logprobCheckDefinition,
  latencyDefinition,
  schemaDefinition,
  lengthDefinition,
  exactDefinition,
] as const;
