import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildRule } from '../../scoring/pipeline.ts';
import { customLeaves, RULE_TYPES, RuleSchema, type RuleConfig } from '../../scoring/rule-tree.ts';
import { BUILTIN_RULES } from '../../scoring/rules/index.ts';
import { minimalConfig } from './helpers.ts';

describe('built-in rule list and rule tree schema', () => {
  it('rule types are unique, none takes a composite or custom type, and no rule declares `type` or `name` as an option', () => {
    const types = BUILTIN_RULES.map((r) => r.type);
    expect(new Set(types).size).toBe(types.length);
    for (const t of ['custom', 'weighted-sum', 'product', 'gate']) expect(types).not.toContain(t);
    // the tree adds these two keys to every leaf
    for (const r of BUILTIN_RULES) expect(Object.keys(r.options.shape)).not.toEqual(expect.arrayContaining(['type']));
    for (const r of BUILTIN_RULES) expect(Object.keys(r.options.shape)).not.toEqual(expect.arrayContaining(['name']));
    expect([...RULE_TYPES].sort()).toEqual([...types, 'custom', 'weighted-sum', 'product', 'gate'].sort());
  });

  it.each(BUILTIN_RULES.map((r) => [r.type, r] as const))('%s parses with its defaults through the rule tree and builds', (type, rule) => {
    const input = minimalConfig(rule);
    const parsed = RuleSchema.parse(input);
    expect(parsed).toEqual({ type, ...rule.options.parse(input) });
    for (const [key, field] of Object.entries(rule.options.shape)) {
      if (field instanceof z.ZodDefault) expect((parsed as Record<string, unknown>)[key]).toEqual(field.def.defaultValue);
    }
    expect(buildRule(parsed).name).toBe(type);
    expect(buildRule(RuleSchema.parse({ ...input, name: 'labelled' })).name).toBe('labelled');
    expect(RuleSchema.safeParse({ ...input, no_such_option: 1 }).success).toBe(false);
  });

  it('leaves nest in compositions, and the custom leaves are found in tree order', () => {
    const leaf = (i: number) => minimalConfig(BUILTIN_RULES[i]);
    const tree = RuleSchema.parse({
      type: 'gate',
      gate: leaf(0),
      then: {
        type: 'weighted-sum',
        rules: [
          { weight: 1, rule: { type: 'custom', module: './a.ts' } },
          { weight: 2, rule: { type: 'product', rules: [leaf(1), { type: 'custom', module: './b.ts', name: 'b' }] } },
        ],
      },
    }) as RuleConfig;
    expect(customLeaves(tree).map((c) => [c.module, c.export, c.options, c.name])).toEqual([
      ['./a.ts', 'default', {}, undefined],
      ['./b.ts', 'default', {}, 'b'],
    ]);
    expect(RuleSchema.safeParse({ type: 'no-such-rule' }).success).toBe(false);
    expect(() => buildRule({ type: 'no-such-rule' } as unknown as RuleConfig)).toThrow(/unknown rule type no-such-rule; expected one of: embedding-match, /);
  });
});
