import type { SynapseHandler } from '../../protocol/synapse-handler.ts';

/**
 * A backend serves the subnet's synapses: a handler per synapse name, plus
 * what it needs to stop cleanly. Built by one of the factories in this folder.
 */
export interface MinerBackend {
  /** for logs and the ready event: 'onnx', 'openai', 'handler:<path>' */
  name: string;
  handlers: Record<string, SynapseHandler>;
  close?(): Promise<void>;
}
