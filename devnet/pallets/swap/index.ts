import { u8aToHex, stringToU8a } from '@polkadot/util';
import { definePallet, ensureRoot, ModuleError, type ApiContext, type State, type StateReader } from '../../pallet.ts';
import { SubnetAlphaIn, SubnetMechanism, SubnetTAO, NetworksAdded } from '../subtensor/storage.ts';
import { div, fromInt, mul, toU64, truncateToU96F32 } from './fixed.ts';
import { limitSqrtPrice, MAX_PRICE, MIN_PRICE, MINIMUM_LIQUIDITY, MINIMUM_RESERVE, swap, SwapError, type Pool, type Side, type SwapResult } from './pool.ts';
import {
  AlphaSqrtPrice, CurrentLiquidity, CurrentTick, FeeGlobalAlpha, FeeGlobalTao, FeeRate, LastPositionId, Positions,
  SWAP_STORAGE, SwapV3Initialized, TickIndexBitmapWords, Ticks, toPoolTick,
} from './storage.ts';
import { bitmapPositions, TICK_MAX, TICK_MIN } from './tick-math.ts';

/**
 * The Swap pallet (index 28 in spec 381): one concentrated-liquidity pool per
 * subnet between TAO (`SubnetTAO`) and its alpha (`SubnetAlphaIn`). Staking buys
 * alpha from the pool and unstaking sells it back; the runtime API quotes both.
 * Only the protocol's full-range position exists: the user-liquidity calls
 * (`add_liquidity`, `remove_liquidity`, `modify_position`, `toggle_user_liquidity`,
 * `disable_lp`) are not implemented.
 */
export const SWAP_INDEX = 28;
const MAX_FEE_RATE = 10_000;

/** `PalletId(*b"ten/swap").into_account_truncating()`: "modl" ++ id, zero-padded to 32 bytes. */
export const PROTOCOL_ACCOUNT = u8aToHex(new Uint8Array([...stringToU8a('modlten/swap'), ...new Uint8Array(20)]));

function loadPool(state: StateReader, netuid: number): Pool {
  const ticks = new Map();
  const initialized = SwapV3Initialized.get(state, netuid);
  if (initialized) {
    for (const index of [TICK_MIN, TICK_MAX]) {
      const t = Ticks.get(state, netuid, index);
      if (t) ticks.set(index, toPoolTick(t));
    }
  }
  return {
    mechanism: SubnetMechanism.get(state, netuid),
    taoReserve: SubnetTAO.get(state, netuid),
    alphaReserve: SubnetAlphaIn.get(state, netuid),
    initialized,
    sqrtPrice: AlphaSqrtPrice.get(state, netuid).bits,
    tick: CurrentTick.get(state, netuid),
    liquidity: CurrentLiquidity.get(state, netuid),
    feeRate: FeeRate.get(state, netuid),
    feeGlobalTao: FeeGlobalTao.get(state, netuid).bits,
    feeGlobalAlpha: FeeGlobalAlpha.get(state, netuid).bits,
    ticks,
  };
}

function savePool(state: State, netuid: number, pool: Pool, before: Pool): void {
  if (!before.initialized) {
    // the protocol position created by the first swap
    const id = LastPositionId.get(state) + 1n;
    LastPositionId.set(state, id);
    const liquidity = pool.ticks.get(TICK_MIN)?.liquidity_gross ?? 0n;
    Positions.set(state, netuid, PROTOCOL_ACCOUNT, id, {
      id, netuid, tick_low: TICK_MIN, tick_high: TICK_MAX, liquidity, fees_tao: { bits: 0n }, fees_alpha: { bits: 0n },
    });
    SwapV3Initialized.set(state, netuid, true);
    for (const index of [TICK_MIN, TICK_MAX]) {
      for (const [layer, word, mask] of bitmapPositions(index)) TickIndexBitmapWords.mutate(state, netuid, layer, word, (w) => w | mask);
    }
  }
  AlphaSqrtPrice.set(state, netuid, { bits: pool.sqrtPrice });
  CurrentTick.set(state, netuid, pool.tick);
  CurrentLiquidity.set(state, netuid, pool.liquidity);
  if (pool.feeGlobalTao !== before.feeGlobalTao) FeeGlobalTao.set(state, netuid, { bits: pool.feeGlobalTao });
  if (pool.feeGlobalAlpha !== before.feeGlobalAlpha) FeeGlobalAlpha.set(state, netuid, { bits: pool.feeGlobalAlpha });
  for (const [index, t] of pool.ticks) {
    Ticks.set(state, netuid, index, {
      liquidity_net: t.liquidity_net, liquidity_gross: t.liquidity_gross,
      fees_out_tao: { bits: t.fees_out_tao }, fees_out_alpha: { bits: t.fees_out_alpha },
    });
  }
}

