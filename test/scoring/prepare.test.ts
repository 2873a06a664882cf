import { beforeAll, describe, expect, it } from 'vitest';
import { SubnetError } from '../../core/errors.ts';
import type { ScoringRuntime } from '../../scoring/onnx/runtime.ts';
import { ScoringPipeline } from '../../scoring/pipeline.ts';
import type { Challenge, ScoringItem } from '../../scoring/rule.ts';
import { embeddingMatch } from '../../scoring/rules/embedding-match.ts';
import { ensureModels } from '../../scoring/models/ensure.ts';
import { loadSubnetDefinition } from '../../subnet-config/load-definition.ts';
import { loadSubnet, type Subnet } from '../../subnet-config/subnet.ts';
import { challenge, items, ok } from './helpers.ts';

const EMBEDDING = 'subnet-config/examples/embedding';
const secret = 'ab'.repeat(32);
const blockHash = `0x${'12'.repeat(32)}`;

let subnet: Subnet;
beforeAll(async () => {
  ensureModels();
  subnet = await loadSubnet(loadSubnetDefinition(EMBEDDING));
});

/** Honest, slightly noisy (inside the ramp), wrong-length, missing and timed-out answers to per-miner challenges. */
async function answers(challenges: Challenge[]): Promise<ScoringItem[]> {
  const embedder = subnet.runtime!.embedder('embedder');
  return Promise.all(
    challenges.map(async (c, uid): Promise<ScoringItem> => {
      const texts = (c.request as { texts: string[] }).texts;
      const honest = (await embedder.embed(texts)).map((v) => Array.from(v));
      const kind = uid % 5;
      const embeddings =
        kind === 0
          ? honest
          : kind === 1
            ? honest.map((v) => v.map((x, d) => x + 0.004 * Math.sin(d * 7 + uid)))
            : kind === 2
              ? honest.map((v) => v.slice(1))
              : kind === 3
                ? honest.slice(1)
                : honest;
      const status = kind === 4 ? 'timeout' : 'ok';
      return { challenge: c, response: { uid, status, body: status === 'ok' ? { embeddings } : undefined, latencyMs: 40 + uid * 13 } };
    }),
  );
}

describe('prepared scoring (reference vectors computed while miners are queried)', () => {
  it('gives exactly the scores and rewards of the unprepared path', async () => {
    const challenges = await Promise.all(
      Array.from({ length: 20 }, (_, uid) => subnet.generateChallenge({ blockHash, validatorSecret: secret, step: 3, uid })),
    );
    const answered = await answers(challenges);
    // the same challenges as distinct objects, which the pipeline has not prepared
    const unpreparedItems = answered.map((it) => ({ ...it, challenge: structuredClone(it.challenge) }));

    subnet.pipeline.prepare(challenges);
    const prepared = await subnet.pipeline.score(answered);
    const unprepared = await subnet.pipeline.score(unpreparedItems);

    expect(prepared).toEqual(unprepared);
    const scores = prepared.scores;
    expect(scores.filter((s) => s === 1).length).toBeGreaterThan(0);
    expect(scores.some((s) => s > 0 && s < 1)).toBe(true); // the noisy answers land inside the verification ramp
    expect(scores.filter((_, uid) => uid % 5 >= 2).every((s) => s === 0)).toBe(true);
  });

  it('a shared challenge prepared once serves every miner; preparing twice changes nothing', async () => {
    const shared = await subnet.generateChallenge({ blockHash, validatorSecret: secret, step: 4 });
    const [honest] = await answers([shared]);
    const all = Array.from({ length: 6 }, (_, uid) => ({ challenge: shared, response: { ...honest.response, uid } }));
    const baseline = await subnet.pipeline.score(all.map((it) => ({ ...it, challenge: structuredClone(shared) })));
    subnet.pipeline.prepare([shared, shared]);
    subnet.pipeline.prepare([shared]);
    expect(await subnet.pipeline.score(all)).toEqual(baseline);
    expect(baseline.scores.every((s) => s > 0.9)).toBe(true);
  });

  it('a reference run that fails in prepare fails the score the same way, with no unhandled rejection', async () => {
    let runs = 0;
    const runtime = {
      embedder: () => ({
        embed: async () => {
          runs++;
          throw new SubnetError('SCORING_MODEL_FAILED', 'boom');
        },
      }),
    } as unknown as ScoringRuntime;
    const pipeline = new ScoringPipeline(
      embeddingMatch({ model: 'embedder', input: 'request.texts', field: 'embeddings', threshold: 0.999, floor: 0.99, aggregate: 'min' }),
      [],
      { runtime, timeoutMs: 100 },
    );
    const c = challenge({ texts: ['a', 'b'] });
    pipeline.prepare([c]);
    await new Promise((r) => setTimeout(r, 10)); // the rejection happens before anyone awaits it
    await expect(pipeline.score(items(c, [ok(1, { embeddings: [[1], [1]] })]))).rejects.toThrow(/boom/);
    expect(runs).toBe(1); // score used the prepared run, it did not embed again
  });
});
