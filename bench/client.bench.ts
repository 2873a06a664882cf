import WebSocket from 'ws';
import { SubtensorClient } from '../chain/client.ts';
import { SELECTIVE_METAGRAPH_INDEX } from '../chain/metagraph-reader.ts';
import { cryptoReady, keyFromUri, toKeyringPair } from '../chain/wallet/keypair.ts';
import { spawnDevnet } from '../devnet/harness.ts';
import { percentile, type Benchmark } from './result.ts';

/**
 * SubtensorClient.getMetagraph on a devnet child process with N registered
 * neurons: the whole read (best block, `get_selective_metagraph` at that block
 * with ValidatorTrust from storage beside it, SCALE decode, conversion to typed
 * arrays). The `get_neurons_lite` path (runtimes without the metagraph API) is
 * measured in the same rounds, alternating, so both see the same machine load.
 * Reference: the bare `state_call SubnetInfoRuntimeApi_get_selective_metagraph`
 * with the client's index list over a raw ws socket to the same node (no
 * decoding). ratio = reference p50 / client p50 (1.0 = as fast as the raw call).
 */
const N = 64;
const ROUNDS = 30;

/** SCALE of (netuid 1: u16, the client's indexes: Vec<u16>). */
function selectiveParams(): string {
  const indexes = Object.values(SELECTIVE_METAGRAPH_INDEX);
  const u16 = (v: number) => [v & 0xff, v >> 8];
  const bytes = [...u16(1), indexes.length << 2, ...indexes.flatMap(u16)];
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

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
        ws.send(
          JSON.stringify({ jsonrpc: '2.0', id: i + 1, method: 'state_call', params: ['SubnetInfoRuntimeApi_get_selective_metagraph', selectiveParams()] }),
        );
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
    const viaNeuronsLite: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      await client.getMetagraph(1);
      viaClient.push(performance.now() - t0);
      const t1 = performance.now();
      await client.getMetagraph(1, { source: 'neurons-lite' });
      viaNeuronsLite.push(performance.now() - t1);
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
        { name: 'getMetagraph p50 (get_selective_metagraph)', value: p50, unit: 'ms' },
        { name: 'getMetagraph p95 (get_selective_metagraph)', value: percentile(viaClient, 95), unit: 'ms' },
        { name: 'getMetagraph p50 (get_neurons_lite)', value: percentile(viaNeuronsLite, 50), unit: 'ms' },
        { name: 'getMetagraph p50 (storage fallback)', value: percentile(viaStorage, 50), unit: 'ms' },
      ],
      reference: { name: 'raw ws state_call p50', value: ref, unit: 'ms' },
      ratio: ref / p50,
      ratioMeaning: 'raw state_call p50 / getMetagraph p50 (1.0 = no client overhead)',
      notes: [
        'getMetagraph first reads the best block hash, then the runtime API and ValidatorTrust at it in parallel: 2 sequential round trips to the raw call’s 1',
      ],
    };
  } finally {
    await client.close();
    await devnet.stop();
  }
};

export default bench;
