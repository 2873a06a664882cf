import { SUBTENSOR_EPOCH_DEFAULTS, type EpochInput, type EpochOutput, type SparseEntry } from '../../consensus/index.ts';
import { maxUpscaleWeights } from '../../consensus/storage.ts';

/**
 * A tiny stand-in for the pallet state the Rust epoch tests build with the mock
 * runtime: per-uid stake, registration block, last update, stored weights, and the
 * bonds / permits each epoch stores. `epoch()` runs the engine and stores its
 * outputs as the chain does, so the ported tests read like their Rust originals.
 */
export class SubnetSim {
  block = 1;
  stake: bigint[];
  lastUpdate: number[];
  blockAtRegistration: number[];
  weights: SparseEntry[][];
  bonds: SparseEntry[][];
  validatorPermits: boolean[];
  last?: EpochOutput;
  params: Omit<EpochInput, 'n' | 'current_block' | 'stake' | 'last_update' | 'block_at_registration' | 'weights' | 'bonds' | 'validator_permits'>;

  constructor(
    readonly n: number,
    readonly run: (input: EpochInput) => EpochOutput,
    params: Partial<SubnetSim['params']> = {},
  ) {
    this.stake = new Array<bigint>(n).fill(0n);
    this.lastUpdate = new Array<number>(n).fill(0);
    this.blockAtRegistration = new Array<number>(n).fill(0);
    this.weights = Array.from({ length: n }, () => []);
    this.bonds = Array.from({ length: n }, () => []);
    this.validatorPermits = new Array<boolean>(n).fill(false);
    // The mock runtime's defaults (pallets/subtensor/src/tests/mock.rs).
    this.params = {
      tempo: 65534,
      activity_cutoff_blocks: 5000,
      last_mechanism_step_block: 0,
      stake_threshold: 0,
      max_allowed_validators: 100,
      ...SUBTENSOR_EPOCH_DEFAULTS,
      owner_uid: null,
      rao_emission: 1_000_000_000,
      ...params,
    };
  }

  /** `set_weights`: stores the max-upscaled row and stamps last_update. */
  setWeights(uid: number, uids: number[], values: number[]): void {
    const up = maxUpscaleWeights(values);
    this.weights[uid] = uids.map((u, k): SparseEntry => [u, up[k]]);
    this.lastUpdate[uid] = this.block;
  }

  input(): EpochInput {
    return {
      n: this.n,
      current_block: this.block,
      stake: this.stake.map(String),
      last_update: [...this.lastUpdate],
      block_at_registration: [...this.blockAtRegistration],
      weights: this.weights.map((r) => r.map((e): SparseEntry => [e[0], e[1]])),
      bonds: this.bonds.map((r) => r.map((e): SparseEntry => [e[0], e[1]])),
      validator_permits: [...this.validatorPermits],
      ...this.params,
    };
  }

  /** Runs the epoch and persists permits and bonds, as `epoch()` does. */
  epoch(): EpochOutput {
    const out = this.run(this.input());
    this.validatorPermits = [...out.new_validator_permits];
    this.bonds = out.bonds.map((r) => r.map((e): SparseEntry => [e[0], e[1]]));
    this.last = out;
    return out;
  }

  /** `get_bonds()[i][j]` as the stored u16 (0 when absent). */
  bond(i: number, j: number): number {
    return this.bonds[i].find((e) => e[0] === j)?.[1] ?? 0;
  }
}

/** A deterministic shuffle (mulberry32) for the "random interleave" node layouts. */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const k = Math.floor(rand() * (i + 1));
    [out[i], out[k]] = [out[k], out[i]];
  }
  return out;
}

/** `distribute_nodes(validators_n, network_n, interleave)` from tests/epoch/helpers.rs. */
export function distributeNodes(validatorsN: number, networkN: number, interleave: number, seed = 0): { validators: number[]; servers: number[] } {
  const all = Array.from({ length: networkN }, (_, i) => i);
  if (interleave === 0) return { validators: all.slice(0, validatorsN), servers: all.slice(validatorsN) };
  if (interleave === 1) {
    const step = Math.floor(networkN / validatorsN);
    return { validators: all.filter((i) => i % step === 0), servers: all.filter((i) => i % step !== 0) };
  }
  const p = shuffled(all, seed);
  return { validators: p.slice(0, validatorsN), servers: p.slice(validatorsN) };
}
