import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { isSubnetError } from '../../core/errors.ts';
import { BUILTIN_RULES } from '../../scoring/rules/index.ts';
import { loadSubnetDefinition } from '../../subnet-config/load-definition.ts';
import { loadSubnet } from '../../subnet-config/subnet.ts';
import { minimalConfig } from '../scoring/helpers.ts';

const EXAMPLE = resolve('subnet-config/examples/embedding');
const tmp = mkdtempSync(join(tmpdir(), 'subnetkit-def-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A copy of the embedding example with `edit` applied to its parsed YAML. */
function variant(edit: (doc: any) => void, format: 'yaml' | 'json' = 'yaml'): string {
  const dir = join(tmp, `v${n++}`);
  mkdirSync(dir);
  const doc = parse(readFileSync(join(EXAMPLE, 'subnet.yaml'), 'utf8'));
  // the example's own modules, by absolute path (they import subnetkit relatively)
  doc.challenge.module = resolve(EXAMPLE, doc.challenge.module);
  doc.miner.module = resolve(EXAMPLE, doc.miner.module);
  for (const m of Object.values(doc.models) as any[]) {
    m.path = resolve(EXAMPLE, m.path);
    if (m.tokenizer) m.tokenizer.path = resolve(EXAMPLE, m.tokenizer.path);
  }
  edit(doc);
  if (format === 'json') writeFileSync(join(dir, 'subnet.json'), JSON.stringify(doc));
  else writeFileSync(join(dir, 'subnet.yaml'), stringify(doc));
  return dir;
}

function errorOf(fn: () => unknown): { code?: string; message: string } {
  try {
    fn();
  } catch (err) {
    return { code: isSubnetError(err) ? err.code : undefined, message: (err as Error).message };
  }
  throw new Error('expected an error');
}

describe('subnet definition loader', () => {
  it('loads both shipped examples with defaults applied and model paths resolved', () => {
    for (const ex of ['embedding', 'generation']) {
      const def = loadSubnetDefinition(`subnet-config/examples/${ex}`);
      expect(def.config.name).toBe(ex);
      for (const m of Object.values(def.models)) expect(m.path.startsWith('/')).toBe(true);
    }
    const def = loadSubnetDefinition('subnet-config/examples/embedding/subnet.yaml');
    expect(def.config.validator.ema_alpha).toBe(0.3);
    expect(def.config.hyperparameters.weights_rate_limit).toBe(10n);
    expect(def.models.embedder.maxBatch).toBe(256);
  });

  it("reads hyperparameters by btcli's names, accepts the AdminUtils argument names as aliases, and refuses both at once", () => {
    const aliased = loadSubnetDefinition(
      variant((d) => {
        d.hyperparameters = {
          tempo: 50,
          weights_set_rate_limit: 7,
          max_weight_limit: 1000,
          max_allowed_validators: 8,
          bonds_moving_average: 950000,
          target_registrations_per_interval: 2,
        };
      }),
    ).config.hyperparameters;
    expect(aliased).toEqual({
      tempo: 50,
      weights_rate_limit: 7n,
      max_weights_limit: 1000,
      max_validators: 8,
      bonds_moving_avg: 950000n,
      target_regs_per_interval: 2,
    });
    const both = errorOf(() => loadSubnetDefinition(variant((d) => (d.hyperparameters = { weights_rate_limit: 7, weights_set_rate_limit: 8 }))));
    expect(both.code).toBe('SUBNET_CONFIG_INVALID');
    expect(both.message).toMatch(/hyperparameters\.weights_set_rate_limit: weights_set_rate_limit is an alias of weights_rate_limit; give only one of them/);
  });

  it("accepts every built-in rule as scoring.rule, with the rule's own defaults applied", () => {
    for (const rule of BUILTIN_RULES) {
      const config = minimalConfig(rule);
      const def = loadSubnetDefinition(variant((d) => (d.scoring.rule = config)));
      expect(def.config.scoring.rule).toEqual({ type: rule.type, ...rule.options.parse(config) });
    }
  });

  it('accepts JSON', () => {
    const def = loadSubnetDefinition(variant(() => {}, 'json'));
    expect(def.file.endsWith('subnet.json')).toBe(true);
  });

  it('names the file, the field path, the expectation and the value on invalid input', () => {
    const cases: [(d: any) => void, RegExp][] = [
      [(d) => (d.validator.ema_alpha = 3), /validator\.ema_alpha: .*<=\s?1.*got 3/],
      [(d) => (d.models.embedder.sha256 = 'xyz'), /models\.embedder\.sha256: a 64-character hex sha256, got "xyz"/],
      [(d) => (d.scoring.rule.gate.type = 'cosine-magic'), /scoring\.rule\.gate\.type: .*got "cosine-magic"|scoring\.rule\.gate/],
      [(d) => (d.challenge.synapse = 'Nope'), /challenge\.synapse: synapse Nope is not defined; expected one of: Embed/],
      [(d) => (d.hyperparameters.kappa = 70000), /hyperparameters\.kappa: .*65535/],
      [(d) => (d.rewards = [{ type: 'power', exponent: -1 }]), /rewards\.0\.exponent/],
      [(d) => (d.simulation.miners = ['honest', 'sleepy']), /simulation\.miners\.1: honest \| noisy/],
      [(d) => (d.unknown_key = 1), /unknown_key|Unrecognized key/],
      [(d) => delete d.models.embedder.tokenizer, /models\.embedder\.tokenizer: a text-embedding model needs a tokenizer/],
    ];
    for (const [edit, pattern] of cases) {
      const dir = variant(edit);
      const e = errorOf(() => loadSubnetDefinition(dir));
      expect(e.code).toBe('SUBNET_CONFIG_INVALID');
      expect(e.message).toContain(join(dir, 'subnet.yaml'));
      expect(e.message).toMatch(pattern);
    }
  });

  it('with checkFiles, refuses a definition whose model, tokenizer or module files are missing, naming each field', () => {
    const dir = variant((d) => {
      d.models.embedder.path = join(tmp, 'gone', 'model.onnx');
      d.models.embedder.tokenizer.path = join(tmp, 'gone', 'tokenizer.json');
      d.miner.module = join(tmp, 'gone', 'miner.ts');
    });
    // without checkFiles only the document is validated
    expect(loadSubnetDefinition(dir).models.embedder!.path).toBe(join(tmp, 'gone', 'model.onnx'));
    const e = errorOf(() => loadSubnetDefinition(dir, { checkFiles: true }));
    expect(e.code).toBe('SUBNET_CONFIG_MISSING_FILE');
    expect(e.message).toContain(join(dir, 'subnet.yaml'));
    expect(e.message).toContain(`models.embedder.path: ${join(tmp, 'gone', 'model.onnx')} does not exist`);
    expect(e.message).toContain(`models.embedder.tokenizer.path: ${join(tmp, 'gone', 'tokenizer.json')} does not exist`);
    expect(e.message).toContain(`miner.module: ${join(tmp, 'gone', 'miner.ts')} does not exist`);
    expect(e.message).not.toContain('challenge.module');
    // files the toolchain rebuilds on demand are not required yet
    const rebuilt = loadSubnetDefinition(
      variant((d) => (d.models.embedder.path = join(tmp, 'generated', 'model.onnx'))),
      {
        checkFiles: { rebuiltOnDemand: (path) => path.startsWith(join(tmp, 'generated')) || path.endsWith('tokenizer.json') },
      },
    );
    expect(rebuilt.models.embedder!.path).toBe(join(tmp, 'generated', 'model.onnx'));
  });

  it('reports YAML syntax errors with a line number, and a missing definition', () => {
    const dir = join(tmp, 'broken');
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(join(dir, 'subnet.yaml'), 'name: x\nsynapses: [unclosed\n');
    expect(errorOf(() => loadSubnetDefinition(dir)).message).toMatch(/YAML syntax error at line \d+/);
    expect(errorOf(() => loadSubnetDefinition(join(tmp, 'nowhere'))).code).toBe('SUBNET_CONFIG_NOT_FOUND');
  });

  it('loads custom modules at runtime and explains bad ones', async () => {
    const dir = variant(() => {});
    writeFileSync(join(dir, 'bad-rule.ts'), 'export default { nope: true };\n');
    writeFileSync(
      join(dir, 'factory-rule.ts'),
      "export function make(o: { value: number }) { return { name: 'const', score: (items: unknown[]) => items.map(() => o.value) }; }\n",
    );
    const withRule = (rule: object) =>
      variant((d) => {
        d.scoring.rule = rule;
      });
    const bad = withRule({ type: 'custom', module: join(dir, 'bad-rule.ts') });
    await expect(loadSubnet(bad, { models: false })).rejects.toThrow(/is not a ScoringRule/);
    const missing = withRule({ type: 'custom', module: './missing.ts' });
    await expect(loadSubnet(missing, { models: false })).rejects.toThrow(/missing\.ts does not exist/);
    const noExport = withRule({ type: 'custom', module: join(dir, 'factory-rule.ts'), export: 'other' });
    await expect(loadSubnet(noExport, { models: false })).rejects.toThrow(/has no export `other` \(exports: make\)/);
    const factory = withRule({ type: 'custom', module: join(dir, 'factory-rule.ts'), export: 'make', options: { value: 0.25 } });
    const subnet = await loadSubnet(factory, { models: false });
    const c = await subnet.generateChallenge({ blockHash: '0x1', validatorSecret: 's', step: 0, uid: 1 });
    const r = await subnet.pipeline.score([{ challenge: c, response: { uid: 1, status: 'ok', body: {}, latencyMs: 1 } }]);
    expect(r.scores).toEqual([0.25]);
    // plain JavaScript modules work the same way
    writeFileSync(join(dir, 'js-rule.mjs'), "export default { name: 'js', score: (items) => items.map(() => 0.5) };\n");
    const js = await loadSubnet(withRule({ type: 'custom', module: join(dir, 'js-rule.mjs') }), { models: false });
    expect((await js.pipeline.score([{ challenge: c, response: { uid: 1, status: 'ok', body: {}, latencyMs: 1 } }])).scores).toEqual([0.5]);
  });

  it('a validator refuses to start with a model that does not match its pin', async () => {
    const dir = variant((d) => (d.models.embedder.sha256 = 'f'.repeat(64)));
    await expect(loadSubnet(dir)).rejects.toMatchObject({ code: 'MODEL_HASH_MISMATCH' });
  });
});
