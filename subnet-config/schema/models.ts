import { z } from 'zod';

const sha256 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'a 64-character hex sha256')
  .transform((s) => s.toLowerCase())
  .describe('hex sha256 of the file; checked at load, a mismatch refuses to score');

const TokenizerSchema = z
  .object({
    path: z.string().min(1).describe('tokenizer.json (Hugging Face format), relative to the subnet folder'),
    sha256: sha256.optional(),
  })
  .strict();

export const ModelSchema = z
  .object({
    kind: z
      .enum(['text-embedding', 'pair-classifier', 'causal-lm'])
      .describe(
        'the model contract: text-embedding (input_ids, attention_mask -> [batch, dim]), pair-classifier ([batch, dim] x2 -> [batch, 1]), causal-lm (-> [batch, seq, vocab] log-probs)',
      ),
    path: z.string().min(1).describe('the .onnx file, relative to the subnet folder'),
    sha256,
    tokenizer: TokenizerSchema.optional().describe('required for text-embedding and causal-lm'),
    provider: z.enum(['auto', 'cuda', 'cpu']).default('auto').describe('execution provider: auto tries CUDA and falls back to the CPU'),
    max_length: z.number().int().min(2).max(8192).default(128).describe('tokens per text; longer texts are truncated'),
    max_batch: z.number().int().min(1).max(65536).default(256).describe('rows per InferenceSession.run'),
    embedder: z.string().optional().describe('pair-classifier only: name of the text-embedding model that embeds both sides'),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.kind !== 'pair-classifier' && !m.tokenizer)
      ctx.addIssue({ code: 'custom', path: ['tokenizer'], message: `a ${m.kind} model needs a tokenizer { path, sha256 }` });
    if (m.kind === 'pair-classifier' && !m.embedder)
      ctx.addIssue({ code: 'custom', path: ['embedder'], message: 'a pair-classifier needs `embedder`: the name of a text-embedding model' });
  });
