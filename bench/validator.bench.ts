import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import * as ort from 'onnxruntime-node';
import { type AxonInfo, emptyMetagraph, type Metagraph } from '../chain/metagraph.ts';
import { Axon } from '../protocol/axon.ts';
import { openPolicy } from '../protocol/axon-policy.ts';
import { Dendrite } from '../protocol/dendrite.ts';
import type { SynapseHandler } from '../protocol/synapse-handler.ts';
import { readVerifiedFile } from '../scoring/onnx/model-file.ts';
import { ensureModels } from '../scripts/models/ensure.ts';
import { loadSubnetDefinition } from '../subnet-config/load-definition.ts';
import { loadSubnet, type Subnet } from '../subnet-config/subnet.ts';
import { runRound, type RoundResult } from '../validator/round.ts';
import type { Benchmark, Figure } from './result.ts';

/**
 * Validator throughput: full rounds (challenge generation, signed queries over
 * persistent sessions, verification, embedding-match scoring with the real
 * ONNX model, shaping) against 64 and 256 cheap in-process protocol miners.
 *
 * Miners are cheap on purpose: they answer every text with a fixed 384-float
 * vector, so the measured cost is the validator's (the scoring rule recomputes
 * the reference vector of every text whatever the answer). Reference: raw
 * onnxruntime-node on the same model file, running exactly the texts of the
 * measured rounds, pre-tokenised, in the same batch sizes (max_batch rows,
 * sorted by length), in the same process. The two are interleaved round by
 * round (validator round r, then raw inference of round r's texts), so load
 * from other processes hits both alike. Both figures are in responses per
 * second (a response embeds `texts` texts).
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
  rawSeconds: number;
  responses: number;
  ok: number;
  texts: number;
}

async function measure(subnet: Subnet, miners: number, rounds: number, raw: RawOnnx): Promise<Measured> {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const validator = keyring.addFromUri('//bench-validator');
  const vector = Array.from({ length: 384 }, (_, i) => Math.sin(i + 1) / 10);
  const cheap: SynapseHandler = (call) => ({ embeddings: (call.body as { texts: string[] }).texts.map(() => vector) });
  const axons: Axon[] = [];
  const infos: AxonInfo[] = [{ block: 0, version: 0, ip: '0.0.0.0', port: 0, ipType: 4, protocol: 0 }];
  const hotkeys = [validator.address];
  for (let i = 0; i < miners; i++) {
    const pair = keyring.addFromUri(`//bench-miner-${i}`);
    const axon = new Axon({ keypair: pair, port: 0, policy: openPolicy }).attach('Embed', cheap);
    const { port } = await axon.listen();
    axons.push(axon);
    infos.push({ block: 1, version: 1, ip: '127.0.0.1', port, ipType: 4, protocol: 4 });
    hotkeys.push(pair.address);
  }
  const metagraph = metagraphOf(hotkeys, infos);
  const dendrite = new Dendrite({ keypair: validator, connectTimeoutMs: 10_000 });
  const one = (round: number) =>
    runRound({ round, block: round, blockHash: `0x${round.toString(16).padStart(64, '0')}`, validatorSecret: secret, metagraph, selfUid: 0, lastObservedRound: [], subnet, dendrite, roundTimeoutMs: 60_000 });
  try {
    await raw.run(raw.prepare(textsOf(await one(1_000_000)))); // connections, session keys, first inference
    const results: RoundResult[] = [];
    let seconds = 0;
    let rawSeconds = 0;
    for (let r = 1; r <= rounds; r++) {
      const t0 = performance.now();
      const result = await one(r);
      seconds += (performance.now() - t0) / 1000;
      results.push(result);
      const feeds = raw.prepare(textsOf(result));
      const t1 = performance.now();
      await raw.run(feeds);
      rawSeconds += (performance.now() - t1) / 1000;
    }
    const responses = results.reduce((a, r) => a + r.responses.length, 0);
    const ok = results.reduce((a, r) => a + r.responses.filter((x) => x.status === 'ok').length, 0);
    const texts = results.reduce((a, r) => a + textsOf(r).length, 0);
    return { miners, rounds, seconds, rawSeconds, responses, ok, texts };
  } finally {
    await dendrite.close();
    await Promise.all(axons.map((a) => a.close(100)));
  }
}

function textsOf(result: RoundResult): string[] {
  return result.challenges.flatMap((c) => (c.request as { texts: string[] }).texts);
}

/** Raw onnxruntime on the same model file: tokenise outside the clock, run batches as the embedder does. */
interface RawOnnx {
  prepare(texts: string[]): ort.InferenceSession.FeedsType[];
  run(feeds: ort.InferenceSession.FeedsType[]): Promise<void>;
  release(): Promise<void>;
}

