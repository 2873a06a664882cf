import * as ort from 'onnxruntime-node';
import { planRuns } from './batch-plan.ts';
import type { LoadedSession } from './session-registry.ts';
import type { TextTokenizer } from './tokenizer.ts';

/** Below this many rows a run is not worth a message to a worker (messaging costs more than it saves). */
const MIN_ROWS_PER_PART = 8;

/** Texts of one call are tokenised in up to this many groups, of at least MIN_ROWS_PER_GROUP. */
const TOKENISE_GROUPS = 4;
const MIN_ROWS_PER_GROUP = 64;

/**
 * Text -> L2-normalised embedding through one text-embedding model. The texts
 * of a call are sorted by length (to limit padding; duplicates embedded once)
 * and cut into runs of about the same size, longest first (batch-plan.ts),
 * which the pool's workers take from its queue: one call uses every core, and
 * they finish together.
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
    const workers = this.model.pool?.().size ?? 1;
    // tokenised a group at a time, each group's runs queued before the next is tokenised: the
    // workers start on the first while the event loop tokenises the rest
    const groups = workers > 1 ? Math.max(1, Math.min(TOKENISE_GROUPS, Math.floor(unique.length / MIN_ROWS_PER_GROUP))) : 1;
    const size = Math.ceil(unique.length / groups);
    const pending: Promise<void>[] = [];
    const vectors = new Map<string, Float32Array>();
    try {
      for (let g = 0; g < unique.length; g += size) {
        const group = unique.slice(g, g + size);
        const encoded = group.map((t) => this.tokenizer.encode(t));
        const order = group.map((_, i) => i).sort((a, b) => encoded[a].length - encoded[b].length);
        const lanes = Math.max(1, Math.min(workers, Math.floor(order.length / MIN_ROWS_PER_PART)));
        const runs = planRuns(
          order.map((i) => encoded[i].length),
          lanes,
          this.maxBatch,
          MIN_ROWS_PER_PART,
        );
        // all at once: the pool queues them and gives each to the first worker with room
        for (const [from, to] of runs)
          pending.push(
            this.embedTokens(order.slice(from, to).map((i) => encoded[i])).then((rows) => rows.forEach((v, k) => vectors.set(group[order[from + k]], v))),
          );
      }
    } catch (err) {
      // a later group failed to tokenise: the runs already queued still settle, unobserved
      for (const p of pending) p.catch(() => undefined);
      throw err;
    }
    await Promise.all(pending);
    return texts.map((t) => vectors.get(t)!);
  }

  /**
   * One session.run over pre-tokenised rows. Models that output sentence
   * vectors [batch, dim] are used as they are; BERT-style exports that output
   * token states [batch, seq, dim] (e.g. all-MiniLM-L6-v2 from optimum) are
   * mean-pooled over the attention mask here, as sentence-transformers does.
   */
  async embedTokens(rows: number[][]): Promise<Float32Array[]> {
    if (rows.length === 0) return [];
    const b = this.tokenizer.batch(rows);
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', b.inputIds, [b.batch, b.seqLen]),
      attention_mask: new ort.Tensor('int64', b.attentionMask, [b.batch, b.seqLen]),
    };
    if (this.model.session.inputNames.includes('token_type_ids'))
      feeds.token_type_ids = new ort.Tensor('int64', new BigInt64Array(b.batch * b.seqLen), [b.batch, b.seqLen]);
    // off the event loop where we can: a blocked loop would stall sockets and skew latencies
    const out = this.model.pool ? await this.model.pool().run(feeds) : await this.model.session.run(feeds);
    const tensor = out[this.outputName];
    const data = tensor.data as Float32Array;
    const dim = tensor.dims[tensor.dims.length - 1];
    const result: Float32Array[] = [];
    if (tensor.dims.length === 3) {
      for (let i = 0; i < b.batch; i++) result.push(l2normalise(meanPool(data, i, b.seqLen, dim, b.lengths[i])));
    } else {
      for (let i = 0; i < b.batch; i++) result.push(l2normalise(data.slice(i * dim, (i + 1) * dim)));
    }
    return result;
  }
}

/** Mean of the first `length` token vectors of row `row` (right padding: the mask is a prefix). */
function meanPool(data: Float32Array, row: number, seqLen: number, dim: number, length: number): Float32Array {
  const out = new Float32Array(dim);
  const base = row * seqLen * dim;
  for (let t = 0; t < length; t++) for (let d = 0; d < dim; d++) out[d] += data[base + t * dim + d];
  if (length > 0) for (let d = 0; d < dim; d++) out[d] /= length;
  return out;
}

function l2normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s);
  if (n > 0 && Math.abs(n - 1) > 1e-6) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}
