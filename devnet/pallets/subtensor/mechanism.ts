import { ModuleError, type RuntimeContext, type State, type StateReader } from '../../pallet.ts';
import {
  Bonds,
  Incentive,
  LastUpdate,
  MaxAllowedUids,
  MaxMechanismCount,
  MechanismCountCurrent,
  MechanismEmissionSplit,
  NetworksAdded,
  TimelockedWeightCommits,
  WeightCommits,
  Weights,
} from './storage.ts';

/**
 * Mechanisms (sub-subnets, subnets/mechanism.rs of spec 381). A subnet runs
 * `MechanismCountCurrent` mechanisms; each keeps its own weights, bonds,
 * incentive, last-update row and weight commits under the mechanism storage
 * index `mecid · 4096 + netuid`, so mechanism 0's rows sit at the netuid itself
 * and a one-mechanism subnet reads exactly as before mechanisms existed.
 * Registration, stake, validator permits and the other per-uid results stay per
 * subnet.
 */

/** `GLOBAL_MAX_SUBNET_COUNT`: the stride between one subnet's mechanisms in the per-mechanism maps. */
export const GLOBAL_MAX_SUBNET_COUNT = 4096;
/** `MAX_MECHANISM_COUNT_PER_SUBNET`: 4096 · 16 covers the u16 index space. */
export const MAX_MECHANISM_COUNT_PER_SUBNET = 16;
/** `DefaultMaxAllowedUids`: max UIDs times mechanism count may not exceed it. */
export const DEFAULT_MAX_ALLOWED_UIDS = 256;

const U16_MAX = 65535n;
const SUBTENSOR = 'SubtensorModule';

/** `get_mechanism_storage_index` (u16 saturating, as the runtime's). */
export function mechanismStorageIndex(netuid: number, mecid: number): number {
  return Math.min(mecid * GLOBAL_MAX_SUBNET_COUNT + netuid, 0xffff);
}

/** The storage indexes of every mechanism the subnet runs, mechanism 0 first. */
export function mechanismIndexes(state: StateReader, netuid: number): number[] {
  const count = MechanismCountCurrent.get(state, netuid);
  return Array.from({ length: count }, (_, mecid) => mechanismStorageIndex(netuid, mecid));
}

export function mechanismExists(state: StateReader, netuid: number, mecid: number): boolean {
  return NetworksAdded.get(state, netuid) && MechanismCountCurrent.get(state, netuid) > mecid;
}

/** `ensure_mechanism_exists`: the subnet and the mechanism, both reported as `MechanismDoesNotExist`. */
export function ensureMechanismExists(state: StateReader, netuid: number, mecid: number): void {
  if (!mechanismExists(state, netuid, mecid)) throw new ModuleError(SUBTENSOR, 'MechanismDoesNotExist');
}

/**
 * `split_emissions`: a stored split gives mechanism i `floor(alpha · split[i] / 65535)`, no split
 * gives each `floor(alpha / count)`; the vector is padded with zeros (or cut) to `count`, and
 * what the flooring lost goes to mechanism 0, so the parts always add up to `alpha`.
 */
export function splitEmission(alpha: bigint, count: number, split: readonly number[] | undefined): bigint[] {
  const parts = split === undefined ? Array.from({ length: count }, () => alpha / BigInt(count)) : split.map((s) => (alpha * BigInt(s)) / U16_MAX);
  const out = Array.from({ length: count }, (_, i) => parts[i] ?? 0n);
  const lost = alpha - out.reduce((a, b) => a + b, 0n);
  if (out.length > 0 && lost > 0n) out[0] += lost;
  return out;
}

/**
 * The weight a mechanism's results carry in the subnet's combined results: its share of the
 * emission as U64F64 bits (`sub / total`, truncated as the fixed-point division is). With no
 * emission mechanism 0 weighs 1 and the others 0.
 */
export function mechanismWeightBits(sub: bigint, total: bigint, mecid: number): bigint {
  if (total === 0n) return mecid === 0 ? 1n << 64n : 0n;
  return (sub << 64n) / total;
}

/** `weighted_acc_u16`: `existing + added · weight` in U64F64, truncated and saturated to u16. */
export function weightedAccU16(existing: number, added: number, weightBits: bigint): number {
  const v = BigInt(existing) + ((BigInt(added) * weightBits) >> 64n);
  return Number(v > U16_MAX ? U16_MAX : v);
}

const U64_MAX = (1n << 64n) - 1n;

/** `weighted_acc_alpha`: as `weightedAccU16`, saturated to u64. */
export function weightedAccAlpha(existing: bigint, added: bigint, weightBits: bigint): bigint {
  const v = existing + ((added * weightBits) >> 64n);
  return v > U64_MAX ? U64_MAX : v;
}

/** One mechanism's per-uid results, as the epoch of that mechanism produced them. */
export interface MechanismTerms {
  emission: bigint;
  server_emission: readonly bigint[];
  validator_emission: readonly bigint[];
  dividends: readonly number[];
  stake_weight: readonly number[];
  active: readonly boolean[];
  combined_emission: readonly bigint[];
  consensus: readonly number[];
  validator_trust: readonly number[];
  new_validator_permits: readonly boolean[];
}

/** The subnet's per-uid results once every mechanism's epoch has run. */
export interface SubnetTerms {
  server_emission: bigint[];
  validator_emission: bigint[];
  dividends: number[];
  stake_weight: number[];
  active: boolean[];
  emission: bigint[];
  consensus: number[];
  validator_trust: number[];
  new_validator_permits: boolean[];
}

