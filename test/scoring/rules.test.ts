import { beforeAll, describe, expect, it } from 'vitest';
import { createScoringRuntime, type ScoringRuntime } from '../../scoring/onnx/runtime.ts';
import type { RuleContext } from '../../scoring/rule.ts';
import { embeddingMatch } from '../../scoring/rules/embedding-match.ts';
import { exact } from '../../scoring/rules/exact.ts';
import { latency } from '../../scoring/rules/latency.ts';
import { lengthRule } from '../../scoring/rules/length.ts';
import { logprobCheck, type ReportedLogprobs } from '../../scoring/rules/logprob-check.ts';
import { modelScore } from '../../scoring/rules/model-score.ts';
import { referenceSimilarity } from '../../scoring/rules/reference-similarity.ts';
import { schemaRule } from '../../scoring/rules/schema.ts';
import { payloadValidator, checkPayload } from '../../subnet-config/synapse-schema.ts';
import { challenge, generatedModelSpecs, items, ok } from './helpers.ts';

let runtime: ScoringRuntime;
let ctx: RuleContext;
beforeAll(async () => {
  runtime = await createScoringRuntime(generatedModelSpecs());
  ctx = { runtime, timeoutMs: 1000 };
});

const texts = ['the old river in winter', 'a small bird sang near the bridge'];

describe('embedding-match', () => {
  const rule = () => embeddingMatch({ model: 'embedder', input: 'request.texts', field: 'embeddings', threshold: 0.999, floor: 0.99, aggregate: 'mean' });

  it('scores the reference vectors 1, noisy ones by tolerance, wrong ones 0', async () => {
    const ref = (await runtime.embedder('embedder').embed(texts)).map((v) => Array.from(v));
    const slightly = ref.map((v) => v.map((x, i) => x + (i % 2 ? 1e-4 : -1e-4)));
    const swapped = [ref[1], ref[0]];
    const c = challenge({ texts });
    const scores = await rule().score(
      items(c, [
        ok(1, { embeddings: ref }),
        ok(2, { embeddings: slightly }),
        ok(3, { embeddings: swapped }),
        ok(4, { embeddings: [ref[0]] }),
        ok(5, {
          embeddings: [
            [1, 2],
            [3, 4],
          ],
        }),
        ok(6, {}),
      ]),
      ctx,
    );
    expect(scores[0]).toBe(1);
    expect(scores[1]).toBe(1); // within CPU/GPU-sized tolerance
    expect(scores.slice(2)).toEqual([0, 0, 0, 0]);
  });

  it('takes vectors sent as Float32Array (raw bytes on the wire) like number arrays; NaN inside scores 0', async () => {
    const ref = await runtime.embedder('embedder').embed(texts);
    const c = challenge({ texts });
    const poisoned = ref.map((v) => Float32Array.from(v, (x, i) => (i === 3 ? Number.NaN : x)));
    const scores = await rule().score(
      items(c, [
        ok(1, { embeddings: ref.map((v) => Float32Array.from(v)) }),
        ok(2, { embeddings: poisoned }),
        ok(3, { embeddings: ref.map((v) => new Float32Array(v.length - 1)) }),
      ]),
      ctx,
    );
    expect(scores).toEqual([1, 0, 0]);
  });

  it('min aggregation fails the response when any one vector is wrong; mean gives partial credit', async () => {
    const ref = (await runtime.embedder('embedder').embed(texts)).map((v) => Array.from(v));
    const half = [ref[0], ref[0]];
    const c = challenge({ texts });
    const mean = await rule().score(items(c, [ok(1, { embeddings: half })]), ctx);
    const min = await embeddingMatch({ model: 'embedder', input: 'request.texts', field: 'embeddings', threshold: 0.999, floor: 0.99, aggregate: 'min' }).score(
      items(c, [ok(1, { embeddings: half })]),
      ctx,
    );
    expect(mean[0]).toBe(0.5);
    expect(min[0]).toBe(0);
  });

  it('batches every text of every item into one run, even across per-miner challenges', async () => {
    const embedder = runtime.embedder('embedder');
    const calls: number[] = [];
    // CPU models run on their inference pool, others on the session itself
    const runner: { run: (...a: never[]) => unknown } = embedder.model.pool ? embedder.model.pool() : embedder.model.session;
    const orig = runner.run;
    runner.run = ((feeds: Record<string, { dims: readonly number[] }>, ...rest: unknown[]) => {
      calls.push(feeds.input_ids.dims[0]);
      return (orig as (...a: unknown[]) => unknown).call(runner, feeds, ...rest);
    }) as typeof runner.run;
    try {
      const cs = Array.from({ length: 6 }, (_, i) => challenge({ texts: [`text ${i} a`, `text ${i} b`] }, {}, `c${i}`));
      await rule().score(
        cs.map((c, i) => ({ challenge: c, response: ok(i, { embeddings: [[0], [0]] }) })),
        ctx,
      );
      expect(calls).toEqual([12]);
    } finally {
      runner.run = orig;
    }
  });
});

