import { SubnetError } from '../core/errors.ts';
import type { EpochInput, SparseEntry, U64Like } from './types.ts';

/**
 * Validation of the epoch JSON contract, and its decoded form. Every error names
 * the field path and the reason (`stake[3]: must be a u64 ...`).
 */

const U64_MAX = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;

/** A sparse matrix row: parallel arrays of column uids and u16 values, in stored order. */
export interface SparseRowU16 {
  uids: Uint16Array;
  values: Uint16Array;
}

/** The decoded epoch input every implementation consumes. */
export interface EpochState {
  n: number;
  currentBlock: bigint;
  tempo: bigint;
  activityCutoff: bigint;
  lastMechanismStepBlock: bigint;
  stake: bigint[];
  stakeThreshold: bigint;
  lastUpdate: bigint[];
  blockAtRegistration: bigint[];
  /** Length n, or 0 when nothing is stored. */
  validatorPermits: boolean[];
  maxAllowedValidators: number;
  /** Rows for uids < n; entries with a uid >= n are dropped, as the chain's loaders do. */
  weights: SparseRowU16[];
  bonds: SparseRowU16[];
  kappa: number;
  bondsPenalty: number;
  bondsMovingAverage: bigint;
  yuma3: boolean;
  liquidAlpha: boolean;
  alphaLow: number;
  alphaHigh: number;
  alphaSigmoidSteepness: number;
  ownerUid: number | null;
  raoEmission: bigint;
  /** Present only with commit-reveal; `U64_MAX` where a uid has no active commit. */
  commitBlocks: bigint[] | null;
}

function fail(path: string, reason: string): never {
  throw new SubnetError('EPOCH_INPUT_INVALID', `epoch input ${path}: ${reason}`, { details: { path } });
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function u64(v: unknown, path: string): bigint {
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number') {
    if (!Number.isInteger(v)) fail(path, `must be a u64 integer, got ${show(v)}`);
    if (!Number.isSafeInteger(v)) fail(path, `${v} is not exact as a JSON number; pass u64 values above 2^53 as decimal strings`);
    b = BigInt(v);
  } else if (typeof v === 'string') {
    if (!/^-?\d+$/.test(v)) fail(path, `must be a u64 (a JSON number or a decimal string), got ${show(v)}`);
    b = BigInt(v);
  } else fail(path, `must be a u64 (a JSON number or a decimal string), got ${show(v)}`);
  if (b < 0n) fail(path, `must not be negative, got ${b}`);
  if (b > U64_MAX) fail(path, `exceeds u64 (max ${U64_MAX}), got ${b}`);
  return b;
}

function int(v: unknown, path: string, min: number, max: number, type: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(path, `must be an integer (${type}), got ${show(v)}`);
  if (v < min || v > max) fail(path, `out of range for ${type} (${min}..${max}), got ${v}`);
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `must be true or false, got ${show(v)}`);
  return v;
}

function array(v: unknown, path: string, length?: number): unknown[] {
  if (!Array.isArray(v)) fail(path, `must be an array, got ${show(v)}`);
  if (length !== undefined && v.length !== length) fail(path, `wrong length: expected n = ${length} entries, got ${v.length}`);
  return v;
}

/** Row stamps for duplicate detection: `seenAt[uid] === stamp` when uid already appeared in the current row. */
const seenAt = new Float64Array(65536);
let stamp = 0;

function sparseMatrix(v: unknown, path: string, n: number): SparseRowU16[] {
  const rows = array(v, path, n);
  const out: SparseRowU16[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (!Array.isArray(row)) fail(`${path}[${i}]`, `must be an array of [uid, value] pairs, got ${show(row)}`);
    const len = row.length;
    const uids = new Uint16Array(len);
    const values = new Uint16Array(len);
    let kept = 0;
    stamp++;
    for (let k = 0; k < len; k++) {
      const entry = row[k] as unknown;
      if (!Array.isArray(entry) || entry.length !== 2) fail(`${path}[${i}][${k}]`, `must be a [uid, value] pair, got ${show(entry)}`);
      const uid = entry[0] as unknown;
      const value = entry[1] as unknown;
      if (typeof uid !== 'number' || !(uid >= 0 && uid <= 65535) || !Number.isInteger(uid))
        fail(`${path}[${i}][${k}][0]`, `uid out of range for u16 (0..65535), got ${show(uid)}`);
      if (typeof value !== 'number' || !(value >= 0 && value <= 65535) || !Number.isInteger(value))
        fail(`${path}[${i}][${k}][1]`, `value out of range for u16 (0..65535), got ${show(value)}`);
      if (seenAt[uid] === stamp) fail(`${path}[${i}][${k}]`, `duplicate uid ${uid} in the row`);
      seenAt[uid] = stamp;
      // The chain's loaders skip columns >= n (a uid slot that no longer exists).
      if (uid < n) {
        uids[kept] = uid;
        values[kept++] = value;
      }
    }
    out[i] = kept === len ? { uids, values } : { uids: uids.slice(0, kept), values: values.slice(0, kept) };
  }
  return out;
}

function field(obj: Record<string, unknown>, key: string): unknown {
  if (!(key in obj) || obj[key] === undefined) fail(key, 'is missing');
  return obj[key];
}

