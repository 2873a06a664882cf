import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SubnetError } from '../core/errors.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import type { BlockMode, DevnetNode } from './node.ts';
import type { RunningDevnet } from './serve.ts';

/**
 * Throwaway devnets for tests and benchmarks, in two flavours with one handle:
 *
 * - `startInProcessDevnet`: the node and its RPC server inside the calling
 *   process, exactly as `subnet devnet` builds them (serve.ts), on 127.0.0.1
 *   and a free port. No process start-up, and the node itself is at hand.
 * - `spawnDevnet`: `subnet devnet --json` as a child process, for what only a
 *   separate process shows: kill -9 and restart, exit codes, its own CPU time.
 *
 *   const devnet = await startInProcessDevnet({ mode: 'manual' });
 *   await devnet.newBlock(3);
 *   ...
 *   await devnet.stop();
 */

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SUBNET_BIN = join(REPO_ROOT, 'bin', 'subnet.js');

export type DevnetMode = 'manual' | 'instant' | { blockTimeMs: number };

export interface DevnetHarnessOptions {
  /** default 'instant' */
  mode?: DevnetMode;
  /** default: a fresh temp dir, removed by stop() */
  dataDir?: string;
  /** genesis JSON object (written to a temp file) or a path */
  genesis?: Record<string, unknown> | string;
  /** wipe dataDir first (`--reset`) */
  reset?: boolean;
}

/** What both flavours offer. */
export interface DevnetHarness {
  /** ws:// URL */
  readonly url: string;
  readonly httpUrl: string;
  readonly genesisHash: string;
  readonly dataDir: string;
  /** dev_newBlock {count}; resolves with the last block hash */
  newBlock(count?: number): Promise<string>;
  /** JSON-RPC over HTTP (10 s timeout); a JSON-RPC error rejects with DEVNET_RPC_ERROR, its `details.code` the RPC code */
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** stops the node; removes a temp data dir */
  stop(): Promise<void>;
}

export interface InProcessDevnetOptions extends DevnetHarnessOptions {
  /** default: pino on stderr at SUBNET_LOG_LEVEL, else 'warn' (as a spawned devnet logs) */
  log?: Logger;
}

export interface InProcessDevnet extends DevnetHarness {
  readonly node: DevnetNode;
}

export interface SpawnDevnetOptions extends DevnetHarnessOptions {
  env?: NodeJS.ProcessEnv;
  /** how long to wait for the ready event (default 30 s; raise it when many processes start at once) */
  readyTimeoutMs?: number;
}

export interface DevnetProcess extends DevnetHarness {
  /** ws:// URL (changes only if a restart had to pick another port) */
  readonly url: string;
  readonly cli: CliProcess;
  /** SIGTERM and wait; removes a temp data dir */
  stop(): Promise<void>;
  /** SIGKILL, no cleanup: the data dir stays for restart() */
  kill9(): Promise<void>;
  /** starts the node again on the same data dir (and port when free) */
  restart(): Promise<void>;
}

const blockMode = (mode: DevnetMode): BlockMode =>
  mode === 'manual' ? { kind: 'manual' } : mode === 'instant' ? { kind: 'instant' } : { kind: 'interval', ms: mode.blockTimeMs };

/** The data dir and genesis file a harness devnet runs on, and their removal. */
function prepareFiles(options: DevnetHarnessOptions): { dataDir: string; genesisFile: string | undefined; cleanup(): void } {
  const ownsDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'subnet-devnet-'));
  let genesisFile: string | undefined;
  let genesisDir: string | undefined;
  if (typeof options.genesis === 'string') genesisFile = options.genesis;
  else if (options.genesis) {
    genesisDir = mkdtempSync(join(tmpdir(), 'subnet-genesis-'));
    genesisFile = join(genesisDir, 'genesis.json');
    writeFileSync(genesisFile, JSON.stringify(options.genesis));
  }
  return {
    dataDir,
    genesisFile,
    cleanup() {
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
      if (genesisDir) rmSync(genesisDir, { recursive: true, force: true });
    },
  };
}

