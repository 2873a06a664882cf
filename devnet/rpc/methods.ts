import { SubnetError } from '../../core/errors.ts';
import type { DevnetNode } from '../node.ts';
import { authorMethods } from './author.ts';
import { chainMethods } from './chain.ts';
import { chainHeadMethods } from './chain-head.ts';
import { chainSpecMethods } from './chain-spec.ts';
import { devMethods } from './dev.ts';
import { paymentMethods } from './payment.ts';
import { stateMethods } from './state.ts';
import { systemMethods } from './system.ts';
import { transactionMethods } from './transaction.ts';
import { transactionWatchMethods } from './transaction-watch.ts';
import type { RpcHandler, RpcMethodGroup } from './types.ts';

/** Every method group the devnet serves, one file per namespace. */
const GROUPS: ((node: DevnetNode) => RpcMethodGroup)[] = [
  // the legacy interface: every method @polkadot/api uses at connect and during signAndSend
  systemMethods,
  chainMethods,
  stateMethods,
  authorMethods,
  paymentMethods,
  // chopsticks' dev_* methods
  devMethods,
  // the new JSON-RPC interface (paritytech/json-rpc-interface-spec): polkadot-api, smoldot clients, subxt
  chainHeadMethods,
  chainSpecMethods,
  transactionMethods,
  transactionWatchMethods,
];

/** The JSON-RPC method table, `rpc_methods` included. */
export function rpcMethods(node: DevnetNode): Map<string, RpcHandler> {
  const m = new Map<string, RpcHandler>();
  m.set('rpc_methods', () => ({ version: 1, methods: [...m.keys()].sort() }));
  for (const group of GROUPS) {
    for (const [name, h] of group(node)) {
      if (m.has(name)) throw new SubnetError('DEVNET_RPC_DUPLICATE', `rpc method ${name} is defined twice`);
      m.set(name, h);
    }
  }
  return m;
}
