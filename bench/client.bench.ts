import WebSocket from 'ws';
import { SubtensorClient } from '../chain/client.ts';
import { cryptoReady, keyFromUri, toKeyringPair } from '../chain/wallet/keypair.ts';
import { spawnDevnet } from '../devnet/harness.ts';
import { percentile, type Benchmark } from './result.ts';

/**
 * SubtensorClient.getMetagraph on a devnet child process with N registered
 * neurons: the whole read (best block, runtime API at that block, SCALE decode,
 * BlockAtRegistration from storage, conversion to typed arrays). Reference: the
 * bare `state_call NeuronInfoRuntimeApi_get_neurons_lite` round trip over a raw
 * ws socket to the same node (no decoding), measured in the same run.
 * ratio = reference p50 / client p50 (1.0 = as fast as the raw call).
 */
const N = 64;
const ROUNDS = 30;

async function rawStateCall(url: string, rounds: number): Promise<number[]> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('state_call timed out')), 30_000);
        ws.once('message', () => {
          clearTimeout(timer);
          resolve();
        });
        ws.send(JSON.stringify({ jsonrpc: '2.0', id: i + 1, method: 'state_call', params: ['NeuronInfoRuntimeApi_get_neurons_lite', '0x0100'] }));
      });
      times.push(performance.now() - t0);
    }
  } finally {
    ws.close();
  }
  return times;
}

const bench: Benchmark = async () => {
  await cryptoReady();
  const devnet = await spawnDevnet({
    mode: 'instant',
    genesis: { subtensorModule: { subnet: { tempo: 360, startCall: true, maxAllowedUids: 256, burn: 1000, minBurn: 1000, maxBurn: 1000 } } },
  });
  const client = await SubtensorClient.connect(devnet.url);
  try {
    const alice = toKeyringPair(keyFromUri('//Alice'));
    for (let i = 0; i < N - 1; i++) await client.burnedRegister(alice, 1, toKeyringPair(keyFromUri(`//Alice//bench-${i}`)).address);
    const n = (await client.getMetagraph(1)).n;
    const viaClient: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      await client.getMetagraph(1);
      viaClient.push(performance.now() - t0);
    }
    const viaStorage: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await client.getMetagraph(1, { source: 'storage' });
      viaStorage.push(performance.now() - t0);
    }
    const raw = await rawStateCall(devnet.url, ROUNDS);
    const p50 = percentile(viaClient, 50);
    const ref = percentile(raw, 50);
    return {
      name: `client: getMetagraph, ${n} neurons on a devnet child process`,
      figures: [
        { name: 'getMetagraph p50 (runtime API)', value: p50, unit: 'ms' },
        { name: 'getMetagraph p95 (runtime API)', value: percentile(viaClient, 95), unit: 'ms' },
        { name: 'getMetagraph p50 (storage fallback)', value: percentile(viaStorage, 50), unit: 'ms' },
      ],
      reference: { name: 'raw ws state_call p50', value: ref, unit: 'ms' },
      ratio: ref / p50,
      ratioMeaning: 'raw state_call p50 / getMetagraph p50 (1.0 = no client overhead)',
      notes: ['getMetagraph also reads the best block hash/header and BlockAtRegistration, so it makes 4 RPC round trips to the raw call’s 1'],
    };
  } finally {
    await client.close();
    await devnet.stop();
  }
};

export default bench;
