import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { DEV_PHRASE, Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, encodeAddress, keyExtractSuri, keyFromPath, mnemonicToMiniSecret, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { sr25519Sign } from '@polkadot/wasm-crypto';
import { Writer } from '../devnet/scale/codec.ts';
import WebSocket, { WebSocketServer } from 'ws';
import { type DevnetProcess, spawnDevnet } from '../devnet/harness.ts';
import { percentile, type Benchmark, type Figure } from './result.ts';

/**
 * The devnet node as a child process, driven over raw JSON-RPC (so the figures
 * are the node's, not @polkadot/api's):
 * - instant mode: submit → inBlock latency (p50/p99) of signed transfers;
 * - a burst of 1000 signed transfers: extrinsics per second until all are in blocks;
 * - manual mode: dev_newBlock time with 0 and 500 extrinsics.
 * Reference: chopsticks running the real subtensor runtime wasm takes about
 * 0.36–0.6 s per block on this kind of machine (recorded earlier on
 * the same kind of 2-core machine, not measured in this run); the ratio is 0.36 s / our empty-block time.
 * A raw ws echo round trip, measured here, is the physical floor for latency.
 */
const LATENCY_TXS = 100;
const BURST = 1000;
const BLOCK_TXS = 500;
const EMPTY_BLOCKS = 30;
/**
 * The first full blocks after start-up run while V8 still compiles the dispatch path (2-3 slow
 * blocks on 2 cores): with 15 samples their share cannot decide the median, and the slowest
 * block (the cold one) is reported on its own.
 */
const FULL_BLOCKS = 15;
const CHOPSTICKS_BLOCK_S = 0.36;
/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat */
const CLOCK_TICKS_PER_S = 100;

class RawClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly subs = new Map<string, (result: unknown) => void>();
  /** notifications that arrive in the same read as the subscription's answer, before it is registered */
  private readonly early = new Map<string, unknown[]>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
        params?: { subscription: string; result: unknown };
      };
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(msg.error.message));
        else p?.resolve(msg.result);
      } else if (msg.params) {
        const handler = this.subs.get(msg.params.subscription);
        if (handler) handler(msg.params.result);
        else this.early.set(msg.params.subscription, [...(this.early.get(msg.params.subscription) ?? []), msg.params.result]);
      }
    });
  }

  static async connect(url: string): Promise<RawClient> {
    const ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new RawClient(ws);
  }

  call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out`)), 60_000);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  async subscribe(method: string, params: unknown[], onResult: (r: unknown) => void): Promise<string> {
    const id = await this.call<string>(method, params);
    this.subs.set(id, onResult);
    for (const r of this.early.get(id) ?? []) onResult(r);
    this.early.delete(id);
    return id;
  }

  close(): void {
    this.ws.close();
  }
}

/**
 * Pre-signs `count` transfers from //Alice with consecutive nonces (immortal
 * era). The call is encoded once by @polkadot/api; extrinsics are assembled
 * here and signed in wasm, so that signing does not dominate the benchmark.
 */
async function signTransfers(url: string, count: number): Promise<string[]> {
  const api = await ApiPromise.create({ provider: new WsProvider(url, 1000, {}, 30_000), noInitWarn: true, throwOnConnect: true });
  try {
    const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
    const root = sr25519PairFromSeed(mnemonicToMiniSecret(DEV_PHRASE));
    const alice = keyFromPath(root, keyExtractSuri(`${DEV_PHRASE}//Alice`).path, 'sr25519');
    const call = api.tx.balances.transferKeepAlive(bob.address, 1_000_000n).method.toU8a();
    const genesis = api.genesisHash.toU8a();
    const nonce = (await api.rpc.system.accountNextIndex(encodeAddress(alice.publicKey, 42))).toNumber();
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const extra = new Writer();
      extra.byte(0); // immortal era
      extra.compact(nonce + i);
      extra.compact(0); // tip
      extra.byte(0); // CheckMetadataHash disabled
      const payload = new Writer();
      payload.bytes(call);
      payload.bytes(extra.finish());
      payload.uint(api.runtimeVersion.specVersion.toNumber(), 4);
      payload.uint(api.runtimeVersion.transactionVersion.toNumber(), 4);
      payload.bytes(genesis);
      payload.bytes(genesis); // immortal: the checkpoint is the genesis block
      payload.byte(0); // no metadata hash
      let message = payload.finish();
      if (message.length > 256) message = blake2AsU8a(message, 256);
      const body = new Writer();
      body.byte(0x84);
      body.byte(0); // MultiAddress::Id
      body.bytes(alice.publicKey);
      body.byte(1); // MultiSignature::Sr25519
      body.bytes(sr25519Sign(alice.publicKey, alice.secretKey, message));
      body.bytes(extra.finish());
      body.bytes(call);
      const inner = body.finish();
      const full = new Writer();
      full.compact(inner.length);
      full.bytes(inner);
      out.push(u8aToHex(full.finish()));
    }
    return out;
  } finally {
    await api.disconnect();
  }
}

