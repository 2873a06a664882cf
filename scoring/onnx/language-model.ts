import * as ort from 'onnxruntime-node';
import type { LoadedSession } from './session-registry.ts';
import type { TextTokenizer } from './tokenizer.ts';

/** Next-token log-probabilities of one sequence: row t is the distribution of token t+1. */
export class LogprobRows {
  constructor(
    private readonly data: Float32Array,
    private readonly offset: number,
    readonly length: number,
    readonly vocab: number,
  ) {}

  /** log P(token | tokens[0..=position]) */
  at(position: number, token: number): number {
    return this.data[this.offset + position * this.vocab + token];
  }

  topK(position: number, k: number): { token: number; logprob: number }[] {
    const base = this.offset + position * this.vocab;
    const idx = Array.from({ length: this.vocab }, (_, i) => i).sort((a, b) => this.data[base + b] - this.data[base + a] || a - b);
    return idx.slice(0, k).map((token) => ({ token, logprob: this.data[base + token] }));
  }
}

/**
 * A causal language model that returns log-probabilities for whole token
 * sequences in one run (teacher forcing), used to verify the log-probs miners
 * report for their own completions.
 */
export class LanguageModel {
  private readonly outputName: string;

  constructor(
    readonly model: LoadedSession,
    readonly tokenizer: TextTokenizer,
  ) {
    this.outputName = model.session.outputNames[0];
  }

  /** Token ids a (prompt, completion) pair is scored on, and where the completion starts. */
  sequence(prompt: string, completion: string): { ids: number[]; completionStart: number } {
    const p = this.tokenizer.encodePlain(prompt);
    const c = this.tokenizer.encodePlain(completion);
    const ids = [...p, ...c].slice(0, this.tokenizer.maxLength);
    return { ids, completionStart: Math.min(p.length, ids.length) };
  }

  async logprobs(rows: number[][]): Promise<LogprobRows[]> {
    if (rows.length === 0) return [];
    const b = this.tokenizer.batch(rows);
    const out = await this.model.session.run({
      input_ids: new ort.Tensor('int64', b.inputIds, [b.batch, b.seqLen]),
      attention_mask: new ort.Tensor('int64', b.attentionMask, [b.batch, b.seqLen]),
    });
    const t = out[this.outputName];
    const vocab = t.dims[2];
    const data = t.data as Float32Array;
    return rows.map((r, i) => new LogprobRows(data, i * b.seqLen * vocab, r.length, vocab));
  }
}
