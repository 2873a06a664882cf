import { ensureRoot, type CallDef } from '../../../pallet.ts';
import { NetworksAdded } from '../../subtensor/storage.ts';
import { FeeRate } from '../storage.ts';

/** `MaxFeeRate`: 10000 / 65535 ≈ 15.26 %. */
export const MAX_FEE_RATE = 10_000;

/** The pool's fee rate, set by root (pallet_subtensor_swap `set_fee_rate`). */
export const feeRateCalls: CallDef[] = [
  {
    index: 0,
    name: 'set_fee_rate',
    args: [
      { name: 'netuid', type: 'NetUid' },
      { name: 'rate', type: 'u16' },
    ],
    docs: ["Sets a subnet's swap fee rate (rate / 65535); root only."],
    dispatch(ctx, a: { netuid: number; rate: number }) {
      ensureRoot(ctx.origin);
      if (!NetworksAdded.get(ctx.state, a.netuid)) ctx.fail('MechanismDoesNotExist');
      if (a.rate > MAX_FEE_RATE) ctx.fail('FeeRateTooHigh');
      FeeRate.set(ctx.state, a.netuid, a.rate);
      ctx.deposit('FeeRateSet', [a.netuid, a.rate]);
    },
  },
];
