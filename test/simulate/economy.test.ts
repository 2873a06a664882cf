import { describe, expect, it } from 'vitest';
import { blockEmissionForIssuance } from '../../simulate/economy/block-emission.ts';
import { rootProportion, rootSells, splitAlphaOut, subnetTerms } from '../../simulate/economy/coinbase.ts';
import { FLOW_EMA_ALPHA, OWNER_CUT, SWAP_FEE_RATE, TAO_WEIGHT } from '../../simulate/economy/constants.ts';
import { runEconomy, type EconomyConfig, type EpochPayout } from '../../simulate/economy/economy.ts';
import { flowShares, nextFlowEma } from '../../simulate/economy/emission-shares.ts';
import { BalancerPool } from '../../simulate/economy/pool.ts';

// Numbers below are worked by hand from opentensor/subtensor at spec 381
// (commit 7d5626d97, February 2026); each test says which function.

describe('block emission (block_emission.rs get_block_emission_for_issuance)', () => {
  it('halves each time issuance crosses 21M * (1 - 2^-k)', () => {
    // residual = log2(1 / (1 - I / 21M)); emission = 1 TAO / 2^floor(residual)
    expect(blockEmissionForIssuance(0)).toBe(1);
    expect(blockEmissionForIssuance(10_499_999.999)).toBe(1); // residual just under 1
    expect(blockEmissionForIssuance(10_500_000)).toBe(0.5); // log2(1 / 0.5) = 1
    expect(blockEmissionForIssuance(10_600_000)).toBe(0.5);
    expect(blockEmissionForIssuance(15_750_000)).toBe(0.25); // log2(1 / 0.25) = 2
    expect(blockEmissionForIssuance(21_000_000)).toBe(0); // issuance >= TotalSupply
  });
});

describe('constants (runtime/src/lib.rs, pallets/*/lib.rs)', () => {
  it('owner cut, TAO weight, swap fee and flow smoothing as the runtime sets them', () => {
    expect(OWNER_CUT).toBeCloseTo(0.18, 4); // 11_796 / 65_535 = 0.1799954...
    expect(TAO_WEIGHT).toBeCloseTo(0.0526769744, 9); // 971_718_665_099_567_868 / u64::MAX
    expect(SWAP_FEE_RATE).toBeCloseTo(0.000503548, 9); // 33 / 65_535
    // factor for a 216_000-block half-life: 1 - 2^(-1/216000) = 3.2090e-6
    expect(FLOW_EMA_ALPHA).toBeCloseTo(1 - 2 ** (-1 / 216_000), 11);
  });
});

describe('emission shares (subnet_emissions.rs get_shares_flow)', () => {
  it('splits by positive EMA TAO flow, p = 1', () => {
    // z = max(S - L, 0) with L = max(0, min(min(S, 0))) = 0; share = z / sum(z)
    expect(flowShares([8, 3, 0.5, 0.5])).toEqual([8 / 12, 3 / 12, 0.5 / 12, 0.5 / 12]);
  });
  it('gives nothing to a subnet with net outflow, and nothing at all when no flow is positive', () => {
    const s = flowShares([2, -1, 1]);
    expect(s[0]).toBeCloseTo(2 / 3, 12);
    expect(s[1]).toBe(0);
    expect(s[2]).toBeCloseTo(1 / 3, 12);
    expect(flowShares([0, -3])).toEqual([0, 0]);
  });
  it('moves the EMA by the smoothing factor each block (get_ema_flow)', () => {
    // (1 - a) * 0 + a * 1_000_000 TAO
    expect(nextFlowEma(0, 1_000_000)).toBeCloseTo(FLOW_EMA_ALPHA * 1_000_000, 9);
    expect(nextFlowEma(2, 2)).toBeCloseTo(2, 12);
  });
});

describe('subnet terms (run_coinbase.rs get_subnet_terms)', () => {
  it('injects TAO and alpha at the price while under the cap', () => {
    // 0.02 TAO of emission at 0.05 TAO/alpha: alpha_in = 0.4 < min(1 alpha, 0.5 TAO block emission)
    const t = subnetTerms(0.02, 1, 0.05, 0.5);
    expect(t.taoIn).toBe(0.02);
    expect(t.alphaIn).toBeCloseTo(0.4, 12);
    expect(t.alphaOut).toBe(1);
    expect(t.excessTao).toBe(0);
  });
  it('caps alpha_in at min(alpha emission, TAO block emission); the TAO left over is the excess', () => {
    // 0.0208 / 0.02 = 1.04 alpha > cap 0.5: alpha_in = 0.5, tao_in = 0.5 * 0.02 = 0.01, excess = 0.0108
    const t = subnetTerms(0.0208, 1, 0.02, 0.5);
    expect(t.alphaIn).toBe(0.5);
    expect(t.taoIn).toBeCloseTo(0.01, 12);
    expect(t.excessTao).toBeCloseTo(0.0108, 12);
  });
});

