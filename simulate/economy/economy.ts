import { SubnetError } from '../../core/errors.ts';
import { blockEmissionForIssuance } from './block-emission.ts';
import { rootProportion, rootSells, splitAlphaOut, subnetTerms } from './coinbase.ts';
import { flowShares, nextFlowEma } from './emission-shares.ts';
import { BalancerPool } from './pool.ts';

/** A subnet's market at the start of the simulation. Amounts in TAO and alpha. */
export interface SubnetMarket {
  name: string;
  /** TAO per alpha */
  price: number;
  /** TAO in the pool (`SubnetTAO`) */
  taoReserve: number;
  /** alpha held by stakers, outside the pool (`SubnetAlphaOut`) */
  alphaOutstanding: number;
  /** `SubnetEmaTaoFlow`: the EMA of net TAO staked per block */
  emaTaoFlow: number;
}

/** Stake bought (positive TAO) or sold (negative: alpha worth that many TAO at the price of the moment) on the simulated subnet. */
export interface StakeFlow {
  tao: number;
  per: 'block' | 'epoch';
  /** first epoch (0-based) the flow applies to */
  fromEpoch: number;
  /** last epoch it applies to; every later one when absent */
  toEpoch?: number;
}

export interface EconomyConfig {
  /** TAO issued so far (`TotalIssuance`): sets the block emission by the halving schedule */
  totalIssuance: number;
  subnet: SubnetMarket & {
    /** the pool's TAO weight w2 (0.5: constant product) */
    poolTaoWeight: number;
  };
  /** the subnets it competes with for the block emission; each keeps a steady net flow equal to its EMA */
  others: SubnetMarket[];
  /** TAO staked on root (`SubnetTAO` of netuid 0) */
  rootTao: number;
  taoWeight: number;
  ownerCut: number;
  feeRate: number;
  /** `RecycleOrBurn` of the subnet: what happens to the incentive of owner-controlled miner hotkeys */
  recycleOrBurn: 'recycle' | 'burn';
  stakeFlows: StakeFlow[];
  /** fraction of the alpha paid out at each epoch (miners, validators, owner) that its receivers sell right away */
  emissionSold: number;
  /** fraction of the miners' incentive the owner's own miner hotkeys take (and so burn or recycle) */
  burn: number;
  /** the TAO a staker puts in for the stake quote */
  stakeQuoteTao: number;
}

/** Yuma's output for one epoch, per uid, in [0, 1]. */
export interface EpochPayout {
  incentive: readonly number[];
  dividends: readonly number[];
}

export interface EconomyInput {
  config: EconomyConfig;
  /** the subnet's tempo: an epoch every tempo + 1 blocks */
  tempo: number;
  minerUids: readonly number[];
  validatorUids: readonly number[];
  /** one per epoch, in order */
  epochs: readonly EpochPayout[];
}

export interface EconomyEpoch {
  epoch: number;
  /** the block the epoch ran at */
  block: number;
  /** the subnet's price after the epoch's payout (and its sales) */
  price: number;
  /** the subnet's mean share of the block emission over the epoch */
  emissionShare: number;
  /** TAO of the block emission the subnet drew over the epoch */
  taoEmission: number;
  alphaOut: number;
  ownerCut: number;
  /** alpha paid to the simulated miners */
  minersAlpha: number;
  /** alpha paid to the simulated validators */
  validatorsAlpha: number;
  /** alpha to root stakers (outside the simulation) */
  rootAlpha: number;
  /** the incentive of the owner's hotkeys, burned or recycled */
  burnedAlpha: number;
}

export interface EconomyTotals {
  taoEmission: number;
  taoInjected: number;
  alphaInjected: number;
  /** TAO that could not be injected at the price, spent buying alpha that is recycled */
  excessTao: number;
  alphaOut: number;
  ownerCut: number;
  minersAlpha: number;
  validatorsAlpha: number;
  rootAlpha: number;
  /** root's alpha recycled because root does not sell (EMA prices summing to 1 TAO or less) */
  rootRecycled: number;
  burnedAlpha: number;
  /** alpha of the payouts sold (`emissionSold`) and the TAO it fetched */
  soldAlpha: number;
  soldTao: number;
  /** net TAO staked by the configured stake flows */
  stakedTao: number;
}

