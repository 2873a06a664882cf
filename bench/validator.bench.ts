import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import * as ort from 'onnxruntime-node';
import { type AxonInfo, emptyMetagraph, type Metagraph } from '../chain/metagraph.ts';
import { Dendrite } from '../protocol/ws/dendrite.ts';
import { readVerifiedFile } from '../scoring/onnx/model-file.ts';
import { planRuns } from '../scoring/onnx/batch-plan.ts';
import { InferencePool, poolShape } from '../scoring/onnx/inference-pool.ts';
import { SessionRegistry } from '../scoring/onnx/session-registry.ts';
import { EMBEDDING_DIM, ensureModels, sha256Hex } from '../scoring/models/ensure.ts';
import { buildEmbeddingModel } from '../scoring/models/text-encoder.ts';
import { buildTokenizerJson } from '../scoring/models/tokenizer.ts';
import { loadSubnetDefinition } from '../subnet-config/load-definition.ts';
import { loadSubnet, type Subnet } from '../subnet-config/subnet.ts';
import { runRound, type RoundResult } from '../validator/round.ts';
import { startBenchThread } from './bench-thread.ts';
import type { CheapMiner } from './cheap-miners.ts';
import type { Benchmark, Figure } from './result.ts';

/**
 * Validator throughput: full rounds (challenge generation, signed queries over
 * persistent sessions, verification, embedding-match scoring with the model,
 * shaping) against 64 and 256 cheap protocol miners, for two model sizes.
 *
 * Miners are cheap on purpose: they answer every text with a fixed 384-float
 * vector, so the measured cost is the validator's (the scoring rule recomputes
 * the reference vector of every text whatever the answer); they run on a
 * worker thread of this process, so they take CPU from the same cores.
 * Reference: raw onnxruntime-node on the same model file, running exactly the
 * texts of the measured rounds, pre-tokenised (see rawOnnx). Validator round r
 * and the raw inference of its texts are interleaved, so load from other
 * processes hits both alike. Figures are in responses per second (a response
 * embeds `texts` texts).
 */
const EMBEDDING = 'subnet-config/examples/embedding';
const secret = 'be'.repeat(32);

function metagraphOf(hotkeys: string[], axons: AxonInfo[]): Metagraph {
  const n = hotkeys.length;
  return {
    ...emptyMetagraph(1, 1, n),
    hotkeys,
    coldkeys: hotkeys,
    validatorPermit: hotkeys.map((_, i) => i === 0),
    active: hotkeys.map(() => true),
    axons,
  };
}

interface Measured {
  miners: number;
  rounds: number;
  seconds: number;
  /** raw inference of the same texts: one session, sessions per core */
  rawSeconds: [number, number];
  responses: number;
  ok: number;
  texts: number;
}

async function measure(subnet: Subnet, miners: number, rounds: number, raw: RawOnnx, warmupMs: number): Promise<Measured> {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const validator = keyring.addFromUri('//bench-validator');
  const pool = await startBenchThread<{ miners: CheapMiner[] }>(new URL('./cheap-miners.ts', import.meta.url), { count: miners });
  const infos: AxonInfo[] = [{ block: 0, version: 0, ip: '0.0.0.0', port: 0, ipType: 4, protocol: 0 }];
  const hotkeys = [validator.address];
  for (const m of pool.ready.miners) {
    infos.push({ block: 1, version: 1, ip: '127.0.0.1', port: m.port, ipType: 4, protocol: 4 });
    hotkeys.push(m.hotkey);
  }
  const metagraph = metagraphOf(hotkeys, infos);
  const dendrite = new Dendrite({ keypair: validator, connectTimeoutMs: 10_000 });
  const one = (round: number) =>
    runRound({
      round,
      block: round,
      blockHash: `0x${round.toString(16).padStart(64, '0')}`,
      validatorSecret: secret,
      metagraph,
      selfUid: 0,
      lastObservedRound: [],
      subnet,
      dendrite,
      roundTimeoutMs: 60_000,
    });
  try {
    // connections, session keys, first inference; then rounds until the JIT has compiled the hot
    // paths (for the first seconds, V8's compiler threads take a core's tenth): a validator runs for days
    await raw.time(textsOf(await one(1_000_000)));
    for (let w = 1, t0 = performance.now(); performance.now() - t0 < warmupMs; w++) await one(1_000_000 + w);
    const results: RoundResult[] = [];
    let seconds = 0;
    const rawSeconds: [number, number] = [0, 0];
    for (let r = 1; r <= rounds; r++) {
      await settle();
      const t0 = performance.now();
      const result = await one(r);
      seconds += (performance.now() - t0) / 1000;
      results.push(result);
      const [single, parallel] = await raw.time(textsOf(result));
      rawSeconds[0] += single;
      rawSeconds[1] += parallel;
    }
    const responses = results.reduce((a, r) => a + r.responses.length, 0);
    const ok = results.reduce((a, r) => a + r.responses.filter((x) => x.status === 'ok').length, 0);
    const texts = results.reduce((a, r) => a + textsOf(r).length, 0);
    return { miners, rounds, seconds, rawSeconds, responses, ok, texts };
  } finally {
    await dendrite.close();
    await pool.close();
  }
}

