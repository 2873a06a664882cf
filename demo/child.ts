import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SubnetError } from '../core/errors.ts';

const SUBNET_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'subnet.js');

/** One `subnet ...` child process the demo supervises. */
export interface Child {
  name: string;
  proc: ChildProcess;
  /** the `--json` events it printed, in order */
  events: Record<string, unknown>[];
  /** resolves with the first event named `event` (past or future) */
  waitFor(event: string, timeoutMs: number): Promise<Record<string, unknown>>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/**
 * Starts `subnet <args> --json` as its own process. Stdout carries its JSON
 * events; stderr (its pino logs) goes to `logFile`, so the demo's terminal
 * shows only the live view.
 */
export function startChild(name: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(process.execPath, [SUBNET_BIN, ...args, '--json'], {
    env: { ...process.env, SUBNET_LOG_LEVEL: process.env.SUBNET_LOG_LEVEL ?? 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C on the terminal signals the demo's
    // foreground group only, so the demo alone decides the stop order (a
    // devnet that saw the Ctrl-C too would vanish under the still-running
    // validators and the demo's own chain reads). A child still exits with the
    // demo, even after `kill -9`, through its parent watch (`--json`).
    detached: true,
  });
  const log: WriteStream = createWriteStream(logFile, { flags: 'a' });
  proc.stderr!.pipe(log);
  const events: Record<string, unknown>[] = [];
  const waiters: { event: string; resolve: (e: Record<string, unknown>) => void }[] = [];
  let partial = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    for (let nl = partial.indexOf('\n'); nl >= 0; nl = partial.indexOf('\n')) {
      const line = partial.slice(0, nl).trim();
      partial = partial.slice(nl + 1);
      if (!line) continue;
      log.write(`[stdout] ${line}\n`);
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      events.push(event);
      for (const w of [...waiters]) {
        if (w.event === event.event) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  void exited.then(() => log.end());

  const waitFor = (event: string, timeoutMs: number) => {
    const seen = events.find((e) => e.event === event);
    if (seen) return Promise.resolve(seen);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      const waiter = {
        event,
        resolve: (e: Record<string, unknown>) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new SubnetError('DEMO_CHILD_TIMEOUT', `${name} did not report '${event}' within ${timeoutMs} ms (log: ${logFile})`));
      }, timeoutMs);
      waiters.push(waiter);
      void exited.then((code) => {
        if (!waiters.includes(waiter)) return;
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new SubnetError('DEMO_CHILD_EXITED', `${name} exited (code ${code}) before reporting '${event}' (log: ${logFile})`));
      });
    });
  };

  const stop = async (graceMs = 5_000) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return { name, proc, events, waitFor, stop, exited };
}
