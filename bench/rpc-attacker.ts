import WebSocket from 'ws';

/**
 * A hostile RPC client for bench/devnet-rpc-abuse.bench.ts, in a process of its own so that its
 * CPU is not the measured client's: `node --import tsx bench/rpc-attacker.ts <ws url> idle|slow|batch`.
 * It runs until killed. Sources are loopback hosts 127.0.2.1-10, standing for other machines.
 */
const [url, kind] = process.argv.slice(2) as [string, 'idle' | 'slow' | 'batch'];
const source = (i: number) => `127.0.2.${(i % 10) + 1}`;

function idle(i: number): void {
  const ws = new WebSocket(url, { localAddress: source(i) });
  ws.on('error', () => {});
  ws.on('unexpected-response', (_req, res) => {
    res.resume();
    ws.terminate();
  });
  ws.on('close', () => setTimeout(() => idle(i), 50));
}

function slow(i: number): void {
  const ws = new WebSocket(url, { localAddress: source(i) });
  ws.on('error', () => {});
  ws.on('open', () => {
    for (let b = 0; b < 2; b++)
      ws.send(JSON.stringify(Array.from({ length: 512 }, (_, id) => ({ jsonrpc: '2.0', id: b * 512 + id, method: 'chain_subscribeNewHeads', params: [] }))));
    // then it stops reading
    setTimeout(() => (ws as unknown as { _socket: { pause(): void } })._socket.pause(), 1_000);
  });
  ws.on('close', () => setTimeout(() => slow(i), 1_000));
}

function batch(i: number): void {
  const ws = new WebSocket(url, { localAddress: source(i), maxPayload: 512 * 1024 * 1024 });
  const send = () => ws.send(JSON.stringify(Array.from({ length: 1000 }, (_, id) => ({ jsonrpc: '2.0', id, method: 'state_getMetadata', params: [] }))));
  ws.on('error', () => {});
  ws.on('open', send);
  ws.on('message', send);
  ws.on('close', () => setTimeout(() => batch(i), 100));
}

if (kind === 'idle') for (let i = 0; i < 300; i++) idle(i);
else if (kind === 'slow') for (let i = 0; i < 20; i++) slow(i);
else for (let i = 0; i < 4; i++) batch(i);
