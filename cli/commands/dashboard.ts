import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SubnetError } from '../../core/errors.ts';
import { action } from '../action.ts';

interface DashboardOptions {
  netuid: string;
  mechid?: string;
  host: string;
  port: string;
  validatorMetrics?: string[];
  labels?: string;
}

export function register(program: Command): void {
  program
    .command('dashboard')
    .description('serve a live web dashboard of one subnet: metagraph, incentive and emission charts, weights heat map, stake, validator rounds')
    .requiredOption('--netuid <n>', 'subnet to show')
    .option('--mechid <n>', 'the mechanism whose incentive and weights are shown (default 0, the main one)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '8090')
    .option('--validator-metrics <url...>', "validators' Prometheus /metrics URLs, to show their latest round")
    .option('--labels <file>', 'JSON file mapping hotkey (ss58) to a short label shown next to its uid')
    .addHelpText(
      'after',
      `
Examples:
  $ subnet dashboard --chain ws://127.0.0.1:9944 --netuid 1
  $ subnet dashboard --chain local --netuid 1 --port 0 --json
  $ subnet dashboard --netuid 1 --validator-metrics http://127.0.0.1:9100/metrics`,
    )
    .action(
      action<DashboardOptions>(async (_args, opts) => {
        const netuid = parseIntOption('--netuid', opts.netuid, 0, 65535);
        const port = parseIntOption('--port', opts.port, 0, 65535);
        const mechid = opts.mechid === undefined ? 0 : parseIntOption('--mechid', opts.mechid, 0, 15);
        const labels = opts.labels ? readLabels(opts.labels) : {};
        const [{ SubtensorClient }, { ChainMetagraphSource }, { startDashboard }, { createLogger }] = await Promise.all([
          import('../../chain/client.ts'),
          import('../../dashboard/chain-source.ts'),
          import('../../dashboard/server.ts'),
          import('../../core/logger.ts'),
        ]);
        const log = createLogger('dashboard', { json: opts.json });
        const client = await SubtensorClient.connect(opts.chain);
        if (!(await client.subnetExists(netuid))) {
          await client.close();
          throw new SubnetError('CHAIN_NO_SUBNET', `subnet ${netuid} does not exist on ${client.url} (see: subnet subnets list)`);
        }
        client.on('unreachable', (e: { url: string; retryInMs?: number }) => log.warn(e, 'chain unreachable; retrying'));
        const source = new ChainMetagraphSource(client, netuid, { closeClient: true, mechid });
        const dashboard = await startDashboard({ source, host: opts.host, port, validatorMetrics: opts.validatorMetrics, labels, log });
        if (opts.json) process.stdout.write(`${JSON.stringify({ event: 'ready', url: dashboard.url, port: dashboard.port, netuid, chain: client.url })}\n`);
        else process.stdout.write(`Dashboard for subnet ${netuid} on ${client.url}: ${dashboard.url}\n(Ctrl-C to stop)\n`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await dashboard.close();
        if (opts.json) process.stdout.write(`${JSON.stringify({ event: 'stopped' })}\n`);
      }),
    );
}

function parseIntOption(name: string, raw: string, min: number, max: number): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new SubnetError('CLI_BAD_OPTION', `${name} must be an integer in [${min}, ${max}], got '${raw}'`);
  return v;
}

function readLabels(path: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new SubnetError('CLI_BAD_OPTION', `--labels ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new SubnetError('CLI_BAD_OPTION', `--labels ${path}: expected a JSON object mapping hotkey to label, e.g. {"5F…": "honest"}`);
  }
  return parsed as Record<string, string>;
}
