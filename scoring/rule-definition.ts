import type { z } from 'zod';
import type { ScoringRule } from './rule.ts';

/**
 * A built-in leaf rule as one value: the `type` that selects it in a subnet
 * definition, the zod schema of its options (their defaults and `.describe()`
 * texts are what the loader applies and the configuration reference prints)
 * and the factory that builds the rule from parsed options. The rule tree
 * schema and `buildRule` are derived from the list of these, so a rule's
 * options are declared once.
 */
export interface RuleDefinition<Type extends string = string, Options extends z.ZodObject = z.ZodObject> {
  readonly type: Type;
  /** the rule's own keys; the rule tree adds `type` and `name` and rejects unknown keys */
  readonly options: Options;
  /** `name` labels the rule in per-rule score breakdowns */
  create(options: z.output<Options>, name?: string): ScoringRule;
}

/** Keeps the literal `type` and the options schema's exact type, so every rule module reads the same. */
export function defineRule<const Type extends string, Options extends z.ZodObject>(definition: RuleDefinition<Type, Options>): RuleDefinition<Type, Options> {
  return definition;
}