describe('alpha_out split (run_coinbase.rs emit_to_subnets)', () => {
  it('owner cut 18 %, then miners and validators half each', () => {
    // cut = 1 * 11796/65535 = 0.179995422...; rest = 0.820004577...; half = 0.410002288...
    const s = splitAlphaOut(1, 0);
    expect(s.ownerCut).toBeCloseTo(0.179995422, 9);
    expect(s.miners).toBeCloseTo(0.410002289, 9);
    expect(s.validators).toBeCloseTo(0.410002289, 9);
    expect(s.root).toBe(0);
    expect(s.ownerCut + s.miners + s.validators + s.root).toBeCloseTo(1, 12);
  });
  it('root takes its proportion of the validators half', () => {
    // root_alpha = 0.25 * rest * 0.5 = 0.102500572; validators = 0.410002289 - 0.102500572
    const s = splitAlphaOut(1, 0.25);
    expect(s.root).toBeCloseTo(0.102500572, 9);
    expect(s.validators).toBeCloseTo(0.307501717, 9);
    expect(s.miners).toBeCloseTo(0.410002289, 9);
  });
  it('root proportion weighs root TAO by the TAO weight against alpha issuance (block_step.rs root_proportion)', () => {
    // 1M root TAO * 0.0526769744 = 52_676.9744; / (52_676.9744 + 1M alpha) = 0.0500409676
    expect(rootProportion(1_000_000, 1_000_000)).toBeCloseTo(0.0500409676, 9);
    expect(rootProportion(0, 1_000_000)).toBe(0);
  });
  it('root sells only while EMA prices sum above 1 TAO (get_network_root_sell_flag)', () => {
    expect(rootSells([0.5, 0.5])).toBe(false);
    expect(rootSells([0.6, 0.5])).toBe(true);
  });
});

describe('pool (swap/balancer.rs)', () => {
  it('with equal weights is a constant-product pool; the fee is taken from what is paid in', () => {
    const pool = new BalancerPool(1000, 50_000);
    expect(pool.price).toBe(0.02);
    // no fee: dx = x * (1 - (y / (y + dy))^1) = 50_000 * 10 / 1010 = 495.0495...
    expect(pool.quoteBuy(10, 0).alpha).toBeCloseTo((50_000 * 10) / 1010, 9);
    // fee 10 * 33/65535 = 0.0050355 TAO to the block author; 9.9949645 TAO swapped
    const { alpha, fee } = pool.buy(10, SWAP_FEE_RATE);
    expect(fee).toBeCloseTo(0.0050355, 7);
    expect(alpha).toBeCloseTo((50_000 * (10 - fee)) / (1000 + 10 - fee), 9);
    expect(pool.taoReserve * pool.alphaReserve).toBeCloseTo(1000 * 50_000, 3);
    // selling it back returns less than 10 TAO: two fees
    expect(pool.quoteSell(alpha, SWAP_FEE_RATE).tao).toBeLessThan(10);
  });
  it('re-weights on injection so the price stays (update_weights_for_added_liquidity)', () => {
    const pool = new BalancerPool(1000, 50_000);
    // at the price the weights stay 1/2
    expect(pool.reweightFor(10, 500)).toBe(true);
    expect(pool.quoteWeight).toBeCloseTo(0.5, 15);
    // TAO only: w2' = 0.5 * 50000 * 1010 / (0.5 * 1000 * 50000 + 0.5 * 50000 * 1010) = 1010 / 2010
    expect(pool.reweightFor(10, 0)).toBe(true);
    expect(pool.quoteWeight).toBeCloseTo(1010 / 2010, 12);
    pool.addReserves(10, 0);
    expect(pool.price).toBeCloseTo(0.02, 12);
    // a weighted pool pays out by x * (1 - (y / (y + dy))^(w2 / w1))
    const w2 = pool.quoteWeight;
    expect(pool.quoteBuy(5, 0).alpha).toBeCloseTo(50_000 * (1 - (1010 / 1015) ** (w2 / (1 - w2))), 9);
  });
});

