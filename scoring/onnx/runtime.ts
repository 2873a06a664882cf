import { SubnetError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { ExecutionProvider } from './execution-provider.ts';
import { LanguageModel } from './language-model.ts';
import type { ModelSpec } from './model-spec.ts';
import { PairClassifier } from './pair-classifier.ts';
import { sharedSessions, type SessionRegistry } from './session-registry.ts';
import { TextEmbedder } from './text-embedder.ts';
import { loadTokenizer, type TextTokenizer } from './tokenizer.ts';

/**
 * The reference models of one subnet, loaded, hash-checked and ready: the one
 * object both the miner's ONNX backend and the validator's scoring rules use.
 * `createScoringRuntime` loads every model eagerly, so a validator with a
 * missing or mismatching model fails at start instead of scoring wrongly.
 */
export interface ScoringRuntime {
  embedder(name: string): TextEmbedder;
  classifier(name: string): PairClassifier;
  languageModel(name: string): LanguageModel;
  tokenizer(name: string): TextTokenizer;
  /** model name -> provider actually in use, path, sha256 */
  describe(): Record<string, { kind: ModelSpec['kind']; provider: ExecutionProvider; path: string; sha256: string }>;
  readonly names: string[];
}

export async function createScoringRuntime(
  specs: Record<string, ModelSpec>,
  opts: { log?: Logger; sessions?: SessionRegistry; intraOpThreads?: number } = {},
): Promise<ScoringRuntime> {
  const sessions = opts.sessions ?? sharedSessions;
  const embedders = new Map<string, TextEmbedder>();
  const classifiers = new Map<string, PairClassifier>();
  const lms = new Map<string, LanguageModel>();
  const tokenizers = new Map<string, TextTokenizer>();
  const info: ReturnType<ScoringRuntime['describe']> = {};

  const tokenizerOf = (name: string, spec: ModelSpec) => {
    if (!spec.tokenizer) throw new SubnetError('MODEL_CONFIG', `model ${name} (${spec.kind}) needs a tokenizer`);
    const t = loadTokenizer(spec.tokenizer.path, { sha256: spec.tokenizer.sha256, maxLength: spec.maxLength });
    tokenizers.set(name, t);
    return t;
  };

  // embedders first: classifiers reference them by name
  const ordered = Object.entries(specs).sort(([, a], [, b]) => Number(a.kind === 'pair-classifier') - Number(b.kind === 'pair-classifier'));
  for (const [name, spec] of ordered) {
    const loaded = await sessions.load(spec, { log: opts.log, intraOpThreads: opts.intraOpThreads });
    info[name] = { kind: spec.kind, provider: loaded.provider, path: loaded.path, sha256: loaded.sha256 };
    if (spec.kind === 'text-embedding') embedders.set(name, new TextEmbedder(loaded, tokenizerOf(name, spec), spec.maxBatch));
    else if (spec.kind === 'causal-lm') lms.set(name, new LanguageModel(loaded, tokenizerOf(name, spec)));
    else {
      const embedder = spec.embedder ? embedders.get(spec.embedder) : undefined;
      if (!embedder)
        throw new SubnetError('MODEL_CONFIG', `pair-classifier ${name} needs \`embedder\` naming a text-embedding model; got ${spec.embedder ?? 'nothing'}`);
      classifiers.set(name, new PairClassifier(loaded, embedder));
    }
  }

  const pick = <T>(map: Map<string, T>, name: string, kind: string): T => {
    const v = map.get(name);
    if (!v) throw new SubnetError('MODEL_NOT_FOUND', `no ${kind} model named ${name}; defined: ${[...map.keys()].join(', ') || 'none'}`);
    return v;
  };
  return {
    embedder: (name) => pick(embedders, name, 'text-embedding'),
    classifier: (name) => pick(classifiers, name, 'pair-classifier'),
    languageModel: (name) => pick(lms, name, 'causal-lm'),
    tokenizer: (name) => pick(tokenizers, name, 'tokenizer-bearing'),
    describe: () => ({ ...info }),
    names: Object.keys(specs),
  };
}
