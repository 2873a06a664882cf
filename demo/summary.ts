import type { Metagraph } from '../chain/metagraph.ts';
import type { Behaviour, CastMember, Player } from './cast.ts';

/** One neuron at the end of the demo. */
export interface NeuronResult {
  uid: number;
  name: string;
  role: CastMember['role'];
  behaviour: Behaviour;
  hotkey: string;
  /** the subnet's alpha staked on the hotkey when the demo's processes were up, and at the end */
  stakeStart: number;
  stakeEnd: number;
  /** stakeEnd - stakeStart: what the subnet paid this hotkey, in its alpha */
  earnedAlpha: number;
  /** that alpha's worth in TAO at the subnet's price at the end */
  earned: number;
  incentive: number;
  dividends: number;
  trust: number;
  validatorTrust: number;
  emission: number;
}

export interface BehaviourResult {
  uids: number[];
  /** alpha earned by all neurons of this behaviour, and its worth in TAO at the end's price */
  earnedAlpha: number;
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
  /** the subnet's price at the end, TAO per alpha (`current_alpha_price`) */
  alphaPrice: number;
  durationMs: number;
  /** wall-clock ms from `subnet demo` to all processes serving */
  setupMs: number;
  dashboardUrl: string;
  neurons: NeuronResult[];
  behaviours: Partial<Record<Behaviour, BehaviourResult>>;
  /** behaviours ordered by final incentive, miners only, best first */
  minerRanking: Behaviour[];
}

/** The end of the demo, from the metagraphs when the processes came up and now, and the price now (τ per α). */
export function summarise(input: {
  cast: readonly Player[];
  start: Metagraph;
  end: Metagraph;
  alphaPrice: number;
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
      earnedAlpha: end.stake[uid] - stakeStart,
      earned: (end.stake[uid] - stakeStart) * input.alphaPrice,
      incentive: end.incentive[uid],
      dividends: end.dividends[uid],
      trust: end.trust[uid],
      validatorTrust: end.validatorTrust[uid],
      emission: end.emission[uid],
    });
  }
  const behaviours: DemoSummary['behaviours'] = {};
  for (const n of neurons) {
    const b = (behaviours[n.behaviour] ??= { uids: [], earnedAlpha: 0, earned: 0, incentive: 0, dividends: 0 });
    b.uids.push(n.uid);
    b.earnedAlpha += n.earnedAlpha;
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
    alphaPrice: input.alphaPrice,
    durationMs: input.durationMs,
    setupMs: input.setupMs,
    dashboardUrl: input.dashboardUrl,
    neurons,
    behaviours,
    minerRanking,
  };
}

/** The summary for humans: alpha earned per behaviour and its TAO value at the end's price, best miner first. */
export function formatSummary(s: DemoSummary): string {
  const lines = [
    '',
    `Demo finished: ${s.epochs} epochs, blocks ${s.startBlock}-${s.endBlock}, ${(s.durationMs / 1000).toFixed(0)} s (setup ${(s.setupMs / 1000).toFixed(0)} s).`,
    `Earnings are stake in α${s.netuid}, valued at its price at the end, τ${s.alphaPrice.toFixed(9)} per α${s.netuid}.`,
    '',
    `${'behaviour'.padEnd(11)}${'uids'.padEnd(8)}${'TAO earned'.padStart(12)}${`α${s.netuid} earned`.padStart(14)}${'incentive'.padStart(11)}${'dividends'.padStart(11)}`,
  ];
  const order: Behaviour[] = ['validator', ...s.minerRanking];
  for (const b of order) {
    const r = s.behaviours[b];
    if (!r) continue;
    lines.push(
      `${b.padEnd(11)}${r.uids.join(',').padEnd(8)}${r.earned.toFixed(4).padStart(12)}${r.earnedAlpha.toFixed(4).padStart(14)}${r.incentive.toFixed(4).padStart(11)}${r.dividends.toFixed(4).padStart(11)}`,
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
