import { DispatchFailure, ModuleError, type DispatchErrorValue } from '../../pallet.ts';
import { SUBTENSOR_ERRORS } from './spec381.ts';

export const SUBTENSOR_INDEX = 7;
const errorIndex = new Map(SUBTENSOR_ERRORS.map((e) => [e.name, e.index]));

/** The `DispatchError` value of a failure, as batch calls report it in `BatchWeightItemFailed`. */
export function dispatchErrorOf(err: unknown): DispatchErrorValue {
  if (err instanceof ModuleError && err.pallet === 'SubtensorModule') {
    const index = errorIndex.get(err.errorName) ?? 0;
    return { Module: { index: SUBTENSOR_INDEX, error: `0x${index.toString(16).padStart(2, '0')}000000` } };
  }
  if (err instanceof DispatchFailure) return err.error;
  return 'Other';
}
