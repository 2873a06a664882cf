import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
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
  maxSubscriptionsPerConnection?: number;
  maxBatch?: number;
}

export interface RpcServer {
  url: string;
  httpUrl: string;
  port: number;
  close(): Promise<void>;
}

interface JsonRpcRequest {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));

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
  const maxBatch = options.maxBatch ?? 1000;
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
      const out = (await Promise.all(parsed.map((r) => dispatch(r, conn)))).filter((r) => r !== undefined);
      return out.length ? json(out) : undefined;
    }
    const r = await dispatch(parsed, conn);
    return r === undefined ? undefined : json(r);
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
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    if (sockets.size >= maxConnections) {
      socket.end('HTTP/1.1 429 Too Many Requests\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  const onConnection = (ws: WebSocket) => {
    sockets.add(ws);
    /** live subscriptions: the notification they send (which unsubscribe method may end them) and their teardown */
    const subs = new Map<string, { notification: string; stop: () => void }>();
    const send = (text: string) => {
      if (ws.readyState === ws.OPEN) ws.send(text);
    };
    const reads = new BlockReads();
    const context = new Map<symbol, unknown>();
    // a ping goes out after the answers already queued (setImmediate: after the current request's
    // response) and the client answers it only once it has read them
    const pongWaiters = new Map<string, () => void>();
    let pings = 0;
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
        const id = randomBytes(8).toString('hex');
        let live = false;
        const queued: unknown[] = [];
        const notify = (result: unknown) => {
          if (!subs.has(id)) return;
          if (!live) queued.push(result);
          else send(json({ jsonrpc: '2.0', method: notification, params: { subscription: id, result } }));
        };
        subs.set(id, { notification, stop: () => undefined });
        const stop = start(id, notify);
        subs.set(id, { notification, stop });
        activations.push(() => {
          live = true;
          for (const r of queued.splice(0)) notify(r);
        });
        return id;
      },
      unsubscribe(id, notification) {
        const sub = subs.get(id);
        // as in jsonrpsee, an unsubscribe method ends only subscriptions of its own kind
        if (!sub || sub.notification !== notification) return false;
        subs.delete(id);
        sub.stop();
        return true;
      },
    });
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      const activations: Array<() => void> = [];
      const activate = () => {
        for (const go of activations.splice(0)) go();
      };
      handleText(text, messageConn(activations)).then(
        (body) => {
          if (body !== undefined) send(body);
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
      sockets.delete(ws);
      for (const { stop } of subs.values()) stop();
      subs.clear();
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
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
