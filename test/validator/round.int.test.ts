import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AxonInfo, emptyMetagraph, type Metagraph } from '../../chain/metagraph.ts';
import { createLogger } from '../../core/logger.ts';
import { Axon } from '../../protocol/ws/axon.ts';
import { openPolicy } from '../../protocol/axon-policy.ts';
import { Dendrite } from '../../protocol/ws/dendrite.ts';
import type { SynapseHandler } from '../../protocol/synapse-handler.ts';
import { ensureModels } from '../../scoring/models/ensure.ts';
import { loadSubnetDefinition } from '../../subnet-config/load-definition.ts';
import { loadSubnet, type Subnet } from '../../subnet-config/subnet.ts';
import { runRound, type RoundResult } from '../../validator/round.ts';
import { applyRoundScores, emptyScoreState, syncScoreState } from '../../validator/score-state.ts';

/**
 * A round against real in-process protocol miners (real axons, real signed
 * sessions, real dendrite) with the `embedding` example subnet and its real
 * ONNX model. No chain is involved: the metagraph is the round's input.
 */
const EMBEDDING = 'subnet-config/examples/embedding';
const TIMEOUT_MS = 1_500;

let subnet: Subnet;
let validator: KeyringPair;
const axons: Axon[] = [];
let dendrite: Dendrite;
let metagraph: Metagraph;
let noisyCalls = 0;
const quiet = createLogger('axon', { level: 'silent' });
const roles = ['validator', 'honest', 'noisy', 'random', 'slow', 'garbage', 'impostor', 'huge', 'crash', 'offline', 'unserved'] as const;

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

beforeAll(async () => {
  await cryptoWaitReady();
  ensureModels();
  const definition = loadSubnetDefinition(EMBEDDING);
  definition.config.validator.timeout_ms = TIMEOUT_MS;
  subnet = await loadSubnet(definition);
  // first inference pays one-off session set-up; keep it out of the timed round
  await subnet.runtime!.embedder('embedder').embed(['warm up']);
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const pairs = roles.map((r) => keyring.addFromUri(`//round-test-${r}`));
  validator = pairs[0];
  const honest: SynapseHandler = async (call) =>
    subnet.minerHandler!.respond(call.body as Record<string, unknown>, {
      synapse: call.name,
      runtime: subnet.runtime,
      hotkey: '',
      options: { model: 'embedder' },
    });
  const handlers: Partial<Record<(typeof roles)[number], SynapseHandler>> = {
    honest,
    // every other answer is off by noise the verification gate rejects
    noisy: async (call, ctx) => {
      const { embeddings } = (await honest(call, ctx)) as { embeddings: number[][] };
      noisyCalls++;
      return { embeddings: noisyCalls % 2 === 1 ? embeddings.map((v) => v.map((x) => x + 0.01 * gaussian())) : embeddings };
    },
    random: (call) => ({ embeddings: (call.body as { texts: string[] }).texts.map(() => Array.from({ length: 384 }, () => Math.random() - 0.5)) }),
    slow: async (call, ctx) => {
      await new Promise((r) => setTimeout(r, TIMEOUT_MS * 3));
      return honest(call, ctx);
    },
    garbage: () => ({ embeddings: 'not vectors' }),
    // serves honest answers, but under another hotkey than the metagraph's
    impostor: honest,
    // an answer far beyond the validator's frame limit
    huge: () => ({ embeddings: new Uint8Array(3 * 1024 * 1024) }),
    crash: () => {
      throw new Error('miner bug');
    },
  };
  const axonInfos: AxonInfo[] = [];
  for (const [uid, role] of roles.entries()) {
    const handler = handlers[role];
    if (handler) {
      const keypair = role === 'impostor' ? keyring.addFromUri('//someone-else') : pairs[uid];
      const axon = new Axon({ keypair, port: 0, policy: openPolicy, maxFrameBytes: 16 * 1024 * 1024, logger: quiet }).attach('Embed', handler);
      const { port } = await axon.listen();
      axons.push(axon);
      axonInfos.push({ block: 1, version: 1, ip: '127.0.0.1', port, ipType: 4, protocol: 4 });
    } else if (role === 'offline') {
      axonInfos.push({ block: 1, version: 1, ip: '127.0.0.1', port: await freePort(), ipType: 4, protocol: 4 });
    } else {
      axonInfos.push({ block: 0, version: 0, ip: '0.0.0.0', port: 0, ipType: 4, protocol: 0 });
    }
  }
  const n = roles.length;
  metagraph = {
    ...emptyMetagraph(1, 10, n),
    hotkeys: pairs.map((p) => p.address),
    coldkeys: pairs.map((p) => p.address),
    validatorPermit: roles.map((r) => r === 'validator'),
    active: roles.map(() => true),
    axons: axonInfos,
  };
  dendrite = new Dendrite({ keypair: validator, connectTimeoutMs: 2_000, maxFrameBytes: 1024 * 1024 });
});

