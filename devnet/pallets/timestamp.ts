import { DispatchFailure, definePallet, defineStorage } from '../pallet.ts';

/**
 * Spec 381's fast-block build (a 250 ms Aura slot, twice this): the devnet's default block time.
 * Clients read the block time from it (the devnet has no Aura pallet) to plan timelocked reveal
 * rounds, so it must not claim slower blocks than the devnet makes.
 */
export const MINIMUM_PERIOD_MS = 125n;

export const Now = defineStorage<[], bigint>('Timestamp', { name: 'Now', value: 'u64', docs: [' The current time for the current block.'] });
export const DidUpdate = defineStorage<[], boolean>('Timestamp', {
  name: 'DidUpdate',
  value: 'bool',
  docs: [' Whether the timestamp has been updated in this block.'],
});

/**
 * `timestamp.set` is the block's first (inherent, unsigned) extrinsic, built by
 * the node. Devnet blocks may come faster than MinimumPeriod, so only
 * monotonicity is enforced.
 */
export const timestamp = definePallet({
  name: 'Timestamp',
  index: 2,
  calls: [
    {
      index: 0,
      name: 'set',
      args: [{ name: 'now', type: 'Compact<u64>' }],
      class: 'Mandatory',
      docs: ['Set the current time.'],
      dispatch(ctx, { now }: { now: bigint }) {
        if (ctx.origin.kind !== 'none') throw new DispatchFailure('BadOrigin');
        if (DidUpdate.get(ctx.state)) throw new DispatchFailure('Other', 'Timestamp must be updated only once in the block');
        Now.set(ctx.state, now);
        DidUpdate.set(ctx.state, true);
      },
    },
  ],
  storage: [Now, DidUpdate],
  constants: [
    {
      name: 'MinimumPeriod',
      type: 'u64',
      value: MINIMUM_PERIOD_MS,
      docs: [' The minimum period between blocks.'],
    },
  ],
  hooks: {
    onFinalize(ctx) {
      DidUpdate.remove(ctx.state);
    },
  },
});
