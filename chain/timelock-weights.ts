import { compactFromU8a, compactToU8a, u8aConcat, u8aEq } from '@polkadot/util';
import { SubnetError } from '../core/errors.ts';
import { QUICKNET, timelockEncrypt, type EncryptOptions } from '../core/timelock/index.ts';

/**
 * Commit-reveal v4 (timelocked weights), client side. `commit_timelocked_weights(netuid,
 * commit, reveal_round, commit_reveal_version)` carries a `tle` ciphertext of the SCALE
 * `WeightsTlockPayload { hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>, version_key: u64 }`
 * encrypted to a drand quicknet round; the chain opens it in `reveal_crv3_commits` once
 * that round's pulse is stored, and silently drops a commit it cannot open or decode.
 * Pure functions (the clock and the randomness come in as arguments).
 */
export interface WeightsTlockPayload {
  /** The committing hotkey's 32-byte public key: the chain reveals only if it equals the signer. */
  hotkey: Uint8Array;
  uids: number[];
  values: number[];
  versionKey: bigint;
}

/** `CommitRevealWeightsVersion` the ciphertext format and payload here belong to. */
export const TIMELOCKED_COMMIT_REVEAL_VERSION = 4;
/** `MAX_CRV3_COMMIT_SIZE_BYTES`: the `commit` argument is a `BoundedVec<u8, 5000>`. */
export const MAX_TIMELOCKED_COMMIT_BYTES = 5000;
/** bittensor-drand's `SECURITY_BLOCK_OFFSET`: aim the pulse this many blocks into the reveal epoch. */
export const SECURITY_BLOCK_OFFSET = 3;

function u16s(values: number[], what: string): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new SubnetError('WEIGHTS_NOT_U16', `${what} ${v} is not a u16`);
    out[2 * i] = v & 0xff;
    out[2 * i + 1] = v >> 8;
  });
  return out;
}

