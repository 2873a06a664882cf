import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { expect } from 'vitest';
import { uidOfHotkey } from '../../chain/metagraph.ts';
import { SubtensorClient } from '../../chain/client.ts';
import type { CastMember, Player } from '../../demo/cast.ts';
import { demoGenesis } from '../../demo/genesis.ts';
import { setupPlayers } from '../../demo/setup-chain.ts';
import { writeDemoDefinition } from '../../demo/subnet-definition.ts';
import { ensureModels } from '../../scoring/models/ensure.ts';
import { decodeAuditLine } from '../../validator/audit-trail.ts';
import { spawnSubnet, type CliProcess } from '../helpers/cli-process.ts';
import { startDevnet, type DevnetHandle } from '../helpers/devnet.ts';

/**
 * A real local subnet for the validator's end-to-end tests: a devnet child
 * process with subnet 1 at genesis, funded and registered wallets (real
 * extrinsics), miner and validator child processes started as a user would.
 */
export const NETUID = 1;

export const HANDLERS: Record<string, string | undefined> = {
  honest: undefined,
  noisy: fileURLToPath(new URL('../../demo/behaviours/noisy.ts', import.meta.url)),
  random: fileURLToPath(new URL('../../demo/behaviours/random.ts', import.meta.url)),
  slow: fileURLToPath(new URL('./fixtures/slow-miner.ts', import.meta.url)),
  offline: undefined,
};

export interface Pace {
  tempo: number;
  stepEveryBlocks: number;
  weightsEveryBlocks: number;
  timeoutMs: number;
  blockTimeMs: number;
  commitReveal?: boolean;
  /** the devnet's `CommitRevealWeightsVersion` (genesis); 4 is timelocked commit-reveal, revealed by the chain */
  commitRevealVersion?: number;
  /** validator.metagraph_every_blocks; unset: the default (step_every_blocks) */
  metagraphEveryBlocks?: number;
}

export interface TestNet {
  root: string;
  definitionDir: string;
  walletDir: string;
  chainDir: string;
  devnet: DevnetHandle;
  url: string;
  client: SubtensorClient;
  players: Player[];
  pace: Pace;
  children: CliProcess[];
}

/** The embedding example at test pace (absolute paths; see demo/subnet-definition.ts). */
export function writeTestDefinition(dir: string, pace: Pace): void {
  writeDemoDefinition(dir, { tempo: pace.tempo, stepEveryBlocks: pace.stepEveryBlocks, weightsEveryBlocks: pace.weightsEveryBlocks });
  const file = join(dir, 'subnet.yaml');
  const config = parse(readFileSync(file, 'utf8')) as Record<string, any>;
  config.validator.timeout_ms = pace.timeoutMs;
  config.validator.ema_alpha = 0.3;
  config.hyperparameters.commit_reveal_weights_enabled = pace.commitReveal === true;
  if (pace.metagraphEveryBlocks !== undefined) config.validator.metagraph_every_blocks = pace.metagraphEveryBlocks;
  writeFileSync(file, stringify(config));
}

export async function startNet(cast: readonly CastMember[], pace: Pace): Promise<TestNet> {
  ensureModels();
  const root = mkdtempSync(join(tmpdir(), 'validator-e2e-'));
  const definitionDir = join(root, 'subnet');
  writeTestDefinition(definitionDir, pace);
  const genesisFile = join(root, 'genesis.json');
  const genesis = demoGenesis(NETUID, definitionDir) as { subtensorModule: Record<string, unknown> };
  if (pace.commitRevealVersion !== undefined) genesis.subtensorModule.commitRevealWeightsVersion = pace.commitRevealVersion;
  writeFileSync(genesisFile, JSON.stringify(genesis));
  const chainDir = join(root, 'chain');
  const devnet = await startDevnet({ mode: { blockTimeMs: pace.blockTimeMs }, dataDir: chainDir, genesis: genesisFile, readyTimeoutMs: 120_000 });
  const url = devnet.url;
  const client = await SubtensorClient.connect(url, { connectTimeoutMs: 60_000, callTimeoutMs: 30_000, inclusionTimeoutMs: 60_000, reconnectMaxMs: 1_000 });
  const walletDir = join(root, 'wallets');
  const players = await setupPlayers(client, { walletDir, netuid: NETUID, cast, progress: () => undefined });
  return { root, definitionDir, walletDir, chainDir, devnet, url, client, players, pace, children: [] };
}

export function minerArgs(net: TestNet, player: Player): string[] {
  const handler = HANDLERS[player.name.replace(/^miner-/, '')];
  return [
    'miner',
    'start',
    '--chain',
    net.url,
    '--netuid',
    String(NETUID),
    '--subnet',
    net.definitionDir,
    '--wallet-dir',
    net.walletDir,
    '--wallet',
    player.name,
    '--hotkey',
    'default',
    '--port',
    '0',
    '--external-ip',
    '127.0.0.1',
    '--sync-interval-ms',
    '1000',
    '--json',
    ...(handler ? ['--backend', 'custom', '--handler', handler] : []),
  ];
}

export function validatorArgs(net: TestNet, player: Player, extra: string[] = []): string[] {
  return [
    'validator',
    'start',
    '--chain',
    net.url,
    '--netuid',
    String(NETUID),
    '--subnet',
    net.definitionDir,
    '--wallet-dir',
    net.walletDir,
    '--wallet',
    player.name,
    '--hotkey',
    'default',
    '--data-dir',
    join(net.root, 'validators', player.name),
    '--metrics-port',
    '0',
    '--json',
    ...extra,
  ];
}

