import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { numberToBytesLE } from '@noble/curves/utils.js';
import { SubnetError } from '../errors.ts';

/**
 * arkworks' canonical serialization (ark-serialize 0.4, ark-bls12-381 0.4) of
 * the values a `tle` ciphertext carries, because the chain deserializes
 * commits with arkworks and any other layout is silently dropped:
 * - G1/G2 points compressed in the zcash layout (big-endian x, flag bits in
 *   the first byte: compressed 0x80, infinity 0x40, y sign 0x20), 48/96 bytes;
 * - GT (Fq12) elements as twelve 48-byte little-endian base-field elements in
 *   tower order c0.c0.c0, c0.c0.c1, c0.c1.c0 … c1.c2.c1 (576 bytes);
 * - `Vec<u8>` as a u64 little-endian length followed by the bytes.
 */

export type G1Point = ReturnType<typeof bls.G1.Point.fromBytes>;
export type G2Point = ReturnType<typeof bls.G2.Point.fromBytes>;
export type GtElement = ReturnType<typeof bls.pairing>;

export const G1_COMPRESSED_BYTES = 48;
export const G2_COMPRESSED_BYTES = 96;
const FP_BYTES = 48;

/**
 * A compressed G1 point, checked on the curve and in the prime-order subgroup
 * (arkworks validates the same way on `deserialize_compressed`). Returns null
 * when the bytes are not such a point; the point at infinity is refused too,
 * since no timelock value can be it.
 */
export function decodeG1(bytes: Uint8Array): G1Point | null {
  if (bytes.length !== G1_COMPRESSED_BYTES) return null;
  try {
    const p = bls.G1.Point.fromBytes(bytes);
    return p.is0() ? null : p;
  } catch {
    return null;
  }
}

/** Same as `decodeG1` for a compressed G2 point. */
export function decodeG2(bytes: Uint8Array): G2Point | null {
  if (bytes.length !== G2_COMPRESSED_BYTES) return null;
  try {
    const p = bls.G2.Point.fromBytes(bytes);
    return p.is0() ? null : p;
  } catch {
    return null;
  }
}

export function encodeG1(p: G1Point): Uint8Array {
  return p.toBytes(true);
}

export function encodeG2(p: G2Point): Uint8Array {
  return p.toBytes(true);
}

/** `CanonicalSerialize` of an Fq12 pairing output: what the `tle` IBE hashes with sha256. */
export function encodeGt(f: GtElement): Uint8Array {
  const out = new Uint8Array(12 * FP_BYTES);
  let o = 0;
  for (const c6 of [f.c0, f.c1]) {
    for (const c2 of [c6.c0, c6.c1, c6.c2]) {
      for (const x of [c2.c0, c2.c1]) {
        out.set(numberToBytesLE(x, FP_BYTES), o);
        o += FP_BYTES;
      }
    }
  }
  return out;
}

/** Appends arkworks-serialized values to a growing buffer. */
export class ArkWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  raw(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.length += bytes.length;
    return this;
  }

  /** `Vec<u8>`: u64 little-endian length, then the bytes. */
  vec(bytes: Uint8Array): this {
    const len = new Uint8Array(8);
    new DataView(len.buffer).setBigUint64(0, BigInt(bytes.length), true);
    return this.raw(len).raw(bytes);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

/**
 * Reads arkworks-serialized values; every shortfall is a
 * `TLOCK_MALFORMED_CIPHERTEXT` naming the field being read.
 */
export class ArkReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  raw(n: number, field: string): Uint8Array {
    if (n > this.remaining) throw malformed(`${field}: needs ${n} bytes at offset ${this.offset}, ${this.remaining} left`);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  vec(field: string): Uint8Array {
    const prefix = this.raw(8, `${field} length`);
    const len = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
    if (len > BigInt(this.remaining)) throw malformed(`${field}: length ${len} exceeds the ${this.remaining} bytes left`);
    return this.raw(Number(len), field);
  }

  /** Refuses trailing bytes after the last field. */
  end(what: string): void {
    if (this.remaining !== 0) throw malformed(`${what}: ${this.remaining} trailing bytes`);
  }
}

export function malformed(message: string): SubnetError {
  return new SubnetError('TLOCK_MALFORMED_CIPHERTEXT', `malformed timelock ciphertext: ${message}`);
}
