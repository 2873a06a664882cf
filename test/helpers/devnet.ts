import { ApiPromise, WsProvider } from '@polkadot/api';

// The devnet harness lives with the devnet (benchmarks use it too). Tests that start
// `subnet devnet` as a child process know it as startDevnet:
//
//   const devnet = await startDevnet({ mode: 'manual' });
//   const api = await connectApi(devnet.url);
//   ...
//   await api.disconnect(); await devnet.stop();
//
// Where the process boundary is not what a test checks, startInProcessDevnet has the same handle
// without the process start-up.
export {
  type DevnetMode,
  type DevnetProcess as DevnetHandle,
  type InProcessDevnet,
  spawnDevnet as startDevnet,
  type SpawnDevnetOptions as StartDevnetOptions,
  startInProcessDevnet,
} from '../../devnet/harness.ts';

/**
 * An `@polkadot/api` client for a test devnet: reconnects every second, gives up on a request after 10 s, and
 * throws if the first connection fails (a test should fail fast, not hang on a node that did not start).
 */
export function connectApi(url: string): Promise<ApiPromise> {
  return ApiPromise.create({ provider: new WsProvider(url, 1000, {}, 10_000), noInitWarn: true, throwOnConnect: true });
}
