import type { AxonInfo, Metagraph } from '../chain/metagraph.ts';
import type { CallOptions, CallResult } from '../protocol/ws/dendrite.ts';
import { ProtocolError } from '../protocol/errors.ts';
import type { Provenance } from '../protocol/ws/provenance.ts';
import { challengeSeed, SeededRng } from '../scoring/challenge.ts';
import type { Challenge, ResponseStatus, ScoringItem } from '../scoring/rule.ts';
import type { Subnet } from '../subnet-config/subnet.ts';
import { sampleMiners } from './miner-sample.ts';
import { runQueryPool } from './query-pool.ts';
import type { ScoreObservation } from './score-state.ts';

/**
 * One validator round (a "step" in the template): sample miners, challenge
 * them, query them over the dendrite, score the answers. No chain access: the
 * caller passes the block it runs at and folds the observations into its
 * score state afterwards.
 */

/** Why a miner got what it got. `invalid`: unsigned, badly signed or from the wrong hotkey. */
export type RoundStatus = 'ok' | 'invalid' | 'error' | 'timeout' | 'unreachable' | 'unserved';

export interface RoundResponse {
  uid: number;
  hotkey: string;
  status: RoundStatus;
  /** protocol error code when the query failed */
  errorCode?: string;
  latencyMs: number;
  /** rule score before shaping */
  score: number;
  /** what goes into the EMA */
  reward: number;
  body?: unknown;
  /** the exact signed body bytes, for the audit trail */
  bodyBytes?: Uint8Array;
  provenance?: Provenance;
  challengeId?: string;
}

export interface RoundResult {
  round: number;
  block: number;
  blockHash: string;
  /** seed of the round (sampling, and the challenge unless per-miner) */
  seed: string;
  challenges: Challenge[];
  responses: RoundResponse[];
  observations: ScoreObservation[];
  durationMs: number;
}

/** A miner as a round addresses it: its axon from the metagraph (`url` is the WebSocket one) and its hotkey. */
export interface RoundTarget {
  /** ws://ip:port */
  url: string;
  ip: string;
  port: number;
  hotkey: string;
}

/**
 * A transport's answer. `provenance` and `bodyBytes` are absent when the
 * transport carries no signature over the body (the Bittensor HTTP axon signs
 * only nonce and hotkeys): such answers are scored but cannot be proven later.
 */
export type RoundCallResult<T = unknown> = Omit<CallResult<T>, 'provenance' | 'bodyBytes'> & { provenance?: Provenance; bodyBytes?: Uint8Array };

/** The part of a dendrite a round uses: the WebSocket `Dendrite`, or `HttpRoundDendrite` for Python-SDK miners. */
export interface RoundDendrite {
  call<T = unknown>(target: RoundTarget, synapse: string, body: unknown, options?: CallOptions): Promise<RoundCallResult<T>>;
  /** opens the session ahead of the request, so the handshake is not timed against the miner */
  connect?(target: RoundTarget): Promise<void>;
}

export interface RoundInput {
  round: number;
  block: number;
  blockHash: string;
  validatorSecret: string;
  metagraph: Metagraph;
  selfUid?: number;
  lastObservedRound: readonly number[];
  subnet: Subnet;
  dendrite: RoundDendrite;
  /** total wall-clock budget of the query phase */
  roundTimeoutMs: number;
}

export function axonUrl(axon: AxonInfo): string {
  const host = axon.ipType === 6 || axon.ip.includes(':') ? `[${axon.ip}]` : axon.ip;
  return `ws://${host}:${axon.port}`;
}

/** A round's query budget when the operator gives none: every wave of `concurrency` calls may take the full timeout. */
export function defaultRoundTimeoutMs(cadence: { sample_size: number; concurrency: number; timeout_ms: number }): number {
  return cadence.timeout_ms * Math.ceil(cadence.sample_size / cadence.concurrency) + 1_000;
}