describe('reference-similarity and model-score', () => {
  it('pays the text close to the reference more than an unrelated one', async () => {
    const c = challenge({ prompt: 'Describe the river in winter.' }, { reference: 'In winter the river is cold and quiet under the ice.' });
    const body = (text: string) => ({ text });
    const r = referenceSimilarity({ model: 'embedder', reference: 'private.reference', field: 'text', floor: 0.5, ceiling: 0.95 });
    const [close, far, empty, missing] = await r.score(
      items(c, [ok(1, body('In winter the river is cold and quiet.')), ok(2, body('gold price market bank stock')), ok(3, body('  ')), ok(4, {})]),
      ctx,
    );
    expect(close).toBeGreaterThan(far);
    expect(close).toBeGreaterThan(0.5);
    expect([empty, missing]).toEqual([0, 0]);

    const m = modelScore({ model: 'relevance', prompt: 'request.prompt', field: 'text', floor: 0, ceiling: 1 });
    const [rel, irrel] = await m.score(items(c, [ok(1, body('The river in winter is cold.')), ok(2, body('gold price market bank stock company'))]), ctx);
    expect(rel).toBeGreaterThan(irrel);
    for (const s of [rel, irrel]) expect(s).toBeGreaterThanOrEqual(0);
  });
});

describe('logprob-check', () => {
  const rule = logprobCheck({ model: 'lm', prompt: 'request.prompt', field: 'text', logprobs: 'logprobs', positions: 3, top_k: 3, tolerance: 0.05 });

  async function honestReport(prompt: string, text: string): Promise<ReportedLogprobs[]> {
    const lm = runtime.languageModel('lm');
    const { ids, completionStart } = lm.sequence(prompt, text);
    const [rows] = await lm.logprobs([ids]);
    return Array.from({ length: ids.length - completionStart }, (_, position) => ({
      position,
      top: rows.topK(completionStart + position - 1, 3).map((t) => [t.token, t.logprob] as [number, number]),
    }));
  }

  it('passes the reference log-probs, fails fabricated ones and missing reports', async () => {
    const prompt = 'tell me about the river';
    const text = 'the river is long and cold in winter';
    const honest = await honestReport(prompt, text);
    const fabricated = honest.map((r) => ({ position: r.position, top: r.top.map(([t, lp]) => [t, lp + 0.8] as [number, number]) }));
    const slightlyOff = honest.map((r) => ({ position: r.position, top: r.top.map(([t, lp]) => [t, lp + 0.01] as [number, number]) }));
    const c = challenge({ prompt });
    const scores = await rule.score(
      items(c, [
        ok(1, { text, logprobs: honest }),
        ok(2, { text, logprobs: fabricated }),
        ok(3, { text }),
        ok(4, { text, logprobs: slightlyOff }),
        ok(5, { text, logprobs: [] }),
      ]),
      ctx,
    );
    expect(scores[0]).toBe(1);
    expect(scores[1]).toBe(0);
    expect(scores[2]).toBe(0);
    expect(scores[3]).toBe(1);
    expect(scores[4]).toBe(0);
  });
});

