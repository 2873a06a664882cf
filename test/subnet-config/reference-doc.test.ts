import { describe, expect, it } from 'vitest';
import { configurationReference } from '../../subnet-config/reference-doc.ts';
import { RULE_TYPES } from '../../scoring/rule-tree.ts';

describe('configuration reference', () => {
  it('documents every section, rule type and reward step from the zod schemas', () => {
    const md = configurationReference();
    for (const section of ['name', 'synapses', 'challenge', 'scoring', 'rewards', 'validator', 'models', 'hyperparameters', 'simulation'])
      expect(md).toContain(`## \`${section}\``);
    for (const t of RULE_TYPES) expect(md).toContain(`\`type: ${t}\``);
    for (const t of ['duplicate-penalty', 'power', 'temperature', 'rank', 'top-k', 'normalize']) expect(md).toContain(`rewards: \`type: ${t}\``);
    expect(md).toMatch(/\| `validator\.ema_alpha` \| number \(> 0, <= 1\) \| `0\.1` \|/);
    expect(md).toMatch(/`models\.<name>\.sha256` \*/);
  });
});

describe('subnet-config/REFERENCE.md', () => {
  it('is up to date with the schemas (regenerate: subnet config-reference > subnet-config/REFERENCE.md)', async () => {
    const { readFileSync } = await import('node:fs');
    expect(readFileSync('subnet-config/REFERENCE.md', 'utf8')).toBe(`${configurationReference()}\n`);
  });
});
