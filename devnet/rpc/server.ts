import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { networkSourceOf } from '../../core/network-source.ts';
import type { Logger } from '../../core/logger.ts';
import type { DevnetNode } from '../node.ts';
import { BlockReads } from './block-reads.ts';
import { RPC, RpcError, toRpcError } from './errors.ts';
import { rpcMethods } from './methods.ts';
import type { RpcConnection, RpcHandler } from './types.ts';

export interface RpcServerOptions {
  host: string;
  port: number;
  /** largest request body / WebSocket message (bytes) */
  maxRequestBytes?: number;
  maxConnections?: number;
  /** WebSocket connections from one source (IPv4 address, IPv6 /64) */
  maxConnectionsPerSource?: number;
  /** a WebSocket with no subscription and no request for this long is closed */
  idleTimeoutMs?: number;
  maxSubscriptionsPerConnection?: number;
  /** live subscriptions of all the WebSockets from one source together */
  maxSubscriptionsPerSource?: number;
  maxBatch?: number;
  /** largest response to one request (a batch: all its answers together), as Substrate's --rpc-max-response-size */
  maxResponseBytes?: number;
  /** bytes a WebSocket may have waiting to be sent; a reader that falls further behind is cut off */
  maxBufferedBytesPerConnection?: number;
  /**
   * notification bytes a subscriber may have outstanding (sent, or waiting to be sent, and not yet
   * acknowledged by its answer to a WebSocket ping) before it is cut off instead of sent more: a
   * subscriber that stops reading is dropped after this many bytes, however much the kernel's
   * socket buffers absorb first
   */
  maxBufferedNotificationBytes?: number;
}

export interface RpcServer {
  url: string;
  httpUrl: string;
  port: number;
  /** open WebSockets, their live subscriptions, and the connections cut so far for not reading what they were sent */
  stats(): { connections: number; subscriptions: number; slowReadersCut: number };
  close(): Promise<void>;
}

