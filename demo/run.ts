import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SubtensorClient } from '../chain/client.ts';
import { epochsRunBy } from '../chain/epoch-schedule.ts';
import type { Metagraph } from '../chain/metagraph.ts';
import { SubnetError } from '../core/errors.ts';
import { ensureModels } from '../scoring/models/ensure.ts';
import { createLogger } from '../core/logger.ts';
import { withTimeout } from '../core/timeout.ts';
import { ChainMetagraphSource } from '../dashboard/chain-source.ts';
import { startDashboard, type Dashboard } from '../dashboard/server.ts';
import { SnapshotHub } from '../dashboard/snapshot-hub.ts';
import type { SubnetSnapshot } from '../dashboard/source.ts';
import { DEMO_CAST, type Player } from './cast.ts';
import { startChild, type Child } from './child.ts';
import { explainEpoch, renderLiveFrame, timelockedNote } from './live-view.ts';
import { setupPlayers } from './setup-chain.ts';
import { DEMO_PACE, writeDemoDefinition } from './subnet-definition.ts';
import { formatSummary, summarise, type DemoSummary } from './summary.ts';
import { demoGenesis } from './genesis.ts';

export interface DemoOptions {
  /** epochs to run; undefined runs until `signal` aborts (`--forever`) */
  epochs: number | undefined;
  /** the final summary as JSON on `out`, nothing else there */
  json: boolean;
  /** keep the temp dir (chain, wallets, logs) */
  keep: boolean;
  /** redraw a live view each block (a TTY) rather than printing one line per event */
  live: boolean;
  blockTimeMs: number;
  dashboardPort: number;
  out: NodeJS.WritableStream;
  /** progress lines (stderr with --json) */
  info: NodeJS.WritableStream;
  signal: AbortSignal;
}

const NETUID = 1;
const READY_TIMEOUT_MS = 60_000;
const BEHAVIOUR_HANDLERS: Record<string, string> = {
  noisy: fileURLToPath(new URL('./behaviours/noisy.ts', import.meta.url)),
  random: fileURLToPath(new URL('./behaviours/random.ts', import.meta.url)),
};

