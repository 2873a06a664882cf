import type { RuntimeApiDef } from '../../../pallet.ts';
import { NEURON_INFO_RUNTIME_API } from './neuron-info.ts';
import { STAKE_INFO_RUNTIME_API } from './stake-info.ts';
import { SUBNET_INFO_RUNTIME_API } from './subnet-info.ts';
import { SUBNET_REGISTRATION_RUNTIME_API } from './subnet-registration.ts';

/** The runtime APIs SubtensorModule answers (`state_call`), one file each. */
export const SUBTENSOR_RUNTIME_APIS: RuntimeApiDef[] = [
  NEURON_INFO_RUNTIME_API,
  SUBNET_INFO_RUNTIME_API,
  STAKE_INFO_RUNTIME_API,
  SUBNET_REGISTRATION_RUNTIME_API,
];