function u64le(v: bigint): Uint8Array {
  if (v < 0n || v >= 1n << 64n) throw new SubnetError('WEIGHTS_BAD_VERSION_KEY', `version key ${v} is not a u64`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
}

export function encodeWeightsTlockPayload(p: WeightsTlockPayload): Uint8Array {
  if (p.hotkey.length !== 32) throw new SubnetError('WALLET_BAD_ADDRESS', 'hotkey public key must be 32 bytes');
  if (p.uids.length !== p.values.length) throw new SubnetError('WEIGHTS_LENGTH_MISMATCH', `${p.uids.length} uids but ${p.values.length} values`);
  return u8aConcat(
    compactToU8a(p.hotkey.length),
    p.hotkey,
    compactToU8a(p.uids.length),
    u16s(p.uids, 'uid'),
    compactToU8a(p.values.length),
    u16s(p.values, 'weight'),
    u64le(p.versionKey),
  );
}

/** SCALE reader with the chain's `Decode` semantics: a shortfall fails, trailing input is left alone. */
class ScaleReader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  private take(n: number): Uint8Array | null {
    if (n > this.bytes.length - this.offset) return null;
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  length(): number | null {
    if (this.offset >= this.bytes.length) return null;
    try {
      const [size, len] = compactFromU8a(this.bytes.subarray(this.offset));
      if (this.offset + size > this.bytes.length || len.bitLength() > 32) return null;
      this.offset += size;
      return len.toNumber();
    } catch {
      return null;
    }
  }

  bytesVec(): Uint8Array | null {
    const n = this.length();
    return n === null ? null : this.take(n);
  }

  u16Vec(): number[] | null {
    const n = this.length();
    const raw = n === null ? null : this.take(2 * n);
    if (raw === null) return null;
    return Array.from({ length: n! }, (_, i) => raw[2 * i] | (raw[2 * i + 1] << 8));
  }

  u64(): bigint | null {
    const raw = this.take(8);
    return raw === null ? null : new DataView(raw.buffer, raw.byteOffset, 8).getBigUint64(0, true);
  }
}

function readPayload(bytes: Uint8Array): (WeightsTlockPayload & { end: number }) | null {
  const r = new ScaleReader(bytes);
  const hotkey = r.bytesVec();
  const uids = hotkey && r.u16Vec();
  const values = uids && r.u16Vec();
  const versionKey = values && r.u64();
  if (hotkey === null || uids === null || values === null || versionKey === null) return null;
  return { hotkey: hotkey.slice(), uids, values, versionKey, end: r.offset };
}

/** Inverse of `encodeWeightsTlockPayload`; refuses truncated input and trailing bytes. */
export function decodeWeightsTlockPayload(bytes: Uint8Array): WeightsTlockPayload {
  const p = readPayload(bytes);
  if (p === null) throw new SubnetError('TLOCK_BAD_PAYLOAD', 'bytes are not a SCALE WeightsTlockPayload');
  if (p.end !== bytes.length) throw new SubnetError('TLOCK_BAD_PAYLOAD', `${bytes.length - p.end} trailing bytes after the WeightsTlockPayload`);
  const { end: _end, ...payload } = p;
  return payload;
}

/**
 * The weights the chain applies for a decrypted commit by `committer`, or null where it
 * drops the commit (`reveal_crv3_commits`): the payload must decode; its hotkey, read as
 * an AccountId32 (the first 32 bytes), must be the committer; a hotkey too short to be an
 * account falls back to the legacy `(uids, values, version_key)` layout, as does a plaintext
 * that is not a payload at all. Trailing bytes are ignored, as SCALE `decode` does.
 */
export function weightsRevealedBy(plaintext: Uint8Array, committer: Uint8Array): { uids: number[]; values: number[]; versionKey: bigint } | null {
  const legacy = () => {
    const r = new ScaleReader(plaintext);
    const uids = r.u16Vec();
    const values = uids && r.u16Vec();
    const versionKey = values && r.u64();
    return uids === null || values === null || versionKey === null ? null : { uids, values, versionKey };
  };
  const p = readPayload(plaintext);
  if (p === null) return legacy();
  if (p.hotkey.length < 32) return legacy();
  if (!u8aEq(p.hotkey.subarray(0, 32), committer)) return null;
  return { uids: p.uids, values: p.values, versionKey: p.versionKey };
}

export interface RevealRoundInput {
  currentBlock: number;
  /**
   * The subnet's netuid, also for a mechanism commit: the chain keys every mechanism's
   * commits by the subnet's epoch. (The SDK passes the mechanism storage index
   * `mechid·4096 + netuid` here, which shifts its epoch boundaries for mechid > 0.)
   */
  netuid: number;
  tempo: number;
  /** The subnet's `RevealPeriodEpochs` (`commit_reveal_period`). */
  revealPeriodEpochs: number;
  /** Seconds per block: 12 on finney, 0.25 on fast-block local chains. */
  blockTimeSeconds: number;
  /** Unix time in seconds (fractional) at which the commit is built. */
  nowSeconds: number;
}

export interface RevealRoundPlan {
  currentEpoch: number;
  revealEpoch: number;
  /** First block of the reveal epoch. */
  firstRevealBlock: number;
  /** `firstRevealBlock + SECURITY_BLOCK_OFFSET`, the block by which the pulse should be on chain. */
  targetBlock: number;
  /** Estimated unix time of `targetBlock`. */
  targetSeconds: number;
  revealRound: number;
}

/**
 * subtensor's block-derived epoch index: `(block + netuid + 1) / (tempo + 1)`, integer
 * division, the rule bittensor-drand and the SDK compute reveal rounds with. A runtime
 * that schedules epochs statefully (`SubnetEpochIndex`, `LastEpochBlock`) can place the
 * boundary elsewhere; a commit still reveals as long as its round's pulse is on chain
 * before the reveal epoch ends (the chain retries every block of that epoch).
 */
export function epochIndex(block: number, netuid: number, tempo: number): number {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

/** subtensor's first block of an epoch: `epoch · (tempo + 1) − (netuid + 1)`, saturating at 0. */
export function firstBlockOfEpoch(epoch: number, netuid: number, tempo: number): number {
  return Math.max(0, epoch * (tempo + 1) - (netuid + 1));
}

/**
 * The drand round a commit made now is encrypted to, computed as bittensor-drand's
 * `generate_commit` (which the SDK calls): the reveal epoch is the current epoch plus
 * `RevealPeriodEpochs`; aim `SECURITY_BLOCK_OFFSET` blocks into it, convert the blocks
 * until then to seconds with the block time, and take
 * `floor((now + seconds − genesis) / period)` on quicknet's clock, at least 1. Rounding
 * down picks a pulse that is published before the reveal epoch's first blocks run.
 * The float operations are the SDK's f64 ones in the same order, so the round is equal.
 */
export function revealRoundFor(input: RevealRoundInput): RevealRoundPlan {
  const { currentBlock, netuid, tempo, revealPeriodEpochs, blockTimeSeconds, nowSeconds } = input;
  for (const [name, v] of [['currentBlock', currentBlock], ['netuid', netuid], ['tempo', tempo], ['revealPeriodEpochs', revealPeriodEpochs]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new SubnetError('TLOCK_BAD_REVEAL_INPUT', `${name} ${v} is not a non-negative integer`);
  }
  if (!(blockTimeSeconds > 0) || !Number.isFinite(nowSeconds)) throw new SubnetError('TLOCK_BAD_REVEAL_INPUT', `block time ${blockTimeSeconds} s / now ${nowSeconds} s are not usable`);
  const currentEpoch = epochIndex(currentBlock, netuid, tempo);
  const revealEpoch = currentEpoch + revealPeriodEpochs;
  const firstRevealBlock = firstBlockOfEpoch(revealEpoch, netuid, tempo);
  const targetBlock = firstRevealBlock + SECURITY_BLOCK_OFFSET;
  const targetSeconds = nowSeconds + Math.max(0, targetBlock - currentBlock) * blockTimeSeconds;
  const revealRound = Math.max(1, Math.floor((targetSeconds - QUICKNET.genesisTime) / QUICKNET.period));
  return { currentEpoch, revealEpoch, firstRevealBlock, targetBlock, targetSeconds, revealRound };
}

export interface TimelockedCommitInput extends RevealRoundInput {
  hotkey: Uint8Array;
  uids: number[];
  values: number[];
  versionKey: bigint;
  /** Beacon key and randomness for the encryption; quicknet and the OS CSPRNG unless given. */
  encrypt?: EncryptOptions;
}

export interface TimelockedCommit {
  revealRound: number;
  /** The `commit` argument of `commit_timelocked_weights` / `commit_timelocked_mechanism_weights`. */
  commit: Uint8Array;
  payload: WeightsTlockPayload;
}

/** Everything `commit_timelocked_weights` needs besides the netuid and `TIMELOCKED_COMMIT_REVEAL_VERSION`. */
export function buildTimelockedCommit(input: TimelockedCommitInput): TimelockedCommit {
  const payload: WeightsTlockPayload = { hotkey: input.hotkey, uids: input.uids, values: input.values, versionKey: input.versionKey };
  const { revealRound } = revealRoundFor(input);
  const commit = timelockEncrypt(encodeWeightsTlockPayload(payload), revealRound, input.encrypt);
  if (commit.length > MAX_TIMELOCKED_COMMIT_BYTES) {
    throw new SubnetError('WEIGHTS_COMMIT_TOO_LARGE', `timelocked commit of ${input.uids.length} weights is ${commit.length} bytes; the chain takes at most ${MAX_TIMELOCKED_COMMIT_BYTES}`);
  }
  return { revealRound, commit, payload };
}