export interface EconomyRun {
  spec: number;
  blocks: number;
  /** TAO per block at the first and the last block */
  blockEmission: { start: number; end: number };
  subnet: { name: string; priceStart: number; priceEnd: number; emissionShare: number; emaTaoFlowEnd: number; totals: EconomyTotals };
  others: { name: string; priceStart: number; priceEnd: number; emissionShare: number }[];
  perEpoch: EconomyEpoch[];
  /** the subnet's price and emission share, sampled (at most about 1000 points, always the last block) */
  path: { block: number; price: number; emissionShare: number }[];
  /** per uid: alpha earned over the run (incentive for miners, dividends for validators) */
  alphaByUid: Record<number, number>;
  /**
   * what a staker putting `stakeQuoteTao` in at the start gets, and gets back
   * unstaking at once or at the end (price impact and fees both ways; the
   * stake's own dividends are not counted, they depend on the validator)
   */
  stakeQuote: { tao: number; alpha: number; taoBackNow: number; taoBackAtEnd: number };
  /** whether root dividends were paid at the last block */
  rootSells: boolean;
  /** the subnet's pool after the last block, and the fee rate it charges */
  finalPool: { taoReserve: number; alphaReserve: number; taoWeight: number; feeRate: number };
}

interface SubnetState {
  name: string;
  pool: BalancerPool;
  alphaOutstanding: number;
  ema: number;
  /** net TAO flow recorded since the last block's EMA update */
  flow: number;
  /** TAO staked every block by subnets outside the simulation (their steady state) */
  steadyFlow: number;
  priceStart: number;
  shareSum: number;
}

/**
 * Runs the dTAO economy around one subnet block by block, as spec 381's
 * `run_coinbase` does: the block emission by the halving schedule, each
 * subnet's share by TAO flow, TAO and alpha injected into its pool (the excess
 * buys alpha that is recycled), alpha_out split between owner, miners,
 * validators and root, and at each epoch the pending alpha paid by the
 * epoch's incentive and dividends. Stake flows and the sale of paid-out alpha
 * move the price and, through the TAO flow, the emission share. Pure.
 */
