import { stringToU8a, u8aToHex } from '@polkadot/util';
import { definePallet } from '../../pallet.ts';
import { feeRateCalls, MAX_FEE_RATE } from './calls/fee-rate.ts';
import { MINIMUM_LIQUIDITY, MINIMUM_RESERVE } from './pool.ts';
import { SWAP_RUNTIME_APIS } from './runtime-api.ts';
import { SWAP_STORAGE } from './storage.ts';

/**
 * The Swap pallet (index 28 in spec 381): one concentrated-liquidity pool per
 * subnet between TAO (`SubnetTAO`) and its alpha (`SubnetAlphaIn`). Staking buys
 * alpha from the pool and unstaking sells it back; the runtime API quotes both.
 * Only the protocol's full-range position exists: the user-liquidity calls
 * (`add_liquidity`, `remove_liquidity`, `modify_position`, `toggle_user_liquidity`,
 * `disable_lp`) are not implemented.
 */
export const SWAP_INDEX = 28;

/** A liquidity event's fields: who, where, which position, the given amounts, and the position's tick range. */
function liquidityFields(...amounts: [string, string][]): { name: string; type: string }[] {
  return [
    { name: 'coldkey', type: 'AccountId32' },
    { name: 'hotkey', type: 'AccountId32' },
    { name: 'netuid', type: 'NetUid' },
    { name: 'position_id', type: 'PositionId' },
    ...amounts.map(([name, type]) => ({ name, type })),
    { name: 'tick_low', type: 'TickIndex' },
    { name: 'tick_high', type: 'TickIndex' },
  ];
}

export const swapPallet = definePallet({
  name: 'Swap',
  index: SWAP_INDEX,
  docs: ["The subnets' TAO/alpha pools (concentrated liquidity, protocol position only)."],
  types: {
    TickIndex: { path: ['pallet_subtensor_swap', 'tick', 'TickIndex'], newtype: 'i32' },
    PositionId: { path: ['pallet_subtensor_swap', 'position', 'PositionId'], newtype: 'u128' },
    LayerLevel: {
      path: ['pallet_subtensor_swap', 'tick', 'LayerLevel'],
      enum: [
        { name: 'Top', index: 0 },
        { name: 'Middle', index: 1 },
        { name: 'Bottom', index: 2 },
      ],
    },
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
      struct: {
        tao_amount: 'TaoBalance',
        alpha_amount: 'AlphaBalance',
        tao_fee: 'TaoBalance',
        alpha_fee: 'AlphaBalance',
        tao_slippage: 'TaoBalance',
        alpha_slippage: 'AlphaBalance',
      },
    },
    SubnetPrice: { path: ['pallet_subtensor_swap_runtime_api', 'SubnetPrice'], struct: { netuid: 'NetUid', price: 'u64' } },
    PalletId: { path: ['frame_support', 'PalletId'], newtype: '[u8; 8]' },
    NonZeroU64: { path: ['NonZeroU64'], newtype: 'u64' },
  },
  calls: feeRateCalls,
  storage: SWAP_STORAGE,
  events: [
    {
      index: 0,
      name: 'FeeRateSet',
      fields: [
        { name: 'netuid', type: 'NetUid' },
        { name: 'rate', type: 'u16' },
      ],
    },
    // the user-liquidity events: declared as spec 381 has them; the devnet's pools hold only the protocol position
    {
      index: 1,
      name: 'UserLiquidityToggled',
      fields: [
        { name: 'netuid', type: 'NetUid' },
        { name: 'enable', type: 'bool' },
      ],
    },
    { index: 2, name: 'LiquidityAdded', fields: liquidityFields(['liquidity', 'u64'], ['tao', 'TaoBalance'], ['alpha', 'AlphaBalance']) },
    {
      index: 3,
      name: 'LiquidityRemoved',
      fields: liquidityFields(['liquidity', 'u64'], ['tao', 'TaoBalance'], ['alpha', 'AlphaBalance'], ['fee_tao', 'TaoBalance'], ['fee_alpha', 'AlphaBalance']),
    },
    {
      index: 4,
      name: 'LiquidityModified',
      fields: liquidityFields(['liquidity', 'i64'], ['tao', 'i64'], ['alpha', 'i64'], ['fee_tao', 'TaoBalance'], ['fee_alpha', 'AlphaBalance']),
    },
  ],
  errors: [
    'FeeRateTooHigh',
    'InsufficientInputAmount',
    'InsufficientLiquidity',
    'PriceLimitExceeded',
    'InsufficientBalance',
    'LiquidityNotFound',
    'InvalidTickRange',
    'MaxPositionsExceeded',
    'TooManySwapSteps',
    'InvalidLiquidityValue',
    'ReservesTooLow',
    'MechanismDoesNotExist',
    'UserLiquidityDisabled',
    'SubtokenDisabled',
  ].map((name, index) => ({ index, name })),
  constants: [
    { name: 'ProtocolId', type: 'PalletId', value: u8aToHex(stringToU8a('ten/swap')) },
    { name: 'MaxFeeRate', type: 'u16', value: MAX_FEE_RATE },
    { name: 'MaxPositions', type: 'u32', value: 100 },
    { name: 'MinimumLiquidity', type: 'u64', value: MINIMUM_LIQUIDITY },
    { name: 'MinimumReserve', type: 'NonZeroU64', value: MINIMUM_RESERVE },
  ],
  runtimeApis: SWAP_RUNTIME_APIS,
});