interface JsonRpcRequest {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

/**
 * A notification's result and the end of its message (`,"result":…}}`), encoded to bytes once
 * however many subscriptions send it: a new head goes to every chain_subscribeNewHeads of every
 * connection as the same object, and a block's fan-out to thousands of subscriptions then costs
 * a copy per subscription, not a JSON and UTF-8 encoding each.
 */
const encodedResults = new WeakMap<object, Buffer>();
const resultTail = (result: unknown): Buffer => {
  if (result === null || typeof result !== 'object') return Buffer.from(`,"result":${json(result === undefined ? null : result)}}}`);
  let bytes = encodedResults.get(result);
  if (bytes === undefined) {
    bytes = Buffer.from(`,"result":${json(result)}}}`);
    encodedResults.set(result, bytes);
  }
  return bytes;
};

const slowReaderCut = new Error('cut off: the client does not read what it is sent');

/**
 * Subscription ids: 8 random bytes as hex, as unguessable as one randomBytes(8) call each, drawn
 * from a pool so that a client opening thousands of subscriptions costs one call per 512.
 */
let idPool = Buffer.alloc(0);
let idOffset = 0;
const subscriptionId = (): string => {
  if (idOffset + 8 > idPool.length) {
    idPool = randomBytes(4096);
    idOffset = 0;
  }
  idOffset += 8;
  return idPool.toString('hex', idOffset - 8, idOffset);
};

/** liveness pings a connection may have unanswered: a client that stops reading costs no more */
const MAX_PROBES_IN_FLIGHT = 8;

/** notifications sent in one turn of the event loop before the node serves other connections' requests again */
const FAN_OUT_SLICE = 512;

const errorResponse = (id: unknown, code: number, message: string, data?: unknown) => ({
  jsonrpc: '2.0',
  error: data === undefined ? { code, message } : { code, message, data },
  id: id ?? null,
});

/**
 * JSON-RPC 2.0 over WebSocket and HTTP POST on one port, with Substrate's
 * limits: request size (-32007), subscriptions per connection (-32006) and
 * connections (HTTP 429). Malformed input gets an error response; nothing a
 * client sends can crash the node.
 */
export async function startRpcServer(node: DevnetNode, options: RpcServerOptions, log: Logger): Promise<RpcServer> {
  const maxRequestBytes = options.maxRequestBytes ?? 10 * 1024 * 1024;
  const maxConnections = options.maxConnections ?? 100;
  const maxSubs = options.maxSubscriptionsPerConnection ?? 1024;
  const maxSubsPerSource = options.maxSubscriptionsPerSource ?? 4 * maxSubs;
  const maxBatch = options.maxBatch ?? 1000;
  const maxPerSource = options.maxConnectionsPerSource ?? 32;
  const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
  const maxResponseBytes = options.maxResponseBytes ?? 10 * 1024 * 1024;
  const maxBuffered = options.maxBufferedBytesPerConnection ?? maxResponseBytes + 1024 * 1024;
  const maxBufferedNotifications = Math.min(maxBuffered, options.maxBufferedNotificationBytes ?? 4 * 1024 * 1024);
  const methods = rpcMethods(node);

  const dispatch = async (req: unknown, conn: RpcConnection): Promise<unknown> => {
    if (!req || typeof req !== 'object' || Array.isArray(req)) return errorResponse(null, RPC.INVALID_REQUEST, 'Invalid request');
    const { jsonrpc, id, method, params } = req as JsonRpcRequest;
    const validId = id === undefined || id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
    if (jsonrpc !== '2.0' || typeof method !== 'string' || !validId) return errorResponse(validId ? id : null, RPC.INVALID_REQUEST, 'Invalid request');
    const handler: RpcHandler | undefined = methods.get(method);
    if (!handler) return errorResponse(id, RPC.METHOD_NOT_FOUND, 'Method not found');
    if (params !== undefined && params !== null && !Array.isArray(params)) {
      return errorResponse(id, RPC.INVALID_PARAMS, 'Invalid params: positional (array) params expected');
    }
    try {
      const result = await handler((params as unknown[] | undefined) ?? [], conn);
      if (id === undefined) return undefined; // notification
      return { jsonrpc: '2.0', result: result === undefined ? null : result, id };
    } catch (err) {
      const rpcErr = toRpcError(err);
      if (rpcErr) return errorResponse(id, rpcErr.code, rpcErr.message, rpcErr.data);
      log.error({ err, method }, 'rpc handler failed');
      return errorResponse(id, RPC.INTERNAL_ERROR, `Internal error: ${(err as Error)?.message ?? String(err)}`);
    }
  };

  /** Handles one raw request text; returns the response text (undefined for notifications). */
  const handleText = async (text: string, conn: RpcConnection): Promise<string | undefined> => {
    if (Buffer.byteLength(text) > maxRequestBytes) return json(errorResponse(null, RPC.OVERSIZED_REQUEST, `Request is too big (max ${maxRequestBytes} bytes)`));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return json(errorResponse(null, RPC.PARSE_ERROR, 'Parse error'));
    }
    if (Array.isArray(parsed)) {
      if (parsed.length === 0) return json(errorResponse(null, RPC.INVALID_REQUEST, 'Invalid request: empty batch'));
      if (parsed.length > maxBatch) return json(errorResponse(null, RPC.INVALID_REQUEST, `Invalid request: batch of ${parsed.length} exceeds ${maxBatch}`));
      // one call at a time, counting bytes: a batch that would answer past the limit stops there
      // instead of building every answer first (1,000 metadata calls are over 100 MB)
      const out: string[] = [];
      let bytes = 2;
      for (const [i, r] of parsed.entries()) {
        // between calls, let other connections' requests in: a big batch must not hold the node
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        const answer = await dispatch(r, conn);
        if (answer === undefined) continue;
        const encoded = json(answer);
        bytes += Buffer.byteLength(encoded) + 1;
        if (bytes > maxResponseBytes)
          return json(errorResponse(null, RPC.BATCH_RESPONSE_TOO_LARGE, 'The batch response was too large', `Exceeded max limit of ${maxResponseBytes}`));
        out.push(encoded);
      }
      return out.length ? `[${out.join(',')}]` : undefined;
    }
    const r = await dispatch(parsed, conn);
    if (r === undefined) return undefined;
    const encoded = json(r);
    if (Buffer.byteLength(encoded) > maxResponseBytes)
      return json(errorResponse((r as { id?: unknown }).id, RPC.OVERSIZED_RESPONSE, 'Response is too big', `Exceeded max limit of ${maxResponseBytes}`));
    return encoded;
  };

