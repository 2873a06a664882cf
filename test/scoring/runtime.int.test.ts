import * as ort from 'onnxruntime-node';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { createSession, cudaFallbackReason } from '../../scoring/onnx/execution-provider.ts';
import { readVerifiedFile } from '../../scoring/onnx/model-file.ts';
import { createScoringRuntime } from '../../scoring/onnx/runtime.ts';
import { poolShape } from '../../scoring/onnx/inference-pool.ts';
import { SessionRegistry } from '../../scoring/onnx/session-registry.ts';
import { cosine } from '../../scoring/similarity.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';
import { generatedModelSpecs } from './helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'subnetkit-rt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return isSubnetError(err) ? err.code : `not a SubnetError: ${String(err)}`;
  }
  return undefined;
}

describe('ONNX runtime manager', () => {
  it('auto falls back to the CPU when CUDA cannot load, and logs the fallback', async () => {
    const info = vi.fn();
    const log = { warn: vi.fn(), info } as never;
    const specs = generatedModelSpecs('auto');
    const runtime = await createScoringRuntime({ embedder: specs.embedder }, { log, sessions: new SessionRegistry() });
    const provider = runtime.describe().embedder.provider;
    // on a GPU machine with onnxruntime's CUDA libraries this is 'cuda'; here there are none
    if (provider === 'cpu') {
      expect(cudaFallbackReason()).toBeTruthy();
    } else expect(provider).toBe('cuda');
    const [v] = await runtime.embedder('embedder').embed(['the river in winter']);
    expect(v.length).toBe(384);
    if (provider === 'cpu') {
      const fallback = info.mock.calls.filter((c) => /scoring on the CPU/.test(String(c[1])));
      expect(fallback).toHaveLength(1);
      // the first line of onnxruntime's loader error, not the whole of it
      expect(String((fallback[0][0] as { reason: string }).reason)).not.toContain('\n');
    }
  });

  it('provider cuda fails with a clear error when CUDA is unavailable', async () => {
    const bytes = readVerifiedFile(generatedModelSpecs().relevance.path, undefined);
    const result = await createSession(bytes, 'cuda', { label: 'relevance' }).then(
      (r) => r.provider,
      (err: unknown) => (isSubnetError(err, 'MODEL_PROVIDER_UNAVAILABLE') ? 'refused' : String(err)),
    );
    expect(['cuda', 'refused']).toContain(result);
  });

  it('refuses a missing model and a model whose sha256 differs from the pinned one', async () => {
    const specs = generatedModelSpecs();
    expect(await codeOf(createScoringRuntime({ embedder: { ...specs.embedder, path: join(tmp, 'missing.onnx') } }, { sessions: new SessionRegistry() }))).toBe(
      'MODEL_MISSING',
    );
    expect(await codeOf(createScoringRuntime({ embedder: { ...specs.embedder, sha256: '0'.repeat(64) } }, { sessions: new SessionRegistry() }))).toBe(
      'MODEL_HASH_MISMATCH',
    );
    // a tampered copy: same path name, different bytes
    const tampered = join(tmp, 'text-embedding.onnx');
    copyFileSync(specs.embedder.path, tampered);
    writeFileSync(tampered, Buffer.from('tampered'), { flag: 'a' });
    let message = '';
    try {
      await createScoringRuntime({ embedder: { ...specs.embedder, path: tampered } }, { sessions: new SessionRegistry() });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(tampered);
    expect(message).toContain(specs.embedder.sha256);
    // a file that is not ONNX at all, pinned by its own hash, still fails clearly
    const junk = join(tmp, 'junk.onnx');
    writeFileSync(junk, 'not a model');
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update('not a model').digest('hex');
    expect(await codeOf(createScoringRuntime({ embedder: { ...specs.embedder, path: junk, sha256: sha } }, { sessions: new SessionRegistry() }))).toBe(
      'MODEL_INVALID',
    );
  });

  it('shares one InferenceSession per model between runtimes (miner and validator paths)', async () => {
    const sessions = new SessionRegistry();
    const specs = generatedModelSpecs();
    const a = await createScoringRuntime(specs, { sessions });
    const b = await createScoringRuntime({ embedder: specs.embedder }, { sessions });
    expect(a.embedder('embedder').model.session).toBe(b.embedder('embedder').model.session);
    expect(sessions.size).toBe(3);
    await sessions.release();
  });

  it('batches many texts into one run per pool worker, and batching does not change the vectors', async () => {
    const runtime = await createScoringRuntime(generatedModelSpecs(), { sessions: new SessionRegistry() });
    const embedder = runtime.embedder('embedder');
    const spy = embedder.model.pool ? vi.spyOn(embedder.model.pool(), 'run') : vi.spyOn(embedder.model.session, 'run');
    const texts = Array.from({ length: 50 }, (_, i) => `text number ${i} about the ${i % 2 ? 'river' : 'market'}`);
    const batched = await embedder.embed(texts);
    expect(spy).toHaveBeenCalledTimes(embedder.model.pool?.().size ?? 1);
    const single = await embedder.embed([texts[7]]);
    expect(cosine(batched[7], single[0])).toBeGreaterThan(0.99999);
    spy.mockRestore();
  });

  it('a large call, tokenised in groups and cut into many runs, gives every text its own vector', async () => {
    const runtime = await createScoringRuntime(generatedModelSpecs(), { sessions: new SessionRegistry() });
    const embedder = runtime.embedder('embedder');
    // lengths vary, and repeats are embedded once: a mix-up of rows and texts would show
    const text = (k: number) => `${'word '.repeat(k % 23)}text ${k} about the ${k % 3 ? 'river' : 'market'}`;
    const texts = Array.from({ length: 600 }, (_, i) => text(i % 450));
    const spy = embedder.model.pool ? vi.spyOn(embedder.model.pool(), 'run') : vi.spyOn(embedder.model.session, 'run');
    const batched = await embedder.embed(texts);
    if (embedder.model.pool) expect(spy.mock.calls.length).toBeGreaterThan(embedder.model.pool().size);
    spy.mockRestore();
    expect(batched).toHaveLength(600);
    for (const i of [0, 1, 22, 23, 299, 450, 451, 599]) {
      const [single] = await embedder.embed([texts[i]]);
      expect(cosine(batched[i], single)).toBeGreaterThan(0.99999);
    }
    expect(batched[451]).toBe(batched[1]);
  });

  it('CPU inference runs on worker threads and gives bit-identical outputs to the session on the event loop', async () => {
    const sessions = new SessionRegistry();
    const runtime = await createScoringRuntime({ embedder: generatedModelSpecs('cpu').embedder }, { sessions });
    const embedder = runtime.embedder('embedder');
    expect(embedder.model.provider).toBe('cpu');
    expect(embedder.model.pool).toBeDefined();
    const tokenizer = runtime.tokenizer('embedder');
    const b = tokenizer.batch(['a short text', 'a somewhat longer text about the river and the market'].map((t) => tokenizer.encode(t)));
    const feeds = {
      input_ids: new ort.Tensor('int64', b.inputIds, [b.batch, b.seqLen]),
      attention_mask: new ort.Tensor('int64', b.attentionMask, [b.batch, b.seqLen]),
    };
    const onLoop = await embedder.model.session.run(feeds);
    const onThread = await embedder.model.pool!().run(feeds);
    const name = embedder.model.session.outputNames[0];
    expect(onThread[name].dims).toEqual(onLoop[name].dims);
    expect(Array.from(onThread[name].data as Float32Array)).toEqual(Array.from(onLoop[name].data as Float32Array));
    await sessions.release();
  });

  it('an honest CPU miner passes a CPU validator: identical vectors from two runtimes', async () => {
    const miner = await createScoringRuntime(generatedModelSpecs('cpu'), { sessions: new SessionRegistry() });
    const validator = await createScoringRuntime(generatedModelSpecs('cpu'), { sessions: new SessionRegistry(), intraOpThreads: 1 });
    const texts = ['a quiet library in the morning', 'the gold price fell', 'x'];
    const [m, v] = [await miner.embedder('embedder').embed(texts), await validator.embedder('embedder').embed(texts)];
    for (let i = 0; i < texts.length; i++) expect(cosine(m[i], v[i])).toBeGreaterThan(0.99999);
  });

  it('spreads a CPU thread budget over at most four single-model workers', () => {
    expect(poolShape(1)).toEqual({ workers: 1, intraOpThreads: 1 });
    expect(poolShape(2)).toEqual({ workers: 2, intraOpThreads: 1 });
    expect(poolShape(16)).toEqual({ workers: 4, intraOpThreads: 4 });
    expect(poolShape(6)).toEqual({ workers: 4, intraOpThreads: 1 });
    expect(poolShape(0)).toEqual({ workers: 1, intraOpThreads: 1 });
  });

  it('a validator limited to one thread runs one worker', async () => {
    const sessions = new SessionRegistry();
    const runtime = await createScoringRuntime({ embedder: generatedModelSpecs('cpu').embedder }, { sessions, intraOpThreads: 1 });
    expect(runtime.embedder('embedder').model.pool!().size).toBe(1);
    await sessions.release();
  });

  it('inference threads never hold a process open nor end it inside onnxruntime, and release() lets a run in flight finish', () => {
    // separate processes: what is tested is how they end
    const script = join(tmp, 'teardown.mts');
    const modules = (f: string) => JSON.stringify(new URL(`../../${f}`, import.meta.url).href);
    writeFileSync(
      script,
      `import { createScoringRuntime } from ${modules('scoring/onnx/runtime.ts')};
import { SessionRegistry } from ${modules('scoring/onnx/session-registry.ts')};
import { generatedModelSpecs } from ${modules('test/scoring/helpers.ts')};
const sessions = new SessionRegistry();
const runtime = await createScoringRuntime({ embedder: generatedModelSpecs('cpu').embedder }, { sessions });
const embedder = runtime.embedder('embedder');
// the workers are still creating their sessions when the script ends
if (process.argv[2] === 'creating') embedder.model.pool!();
// one short text: one worker runs, any other stays idle
else await embedder.embed(['one text']);
if (process.argv[2] === 'release') {
  const pending = embedder.embed(Array.from({ length: 200 }, (_, i) => 'text ' + i + ' in flight while the model is released'));
  await sessions.release();
  console.log('vectors', (await pending).length);
}
`,
    );
    for (const mode of ['creating', 'idle', 'release']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', script, mode], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
      expect({ mode, status: r.status, signal: r.signal, stderr: r.stderr.slice(-500) }).toEqual({ mode, status: 0, signal: null, stderr: '' });
      if (mode === 'release') expect(r.stdout).toContain('vectors 200');
    }
  }, 120_000);

  it('names models that do not exist or have the wrong kind', async () => {
    const runtime = await createScoringRuntime(generatedModelSpecs(), { sessions: new SessionRegistry() });
    expect(() => runtime.embedder('nope')).toThrow(/no text-embedding model named nope; defined: embedder/);
    expect(() => runtime.classifier('embedder')).toThrow(/no pair-classifier model named embedder/);
    const lm = runtime.languageModel('lm');
    const { ids, completionStart } = lm.sequence('the river', 'is cold');
    const [rows] = await lm.logprobs([ids]);
    expect(completionStart).toBe(2);
    expect(rows.topK(0, 3)).toHaveLength(3);
    expect(rows.topK(0, 1)[0].logprob).toBeGreaterThanOrEqual(rows.at(0, ids[1]));
  });
});

describe('BERT-style exports (token states out, token_type_ids in)', () => {
  it('are mean-pooled over the mask, matching an in-graph pooled model with the same weights', async () => {
    const { GraphBuilder, ELEM } = await import('../../scoring/models/onnx-graph.ts');
    const { buildEncoder } = await import('../../scoring/models/text-encoder.ts');
    const { buildTokenizerJson } = await import('../../scoring/models/tokenizer.ts');
    const { createHash } = await import('node:crypto');
    const { vocabSize } = buildTokenizerJson();
    const shape = { vocabSize, hidden: 384, heads: 6, ffn: 768, layers: 1, maxPositions: 128, seed: 0x5eed0001 };
    const g = new GraphBuilder();
    const { hidden } = buildEncoder(g, shape, { causal: false });
    g.op('Identity', [hidden], {}, 'last_hidden_state');
    const bytes = g.encode({
      name: 'token-states',
      docString: 'test',
      opset: 17,
      inputs: [
        { name: 'input_ids', elemType: ELEM.INT64, shape: ['batch', 'sequence'] },
        { name: 'attention_mask', elemType: ELEM.INT64, shape: ['batch', 'sequence'] },
        { name: 'token_type_ids', elemType: ELEM.INT64, shape: ['batch', 'sequence'] },
      ],
      outputs: [{ name: 'last_hidden_state', elemType: ELEM.FLOAT, shape: ['batch', 'sequence', 384] }],
    });
    const path = join(tmp, 'token-states.onnx');
    writeFileSync(path, bytes);
    const specs = generatedModelSpecs();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const runtime = await createScoringRuntime({ pooled: specs.embedder, states: { ...specs.embedder, path, sha256 } }, { sessions: new SessionRegistry() });
    const texts = ['the river in winter', 'a much longer sentence about the old city market and its bright morning light'];
    const a = await runtime.embedder('pooled').embed(texts);
    const b = await runtime.embedder('states').embed(texts);
    for (let i = 0; i < texts.length; i++) expect(cosine(a[i], b[i])).toBeGreaterThan(0.99999);
  });
});
