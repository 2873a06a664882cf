import { SubnetError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { MinerHandler } from '../../scoring/challenge.ts';
import type { ScoringRuntime } from '../../scoring/onnx/runtime.ts';
import type { TextEmbedder } from '../../scoring/onnx/text-embedder.ts';
import { DynamicBatcher } from '../dynamic-batcher.ts';
import type { MinerBackend } from './backend.ts';

/**
 * The subnet's reference miner (its `miner.module`) running on the shared
 * ONNX runtime from scoring/ (the same sessions the validator side uses; CUDA
 * when present, CPU fallback logged by the runtime). Embedding calls of
 * concurrent requests are batched dynamically into shared `session.run`s.
 */
export function batchedRuntime(runtime: ScoringRuntime, opts: { maxBatch: number; onBatch?: (size: number) => void }): ScoringRuntime {
  const embedders = new Map<string, TextEmbedder>();
  return {
    ...runtime,
    embedder(name: string): TextEmbedder {
      let e = embedders.get(name);
      if (!e) {
        const inner = runtime.embedder(name);
        const batcher = new DynamicBatcher<string, Float32Array>((texts) => inner.embed(texts), opts);
        e = Object.create(inner, { embed: { value: (texts: readonly string[]) => batcher.submit([...texts]) } }) as TextEmbedder;
        embedders.set(name, e);
      }
      return e;
    },
  };
}

export function onnxBackend(input: {
  synapses: string[];
  reference: MinerHandler | undefined;
  runtime: ScoringRuntime | undefined;
  options: Record<string, unknown>;
  hotkey: string;
  maxBatch: number;
  onBatch?: (size: number) => void;
  log: Logger;
}): MinerBackend {
  if (!input.reference)
    throw new SubnetError(
      'MINER_BACKEND',
      "the onnx backend runs the subnet's reference miner, but the definition has no `miner.module`; use --handler or --openai-url",
    );
  if (!input.runtime) throw new SubnetError('MINER_BACKEND', "the onnx backend needs the subnet's models loaded");
  const runtime = batchedRuntime(input.runtime, { maxBatch: input.maxBatch, onBatch: input.onBatch });
  for (const [model, d] of Object.entries(input.runtime.describe()))
    input.log.info({ model, provider: d.provider, kind: d.kind }, `model ${model} on ${d.provider}`);
  const reference = input.reference;
  const handlers = Object.fromEntries(
    input.synapses.map((synapse) => [
      synapse,
      (call: { body: unknown }) =>
        reference.respond((call.body ?? {}) as Record<string, unknown>, { synapse, runtime, hotkey: input.hotkey, options: input.options }),
    ]),
  );
  return { name: 'onnx', handlers };
}
