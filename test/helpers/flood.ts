import { connect, type Socket } from 'node:net';
import { WebSocket } from 'ws';
import { CLAIMED_HOTKEY_HEADER } from '../../protocol/ws/connection-admission.ts';

/**
 * Connection floods from other hosts, for tests of the axons' admission: loopback addresses
 * (127.0.x.y, all of them local on Linux) stand for the attackers' machines. Each flood keeps its
 * connections open, reopens each one when it is closed or refused, and runs until `stop`.
 */
export interface Flood {
  /** connections tried so far, refused ones included */
  attempts(): number;
  /** connections opened so far (refused ones not counted) */
  opened(): number;
  /** stops reopening, closes what is open; resolves with the number opened */
  stop(): Promise<number>;
}

/** `count` loopback source addresses 127.0.`subnet`.1, 127.0.`subnet`.2, … */
export const loopbackSources = (subnet: number, count: number): string[] => Array.from({ length: count }, (_, i) => `127.0.${subnet}.${i + 1}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A connection the flood keeps open: `opened` when it is up, `closed` once it is gone for any reason. */
type Open<C> = (source: string, opened: () => void, closed: () => void) => C;

/** `perSource` connections from each source, each reopened `reopenMs` after it closes, until `stop`. */
function reopeningFlood<C>(sources: readonly string[], perSource: number, reopenMs: number, open: Open<C>, kill: (c: C) => void): Flood {
  let running = true;
  let attempts = 0;
  let opened = 0;
  const live = new Set<C>();
  const start = (source: string) => {
    if (!running) return;
    attempts += 1;
    const c = open(
      source,
      () => (opened += 1),
      () => {
        live.delete(c);
        setTimeout(() => start(source), reopenMs);
      },
    );
    live.add(c);
  };
  for (const source of sources) for (let i = 0; i < perSource; i++) start(source);
  return {
    attempts: () => attempts,
    opened: () => opened,
    stop: async () => {
      running = false;
      for (const c of live) kill(c);
      await sleep(100);
      return opened;
    },
  };
}

/**
 * `perSource` idle WebSockets from each source, each reopened `reopenMs` after it is closed or
 * refused. `claim` makes them claim a hotkey in the upgrade request, as a squatter on a pool
 * reserved for permitted validators would.
 */
export function idleWebSocketFlood(url: string, sources: readonly string[], perSource: number, options: { claim?: string; reopenMs?: number } = {}): Flood {
  const { claim, reopenMs = 10 } = options;
  return reopeningFlood(
    sources,
    perSource,
    reopenMs,
    (source, opened, closed) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, localAddress: source, ...(claim ? { headers: { [CLAIMED_HOTKEY_HEADER]: claim } } : {}) });
      ws.on('open', opened);
      ws.on('error', () => {});
      ws.on('unexpected-response', (_req, res) => {
        res.resume();
        ws.terminate();
      });
      ws.on('close', closed);
      return ws;
    },
    (ws) => ws.terminate(),
  );
}

/** `perSource` TCP sockets from each source that never send a byte, each reopened `reopenMs` after it is closed. */
export function silentSocketFlood(port: number, sources: readonly string[], perSource: number, reopenMs = 10): Flood {
  return reopeningFlood(
    sources,
    perSource,
    reopenMs,
    (source, opened, closed) => {
      const socket: Socket = connect({ port, host: '127.0.0.1', localAddress: source });
      socket.on('connect', opened);
      socket.on('error', () => {});
      socket.on('close', closed);
      return socket;
    },
    (socket) => socket.destroy(),
  );
}
