import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex, decodeAddress } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubtensorClient } from '../../chain/client.ts';
import { PendingCommitStore, type TimelockedCommitRecord } from '../../chain/pending-commits.ts';
import { buildTimelockedCommit } from '../../chain/timelock-weights.ts';
import { cryptoReady } from '../../chain/wallet/keypair.ts';
import type { Logger } from '../../core/logger.ts';
import { createDevBeacon } from '../../core/timelock/index.ts';
import { Validator, type ValidatorEvent } from '../../validator/validator.ts';
import { createValidatorMetrics } from '../../validator/validator-metrics.ts';
import { pendingCommitsPath } from '../../validator/validator-state.ts';
import { seededRandom } from '../helpers/timelock.ts';

/**
 * The validator's side of timelocked commits: after the reveal epoch it checks what the
 * chain did with each recorded commit, and a silent drop becomes a warning, an event and
 * a metric. The chain is a stand-in answering the reads `checkTimelockedCommits` makes.
 */
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const NETUID = 2;
const beacon = createDevBeacon('validator-timelocked', { genesisTime: 1_700_000_000, period: 3 });
const roots: string[] = [];
afterAll(() => roots.forEach((d) => rmSync(d, { recursive: true, force: true })));
beforeAll(() => cryptoReady());

function commitOf(payloadHotkey: string, uids: number[], values: number[], label: string): TimelockedCommitRecord {
  const built = buildTimelockedCommit({
    currentBlock: 100,
    netuid: NETUID,
    tempo: 10,
    revealPeriodEpochs: 1,
    blockTimeSeconds: 12,
    nowSeconds: 1_700_000_600,
    beacon,
    hotkey: decodeAddress(payloadHotkey),
    uids,
    values,
    versionKey: 1n,
    encrypt: { publicKey: beacon.publicKey, random: seededRandom(label) },
  });
  return {
    kind: 'timelocked',
    netuid: NETUID,
    mechid: 0,
    hotkey: ALICE,
    hash: blake2AsHex(built.commit, 256),
    commit: u8aToHex(built.commit),
    revealRound: built.revealRound,
    commitBlock: 100,
    included: true,
    commitEpoch: 9,
    revealEpoch: 10,
    firstRevealBlock: 107,
    uids,
    values,
    versionKey: 1n,
  };
}

function setup(chainRow: [number, number][]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'subnet-vtl-'));
  roots.push(dataDir);
  const logs: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const rec = (level: string) => (fields: Record<string, unknown>, message: string) => logs.push({ level, fields, message });
  const log = { info: rec('info'), warn: rec('warn'), error: rec('error'), debug: rec('debug') } as unknown as Logger;
  const client = {
    blockNumber: async () => 110,
    uidOf: async () => 0,
    getDrandLastStoredRound: async () => 10 ** 9,
    getDrandSignature: async (round: number) => beacon.sign(round),
    getTimelockedCommits: async () => [],
    getWeightsRow: async () => chainRow,
  } as unknown as SubtensorClient;
  const metrics = createValidatorMetrics({ netuid: NETUID, hotkey: ALICE });
  const events: ValidatorEvent[] = [];
  const make = () =>
    new Validator({
      netuid: NETUID,
      subnet: {
        definition: {
          config: {
            version: 1,
            validator: { step_every_blocks: 5, weights_every_blocks: 5, timeout_ms: 1000, sample_size: 1, concurrency: 1, ema_alpha: 0.1 },
          },
        },
      } as never,
      hotkey: { address: ALICE } as never,
      client,
      dataDir,
      log,
      metrics,
      onEvent: (e) => events.push(e),
      dendrite: { query: async () => [], close: async () => undefined } as never,
    });
  return { dataDir, logs, metrics, events, make };
}

describe('validator: timelocked commits', () => {
  it('reports a revealed commit and a silently dropped one after the reveal epoch; commits recorded before start are picked up', async () => {
    const revealed = commitOf(ALICE, [1, 2], [65535, 30000], 'ok');
    const dropped = commitOf(BOB, [1, 2], [65535, 1], 'wrong hotkey');
    const env = setup([
      [1, 65535],
      [2, 30000],
    ]);
    const store = new PendingCommitStore(pendingCommitsPath(env.dataDir));
    store.add(revealed);
    store.add(dropped);

    const validator = env.make();
    // the records of an earlier run are counted at start: nothing to re-send, the chain holds the commits
    expect((await env.metrics.timelockedPending.get()).values[0].value).toBe(2);
    const check = (block: number) => (validator as unknown as { checkTimelocked(b: number): Promise<void> }).checkTimelocked(block);

    await check(106); // before the reveal epoch: nothing is read
    expect(env.events).toEqual([]);
    await check(110);

    const warning = env.logs.find((l) => l.level === 'warn');
    expect(warning?.fields).toMatchObject({ code: 'TIMELOCKED_COMMIT_DROPPED', hash: dropped.hash, reason: 'hotkey-mismatch' });
    expect(warning?.message).toMatch(/silently dropped/);
    expect(env.events).toContainEqual(
      expect.objectContaining({ event: 'warning', code: 'TIMELOCKED_COMMIT_DROPPED', hash: dropped.hash, reason: 'hotkey-mismatch' }),
    );
    expect(env.events).toContainEqual(expect.objectContaining({ event: 'weights', action: 'timelocked-reveal', ok: true, hash: revealed.hash, uids: [1, 2] }));
    expect(validator.state.lastWeights).toEqual({ block: 110, uids: [1, 2], values: [65535, 30000], mode: 'reveal' });

    const text = await env.metrics.registry.metrics();
    expect(text).toMatch(/validator_timelocked_commits_total\{[^}]*status="revealed"[^}]*\} 1/);
    expect(text).toMatch(/validator_timelocked_commits_total\{[^}]*status="dropped"[^}]*reason="hotkey-mismatch"[^}]*\} 1/);
    expect(text).toMatch(/validator_timelocked_commits_pending\{[^}]*\} 0/);
    expect(new PendingCommitStore(pendingCommitsPath(env.dataDir)).listTimelocked()).toEqual([]);
  });
});
