import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { SubtensorClient } from '../../chain/client.ts';
import type { CastMember, Player } from '../../demo/cast.ts';
import { demoGenesis } from '../../demo/genesis.ts';
import { setupPlayers } from '../../demo/setup-chain.ts';
import { writeDemoDefinition } from '../../demo/subnet-definition.ts';
import { ensureModels } from '../../scoring/models/ensure.ts';
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
