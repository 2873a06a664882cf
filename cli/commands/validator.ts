import type { Command } from 'commander';
import { SubnetError } from '../../core/errors.ts';
import { stopRequests } from '../../core/stop-requests.ts';
import { action } from '../action.ts';
import { examples } from '../output.ts';

interface ValidatorStartOptions {
  netuid?: string;
  mechid?: string;
  subnet: string;
  dataDir?: string;
  metricsPort?: string;
  metricsHost: string;
  audit?: string | boolean;
  roundTimeoutMs?: string;
  maxResponseBytes?: string;
  transport: string;
}

export function register(program: Command): void {
  const validator = program
    .command('validator')
    .description('run a subnet validator: challenge miners, score them, set weights')
    .addHelpText(
      'after',
      examples(['subnet validator start --netuid 1 --subnet subnet-config/examples/embedding --wallet validator', 'subnet validator start --help']),
    );
  validator
    .command('start')
    .description('start the validator loop (sync, challenge, query, score, remember, set weights) until SIGINT/SIGTERM')
    .requiredOption('--subnet <definition>', 'subnet definition folder or subnet.yaml')
    .option('--netuid <n>', "subnet to validate (default: the definition's netuid)")
    .option('--mechid <n>', "the subnet mechanism to set weights for (default: the definition's validator.mechid, 0)")
    .option(
      '--data-dir <dir>',
      'where scores, pending commits, the challenge secret and the audit trail live (default .subnet/validator/<wallet>.<hotkey>.<netuid>)',
    )
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port (0 picks a free one)')
    .option('--metrics-host <host>', 'interface for the metrics server', '127.0.0.1')
    .option('--audit [file]', 'append a JSON-lines audit trail of the signed responses behind every round (default <data-dir>/audit.jsonl)')
    .option('--round-timeout-ms <ms>', "total wall-clock budget of one round's queries (default from the definition's cadence)")
    .option('--max-response-bytes <n>', 'largest miner answer read; bigger ones are refused unread and score 0 (default 8 MiB)')
    .option(
      '--transport <transport>',
      "how miners are queried: ws (subnetkit's signed WebSocket protocol), bittensor-http (the Python SDK's HTTP axon, for Python miners) or epistula (Epistula v2 signed HTTP, as SN1 and SN4 miners serve); HTTP answers are not signed, so the audit trail records them as unsigned",
      'ws',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ subnet validator start --netuid 1 --subnet subnet-config/examples/embedding --wallet validator --hotkey default
  $ subnet validator start --subnet ./my-subnet --chain ws://127.0.0.1:9944 --metrics-port 9100 --audit
  $ subnet validator start --subnet ./my-subnet --netuid 3 --data-dir /var/lib/subnet/v1 --json
  $ subnet validator start --subnet ./my-subnet --netuid 3 --transport bittensor-http
  $ subnet validator start --subnet ./my-subnet --netuid 3 --transport epistula

With --json, stdout carries one JSON event per line: first {"event":"ready",...}, then
"round", "weights", "chain", "metagraph", "warning", "deregistered" and finally "stopped".
A --json validator is driven by a parent process: it also stops when that parent dies (even kill -9).`,
    )
    .action(
      action<ValidatorStartOptions>(async (_args, opts) => {
        const [{ loadHotkey, expandHome }, { SubtensorClient }, { loadSubnet }, { createLogger }, { Validator }, metricsMod] = await Promise.all([
          import('../../chain/wallet/wallet.ts'),
          import('../../chain/client.ts'),
          import('../../subnet-config/subnet.ts'),
          import('../../core/logger.ts'),
          import('../../validator/validator.ts'),
          import('../../validator/validator-metrics.ts'),
        ]);
        const { join, resolve } = await import('node:path');
        const log = createLogger('validator', { json: opts.json });
        // a --json validator is driven by a parent process (the demo, tests): it must not outlive it
        const stop = stopRequests({ role: 'validator', log, watchParent: opts.json === true });
        const out = (event: Record<string, unknown>) => {
          if (opts.json) process.stdout.write(`${JSON.stringify(event)}\n`);
        };

        // before the definition (and its models) load: a typo fails at once
        if (opts.transport !== 'ws' && opts.transport !== 'bittensor-http' && opts.transport !== 'epistula')
          throw new SubnetError('CLI_BAD_OPTION', `--transport must be ws, bittensor-http or epistula, got '${opts.transport}'`);
        const transport: 'ws' | 'bittensor-http' | 'epistula' = opts.transport;
        const subnet = await loadSubnet(opts.subnet, { log });
        const netuid = opts.netuid !== undefined ? parseIntOption('--netuid', opts.netuid, 0, 65535) : subnet.definition.config.netuid;
        if (netuid === undefined) throw new SubnetError('CLI_BAD_OPTION', `--netuid is required: ${subnet.definition.file} names no netuid`);
        const mechid = opts.mechid !== undefined ? parseIntOption('--mechid', opts.mechid, 0, 15) : undefined;
        const roundTimeoutMs = opts.roundTimeoutMs !== undefined ? parseIntOption('--round-timeout-ms', opts.roundTimeoutMs, 1, 3_600_000) : undefined;
        const maxResponseBytes =
          opts.maxResponseBytes !== undefined ? parseIntOption('--max-response-bytes', opts.maxResponseBytes, 1024, 1024 * 1024 * 1024) : undefined;
        const metricsPort = opts.metricsPort !== undefined ? parseIntOption('--metrics-port', opts.metricsPort, 0, 65535) : undefined;
        const hotkey = await loadHotkey({ dir: opts.walletDir, name: opts.wallet, hotkey: opts.hotkey });
        const dataDir = resolve(expandHome(opts.dataDir ?? join('.subnet', 'validator', `${opts.wallet}.${opts.hotkey}.${netuid}`)));
        const auditPath =
          opts.audit === undefined || opts.audit === false ? undefined : opts.audit === true ? join(dataDir, 'audit.jsonl') : resolve(opts.audit);

        const client = await SubtensorClient.connect(opts.chain);
        client.on('unreachable', (e: { url: string; retryInMs?: number }) =>
          log.warn({ url: e.url, retryInMs: e.retryInMs }, 'chain unreachable; reconnecting'),
        );
        const metrics = metricsMod.createValidatorMetrics({ netuid, hotkey: hotkey.address });
        let server: Awaited<ReturnType<typeof metricsMod.serveMetrics>> | undefined;
        let validator: InstanceType<typeof Validator> | undefined;
        try {
          if (metricsPort !== undefined) server = await metricsMod.serveMetrics(metrics, opts.metricsHost, metricsPort);
          validator = new Validator({
            netuid,
            mechid,
            subnet,
            hotkey,
            client,
            dataDir,
            log,
            metrics,
            onEvent: out,
            auditPath,
            roundTimeoutMs,
            maxResponseBytes,
            transport,
          });
          const started = await validator.start();
          const ready = {
            event: 'ready',
            netuid,
            hotkey: hotkey.address,
            uid: started.uid ?? null,
            block: started.block,
            n: started.n,
            chain: client.url,
            transport,
            dataDir,
            metricsUrl: server?.url ?? null,
            round: validator.state.round,
            lastSetBlock: validator.state.lastSetBlock,
            scores: validator.state.scores.scores,
            models: subnet.runtime?.describe(),
          };
          if (opts.json) out(ready);
          else
            process.stdout.write(
              `Validator ${hotkey.address} on subnet ${netuid} (uid ${started.uid ?? 'unregistered'}) at block ${started.block}; data in ${dataDir}${server ? `; metrics ${server.url}` : ''}\n`,
            );
          log.info({ netuid, uid: started.uid, block: started.block, dataDir, round: validator.state.round }, 'validator started');

          const v = validator;
          const exit = await Promise.race([v.wait(), stop.serving()]);
          await v.stop();
          if (typeof exit === 'object' && exit.reason === 'deregistered') throw new SubnetError('VALIDATOR_DEREGISTERED', exit.message);
          out({ event: 'stopped', round: v.state.round });
        } finally {
          await server?.close();
          await client.close();
        }
      }),
    );
}

function parseIntOption(name: string, raw: string, min: number, max: number): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) throw new SubnetError('CLI_BAD_OPTION', `${name} must be an integer in [${min}, ${max}], got '${raw}'`);
  return v;
}
