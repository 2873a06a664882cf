import { describe, expect, it, vi } from 'vitest';
import { createSession, cudaFallbackReason } from '../../scoring/onnx/execution-provider.ts';
import { readVerifiedFile } from '../../scoring/onnx/model-file.ts';
import { generatedModelSpecs } from './helpers.ts';

describe('CUDA fallback line', () => {
  it('models loading at the same time on a machine without CUDA say so once per process', async () => {
    const info = vi.fn();
    const log = { warn: vi.fn(), info, debug: vi.fn() } as never;
    const specs = generatedModelSpecs('auto');
    const models = [specs.embedder, specs.relevance, specs.lm].map((s) => readVerifiedFile(s.path, undefined));
    const loaded = await Promise.all(models.map((bytes, i) => createSession(bytes, 'auto', { log, label: `model-${i}` })));
    const fallbacks = info.mock.calls.filter((c) => /no CUDA execution provider/.test(String(c[1])));
    if (loaded.every((l) => l.provider === 'cuda')) {
      // a GPU machine with onnxruntime's CUDA libraries: nothing to fall back from
      expect(fallbacks).toHaveLength(0);
      return;
    }
    expect(cudaFallbackReason()).toBeTruthy();
    expect(loaded.map((l) => l.provider)).toEqual(['cpu', 'cpu', 'cpu']);
    expect(fallbacks).toHaveLength(1);
    // a later model does not probe CUDA again, and says nothing
    await createSession(models[0], 'auto', { log, label: 'again' });
    expect(info.mock.calls.filter((c) => /no CUDA execution provider/.test(String(c[1])))).toHaveLength(1);
  }, 120_000);
});
