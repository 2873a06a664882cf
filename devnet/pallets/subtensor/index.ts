import { hexToU8a } from '@polkadot/util';
import { definePallet, type ConstantContext, type ConstantDef } from '../../pallet.ts';
import { Reader } from '../../scale/codec.ts';
import { moveStakeCalls } from './calls/move-stake.ts';
import { networkCalls } from './calls/network.ts';
import { registrationCalls } from './calls/registration.ts';
import { servingCalls } from './calls/serving.ts';
import { stakingCalls } from './calls/staking.ts';
import { swapCalls } from './calls/swap.ts';
import { weightCalls } from './calls/weights.ts';
import { childrenCalls } from './children.ts';
import { blockStep, endOfBlock } from './coinbase.ts';
import { SUBTENSOR_INDEX } from './errors.ts';
import { buildSubtensorGenesis } from './genesis.ts';
import { identityCalls, SubnetIdentitiesV3 } from './identity.ts';
import { SUBTENSOR_RUNTIME_APIS } from './runtime-api/index.ts';
import { SPEC381_TYPES, SUBTENSOR_CONSTANTS, SUBTENSOR_ERRORS, SUBTENSOR_EVENTS } from './spec381.ts';
import { ALL_STORAGE, AllowLoopbackAxons, DefaultTempo } from './storage.ts';
import { timelockedCalls } from './timelocked.ts';
import { SUBTENSOR_TYPES } from './types.ts';

/**
 * SubtensorModule (pallet index 7): subnets, registration, serving, weights,
 * stake, per-block emission and the Yuma epoch, with the call, storage, event,
 * error and constant names, indices and types of the spec-381 runtime.
 */
const constants: ConstantDef[] = SUBTENSOR_CONSTANTS.map((c) => ({
  name: c.name,
  type: c.type,
  // the real runtime's constant values, kept as SCALE: decoding needs the runtime's types
  value: ({ registry }: ConstantContext) => registry.codec(c.type).decode(new Reader(hexToU8a(c.hex))),
}));

const subnetCalls = networkCalls((state) => ({ tempo: DefaultTempo.get(state) }));
const registerNetwork = subnetCalls.find((c) => c.name === 'register_network')!;

export const subtensorModule = definePallet({
  name: 'SubtensorModule',
  index: SUBTENSOR_INDEX,
  docs: ['Subtensor: subnets, neurons, weights, stake and Yuma Consensus emission.'],
  types: { ...SPEC381_TYPES, ...SUBTENSOR_TYPES },
  calls: [
    ...weightCalls,
    ...timelockedCalls,
    ...stakingCalls,
    ...childrenCalls,
    ...moveStakeCalls,
    ...servingCalls,
    ...registrationCalls,
    ...swapCalls,
    ...subnetCalls,
    ...identityCalls(registerNetwork),
  ],
  storage: [...ALL_STORAGE, SubnetIdentitiesV3],
  devnetStorage: [AllowLoopbackAxons, DefaultTempo],
  events: SUBTENSOR_EVENTS,
  errors: SUBTENSOR_ERRORS,
  constants,
  hooks: { onInitialize: blockStep, onFinalize: endOfBlock },
  runtimeApis: SUBTENSOR_RUNTIME_APIS,
  genesis: { key: 'subtensorModule', build: buildSubtensorGenesis },
});
