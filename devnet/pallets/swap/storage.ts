import { defineStorage, type AccountId, type Hasher, type StorageItem } from '../../pallet.ts';
import type { PoolTick } from './pool.ts';

/** Swap pallet storage under the names, hashers and types of the spec-381 runtime. */
const P = 'Swap';
const TX: Hasher = 'Twox64Concat';

function byNet<V>(name: string, value: string, def?: V): StorageItem<[number], V> {
  return defineStorage<[number], V>(P, { name, keys: [{ hasher: TX, type: 'u16' }], value, default: def });
}

export interface PositionValue {
  id: bigint;
  netuid: number;
  tick_low: number;
  tick_high: number;
  liquidity: bigint;
  fees_tao: { bits: bigint };
  fees_alpha: { bits: bigint };
}
export interface TickValue {
  liquidity_net: bigint;
  liquidity_gross: bigint;
  fees_out_tao: { bits: bigint };
  fees_out_alpha: { bits: bigint };
}

export const FeeRate = byNet<number>('FeeRate', 'u16', 33);
export const FeeGlobalTao = byNet<{ bits: bigint }>('FeeGlobalTao', 'U64F64');
export const FeeGlobalAlpha = byNet<{ bits: bigint }>('FeeGlobalAlpha', 'U64F64');
export const Ticks = defineStorage<[number, number], TickValue | undefined>(P, {
  name: 'Ticks',
  keys: [
    { hasher: TX, type: 'u16' },
    { hasher: TX, type: 'TickIndex' },
  ],
  value: 'Tick',
  modifier: 'Optional',
});
export const SwapV3Initialized = byNet<boolean>('SwapV3Initialized', 'bool');
export const AlphaSqrtPrice = byNet<{ bits: bigint }>('AlphaSqrtPrice', 'U64F64');
export const CurrentTick = byNet<number>('CurrentTick', 'TickIndex');
export const CurrentLiquidity = byNet<bigint>('CurrentLiquidity', 'u64');
export const EnabledUserLiquidity = byNet<boolean>('EnabledUserLiquidity', 'bool');
export const Positions = defineStorage<[number, AccountId, bigint], PositionValue | undefined>(P, {
  name: 'Positions',
  keys: [
    { hasher: TX, type: 'u16' },
    { hasher: TX, type: 'AccountId32' },
    { hasher: TX, type: 'PositionId' },
  ],
  value: 'Position',
  modifier: 'Optional',
});
export const LastPositionId = defineStorage<[], bigint>(P, { name: 'LastPositionId', value: 'u128' });
export const TickIndexBitmapWords = defineStorage<[number, string, number], bigint>(P, {
  name: 'TickIndexBitmapWords',
  keys: [
    { hasher: TX, type: 'u16' },
    { hasher: TX, type: 'LayerLevel' },
    { hasher: TX, type: 'u32' },
  ],
  value: 'u128',
});
export const ScrapReservoirTao = byNet<bigint>('ScrapReservoirTao', 'u64');
export const ScrapReservoirAlpha = byNet<bigint>('ScrapReservoirAlpha', 'u64');

export const SWAP_STORAGE = [
  FeeRate,
  FeeGlobalTao,
  FeeGlobalAlpha,
  Ticks,
  SwapV3Initialized,
  AlphaSqrtPrice,
  CurrentTick,
  CurrentLiquidity,
  EnabledUserLiquidity,
  Positions,
  LastPositionId,
  TickIndexBitmapWords,
  ScrapReservoirTao,
  ScrapReservoirAlpha,
];

export const toPoolTick = (t: TickValue): PoolTick => ({
  liquidity_net: t.liquidity_net,
  liquidity_gross: t.liquidity_gross,
  fees_out_tao: t.fees_out_tao.bits,
  fees_out_alpha: t.fees_out_alpha.bits,
});