function snapshot(pool: Pool): Pool {
  return { ...pool, ticks: new Map([...pool.ticks].map(([k, v]) => [k, { ...v }])) };
}

/**
 * `SwapHandler::swap`: `amount` of TAO (buy) or alpha (sell) through `netuid`'s
 * pool, not beyond `priceLimit` (RAO per alpha). With `simulate` nothing is
 * written. A subnet of another mechanism swaps 1:1 without a fee. Throws
 * `ModuleError('Swap', ...)` as the runtime fails.
 */
export function poolSwap(state: StateReader, netuid: number, side: Side, amount: bigint, priceLimit: bigint, dropFees: boolean, simulate: boolean): SwapResult {
  const pool = loadPool(state, netuid);
  if (pool.mechanism !== 1) return { paidIn: amount, paidOut: amount, fee: 0n };
  const before = simulate ? pool : snapshot(pool);
  let result: SwapResult;
  try {
    result = swap(pool, side, amount, limitSqrtPrice(priceLimit), dropFees, simulate);
  } catch (err) {
    if (err instanceof SwapError) throw new ModuleError('Swap', err.error);
    throw err;
  }
  if (!simulate) savePool(state as State, netuid, pool, before);
  return result;
}

/** The default limits: any price for a buy, any price for a sell. */
export const NO_LIMIT: Record<Side, bigint> = { buy: MAX_PRICE, sell: MIN_PRICE };

/** `current_price` as U64F64 bits (the runtime's U96F32, so 32 fractional bits). */
export function currentPrice(state: StateReader, netuid: number): bigint {
  if (SubnetMechanism.get(state, netuid) !== 1) return fromInt(1n);
  if (SwapV3Initialized.get(state, netuid)) {
    const sq = AlphaSqrtPrice.get(state, netuid).bits;
    return truncateToU96F32(mul(sq, sq));
  }
  const alpha = SubnetAlphaIn.get(state, netuid);
  if (alpha === 0n) return 0n;
  return ((SubnetTAO.get(state, netuid) << 32n) / alpha) << 32n;
}

/** The pool's price in RAO per alpha (`current_alpha_price`). */
export function currentAlphaPrice(state: StateReader, netuid: number): bigint {
  return toU64(mul(currentPrice(state, netuid), fromInt(1_000_000_000n)));
}

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


const fixedType = (name: string) => ({ path: ['substrate_fixed', name], struct: { bits: name === 'FixedI128' ? 'i128' : 'u128' } });