/**
 * `epoch_with_mechanisms`' fold: server and validator emissions add up; dividends, stake weight,
 * emission, consensus and validator trust are sums weighted by each mechanism's emission share
 * (truncated after each mechanism, in mechanism order); active and the new validator permit are
 * ORed. One mechanism with weight 1 gives its own results back unchanged.
 */
export function combineMechanisms(n: number, mechanisms: readonly MechanismTerms[], total: bigint): SubnetTerms {
  const out: SubnetTerms = {
    server_emission: Array(n).fill(0n),
    validator_emission: Array(n).fill(0n),
    dividends: Array(n).fill(0),
    stake_weight: Array(n).fill(0),
    active: Array(n).fill(false),
    emission: Array(n).fill(0n),
    consensus: Array(n).fill(0),
    validator_trust: Array(n).fill(0),
    new_validator_permits: Array(n).fill(false),
  };
  mechanisms.forEach((m, mecid) => {
    const w = mechanismWeightBits(m.emission, total, mecid);
    for (let uid = 0; uid < n; uid++) {
      out.server_emission[uid] += m.server_emission[uid] ?? 0n;
      out.validator_emission[uid] += m.validator_emission[uid] ?? 0n;
      out.dividends[uid] = weightedAccU16(out.dividends[uid], m.dividends[uid] ?? 0, w);
      out.stake_weight[uid] = weightedAccU16(out.stake_weight[uid], m.stake_weight[uid] ?? 0, w);
      out.active[uid] ||= m.active[uid] ?? false;
      out.emission[uid] = weightedAccAlpha(out.emission[uid], m.combined_emission[uid] ?? 0n, w);
      out.consensus[uid] = weightedAccU16(out.consensus[uid], m.consensus[uid] ?? 0, w);
      out.validator_trust[uid] = weightedAccU16(out.validator_trust[uid], m.validator_trust[uid] ?? 0, w);
      out.new_validator_permits[uid] ||= m.new_validator_permits[uid] ?? false;
    }
  });
  return out;
}

/** `ensure_max_uids_over_all_mechanisms`. */
export function ensureMaxUidsOverAllMechanisms(maxUids: number, count: number): void {
  if (maxUids * count > DEFAULT_MAX_ALLOWED_UIDS) throw new ModuleError(SUBTENSOR, 'TooManyUIDsPerMechanism');
}

/** `do_set_mechanism_count`, the checks in the runtime's order. */
export function setMechanismCount(ctx: RuntimeContext, netuid: number, count: number): void {
  const s = ctx.state;
  if (!NetworksAdded.get(s, netuid)) throw new ModuleError(SUBTENSOR, 'MechanismDoesNotExist');
  if (count === 0 || count > MaxMechanismCount.get(s)) throw new ModuleError(SUBTENSOR, 'InvalidValue');
  ensureMaxUidsOverAllMechanisms(MaxAllowedUids.get(s, netuid), count);
  if (count > MAX_MECHANISM_COUNT_PER_SUBNET) throw new ModuleError(SUBTENSOR, 'InvalidValue');
  updateMechanismCount(s, netuid, count);
}

/** `do_set_max_mechanism_count`. */
export function setMaxMechanismCount(ctx: RuntimeContext, count: number): void {
  if (count === 0 || count > MAX_MECHANISM_COUNT_PER_SUBNET) throw new ModuleError(SUBTENSOR, 'InvalidValue');
  MaxMechanismCount.set(ctx.state, count);
}

/**
 * `update_mechanism_counts_if_needed`: the rows of removed mechanisms are deleted, and any change
 * of count resets the split to even (a stored split names shares of the old mechanisms).
 */
function updateMechanismCount(s: State, netuid: number, count: number): void {
  const old = MechanismCountCurrent.get(s, netuid);
  if (old === count) return;
  for (let mecid = count; mecid < old; mecid++) {
    const index = mechanismStorageIndex(netuid, mecid);
    for (const [[, uid]] of Weights.entries(s, index)) Weights.remove(s, index, uid);
    Incentive.remove(s, index);
    LastUpdate.remove(s, index);
    for (const [[, uid]] of Bonds.entries(s, index)) Bonds.remove(s, index, uid);
    for (const [[, who]] of WeightCommits.entries(s, index)) WeightCommits.remove(s, index, who);
    for (const [[, epoch]] of TimelockedWeightCommits.entries(s, index)) TimelockedWeightCommits.remove(s, index, epoch);
  }
  MechanismCountCurrent.set(s, netuid, count);
  MechanismEmissionSplit.remove(s, netuid);
}

/** `do_set_emission_split`: a split has 1..=count entries summing to 65535; None returns to even. */
export function setEmissionSplit(ctx: RuntimeContext, netuid: number, split: number[] | null): void {
  const s = ctx.state;
  if (!NetworksAdded.get(s, netuid)) throw new ModuleError(SUBTENSOR, 'MechanismDoesNotExist');
  if (split === null) {
    MechanismEmissionSplit.remove(s, netuid);
    return;
  }
  if (split.length === 0 || split.length > MechanismCountCurrent.get(s, netuid)) throw new ModuleError(SUBTENSOR, 'InvalidValue');
  if (split.reduce((a, b) => a + b, 0) !== 65535) throw new ModuleError(SUBTENSOR, 'InvalidValue');
  MechanismEmissionSplit.set(s, netuid, split);
}
