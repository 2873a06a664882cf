import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SUBNET_BIN = join(REPO_ROOT, 'bin', 'subnet.js');

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

  const waitForEvent = async <T,>(event: string, timeoutMs?: number) => {
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

/** Runs `subnet <args>` to completion and returns its exit code and output. */
export async function runSubnet(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = spawnSubnet(args, options);
  const timer = setTimeout(() => cli.proc.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await cli.exited;
  clearTimeout(timer);
  // let the stream 'data' handlers drain
  await new Promise((r) => setImmediate(r));
  return { code, stdout: cli.lines.join('\n'), stderr: cli.stderr() };
}
