import type { HandlerContext, SynapseCall } from '../../protocol/synapse-handler.ts';
import { referenceEmbeddings } from './reference.ts';

/**
 * The demo's noisy miner (custom handler backend): it runs the reference model,
 * but 60% of its answers carry Gaussian noise (sigma 0.02 per component, a
 * cosine of about 0.93 to the truth), like a miner on a sloppy quantised
 * model. The validators' verification gate rejects those, so it earns less
 * than an honest miner, but not nothing.
 */
export const NOISE_SIGMA = 0.02;
export const NOISY_FRACTION = 0.6;

export function addNoise(vector: readonly number[], sigma: number, normal: () => number = gaussian): number[] {
  const noisy = vector.map((x) => x + sigma * normal());
  const norm = Math.hypot(...noisy) || 1;
  return noisy.map((x) => x / norm);
}

function gaussian(): number {
  const u = 1 - Math.random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random());
}

export default async function noisy(synapse: SynapseCall, ctx: HandlerContext): Promise<{ embeddings: number[][] }> {
  const embeddings = await referenceEmbeddings(synapse, ctx.caller);
  if (Math.random() >= NOISY_FRACTION) return { embeddings };
  return { embeddings: embeddings.map((v) => addNoise(v, NOISE_SIGMA)) };
}