async function rawOnnx(subnet: Subnet, maxBatch: number): Promise<RawOnnx> {
  const spec = subnet.definition.models.embedder;
  const session = await ort.InferenceSession.create(readVerifiedFile(spec.path, spec.sha256), { graphOptimizationLevel: 'all', logSeverityLevel: 4 });
  const tokenizer = subnet.runtime!.tokenizer('embedder');
  return {
    prepare(texts) {
      const rows = [...new Set(texts)].map((t) => tokenizer.encode(t)).sort((a, b) => a.length - b.length);
      const out: ort.InferenceSession.FeedsType[] = [];
      for (let i = 0; i < rows.length; i += maxBatch) {
        const b = tokenizer.batch(rows.slice(i, i + maxBatch));
        out.push({
          input_ids: new ort.Tensor('int64', b.inputIds, [b.batch, b.seqLen]),
          attention_mask: new ort.Tensor('int64', b.attentionMask, [b.batch, b.seqLen]),
        });
      }
      return out;
    },
    async run(feeds) {
      for (const f of feeds) await session.run(f);
    },
    release: () => session.release(),
  };
}

const bench: Benchmark = async ({ json }) => {
  await cryptoWaitReady();
  ensureModels();
  const quick = process.env.BENCH_QUICK === '1';
  const log = (s: string) => {
    if (!json) process.stderr.write(`${s}\n`);
  };
  const figures: Figure[] = [];
  const notes: string[] = [];
  const ratios: { miners: number; ratio: number; raw: number }[] = [];
  for (const miners of [64, 256]) {
    const definition = loadSubnetDefinition(EMBEDDING);
    definition.config.validator.sample_size = miners;
    definition.config.validator.concurrency = Math.min(miners, 64);
    definition.config.validator.timeout_ms = 30_000;
    const subnet = await loadSubnet(definition);
    const textsPerResponse = Number(definition.config.challenge.options.texts ?? 4);
    const rounds = quick ? 2 : miners === 64 ? 8 : 4;
    log(`${miners} miners: ${rounds} rounds...`);
    const raw = await rawOnnx(subnet, definition.models.embedder.maxBatch ?? 256);
    const v = await measure(subnet, miners, rounds, raw);
    await raw.release();
    const perSecond = v.responses / v.seconds;
    const rawPerSecond = v.texts / textsPerResponse / v.rawSeconds;
    figures.push(
      { name: `${miners} miners: rounds per minute`, value: (v.rounds / v.seconds) * 60, unit: 'rounds/min' },
      { name: `${miners} miners: responses scored per second`, value: perSecond, unit: 'responses/s' },
      { name: `${miners} miners: raw onnxruntime, same texts`, value: rawPerSecond, unit: 'responses/s' },
      { name: `${miners} miners: ratio to raw onnxruntime`, value: perSecond / rawPerSecond, unit: 'x' },
    );
    if (v.ok !== v.responses) notes.push(`${miners} miners: ${v.responses - v.ok} of ${v.responses} queries did not answer in time`);
    ratios.push({ miners, ratio: perSecond / rawPerSecond, raw: rawPerSecond });
  }
  const worst = ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  notes.push(
    'miners are in-process protocol servers answering a fixed vector (cheap); every query is signed (session keys), every answer verified and scored by the embedding-match rule with the real ONNX model',
    `the raw reference runs only the ONNX inference of the same texts (tokenised beforehand), so the ratio is the share of the model's throughput the whole validator round keeps`,
  );
  return {
    name: 'validator',
    figures,
    reference: { name: `raw onnxruntime, same model and texts (${worst.miners} miners)`, value: worst.raw, unit: 'responses/s' },
    ratio: worst.ratio,
    ratioMeaning: 'validator responses scored per second / raw onnxruntime responses per second on the same texts (worse of 64 and 256 miners)',
    targets: [{ name: 'ratio vs raw onnxruntime', target: '>= 0.7', met: worst.ratio >= 0.7 }],
    notes,
  };
};

export default bench;
