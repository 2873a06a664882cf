import type { Logger } from '../../core/logger.ts';
import type { HandlerContext, SynapseCall, SynapseHandler } from '../../protocol/synapse-handler.ts';
import type { ScoringRuntime } from '../../scoring/onnx/runtime.ts';
import { loadSubnetModule } from '../../subnet-config/load-module.ts';
import type { MinerBackend } from './backend.ts';

/** What a custom handler module receives besides the synapse. */
export interface MinerHandlerContext extends HandlerContext {
  /** the miner's own hotkey (ss58) */
  hotkey: string;
  /** the subnet's models (`models:` in subnet.yaml), loaded and hash-checked by `subnet miner start` */
  runtime?: ScoringRuntime;
  log: Logger;
}

/** A custom handler module: `export default async (synapse, ctx) => response` (or an async generator to stream). */
export type MinerHandlerFunction = (synapse: SynapseCall, ctx: MinerHandlerContext) => unknown;

const isFunction = (v: unknown): v is MinerHandlerFunction => typeof v === 'function';

export async function handlerModuleBackend(input: {
  path: string;
  cwd: string;
  synapses: string[];
  hotkey: string;
  runtime?: ScoringRuntime;
  log: Logger;
}): Promise<MinerBackend> {
  const fn = await loadSubnetModule<MinerHandlerFunction>(
    input.cwd,
    { module: input.path, export: 'default', options: {} },
    'miner handler',
    isFunction,
    'a function (synapse, ctx) => response',
  );
  const handler: SynapseHandler = (synapse, ctx) => fn(synapse, { ...ctx, hotkey: input.hotkey, runtime: input.runtime, log: input.log });
  return { name: `handler:${input.path}`, handlers: Object.fromEntries(input.synapses.map((s) => [s, handler])) };
}