/**
 * `subnet demo`: a devnet, the embedding subnet at demo pace, seven funded and
 * registered wallets, two validators and five miners (each its own process,
 * over the real protocol and the real chain), and the dashboard (served from
 * this process). Runs for `epochs` epochs, then summarises what each
 * behaviour earned. Every process it started is stopped before it returns, on
 * success, failure or abort; on failure the temp dir is kept for its logs.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoSummary | undefined> {
  const root = mkdtempSync(join(tmpdir(), 'subnet-demo-'));
  const logs = join(root, 'logs');
  mkdirSync(logs);
  const children: Child[] = [];
  let client: SubtensorClient | undefined;
  let dashboard: Dashboard | undefined;
  let failed = false;
  const say = (line: string) => opts.info.write(`${line}\n`);
  const roleOf = (c: Child) => (c.name === 'devnet' ? 'devnet' : DEMO_CAST.find((p) => p.name === c.name)?.role);
  const stopRole = (role: string | undefined) => Promise.all(children.filter((c) => roleOf(c) === role).map((c) => c.stop()));
  /**
   * Whoever depends on the chain stops before it: validators first (they stop
   * querying miners and setting weights), then miners, then the dashboard and
   * the demo's own client, and the devnet last, so nobody sees it vanish.
   */
  const stopAll = async () => {
    await stopRole('validator');
    await stopRole('miner');
    await dashboard?.close().catch(() => undefined);
    await client?.close().catch(() => undefined);
    await stopRole('devnet');
  };
  const hardKill = () => {
    for (const c of children) c.proc.kill('SIGKILL');
  };
  opts.signal.addEventListener('abort', () => say('\nStopping every demo process…'), { once: true });

  try {
    say(`subnetkit demo · working dir ${root}${opts.keep ? ' (kept)' : ' (removed at the end; --keep keeps it)'}`);
    const step = stepTimer(say);

    step('models: generating the reference models if missing');
    ensureModels();
    const definitionDir = join(root, 'subnet');
    writeDemoDefinition(definitionDir);
    abortable(opts.signal);

    step(`devnet: ${opts.blockTimeMs} ms blocks, subnet ${NETUID} (embedding) with tempo ${DEMO_PACE.tempo}`);
    const genesisFile = join(root, 'genesis.json');
    writeFileSync(genesisFile, JSON.stringify(demoGenesis(NETUID, definitionDir), null, 2));
    const devnet = startChild(
      'devnet',
      ['devnet', '--port', '0', '--data-dir', join(root, 'chain'), '--block-time', String(opts.blockTimeMs), '--genesis', genesisFile],
      join(logs, 'devnet.log'),
    );
    children.push(devnet);
    const ready = await untilAborted(devnet.waitFor('ready', READY_TIMEOUT_MS), opts.signal);
    const url = String(ready.url);
    say(`  Devnet: ${url}`);
    client = await SubtensorClient.connect(url, { callTimeoutMs: 15_000, inclusionTimeoutMs: 30_000 });
    abortable(opts.signal);

    step('wallets: 2 validators, 5 miners; fund, register, stake (real extrinsics)');
    const walletDir = join(root, 'wallets');
    const players = await untilAborted(setupPlayers(client, { walletDir, netuid: NETUID, cast: DEMO_CAST, progress: (s) => say(`  · ${s}`) }), opts.signal);
    abortable(opts.signal);

    step('processes: 2 validators and 5 miners, each its own process');
    const common = ['--chain', url, '--netuid', String(NETUID), '--subnet', definitionDir, '--wallet-dir', walletDir, '--hotkey', 'default'];
    const startMiner = (p: Player) => {
      const backend = BEHAVIOUR_HANDLERS[p.behaviour] ? ['--backend', 'custom', '--handler', BEHAVIOUR_HANDLERS[p.behaviour]] : [];
      const child = startChild(
        p.name,
        [
          'miner',
          'start',
          ...common,
          '--wallet',
          p.name,
          '--host',
          '127.0.0.1',
          '--port',
          '0',
          '--external-ip',
          '127.0.0.1',
          '--sync-interval-ms',
          '1000',
          ...backend,
        ],
        join(logs, `${p.name}.log`),
      );
      children.push(child);
      return child;
    };
    const startValidator = (p: Player) => {
      const child = startChild(
        p.name,
        ['validator', 'start', ...common, '--wallet', p.name, '--data-dir', join(root, 'validators', p.name), '--metrics-port', '0'],
        join(logs, `${p.name}.log`),
      );
      children.push(child);
      return child;
    };
    const miners = players.filter((p) => p.role === 'miner').map(startMiner);
    // The offline miner serves its axon on chain, then its machine "goes away"
    // before any validator runs, so it never answers a single challenge.
    const offline = players.find((p) => p.behaviour === 'offline');
    const offlineChild = offline && children.find((c) => c.name === offline.name);
    if (offlineChild) {
      await untilAborted(offlineChild.waitFor('ready', READY_TIMEOUT_MS), opts.signal);
      await offlineChild.stop();
    }
    const validators = players.filter((p) => p.role === 'validator').map(startValidator);
    const validatorReady = await untilAborted(Promise.all(validators.map((v) => v.waitFor('ready', READY_TIMEOUT_MS))), opts.signal);
    await untilAborted(Promise.all(miners.map((m) => m.waitFor('ready', READY_TIMEOUT_MS))), opts.signal);
    abortable(opts.signal);

    step('dashboard');
    const ownerHotkey = String(await withTimeout(client.api.query.subtensorModule.subnetOwnerHotkey(NETUID), 15_000, 'reading SubnetOwnerHotkey'));
    const labels: Record<string, string> = { [ownerHotkey]: 'owner', ...Object.fromEntries(players.map((p) => [p.hotkey, p.behaviour])) };
    const metricsUrls = validatorReady.map((r) => r.metricsUrl).filter((u): u is string => typeof u === 'string');
    // In this process: one process fewer to start on a 2-core machine.
    // The live view's reads feed the dashboard too: the chain is read once per block.
    const hub = new SnapshotHub();
    dashboard = await startDashboard({
      source: hub,
      port: opts.dashboardPort,
      validatorMetrics: metricsUrls,
      labels,
      log: createLogger('dashboard', { level: process.env.SUBNET_LOG_LEVEL ?? 'warn' }),
    });
    const dashboardUrl = dashboard.url;
    const setupMs = step.done();
    say(`Dashboard: ${dashboardUrl}`);

    const summary = await watch(client, players, { ...opts, dashboardUrl, setupMs, ownerHotkey, say, publish: (snap) => hub.publish(snap) });
    if (!summary) return undefined;
    if (opts.json) opts.out.write(`${JSON.stringify(summary)}\n`);
    else opts.out.write(`${formatSummary(summary)}\n`);
    return summary;
  } catch (err) {
    if (opts.signal.aborted) return undefined;
    failed = true;
    throw err;
  } finally {
    const forceTimer = setTimeout(hardKill, 15_000);
    await stopAll();
    clearTimeout(forceTimer);
    if (!opts.keep && !failed) rmSync(root, { recursive: true, force: true });
    else say(`Kept ${root} (chain data, wallets, logs in ${logs}).`);
  }
}

