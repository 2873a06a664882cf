import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSubnet } from '../helpers/cli-process.ts';

/** Pids of processes whose command line mentions `needle` (the demo's temp dir). */
function processesMentioning(needle: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle)) found.push(Number(pid));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/** Ports the demo's children announced in their `ready` events (copied to logs/<name>.log). */
function announcedPorts(logs: string): number[] {
  const ports = new Set<number>();
  for (const file of readdirSync(logs)) {
    for (const line of readFileSync(join(logs, file), 'utf8').split('\n')) {
      if (!line.startsWith('[stdout] ')) continue;
      const event = JSON.parse(line.slice(9)) as Record<string, unknown>;
      if (event.event !== 'ready') continue;
      for (const url of [event.url, event.metricsUrl]) {
        if (typeof url === 'string') ports.add(Number(new URL(url).port));
      }
    }
  }
  return [...ports];
}

/**
 * Inodes of the sockets listening on `ports`, read from the kernel's socket tables. A port the demo freed can be
 * taken by another test's server (or answered by a TCP self-connect) before we look again; the inode tells the
 * demo's own socket apart from any later one on the same number.
 */
function listeningSockets(ports: number[]): Map<string, number> {
  const wanted = new Set(ports);
  const sockets = new Map<string, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue; // no IPv6 on this machine
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A') continue; // 0A: LISTEN
      const port = Number.parseInt(fields[1]!.split(':')[1]!, 16);
      if (wanted.has(port)) sockets.set(fields[9]!, port);
    }
  }
  return sockets;
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

describe('subnet demo killed with SIGKILL', () => {
  it('leaves no orphan: the devnet, miners and validators exit with it and free their ports', async () => {
    const demo = spawnSubnet(['demo', '--forever']);
    const workDir = /working dir (\S+)/.exec(await demo.waitForLine(/working dir/, 30_000))![1]!;
    try {
      // every child is serving once the demo starts its dashboard
      await demo.waitForLine(/Dashboard: http/, 120_000);
      const children = processesMentioning(workDir);
      const ports: number[] = [];
      for (const port of announcedPorts(join(workDir, 'logs'))) if (!(await portRefuses(port))) ports.push(port);
      // the devnet, 4 running miners (the offline one already stopped), 2 validators (their metrics ports)
      expect(children.length, demo.stderr().slice(-2000)).toBeGreaterThanOrEqual(7);
      expect(ports.length).toBeGreaterThanOrEqual(7);
      const demoSockets = listeningSockets(ports);
      expect(new Set(demoSockets.values()).size).toBe(ports.length);

      demo.proc.kill('SIGKILL');
      await demo.exited;
      // each child notices within its 1 s poll and stops (a forced exit at most 5 s later)
      const gone = await until(() => processesMentioning(workDir).length === 0, 10_000);
      expect(gone, `still running: ${processesMentioning(workDir).join(', ')}`).toBe(true);
      // an exiting process loses its command line (its memory) before the kernel closes its files:
      // under load its sockets can outlive the check above by a moment, so they get a deadline of their own
      const demoStillListening = () => [...listeningSockets(ports)].filter(([inode]) => demoSockets.has(inode)).map(([, port]) => port);
      await until(() => demoStillListening().length === 0, 10_000);
      expect(demoStillListening()).toEqual([]);
    } finally {
      for (const pid of processesMentioning(workDir)) process.kill(pid, 'SIGKILL');
      rmSync(workDir, { recursive: true, force: true });
    }
  }, 180_000);
});
