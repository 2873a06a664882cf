import { runEpoch, type EpochInput, type EpochOutput } from '../../consensus/index.ts';
import { decodeEpochInput } from '../../consensus/input.ts';
import { runEpochReference } from '../../consensus/reference-epoch.ts';

/** Every scenario runs on both implementations: the fast engine and the BigInt reference. */
export const engines: [string, (input: EpochInput) => EpochOutput][] = [
  ['runEpoch', runEpoch],
  ['BigInt reference', (input) => runEpochReference(decodeEpochInput(input))],
];
