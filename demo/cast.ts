/**
 * Who plays in the demo: two validators and five miners with the behaviours a
 * subnet owner worries about. The names double as wallet names.
 */
export type Behaviour = 'validator' | 'honest' | 'noisy' | 'random' | 'offline';

export interface CastMember {
  /** wallet name; the hotkey is `default` */
  name: string;
  role: 'validator' | 'miner';
  behaviour: Behaviour;
  /** TAO the validator's coldkey stakes on its hotkey after registering */
  stake: number;
}

export const DEMO_CAST: readonly CastMember[] = [
  { name: 'validator-a', role: 'validator', behaviour: 'validator', stake: 1000 },
  { name: 'validator-b', role: 'validator', behaviour: 'validator', stake: 600 },
  { name: 'miner-honest-1', role: 'miner', behaviour: 'honest', stake: 0 },
  { name: 'miner-honest-2', role: 'miner', behaviour: 'honest', stake: 0 },
  { name: 'miner-noisy', role: 'miner', behaviour: 'noisy', stake: 0 },
  { name: 'miner-random', role: 'miner', behaviour: 'random', stake: 0 },
  { name: 'miner-offline', role: 'miner', behaviour: 'offline', stake: 0 },
];

/** A cast member once its wallet exists. */
export interface Player extends CastMember {
  hotkey: string;
  coldkey: string;
}
