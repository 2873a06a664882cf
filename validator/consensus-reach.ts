/**
 * Whether a validator's weights can form Yuma consensus at all. Yuma gives a
 * miner a consensus weight above 0 only when validators holding at least κ of
 * the permitted stake put weight on it; below that every weight is clipped to
 * 0 and miners earn nothing, however well they were scored. A validator whose
 * weights nobody else shares, or shares with too little stake, cannot see this
 * from its own scores, so it is worked out here from what the chain holds:
 * stake, validator permits, the weights on chain and the `kappa` hyperparameter.
 *
 * "Agrees with" a validator V: a permitted validator (V included) whose weight
 * row puts some weight on at least one of V's top miners, the uids V weights
 * at least half as much as its heaviest. That is the stake that can lift those
 * miners' consensus above 0. Pure: the validator, `subnet metagraph` and the
 * dashboard all call it on data they read themselves.
 */

/** A weight row: `[uid, weight]` pairs, weights on any non-negative scale (u16 or 0..1). */
export type WeightPairs = readonly (readonly [number, number])[];

export interface ConsensusInput {
  /** stake per uid, any unit */
  stake: ArrayLike<number>;
  validatorPermit: readonly boolean[];
  /** `weights[uid]`: the row `uid` has on chain, empty or missing when it set none */
  weights: readonly (WeightPairs | undefined)[];
  /** the `kappa` hyperparameter as a proportion in [0, 1] (u16 / 65535) */
  kappa: number;
}

export interface ConsensusReach {
  uid: number;
  /** the uids this validator weights at least half as much as its heaviest */
  topMiners: number[];
  /** permitted validators, itself included, that weight at least one of its top miners */
  agreeing: number[];
  /** stake of `agreeing` over all permitted stake, in [0, 1] */
  share: number;
  /** this validator's own stake over all permitted stake */
  ownShare: number;
  kappa: number;
  /** whether `share` reaches κ: otherwise Yuma clips every weight of this validator to 0 */
  formsConsensus: boolean;
  /** permitted validators that set no weights, with their share of permitted stake, largest first */
  silent: { uid: number; share: number }[];
}

/** The uids a row weights at least half as much as its heaviest (its own uid left out). */
export function topMiners(row: WeightPairs, self?: number): number[] {
  const pairs = row.filter(([uid, w]) => w > 0 && uid !== self);
  const max = pairs.reduce((m, [, w]) => Math.max(m, w), 0);
  return pairs
    .filter(([, w]) => w >= max / 2)
    .map(([uid]) => uid)
    .sort((a, b) => a - b);
}

function hasWeights(row: WeightPairs | undefined, self: number): boolean {
  return (row ?? []).some(([uid, w]) => w > 0 && uid !== self);
}

/**
 * The reach of `uid`'s weights. `ownRow` stands in for its row on chain (a
 * validator passes the weights it is about to set). Undefined when no stake
 * holds a permit yet or the validator has no weights to judge.
 */
export function consensusReach(input: ConsensusInput, uid: number, ownRow?: WeightPairs): ConsensusReach | undefined {
  const row = ownRow ?? input.weights[uid] ?? [];
  const top = topMiners(row, uid);
  if (top.length === 0) return undefined;
  const n = input.validatorPermit.length;
  let permitted = 0;
  for (let i = 0; i < n; i++) if (input.validatorPermit[i]) permitted += input.stake[i] ?? 0;
  if (!(permitted > 0)) return undefined;
  const wanted = new Set(top);
  const agreeing: number[] = [];
  const silent: { uid: number; share: number }[] = [];
  let agreeingStake = 0;
  for (let i = 0; i < n; i++) {
    if (!input.validatorPermit[i]) continue;
    const stake = input.stake[i] ?? 0;
    const r = i === uid ? row : input.weights[i];
    if (r && r.some(([dest, w]) => w > 0 && wanted.has(dest))) {
      agreeing.push(i);
      agreeingStake += stake;
    } else if (i !== uid && !hasWeights(r, i) && stake > 0) {
      silent.push({ uid: i, share: stake / permitted });
    }
  }
  const share = agreeingStake / permitted;
  const ownShare = input.validatorPermit[uid] ? (input.stake[uid] ?? 0) / permitted : 0;
  silent.sort((a, b) => b.share - a.share || a.uid - b.uid);
  return { uid, topMiners: top, agreeing, share, ownShare, kappa: input.kappa, formsConsensus: share >= input.kappa, silent };
}

export interface ConsensusDiagnosis {
  kappa: number;
  /** one entry per permitted validator that has weights on chain, by uid */
  validators: ConsensusReach[];
  /** one line per problem, empty when every weighting validator reaches κ */
  problems: string[];
}

/** The reach of every permitted validator that set weights, and what stops miners from earning. */
export function diagnoseConsensus(input: ConsensusInput): ConsensusDiagnosis {
  const validators: ConsensusReach[] = [];
  for (let uid = 0; uid < input.validatorPermit.length; uid++) {
    if (!input.validatorPermit[uid]) continue;
    const reach = consensusReach(input, uid);
    if (reach) validators.push(reach);
  }
  const permittedStake = input.validatorPermit.reduce((s, p, i) => s + (p ? (input.stake[i] ?? 0) : 0), 0);
  const problems: string[] = [];
  if (validators.length === 0 && permittedStake > 0) {
    problems.push('no validator with a permit has set weights: miners earn no incentive until one does');
  }
  for (const reach of validators) if (!reach.formsConsensus) problems.push(describeReach(reach));
  return { kappa: input.kappa, validators, problems };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/**
 * One sentence about a validator whose weights cannot form consensus
 * (`formsConsensus` false), said to that validator (`you`) or about it (`uid N`).
 */
export function describeReach(reach: ConsensusReach, who: 'you' | 'uid' = 'uid'): string {
  const alone = reach.agreeing.length <= 1;
  const subject = who === 'you' ? 'your weights' : `uid ${reach.uid}'s weights`;
  const holder = who === 'you' ? 'you hold' : `uid ${reach.uid} holds`;
  const head = alone
    ? `${subject} alone cannot form consensus: ${holder} ${pct(reach.share)} of permitted stake, κ is ${pct(reach.kappa)}`
    : `${subject} cannot form consensus: the validators that agree with them (uids ${reach.agreeing.join(', ')}) hold ${pct(reach.share)} of permitted stake, κ is ${pct(reach.kappa)}`;
  const silent = reach.silent.slice(0, 3).map((s) => `uid ${s.uid} (${pct(s.share)})`);
  const tail = silent.length > 0 ? `; permitted but setting no weights: ${silent.join(', ')}` : '';
  return `${head}, so Yuma clips every weight to 0 and miners earn nothing${tail}`;
}