const lone = (over: Partial<EconomyConfig> = {}): EconomyConfig => ({
  totalIssuance: 10_600_000,
  subnet: { name: 'sn', price: 0.02, taoReserve: 1000, alphaOutstanding: 100_000, emaTaoFlow: 1, poolTaoWeight: 0.5 },
  others: [],
  rootTao: 0,
  taoWeight: TAO_WEIGHT,
  ownerCut: OWNER_CUT,
  feeRate: SWAP_FEE_RATE,
  recycleOrBurn: 'burn',
  stakeFlows: [],
  emissionSold: 0,
  burn: 0,
  stakeQuoteTao: 100,
  ...over,
});
// uids 0, 1 validators; 2, 3 miners
const payout: EpochPayout = { incentive: [0, 0, 0.75, 0.25], dividends: [0.6, 0.4, 0, 0] };
const oneBlock = (config: EconomyConfig, p = payout) => runEconomy({ config, tempo: 0, minerUids: [2, 3], validatorUids: [0, 1], epochs: [p] });

describe('one block of a subnet (run_coinbase)', () => {
  it('a lone subnet draws the whole 0.5 TAO; at 0.02 TAO/alpha the cap leaves 0.49 TAO to buy back alpha', () => {
    const r = oneBlock(lone());
    const t = r.subnet.totals;
    expect(r.subnet.emissionShare).toBe(1);
    expect(t.taoEmission).toBe(0.5);
    // alpha_in = 0.5 / 0.02 = 25 > cap min(1, 0.5): alpha_in 0.5, tao_in 0.01, excess 0.49
    expect(t.alphaInjected).toBe(0.5);
    expect(t.taoInjected).toBeCloseTo(0.01, 12);
    expect(t.excessTao).toBeCloseTo(0.49, 12);
    // the excess buys without fee from the (re-weighted, here unchanged) pool, then the injection is added:
    // bought = 50_000 * 0.49 / 1000.49; reserves (1000 + 0.49 + 0.01, 50_000 - bought + 0.5)
    const bought = (50_000 * 0.49) / 1000.49;
    expect(r.subnet.priceEnd).toBeCloseTo(1000.5 / (50_000 - bought + 0.5), 12);
    expect(r.blockEmission).toEqual({ start: 0.5, end: 0.5 });
  });

  it('pays the epoch: miners by incentive, validators by dividends, the owner its cut', () => {
    const r = oneBlock(lone());
    const t = r.subnet.totals;
    // alpha_out 1: owner 0.179995422, miners 0.410002289, validators 0.410002289
    expect(t.alphaOut).toBe(1);
    expect(t.ownerCut).toBeCloseTo(0.179995422, 9);
    expect(r.alphaByUid[2]).toBeCloseTo(0.75 * 0.410002289, 9);
    expect(r.alphaByUid[3]).toBeCloseTo(0.25 * 0.410002289, 9);
    expect(r.alphaByUid[0]).toBeCloseTo(0.6 * 0.410002289, 9);
    expect(r.alphaByUid[1]).toBeCloseTo(0.4 * 0.410002289, 9);
    expect(t.burnedAlpha).toBe(0);
  });

  it('a 100 % burn: the owner hotkeys hold all incentive, miners get nothing, validators keep their half', () => {
    const r = oneBlock(lone({ burn: 1 }));
    expect(r.alphaByUid[2]).toBe(0);
    expect(r.alphaByUid[3]).toBe(0);
    expect(r.subnet.totals.burnedAlpha).toBeCloseTo(0.410002289, 9);
    expect(r.subnet.totals.minersAlpha).toBe(0);
    expect(r.alphaByUid[0] + r.alphaByUid[1]).toBeCloseTo(0.410002289, 9);
    // half: half of the miners' alpha burned, the rest by incentive
    const half = oneBlock(lone({ burn: 0.5 }));
    expect(half.subnet.totals.burnedAlpha).toBeCloseTo(0.205001144, 9);
    expect(half.alphaByUid[2]).toBeCloseTo(0.75 * 0.205001144, 9);
  });

  it('recycling (unlike burning) takes the owner hotkeys alpha out of issuance (helpers.rs recycle_subnet_alpha, burn_subnet_alpha)', () => {
    // priced at 2 TAO so root sells; a smaller alpha issuance raises the root proportion of the next block
    const market = { name: 'sn', price: 2, taoReserve: 1000, alphaOutstanding: 0, emaTaoFlow: 1, poolTaoWeight: 0.5 };
    const two = (recycleOrBurn: 'recycle' | 'burn') =>
      runEconomy({
        config: lone({ subnet: market, burn: 1, rootTao: 10_000, recycleOrBurn }),
        tempo: 0,
        minerUids: [2, 3],
        validatorUids: [0, 1],
        epochs: [payout, payout],
      });
    const recycled = two('recycle');
    const burned = two('burn');
    expect(recycled.rootSells).toBe(true);
    expect(recycled.perEpoch[0].rootAlpha).toBeCloseTo(burned.perEpoch[0].rootAlpha, 12);
    expect(recycled.perEpoch[1].rootAlpha).toBeGreaterThan(burned.perEpoch[1].rootAlpha);
  });

  it('with no incentive at all (and no burn) the validators take the miners alpha too (distribute_emission)', () => {
    const r = oneBlock(lone(), { incentive: [0, 0, 0, 0], dividends: [0.5, 0.5, 0, 0] });
    expect(r.alphaByUid[0]).toBeCloseTo(0.410002289, 9);
    expect(r.subnet.totals.minersAlpha).toBe(0);
  });

  it('injects at the price when under the cap, so the price does not move', () => {
    // price 1: alpha_in = 0.5 / 1 = 0.5 = cap; tao_in = 0.5, no excess
    const r = oneBlock(lone({ subnet: { name: 'sn', price: 1, taoReserve: 1000, alphaOutstanding: 0, emaTaoFlow: 1, poolTaoWeight: 0.5 } }));
    expect(r.subnet.totals.excessTao).toBe(0);
    expect(r.subnet.totals.taoInjected).toBe(0.5);
    expect(r.subnet.priceEnd).toBeCloseTo(1, 12);
  });

  it('shares the block emission with other subnets by TAO flow', () => {
    const r = oneBlock(lone({ others: [{ name: 'big', price: 0.1, taoReserve: 10_000, alphaOutstanding: 0, emaTaoFlow: 3 }] }));
    // EMAs 1 and 3 stay (no new flow for ours moves it by a factor 1 - 3.2e-6): shares 0.25, 0.75
    expect(r.subnet.emissionShare).toBeCloseTo(0.25, 5);
    expect(r.others[0].emissionShare).toBeCloseTo(0.75, 5);
    expect(r.subnet.totals.taoEmission).toBeCloseTo(0.125, 5);
  });
});

