import type { State } from '../../pallet.ts';
import { div, fromInt, mul, sqrt } from '../swap/fixed.ts';
import { i64f64, i64f64Add, i64f64Div, i64f64Mul, i64f64Sub, u64f64FromU96, u64f64Pow, u96FromU64F64 } from './fixed.ts';
import {
  FirstEmissionBlockNumber,
  FlowEmaSmoothingFactor,
  FlowNormExponent,
  NetworkPowRegistrationAllowed,
  NetworkRegistrationAllowed,
  SubnetEmaTaoFlow,
  SubnetTaoFlow,
  SubtokenEnabled,
  TaoFlowCutoff,
} from './storage.ts';

/**
 * Each subnet's share of the block's TAO emission as spec 381 computes it
 * (coinbase/subnet_emissions.rs `get_shares`, which 381 routes to
 * `get_shares_flow`): the EMA of the subnet's net TAO staked in
 * (`SubnetTaoFlow`, stake in minus stake out, folded into `SubnetEmaTaoFlow`
 * once a block), offset by the lowest flow (or `TaoFlowCutoff`), raised to
 * `FlowNormExponent` and normalized. A subnet whose flow is at or below the
 * offset gets no TAO; when no subnet has a positive flow none does.
 */
const I64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;
const I32_MAX = (1n << 31n) - 1n;

/** `get_subnets_to_emit_to`: started, subtoken enabled, registration open; never root. */
export function subnetsToEmitTo(state: State, netuids: number[]): number[] {
  return netuids.filter(
    (n) =>
      n !== 0 &&
      FirstEmissionBlockNumber.get(state, n) !== undefined &&
      SubtokenEnabled.get(state, n) &&
      (NetworkRegistrationAllowed.get(state, n) || NetworkPowRegistrationAllowed.get(state, n)),
  );
}

/** `record_tao_inflow` / `record_tao_outflow`: a stake's TAO into or out of the subnet's pool this block. */
export function recordTaoFlow(state: State, netuid: number, tao: bigint, direction: 'in' | 'out'): void {
  const signed = direction === 'in' ? tao : -tao;
  SubnetTaoFlow.mutate(state, netuid, (f) => {
    const next = f + signed;
    return next > I64_MAX ? I64_MAX : next < -I64_MAX - 1n ? -I64_MAX - 1n : next;
  });
}

/** One block of the flow EMA: `(1 − α)·ema + α·flow` with `α = factor / i64::MAX`, in I64F64 bits. */
export function nextEmaFlow(ema: bigint, blockFlow: bigint, factor: bigint): bigint {
  const alpha = i64f64Div(i64f64(factor), i64f64(I64_MAX));
  return i64f64Add(i64f64Mul(i64f64Sub(i64f64(1n), alpha), ema), i64f64Mul(alpha, i64f64(blockFlow)));
}

/** `get_ema_flow`: folds this block's flow into the EMA once per block (I64F64 bits). */
export function emaFlow(state: State, netuid: number, block: bigint): bigint {
  const [lastBlock, lastEma] = SubnetEmaTaoFlow.get(state, netuid) ?? [0n, { bits: 0n }];
  if (lastBlock === block) return lastEma.bits;
  const ema = nextEmaFlow(lastEma.bits, SubnetTaoFlow.get(state, netuid), FlowEmaSmoothingFactor.get(state));
  SubnetEmaTaoFlow.set(state, netuid, [block, { bits: ema }]);
  SubnetTaoFlow.remove(state, netuid);
  return ema;
}

/**
 * `inplace_pow_normalize`: scale so the largest is 1, then so that
 * count · max^p fits I32F32, raise each to `p` and divide by the sum.
 * Left as scaled when every value is too small to raise.
 */
export function powNormalize(flows: bigint[], p: bigint): bigint[] {
  if (flows.length === 0) return [];
  const maxOf = (v: bigint[]) => v.reduce((m, x) => (x > m ? x : m), 0n);
  const scaled = flows.map((f) => mul(div(fromInt(1n), maxOf(flows)), f));
  const flowMax = maxOf(scaled);
  const maxTimesCount = mul(fromInt(BigInt(scaled.length)), mul(flowMax, flowMax));
  const i32Max = fromInt(I32_MAX);
  const precisionMin = div(i32Max, fromInt(U64_MAX));
  if (maxTimesCount < precisionMin) return scaled;
  const epsilon = div(fromInt(1n), fromInt(1000n));
  const factor = sqrt(div(i32Max, maxTimesCount), epsilon);
  const powered = scaled.map((f) => u64f64Pow(mul(factor, f), p));
  const sum = powered.reduce((s, x) => s + x, 0n);
  return powered.map((x) => div(x, sum));
}

/** `get_shares_flow`: U64F64 shares of the subnets to emit to (reads and folds their flows). */
export function flowShares(state: State, netuids: number[], block: bigint): Map<number, bigint> {
  const emas = netuids.map((n) => emaFlow(state, n, block));
  const minFlow = emas.reduce((m, f) => (f < m ? f : m), 0n);
  const cutoff = TaoFlowCutoff.get(state).bits;
  const lower = cutoff > minFlow ? cutoff : minFlow;
  const offset = emas.map((f) => (f > lower ? f - lower : 0n));
  const shares = powNormalize(offset, FlowNormExponent.get(state).bits);
  return new Map(netuids.map((n, i) => [n, shares[i]]));
}

/** `get_subnet_block_emissions`: each subnet's TAO emission, `block_emission · share` (U96F32 bits). */
export function subnetBlockEmissions(shares: Map<number, bigint>, blockEmissionU96: bigint): Map<number, bigint> {
  return new Map([...shares].map(([n, share]) => [n, u96FromU64F64(mul(u64f64FromU96(blockEmissionU96), share))]));
}
