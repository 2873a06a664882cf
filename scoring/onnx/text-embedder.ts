import * as ort from 'onnxruntime-node';
import type { LoadedSession } from './session-registry.ts';
import type { TextTokenizer } from './tokenizer.ts';

/**
 * Text -> L2-normalised embedding through one text-embedding model. All texts
 * of a call go through as few `session.run` calls as `maxBatch` allows
 * (rows sorted by length to limit padding; duplicates embedded once).
 */
export class TextEmbedder {
  readonly dim: number;
  private readonly outputName: string;

  constructor(
    readonly model: LoadedSession,
    readonly tokenizer: TextTokenizer,
    private readonly maxBatch = 256,
    dim?: number,
  ) {
    this.outputName = model.session.outputNames[0];
    this.dim = dim ?? 0;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const unique = [...new Set(texts)];
    const encoded = unique.map((t) => this.tokenizer.encode(t));
    const order = unique.map((_, i) => i).sort((a, b) => encoded[a].length - encoded[b].length);
    const vectors = new Map<string, Float32Array>();
    for (let start = 0; start < order.length; start += this.maxBatch) {
      const chunk = order.slice(start, start + this.maxBatch);
      const rows = await this.embedTokens(chunk.map((i) => encoded[i]));
      chunk.forEach((i, k) => vectors.set(unique[i], rows[k]));
    }
    return texts.map((t) => vectors.get(t)!);
  }

  /** One session.run over pre-tokenised rows. */
  async embedTokens(rows: number[][]): Promise<Float32Array[]> {
    if (rows.length === 0) return [];
    const b = this.tokenizer.batch(rows);
    const out = await this.model.session.run({
      input_ids: new ort.Tensor('int64', b.inputIds, [b.batch, b.seqLen]),
      attention_mask: new ort.Tensor('int64', b.attentionMask, [b.batch, b.seqLen]),
    });
    const tensor = out[this.outputName];
    const data = tensor.data as Float32Array;
    const dim = tensor.dims[tensor.dims.length - 1];
    const result: Float32Array[] = [];
    for (let i = 0; i < b.batch; i++) result.push(l2normalise(data.slice(i * dim, (i + 1) * dim)));
    return result;
  }
}

function l2normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s);
  if (n > 0 && Math.abs(n - 1) > 1e-6) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}
