import type { RuntimeApiDef } from '../../../pallet.ts';
import { networkLockCost } from '../calls/network.ts';

/** SubnetRegistrationRuntimeApi: the lock `register_network` would take at this block (`get_network_lock_cost`), TaoCurrency as u64. */
export const SUBNET_REGISTRATION_RUNTIME_API: RuntimeApiDef = {
  name: 'SubnetRegistrationRuntimeApi',
  version: 1,
  methods: [{ name: 'get_network_registration_cost', inputs: [], output: 'u64', call: (ctx) => networkLockCost(ctx.state, BigInt(ctx.blockNumber)) }],
};
