import type { ExecutionProviderChoice } from './execution-provider.ts';

/**
 * What a model does, which fixes its input/output contract:
 * - `text-embedding`: input_ids, attention_mask int64 [batch, seq] -> one float output [batch, dim] (L2-normalised by the runtime if not already)
 * - `pair-classifier`: two float inputs [batch, dim] (embeddings of prompt and response) -> float [batch, 1] in [0,1]
 * - `causal-lm`: input_ids, attention_mask -> float [batch, seq, vocab] next-token log-probabilities
 */
type ModelKind = 'text-embedding' | 'pair-classifier' | 'causal-lm';

/** A reference model as a subnet definition pins it (paths already resolved). */
export interface ModelSpec {
  kind: ModelKind;
  /** absolute path of the .onnx file */
  path: string;
  /** lowercase hex sha256 of the .onnx file */
  sha256: string;
  provider: ExecutionProviderChoice;
  /** required for text-embedding and causal-lm */
  tokenizer?: { path: string; sha256?: string };
  /** token budget per text (truncation), default 128 */
  maxLength?: number;
  /** rows per InferenceSession.run, default 256 */
  maxBatch?: number;
  /** for pair-classifier: the text-embedding model (by name) that embeds both sides */
  embedder?: string;
}
