import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SubnetError } from '../../core/errors.ts';
import { stopRequests } from '../../core/stop-requests.ts';
import { action } from '../action.ts';
import { unlockColdkey } from '../context.ts';
import { examples } from '../output.ts';

interface MinerStartOptions {
  netuid: string;
  subnet: string;
  host: string;
  port: string;
  externalIp?: string;
  register?: boolean;
  backend?: string;
  handler?: string;
  openaiUrl?: string;
  openaiModel?: string;
  openaiKeyEnv: string;
  openaiTimeoutMs: string;
  minStake: string;
  requirePermit: boolean;
  allowUnregistered?: boolean;
  allow?: string[];
  rate: string;
  burst: string;
  callerConcurrency: string;
  concurrency: string;
  concurrencyCost: string;
  costUnitBytes: string;
  maxConnections: string;
  idleTimeoutMs: string;
  maxFrameBytes?: string;
  authFailureBurst: string;
  authFailureRate: string;
  maxBatch: string;
  syncIntervalMs: string;
  drainMs: string;
  dataDir?: string;
  bittensorHttpPort?: string;
  bittensorHttp?: boolean;
  epistula?: boolean;
}

function int(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new SubnetError('BAD_OPTION', `${name} must be an integer in ${min}..${max}, got ${JSON.stringify(raw)}`);
  return v;
}

