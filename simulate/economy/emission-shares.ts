import { FLOW_CUTOFF, FLOW_EMA_ALPHA, FLOW_NORM_EXPONENT } from './constants.ts';

/**
 * Each subnet's share of the block emission at spec 381: `get_shares` there
 * calls `get_shares_flow` (coinbase/subnet_emissions.rs), which splits by the
 * EMA of each subnet's net TAO flow (stake in minus stake out), not by EMA
 * price:
 *
 *   L = max(A, min_i min(S_i, 0))      A = TaoFlowCutoff (0)
 *   z_i = max(S_i - L, 0)
 *   share_i = z_i^p / sum_j z_j^p       p = FlowNormExponent (1)
 *
 * With A = 0, L is 0: a subnet whose stakers take out more TAO than they put
 * in draws nothing, and if no subnet has a positive flow nothing is emitted.
 * Later runtimes (spec 425, June 2026) went back to shares by EMA price,
 * weighted by one minus the fraction of miner emission the subnet burns
 * (`MinerBurned`); this model keeps the spec-381 rule.
 */
export function flowShares(emaFlows: readonly number[], p = FLOW_NORM_EXPONENT, cutoff = FLOW_CUTOFF): number[] {
  const lower = Math.max(cutoff, Math.min(0, ...emaFlows));
  const z = emaFlows.map((s) => (s > lower ? s - lower : 0));
  const max = Math.max(0, ...z);
  if (!(max > 0)) return z.map(() => 0);
  // the chain scales to a max of 1 before the power, to keep I32F32 in range; same result
  const powered = z.map((v) => (v / max) ** p);
  const sum = powered.reduce((a, b) => a + b, 0);
  return powered.map((v) => v / sum);
}

/**
 * `get_ema_flow`: once per block the EMA takes in the net TAO flow recorded
 * since the last block (`SubnetTaoFlow`, which it then resets).
 */
export function nextFlowEma(ema: number, blockFlow: number, alpha = FLOW_EMA_ALPHA): number {
  return (1 - alpha) * ema + alpha * blockFlow;
}