/**
 * onnxruntime's intra-op threads spin for tens of milliseconds after a run
 * (allow_spinning is on by default, and the raw reference keeps its
 * defaults): without a pause, they would take the cores from whatever is
 * timed next. Each timed section starts after this, outside the clock.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

function textsOf(result: RoundResult): string[] {
  return result.challenges.flatMap((c) => (c.request as { texts: string[] }).texts);
}

/**
 * Raw onnxruntime on the same model file, two ways, both timed every round;
 * the reference is the faster over the run: one session with default options running
 * `max_batch` rows at a time, and one single-threaded session per core on
 * worker threads taking runs of rows from a queue, as the validator's
 * inference pool does (batch-plan.ts; without protocol or scoring).
 * Texts are tokenised outside the clock.
 */
interface RawOnnx {
  /** seconds for one round's texts: [one session, sessions per core] */
  time(texts: string[]): Promise<[number, number]>;
  release(): Promise<void>;
}

async function rawOnnx(subnet: Subnet, maxBatch: number): Promise<RawOnnx> {
  const spec = subnet.definition.models.embedder;
  const bytes = readVerifiedFile(spec.path, spec.sha256);
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all', logSeverityLevel: 4 });
  const { workers } = poolShape();
  const pool = new InferencePool(
    bytes,
    () => ({ graphOptimizationLevel: 'all', logSeverityLevel: 4, intraOpNumThreads: 1 }),
    { workers, intraOpThreads: 1 },
    spec.path,
  );
  const tokenizer = subnet.runtime!.tokenizer('embedder');
  const rowsOf = (texts: string[]) => [...new Set(texts)].map((t) => tokenizer.encode(t)).sort((a, b) => a.length - b.length);
  const feed = (rows: number[][]): Record<string, ort.Tensor> => {
    const b = tokenizer.batch(rows);
    return {
      input_ids: new ort.Tensor('int64', b.inputIds, [b.batch, b.seqLen]),
      attention_mask: new ort.Tensor('int64', b.attentionMask, [b.batch, b.seqLen]),
    };
  };
  return {
    async time(texts) {
      const rows = rowsOf(texts);
      const one: Record<string, ort.Tensor>[] = [];
      for (let i = 0; i < rows.length; i += maxBatch) one.push(feed(rows.slice(i, i + maxBatch)));
      // the validator's own split and pool: runs of about the same number of tokens, longest first, from one queue
      const plan = planRuns(
        rows.map((r) => r.length),
        workers,
        maxBatch,
      ).map(([from, to]) => feed(rows.slice(from, to)));
      await settle();
      let t = performance.now();
      for (const f of one) await session.run(f);
      const single = (performance.now() - t) / 1000;
      await settle();
      t = performance.now();
      await Promise.all(plan.map((f) => pool.run(f)));
      return [single, (performance.now() - t) / 1000];
    },
    async release() {
      await pool.close();
      await session.release();
    },
  };
}

/** The models the validator is measured with. */
interface BenchModel {
  key: string;
  label: string;
  /** path and sha256 of the model file; undefined: the example subnet's own */
  file?: { path: string; sha256: string };
  rounds: { 64: number; 256: number };
}

/**
 * The example subnet pins a 1-layer test encoder (cheap inference, so the
 * protocol's share shows most). Embedding subnets on a real chain pin models
 * like all-MiniLM-L6-v2; no weights can be downloaded here, so the second
 * model has that architecture (6 layers, 384 wide, 12 heads, 1536 FFN) with
 * deterministic random weights: the same inference cost per text.
 */
function miniLmShaped(): { path: string; sha256: string } {
  const { vocabSize } = buildTokenizerJson();
  const bytes = buildEmbeddingModel({ vocabSize, hidden: EMBEDDING_DIM, heads: 12, ffn: 1536, layers: 6, maxPositions: 128, seed: 0x5eed0006 });
  const path = join(mkdtempSync(join(tmpdir(), 'subnetkit-bench-')), 'minilm-l6-shaped.onnx');
  writeFileSync(path, bytes);
  return { path, sha256: sha256Hex(bytes) };
}

