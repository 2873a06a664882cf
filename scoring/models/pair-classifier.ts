import { ELEM, GraphBuilder } from './onnx-graph.ts';
import { SeededRandom } from './weights.ts';

/**
 * A relevance head over a pair of L2-normalised embeddings (prompt, response):
 * features [a*b, |a-b|] -> MLP -> logit, plus a fixed skip term on the cosine so
 * that, although untrained, the score rises with agreement between the two.
 * inputs a, b float [batch, dim]; output score float [batch, 1] in (0, 1).
 */
export function buildPairClassifier(opts: { dim: number; hidden: number; seed: number; cosineGain: number; cosineOffset: number }): Uint8Array {
  const rng = new SeededRandom(opts.seed);
  const g = new GraphBuilder();
  const prod = g.op('Mul', ['a', 'b']);
  const diff = g.op('Abs', [g.op('Sub', ['a', 'b'])]);
  const features = g.op('Concat', [prod, diff], { axis: 1 });
  const w1 = g.weightHalf('mlp_in_w', [2 * opts.dim, opts.hidden], rng.uniformArray(2 * opts.dim * opts.hidden, Math.sqrt(6 / (2 * opts.dim + opts.hidden))));
  const h = g.op('Relu', [g.op('MatMul', [features, w1])]);
  const w2 = g.weightFloat('mlp_out_w', [opts.hidden, 1], rng.uniformArray(opts.hidden, 0.05));
  const mlp = g.op('MatMul', [h, w2]);
  const cosine = g.op('ReduceSum', [prod, g.constInt64('axis1', [1])], { keepdims: 1 });
  const skip = g.op('Mul', [g.op('Sub', [cosine, g.constFloat('cosine_offset', opts.cosineOffset)]), g.constFloat('cosine_gain', opts.cosineGain)]);
  g.op('Sigmoid', [g.op('Add', [skip, mlp])], {}, 'score');
  return g.encode({
    name: 'subnetkit-pair-classifier',
    docString: `subnetkit deterministic pair relevance head (untrained MLP + cosine skip): ${JSON.stringify(opts)}`,
    opset: 17,
    inputs: [
      { name: 'a', elemType: ELEM.FLOAT, shape: ['batch', opts.dim] },
      { name: 'b', elemType: ELEM.FLOAT, shape: ['batch', opts.dim] },
    ],
    outputs: [{ name: 'score', elemType: ELEM.FLOAT, shape: ['batch', 1] }],
  });
}
