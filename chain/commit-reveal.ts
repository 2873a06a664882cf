import { blake2AsU8a, randomAsU8a } from '@polkadot/util-crypto';
import { SubnetError } from '../core/errors.ts';
import { mechanismStorageIndex } from './timelock-weights.ts';

/**
 * Commit-reveal v2. The commit is what subtensor recomputes at reveal time
 * (subnets/weights.rs `do_reveal_weights`):
 * `BlakeTwo256::hash_of(&(who, netuid, uids, values, salt, version_key))`, i.e.
 * blake2b-256 of the SCALE tuple `(AccountId32, u16, Vec<u16>, Vec<u16>, Vec<u16>, u64)`.
 * Pure functions.
 */
export const SALT_LENGTH = 8;

export interface WeightsReveal {
  netuid: number;
  uids: number[];
  values: number[];
  salt: number[];
  versionKey: bigint;
  /** mechanism id (0, the subnet's main mechanism, when absent) */
  mechid?: number;
}

/** Eight random u16 values (the SDK also uses an 8-element salt). */
export function generateSalt(length = SALT_LENGTH): number[] {
  const bytes = randomAsU8a(length * 2);
  return Array.from({ length }, (_, i) => bytes[2 * i] | (bytes[2 * i + 1] << 8));
}

function compact(n: number): number[] {
  if (n < 1 << 6) return [n << 2];
  if (n < 1 << 14) return [((n << 2) | 1) & 0xff, (n >> 6) & 0xff];
  if (n < 1 << 30) {
    const v = ((n << 2) | 2) >>> 0;
    return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
  }
  throw new SubnetError('WEIGHTS_TOO_LONG', `vector of ${n} elements is too long`);
}

function u16(v: number, what: string): number[] {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new SubnetError('WEIGHTS_NOT_U16', `${what} ${v} is not a u16`);
  return [v & 0xff, v >> 8];
}

/** SCALE encoding of the tuple the chain hashes. */
export function commitPreimage(hotkey: Uint8Array, r: WeightsReveal): Uint8Array {
  if (hotkey.length !== 32) throw new SubnetError('WALLET_BAD_ADDRESS', 'hotkey public key must be 32 bytes');
  // the runtime hashes the mechanism storage index, which is the netuid for mechanism 0
  const out: number[] = [...hotkey, ...u16(mechanismStorageIndex(r.netuid, r.mechid ?? 0), 'netuid')];
  for (const [name, vec] of [
    ['uid', r.uids],
    ['weight', r.values],
    ['salt', r.salt],
  ] as const) {
    out.push(...compact(vec.length));
    for (const v of vec) out.push(...u16(v, name));
  }
  if (r.versionKey < 0n || r.versionKey >= 1n << 64n) throw new SubnetError('WEIGHTS_BAD_VERSION_KEY', `version key ${r.versionKey} is not a u64`);
  for (let i = 0n; i < 8n; i++) out.push(Number((r.versionKey >> (8n * i)) & 0xffn));
  return Uint8Array.from(out);
}

/** The H256 `commit_hash` argument of `commit_weights`. */
export function commitHash(hotkey: Uint8Array, r: WeightsReveal): Uint8Array {
  return blake2AsU8a(commitPreimage(hotkey, r), 256);
}

export type CommitRevealMode = 'disabled' | 'v2' | 'timelocked';

/**
 * How a subnet wants weights: `set_weights` when commit-reveal is off; v2
 * (`commit_weights` / `reveal_weights`) when on and the runtime has those calls
 * and no timelock version ≥ 3 (`CommitRevealWeightsVersion`, present since the
 * drand-based CRv3); otherwise timelocked (`commit_timelocked_weights`,
 * chain/timelock-weights.ts).
 */
export function commitRevealModeOf(chain: { enabled: boolean; version?: number; hasV2Calls: boolean }): CommitRevealMode {
  if (!chain.enabled) return 'disabled';
  if (chain.version !== undefined && chain.version >= 3) return 'timelocked';
  return chain.hasV2Calls ? 'v2' : 'timelocked';
}
