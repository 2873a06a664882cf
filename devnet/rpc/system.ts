import { toAccountId } from '../account.ts';
import type { DevnetNode } from '../node.ts';
import { CHAIN } from '../spec.ts';
import { invalidParams } from './errors.ts';
import type { RpcHandler, RpcMethodGroup } from './types.ts';

/** `system_*`: the node's identity and health, and the pool-aware next nonce of an account. */
export function systemMethods(node: DevnetNode): RpcMethodGroup {
  return new Map<string, RpcHandler>([
    ['system_chain', () => CHAIN.name],
    ['system_name', () => CHAIN.nodeName],
    ['system_version', () => CHAIN.nodeVersion],
    ['system_chainType', () => CHAIN.chainType],
    ['system_properties', () => ({ isEthereum: false, ss58Format: CHAIN.ss58Format, tokenDecimals: CHAIN.tokenDecimals, tokenSymbol: CHAIN.tokenSymbol })],
    ['system_health', () => ({ peers: 0, isSyncing: false, shouldHavePeers: false })],
    ['system_localPeerId', () => '12D3KooWDevnetDevnetDevnetDevnetDevnetDevnet'],
    ['system_localListenAddresses', () => []],
    ['system_nodeRoles', () => ['Authority']],
    ['system_peers', () => []],
    ['system_syncState', () => ({ startingBlock: 0, currentBlock: node.head.header.number, highestBlock: node.head.header.number })],
    [
      'system_accountNextIndex',
      (params) => {
        let who;
        try {
          who = toAccountId(params[0]);
        } catch {
          throw invalidParams('expected an SS58 address or 0x account id');
        }
        return node.pool.nextNonce(who);
      },
    ],
  ]);
}
