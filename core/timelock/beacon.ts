import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { SubnetError } from '../errors.ts';
import { decodeG1, decodeG2, type G1Point } from './serialization.ts';

/**
 * A drand beacon of the `bls-unchained-g1-rfc9380` scheme (quicknet): round
 * `n`'s signature is `sk · H(sha256(n as u64 big-endian))` in G1, where H is
 * RFC 9380 hash-to-curve with the `BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_`
 * tag, and the public key `sk · g2` is in G2. The signature is also the IBE
 * secret of the identity `sha256(n)`, which is what makes timelock decryption
 * possible once the round is published.
 */
export interface BeaconInfo {
  /** Compressed G2 public key, 96 bytes. */
  publicKey: Uint8Array;
  /** Unix seconds of round 1. */
  genesisTime: number;
  /** Seconds between rounds. */
  period: number;
}

/** The tag drand's quicknet (and the `tle` crate's `QUICKNET_CTX`) hashes round messages with. */
export const QUICKNET_DST = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

/** drand quicknet as subtensor's Drand pallet configures it (`DefaultBeaconConfig`). */
export const QUICKNET = Object.freeze({
  publicKey: hexToBytes(
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  ),
  genesisTime: 1_692_803_367,
  period: 3,
  chainHash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  schemeId: 'bls-unchained-g1-rfc9380',
}) satisfies BeaconInfo & { chainHash: string; schemeId: string };

export const MAX_ROUND = 2n ** 64n - 1n;

export function checkRound(round: number | bigint): bigint {
  const r = typeof round === 'bigint' ? round : Number.isSafeInteger(round) ? BigInt(round) : -1n;
  if (r < 1n || r > MAX_ROUND) throw new SubnetError('TLOCK_BAD_ROUND', `drand round ${round} is not an integer in [1, 2^64)`);
  return r;
}

/** The 32-byte message a round signs and the identity a ciphertext for that round is encrypted to. */
export function roundMessage(round: number | bigint): Uint8Array {
  const be = new Uint8Array(8);
  new DataView(be.buffer).setBigUint64(0, checkRound(round), false);
  return sha256(be);
}

/** The round's message hashed to G1: the IBE public key of the round's identity. */
export function roundPoint(round: number | bigint): G1Point {
  return bls.G1.hashToCurve(roundMessage(round), { DST: QUICKNET_DST }) as unknown as G1Point;
}

/**
 * Whether `signature` (compressed G1, 48 bytes) is the beacon's signature of
 * `round`: e(sig, g2) = e(H(m), pk). Bytes that are no G1 point are simply
 * not a valid signature.
 */
export function verifyRoundSignature(round: number | bigint, signature: Uint8Array, publicKey: Uint8Array = QUICKNET.publicKey): boolean {
  const sig = decodeG1(signature);
  if (sig === null) return false;
  const pk = decodeG2(publicKey);
  if (pk === null) throw new SubnetError('TLOCK_BAD_PUBLIC_KEY', 'beacon public key is not a compressed G2 point');
  const Fp12 = bls.fields.Fp12;
  const check = bls.pairingBatch([
    { g1: sig.negate(), g2: bls.G2.Point.BASE },
    { g1: roundPoint(round), g2: pk },
  ]);
  return Fp12.eql(check, Fp12.ONE);
}

/** drand's randomness of a round: sha256 of its signature. */
export function roundRandomness(signature: Uint8Array): Uint8Array {
  return sha256(signature);
}

/** The latest round published at `unixSeconds` (0 before genesis), as drand counts: round 1 at genesis. */
export function roundAt(unixSeconds: number, beacon: Pick<BeaconInfo, 'genesisTime' | 'period'> = QUICKNET): number {
  if (unixSeconds < beacon.genesisTime) return 0;
  return Math.floor((unixSeconds - beacon.genesisTime) / beacon.period) + 1;
}

/** Unix seconds at which `round` is published. */
export function roundTime(round: number, beacon: Pick<BeaconInfo, 'genesisTime' | 'period'> = QUICKNET): number {
  checkRound(round);
  return beacon.genesisTime + (round - 1) * beacon.period;
}
