import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModels, ensureModels, GENERATED_FILES } from '../../scoring/models/ensure.ts';
import { sha256Hex } from '../../scoring/models/ensure.ts';
import { toHalf } from '../../scoring/models/weights.ts';
import { loadSubnetDefinition } from '../../subnet-config/load-definition.ts';

const dir = mkdtempSync(join(tmpdir(), 'subnetkit-models-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run models', () => {
  const models = ensureModels({ dir });

  it('is deterministic: building twice gives identical bytes', () => {
    const a = buildModels();
    const b = buildModels();
    for (const name of Object.keys(GENERATED_FILES) as (keyof typeof GENERATED_FILES)[]) expect(sha256Hex(a[name])).toBe(sha256Hex(b[name]));
  });

  it('matches the sha256 pinned by the shipped example subnets (same bytes on every machine)', () => {
    for (const ex of ['embedding', 'generation']) {
      const def = loadSubnetDefinition(`subnet-config/examples/${ex}`);
      for (const spec of Object.values(def.models)) {
        const file = spec.path.split('/').pop()!;
        expect(sha256Hex(readFileSync(join(dir, file)))).toBe(spec.sha256);
        if (spec.tokenizer) expect(sha256Hex(readFileSync(join(dir, 'tokenizer.json')))).toBe(spec.tokenizer.sha256);
      }
    }
  });

  it('writes each file under 5 MB', () => {
    for (const m of Object.values(models)) expect(m.bytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('does not rewrite existing files', () => {
    const again = ensureModels({ dir });
    expect(again.embedding.sha256).toBe(models.embedding.sha256);
  });

  it('rounds float16 like IEEE round-to-nearest-even', () => {
    expect(toHalf(1)).toBe(0x3c00);
    expect(toHalf(-2)).toBe(0xc000);
    expect(toHalf(65504)).toBe(0x7bff);
    expect(toHalf(1e6)).toBe(0x7c00);
    expect(toHalf(5.960464477539063e-8)).toBe(0x0001);
    expect(toHalf(1 + 2 ** -11)).toBe(0x3c00); // tie -> even
    expect(toHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
  });

  it('embedding model: int64 input_ids/attention_mask with dynamic batch and sequence, L2-normalised 384-d output', async () => {
    const session = await ort.InferenceSession.create(models.embedding.path);
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask']);
    expect(session.outputNames).toEqual(['embedding']);
    for (const [batch, seq] of [
      [1, 5],
      [3, 17],
    ]) {
      const ids = BigInt64Array.from({ length: batch * seq }, (_, i) => BigInt(5 + (i % 50)));
      const mask = new BigInt64Array(batch * seq).fill(1n);
      const out = await session.run({ input_ids: new ort.Tensor('int64', ids, [batch, seq]), attention_mask: new ort.Tensor('int64', mask, [batch, seq]) });
      expect(out.embedding.dims).toEqual([batch, 384]);
      const v = (out.embedding.data as Float32Array).subarray(0, 384);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    await session.release();
  });

  it('embedding model: masked mean pooling ignores padding', async () => {
    const session = await ort.InferenceSession.create(models.embedding.path);
    const row = [2n, 40n, 41n, 42n, 3n];
    const alone = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(row), [1, 5]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(5).fill(1n), [1, 5]),
    });
    const padded = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from([...row, 0n, 0n, 0n]), [1, 8]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 0n, 0n, 0n]), [1, 8]),
    });
    const a = alone.embedding.data as Float32Array;
    const b = padded.embedding.data as Float32Array;
    let dot = 0;
    for (let i = 0; i < 384; i++) dot += a[i] * b[i];
    expect(dot).toBeGreaterThan(0.99999);
    await session.release();
  });

  it('causal LM: log-probs over the vocabulary, and a token never sees the future', async () => {
    const session = await ort.InferenceSession.create(models.languageModel.path);
    const run = async (ids: bigint[]) =>
      (
        await session.run({
          input_ids: new ort.Tensor('int64', BigInt64Array.from(ids), [1, ids.length]),
          attention_mask: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
        })
      ).logprobs;
    const a = await run([2n, 40n, 41n, 42n]);
    const b = await run([2n, 40n, 99n, 100n]);
    const vocab = a.dims[2];
    const da = a.data as Float32Array;
    const db = b.data as Float32Array;
    let sum = 0;
    for (let t = 0; t < vocab; t++) sum += Math.exp(da[t]);
    expect(sum).toBeCloseTo(1, 4);
    // positions 0 and 1 only see tokens 0..1, identical in both sequences
    for (let t = 0; t < 2 * vocab; t++) expect(da[t]).toBeCloseTo(db[t], 5);
    await session.release();
  });

  it('pair classifier: a score in (0, 1) per pair, higher for agreeing embeddings', async () => {
    const session = await ort.InferenceSession.create(models.classifier.path);
    const u = new Float32Array(384).fill(1 / Math.sqrt(384));
    const w = new Float32Array(384).map((_, i) => (i % 2 ? 1 : -1) / Math.sqrt(384));
    const out = await session.run({
      a: new ort.Tensor('float32', Float32Array.from([...u, ...u]), [2, 384]),
      b: new ort.Tensor('float32', Float32Array.from([...u, ...w]), [2, 384]),
    });
    const [same, diff] = out.score.data as Float32Array;
    expect(same).toBeGreaterThan(0);
    expect(same).toBeLessThan(1);
    expect(same).toBeGreaterThan(diff);
    await session.release();
  });
});

describe('ensureModels', () => {
  it('rebuilds a generated file that was altered or deleted', async () => {
    const { appendFileSync, unlinkSync } = await import('node:fs');
    const own = mkdtempSync(join(tmpdir(), 'subnetkit-models-'));
    try {
      const first = ensureModels({ dir: own });
      appendFileSync(first.embedding.path, 'x');
      expect(ensureModels({ dir: own }).embedding.sha256).toBe(first.embedding.sha256);
      unlinkSync(first.tokenizer.path);
      expect(ensureModels({ dir: own }).tokenizer.sha256).toBe(first.tokenizer.sha256);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