function num(name: string, raw: string, min: number): number {
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min) throw new SubnetError('BAD_OPTION', `${name} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
  return v;
}

function backendOf(opts: MinerStartOptions): 'handler' | 'openai' | 'onnx' {
  const kind = opts.backend ?? (opts.handler ? 'custom' : opts.openaiUrl ? 'openai' : 'onnx');
  if (kind === 'custom' || kind === 'handler') {
    if (!opts.handler) throw new SubnetError('BAD_OPTION', '--backend custom needs --handler <module>');
    return 'handler';
  }
  if (kind === 'openai') {
    if (!opts.openaiUrl) throw new SubnetError('BAD_OPTION', '--backend openai needs --openai-url <url>');
    return 'openai';
  }
  if (kind === 'onnx') return 'onnx';
  throw new SubnetError('BAD_OPTION', `--backend must be onnx, custom or openai, got ${JSON.stringify(kind)}`);
}

export function register(program: Command): void {
  const miner = program
    .command('miner')
    .description("run a miner: serve the subnet's synapses over the signed WebSocket protocol")
    .addHelpText(
      'after',
      examples(['subnet miner start --netuid 1 --subnet subnet-config/examples/embedding --wallet miner1 --port 8091', 'subnet miner start --help']),
    );
  miner
    .command('start')
    .description('start a miner: register (with --register), serve the axon, follow the metagraph, answer validators')
    .requiredOption('--netuid <n>', 'subnet to mine on')
    .requiredOption('--subnet <definition>', 'subnet definition: folder with subnet.yaml, or the file')
    .option('--host <host>', 'interface to bind', '0.0.0.0')
    .option('--port <port>', 'axon port (0 picks a free one)', '8091')
    .option('--external-ip <ip>', 'address announced on chain (default: the bind address, 127.0.0.1 for 0.0.0.0)')
    .option('--register', 'burned-register the hotkey first if it is not registered (the coldkey pays)')
    .option(
      '--backend <kind>',
      "onnx (the subnet's reference miner on its models), custom (--handler) or openai (--openai-url); inferred from the other options when omitted",
    )
    .option('--handler <module>', 'backend: a module exporting `default async (synapse, ctx) => response`')
    .option('--openai-url <url>', 'backend: an OpenAI-compatible upstream, e.g. http://127.0.0.1:8000/v1 (vLLM, llama.cpp, Ollama)')
    .option('--openai-model <name>', 'model name sent to the upstream', 'default')
    .option('--openai-key-env <var>', 'environment variable holding the upstream API key', 'OPENAI_API_KEY')
    .option('--openai-timeout-ms <ms>', 'upstream timeout (the request deadline applies too)', '30000')
    .option('--min-stake <tao>', 'blacklist callers with less stake', '0')
    .option('--no-require-permit', 'accept registered callers without a validator permit')
    .option('--allow-unregistered', 'accept callers that are not registered on the subnet (unsafe)')
    .option('--allow <hotkey...>', 'hotkeys always accepted (still rate limited)')
    .option('--rate <n>', 'per-caller requests per second', '20')
    .option('--burst <n>', 'per-caller burst', '40')
    .option('--caller-concurrency <n>', 'per-caller requests running at once', '8')
    .option('--concurrency <n>', 'requests running at once; past it, queued by caller stake', '32')
    .option(
      '--concurrency-cost <units>',
      'cost units running at once (a request costs one per started --cost-unit-bytes of body); each caller gets a stake-weighted share, past it only spare capacity',
      '64',
    )
    .option('--cost-unit-bytes <n>', 'request body bytes one cost unit stands for', '4096')
    .option('--max-connections <n>', 'open connections', '256')
    .option('--idle-timeout-ms <ms>', 'close idle connections after', '120000')
    .option('--max-frame-bytes <n>', 'largest message accepted (default: the largest max_request_bytes of the subnet + 4 KiB)')
    .option(
      '--auth-failure-burst <n>',
      'failed authentications (bad signature or certificate, handshake timeout) one IP may make before it is refused unverified',
      '16',
    )
    .option('--auth-failure-rate <n>', 'failed authentications per second an IP earns back', '0.5')
    .option('--max-batch <n>', 'onnx backend: most texts per model run (dynamic batching)', '64')
    .option('--sync-interval-ms <ms>', 'metagraph refresh interval', '12000')
    .option(
      '--bittensor-http',
      "also answer the Bittensor SDK's HTTP axon protocol (POST /<Synapse>, what Python validators send) on the axon port announced on chain, same policy",
    )
    .option('--bittensor-http-port <port>', "serve the Bittensor SDK's HTTP axon protocol on a port of its own instead (0 picks a free one)")
    .option(
      '--epistula',
      'also answer Epistula v2 signed HTTP requests (POST /<Synapse> with Epistula-* headers, what SN1- and SN4-style validators send) on the axon port announced on chain, same policy',
    )
    .option('--drain-ms <ms>', 'on SIGTERM, how long to let in-flight requests finish', '10000')
    .option(
      '--data-dir <dir>',
      'where the replay tables are journaled, so a restarted miner refuses requests it already served (default .subnet/miner/<wallet>.<hotkey>.<netuid>)',
    )
    .addHelpText(
      'after',
      `
Backends: the subnet's reference miner on its ONNX models (default), --handler, or --openai-url.
/healthz and /metrics (Prometheus) are served on the axon port.
A --json miner is driven by a parent process: it also stops when that parent dies (even kill -9).

Examples:
  $ subnet miner start --netuid 1 --subnet subnet-config/examples/embedding --port 8091 --register
  $ subnet miner start --netuid 2 --subnet ./my-subnet --handler ./my-miner.ts --port 0 --json
  $ subnet miner start --netuid 3 --subnet subnet-config/examples/generation --openai-url http://127.0.0.1:11434/v1 --openai-model llama3`,
    )
    .action(
      action<MinerStartOptions>(async (_args, opts) => {
        const netuid = int('--netuid', opts.netuid, 0, 65535);
        const port = int('--port', opts.port, 0, 65535);
        if (opts.handler && opts.openaiUrl) throw new SubnetError('BAD_OPTION', 'choose one backend: --handler or --openai-url, not both');
        const backendKind = backendOf(opts);
        const [{ createLogger }, { SubtensorClient }, wallet, { loadSubnet }, { ensureRegistered }, { startMiner, HANDLER_FAILED_MESSAGES }, { MinerMetrics }] =
          await Promise.all([
            import('../../core/logger.ts'),
            import('../../chain/client.ts'),
            import('../../chain/wallet/wallet.ts'),
            import('../../subnet-config/subnet.ts'),
            import('../../miner/chain-presence.ts'),
            import('../../miner/miner.ts'),
            import('../../miner/metrics.ts'),
          ]);
        const metrics = new MinerMetrics();
        // a failing handler fails on every request: one log line, then a count (and the metric)
        const log = createLogger('miner', { json: opts.json, repeating: HANDLER_FAILED_MESSAGES, onRepeating: () => metrics.handlerFailures.inc() });
        // a --json miner is driven by a parent process (the demo, tests): it must not outlive it
        const stop = stopRequests({ role: 'miner', log, watchParent: opts.json === true });
        const ref = { dir: opts.walletDir, name: opts.wallet, hotkey: opts.hotkey };
        const hotkey = await wallet.loadHotkey(ref);
        const dataDir = resolve(wallet.expandHome(opts.dataDir ?? join('.subnet', 'miner', `${opts.wallet}.${opts.hotkey}.${netuid}`)));
        const emit = (event: Record<string, unknown>) => {
          if (opts.json) process.stdout.write(`${JSON.stringify(event)}\n`);
        };

        // a --handler module gets the models in ctx.runtime, as the reference miner does
        const subnet = await loadSubnet(opts.subnet, { log, models: backendKind !== 'openai' });
        const synapses = Object.keys(subnet.definition.config.synapses);
        let backend;
        if (backendKind === 'handler') {
          const { handlerModuleBackend } = await import('../../miner/backends/handler-module.ts');
          backend = await handlerModuleBackend({ path: opts.handler!, cwd: process.cwd(), synapses, hotkey: hotkey.address, runtime: subnet.runtime, log });
        } else if (backendKind === 'openai') {
          const { openAiBackend } = await import('../../miner/backends/openai.ts');
          backend = openAiBackend(
            {
              baseUrl: opts.openaiUrl!,
              model: opts.openaiModel ?? 'default',
              apiKey: process.env[opts.openaiKeyEnv],
              timeoutMs: int('--openai-timeout-ms', opts.openaiTimeoutMs, 1),
              maxTokens: 512,
            },
            synapses,
          );
        } else {
          const { onnxBackend } = await import('../../miner/backends/onnx.ts');
          backend = onnxBackend({
            synapses,
            reference: subnet.minerHandler,
            runtime: subnet.runtime,
            options: subnet.definition.config.miner?.options ?? {},
            hotkey: hotkey.address,
            maxBatch: int('--max-batch', opts.maxBatch, 1),
            onBatch: (n) => metrics.batchSize.observe(n),
            log,
          });
        }

        const client = await SubtensorClient.connect(opts.chain);
        client.on('unreachable', (e: { url: string; retryInMs?: number }) => log.warn(e, 'chain unreachable; retrying'));
        // from here on the client holds the process open: close it on any failure
        const closeOnFailure = async <T>(work: () => Promise<T>): Promise<T> => {
          try {
            return await work();
          } catch (err) {
            await client.close();
            await backend.close?.();
            throw err;
          }
        };
        const { uid, registered } = await closeOnFailure(() =>
          ensureRegistered(client, {
            netuid,
            hotkey: hotkey.address,
            register: Boolean(opts.register),
            coldkey: () => unlockColdkey(opts, ref),
            log,
          }),
        );
        const running = await closeOnFailure(() =>
          startMiner({
            netuid,
            uid,
            hotkey,
            subnet,
            backend,
            chain: client,
            metrics,
            log,
            host: opts.host,
            port,
            externalIp: opts.externalIp,
            policy: {
              minStake: num('--min-stake', opts.minStake, 0),
              requireValidatorPermit: opts.requirePermit,
              allowUnregistered: Boolean(opts.allowUnregistered),
              allowlist: opts.allow ?? [],
              ratePerSecond: num('--rate', opts.rate, 0.001),
              burst: int('--burst', opts.burst, 1),
              maxConcurrentPerCaller: int('--caller-concurrency', opts.callerConcurrency, 1),
              maxConcurrent: int('--concurrency', opts.concurrency, 1),
              maxConcurrentCost: int('--concurrency-cost', opts.concurrencyCost, 1),
              costUnitBytes: int('--cost-unit-bytes', opts.costUnitBytes, 1),
            },
            axon: {
              maxConnections: int('--max-connections', opts.maxConnections, 1),
              idleTimeoutMs: int('--idle-timeout-ms', opts.idleTimeoutMs, 100),
              authFailureBurst: int('--auth-failure-burst', opts.authFailureBurst, 1),
              authFailuresPerSecond: num('--auth-failure-rate', opts.authFailureRate, 0.001),
              ...(opts.maxFrameBytes ? { maxFrameBytes: int('--max-frame-bytes', opts.maxFrameBytes, 1024) } : {}),
            },
            syncIntervalMs: int('--sync-interval-ms', opts.syncIntervalMs, 100),
            dataDir,
            ...(opts.bittensorHttpPort !== undefined ? { bittensorHttpPort: int('--bittensor-http-port', opts.bittensorHttpPort, 0, 65535) } : {}),
            ...(opts.bittensorHttp === true ? { bittensorHttpOnAxonPort: true } : {}),
            ...(opts.epistula === true ? { epistulaOnAxonPort: true } : {}),
          }),
        );
        const ready = {
          event: 'ready',
          url: running.url,
          port: running.port,
          ip: running.ip,
          netuid,
          uid,
          hotkey: hotkey.address,
          registered,
          servedOnChain: running.servedOnChain,
          backend: backend.name,
          synapses: [...running.axon.handlers.keys()],
          ...(running.bittensorHttpPort !== undefined ? { bittensorHttpPort: running.bittensorHttpPort } : {}),
          ...(opts.bittensorHttp === true ? { bittensorHttpUrl: `http://127.0.0.1:${running.port}` } : {}),
          ...(opts.epistula === true ? { epistulaUrl: `http://127.0.0.1:${running.port}` } : {}),
          chain: client.url,
          ...(running.chainWarning ? { warning: running.chainWarning } : {}),
        };
        if (opts.json) emit(ready);
        else {
          process.stdout.write(`Miner uid ${uid} on subnet ${netuid} serving ${ready.synapses.join(', ')} at ${running.url} (${backend.name})\n`);
          process.stdout.write(`  health: http://127.0.0.1:${running.port}/healthz  metrics: http://127.0.0.1:${running.port}/metrics\n`);
          if (opts.bittensorHttp === true) process.stdout.write(`  bittensor http axon: http://127.0.0.1:${running.port}/<Synapse> (the axon port on chain)\n`);
          if (opts.epistula === true) process.stdout.write(`  epistula v2: http://127.0.0.1:${running.port}/<Synapse> (the axon port on chain)\n`);
          if (running.bittensorHttpPort !== undefined) process.stdout.write(`  bittensor http axon: http://127.0.0.1:${running.bittensorHttpPort}/<Synapse>\n`);
          if (running.chainWarning) process.stdout.write(`  warning: ${running.chainWarning}\n`);
        }
        await stop.serving();
        emit({ event: 'stopping', inflight: running.axon.stats().inflight });
        await running.stop(int('--drain-ms', opts.drainMs, 0));
        await client.close();
        emit({ event: 'stopped' });
      }),
    );
}
