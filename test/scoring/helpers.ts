import { z } from 'zod';
import { ensureModels } from '../../scoring/models/ensure.ts';
import type { ModelSpec } from '../../scoring/onnx/model-spec.ts';
import type { RuleDefinition } from '../../scoring/rule-definition.ts';
import type { Challenge, MinerResponse, ScoringItem } from '../../scoring/rule.ts';

/** Model specs for the generated models, as a subnet definition would pin them. */
export function generatedModelSpecs(provider: ModelSpec['provider'] = 'cpu'): Record<string, ModelSpec> {
  const m = ensureModels();
  const tokenizer = { path: m.tokenizer.path, sha256: m.tokenizer.sha256 };
  return {
    embedder: { kind: 'text-embedding', path: m.embedding.path, sha256: m.embedding.sha256, provider, tokenizer, maxLength: 128, maxBatch: 256 },
    relevance: { kind: 'pair-classifier', path: m.classifier.path, sha256: m.classifier.sha256, provider, embedder: 'embedder' },
    lm: { kind: 'causal-lm', path: m.languageModel.path, sha256: m.languageModel.sha256, provider, tokenizer, maxLength: 128 },
  };
}

export function challenge(request: Record<string, unknown>, priv: Record<string, unknown> = {}, id = 'c1'): Challenge {
  return { id, synapse: 'S', seed: `${id}-seed`, request, private: priv };
}

export function ok(uid: number, body: unknown, latencyMs = 50): MinerResponse {
  return { uid, status: 'ok', body, latencyMs };
}

export function items(c: Challenge, responses: MinerResponse[]): ScoringItem[] {
  return responses.map((response) => ({ challenge: c, response }));
}

/** The smallest config of a rule: its `type` and a value for each option that has no default. */
export function minimalConfig(rule: RuleDefinition): Record<string, unknown> {
  const json = z.toJSONSchema(rule.options, { io: 'input' }) as { properties: Record<string, { type?: string }>; required?: string[] };
  const out: Record<string, unknown> = { type: rule.type };
  for (const key of json.required ?? []) {
    const t = json.properties[key].type;
    if (t !== 'string') throw new Error(`${rule.type}.${key}: no sample value for a required ${t}`);
    out[key] = `${key}-value`;
  }
  return out;
}