export function runEconomy(input: EconomyInput): EconomyRun {
  const { config: c, tempo, minerUids, validatorUids } = input;
  validate(c);
  const blocksPerEpoch = tempo + 1;
  const blocks = input.epochs.length * blocksPerEpoch;
  const state = (m: SubnetMarket, steady: boolean, poolTaoWeight = 0.5): SubnetState => {
    const pool = new BalancerPool(m.taoReserve, (m.taoReserve * (1 - poolTaoWeight)) / (poolTaoWeight * m.price), poolTaoWeight);
    return {
      name: m.name,
      pool,
      alphaOutstanding: m.alphaOutstanding,
      ema: m.emaTaoFlow,
      flow: 0,
      steadyFlow: steady ? m.emaTaoFlow : 0,
      priceStart: pool.price,
      shareSum: 0,
    };
  };
  const subnets = [state(c.subnet, false, c.subnet.poolTaoWeight), ...c.others.map((o) => state(o, true))];
  const me = subnets[0];
  let issuance = c.totalIssuance;
  const emissionStart = blockEmissionForIssuance(issuance);

  const quoteIn = me.pool.quoteBuy(c.stakeQuoteTao, c.feeRate).alpha;
  const afterQuote = new BalancerPool(me.pool.taoReserve + c.stakeQuoteTao * (1 - c.feeRate), me.pool.alphaReserve - quoteIn, me.pool.quoteWeight);
  const taoBackNow = afterQuote.quoteSell(quoteIn, c.feeRate).tao;

  const totals: EconomyTotals = {
    taoEmission: 0,
    taoInjected: 0,
    alphaInjected: 0,
    excessTao: 0,
    alphaOut: 0,
    ownerCut: 0,
    minersAlpha: 0,
    validatorsAlpha: 0,
    rootAlpha: 0,
    rootRecycled: 0,
    burnedAlpha: 0,
    soldAlpha: 0,
    soldTao: 0,
    stakedTao: 0,
  };
  const pending = { owner: 0, miners: 0, validators: 0, root: 0 };
  const alphaByUid: Record<number, number> = {};
  for (const uid of [...minerUids, ...validatorUids]) alphaByUid[uid] = 0;
  const perEpoch: EconomyEpoch[] = [];
  const path: EconomyRun['path'] = [];
  const every = Math.max(1, Math.ceil(blocks / 1000));
  let epochStart = { ...totals };
  let epochShare = 0;
  let sells = false;

  const stake = (tao: number): void => {
    if (tao > 0) {
      const { alpha } = me.pool.buy(tao, c.feeRate);
      me.alphaOutstanding += alpha;
      me.flow += tao;
    } else if (tao < 0) {
      const alpha = Math.min(-tao / me.pool.price, me.alphaOutstanding);
      const { tao: out, fee } = me.pool.sell(alpha, c.feeRate);
      me.alphaOutstanding -= alpha - fee;
      me.flow -= out;
    }
    totals.stakedTao += tao;
  };

  for (let block = 1; block <= blocks; block++) {
    const epoch = Math.floor((block - 1) / blocksPerEpoch);
    // on_initialize: the coinbase, with the flows recorded in earlier blocks
    const emission = blockEmissionForIssuance(issuance);
    for (const s of subnets) {
      s.ema = nextFlowEma(s.ema, s.flow);
      s.flow = 0;
    }
    const shares = flowShares(subnets.map((s) => s.ema));
    sells = rootSells(subnets.map((s) => s.pool.price));
    subnets.forEach((s, i) => {
      s.shareSum += shares[i];
      const taoEmission = emission * shares[i];
      const alphaIssuance = s.pool.alphaReserve + s.alphaOutstanding;
      const terms = subnetTerms(taoEmission, blockEmissionForIssuance(alphaIssuance), s.pool.price, emission);
      // inject_and_maybe_swap: re-weight, buy with the excess (no fee) and recycle what it bought, then add the reserves
      const accepted = s.pool.reweightFor(terms.taoIn, terms.alphaIn);
      if (terms.excessTao > 0) s.pool.buy(terms.excessTao, 0);
      if (accepted) s.pool.addReserves(terms.taoIn, terms.alphaIn);
      issuance += terms.taoIn + terms.excessTao;
      s.alphaOutstanding += terms.alphaOut;
      const split = splitAlphaOut(terms.alphaOut, rootProportion(c.rootTao, s.pool.alphaReserve + s.alphaOutstanding, c.taoWeight), c.ownerCut);
      if (!sells) s.alphaOutstanding -= split.root;
      s.flow += s.steadyFlow;
      if (s !== me) return;
      totals.taoEmission += taoEmission;
      totals.taoInjected += accepted ? terms.taoIn : 0;
      totals.alphaInjected += accepted ? terms.alphaIn : 0;
      totals.excessTao += terms.excessTao;
      totals.alphaOut += terms.alphaOut;
      pending.owner += split.ownerCut;
      pending.miners += split.miners;
      pending.validators += split.validators;
      if (sells) pending.root += split.root;
      else totals.rootRecycled += split.root;
    });
    epochShare += shares[0];

    // the block's extrinsics: configured stake flows
    const first = (block - 1) % blocksPerEpoch === 0;
    for (const f of c.stakeFlows) {
      if (epoch < f.fromEpoch || (f.toEpoch !== undefined && epoch > f.toEpoch)) continue;
      if (f.per === 'block' || first) stake(f.tao);
    }

    if (block % blocksPerEpoch === 0) {
      distribute(input.epochs[epoch]);
      const d = (k: keyof EconomyTotals) => totals[k] - epochStart[k];
      perEpoch.push({
        epoch,
        block,
        price: me.pool.price,
        emissionShare: epochShare / blocksPerEpoch,
        taoEmission: d('taoEmission'),
        alphaOut: d('alphaOut'),
        ownerCut: d('ownerCut'),
        minersAlpha: d('minersAlpha'),
        validatorsAlpha: d('validatorsAlpha'),
        rootAlpha: d('rootAlpha'),
        burnedAlpha: d('burnedAlpha'),
      });
      epochStart = { ...totals };
      epochShare = 0;
    }
    if (block % every === 0 || block === blocks) path.push({ block, price: me.pool.price, emissionShare: shares[0] });
  }

  /** `distribute_emission` for the simulated subnet, then the receivers' sales. */
  function distribute(payout: EpochPayout): void {
    const incentive = minerUids.map((uid) => payout.incentive[uid] ?? 0);
    const incentiveSum = incentive.reduce((a, b) => a + b, 0);
    // the owner's hotkeys hold `burn` of the incentive; with no other incentive they hold all of it
    const ownerShare = c.burn > 0 && !(incentiveSum > 0) ? 1 : c.burn;
    const burned = pending.miners * ownerShare;
    const paidToMiners = incentiveSum > 0 ? pending.miners - burned : 0;
    minerUids.forEach((uid, j) => {
      if (incentiveSum > 0) alphaByUid[uid] += (paidToMiners * incentive[j]) / incentiveSum;
    });
    // with no incentive at all the validators take the miners' alpha too
    const validatorPool = pending.validators + (ownerShare === 0 && !(incentiveSum > 0) ? pending.miners : 0);
    const dividends = validatorUids.map((uid) => payout.dividends[uid] ?? 0);
    const dividendSum = dividends.reduce((a, b) => a + b, 0);
    const paidToValidators = dividendSum > 0 ? validatorPool : 0;
    validatorUids.forEach((uid, j) => {
      if (dividendSum > 0) alphaByUid[uid] += (validatorPool * dividends[j]) / dividendSum;
    });
    if (c.recycleOrBurn === 'recycle') me.alphaOutstanding -= burned;
    totals.ownerCut += pending.owner;
    totals.minersAlpha += paidToMiners;
    totals.validatorsAlpha += paidToValidators;
    totals.rootAlpha += pending.root;
    totals.burnedAlpha += burned;
    const sold = c.emissionSold * (paidToMiners + paidToValidators + pending.owner);
    if (sold > 0) {
      const { tao, fee } = me.pool.sell(sold, c.feeRate);
      me.alphaOutstanding -= sold - fee;
      me.flow -= tao;
      totals.soldAlpha += sold;
      totals.soldTao += tao;
    }
    pending.owner = pending.miners = pending.validators = pending.root = 0;
  }

  return {
    spec: 381,
    blocks,
    blockEmission: { start: emissionStart, end: blockEmissionForIssuance(issuance) },
    subnet: {
      name: me.name,
      priceStart: me.priceStart,
      priceEnd: me.pool.price,
      emissionShare: me.shareSum / Math.max(1, blocks),
      emaTaoFlowEnd: me.ema,
      totals,
    },
    others: subnets.slice(1).map((s) => ({ name: s.name, priceStart: s.priceStart, priceEnd: s.pool.price, emissionShare: s.shareSum / Math.max(1, blocks) })),
    perEpoch,
    path,
    alphaByUid,
    // the quote's stake stays in the pool for the whole run, as if it had been bought: its TAO and alpha are added back before selling
    stakeQuote: {
      tao: c.stakeQuoteTao,
      alpha: quoteIn,
      taoBackNow,
      taoBackAtEnd: new BalancerPool(me.pool.taoReserve + c.stakeQuoteTao * (1 - c.feeRate), me.pool.alphaReserve - quoteIn, me.pool.quoteWeight).quoteSell(
        quoteIn,
        c.feeRate,
      ).tao,
    },
    rootSells: sells,
    finalPool: { taoReserve: me.pool.taoReserve, alphaReserve: me.pool.alphaReserve, taoWeight: me.pool.quoteWeight, feeRate: c.feeRate },
  };
}

function validate(c: EconomyConfig): void {
  const bad = (what: string): never => {
    throw new SubnetError('SIMULATION_INVALID', what);
  };
  if (!(c.burn >= 0 && c.burn <= 1)) bad(`burn must be a fraction in [0, 1], got ${c.burn}`);
  if (!(c.emissionSold >= 0 && c.emissionSold <= 1)) bad(`emission_sold must be a fraction in [0, 1], got ${c.emissionSold}`);
  for (const m of [c.subnet, ...c.others]) {
    if (!(m.price > 0) || !(m.taoReserve > 0)) bad(`subnet ${m.name} needs a positive price and TAO reserve`);
  }
}
