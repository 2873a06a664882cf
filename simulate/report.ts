import type { SimulationRun } from './engine.ts';
import type { EconomyEpoch, EconomyRun, EconomyTotals } from './economy/economy.ts';
import { BalancerPool } from './economy/pool.ts';

export interface BehaviourSummary {
  behaviour: string;
  role: 'miner' | 'validator';
  count: number;
  uids: number[];
  /** miners: mean rule score over every response, [0, 1] */
  meanScore?: number;
  /** miners: mean reward after shaping (a step's rewards sum to 1 when the definition normalises) */
  meanReward?: number;
  /** miners: share of all incentive held by this behaviour (sum over its uids, mean over epochs) */
  incentiveShare?: number;
  /** TAO emitted per epoch to the whole group, mean over epochs */
  emissionPerEpoch: number;
  /** TAO per epoch per uid of this behaviour */
  emissionPerEpochEach: number;
  /** validators: mean dividends and validator trust, [0, 1] */
  dividends?: number;
  validatorTrust?: number;
  /** with an economy: alpha earned per epoch per uid (miners: incentive, validators: dividends), mean over epochs */
  alphaPerEpochEach?: number;
  /** that alpha's TAO value at the simulated subnet's final price */
  taoValuePerEpochEach?: number;
  /** TAO one uid gets selling everything it earned over the run into the final pool (price impact and fee included) */
  taoIfSoldEach?: number;
}

/** The dTAO economy of a run (subtensor spec 381 rules), per epoch where it says so. */
export interface EconomyReport {
  spec: number;
  blocks: number;
  /** TAO per block for the whole network at the start */
  blockEmissionTao: number;
  /** the subnet's mean share of the block emission, and the TAO it draws */
  emissionShare: number;
  taoPerBlock: number;
  taoPerEpoch: number;
  /** this subnet first, then the others of the configuration */
  subnets: { name: string; emissionShare: number; priceStart: number; priceEnd: number }[];
  price: { start: number; end: number; min: number; max: number };
  /** what the owner gets: the owner cut, and what the owner's miner hotkeys burn (or recycle), per epoch */
  owner: { cutAlphaPerEpoch: number; cutTaoPerEpoch: number; burnFraction: number; burnedAlphaPerEpoch: number; burnedTaoPerEpoch: number };
  /** with a burn: the same market without it, and the difference */
  burnCost?: {
    minersAlphaPerEpochWithout: number;
    minersAlphaPerEpochWith: number;
    /** what the miners lose per epoch, in TAO at the final price of the run with the burn */
    minersTaoLostPerEpoch: number;
    priceEndWithout: number;
    priceEndWith: number;
    ownerCutTaoPerEpochWithout: number;
    ownerCutTaoPerEpochWith: number;
    emissionShareWithout: number;
    emissionShareWith: number;
  };
  stakeQuote: EconomyRun['stakeQuote'];
  rootSells: boolean;
  totals: EconomyTotals;
  perEpoch: EconomyEpoch[];
  pricePath: EconomyRun['path'];
}

