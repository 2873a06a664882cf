import { hexToU8a, isHex } from '@polkadot/util';
import { decodeExtrinsic, type Extrinsic } from '../extrinsic/decode.ts';
import type { DevnetNode } from '../node.ts';
import { invalidParams } from './errors.ts';
import { optHash } from './params.ts';
import type { RpcHandler, RpcMethodGroup } from './types.ts';

/** An extrinsic of dev_newBlock's `transactions`: raw bytes that skip the pool. */
function blockTransaction(node: DevnetNode, hex: unknown): Extrinsic {
  if (typeof hex !== 'string' || !isHex(hex)) throw invalidParams('transactions must be hex');
  try {
    return decodeExtrinsic(node.runtime, hexToU8a(hex));
  } catch (err) {
    throw invalidParams(`transaction does not decode: ${(err as Error).message}`);
  }
}

/** `dev_*`, chopsticks-compatible: block production on demand, storage patches, time travel. */
export function devMethods(node: DevnetNode): RpcMethodGroup {
  return new Map<string, RpcHandler>([
    [
      'dev_newBlock',
      async (params) => {
        const opts = (params[0] ?? {}) as { count?: unknown; to?: unknown; transactions?: unknown };
        if (typeof opts !== 'object' || Array.isArray(opts)) throw invalidParams('expected { count?, to?, transactions? }');
        let count = 1;
        if (opts.count !== undefined && opts.count !== null) {
          if (typeof opts.count !== 'number' || !Number.isInteger(opts.count) || opts.count < 1) throw invalidParams('count must be a positive integer');
          count = opts.count;
        }
        if (opts.to !== undefined && opts.to !== null) {
          if (typeof opts.to !== 'number' || !Number.isInteger(opts.to)) throw invalidParams('to must be a block number');
          count = opts.to - node.head.header.number;
          if (count < 1) throw invalidParams(`to (${opts.to}) must be above the head (${node.head.header.number})`);
        }
        if (count > 10_000) throw invalidParams('at most 10000 blocks per dev_newBlock');
        const extra = Array.isArray(opts.transactions) ? opts.transactions.map((t) => blockTransaction(node, t)) : [];
        const block = await node.newBlocks(count, extra);
        return block.hash;
      },
    ],
    [
      'dev_setStorage',
      (params) => {
        if (params[1] !== undefined && params[1] !== null && optHash(params[1]) !== node.head.hash) {
          throw invalidParams('dev_setStorage only changes the head block on the devnet');
        }
        return node.setStorage(params[0]);
      },
    ],
    ['dev_timeTravel', (params) => node.timeTravel(params[0])],
    [
      'dev_setBlockBuildMode',
      (params) => {
        const mode = params[0];
        if (mode === 'Instant') node.setMode({ kind: 'instant' });
        else if (mode === 'Manual') node.setMode({ kind: 'manual' });
        else if (mode === 'Batch') node.setMode({ kind: 'interval', ms: 250 });
        else throw invalidParams("mode must be 'Batch', 'Instant' or 'Manual'");
        return null;
      },
    ],
  ]);
}