/** Decodes and validates the JSON contract into the form the epoch implementations consume. */
export function decodeEpochInput(json: unknown): EpochState {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('(root)', `must be a JSON object, got ${show(json)}`);
  const o = json as Record<string, unknown>;
  const n = int(field(o, 'n'), 'n', 0, 65535, 'u16');
  const u64Vec = (key: string) => array(field(o, key), key, n).map((v, i) => u64(v, `${key}[${i}]`));

  const stake = u64Vec('stake');
  let total = 0n;
  for (const s of stake) total += s;
  if (total > I64_MAX) fail('stake', `total stake ${total} exceeds the I64F64 integer range (max ${I64_MAX})`);

  const permitsRaw = array(field(o, 'validator_permits'), 'validator_permits');
  if (permitsRaw.length !== n && permitsRaw.length !== 0)
    fail('validator_permits', `wrong length: expected n = ${n} entries (or none), got ${permitsRaw.length}`);
  const validatorPermits = permitsRaw.map((v, i) => bool(v, `validator_permits[${i}]`));

  const ownerRaw = field(o, 'owner_uid');
  const ownerUid = ownerRaw === null ? null : int(ownerRaw, 'owner_uid', 0, 65535, 'u16 or null');

  let commitBlocks: bigint[] | null = null;
  if (o.commit_blocks !== undefined && o.commit_blocks !== null) {
    commitBlocks = array(o.commit_blocks, 'commit_blocks', n).map((v, i) => (v === null ? U64_MAX : u64(v, `commit_blocks[${i}]`)));
  }

  return {
    n,
    currentBlock: u64(field(o, 'current_block'), 'current_block'),
    tempo: BigInt(int(field(o, 'tempo'), 'tempo', 0, 65535, 'u16')),
    activityCutoff: u64(field(o, 'activity_cutoff_blocks'), 'activity_cutoff_blocks'),
    lastMechanismStepBlock: u64(field(o, 'last_mechanism_step_block'), 'last_mechanism_step_block'),
    stake,
    stakeThreshold: u64(field(o, 'stake_threshold'), 'stake_threshold'),
    lastUpdate: u64Vec('last_update'),
    blockAtRegistration: u64Vec('block_at_registration'),
    validatorPermits,
    maxAllowedValidators: int(field(o, 'max_allowed_validators'), 'max_allowed_validators', 0, 65535, 'u16'),
    weights: sparseMatrix(field(o, 'weights'), 'weights', n),
    bonds: sparseMatrix(field(o, 'bonds'), 'bonds', n),
    kappa: int(field(o, 'kappa'), 'kappa', 0, 65535, 'u16'),
    bondsPenalty: int(field(o, 'bonds_penalty'), 'bonds_penalty', 0, 65535, 'u16'),
    bondsMovingAverage: u64(field(o, 'bonds_moving_average'), 'bonds_moving_average'),
    yuma3: bool(field(o, 'yuma3'), 'yuma3'),
    liquidAlpha: bool(field(o, 'liquid_alpha'), 'liquid_alpha'),
    alphaLow: int(field(o, 'alpha_low'), 'alpha_low', 0, 65535, 'u16'),
    alphaHigh: int(field(o, 'alpha_high'), 'alpha_high', 0, 65535, 'u16'),
    alphaSigmoidSteepness: int(field(o, 'alpha_sigmoid_steepness'), 'alpha_sigmoid_steepness', -32768, 32767, 'i16'),
    ownerUid,
    raoEmission: u64(field(o, 'rao_emission'), 'rao_emission'),
    commitBlocks,
  };
}

function entries(rows: SparseRowU16[]): SparseEntry[][] {
  return rows.map((r) => Array.from(r.uids, (uid, k): SparseEntry => [uid, r.values[k]]));
}

/**
 * Validates `json` against the contract and returns it as a clean `EpochInput`:
 * u64 fields as decimal strings, unknown keys dropped, weight/bond entries for
 * uids >= n dropped. Throws `SubnetError('EPOCH_INPUT_INVALID')` naming the field.
 */
export function parseEpochInput(json: unknown): EpochInput {
  return encodeEpochState(decodeEpochInput(json));
}

/** The contract form of a decoded state (u64 as decimal strings). */
export function encodeEpochState(s: EpochState): EpochInput {
  const str = (v: bigint) => v.toString();
  const input: EpochInput = {
    n: s.n,
    current_block: str(s.currentBlock),
    tempo: Number(s.tempo),
    activity_cutoff_blocks: str(s.activityCutoff),
    last_mechanism_step_block: str(s.lastMechanismStepBlock),
    stake: s.stake.map(str),
    stake_threshold: str(s.stakeThreshold),
    last_update: s.lastUpdate.map(str),
    block_at_registration: s.blockAtRegistration.map(str),
    validator_permits: [...s.validatorPermits],
    max_allowed_validators: s.maxAllowedValidators,
    weights: entries(s.weights),
    bonds: entries(s.bonds),
    kappa: s.kappa,
    bonds_penalty: s.bondsPenalty,
    bonds_moving_average: str(s.bondsMovingAverage),
    yuma3: s.yuma3,
    liquid_alpha: s.liquidAlpha,
    alpha_low: s.alphaLow,
    alpha_high: s.alphaHigh,
    alpha_sigmoid_steepness: s.alphaSigmoidSteepness,
    owner_uid: s.ownerUid,
    rao_emission: str(s.raoEmission),
  };
  if (s.commitBlocks) input.commit_blocks = s.commitBlocks.map((b) => (b === U64_MAX ? null : str(b)));
  return input;
}

export type { U64Like };
