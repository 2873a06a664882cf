import { parentPort, workerData } from 'node:worker_threads';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { createLogger } from '../core/logger.ts';
import { Axon } from '../protocol/ws/axon.ts';

/**
 * The protocol benchmark's second axon, on a worker thread of its own: an `Echo` synapse for
 * `workerData.uri`, so that the axon side of each round trip runs on its own core as it does
 * on a miner's machine. Posts { url } when listening; any message back closes it and posts 'closed'.
 */
async function main(uri: string): Promise<void> {
  await cryptoWaitReady();
  const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(uri);
  const axon = new Axon({ keypair: pair, maxFrameBytes: 1024 * 1024, logger: createLogger('axon', { level: 'warn' }) });
  axon.attach('Echo', (s) => s.body);
  const { url } = await axon.listen();
  parentPort!.once('message', () => {
    void axon.close(1_000).then(() => parentPort!.postMessage('closed'));
  });
  parentPort!.postMessage({ url });
}

if (parentPort) void main((workerData as { uri: string }).uri);
