import { createHash } from 'node:crypto';
import { runEpoch, SUBTENSOR_EPOCH_DEFAULTS as D, type EpochInput, type EpochOutput, type SparseEntry } from '../consensus/index.ts';
import { SeededRng } from '../scoring/challenge.ts';
import type { Challenge, MinerResponse, ScoringItem } from '../scoring/rule.ts';
import type { EconomySettings, SimulationConfig } from '../subnet-config/schema/simulation.ts';
import type { Subnet } from '../subnet-config/subnet.ts';
import { behaviourLabel, expandMinerBehaviours, type ValidatorBehaviour } from './behaviour.ts';
import { runEconomy, type EconomyRun } from './economy/economy.ts';
import { economyConfig } from './economy/settings.ts';
import { SimulatedMiner, type MinerEnvironment, type SimulatedMinerInfo } from './simulated-miner.ts';

export interface SimulationOptions extends Omit<SimulationConfig, 'miners' | 'economy'> {
  miners: string[];
  /** the dTAO market around the subnet; without it the run has no economy */
  economy?: EconomySettings;
  onProgress?: (p: { epoch: number; step: number; epochs: number; stepsPerEpoch: number }) => void;
}

export interface EpochRecord {
  epoch: number;
  block: number;
  /** per uid, [0, 1] */
  incentive: number[];
  dividends: number[];
  validatorTrust: number[];
  /** per uid, TAO */
  emission: number[];
  /** per validator uid: the u16 weights row it set ([uid, u16]) */
  weights: SparseEntry[][];
}

export interface SimulationRun {
  subnet: string;
  seed: string;
  epochs: number;
  stepsPerEpoch: number;
  raoEmission: number;
  miners: SimulatedMinerInfo[];
  validators: { uid: number; hotkey: string; behaviour: ValidatorBehaviour; stakeTao: number }[];
  /** per miner uid: every score (rule tree output, before shaping) it received */
  scores: Map<number, number[]>;
  /** per miner uid: every reward (after shaping: duplicate penalty, normalisation...) */
  rewards: Map<number, number[]>;
  epochRecords: EpochRecord[];
  /** the dTAO economy over the same epochs, paid by their incentive and dividends; `withoutBurn` is the same market with `burn` 0, when it is not */
  economy?: { run: EconomyRun; withoutBurn?: EconomyRun };
}

const RAO_PER_TAO = 1e9;

/**
 * Runs a subnet definition end to end without chain or network: the real
 * challenge generator, reference miner, rules, models and reward shaping for
 * simulated miners; honest validators keep an EMA of rewards and set weights
 * each epoch; weight copiers copy the last consensus; Yuma Consensus
 * (`consensus/runEpoch`, bit-exact with subtensor) turns weights into
 * incentive, dividends and emission.
 */
