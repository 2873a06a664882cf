import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uidOfHotkey, type Metagraph } from '../../chain/metagraph.ts';
import type { CastMember, Player } from '../../demo/cast.ts';
import { BodyCodec } from '../../protocol/ws/codec.ts';
import { verifyProvenance, type Provenance } from '../../protocol/ws/provenance.ts';
import { decodeAuditLine } from '../../validator/audit-trail.ts';
import type { CliProcess } from '../helpers/cli-process.ts';
import { events, minerArgs, NETUID, start, startNet, stopNet, validatorArgs, waitForEventWhere, type Pace, type TestNet } from './network.ts';

/**
 * The validator end to end: a devnet child
 * process, the `embedding` example subnet, real miner processes (honest,
 * noisy, random, slow beyond the timeout, offline) and two validator processes
 * with different secrets. Then, on the same network: kill -9 and restart of a
 * validator mid-round, and a chain outage (devnet stopped, restarted on its
 * data dir) that the validators ride out without a manual step.
 */
const PACE: Pace = { tempo: 20, stepEveryBlocks: 2, weightsEveryBlocks: 4, timeoutMs: 1_500, blockTimeMs: 250, metagraphEveryBlocks: 6 };

const cast = (name: string, role: 'validator' | 'miner', stake: number) =>
  ({ name, role, behaviour: role === 'validator' ? 'validator' : 'honest', stake }) as CastMember;
const CAST: CastMember[] = [
  cast('validator-a', 'validator', 1000),
  cast('validator-b', 'validator', 600),
  cast('miner-honest', 'miner', 0),
  cast('miner-noisy', 'miner', 0),
  cast('miner-random', 'miner', 0),
  cast('miner-slow', 'miner', 0),
  cast('miner-offline', 'miner', 0),
];

let net: TestNet;
let validatorA: CliProcess;
let validatorB: CliProcess;
const player = (name: string): Player => net.players.find((p) => p.name === name)!;

beforeAll(async () => {
  net = await startNet(CAST, PACE);
  const miners = net.players.filter((p) => p.role === 'miner').map((p) => [p, start(net, minerArgs(net, p))] as const);
  validatorA = start(net, validatorArgs(net, player('validator-a'), ['--audit']));
  validatorB = start(net, validatorArgs(net, player('validator-b')));
  await Promise.all([
    ...miners.map(([, m]) => m.waitForEvent('ready', 150_000)),
    validatorA.waitForEvent('ready', 150_000),
    validatorB.waitForEvent('ready', 150_000),
  ]);
  // the offline miner served its axon, then went away
  await miners.find(([p]) => p.name === 'miner-offline')![1].stop('SIGKILL');
}, 300_000);

afterAll(async () => {
  await stopNet(net);
}, 60_000);

async function metagraph(): Promise<Metagraph> {
  return net.client.getMetagraph(NETUID);
}

