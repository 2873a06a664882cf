import type { HandlerContext, SynapseCall } from '../../protocol/synapse-handler.ts';
import { EMBEDDING_DIM } from '../../scoring/models/ensure.ts';
import { textsOf } from './reference.ts';

/**
 * The demo's random miner (custom handler backend): well-formed answers of the
 * right shape, instantly, with no model at all. Schema checks pass; the
 * validators' verification against the reference model does not.
 */
export function randomUnitVector(dim = EMBEDDING_DIM): number[] {
  const v = Array.from({ length: dim }, () => Math.random() * 2 - 1);
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export default async function random(synapse: SynapseCall, _ctx: HandlerContext): Promise<{ embeddings: number[][] }> {
  return { embeddings: textsOf(synapse).map(() => randomUnitVector()) };
}
