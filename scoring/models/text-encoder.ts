import { ELEM, GraphBuilder } from './onnx-graph.ts';
import { SeededRandom } from './weights.ts';

interface EncoderShape {
  vocabSize: number;
  hidden: number;
  heads: number;
  ffn: number;
  layers: number;
  maxPositions: number;
  seed: number;
}

/**
 * A BERT-shaped encoder block stack shared by the embedding model and the
 * small language model: token + position embeddings, layer norm, multi-head
 * self-attention with the padding mask (and optionally a causal mask), a GELU
 * MLP, post-norm residuals. Returns the final hidden states [batch, seq, hidden].
 */
export function buildEncoder(g: GraphBuilder, shape: EncoderShape, opts: { causal: boolean }): { hidden: string; maskFloat: string; tokenEmbedding: string } {
  const rng = new SeededRandom(shape.seed);
  const D = shape.hidden;
  const headDim = D / shape.heads;
  const xavier = (fanIn: number, fanOut: number) => Math.sqrt(6 / (fanIn + fanOut));

  const tokenEmbedding = g.weightHalf('token_embedding', [shape.vocabSize, D], rng.uniformArray(shape.vocabSize * D, 1.7));
  const positionEmbedding = g.weightHalf('position_embedding', [shape.maxPositions, D], rng.uniformArray(shape.maxPositions * D, 0.2));

  // positions = range(0, seq_len)
  const seqLen1 = g.op('Shape', ['input_ids'], { start: 1, end: 2 });
  const seqLen = g.op('Squeeze', [seqLen1, g.constInt64('axis0', [0])]);
  const positions = g.op('Range', [g.constInt64('zero', [0], true), seqLen, g.constInt64('one', [1], true)]);
  const tok = g.op('Gather', [tokenEmbedding, 'input_ids'], { axis: 0 });
  const pos = g.op('Gather', [positionEmbedding, positions], { axis: 0 });
  let x = layerNorm(g, g.op('Add', [tok, pos]), D, 'embedding_norm');

  // additive attention bias: 0 for real tokens, -1e4 for padding: [batch, 1, 1, seq]
  const maskFloat = g.op('Cast', ['attention_mask'], { to: ELEM.FLOAT });
  const inverted = g.op('Sub', [g.constFloat('one_f', 1), maskFloat]);
  const maskBias = g.op('Unsqueeze', [g.op('Mul', [inverted, g.constFloat('neg_large', -10000)]), g.constInt64('axes12', [1, 2])]);
  let causalBias: string | undefined;
  if (opts.causal) {
    const tri = new Float32Array(shape.maxPositions * shape.maxPositions);
    for (let i = 0; i < shape.maxPositions; i++) for (let j = i + 1; j < shape.maxPositions; j++) tri[i * shape.maxPositions + j] = -10000;
    const full = g.weightFloat('causal_bias_full', [shape.maxPositions, shape.maxPositions], tri);
    const zeros2 = g.constInt64('zeros2', [0, 0]);
    const ends = g.op('Concat', [seqLen1, seqLen1], { axis: 0 });
    causalBias = g.op('Slice', [full, zeros2, ends, g.constInt64('axes01', [0, 1])]);
  }

  const splitShape = g.constInt64('split_heads_shape', [0, 0, shape.heads, headDim]);
  const mergeShape = g.constInt64('merge_heads_shape', [0, 0, D]);
  const scale = g.constFloat('attention_scale', 1 / Math.sqrt(headDim));
  for (let l = 0; l < shape.layers; l++) {
    const p = `layer${l}`;
    const proj = (name: string, inDim: number, outDim: number, input: string) => {
      const w = g.weightHalf(`${p}_${name}_w`, [inDim, outDim], rng.uniformArray(inDim * outDim, xavier(inDim, outDim)));
      return g.op('MatMul', [input, w]);
    };
    const heads = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, splitShape])], { perm });
    const q = heads(proj('q', D, D, x), [0, 2, 1, 3]);
    const kT = heads(proj('k', D, D, x), [0, 2, 3, 1]);
    const v = heads(proj('v', D, D, x), [0, 2, 1, 3]);
    let scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, kT]), scale]), maskBias]);
    if (causalBias) scores = g.op('Add', [scores, causalBias]);
    const probs = g.op('Softmax', [scores], { axis: -1 });
    const context = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: [0, 2, 1, 3] }), mergeShape]);
    x = layerNorm(g, g.op('Add', [x, proj('o', D, D, context)]), D, `${p}_attention_norm`);
    const h = gelu(g, proj('ffn_in', D, shape.ffn, x));
    x = layerNorm(g, g.op('Add', [x, proj('ffn_out', shape.ffn, D, h)]), D, `${p}_ffn_norm`);
  }
  return { hidden: x, maskFloat, tokenEmbedding };
}

