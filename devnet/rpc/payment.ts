import { isHex } from '@polkadot/util';
import type { DevnetNode } from '../node.ts';
import type { Hex } from '../scale/types.ts';
import { invalidParams } from './errors.ts';
import { optHash } from './params.ts';
import type { RpcHandler, RpcMethodGroup } from './types.ts';

function extrinsicParam(v: unknown): Hex {
  if (typeof v !== 'string' || !isHex(v)) throw invalidParams('extrinsic must be 0x hex');
  return v;
}

/** `payment_*`: an extrinsic's weight, class and fee, as the runtime charges it. */
export function paymentMethods(node: DevnetNode): RpcMethodGroup {
  return new Map<string, RpcHandler>([
    [
      'payment_queryInfo',
      async (params) => {
        await node.at(optHash(params[1]));
        return node.queryInfo(extrinsicParam(params[0]));
      },
    ],
    [
      'payment_queryFeeDetails',
      async (params) => {
        await node.at(optHash(params[1]));
        return node.queryFeeDetails(extrinsicParam(params[0]));
      },
    ],
  ]);
}
