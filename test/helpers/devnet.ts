import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { type CliProcess, spawnSubnet } from './cli-process.ts';

export type DevnetMode = 'manual' | 'instant' | { blockTimeMs: number };

export interface StartDevnetOptions {
  /** default 'instant' */
  mode?: DevnetMode;
  /** default: a fresh temp dir, removed by stop() */
  dataDir?: string;
  /** genesis JSON object (written to a temp file) or a path */
  genesis?: Record<string, unknown> | string;
  /** pass --reset (wipe dataDir first) */
  reset?: boolean;
  env?: NodeJS.ProcessEnv;
  /** how long to wait for the ready event (default 30 s; raise it for tests that start many processes at once) */
  readyTimeoutMs?: number;
}

export interface DevnetHandle {
  /** ws:// URL (changes only if a restart had to pick another port) */
  readonly url: string;
  readonly httpUrl: string;
  readonly genesisHash: string;
  readonly dataDir: string;
  readonly cli: CliProcess;
  /** dev_newBlock {count}; resolves with the last block hash */
  newBlock(count?: number): Promise<string>;
  /** JSON-RPC over HTTP (10 s timeout); throws with the RPC error's code and message */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** SIGTERM and wait; removes a temp data dir */
  stop(): Promise<void>;
  /** SIGKILL, no cleanup: the data dir stays for restart() */
  kill9(): Promise<void>;
  /** starts the node again on the same data dir (and port when free) */
  restart(): Promise<void>;
}

interface ReadyEvent {
  url: string;
  httpUrl: string;
  port: number;
  genesisHash: string;
}

/**
 * Starts `subnet devnet --json` as a real child process on 127.0.0.1 and
 * waits for its ready event. Use in integration tests:
 *
 *   const devnet = await startDevnet({ mode: 'manual' });
 *   const api = await connectApi(devnet.url);
 *   ...
 *   await api.disconnect(); await devnet.stop();
 */
export async function startDevnet(options: StartDevnetOptions = {}): Promise<DevnetHandle> {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'subnet-devnet-'));
  let genesisPath: string | undefined;
  let genesisDir: string | undefined;
  if (typeof options.genesis === 'string') genesisPath = options.genesis;
  else if (options.genesis) {
    genesisDir = mkdtempSync(join(tmpdir(), 'subnet-genesis-'));
    genesisPath = join(genesisDir, 'genesis.json');
    writeFileSync(genesisPath, JSON.stringify(options.genesis));
  }
  const mode = options.mode ?? 'instant';
  const modeArgs = mode === 'manual' ? ['--manual'] : mode === 'instant' ? ['--instant'] : ['--block-time', String(mode.blockTimeMs)];

  let cli!: CliProcess;
  let ready!: ReadyEvent;
  const launch = async (port: number, reset: boolean) => {
    const args = ['devnet', '--json', '--port', String(port), '--data-dir', dataDir, ...modeArgs];
    if (reset) args.push('--reset');
    if (genesisPath) args.push('--genesis', genesisPath);
    cli = spawnSubnet(args, { env: options.env });
    ready = await cli.waitForEvent<ReadyEvent>('ready', options.readyTimeoutMs ?? 30_000);
  };
  await launch(0, options.reset ?? false);

  const rpc = async <T,>(method: string, params: unknown[] = []): Promise<T> => {
    const res = await fetch(ready.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { result?: T; error?: { code: number; message: string; data?: unknown } };
    if (body.error) {
      const err = new Error(`${body.error.code}: ${body.error.message}${body.error.data ? `: ${String(body.error.data)}` : ''}`);
      (err as Error & { code?: number }).code = body.error.code;
      throw err;
    }
    return body.result as T;
  };

  return {
    get url() {
      return ready.url;
    },
    get httpUrl() {
      return ready.httpUrl;
    },
    get genesisHash() {
      return ready.genesisHash;
    },
    get cli() {
      return cli;
    },
    dataDir,
    newBlock: (count = 1) => rpc<string>('dev_newBlock', [{ count }]),
    rpc,
    async stop() {
      await cli.stop('SIGTERM', 10_000);
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
      if (genesisDir) rmSync(genesisDir, { recursive: true, force: true });
    },
    async kill9() {
      await cli.stop('SIGKILL', 0);
    },
    async restart() {
      await cli.stop('SIGTERM', 10_000);
      try {
        await launch(ready.port, false);
      } catch {
        await launch(0, false);
      }
    },
  };
}

/**
 * An `@polkadot/api` client for a test devnet: reconnects every second, gives up on a request after 10 s, and
 * throws if the first connection fails (a test should fail fast, not hang on a node that did not start).
 */
export function connectApi(url: string): Promise<ApiPromise> {
  return ApiPromise.create({ provider: new WsProvider(url, 1000, {}, 10_000), noInitWarn: true, throwOnConnect: true });
}