export async function runSimulation(subnet: Subnet, opts: SimulationOptions): Promise<SimulationRun> {
  const def = subnet.definition.config;
  const cadence = def.validator;
  const hp = def.hyperparameters;
  const V = opts.validators.length;
  const minerInfos: SimulatedMinerInfo[] = expandMinerBehaviours(opts.miners).map((behaviour, j) => ({
    uid: V + j,
    hotkey: `sim-miner-${j}`,
    behaviour,
    label: behaviourLabel(behaviour),
  }));
  const miners = minerInfos.map((m) => new SimulatedMiner(m));
  const validators = opts.validators.map((v, i) => ({
    uid: i,
    hotkey: `sim-validator-${i}`,
    behaviour: v.behaviour,
    stakeTao: v.stake,
    secret: sha(`${opts.seed}:validator-secret:${i}`),
  }));
  const n = V + miners.length;
  const tempo = hp.tempo ?? 99;
  const blocksPerEpoch = tempo + 1;
  const scores = new Map<number, number[]>(minerInfos.map((m) => [m.uid, []]));
  const rewards = new Map<number, number[]>(minerInfos.map((m) => [m.uid, []]));
  const ema = validators.map(() => new Float64Array(n));
  const records: EpochRecord[] = [];

  // copiers copy the first honest miner (else the first miner that is not a copier)
  const copyTargetUid = (minerInfos.find((m) => m.behaviour.kind === 'honest') ?? minerInfos.find((m) => m.behaviour.kind !== 'copier'))?.uid;

  let permits: boolean[] = Array.from({ length: n }, (_, uid) => uid < V);
  let bonds: SparseEntry[][] = Array.from({ length: n }, () => []);
  let lastOutput: EpochOutput | undefined;
  const lastUpdate: number[] = new Array(n).fill(0);
  let step = 0;

  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let s = 0; s < opts.steps_per_epoch; s++, step++) {
      opts.onProgress?.({ epoch, step: s, epochs: opts.epochs, stepsPerEpoch: opts.steps_per_epoch });
      const block = epoch * blocksPerEpoch + 1 + s * cadence.step_every_blocks;
      const blockHash = `0x${sha(`${opts.seed}:block:${block}`)}`;
      for (const v of validators) {
        if (v.behaviour !== 'honest') continue;
        const rng = new SeededRng(`${v.secret}:sample:${step}`);
        const sample = rng.shuffle([...minerInfos]).slice(0, Math.min(cadence.sample_size, minerInfos.length));
        const challengeFor = new Map<number, Promise<Challenge>>();
        const challengeOf = (uid: number) => {
          const key = def.challenge.per_miner ? uid : -1;
          let c = challengeFor.get(key);
          if (!c) {
            c = subnet.generateChallenge({ blockHash, validatorSecret: v.secret, step, uid: def.challenge.per_miner ? uid : undefined });
            challengeFor.set(key, c);
          }
          return c;
        };
        const responses = new Map<number, Promise<MinerResponse>>();
        const env: MinerEnvironment = {
          subnet,
          timeoutMs: cadence.timeout_ms,
          baseLatencyMs: opts.base_latency_ms,
          seed: opts.seed,
          copyTarget: async () => (copyTargetUid === undefined ? undefined : responseOf(copyTargetUid)),
        };
        const responseOf = (uid: number): Promise<MinerResponse> => {
          let r = responses.get(uid);
          if (!r) {
            r = challengeOf(uid).then((c) => miners[uid - V].respond(c, env));
            responses.set(uid, r);
          }
          return r;
        };
        const items: ScoringItem[] = [];
        for (const m of sample) {
          const response = await responseOf(m.uid);
          // a copier answers the copied miner's challenge, but is scored against its own
          items.push({ challenge: await challengeOf(m.uid), response });
        }
        const result = await subnet.pipeline.score(items);
        items.forEach((it, k) => {
          scores.get(it.response.uid)!.push(result.scores[k]);
          rewards.get(it.response.uid)!.push(result.rewards[k]);
          const u = it.response.uid;
          ema[v.uid][u] = cadence.ema_alpha * result.rewards[k] + (1 - cadence.ema_alpha) * ema[v.uid][u];
        });
      }
    }

    const block = (epoch + 1) * blocksPerEpoch;
    const weights: SparseEntry[][] = Array.from({ length: n }, () => []);
    for (const v of validators) {
      const row = v.behaviour === 'honest' ? u16Row(Array.from(ema[v.uid])) : lastOutput ? u16Row(lastOutput.consensus.map((c, uid) => (uid < V ? 0 : c))) : [];
      weights[v.uid] = row;
      if (row.length > 0) lastUpdate[v.uid] = block;
    }
    const input: EpochInput = {
      n,
      current_block: block,
      tempo,
      activity_cutoff_blocks: hp.activity_cutoff ?? 5000,
      last_mechanism_step_block: epoch === 0 ? 0 : epoch * blocksPerEpoch,
      stake: Array.from({ length: n }, (_, uid) => (uid < V ? BigInt(Math.round(validators[uid].stakeTao * RAO_PER_TAO)) : 0n)),
      stake_threshold: 0,
      last_update: lastUpdate.map((b) => b),
      block_at_registration: new Array(n).fill(0),
      validator_permits: permits,
      max_allowed_validators: hp.max_validators ?? 64,
      weights,
      bonds,
      kappa: hp.kappa ?? D.kappa,
      bonds_penalty: hp.bonds_penalty ?? D.bonds_penalty,
      bonds_moving_average: hp.bonds_moving_avg ?? D.bonds_moving_average,
      yuma3: hp.yuma3_enabled ?? D.yuma3,
      liquid_alpha: hp.liquid_alpha_enabled ?? D.liquid_alpha,
      alpha_low: hp.alpha_values?.low ?? D.alpha_low,
      alpha_high: hp.alpha_values?.high ?? D.alpha_high,
      alpha_sigmoid_steepness: hp.alpha_sigmoid_steepness ?? D.alpha_sigmoid_steepness,
      owner_uid: null,
      rao_emission: opts.rao_emission,
    };
    const out = runEpoch(input);
    permits = out.new_validator_permits;
    bonds = out.bonds;
    lastOutput = out;
    records.push({
      epoch,
      block,
      incentive: out.incentive.map((x) => x / 65535),
      dividends: out.dividends.map((x) => x / 65535),
      validatorTrust: out.validator_trust.map((x) => x / 65535),
      emission: out.emission.map((e) => Number(e) / RAO_PER_TAO),
      weights: validators.map((v) => weights[v.uid]),
    });
  }

  const economyOf = (settings: EconomySettings): EconomyRun =>
    runEconomy({
      config: economyConfig(settings, def.name),
      tempo,
      minerUids: minerInfos.map((m) => m.uid),
      validatorUids: validators.map((v) => v.uid),
      epochs: records,
    });
  const economy = opts.economy && { run: economyOf(opts.economy), withoutBurn: opts.economy.burn > 0 ? economyOf({ ...opts.economy, burn: 0 }) : undefined };

  return {
    subnet: def.name,
    seed: opts.seed,
    epochs: opts.epochs,
    stepsPerEpoch: opts.steps_per_epoch,
    raoEmission: opts.rao_emission,
    miners: minerInfos,
    validators: validators.map(({ uid, hotkey, behaviour, stakeTao }) => ({ uid, hotkey, behaviour, stakeTao })),
    scores,
    rewards,
    epochRecords: records,
    economy,
  };
}

/** Weights as set_weights stores them: max-upscaled to 65535, zeros dropped. */
function u16Row(values: number[]): SparseEntry[] {
  const max = Math.max(0, ...values);
  if (!(max > 0)) return [];
  const row: SparseEntry[] = [];
  values.forEach((v, uid) => {
    const w = Math.round((v / max) * 65535);
    if (w > 0) row.push([uid, w]);
  });
  return row;
}

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