const bench: Benchmark = async ({ json }) => {
  await cryptoWaitReady();
  ensureModels();
  const quick = process.env.BENCH_QUICK === '1';
  const log = (s: string) => {
    if (!json) process.stderr.write(`${s}\n`);
  };
  const models: BenchModel[] = [
    { key: 'test', label: '1-layer test encoder (the example subnet)', rounds: { 64: 8, 256: 4 } },
    { key: 'minilm', label: 'MiniLM-L6-shaped encoder', file: miniLmShaped(), rounds: { 64: 4, 256: 2 } },
  ];
  const figures: Figure[] = [];
  const notes: string[] = [];
  const ratios: { model: BenchModel; miners: number; ratio: number; raw: number }[] = [];
  for (const model of models) {
    for (const miners of [64, 256] as const) {
      const definition = loadSubnetDefinition(EMBEDDING);
      definition.config.validator.sample_size = miners;
      definition.config.validator.concurrency = Math.min(miners, 64);
      definition.config.validator.timeout_ms = 30_000;
      if (model.file) definition.models.embedder = { ...definition.models.embedder, ...model.file };
      const sessions = new SessionRegistry();
      const subnet = await loadSubnet(definition, { sessions });
      const textsPerResponse = Number(definition.config.challenge.options.texts ?? 4);
      const rounds = quick ? 2 : model.rounds[miners];
      log(`${model.label}, ${miners} miners: ${rounds} rounds...`);
      const raw = await rawOnnx(subnet, definition.models.embedder.maxBatch ?? 256);
      const v = await measure(subnet, miners, rounds, raw, quick ? 0 : 4_000);
      await raw.release();
      await sessions.release();
      const perSecond = v.responses / v.seconds;
      const [rawSingle, rawParallel] = v.rawSeconds.map((sec) => v.texts / textsPerResponse / sec);
      const rawPerSecond = Math.max(rawSingle, rawParallel);
      const at = `${model.key}, ${miners} miners`;
      figures.push(
        { name: `${at}: rounds per minute`, value: (v.rounds / v.seconds) * 60, unit: 'rounds/min' },
        { name: `${at}: responses scored per second`, value: perSecond, unit: 'responses/s' },
        { name: `${at}: raw onnxruntime, one session, same texts`, value: rawSingle, unit: 'responses/s' },
        { name: `${at}: raw onnxruntime, a session per core, same texts`, value: rawParallel, unit: 'responses/s' },
        { name: `${at}: ratio to raw onnxruntime (the faster)`, value: perSecond / rawPerSecond, unit: 'x' },
      );
      if (v.ok !== v.responses) notes.push(`${at}: ${v.responses - v.ok} of ${v.responses} queries did not answer in time`);
      ratios.push({ model, miners, ratio: perSecond / rawPerSecond, raw: rawPerSecond });
    }
  }
  const worstOf = (key: string) => ratios.filter((r) => r.model.key === key).reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const test = worstOf('test');
  const minilm = worstOf('minilm');
  notes.push(
    'miners are cheap protocol servers on a worker thread of the same process, answering a fixed vector per text: every query is signed (session keys), every answer verified and scored by the embedding-match rule with the real model run by onnxruntime',
    "the raw reference runs only the ONNX inference of the same texts (tokenised beforehand), the faster of one default session and the validator's own inference pool (one single-threaded session per core, runs of equal tokens from one queue); the ratio is the share of that throughput the whole validator round keeps, on the same cores as the miners",
    quick
      ? 'BENCH_QUICK=1: one warm-up round, two measured: figures are rough'
      : 'measured after 4 s of warm-up rounds (steady state: the JIT has compiled the hot paths)',
    `${models[1].label}: ${models[1].file!.path} (6 layers, 384 wide, 12 heads, 1536 FFN, deterministic random weights)`,
  );
  return {
    name: 'validator',
    figures,
    reference: { name: `raw onnxruntime, MiniLM-L6-shaped model, same texts (${minilm.miners} miners)`, value: minilm.raw, unit: 'responses/s' },
    ratio: minilm.ratio,
    ratioMeaning:
      'validator responses scored per second / raw onnxruntime responses per second on the same texts, MiniLM-L6-shaped model (worse of 64 and 256 miners); the 1-layer test encoder is a target of its own',
    targets: [
      { name: 'ratio vs raw onnxruntime, MiniLM-L6-shaped model (worse of 64 and 256 miners)', target: '>= 0.8', met: minilm.ratio >= 0.8 },
      { name: 'ratio vs raw onnxruntime, 1-layer test encoder (worse of 64 and 256 miners)', target: '>= 0.8', met: test.ratio >= 0.8 },
    ],
    notes,
  };
};

export default bench;