describe('cheap rules', () => {
  const c = challenge({ q: 'x' }, { answer: 'Paris' });

  it('latency: 1 up to target, linear to 0 at max (default: timeout)', () => {
    const r = latency({ target_ms: 100 });
    const s = r.score(items(c, [ok(1, {}, 50), ok(2, {}, 550), ok(3, {}, 1000), ok(4, {}, 5000), ok(5, {}, Number.NaN)]), { timeoutMs: 1000 }) as number[];
    expect(s).toEqual([1, 0.5, 0, 0, 0]);
  });

  it('schema: validates against the synapse response schema', () => {
    const v = payloadValidator({ type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 5 } } });
    const r = schemaRule({});
    const s = r.score(items(c, [ok(1, { text: 'abc' }), ok(2, { text: 'too long text' }), ok(3, { txt: 'a' })]), {
      timeoutMs: 1000,
      checkResponse: (_s, b) => checkPayload(v, b),
    });
    expect(s).toEqual([1, 0, 0]);
    expect(checkPayload(v, { text: 7 })).toMatch(/^text: /);
  });

  it('schema: a numeric vector may be a typed array; integer vectors take only integer element types', () => {
    const floats = payloadValidator({ type: 'array', minItems: 3, maxItems: 3, items: { type: 'number' } });
    const ints = payloadValidator({ type: 'array', items: { type: 'integer' } });
    expect(checkPayload(floats, new Float32Array([1, 2, 3]))).toBeUndefined();
    expect(checkPayload(floats, new Float64Array([1, 2, 3]))).toBeUndefined();
    expect(checkPayload(floats, new Float32Array([1, 2]))).toMatch(/at least 3 items, got 2/);
    expect(checkPayload(floats, new Float32Array([1, Number.POSITIVE_INFINITY, 3]))).toMatch(/^1: expected a finite number/);
    expect(checkPayload(ints, new Int32Array([1, 2]))).toBeUndefined();
    expect(checkPayload(ints, new Float32Array([1, 2]))).toMatch(/expected an array of integers/);
    expect(checkPayload(floats, { length: 3, 0: 1, 1: 2, 2: 3 })).toMatch(/expected an array of numbers/);
  });

  it('length: words, chars and items, with a soft edge', () => {
    const words = lengthRule({ field: 'text', unit: 'words', min: 2, max: 4, softness: 2 });
    expect(
      words.score(
        items(c, [
          ok(1, { text: 'one two three' }),
          ok(2, { text: 'one two three four five' }),
          ok(3, { text: 'one' }),
          ok(4, { text: 'a b c d e f g' }),
          ok(5, { text: 3 }),
        ]),
        { timeoutMs: 1 },
      ),
    ).toEqual([1, 0.5, 0.5, 0, 0]);
    const chars = lengthRule({ field: 'text', unit: 'chars', min: 0, max: 3, softness: 0 });
    expect(chars.score(items(c, [ok(1, { text: 'abc' }), ok(2, { text: 'abcd' })]), { timeoutMs: 1 })).toEqual([1, 0]);
    const list = lengthRule({ field: 'v', unit: 'items', min: 2, softness: 0 });
    expect(list.score(items(c, [ok(1, { v: [1, 2] }), ok(2, { v: [1] }), ok(3, { v: 'ab' })]), { timeoutMs: 1 })).toEqual([1, 0, 0]);
  });

  it('exact: normalised strings, JSON for other values', () => {
    const r = exact({ field: 'answer', expected: 'private.answer', normalize: true });
    expect(r.score(items(c, [ok(1, { answer: '  paris ' }), ok(2, { answer: 'London' }), ok(3, {})]), { timeoutMs: 1 })).toEqual([1, 0, 0]);
    const strict = exact({ field: 'answer', expected: 'private.answer', normalize: false });
    expect(strict.score(items(c, [ok(1, { answer: 'paris' }), ok(2, { answer: 'Paris' })]), { timeoutMs: 1 })).toEqual([0, 1]);
  });
});