export function start(net: TestNet, args: string[]): CliProcess {
  const child = spawnSubnet(args, { env: { SUBNET_LOG_LEVEL: process.env.SUBNET_LOG_LEVEL ?? 'warn' } });
  net.children.push(child);
  return child;
}

export async function stopNet(net: TestNet | undefined): Promise<void> {
  if (!net) return;
  await net.client.close();
  await Promise.all(net.children.map((c) => c.stop('SIGTERM', 5_000)));
  await net.devnet.stop();
}

/** Every `--json` event a child printed so far, parsed. */
export function events(child: CliProcess, name?: string): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  for (const line of child.lines) {
    try {
      const e = JSON.parse(line) as Record<string, any>;
      if (name === undefined || e.event === name) out.push(e);
    } catch {
      // not an event
    }
  }
  return out;
}

/** Resolves with the first event (past or future) that satisfies `test`. */
export function waitForEventWhere(child: CliProcess, name: string, test: (e: Record<string, any>) => boolean, timeoutMs: number): Promise<Record<string, any>> {
  return child
    .waitForLine((line) => {
      try {
        const e = JSON.parse(line) as Record<string, any>;
        return e.event === name && test(e);
      } catch {
        return false;
      }
    }, timeoutMs)
    .then((line) => JSON.parse(line) as Record<string, any>);
}

const player = (net: TestNet, name: string): Player => net.players.find((p) => p.name === name)!;

/**
 * The end-to-end check of a validator querying over an unsigned HTTP transport (bittensor-http,
 * epistula) on a network of honest, random and offline miners: honest > random, offline 0, the
 * answers audited unsigned, and the weights on chain giving the honest miner the most.
 */
export async function expectUnsignedTransportRun(net: TestNet, validator: CliProcess, transport: string): Promise<void> {
  const ready = await validator.waitForEvent<{ transport: string; dataDir: string; uid: number }>('ready');
  expect(ready.transport).toBe(transport);
  const mg = await net.client.getMetagraph(NETUID);
  const uid = (name: string) => uidOfHotkey(mg, player(net, name).hotkey)!;
  const honest = uid('miner-honest');
  await waitForEventWhere(validator, 'round', (e) => e.scores[honest] > 0 && e.latencyMs[honest] !== undefined, 90_000);
  // the killed miner's port refuses connections: unreachable, as over WebSocket, and after 3 in a
  // row it is offline at exactly 0 (it may have answered, and scored, before it was killed)
  const offlineUid = uid('miner-offline');
  const dropped = await waitForEventWhere(validator, 'round', (e) => (e.statuses.unreachable ?? 0) > 0 && e.scores[offlineUid] === 0, 90_000);
  // the random miner answered at least once (under load a round can miss it)
  const randomUid = uid('miner-random');
  await waitForEventWhere(validator, 'round', (e) => e.latencyMs[randomUid] !== undefined, 90_000);
  // weights computed from the scores of that round or a later one (a set can be included rounds after it was computed)
  const set = await waitForEventWhere(validator, 'weights', (e) => e.ok === true && e.action === 'set' && e.round >= dropped.round, 90_000);

  const rounds = events(validator, 'round');
  const scores = rounds.at(-1)!.scores as number[];
  const history = JSON.stringify(rounds.map((e) => [e.round, e.statuses, e.rewards]));
  expect(scores[honest], history).toBeGreaterThan(scores[uid('miner-random')]);
  expect(scores[uid('miner-random')], history).toBe(0);
  expect(scores[uid('miner-offline')], history).toBe(0);
  expect(
    rounds.some((e) => e.rewards[honest] > 0),
    history,
  ).toBe(true);

  // HTTP answers carry no body signature: the audit trail holds them as scored, unsigned
  const audited = readFileSync(join(ready.dataDir, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => decodeAuditLine(l));
  const answered = audited.flatMap((a) => a.responses).filter((r) => r.hotkey === player(net, 'miner-honest').hotkey && r.status === 'ok');
  expect(answered.length, history).toBeGreaterThan(0);
  for (const r of answered) expect(r.signed).toBeUndefined();
  // the random miner's answers arrived and passed the schema; the verification gate scores them 0
  const random = audited.flatMap((a) => a.responses).filter((r) => r.hotkey === player(net, 'miner-random').hotkey && r.status === 'ok');
  expect(random.length, history).toBeGreaterThan(0);
  expect(
    random.every((r) => r.score === 0),
    JSON.stringify(random),
  ).toBe(true);
  const offline = audited.flatMap((a) => a.responses).filter((r) => r.hotkey === player(net, 'miner-offline').hotkey);
  expect(offline.length, history).toBeGreaterThan(0);
  // (a round that caught it dying may have seen the connection cut: an error)
  expect(offline.at(-1)!.status, JSON.stringify(offline)).toBe('unreachable');

  // the weights the validator set are on chain, the honest miner's the largest
  const weights = (await net.client.getWeights(NETUID)).get(ready.uid) ?? [];
  expect(weights.length, JSON.stringify(set)).toBeGreaterThan(0);
  const top = weights.reduce((a, b) => (b[1] > a[1] ? b : a));
  expect(top[0], JSON.stringify({ weights, set, history })).toBe(honest);
  expect(weights.find(([u]) => u === offlineUid)?.[1] ?? 0, JSON.stringify({ weights, set, history })).toBe(0);
}
