import { ensureRoot, type CallDef, type StorageItem } from '../../pallet.ts';

/**
 * A root call that stores its one argument in a global SubtensorModule item and
 * deposits the SubtensorModule event `event(value)` when it names one: the
 * shape of most of the runtime's chain-wide setters, in AdminUtils and SubtensorModule alike.
 */
export function rootSetter(index: number, name: string, arg: string, type: string, item: StorageItem<[], any>, event?: string): CallDef {
  return {
    index,
    name,
    args: [{ name: arg, type }],
    dispatch(ctx, a: Record<string, any>) {
      ensureRoot(ctx.origin);
      item.set(ctx.state, a[arg]);
      if (event) ctx.depositEvent('SubtensorModule', event, [a[arg]]);
    },
  };
}