function layerNorm(g: GraphBuilder, x: string, dim: number, name: string): string {
  const gamma = g.weightFloat(`${name}_gamma`, [dim], new Float32Array(dim).fill(1));
  const beta = g.weightFloat(`${name}_beta`, [dim], new Float32Array(dim));
  return g.op('LayerNormalization', [x, gamma, beta], { axis: -1, epsilon: 1e-5 });
}

/** exact GELU: 0.5 * x * (1 + erf(x / sqrt 2)) */
function gelu(g: GraphBuilder, x: string): string {
  const erf = g.op('Erf', [g.op('Mul', [x, g.constFloat(`inv_sqrt2_${x}`, Math.SQRT1_2)])]);
  return g.op('Mul', [g.op('Mul', [x, g.op('Add', [erf, g.constFloat(`one_gelu_${x}`, 1)])]), g.constFloat(`half_gelu_${x}`, 0.5)]);
}

/**
 * Sentence embedding model: encoder, masked mean pooling, L2 normalisation.
 * inputs input_ids / attention_mask int64 [batch, seq]; output embedding float [batch, hidden].
 */
export function buildEmbeddingModel(shape: EncoderShape): Uint8Array {
  const g = new GraphBuilder();
  const { hidden, maskFloat } = buildEncoder(g, shape, { causal: false });
  const mask3 = g.op('Unsqueeze', [maskFloat, g.constInt64('axis2', [2])]);
  const axis1 = g.constInt64('axis1', [1]);
  const summed = g.op('ReduceSum', [g.op('Mul', [hidden, mask3]), axis1], { keepdims: 0 });
  const counts = g.op('Max', [g.op('ReduceSum', [mask3, axis1], { keepdims: 0 }), g.constFloat('min_count', 1e-9)]);
  const mean = g.op('Div', [summed, counts]);
  const norm = g.op('Sqrt', [g.op('ReduceSum', [g.op('Mul', [mean, mean]), axis1], { keepdims: 1 })]);
  g.op('Div', [mean, g.op('Max', [norm, g.constFloat('min_norm', 1e-12)])], {}, 'embedding');
  return g.encode({
    name: 'subnetkit-text-embedding',
    docString: `subnetkit deterministic text embedding model (untrained): ${JSON.stringify(shape)}`,
    opset: 17,
    inputs: [
      { name: 'input_ids', elemType: ELEM.INT64, shape: ['batch', 'sequence'] },
      { name: 'attention_mask', elemType: ELEM.INT64, shape: ['batch', 'sequence'] },
    ],
    outputs: [{ name: 'embedding', elemType: ELEM.FLOAT, shape: ['batch', shape.hidden] }],
  });
}

/**
 * Small causal language model with tied input/output embeddings; output
 * logprobs float [batch, seq, vocab] (log-softmax of the next-token logits).
 */
export function buildLanguageModel(shape: EncoderShape): Uint8Array {
  const g = new GraphBuilder();
  const { hidden, tokenEmbedding } = buildEncoder(g, shape, { causal: true });
  const unembed = g.op('Transpose', [tokenEmbedding], { perm: [1, 0] });
  const logits = g.op('Mul', [g.op('MatMul', [hidden, unembed]), g.constFloat('logit_scale', 1 / Math.sqrt(shape.hidden))]);
  g.op('LogSoftmax', [logits], { axis: -1 }, 'logprobs');
  return g.encode({
    name: 'subnetkit-causal-lm',
    docString: `subnetkit deterministic causal language model (untrained): ${JSON.stringify(shape)}`,
    opset: 17,
    inputs: [
      { name: 'input_ids', elemType: ELEM.INT64, shape: ['batch', 'sequence'] },
      { name: 'attention_mask', elemType: ELEM.INT64, shape: ['batch', 'sequence'] },
    ],
    outputs: [{ name: 'logprobs', elemType: ELEM.FLOAT, shape: ['batch', 'sequence', shape.vocabSize] }],
  });
}