export interface SimulationReport {
  subnet: string;
  seed: string;
  epochs: number;
  stepsPerEpoch: number;
  emissionPerEpochTao: number;
  behaviours: BehaviourSummary[];
  uids: {
    uid: number;
    role: 'miner' | 'validator';
    behaviour: string;
    meanScore?: number;
    incentive: number;
    dividends: number;
    validatorTrust: number;
    emissionPerEpoch: number;
  }[];
  /** per epoch, per behaviour: TAO emitted to the group (for charts) */
  emissionByEpoch: { epoch: number; byBehaviour: Record<string, number> }[];
  economy?: EconomyReport;
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Aggregates a run per uid and per behaviour (pure). */
export function summarise(run: SimulationRun): SimulationReport {
  const roles = [
    ...run.validators.map((v) => ({ uid: v.uid, role: 'validator' as const, behaviour: v.behaviour })),
    ...run.miners.map((m) => ({ uid: m.uid, role: 'miner' as const, behaviour: m.label })),
  ];
  const E = run.epochRecords;
  const uids = roles.map(({ uid, role, behaviour }) => ({
    uid,
    role,
    behaviour,
    meanScore: role === 'miner' ? mean(run.scores.get(uid) ?? []) : undefined,
    incentive: mean(E.map((e) => e.incentive[uid])),
    dividends: mean(E.map((e) => e.dividends[uid])),
    validatorTrust: mean(E.map((e) => e.validatorTrust[uid])),
    emissionPerEpoch: mean(E.map((e) => e.emission[uid])),
  }));
  const groups = new Map<string, typeof uids>();
  for (const u of uids) {
    const key = `${u.role}\u0000${u.behaviour}`;
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  const eco = run.economy?.run;
  const perEpoch = (x: number) => x / Math.max(1, E.length);
  const priceEnd = eco?.subnet.priceEnd ?? 0;
  const behaviours: BehaviourSummary[] = [...groups.values()].map((g) => {
    const role = g[0].role;
    const total = g.reduce((s, u) => s + u.emissionPerEpoch, 0);
    const alphaEach = eco ? mean(g.map((u) => eco.alphaByUid[u.uid] ?? 0)) : 0;
    const economy = eco && {
      alphaPerEpochEach: perEpoch(alphaEach),
      taoValuePerEpochEach: perEpoch(alphaEach) * priceEnd,
      taoIfSoldEach: finalPoolSell(eco, alphaEach),
    };
    return {
      behaviour: g[0].behaviour,
      role,
      count: g.length,
      uids: g.map((u) => u.uid),
      meanScore: role === 'miner' ? mean(g.flatMap((u) => run.scores.get(u.uid) ?? [])) : undefined,
      meanReward: role === 'miner' ? mean(g.flatMap((u) => run.rewards.get(u.uid) ?? [])) : undefined,
      incentiveShare: role === 'miner' ? g.reduce((s, u) => s + u.incentive, 0) : undefined,
      emissionPerEpoch: total,
      emissionPerEpochEach: total / g.length,
      dividends: role === 'validator' ? mean(g.map((u) => u.dividends)) : undefined,
      validatorTrust: role === 'validator' ? mean(g.map((u) => u.validatorTrust)) : undefined,
      ...economy,
    };
  });
  const emissionByEpoch = E.map((e) => {
    const byBehaviour: Record<string, number> = {};
    for (const r of roles) {
      const key = r.role === 'validator' ? `validator:${r.behaviour}` : r.behaviour;
      byBehaviour[key] = (byBehaviour[key] ?? 0) + e.emission[r.uid];
    }
    return { epoch: e.epoch, byBehaviour };
  });
  return {
    subnet: run.subnet,
    seed: run.seed,
    epochs: run.epochs,
    stepsPerEpoch: run.stepsPerEpoch,
    emissionPerEpochTao: run.raoEmission / 1e9,
    behaviours,
    uids,
    emissionByEpoch,
    ...(run.economy && { economy: summariseEconomy(run.subnet, run.economy.run, run.economy.withoutBurn) }),
  };
}

function summariseEconomy(name: string, eco: EconomyRun, withoutBurn: EconomyRun | undefined): EconomyReport {
  const epochs = Math.max(1, eco.perEpoch.length);
  const t = eco.subnet.totals;
  const prices = eco.path.map((p) => p.price);
  const end = eco.subnet.priceEnd;
  return {
    spec: eco.spec,
    blocks: eco.blocks,
    blockEmissionTao: eco.blockEmission.start,
    emissionShare: eco.subnet.emissionShare,
    taoPerBlock: t.taoEmission / Math.max(1, eco.blocks),
    taoPerEpoch: t.taoEmission / epochs,
    subnets: [{ name, emissionShare: eco.subnet.emissionShare, priceStart: eco.subnet.priceStart, priceEnd: end }, ...eco.others],
    price: { start: eco.subnet.priceStart, end, min: Math.min(eco.subnet.priceStart, ...prices), max: Math.max(eco.subnet.priceStart, ...prices) },
    owner: {
      cutAlphaPerEpoch: t.ownerCut / epochs,
      cutTaoPerEpoch: (t.ownerCut / epochs) * end,
      burnFraction: t.minersAlpha + t.burnedAlpha > 0 ? t.burnedAlpha / (t.minersAlpha + t.burnedAlpha) : 0,
      burnedAlphaPerEpoch: t.burnedAlpha / epochs,
      burnedTaoPerEpoch: (t.burnedAlpha / epochs) * end,
    },
    ...(withoutBurn && {
      burnCost: {
        minersAlphaPerEpochWithout: withoutBurn.subnet.totals.minersAlpha / epochs,
        minersAlphaPerEpochWith: t.minersAlpha / epochs,
        minersTaoLostPerEpoch: ((withoutBurn.subnet.totals.minersAlpha - t.minersAlpha) / epochs) * end,
        priceEndWithout: withoutBurn.subnet.priceEnd,
        priceEndWith: end,
        ownerCutTaoPerEpochWithout: (withoutBurn.subnet.totals.ownerCut / epochs) * withoutBurn.subnet.priceEnd,
        ownerCutTaoPerEpochWith: (t.ownerCut / epochs) * end,
        emissionShareWithout: withoutBurn.subnet.emissionShare,
        emissionShareWith: eco.subnet.emissionShare,
      },
    }),
    stakeQuote: eco.stakeQuote,
    rootSells: eco.rootSells,
    totals: t,
    perEpoch: eco.perEpoch,
    pricePath: eco.path,
  };
}

/** TAO for selling `alpha` into the run's final pool. */
function finalPoolSell(eco: EconomyRun, alpha: number): number {
  const { taoReserve, alphaReserve, taoWeight, feeRate } = eco.finalPool;
  return new BalancerPool(taoReserve, alphaReserve, taoWeight).quoteSell(alpha, feeRate).tao;
}
