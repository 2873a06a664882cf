import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SubnetError } from '../../core/errors.ts';
import type { SynapseCall } from '../../protocol/synapse-handler.ts';
import { ensureModels } from '../../scoring/models/ensure.ts';
import { loadSubnet, type Subnet } from '../../subnet-config/subnet.ts';

/** The example subnet the demo runs. */
export const EMBEDDING_SUBNET_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'subnet-config', 'examples', 'embedding');

let loaded: Promise<Subnet> | undefined;

/** The embedding subnet with its reference model, loaded once per process. */
export function embeddingSubnet(): Promise<Subnet> {
  loaded ??= (async () => {
    ensureModels();
    return loadSubnet(EMBEDDING_SUBNET_DIR, { intraOpThreads: 1 });
  })();
  return loaded;
}

/** What an honest miner answers: the reference model's vectors for the request's texts. */
export async function referenceEmbeddings(synapse: SynapseCall, hotkey = ''): Promise<number[][]> {
  const subnet = await embeddingSubnet();
  const problem = subnet.checkRequest(synapse.name, synapse.body);
  if (problem) throw new SubnetError('MINER_BAD_REQUEST', `bad ${synapse.name} request: ${problem}`);
  const handler = subnet.minerHandler;
  if (!handler) throw new SubnetError('MINER_NO_REFERENCE', 'the embedding subnet defines no reference miner');
  const answer = (await handler.respond(synapse.body as Record<string, unknown>, {
    synapse: synapse.name,
    runtime: subnet.runtime,
    hotkey,
    options: subnet.definition.config.miner?.options ?? {},
  })) as { embeddings: ArrayLike<number>[] };
  // the reference miner answers Float32Arrays; the demo's behaviours perturb plain arrays
  return answer.embeddings.map((v) => Array.from(v));
}

export function textsOf(synapse: SynapseCall): string[] {
  const texts = (synapse.body as { texts?: unknown } | undefined)?.texts;
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string')) {
    throw new SubnetError('MINER_BAD_REQUEST', `bad ${synapse.name} request: texts must be an array of strings`);
  }
  return texts;
}
