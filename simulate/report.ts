import type { SimulationRun } from './engine.ts';

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
}

export interface SimulationReport {
  subnet: string;
  seed: string;
  epochs: number;
  stepsPerEpoch: number;
  emissionPerEpochTao: number;
  behaviours: BehaviourSummary[];
  uids: { uid: number; role: 'miner' | 'validator'; behaviour: string; meanScore?: number; incentive: number; dividends: number; validatorTrust: number; emissionPerEpoch: number }[];
  /** per epoch, per behaviour: TAO emitted to the group (for charts) */
  emissionByEpoch: { epoch: number; byBehaviour: Record<string, number> }[];
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
  const behaviours: BehaviourSummary[] = [...groups.values()].map((g) => {
    const role = g[0].role;
    const total = g.reduce((s, u) => s + u.emissionPerEpoch, 0);
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
  };
}
