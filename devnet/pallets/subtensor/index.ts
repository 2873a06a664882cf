import { hexToU8a } from '@polkadot/util';
import { definePallet, type ConstantContext, type ConstantDef, type ErrorDef, type EventDef } from '../../pallet.ts';
import { Reader } from '../../scale/codec.ts';
import { networkCalls } from './calls/network.ts';
import { registrationCalls } from './calls/registration.ts';
import { servingCalls } from './calls/serving.ts';
import { stakingCalls } from './calls/staking.ts';
import { swapCalls } from './calls/swap.ts';
import { weightCalls } from './calls/weights.ts';
import { blockStep, endOfBlock } from './coinbase.ts';
import { SUBTENSOR_INDEX } from './errors.ts';
import { buildSubtensorGenesis } from './genesis.ts';
import { SUBTENSOR_RUNTIME_APIS } from './runtime-api.ts';
import { SUBTENSOR_CONSTANTS, SUBTENSOR_ERRORS, SUBTENSOR_EVENTS } from './spec293.ts';
import { ALL_STORAGE, AllowLoopbackAxons, DefaultTempo } from './storage.ts';
import { timelockedCalls } from './timelocked.ts';
import { SUBTENSOR_TYPES } from './types.ts';

/**
 * SubtensorModule (pallet index 7): subnets, registration, serving, weights,
 * stake, per-block emission and the Yuma epoch, with the call, storage, event,
 * error and constant names, indices and types of the spec-293 runtime.
 */
/** Items of spec 381 the devnet serves beyond spec 293's tables (commit-reveal v4), with 381's indices. */
const SPEC381_EVENTS: EventDef[] = [
  {
    index: 105,
    name: 'TimelockedWeightsCommitted',
    fields: [
      { name: '', type: 'AccountId32' },
      { name: '', type: 'NetUidStorageIndex' },
      { name: '', type: 'H256' },
      { name: '', type: 'u64' },
    ],
    docs: ['Timelocked weights have been committed: (hotkey, mechanism storage index, blake2-256 of the commit, reveal round).'],
  },
  {
    index: 106,
    name: 'TimelockedWeightsRevealed',
    fields: [
      { name: '', type: 'NetUidStorageIndex' },
      { name: '', type: 'AccountId32' },
    ],
    docs: ['Timelocked weights have been revealed by the chain: (mechanism storage index, hotkey).'],
  },
];
const SPEC381_ERRORS: ErrorDef[] = [
  { index: 111, name: 'IncorrectCommitRevealVersion', docs: ['Incorrect commit-reveal version.'] },
  { index: 116, name: 'CannotAffordLockCost', docs: ['Not enough balance to pay the network lock cost.'] },
];

const constants: ConstantDef[] = SUBTENSOR_CONSTANTS.map((c) => ({
  name: c.name,
  type: c.type,
  // the real runtime's constant values, kept as SCALE: decoding needs the runtime's types
  value: ({ registry }: ConstantContext) => registry.codec(c.type).decode(new Reader(hexToU8a(c.hex))),
}));

export const subtensorModule = definePallet({
  name: 'SubtensorModule',
  index: SUBTENSOR_INDEX,
  docs: ['Subtensor: subnets, neurons, weights, stake and Yuma Consensus emission.'],
  types: SUBTENSOR_TYPES,
  calls: [
    ...weightCalls,
    ...timelockedCalls,
    ...stakingCalls,
    ...servingCalls,
    ...registrationCalls,
    ...swapCalls,
    ...networkCalls((state) => ({ tempo: DefaultTempo.get(state) })),
  ],
  storage: ALL_STORAGE,
  devnetStorage: [AllowLoopbackAxons, DefaultTempo],
  events: [...SUBTENSOR_EVENTS, ...SPEC381_EVENTS],
  errors: [...SUBTENSOR_ERRORS, ...SPEC381_ERRORS],
  constants,
  hooks: { onInitialize: blockStep, onFinalize: endOfBlock },
  runtimeApis: SUBTENSOR_RUNTIME_APIS,
  genesis: { key: 'subtensorModule', build: buildSubtensorGenesis },
});