afterAll(async () => {
  await dendrite?.close();
  await Promise.all(axons.map((a) => a.close(100)));
});

const secret = 'ab'.repeat(32);
const blockHash = `0x${'42'.repeat(32)}`;

async function round(step: number, lastObservedRound: number[] = []): Promise<RoundResult> {
  return runRound({
    round: step,
    block: 10 + step,
    blockHash,
    validatorSecret: secret,
    metagraph,
    selfUid: 0,
    lastObservedRound,
    subnet,
    dendrite,
    roundTimeoutMs: 5_000,
  });
}

describe('validator round', () => {
  it('scores honest > noisy >= random, zero for slow, garbage, impostor, huge, crashing, offline and unserved, on time', async () => {
    const result = await round(1);
    const by = (role: (typeof roles)[number]) => result.responses.find((r) => r.uid === roles.indexOf(role))!;
    expect(result.responses.map((r) => r.uid).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(by('honest').status).toBe('ok');
    expect(by('honest').reward).toBeGreaterThan(0);
    expect(by('honest').provenance?.miner).toBe(metagraph.hotkeys[1]);
    expect(by('honest').latencyMs).toBeGreaterThan(0);
    expect(by('noisy').status).toBe('ok');
    expect(by('honest').reward).toBeGreaterThan(by('noisy').reward);
    expect(by('noisy').reward).toBeGreaterThanOrEqual(by('random').reward);
    expect(by('random').reward).toBe(0);
    expect(by('slow').status).toBe('timeout');
    expect(by('garbage').reward).toBe(0);
    expect(by('impostor').status).toBe('invalid');
    expect(by('impostor').errorCode).toBe('WRONG_AXON');
    expect(by('offline').status).toBe('unreachable');
    expect(by('unserved').status).toBe('unserved');
    expect(by('huge').status).toBe('error');
    // the dendrite drops the connection at its frame limit, unread
    expect(['PAYLOAD_TOO_LARGE', 'CONNECTION_CLOSED']).toContain(by('huge').errorCode);
    expect(by('crash').status).toBe('error');
    expect(by('crash').errorCode).toBe('INTERNAL');
    for (const role of ['slow', 'impostor', 'huge', 'crash', 'offline', 'unserved'] as const) expect(by(role).reward).toBe(0);
    // the slow miner cannot hold the round beyond its timeout (plus the grace of scoring)
    expect(result.durationMs).toBeLessThan(5_000);
    // per-miner challenges: distinct texts per miner, reproducible from the seed
    expect(new Set(result.challenges.map((c) => JSON.stringify(c.request))).size).toBe(result.challenges.length);
    const again = await subnet.generateChallenge({ blockHash, validatorSecret: secret, step: 1, uid: 1 });
    expect(result.challenges.find((c) => c.id === by('honest').challengeId)?.request).toEqual(again.request);
  });

  it('folds into an EMA where the honest miner leads over several rounds', async () => {
    let state = syncScoreState(emptyScoreState(), metagraph.hotkeys).state;
    for (let step = 2; step <= 4; step++) {
      const result = await round(step, state.lastObservedRound);
      state = applyRoundScores(state, result.observations, subnet.definition.config.validator.ema_alpha, step);
    }
    const s = (role: (typeof roles)[number]) => state.scores[roles.indexOf(role)];
    expect(s('honest')).toBeGreaterThan(s('noisy'));
    expect(s('noisy')).toBeGreaterThanOrEqual(s('random'));
    expect(s('slow')).toBe(0);
    expect(s('offline')).toBe(0);
    expect(s('validator')).toBe(0);
  });

  it('sends different challenges with a different validator secret', async () => {
    const a = await subnet.generateChallenge({ blockHash, validatorSecret: secret, step: 7, uid: 1 });
    const b = await subnet.generateChallenge({ blockHash, validatorSecret: 'cd'.repeat(32), step: 7, uid: 1 });
    expect(a.request).not.toEqual(b.request);
  });
});