  const httpConn: RpcConnection = {
    canSubscribe: false,
    subscribe: () => {
      throw new RpcError(RPC.METHOD_NOT_FOUND, 'Subscriptions are not available over HTTP');
    },
    unsubscribe: () => false,
  };

  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(req.method === 'GET' ? 405 : 405, { 'content-type': 'text/plain', allow: 'POST' }).end('JSON-RPC: POST a request or connect a WebSocket\n');
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxRequestBytes) {
        tooBig = true;
        return;
      }
      chunks.push(c);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      const respond = (body: string | undefined, status = 200) => res.writeHead(status, { 'content-type': 'application/json' }).end(body ?? '');
      if (tooBig) {
        respond(json(errorResponse(null, RPC.OVERSIZED_REQUEST, `Request is too big (max ${maxRequestBytes} bytes)`)), 413);
        return;
      }
      handleText(Buffer.concat(chunks).toString('utf8'), httpConn).then(
        (body) => respond(body),
        (err) => {
          log.error({ err }, 'http rpc failed');
          respond(json(errorResponse(null, RPC.INTERNAL_ERROR, 'Internal error')), 500);
        },
      );
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxRequestBytes + 1024 * 1024 });
  /** every open WebSocket: its source, and what makes it worth keeping (subscriptions, recent use) */
  const sockets = new Map<WebSocket, { source: string; subs: () => number; lastActivity: number; busy: number }>();
  const bySource = new Map<string, number>();
  const refuse = (socket: { end(text: string): void }, why: string) => {
    log.debug({ why }, 'websocket refused');
    socket.end(`HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-length: ${Buffer.byteLength(why) + 1}\r\n\r\n${why}\n`);
  };
  /**
   * At the global cap, a connection from a source holding fewer connections than the biggest holder
   * takes the place of that holder's least recently used one: idle sockets from a few hosts cannot
   * lock everyone else out.
   */
  const makeRoom = (source: string): boolean => {
    let top: string | undefined;
    for (const [s, n] of bySource) if (top === undefined || n > bySource.get(top)!) top = s;
    if (top === undefined || bySource.get(top)! <= (bySource.get(source) ?? 0) + 1) return false;
    let victim: WebSocket | undefined;
    let victimScore = Infinity;
    for (const [ws, info] of sockets) {
      if (info.source !== top) continue;
      // idle ones first, then the least recently active
      const score = (info.subs() > 0 || info.busy > 0 ? 1e15 : 0) + info.lastActivity;
      if (score < victimScore) [victim, victimScore] = [ws, score];
    }
    if (!victim) return false;
    log.debug({ source: top }, 'connection shed for a new source');
    victim.close(1013, 'connection limit: shed for another client');
    dropSocket(victim);
    victim.terminate();
    return true;
  };
  const dropSocket = (ws: WebSocket) => {
    const info = sockets.get(ws);
    if (!info) return;
    sockets.delete(ws);
    const n = (bySource.get(info.source) ?? 1) - 1;
    if (n <= 0) bySource.delete(info.source);
    else bySource.set(info.source, n);
  };
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    // the HTTP server no longer listens for this socket's errors: a client resetting while it is refused must not crash the node
    socket.on('error', () => socket.destroy());
    const source = networkSourceOf(req.socket.remoteAddress);
    if ((bySource.get(source) ?? 0) >= maxPerSource) return refuse(socket, `Too many connections from ${source} (max ${maxPerSource})`);
    if (sockets.size >= maxConnections && !makeRoom(source)) return refuse(socket, `Too many connections (max ${maxConnections})`);
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, source));
  });
  const idleSweep = setInterval(
    () => {
      const now = Date.now();
      for (const [ws, info] of sockets) {
        if (info.subs() === 0 && info.busy === 0 && now - info.lastActivity > idleTimeoutMs) {
          ws.close(1000, `idle for ${idleTimeoutMs} ms`);
          dropSocket(ws);
          setTimeout(() => ws.terminate(), 1_000).unref();
        }
      }
    },
    Math.min(1_000, idleTimeoutMs),
  );
  idleSweep.unref();

  /** connections with notifications waiting to be sent */
  const waiting = new Set<{ pending(): number; flush(): number }>();
  let flushScheduled = false;
  let slowReadersCut = 0;
  const scheduleFlush = () => {
    if (flushScheduled) return;
    flushScheduled = true;
    setImmediate(flushWaiting);
  };
  /**
   * A block's notifications leave for the connections waiting for the fewest first, and a slice at
   * a time: a client with a handful of subscriptions gets its `inBlock` and the answers to its
   * next reads between the batches of clients holding thousands, not after all of them.
   */
  const flushWaiting = () => {
    flushScheduled = false;
    let sent = 0;
    for (const outbox of [...waiting].sort((a, b) => a.pending() - b.pending())) {
      if (sent >= FAN_OUT_SLICE) return scheduleFlush();
      sent += outbox.flush();
    }
  };
  const subsBySource = new Map<string, number>();
  const countSourceSub = (source: string, delta: number) => {
    const n = (subsBySource.get(source) ?? 0) + delta;
    if (n <= 0) subsBySource.delete(source);
    else subsBySource.set(source, n);
  };

  const onConnection = (ws: WebSocket, source: string) => {
    /** live subscriptions: the notification they send (which unsubscribe method may end them) and their teardown */
    const subs = new Map<string, { notification: string; stop: () => void }>();
    const info = { source, subs: () => subs.size, lastActivity: Date.now(), busy: 0 };
    sockets.set(ws, info);
    bySource.set(source, (bySource.get(source) ?? 0) + 1);
    let cutOff = false;
    // what is sent in one turn of the event loop leaves in one write: a block's notifications to a
    // thousand subscriptions are one syscall, not a thousand
    const socket = (ws as unknown as { _socket: { cork(): void; uncork(): void; destroy(err: Error): void } })._socket;
    let corked = false;
    const write = (data: string | Buffer) => {
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(() => {
          corked = false;
          socket.uncork();
        });
      }
      ws.send(data, { binary: false });
    };
    // pings whose answers someone waits for: a ping is answered once the client has read what
    // was sent before it
    const pongWaiters = new Map<string, () => void>();
    let pings = 0;
    /** notifications waiting for the next fan-out pass: the start of each message, its result */
    const queue: Array<{ head: Buffer; result: unknown }> = [];
    // notification bytes written, and how many of them the client has acknowledged by answering
    // a ping sent after them: what the kernel's socket buffers hold counts too, so a client that
    // stops reading is found after the cap, not after megabytes of kernel buffer plus the cap
    let notified = 0;
    let acknowledged = 0;
    let probed = 0;
    let probesInFlight = 0;
    const cut = (why: string) => {
      if (cutOff) return;
      cutOff = true;
      slowReadersCut += 1;
      queue.length = 0;
      waiting.delete(outbox);
      log.info(
        { source, unacknowledged: notified - acknowledged, buffered: ws.bufferedAmount },
        `client does not read what it was sent (${why}); connection closed`,
      );
      // destroyed with an error rather than terminated: the thousands of writes still buffered then
      // all fail with that one error, where a plain destroy builds an error object for each
      socket.destroy(slowReaderCut);
    };
    const flush = (): number => {
      waiting.delete(outbox);
      const n = queue.length;
      if (cutOff || ws.readyState !== ws.OPEN) {
        queue.length = 0;
        return n;
      }
      for (const { head, result } of queue.splice(0)) {
        const tail = resultTail(result);
        const size = head.length + tail.length;
        // checked before the message is built: a connection over its cap costs nothing more
        if (notified - acknowledged + size > maxBufferedNotifications || ws.bufferedAmount + size > maxBufferedNotifications) {
          cut(`over ${maxBufferedNotifications} bytes of notifications unacknowledged`);
          return n;
        }
        write(Buffer.concat([head, tail], size));
        notified += size;
      }
      probe();
      return n;
    };
    const outbox = { pending: () => queue.length, flush };
    /**
     * A ping after each pass's notifications (a few in flight at most): its answer acknowledges
     * every byte sent before it, so a client that keeps reading is never more than a pass behind
     * in the count.
     */
    const probe = () => {
      if (notified === probed || probesInFlight >= MAX_PROBES_IN_FLIGHT || ws.readyState !== ws.OPEN) return;
      const mark = notified;
      probed = mark;
      probesInFlight += 1;
      const payload = String(++pings);
      pongWaiters.set(payload, () => {
        probesInFlight -= 1;
        acknowledged = Math.max(acknowledged, mark);
        probe();
      });
      ws.ping(payload);
    };
    /**
     * A response goes after the notifications already queued for the connection (a client sees
     * events in the order they happened). A client that stops reading must not make the node
     * buffer for it without end: past the cap the connection is cut (its subscriptions end with
     * it) rather than queue more.
     */
    const respond = (text: string) => {
      if (queue.length) flush();
      if (ws.readyState !== ws.OPEN || cutOff) return;
      if (ws.bufferedAmount + Buffer.byteLength(text) > maxBuffered) return cut(`over ${maxBuffered} bytes waiting to be sent`);
      write(text);
    };
    const notify = (head: Buffer, result: unknown) => {
      if (cutOff) return;
      if (notified - acknowledged > maxBufferedNotifications) return cut(`over ${maxBufferedNotifications} bytes of notifications unacknowledged`);
      queue.push({ head, result });
      if (queue.length === 1) {
        waiting.add(outbox);
        scheduleFlush();
      }
    };
    const reads = new BlockReads();
    const context = new Map<symbol, unknown>();
    // a ping goes out after the answers already queued (setImmediate: after the current request's
    // response) and the client answers it only once it has read them
    const caughtUp = (done: () => void) =>
      setImmediate(() => {
        if (ws.readyState !== ws.OPEN) return;
        const payload = String(++pings);
        pongWaiters.set(payload, done);
        ws.ping(payload);
      });
    ws.on('pong', (data) => {
      const key = data.toString();
      const done = pongWaiters.get(key);
      if (!done) return;
      pongWaiters.delete(key);
      done();
    });
    /**
     * A connection view for one incoming message: a subscription it opens goes live (its
     * notifications flow) only once the response carrying the subscription id has been sent,
     * so no client ever sees a notification for an id it does not know yet (@polkadot/api keeps
     * only the last such early notification per id, and would lose `ready` or `inBlock`).
     */
    const messageConn = (activations: Array<() => void>): RpcConnection => ({
      canSubscribe: true,
      reads,
      caughtUp,
      context,
      subscribe(notification, start) {
        if (subs.size >= maxSubs) throw new RpcError(RPC.TOO_MANY_SUBSCRIPTIONS, `Too many subscriptions on the connection (max ${maxSubs})`);
        if ((subsBySource.get(source) ?? 0) >= maxSubsPerSource)
          throw new RpcError(
            RPC.TOO_MANY_SUBSCRIPTIONS,
            `Too many subscriptions from ${source} (max ${maxSubsPerSource} per source, all its connections together)`,
          );
        const id = subscriptionId();
        const head = Buffer.from(`{"jsonrpc":"2.0","method":${JSON.stringify(notification)},"params":{"subscription":"${id}"`);
        let live = false;
        const early: unknown[] = [];
        const send = (result: unknown) => {
          if (!subs.has(id)) return;
          if (!live) early.push(result);
          else notify(head, result);
        };
        subs.set(id, { notification, stop: () => undefined });
        countSourceSub(source, 1);
        let stop: () => void;
        try {
          stop = start(id, send);
        } catch (err) {
          subs.delete(id);
          countSourceSub(source, -1);
          throw err;
        }
        subs.set(id, { notification, stop });
        activations.push(() => {
          live = true;
          for (const r of early.splice(0)) send(r);
        });
        return id;
      },
      unsubscribe(id, notification) {
        const sub = subs.get(id);
        // as in jsonrpsee, an unsubscribe method ends only subscriptions of its own kind
        if (!sub || sub.notification !== notification) return false;
        subs.delete(id);
        countSourceSub(source, -1);
        sub.stop();
        return true;
      },
    });
    ws.on('message', (data, isBinary) => {
      info.lastActivity = Date.now();
      info.busy += 1;
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      const activations: Array<() => void> = [];
      const activate = () => {
        info.busy -= 1;
        info.lastActivity = Date.now();
        for (const go of activations.splice(0)) go();
      };
      handleText(text, messageConn(activations)).then(
        (body) => {
          if (body !== undefined) respond(body);
          activate();
        },
        (err) => {
          log.error({ err }, 'ws rpc failed');
          activate();
        },
      );
    });
    ws.on('error', (err) => log.debug({ err }, 'ws connection error'));
    ws.on('close', () => {
      dropSocket(ws);
      queue.length = 0;
      waiting.delete(outbox);
      countSourceSub(source, -subs.size);
      for (const { stop } of subs.values()) stop();
      subs.clear();
      pongWaiters.clear();
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => log.error({ err }, 'rpc server error'));
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `ws://${host}:${port}`,
    httpUrl: `http://${host}:${port}`,
    port,
    stats() {
      let subscriptions = 0;
      for (const info of sockets.values()) subscriptions += info.subs();
      return { connections: sockets.size, subscriptions, slowReadersCut };
    },
    async close() {
      clearInterval(idleSweep);
      for (const ws of [...sockets.keys()]) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
