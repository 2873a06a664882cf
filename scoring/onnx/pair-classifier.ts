import * as ort from 'onnxruntime-node';
import type { LoadedSession } from './session-registry.ts';
import type { TextEmbedder } from './text-embedder.ts';

/**
 * A classifier / reward head over (prompt, response): both sides are embedded
 * by the paired text-embedding model, then scored by the head in one run.
 */
export class PairClassifier {
  private readonly inputs: [string, string];
  private readonly outputName: string;

  constructor(
    readonly model: LoadedSession,
    readonly embedder: TextEmbedder,
  ) {
    const names = model.session.inputNames;
    this.inputs = [names[0], names[1]];
    this.outputName = model.session.outputNames[0];
  }

  async scoreTexts(pairs: readonly { prompt: string; response: string }[]): Promise<number[]> {
    if (pairs.length === 0) return [];
    const vectors = await this.embedder.embed([...pairs.map((p) => p.prompt), ...pairs.map((p) => p.response)]);
    return this.scoreEmbeddings(vectors.slice(0, pairs.length), vectors.slice(pairs.length));
  }

  async scoreEmbeddings(a: Float32Array[], b: Float32Array[]): Promise<number[]> {
    if (a.length === 0) return [];
    const dim = a[0].length;
    const pack = (rows: Float32Array[]) => {
      const flat = new Float32Array(rows.length * dim);
      rows.forEach((r, i) => flat.set(r, i * dim));
      return new ort.Tensor('float32', flat, [rows.length, dim]);
    };
    const out = await this.model.session.run({ [this.inputs[0]]: pack(a), [this.inputs[1]]: pack(b) });
    return Array.from(out[this.outputName].data as Float32Array);
  }
}
