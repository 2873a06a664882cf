import { z } from 'zod';
import type { RuleDefinition } from './rule-definition.ts';
import { BUILTIN_RULES } from './rules/index.ts';

const named = { name: z.string().optional().describe('label for per-rule score breakdowns') };

const CustomRuleSchema = z
  .object({
    type: z.literal('custom'),
    module: z.string().describe('TS or JS module, relative to the subnet folder, loaded at runtime'),
    export: z.string().default('default').describe('export holding a ScoringRule or a factory (options) => ScoringRule'),
    options: z.record(z.string(), z.unknown()).default({}).describe('passed to the factory'),
    ...named,
  })
  .strict();

export type CustomRuleConfig = z.infer<typeof CustomRuleSchema>;

/** A built-in leaf as it appears in the tree: its `type`, its options and an optional `name`. */
type BuiltinRuleConfig<D> = D extends RuleDefinition<infer Type, infer Options> ? { type: Type; name?: string } & z.output<Options> : never;

export type RuleConfig =
  | BuiltinRuleConfig<(typeof BUILTIN_RULES)[number]>
  | CustomRuleConfig
  | { type: 'weighted-sum'; name?: string; rules: { weight: number; rule: RuleConfig }[] }
  | { type: 'product'; name?: string; rules: RuleConfig[] }
  | { type: 'gate'; name?: string; gate: RuleConfig; min: number; then: RuleConfig };

function leafSchema(rule: RuleDefinition) {
  const schema = z.object({ type: z.literal(rule.type), ...rule.options.shape, ...named }).strict();
  return rule.options.description === undefined ? schema : schema.describe(rule.options.description);
}

type LeafSchema = ReturnType<typeof leafSchema>;

/** The `scoring.rule` tree of a subnet definition: built-in leaves, `custom` modules and their compositions. */
export const RuleSchema: z.ZodType<RuleConfig, unknown> = z.lazy(() =>
  z.discriminatedUnion('type', [
    ...(BUILTIN_RULES.map(leafSchema) as [LeafSchema, ...LeafSchema[]]), // the list is never empty
    CustomRuleSchema,
    z
      .object({
        type: z.literal('weighted-sum'),
        ...named,
        rules: z.array(z.object({ weight: z.number().min(0), rule: RuleSchema }).strict()).min(1),
      })
      .strict()
      .describe('sum of weight * score, divided by the sum of weights'),
    z
      .object({ type: z.literal('product'), ...named, rules: z.array(RuleSchema).min(1) })
      .strict()
      .describe('product of the scores'),
    z
      .object({ type: z.literal('gate'), ...named, gate: RuleSchema, min: z.number().min(0).max(1).default(1), then: RuleSchema })
      .strict()
      .describe('0 unless the gate rule scores at least `min`, else the `then` rule'),
  ]),
) as z.ZodType<RuleConfig, unknown>;

export const RULE_TYPES = [...BUILTIN_RULES.map((r) => r.type), 'custom', 'weighted-sum', 'product', 'gate'] as const;

/** The `custom` leaves of a rule tree, in tree order: the modules a loader must import before `buildRule`. */
export function customLeaves(rule: RuleConfig): CustomRuleConfig[] {
  switch (rule.type) {
    case 'custom':
      return [rule];
    case 'weighted-sum':
      return rule.rules.flatMap((p) => customLeaves(p.rule));
    case 'product':
      return rule.rules.flatMap(customLeaves);
    case 'gate':
      return [...customLeaves(rule.gate), ...customLeaves(rule.then)];
    default:
      return [];
  }
}
