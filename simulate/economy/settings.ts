import type { EconomySettings } from '../../subnet-config/schema/simulation.ts';
import type { EconomyConfig } from './economy.ts';

/** The economy of a definition's `simulation.economy` (snake_case, validated by zod) as the model takes it. */
export function economyConfig(s: EconomySettings, name: string): EconomyConfig {
  const market = (m: { price: number; tao_reserve: number; alpha_outstanding: number; ema_tao_flow: number }, n: string) => ({
    name: n,
    price: m.price,
    taoReserve: m.tao_reserve,
    alphaOutstanding: m.alpha_outstanding,
    emaTaoFlow: m.ema_tao_flow,
  });
  return {
    totalIssuance: s.total_issuance,
    subnet: { ...market(s.subnet, name), poolTaoWeight: s.subnet.pool_tao_weight },
    others: s.other_subnets.map((o) => market(o, o.name)),
    rootTao: s.root_tao,
    taoWeight: s.tao_weight,
    ownerCut: s.owner_cut,
    feeRate: s.fee_rate,
    recycleOrBurn: s.recycle_or_burn,
    stakeFlows: s.stake_flows.map((f) => ({ tao: f.tao, per: f.per, fromEpoch: f.from_epoch, toEpoch: f.to_epoch })),
    emissionSold: s.emission_sold,
    burn: s.burn,
    stakeQuoteTao: s.stake_quote_tao,
  };
}
