import { Tokenizer } from '@huggingface/tokenizers';
import { SubnetError } from '../../core/errors.ts';
import { readVerifiedFile } from './model-file.ts';

/** A padded batch ready for an encoder: row-major [batch, seqLen] int64. */
interface TokenBatch {
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  batch: number;
  seqLen: number;
  /** real (unpadded) length of each row */
  lengths: number[];
}

/**
 * A Hugging Face `tokenizer.json` loaded with @huggingface/tokenizers, plus
 * batching: texts are truncated to `maxLength` tokens (keeping the final
 * special token) and right-padded with the pad id.
 */
export class TextTokenizer {
  readonly vocabSize: number;
  private readonly padId: number;

  constructor(
    private readonly tokenizer: Tokenizer,
    readonly maxLength: number,
  ) {
    this.vocabSize = tokenizer.get_vocab(true).size;
    this.padId = tokenizer.token_to_id('[PAD]') ?? tokenizer.token_to_id('<pad>') ?? 0;
  }

  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    if (ids.length <= this.maxLength) return ids;
    return [...ids.slice(0, this.maxLength - 1), ids[ids.length - 1]];
  }

  /** Token ids without special tokens (what a language model is scored on). */
  encodePlain(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  decode(ids: number[]): string {
    return this.tokenizer.decode(ids, { skip_special_tokens: true });
  }

  batch(rows: number[][]): TokenBatch {
    const seqLen = Math.max(1, ...rows.map((r) => r.length));
    const inputIds = new BigInt64Array(rows.length * seqLen).fill(BigInt(this.padId));
    const attentionMask = new BigInt64Array(rows.length * seqLen);
    rows.forEach((row, i) => {
      for (let j = 0; j < row.length; j++) {
        inputIds[i * seqLen + j] = BigInt(row[j]);
        attentionMask[i * seqLen + j] = 1n;
      }
    });
    return { inputIds, attentionMask, batch: rows.length, seqLen, lengths: rows.map((r) => r.length) };
  }

  encodeBatch(texts: string[]): TokenBatch {
    return this.batch(texts.map((t) => this.encode(t)));
  }
}

/** Loads `tokenizer.json` (sha256-checked when `sha256` is given). */
export function loadTokenizer(path: string, opts: { sha256?: string; maxLength?: number } = {}): TextTokenizer {
  const bytes = readVerifiedFile(path, opts.sha256, 'tokenizer');
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new SubnetError('TOKENIZER_INVALID', `tokenizer file ${path} is not valid JSON`, { cause: err });
  }
  try {
    return new TextTokenizer(new Tokenizer(json as object, {}), opts.maxLength ?? 128);
  } catch (err) {
    throw new SubnetError(
      'TOKENIZER_INVALID',
      `tokenizer file ${path} is not a tokenizer.json @huggingface/tokenizers can load: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
}