export async function runRound(input: RoundInput): Promise<RoundResult> {
  const started = performance.now();
  const { subnet, metagraph } = input;
  const config = subnet.definition.config;
  const cadence = config.validator;
  const seedInput = { blockHash: input.blockHash, validatorSecret: input.validatorSecret, step: input.round };
  const seed = challengeSeed(seedInput);
  const rng = new SeededRng(`sample:${seed}`);
  const sample = sampleMiners({
    axons: metagraph.axons,
    selfUid: input.selfUid,
    lastObservedRound: input.lastObservedRound,
    sampleSize: cadence.sample_size,
    random: () => rng.float(),
  });

  const challengeByUid = new Map<number, Challenge>();
  const challenges: Challenge[] = [];
  if (config.challenge.per_miner) {
    for (const uid of sample.query) {
      const c = await subnet.generateChallenge({ ...seedInput, uid });
      challengeByUid.set(uid, c);
      challenges.push(c);
    }
  } else if (sample.query.length > 0) {
    const c = await subnet.generateChallenge(seedInput);
    challenges.push(c);
    for (const uid of sample.query) challengeByUid.set(uid, c);
  }

  // the reference side of scoring depends only on the challenges: run it while the miners answer
  subnet.pipeline.prepare(challenges);

  const target = (uid: number): RoundTarget => {
    const axon = metagraph.axons[uid];
    return { url: axonUrl(axon), ip: axon.ip, port: axon.port, hotkey: metagraph.hotkeys[uid] };
  };
  const dendrite = input.dendrite;
  const results = await runQueryPool(
    sample.query,
    (uid, signal, timeoutMs) => {
      const challenge = challengeByUid.get(uid)!;
      return dendrite.call(target(uid), challenge.synapse, challenge.request, { timeoutMs, signal });
    },
    { concurrency: cadence.concurrency, timeoutMs: cadence.timeout_ms, roundTimeoutMs: input.roundTimeoutMs },
    dendrite.connect ? (uid) => dendrite.connect!(target(uid)) : undefined,
  );

  const responses: RoundResponse[] = results.map((r) => {
    const uid = r.target;
    const base = { uid, hotkey: metagraph.hotkeys[uid], latencyMs: r.latencyMs, score: 0, reward: 0, challengeId: challengeByUid.get(uid)?.id };
    if (r.status === 'ok') {
      const answer = r.value!;
      if (answer.status !== 200) return { ...base, status: 'error', errorCode: `STATUS_${answer.status}`, provenance: answer.provenance };
      return { ...base, status: 'ok', latencyMs: answer.latencyMs, body: answer.body, bodyBytes: answer.bodyBytes, provenance: answer.provenance };
    }
    if (r.status === 'timeout') return { ...base, status: 'timeout', errorCode: 'TIMEOUT' };
    return { ...base, ...classifyFailure(r.error) };
  });

  const items: ScoringItem[] = responses.map((r) => ({
    challenge: challengeByUid.get(r.uid)!,
    response: { uid: r.uid, hotkey: r.hotkey, status: pipelineStatus(r.status), body: r.body, latencyMs: r.latencyMs },
  }));
  if (items.length > 0) {
    const scored = await subnet.pipeline.score(items);
    responses.forEach((r, i) => {
      r.score = scored.scores[i];
      r.reward = scored.rewards[i];
    });
  }
  for (const uid of sample.unserved) {
    responses.push({ uid, hotkey: metagraph.hotkeys[uid], status: 'unserved', latencyMs: 0, score: 0, reward: 0 });
  }

  return {
    round: input.round,
    block: input.block,
    blockHash: input.blockHash,
    seed,
    challenges,
    responses,
    observations: responses.map((r) => ({ uid: r.uid, score: r.reward, offline: r.status === 'unreachable' || r.status === 'unserved' })),
    durationMs: performance.now() - started,
  };
}

function classifyFailure(err: unknown): { status: RoundStatus; errorCode: string } {
  if (err instanceof ProtocolError) {
    switch (err.code) {
      case 'BAD_SIGNATURE':
      case 'WRONG_AXON':
      case 'UNAUTHORIZED':
        return { status: 'invalid', errorCode: err.code };
      case 'CONNECTION_FAILED':
        return { status: 'unreachable', errorCode: err.code };
      case 'TIMEOUT':
        return { status: 'timeout', errorCode: err.code };
      default:
        return { status: 'error', errorCode: err.code };
    }
  }
  const code = (err as { code?: unknown } | undefined)?.code;
  return { status: 'error', errorCode: typeof code === 'string' ? code : 'ERROR' };
}

function pipelineStatus(status: RoundStatus): ResponseStatus {
  switch (status) {
    case 'ok':
    case 'timeout':
    case 'unreachable':
      return status;
    default:
      return 'error';
  }
}
