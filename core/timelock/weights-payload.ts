import { compactFromU8a, compactToU8a, u8aConcat, u8aEq } from '@polkadot/util';
import { SubnetError } from '../errors.ts';

/**
 * The plaintext of a commit-reveal v4 commit: the SCALE
 * `WeightsTlockPayload { hotkey: Vec<u8>, uids: Vec<u16>, values: Vec<u16>, version_key: u64 }`
 * that `commit_timelocked_weights` carries timelock-encrypted. Here rather than in
 * `chain/` because both sides read it: the client encodes it, and a node (ours in
 * `devnet/`, subtensor's `reveal_crv3_commits`) decodes it once the round's pulse
 * is stored, dropping silently what it cannot decode. Pure.
 */
export interface WeightsTlockPayload {
  /** The committing hotkey's 32-byte public key: the chain reveals only if it equals the signer. */
  hotkey: Uint8Array;
  uids: number[];
  values: number[];
  versionKey: bigint;
}

/** `MAX_CRV3_COMMIT_SIZE_BYTES`: the `commit` argument is a `BoundedVec<u8, 5000>`. */
export const MAX_TIMELOCKED_COMMIT_BYTES = 5000;

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
