import type { Metagraph } from '../chain/metagraph.ts';
import type { Behaviour, CastMember, Player } from './cast.ts';

/** One neuron at the end of the demo. */
export interface NeuronResult {
  uid: number;
  name: string;
  role: CastMember['role'];
  behaviour: Behaviour;
  hotkey: string;
  /** TAO staked on the hotkey when the demo's processes were up, and at the end */
  stakeStart: number;
  stakeEnd: number;
  /** stakeEnd - stakeStart: what the subnet paid this hotkey, TAO */
  earned: number;
  incentive: number;
  dividends: number;
  trust: number;
  validatorTrust: number;
  emission: number;
}

export interface BehaviourResult {
  uids: number[];
  /** TAO earned by all neurons of this behaviour */
  earned: number;
  /** mean final incentive */
  incentive: number;
  dividends: number;
}

export interface DemoSummary {
  netuid: number;
  epochs: number;
  startBlock: number;
  endBlock: number;
  durationMs: number;
  /** wall-clock ms from `subnet demo` to all processes serving */
  setupMs: number;
  dashboardUrl: string;
  neurons: NeuronResult[];
  behaviours: Partial<Record<Behaviour, BehaviourResult>>;
  /** behaviours ordered by final incentive, miners only, best first */
  minerRanking: Behaviour[];
}

/** The end of the demo, from the metagraphs when the processes came up and now. */
export function summarise(input: {
  cast: readonly Player[];
  start: Metagraph;
  end: Metagraph;
  epochs: number;
  durationMs: number;
  setupMs: number;
  dashboardUrl: string;
}): DemoSummary {
  const { cast, start, end } = input;
  const neurons: NeuronResult[] = [];
  for (const member of cast) {
    const hotkey = member.hotkey;
    const uid = end.hotkeys.indexOf(hotkey);
    if (uid < 0) continue;
    const startUid = start.hotkeys.indexOf(hotkey);
    const stakeStart = startUid < 0 ? 0 : start.stake[startUid];
    neurons.push({
      uid,
      name: member.name,
      role: member.role,
      behaviour: member.behaviour,
      hotkey,
      stakeStart,
      stakeEnd: end.stake[uid],
      earned: end.stake[uid] - stakeStart,
      incentive: end.incentive[uid],
      dividends: end.dividends[uid],
      trust: end.trust[uid],
      validatorTrust: end.validatorTrust[uid],
      emission: end.emission[uid],
    });
  }
  const behaviours: DemoSummary['behaviours'] = {};
  for (const n of neurons) {
    const b = (behaviours[n.behaviour] ??= { uids: [], earned: 0, incentive: 0, dividends: 0 });
    b.uids.push(n.uid);
    b.earned += n.earned;
    b.incentive += n.incentive;
    b.dividends += n.dividends;
  }
  for (const b of Object.values(behaviours)) {
    b.incentive /= b.uids.length;
    b.dividends /= b.uids.length;
  }
  const minerRanking = (Object.keys(behaviours) as Behaviour[])
    .filter((b) => b !== 'validator')
    .sort((a, b) => behaviours[b]!.incentive - behaviours[a]!.incentive);
  return {
    netuid: end.netuid,
    epochs: input.epochs,
    startBlock: start.block,
    endBlock: end.block,
    durationMs: input.durationMs,
    setupMs: input.setupMs,
    dashboardUrl: input.dashboardUrl,
    neurons,
    behaviours,
    minerRanking,
  };
}

/** The summary for humans: TAO earned per behaviour, best miner first. */
export function formatSummary(s: DemoSummary): string {
  const lines = [
    '',
    `Demo finished: ${s.epochs} epochs, blocks ${s.startBlock}-${s.endBlock}, ${(s.durationMs / 1000).toFixed(0)} s (setup ${(s.setupMs / 1000).toFixed(0)} s).`,
    '',
    `${'behaviour'.padEnd(11)}${'uids'.padEnd(8)}${'TAO earned'.padStart(12)}${'incentive'.padStart(11)}${'dividends'.padStart(11)}`,
  ];
  const order: Behaviour[] = ['validator', ...s.minerRanking];
  for (const b of order) {
    const r = s.behaviours[b];
    if (!r) continue;
    lines.push(
      `${b.padEnd(11)}${r.uids.join(',').padEnd(8)}${r.earned.toFixed(4).padStart(12)}${r.incentive.toFixed(4).padStart(11)}${r.dividends.toFixed(4).padStart(11)}`,
    );
  }
  lines.push('');
  const honest = s.behaviours.honest?.incentive ?? 0;
  const others = s.minerRanking.filter((b) => b !== 'honest').map((b) => s.behaviours[b]!.incentive);
  if (honest > 0 && others.every((x) => honest > x)) {
    lines.push("Honest miners earned the most: the validators' scores and Yuma consensus paid for correct work.");
  } else if (honest === 0 && others.every((x) => x === 0)) {
    lines.push('No miner has been paid yet: validators need a permit, then weights from validators holding most of the stake. Run more epochs (--epochs).');
  } else {
    lines.push(`Top miner behaviour: ${s.minerRanking[0]}.`);
  }
  return lines.join('\n');
}
