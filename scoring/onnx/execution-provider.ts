import * as ort from 'onnxruntime-node';
import { SubnetError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';

export type ExecutionProviderChoice = 'auto' | 'cuda' | 'cpu';
export type ExecutionProvider = 'cuda' | 'cpu';

// ORT prints its own native errors (e.g. a failed CUDA provider load) on stderr;
// we report fallbacks through our logger instead.
ort.env.logLevel = 'fatal';

let cudaUnavailable: string | undefined;

/** Options of every session we create, before the provider (also used for the same model on an inference thread). */
export function baseSessionOptions(intraOpThreads?: number): ort.InferenceSession.SessionOptions {
  return { logSeverityLevel: 4, graphOptimizationLevel: 'all', ...(intraOpThreads ? { intraOpNumThreads: intraOpThreads } : {}) };
}

/**
 * Creates an InferenceSession on the requested provider. `auto` tries CUDA
 * first and falls back to the CPU with a warning (once per process: after the
 * first failure CUDA is not probed again); `cuda` fails when CUDA cannot load.
 */
export async function createSession(
  model: Uint8Array,
  choice: ExecutionProviderChoice,
  opts: { log?: Logger; label: string; intraOpThreads?: number },
): Promise<{ session: ort.InferenceSession; provider: ExecutionProvider }> {
  const base = baseSessionOptions(opts.intraOpThreads);
  if (choice !== 'cpu' && !(choice === 'auto' && cudaUnavailable)) {
    try {
      const session = await ort.InferenceSession.create(model, { ...base, executionProviders: ['cuda'] });
      return { session, provider: 'cuda' };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (choice === 'cuda') {
        throw new SubnetError('MODEL_PROVIDER_UNAVAILABLE', `${opts.label}: execution provider cuda is not available (${reason}); use provider auto or cpu`, {
          cause: err,
        });
      }
      // Models load concurrently, so several can find CUDA missing before the first
      // records it: only the first says so. Expected on a machine without a GPU: one
      // short line, not onnxruntime's multi-line loader error.
      const first = cudaUnavailable === undefined;
      cudaUnavailable = reason;
      if (first) opts.log?.info({ model: opts.label, reason: reason.split('\n')[0]!.slice(0, 200) }, 'no CUDA execution provider here: scoring on the CPU');
    }
  }
  try {
    const session = await ort.InferenceSession.create(model, { ...base, executionProviders: ['cpu'] });
    return { session, provider: 'cpu' };
  } catch (err) {
    throw new SubnetError('MODEL_INVALID', `${opts.label}: onnxruntime cannot load the model (${err instanceof Error ? err.message : String(err)})`, {
      cause: err,
    });
  }
}

/** Why CUDA was last found unavailable in this process, if it was. */
export function cudaFallbackReason(): string | undefined {
  return cudaUnavailable;
}