describe('price and share over time', () => {
  const epochs = Array.from({ length: 5 }, () => payout);
  const run = (over: Partial<EconomyConfig>) =>
    runEconomy({
      config: lone({ others: [{ name: 'big', price: 0.1, taoReserve: 10_000, alphaOutstanding: 0, emaTaoFlow: 3 }], ...over }),
      tempo: 99,
      minerUids: [2, 3],
      validatorUids: [0, 1],
      epochs,
    });

  it('buy pressure raises the price and, through the TAO flow EMA, the emission share; selling emission lowers both', () => {
    const base = run({});
    const buying = run({ stakeFlows: [{ tao: 1, per: 'block', fromEpoch: 0 }] });
    const selling = run({ emissionSold: 1 });
    expect(buying.subnet.priceEnd).toBeGreaterThan(base.subnet.priceEnd);
    expect(buying.subnet.emissionShare).toBeGreaterThan(base.subnet.emissionShare);
    expect(buying.subnet.totals.stakedTao).toBeCloseTo(500, 9);
    expect(selling.subnet.priceEnd).toBeLessThan(base.subnet.priceEnd);
    expect(selling.subnet.emissionShare).toBeLessThan(base.subnet.emissionShare);
    expect(selling.subnet.totals.soldTao).toBeGreaterThan(0);
    expect(base.perEpoch).toHaveLength(5);
    expect(base.path.at(-1)!.block).toBe(500);
  });

  it('burning keeps alpha off the market: with sellers, the price ends higher than without the burn', () => {
    const without = run({ emissionSold: 1 });
    const withBurn = run({ emissionSold: 1, burn: 0.5 });
    expect(withBurn.subnet.totals.burnedAlpha).toBeCloseTo(0.5 * without.subnet.totals.minersAlpha, 6);
    expect(withBurn.subnet.priceEnd).toBeGreaterThan(without.subnet.priceEnd);
  });

  it('quotes a staker: price impact and fees both ways', () => {
    const r = run({});
    // 100 TAO into (1000 TAO, 50_000 alpha): 99.94965 TAO swapped after the fee,
    // 50_000 * 99.94965 / 1099.94965 = 4543.37 alpha, not the 5000 of the spot price
    const inTao = 100 * (1 - SWAP_FEE_RATE);
    const alpha = (50_000 * inTao) / (1000 + inTao);
    expect(r.stakeQuote.alpha).toBeCloseTo(alpha, 9);
    // selling it straight back: the alpha fee, then (1000 + inTao) * dx / (x' + dx)
    const dx = alpha * (1 - SWAP_FEE_RATE);
    expect(r.stakeQuote.taoBackNow).toBeCloseTo(((1000 + inTao) * dx) / (50_000 - alpha + dx), 9);
    expect(r.stakeQuote.taoBackNow).toBeLessThan(100);
    expect(r.stakeQuote.taoBackNow).toBeGreaterThan(99.89);
  });

  it('refuses a burn outside [0, 1]', () => {
    expect(() => run({ burn: 1.5 })).toThrow(expect.objectContaining({ code: 'SIMULATION_INVALID' }));
  });
});