async function wsEchoRtt(samples: number): Promise<number[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  server.on('connection', (s) => s.on('message', (d) => s.send(d)));
  const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  await new Promise((r) => ws.once('open', r));
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: i, method: 'echo', params: [] }));
    });
    out.push(performance.now() - t);
  }
  ws.close();
  await new Promise((r) => server.close(r));
  return out;
}

async function latency(devnet: DevnetProcess): Promise<number[]> {
  const txs = await signTransfers(devnet.url, LATENCY_TXS);
  const client = await RawClient.connect(devnet.url);
  const out: number[] = [];
  try {
    for (const tx of txs) {
      const t = performance.now();
      await new Promise<void>((resolve, reject) => {
        client
          .subscribe('author_submitAndWatchExtrinsic', [tx], (status) => {
            if (status && typeof status === 'object' && 'inBlock' in status) resolve();
          })
          .catch(reject);
      });
      out.push(performance.now() - t);
    }
  } finally {
    client.close();
  }
  return out;
}

async function burst(devnet: DevnetProcess): Promise<{ seconds: number; blocks: number }> {
  const txs = await signTransfers(devnet.url, BURST);
  const client = await RawClient.connect(devnet.url);
  try {
    const startHead = await client.call<{ number: string }>('chain_getHeader');
    let included = 0;
    let blocks = 0;
    let done!: () => void;
    const allIn = new Promise<void>((r) => (done = r));
    await client.subscribe('chain_subscribeNewHeads', [], (header) => {
      const h = header as { number: string };
      if (parseInt(h.number, 16) <= parseInt(startHead.number, 16)) return;
      void client.call<string>('chain_getBlockHash', [parseInt(h.number, 16)]).then(async (hash) => {
        const block = await client.call<{ block: { extrinsics: string[] } }>('chain_getBlock', [hash]);
        blocks++;
        included += block.block.extrinsics.length - 1; // minus timestamp.set
        if (included >= BURST) done();
      });
    });
    const t = performance.now();
    await Promise.all(txs.map((tx) => client.call('author_submitExtrinsic', [tx])));
    await allIn;
    return { seconds: (performance.now() - t) / 1000, blocks };
  } finally {
    client.close();
  }
}