export const swapPallet = definePallet({
  name: 'Swap',
  index: SWAP_INDEX,
  docs: ['The subnets\' TAO/alpha pools (concentrated liquidity, protocol position only).'],
  types: {
    I64F64: fixedType('FixedI128'),
    TickIndex: { path: ['pallet_subtensor_swap', 'tick', 'TickIndex'], newtype: 'i32' },
    PositionId: { path: ['pallet_subtensor_swap', 'position', 'PositionId'], newtype: 'u128' },
    LayerLevel: { path: ['pallet_subtensor_swap', 'tick', 'LayerLevel'], enum: [{ name: 'Top', index: 0 }, { name: 'Middle', index: 1 }, { name: 'Bottom', index: 2 }] },
    Tick: {
      path: ['pallet_subtensor_swap', 'tick', 'Tick'],
      struct: { liquidity_net: 'i128', liquidity_gross: 'u64', fees_out_tao: 'I64F64', fees_out_alpha: 'I64F64' },
    },
    Position: {
      path: ['pallet_subtensor_swap', 'position', 'Position'],
      struct: { id: 'PositionId', netuid: 'NetUid', tick_low: 'TickIndex', tick_high: 'TickIndex', liquidity: 'u64', fees_tao: 'I64F64', fees_alpha: 'I64F64' },
    },
    SimSwapResult: {
      path: ['pallet_subtensor_swap_runtime_api', 'SimSwapResult'],
      struct: { tao_amount: 'u64', alpha_amount: 'u64', tao_fee: 'u64', alpha_fee: 'u64', tao_slippage: 'u64', alpha_slippage: 'u64' },
    },
    SubnetPrice: { path: ['pallet_subtensor_swap_runtime_api', 'SubnetPrice'], struct: { netuid: 'NetUid', price: 'u64' } },
    PalletId: { path: ['frame_support', 'PalletId'], newtype: '[u8; 8]' },
    NonZeroU64: { path: ['NonZeroU64'], newtype: 'u64' },
  },
  calls: [{
    index: 0,
    name: 'set_fee_rate',
    args: [{ name: 'netuid', type: 'NetUid' }, { name: 'rate', type: 'u16' }],
    docs: ['Sets a subnet\'s swap fee rate (rate / 65535); root only.'],
    dispatch(ctx, a: { netuid: number; rate: number }) {
      ensureRoot(ctx.origin);
      if (!NetworksAdded.get(ctx.state, a.netuid)) ctx.fail('MechanismDoesNotExist');
      if (a.rate > MAX_FEE_RATE) ctx.fail('FeeRateTooHigh');
      FeeRate.set(ctx.state, a.netuid, a.rate);
      ctx.deposit('FeeRateSet', [a.netuid, a.rate]);
    },
  }],
  storage: SWAP_STORAGE,
  events: [{ index: 0, name: 'FeeRateSet', fields: [{ name: 'netuid', type: 'NetUid' }, { name: 'rate', type: 'u16' }] }],
  errors: [
    'FeeRateTooHigh', 'InsufficientInputAmount', 'InsufficientLiquidity', 'PriceLimitExceeded', 'InsufficientBalance',
    'LiquidityNotFound', 'InvalidTickRange', 'MaxPositionsExceeded', 'TooManySwapSteps', 'InvalidLiquidityValue',
    'ReservesTooLow', 'MechanismDoesNotExist', 'UserLiquidityDisabled', 'SubtokenDisabled',
  ].map((name, index) => ({ index, name })),
  constants: [
    { name: 'ProtocolId', type: 'PalletId', value: u8aToHex(stringToU8a('ten/swap')) },
    { name: 'MaxFeeRate', type: 'u16', value: MAX_FEE_RATE },
    { name: 'MaxPositions', type: 'u32', value: 100 },
    { name: 'MinimumLiquidity', type: 'u64', value: MINIMUM_LIQUIDITY },
    { name: 'MinimumReserve', type: 'NonZeroU64', value: MINIMUM_RESERVE },
  ],
  runtimeApis: [{
    name: 'SwapRuntimeApi',
    version: 1,
    methods: [
      { name: 'current_alpha_price', inputs: [{ name: 'netuid', type: 'u16' }], output: 'u64', call: (ctx: ApiContext, a: { netuid: number }) => currentAlphaPrice(ctx.state, a.netuid) },
      {
        name: 'current_alpha_price_all', inputs: [], output: 'Vec<SubnetPrice>',
        call: (ctx: ApiContext) => NetworksAdded.entries(ctx.state).filter(([, added]) => added).map(([[netuid]]) => ({ netuid, price: currentAlphaPrice(ctx.state, netuid) })),
      },
      {
        name: 'sim_swap_tao_for_alpha', inputs: [{ name: 'netuid', type: 'u16' }, { name: 'tao', type: 'u64' }], output: 'SimSwapResult',
        call: (ctx: ApiContext, a: { netuid: number; tao: bigint }) => simSwapTaoForAlpha(ctx.state, a.netuid, a.tao),
      },
      {
        name: 'sim_swap_alpha_for_tao', inputs: [{ name: 'netuid', type: 'u16' }, { name: 'alpha', type: 'u64' }], output: 'SimSwapResult',
        call: (ctx: ApiContext, a: { netuid: number; alpha: bigint }) => simSwapAlphaForTao(ctx.state, a.netuid, a.alpha),
      },
    ],
  }],
});
