import { ModuleError, type ApiContext, type RuntimeApiDef, type StateReader } from '../../pallet.ts';
import { NetworksAdded, SubnetMechanism } from '../subtensor/storage.ts';
import { div, fromInt, mul, toU64 } from './fixed.ts';
import type { Side, SwapResult } from './pool.ts';
import { currentAlphaPrice, currentPrice, NO_LIMIT, poolSwap } from './pool-state.ts';

/**
 * SwapRuntimeApi: the pool's price and quotes of a swap (simulated on the
 * state at the block asked for, nothing written), with the real `SimSwapResult`.
 */
const ZERO_SIM = { tao_amount: 0n, alpha_amount: 0n, tao_fee: 0n, alpha_fee: 0n, tao_slippage: 0n, alpha_slippage: 0n };

/** `sim_swap` as the runtime API answers it: a failed swap reads as zeros. */
function simulate(state: StateReader, netuid: number, side: Side, amount: bigint): SwapResult | undefined {
  if (SubnetMechanism.get(state, netuid) !== 1) {
    const exists = NetworksAdded.get(state, netuid);
    return { paidIn: exists ? amount : 0n, paidOut: exists ? amount : 0n, fee: 0n };
  }
  try {
    return poolSwap(state, netuid, side, amount, NO_LIMIT[side], false, true);
  } catch (err) {
    if (err instanceof ModuleError) return undefined;
    throw err;
  }
}

export function simSwapTaoForAlpha(state: StateReader, netuid: number, tao: bigint) {
  const noSlippage = toU64(div(fromInt(tao), currentPrice(state, netuid)));
  const r = simulate(state, netuid, 'buy', tao);
  if (!r) return ZERO_SIM;
  const slip = noSlippage > r.paidOut ? noSlippage - r.paidOut : 0n;
  return { tao_amount: r.paidIn, alpha_amount: r.paidOut, tao_fee: r.fee, alpha_fee: 0n, tao_slippage: 0n, alpha_slippage: slip };
}

export function simSwapAlphaForTao(state: StateReader, netuid: number, alpha: bigint) {
  const noSlippage = toU64(mul(fromInt(alpha), currentPrice(state, netuid)));
  const r = simulate(state, netuid, 'sell', alpha);
  if (!r) return ZERO_SIM;
  const slip = noSlippage > r.paidOut ? noSlippage - r.paidOut : 0n;
  return { tao_amount: r.paidOut, alpha_amount: r.paidIn, tao_fee: 0n, alpha_fee: r.fee, tao_slippage: slip, alpha_slippage: 0n };
}

export const SWAP_RUNTIME_APIS: RuntimeApiDef[] = [
  {
    name: 'SwapRuntimeApi',
    version: 1,
    methods: [
      {
        name: 'current_alpha_price',
        inputs: [{ name: 'netuid', type: 'u16' }],
        output: 'u64',
        call: (ctx: ApiContext, a: { netuid: number }) => currentAlphaPrice(ctx.state, a.netuid),
      },
      {
        name: 'current_alpha_price_all',
        inputs: [],
        output: 'Vec<SubnetPrice>',
        call: (ctx: ApiContext) =>
          NetworksAdded.entries(ctx.state)
            .filter(([, added]) => added)
            .map(([[netuid]]) => ({ netuid, price: currentAlphaPrice(ctx.state, netuid) })),
      },
      {
        name: 'sim_swap_tao_for_alpha',
        inputs: [
          { name: 'netuid', type: 'u16' },
          { name: 'tao', type: 'u64' },
        ],
        output: 'SimSwapResult',
        call: (ctx: ApiContext, a: { netuid: number; tao: bigint }) => simSwapTaoForAlpha(ctx.state, a.netuid, a.tao),
      },
      {
        name: 'sim_swap_alpha_for_tao',
        inputs: [
          { name: 'netuid', type: 'u16' },
          { name: 'alpha', type: 'u64' },
        ],
        output: 'SimSwapResult',
        call: (ctx: ApiContext, a: { netuid: number; alpha: bigint }) => simSwapAlphaForTao(ctx.state, a.netuid, a.alpha),
      },
    ],
  },
];
