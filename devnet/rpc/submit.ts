import { hexToU8a, isHex } from '@polkadot/util';
import { decodeExtrinsic, type Extrinsic } from '../extrinsic/decode.ts';
import type { DevnetNode } from '../node.ts';
import { RPC, RpcError, toRpcError } from './errors.ts';

/**
 * A transaction from JSON-RPC params into the pool: not hex is invalid params,
 * bytes that do not decode are a verification error (1002), and the pool's
 * refusals become Substrate's 1010-1014 errors.
 */
export function submitHex(node: DevnetNode, hex: unknown): Extrinsic {
  if (typeof hex !== 'string' || !isHex(hex)) throw new RpcError(RPC.INVALID_PARAMS, 'Invalid params: extrinsic must be a 0x-prefixed hex string');
  let x: Extrinsic;
  try {
    x = decodeExtrinsic(node.runtime, hexToU8a(hex));
  } catch (err) {
    throw new RpcError(RPC.VERIFICATION, 'Verification Error: Runtime error: Could not decode extrinsic', (err as Error).message);
  }
  try {
    node.pool.submit(x);
  } catch (err) {
    throw toRpcError(err) ?? err;
  }
  return x;
}