/** JSON-RPC over HTTP POST to whatever `httpUrl()` is now (a restarted process may have moved). */
function httpRpc(httpUrl: () => string) {
  return async <T>(method: string, params: unknown[] = []): Promise<T> => {
    const res = await fetch(httpUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { result?: T; error?: { code: number; message: string; data?: unknown } };
    if (body.error) {
      const { code, message, data } = body.error;
      throw new SubnetError('DEVNET_RPC_ERROR', `${code}: ${message}${data ? `: ${String(data)}` : ''}`, { details: { code, data } });
    }
    return body.result as T;
  };
}

/** Starts a devnet node and its RPC server in this process, on 127.0.0.1 and a free port. */
export async function startInProcessDevnet(options: InProcessDevnetOptions = {}): Promise<InProcessDevnet> {
  const files = prepareFiles(options);
  const log = options.log ?? createLogger('devnet', { level: process.env.SUBNET_LOG_LEVEL ?? 'warn' });
  let devnet: RunningDevnet;
  try {
    // loaded on first use: whoever only spawns devnets (CLI tests, benchmarks) never loads the node
    const { startDevnetNode } = await import('./serve.ts');
    devnet = await startDevnetNode({
      host: '127.0.0.1',
      port: 0,
      dataDir: files.dataDir,
      mode: blockMode(options.mode ?? 'instant'),
      reset: options.reset,
      genesisFile: files.genesisFile,
      log,
    });
  } catch (err) {
    files.cleanup();
    throw err;
  }
  const rpc = httpRpc(() => devnet.server.httpUrl);
  let stopping: Promise<void> | undefined;
  return {
    url: devnet.server.url,
    httpUrl: devnet.server.httpUrl,
    genesisHash: devnet.node.genesisHash,
    dataDir: files.dataDir,
    node: devnet.node,
    newBlock: (count = 1) => rpc<string>('dev_newBlock', [{ count }]),
    rpc,
    stop() {
      return (stopping ??= devnet.close().finally(() => files.cleanup()));
    },
  };
}

interface ReadyEvent {
  url: string;
  httpUrl: string;
  port: number;
  genesisHash: string;
}

/** Starts `subnet devnet --json` as a child process on 127.0.0.1 and waits for its ready event. */
export async function spawnDevnet(options: SpawnDevnetOptions = {}): Promise<DevnetProcess> {
  const files = prepareFiles(options);
  const mode = options.mode ?? 'instant';
  const modeArgs = mode === 'manual' ? ['--manual'] : mode === 'instant' ? ['--instant'] : ['--block-time', String(mode.blockTimeMs)];

  let cli!: CliProcess;
  let ready!: ReadyEvent;
  const launch = async (port: number, reset: boolean) => {
    const args = ['devnet', '--json', '--port', String(port), '--data-dir', files.dataDir, ...modeArgs];
    if (reset) args.push('--reset');
    if (files.genesisFile) args.push('--genesis', files.genesisFile);
    cli = spawnSubnet(args, { env: options.env });
    ready = await cli.waitForEvent<ReadyEvent>('ready', options.readyTimeoutMs ?? 30_000);
  };
  try {
    await launch(0, options.reset ?? false);
  } catch (err) {
    await cli?.stop('SIGKILL', 0);
    files.cleanup();
    throw err;
  }

  const rpc = httpRpc(() => ready.httpUrl);
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
    dataDir: files.dataDir,
    newBlock: (count = 1) => rpc<string>('dev_newBlock', [{ count }]),
    rpc,
    async stop() {
      await cli.stop('SIGTERM', 10_000);
      files.cleanup();
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

export interface CliProcess {
  proc: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  stderr: () => string;
  /** Resolves with the first stdout line (past or future) that matches. */
  waitForLine(match: RegExp | ((line: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Resolves with the first `--json` event line whose `event` field equals `event`. */
  waitForEvent<T = Record<string, unknown>>(event: string, timeoutMs?: number): Promise<T>;
  /** SIGTERM (or the given signal), then SIGKILL after `graceMs`; resolves on exit. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Starts `subnet <args>` as a real child process, as a user would. Long-running
 * commands started with `--json` print newline-delimited JSON events on stdout,
 * the first being `{"event":"ready",...}`; logs go to stderr.
 */
export function spawnSubnet(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; processGroup?: boolean } = {}): CliProcess {
  const proc = spawn(process.execPath, [SUBNET_BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, SUBNET_LOG_LEVEL: process.env.SUBNET_LOG_LEVEL ?? 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // a process group of its own, as a shell gives a foreground job: `process.kill(-pid, sig)` then signals it and
    // whatever it started in its group, as a terminal's Ctrl-C does
    detached: options.processGroup === true,
  });
  const lines: string[] = [];
  let stderr = '';
  const waiters: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let partial = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    let nl = partial.indexOf('\n');
    while (nl >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
      nl = partial.indexOf('\n');
    }
  });
  proc.stdout!.on('end', () => {
    if (partial) lines.push(partial);
    partial = '';
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (stderr.length > 1_000_000) stderr = stderr.slice(-500_000);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

  const waitForLine = (match: RegExp | ((line: string) => boolean), timeoutMs = 20_000) => {
    const test = typeof match === 'function' ? match : (l: string) => match.test(l);
    const seen = lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for a line matching ${match}; stderr:\n${stderr.slice(-4000)}`));
      }, timeoutMs);
      const waiter = {
        test,
        resolve: (l: string) => {
          clearTimeout(timer);
          resolve(l);
        },
      };
      waiters.push(waiter);
      void exited.then((code) => {
        if (waiters.includes(waiter)) {
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`process exited (${code}) before a line matching ${match}; stderr:\n${stderr.slice(-4000)}`));
        }
      });
    });
  };

  const waitForEvent = async <T>(event: string, timeoutMs?: number) => {
    const line = await waitForLine((l) => {
      try {
        return (JSON.parse(l) as { event?: string }).event === event;
      } catch {
        return false;
      }
    }, timeoutMs);
    return JSON.parse(line) as T;
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', graceMs = 5_000) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  return { proc, lines, stderr: () => stderr, waitForLine, waitForEvent, stop, exited };
}
