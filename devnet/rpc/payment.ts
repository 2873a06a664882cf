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

/** `payment_*`: the weight and class of an extrinsic; fees are zero on the devnet. */
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
        node.queryInfo(extrinsicParam(params[0]));
        return { inclusionFee: null, tip: '0x0' };
      },
    ],
  ]);
}