/** Follows the chain block by block until the epochs are done; draws the live view. */
async function watch(
  client: SubtensorClient,
  players: Player[],
  o: DemoOptions & { dashboardUrl: string; setupMs: number; ownerHotkey: string; say: (l: string) => void; publish: (s: SubnetSnapshot) => void },
): Promise<DemoSummary | undefined> {
  const source = new ChainMetagraphSource(client, NETUID);
  let start: Metagraph | undefined;
  let last: Metagraph | undefined;
  let startEpoch = 0;
  let explained = -1;
  let epochsDone = 0;
  let waitingSaid = false;
  const notes: string[] = [];
  let runStart = Date.now();
  const validatorHotkeys = players.filter((p) => p.role === 'validator').map((p) => p.hotkey);
  for await (const snap of source.snapshots(o.signal)) {
    o.publish(snap);
    const { metagraph, weights, status } = snap;
    last = metagraph;
    const epoch = epochsRunBy(NETUID, status.tempo, metagraph.block);
    // Validators may set weights once an epoch has granted them permits; the
    // demo's epochs count from there, so each one pays for validated work.
    const permitted = validatorHotkeys.every((h) => metagraph.validatorPermit[metagraph.hotkeys.indexOf(h)] === true);
    if (!start && !permitted && !waitingSaid) {
      waitingSaid = true;
      const line = `Block ${metagraph.block}: validators get their permits at the next epoch, in ${status.blocksUntilEpoch} blocks; the demo's epochs count from there.`;
      notes.push(line);
      if (!o.live) o.say(line);
    }
    if (!start && permitted) {
      start = metagraph;
      startEpoch = epoch;
      runStart = Date.now();
      const line =
        o.epochs === undefined
          ? `Block ${metagraph.block}: validators hold permits; running until Ctrl-C…`
          : `Block ${metagraph.block}: validators hold permits; running ${o.epochs} epochs (tempo ${status.tempo})…`;
      notes.push(line);
      if (!o.live) o.say(line);
    }
    const newEpochs = start ? epoch - startEpoch : 0;
    if (newEpochs > epochsDone) {
      epochsDone = newEpochs;
      const line = `Epoch ${epochsDone} ran at block ${metagraph.block}: incentive ${byBehaviour(players, metagraph, metagraph.incentive)}${timelockedNote(snap.timelocked)}.`;
      notes.push(line);
      if (!o.live) o.say(line);
    }
    if (status.blocksUntilEpoch <= 3 && explained !== epoch) {
      explained = epoch;
      const line = explainEpoch(players, metagraph, weights, status.blocksUntilEpoch);
      notes.push(line);
      if (!o.live) o.say(line);
    }
    if (o.live) {
      o.out.write(
        `\x1b[H\x1b[2J${renderLiveFrame(players, { ownerHotkey: o.ownerHotkey, metagraph, weights, tempo: status.tempo, blocksUntilEpoch: status.blocksUntilEpoch, epochsDone, epochsTotal: o.epochs, dashboardUrl: o.dashboardUrl, notes })}\n`,
      );
    }
    if (start && o.epochs !== undefined && epochsDone >= o.epochs) {
      return summarise({
        cast: players,
        start,
        end: metagraph,
        alphaPrice: await alphaPriceTao(client, metagraph.netuid),
        epochs: epochsDone,
        durationMs: Date.now() - runStart,
        setupMs: o.setupMs,
        dashboardUrl: o.dashboardUrl,
      });
    }
  }
  // --forever, stopped by Ctrl-C: summarise what ran, up to the last block read,
  // while every process still runs (teardown comes after the summary)
  if (!start || !last) return undefined;
  return summarise({
    cast: players,
    start,
    end: last,
    alphaPrice: await alphaPriceTao(client, last.netuid),
    epochs: epochsDone,
    durationMs: Date.now() - runStart,
    setupMs: o.setupMs,
    dashboardUrl: o.dashboardUrl,
  });
}

function byBehaviour(players: Player[], m: Metagraph, values: Float64Array): string {
  const parts: string[] = [];
  for (const b of ['honest', 'noisy', 'random', 'offline'] as const) {
    const uids = players
      .filter((p) => p.behaviour === b)
      .map((p) => m.hotkeys.indexOf(p.hotkey))
      .filter((u) => u >= 0);
    if (uids.length) parts.push(`${b} ${uids.map((u) => values[u].toFixed(3)).join('/')}`);
  }
  return parts.join(', ');
}

/** Settles with `work`, or rejects as soon as the demo is stopped. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new SubnetError('DEMO_ABORTED', 'the demo was stopped'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new SubnetError('DEMO_ABORTED', 'the demo was stopped'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function abortable(signal: AbortSignal): void {
  if (signal.aborted) throw new SubnetError('DEMO_ABORTED', 'the demo was stopped');
}

/** Prints each setup step with the time the previous one took. */
function stepTimer(say: (l: string) => void) {
  const started = Date.now();
  let last = started;
  let current: string | undefined;
  const close = () => {
    if (current) say(`  ✓ ${current.split(':')[0]} (${((Date.now() - last) / 1000).toFixed(1)} s)`);
  };
  const step = (name: string) => {
    close();
    current = name;
    last = Date.now();
    say(`▸ ${name}`);
  };
  step.done = () => {
    close();
    current = undefined;
    return Date.now() - started;
  };
  return step;
}

/** The subnet's price in TAO per alpha (`current_alpha_price`), what the summary values earned alpha at. */
async function alphaPriceTao(client: SubtensorClient, netuid: number): Promise<number> {
  return Number(await withTimeout(client.alphaPrice(netuid), 15_000, 'reading the alpha price')) / 1e9;
}
