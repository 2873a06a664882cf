import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../core/state-file.ts';
import { buildPairClassifier } from './pair-classifier.ts';
import { buildEmbeddingModel, buildLanguageModel } from './text-encoder.ts';
import { buildTokenizerJson } from './tokenizer.ts';

/** Where `npm run models` writes (git-ignored). */
export const GENERATED_MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'models', 'generated');

export const EMBEDDING_DIM = 384;

/** File names of the generated artefacts, relative to GENERATED_MODELS_DIR. */
export const GENERATED_FILES = {
  embedding: 'text-embedding.onnx',
  languageModel: 'causal-lm.onnx',
  classifier: 'pair-classifier.onnx',
  tokenizer: 'tokenizer.json',
} as const;

type GeneratedModelName = keyof typeof GENERATED_FILES;

/** Bump when the generator's output changes, so stale files on disk are rebuilt. */
const GENERATOR_VERSION = 1;
const MANIFEST = 'manifest.json';

/** Builds every artefact in memory. Pure and deterministic: same bytes on every run and machine. */
export function buildModels(): Record<GeneratedModelName, Uint8Array> {
  const { json, vocabSize } = buildTokenizerJson();
  return {
    tokenizer: new TextEncoder().encode(json),
    embedding: buildEmbeddingModel({ vocabSize, hidden: EMBEDDING_DIM, heads: 6, ffn: 768, layers: 1, maxPositions: 128, seed: 0x5eed0001 }),
    languageModel: buildLanguageModel({ vocabSize, hidden: 128, heads: 4, ffn: 256, layers: 2, maxPositions: 128, seed: 0x5eed0002 }),
    classifier: buildPairClassifier({ dim: EMBEDDING_DIM, hidden: 64, seed: 0x5eed0003, cosineGain: 12, cosineOffset: 0.6 }),
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

interface GeneratedModel {
  name: GeneratedModelName;
  path: string;
  sha256: string;
  bytes: number;
}

/**
 * Writes the generated models into `dir` when any is missing, stale (older
 * generator version) or altered (hash differs from the manifest), or always
 * with `force`; atomically, so parallel test workers can race safely. Returns
 * the path and sha256 of each file as it is on disk.
 */
export function ensureModels(opts: { dir?: string; force?: boolean } = {}): Record<GeneratedModelName, GeneratedModel> {
  const dir = opts.dir ?? GENERATED_MODELS_DIR;
  const names = Object.keys(GENERATED_FILES) as GeneratedModelName[];
  let current = opts.force ? undefined : readCurrent(dir, names);
  if (!current) {
    const built = buildModels();
    for (const n of names) writeFileAtomic(join(dir, GENERATED_FILES[n]), built[n], 0o644);
    const manifest = { version: GENERATOR_VERSION, files: Object.fromEntries(names.map((n) => [GENERATED_FILES[n], sha256Hex(built[n])])) };
    writeFileAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, 0o644);
    current = readCurrent(dir, names)!;
  }
  return current;
}

/** The files on disk, if all are present and match a manifest of this generator version. */
function readCurrent(dir: string, names: GeneratedModelName[]): Record<GeneratedModelName, GeneratedModel> | undefined {
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) return undefined;
  let manifest: { version?: number; files?: Record<string, string> };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest.version !== GENERATOR_VERSION) return undefined;
  const out = {} as Record<GeneratedModelName, GeneratedModel>;
  for (const n of names) {
    const path = join(dir, GENERATED_FILES[n]);
    if (!existsSync(path)) return undefined;
    const bytes = readFileSync(path);
    const sha256 = sha256Hex(bytes);
    if (manifest.files?.[GENERATED_FILES[n]] !== sha256) return undefined;
    out[n] = { name: n, path, sha256, bytes: bytes.length };
  }
  return out;
}
