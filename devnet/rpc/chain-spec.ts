import type { DevnetNode } from '../node.ts';
import { CHAIN } from '../spec.ts';
import type { RpcHandler } from './types.ts';

/**
 * `chainSpec_v1_*` of the new JSON-RPC interface: the chain's name, genesis
 * hash and properties, the same values `system_chain`,
 * `chain_getBlockHash(0)` and `system_properties` give.
 */
export function chainSpecMethods(node: DevnetNode): Map<string, RpcHandler> {
  return new Map<string, RpcHandler>([
    ['chainSpec_v1_chainName', () => CHAIN.name],
    ['chainSpec_v1_genesisHash', () => node.genesisHash],
    [
      'chainSpec_v1_properties',
      () => ({ isEthereum: false, ss58Format: CHAIN.ss58Format, tokenDecimals: CHAIN.tokenDecimals, tokenSymbol: CHAIN.tokenSymbol }),
    ],
  ]);
}
