import { parentPort, workerData } from 'node:worker_threads';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { Axon } from '../protocol/ws/axon.ts';
import { openPolicy } from '../protocol/axon-policy.ts';
import type { SynapseHandler } from '../protocol/synapse-handler.ts';

/**
 * The validator benchmark's miners, on their own worker thread: cheap
 * protocol servers that answer every `Embed` with a fixed 384-float vector
 * per text. On a thread of their own their signing and encoding do not queue
 * on the validator's event loop, as it would not with real, remote miners;
 * they still take CPU from the same machine.
 *
 * workerData: { count }. Posts { miners: [{ hotkey, port }] } when listening;
 * any message back closes them and posts 'closed'.
 */
export interface CheapMiner {
  hotkey: string;
  port: number;
}

async function main(count: number): Promise<void> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const vector = Float32Array.from({ length: 384 }, (_, i) => Math.sin(i + 1) / 10);
  const cheap: SynapseHandler = (call) => ({ embeddings: (call.body as { texts: string[] }).texts.map(() => vector) });
  const axons: Axon[] = [];
  const miners: CheapMiner[] = [];
  for (let i = 0; i < count; i++) {
    const pair = keyring.addFromUri(`//bench-miner-${i}`);
    const axon = new Axon({ keypair: pair, port: 0, policy: openPolicy }).attach('Embed', cheap);
    const { port } = await axon.listen();
    axons.push(axon);
    miners.push({ hotkey: pair.address, port });
  }
  parentPort!.once('message', () => {
    void Promise.all(axons.map((a) => a.close(100))).then(() => parentPort!.postMessage('closed'));
  });
  parentPort!.postMessage({ miners });
}

if (parentPort) void main((workerData as { count: number }).count);