describe('validator end to end', () => {
  it('pays honest > noisy > random and nothing to slow and offline after two tempos; both validators keep high trust', async () => {
    const weightsSet = (v: CliProcess) => waitForEventWhere(v, 'weights', (e) => e.ok === true && e.action === 'set', 120_000);
    await Promise.all([weightsSet(validatorA), weightsSet(validatorB)]);
    // the noisy miner loads its model on its first request: wait until both validators have seen it answer
    const noisyUid = uidOfHotkey(await metagraph(), player('miner-noisy').hotkey)!;
    await Promise.all([validatorA, validatorB].map((v) => waitForEventWhere(v, 'round', (e) => e.scores[noisyUid] > 0, 120_000)));
    const from = await net.client.blockNumber();
    await net.client.waitForBlock(from + 2 * (PACE.tempo + 1) + 1, 60_000);
    const mg = await metagraph();
    const incentive = (name: string) => mg.incentive[uidOfHotkey(mg, player(name).hotkey)!];
    expect(incentive('miner-honest')).toBeGreaterThan(incentive('miner-noisy'));
    expect(incentive('miner-noisy')).toBeGreaterThan(incentive('miner-random'));
    expect(incentive('miner-random')).toBe(0);
    expect(incentive('miner-slow')).toBe(0);
    expect(incentive('miner-offline')).toBe(0);
    for (const v of ['validator-a', 'validator-b']) {
      const uid = uidOfHotkey(mg, player(v).hotkey)!;
      expect(mg.validatorPermit[uid]).toBe(true);
      // most of each validator's weight survives clipping to consensus: only the noisy miner's share,
      // random by nature (half its answers fail verification), differs between them
      expect(mg.validatorTrust[uid]).toBeGreaterThan(0.5);
    }
    // the two validators drew different challenges (different secrets) and reached the same order
    const lastScores = (v: CliProcess) => events(v, 'round').at(-1)!.scores as number[];
    for (const v of [validatorA, validatorB]) {
      const s = lastScores(v);
      const uid = (name: string) => uidOfHotkey(mg, player(name).hotkey)!;
      expect(s[uid('miner-honest')]).toBeGreaterThan(s[uid('miner-noisy')]);
      expect(s[uid('miner-noisy')]).toBeGreaterThan(s[uid('miner-random')]);
      const history = (name: string) => JSON.stringify(events(v, 'round').map((e) => [e.round, e.rewards[uid(name)], e.latencyMs?.[uid(name)], e.statuses]));
      expect(s[uid('miner-slow')], history('miner-slow')).toBe(0);
      expect(s[uid('miner-offline')], history('miner-offline')).toBe(0);
    }
  }, 240_000);

  it('exposes Prometheus metrics and an audit trail whose signatures verify offline', async () => {
    const ready = await validatorA.waitForEvent<{ metricsUrl: string; dataDir: string }>('ready');
    const text = await (await fetch(ready.metricsUrl, { signal: AbortSignal.timeout(5_000) })).text();
    for (const name of [
      'validator_round_duration_seconds',
      'validator_responses_total',
      'validator_round_score',
      'validator_weights_total',
      'validator_blocks_since_last_weights',
      'validator_score',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/validator_responses_total\{[^}]*status="timeout"[^}]*\} [1-9]/);
    expect(text).toMatch(/validator_weights_total\{[^}]*result="success"[^}]*action="set"/);
    // gauges carry the current state, not their initial zero
    expect(text).toMatch(/^validator_chain_connected\{[^}]*\} 1$/m);
    expect(text).toMatch(/^validator_block\{[^}]*\} [1-9]\d*$/m);
    const lines = readFileSync(join(ready.dataDir, 'audit.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    const record = decodeAuditLine(lines.at(-1)!);
    const honest = record.responses.find((r) => r.hotkey === player('miner-honest').hotkey)!;
    expect(honest.status).toBe('ok');
    const signed = honest.signed as { provenance: Provenance; body: Uint8Array };
    expect(verifyProvenance(signed.provenance)).toEqual({ ok: true });
    // the exact bytes the miner signed: their hash is in the signed message, and they decode to the answer
    expect(verifyProvenance(signed.provenance, signed.body)).toEqual({ ok: true });
    expect(verifyProvenance(signed.provenance, Uint8Array.from([...signed.body, 0]))).toEqual({ ok: false, reason: 'body does not match bodyHash' });
    const answer = new BodyCodec().decode(signed.body, 'audited answer') as { embeddings: Float32Array[] };
    expect(answer.embeddings.length).toBeGreaterThan(0);
    expect(answer.embeddings[0]).toBeInstanceOf(Float32Array);
    expect(signed.provenance.miner).toBe(player('miner-honest').hotkey);
    expect(readFileSync(join(ready.dataDir, 'audit.jsonl'), 'utf8')).not.toContain(readFileSync(join(ready.dataDir, 'secret'), 'utf8').trim());
    // the metagraph follows its own cadence (metagraph_every_blocks 6), not the rounds' (every 2 blocks)
    const refreshed = events(validatorA, 'metagraph').map((e) => e.block as number);
    expect(refreshed.length).toBeGreaterThan(2);
    for (let i = 1; i < refreshed.length; i++) expect(refreshed[i] - refreshed[i - 1]).toBeGreaterThanOrEqual(6);
  });

  it('kill -9 mid-round, restart: the persisted scores load exactly and weights resume within the rate limit', async () => {
    const args = validatorArgs(net, player('validator-a'), ['--audit']);
    const dataDir = args[args.indexOf('--data-dir') + 1];
    const before = events(validatorA, 'round').length;
    await waitForEventWhere(validatorA, 'round', () => events(validatorA, 'round').length > before, 30_000);
    // a round starts within a head or two of the last and lasts at least the timeout (the slow miner): 800 ms in, one is in flight
    await new Promise((r) => setTimeout(r, 800));
    await validatorA.stop('SIGKILL');
    const persisted = JSON.parse(readFileSync(join(dataDir, 'validator-state.json'), 'utf8'));
    expect(persisted.round).toBeGreaterThan(0);

    validatorA = start(net, args);
    const ready = await validatorA.waitForEvent<{ round: number; block: number; scores: number[]; lastSetBlock: number | null }>('ready', 150_000);
    expect(ready.round).toBe(persisted.round);
    expect(ready.scores).toEqual(persisted.scores.scores);
    expect(ready.lastSetBlock).toBe(persisted.lastSetBlock);
    expect(ready.scores.some((s) => s > 0)).toBe(true);

    const next = await waitForEventWhere(validatorA, 'weights', (e) => e.ok === true, 60_000);
    const rateLimit = Number(await net.client.getHyperparameter(NETUID, 'weights_rate_limit'));
    expect(next.block - persisted.lastSetBlock).toBeGreaterThanOrEqual(rateLimit);
    // due again at once (the last set is long past): one round, then the next head
    expect(next.block - ready.block).toBeLessThanOrEqual(PACE.weightsEveryBlocks + rateLimit + 20);
    expect(events(validatorA, 'weights').filter((e) => e.ok === false)).toEqual([]);
    // the round after the restart continues the count
    const round = await waitForEventWhere(validatorA, 'round', () => true, 30_000);
    expect(round.round).toBe(persisted.round + 1);
  }, 120_000);

  it('rides out a chain outage (devnet kill -9): keeps scoring, reconnects, sets weights again with no manual step', async () => {
    await net.devnet.kill9();
    await waitForEventWhere(validatorA, 'chain', (e) => e.status === 'down', 30_000);
    const down = events(validatorA, 'round').length;
    // keep scoring on the wall clock while the chain is away
    await waitForEventWhere(validatorA, 'round', (e) => e.chain === 'down' && events(validatorA, 'round').length >= down + 2, 60_000);
    const okWeights = (v: CliProcess) => events(v, 'weights').filter((e) => e.ok).length;
    const weightsBefore = okWeights(validatorA);
    const weightsBeforeB = okWeights(validatorB);

    // same data dir, same port: the validators' configuration does not change
    await net.devnet.restart();
    expect(net.devnet.url).toBe(net.url);
    await waitForEventWhere(validatorA, 'chain', (e) => e.status === 'up', 60_000);
    await waitForEventWhere(validatorA, 'weights', (e) => e.ok === true && okWeights(validatorA) > weightsBefore, 90_000);
    await waitForEventWhere(validatorB, 'weights', (e) => e.ok === true && okWeights(validatorB) > weightsBeforeB, 90_000);
    expect(validatorA.proc.exitCode).toBeNull();
    expect(validatorB.proc.exitCode).toBeNull();
  }, 240_000);
});