/** CPU time (user + system) of a process in ms from /proc, at the kernel's 10 ms tick; undefined off Linux. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}

async function blockTimes(devnet: DevnetProcess): Promise<{ empty: number[]; full: number[]; fullCpuMs?: number }> {
  const client = await RawClient.connect(devnet.url);
  try {
    // connect as a client does (metadata first): the node builds its metadata in the background
    // after start-up, and blocks timed during that build measure the start-up, not block production
    await client.call('state_getMetadata');
    const empty: number[] = [];
    for (let i = 0; i < EMPTY_BLOCKS; i++) {
      const t = performance.now();
      await client.call('dev_newBlock', [{ count: 1 }]);
      empty.push(performance.now() - t);
    }
    const full: number[] = [];
    let cpuMs: number | undefined = 0;
    // consecutive nonces: each block takes the next BLOCK_TXS
    const signed = await signTransfers(devnet.url, BLOCK_TXS * FULL_BLOCKS);
    for (let round = 0; round < FULL_BLOCKS; round++) {
      const txs = signed.slice(round * BLOCK_TXS, (round + 1) * BLOCK_TXS);
      await Promise.all(txs.map((tx) => client.call('author_submitExtrinsic', [tx])));
      const cpuBefore = processCpuMs(devnet.cli.proc.pid);
      const t = performance.now();
      await client.call('dev_newBlock', [{ count: 1 }]);
      full.push(performance.now() - t);
      const cpuAfter = processCpuMs(devnet.cli.proc.pid);
      cpuMs = cpuMs === undefined || cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuMs + cpuAfter - cpuBefore;
    }
    // the tick is 10 ms, so only the mean over the blocks is meaningful
    return { empty, full, fullCpuMs: cpuMs === undefined ? undefined : cpuMs / FULL_BLOCKS };
  } finally {
    client.close();
  }
}

const bench: Benchmark = async ({ json }) => {
  const progress = (what: string) => {
    if (!json) process.stderr.write(`  devnet: ${what}\n`);
  };
  const echo = await wsEchoRtt(200);
  progress(`instant mode: ${LATENCY_TXS} submit→inBlock round trips`);

  const instant = await spawnDevnet({ mode: 'instant' });
  let lat: number[];
  try {
    lat = await latency(instant);
  } finally {
    await instant.stop();
  }

  progress(`burst of ${BURST} transfers (block time 100 ms)`);
  const interval = await spawnDevnet({ mode: { blockTimeMs: 100 } });
  let b: { seconds: number; blocks: number };
  try {
    b = await burst(interval);
  } finally {
    await interval.stop();
  }

  progress(`manual mode: dev_newBlock with 0 and ${BLOCK_TXS} extrinsics`);
  const manual = await spawnDevnet({ mode: 'manual' });
  let times: Awaited<ReturnType<typeof blockTimes>>;
  try {
    times = await blockTimes(manual);
  } finally {
    await manual.stop();
  }

  const emptyMs = percentile(times.empty, 50);
  const fullMs = percentile(times.full, 50);
  const figures: Figure[] = [
    { name: 'instant submit→inBlock p50', value: percentile(lat, 50), unit: 'ms' },
    { name: 'instant submit→inBlock p99', value: percentile(lat, 99), unit: 'ms' },
    { name: `burst of ${BURST} signed transfers`, value: BURST / b.seconds, unit: 'extrinsics/s' },
    { name: 'burst duration (block time 100 ms)', value: b.seconds, unit: 's' },
    { name: 'burst blocks', value: b.blocks, unit: 'blocks' },
    { name: 'dev_newBlock, 0 extrinsics (p50)', value: emptyMs, unit: 'ms' },
    { name: `dev_newBlock, ${BLOCK_TXS} extrinsics (p50 of ${FULL_BLOCKS})`, value: fullMs, unit: 'ms' },
    { name: `dev_newBlock, ${BLOCK_TXS} extrinsics, slowest (the first after start-up: JIT still compiling)`, value: Math.max(...times.full), unit: 'ms' },
    ...(times.fullCpuMs === undefined
      ? []
      : [{ name: `node process CPU, all threads, per ${BLOCK_TXS}-extrinsic block (mean of ${FULL_BLOCKS})`, value: times.fullCpuMs, unit: 'ms' }]),
    { name: 'raw ws echo round trip p50 (floor)', value: percentile(echo, 50), unit: 'ms' },
  ];
  const ratio = (CHOPSTICKS_BLOCK_S * 1000) / emptyMs;
  return {
    name: 'devnet',
    figures,
    reference: { name: 'chopsticks, real subtensor wasm, per block (recorded)', value: CHOPSTICKS_BLOCK_S * 1000, unit: 'ms' },
    ratio,
    ratioMeaning: 'recorded chopsticks block time (0.36 s) / devnet empty-block time over RPC; >1 = faster',
    targets: [
      { name: 'per block vs chopsticks', target: '≥ 20× faster', met: ratio >= 20 },
      { name: `block with ${BLOCK_TXS} extrinsics vs chopsticks`, target: '≥ 20× faster', met: (CHOPSTICKS_BLOCK_S * 1000) / fullMs >= 20 },
    ],
    notes: [
      'The chopsticks figure (0.36–0.6 s per block) was recorded earlier with chopsticks on the same kind of machine, not measured in this run.',
      'Block times are dev_newBlock round trips over WebSocket: execution, LevelDB batch write and the RPC answer, timed once the node has served its metadata (as after a client connects).',
      'Transactions are pre-signed before timing (call encoded by @polkadot/api, sr25519 in wasm); submission and watching use raw JSON-RPC.',
    ],
  };
};

export default bench;
