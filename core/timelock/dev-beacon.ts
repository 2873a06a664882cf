import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { SubnetError } from '../errors.ts';
import { roundPoint, roundRandomness, type BeaconInfo } from './beacon.ts';
import { encodeG1, encodeG2 } from './serialization.ts';

/**
 * A local stand-in for drand quicknet: same scheme (G1 signatures of
 * sha256(round), G2 public key), a secret key derived from a seed so every
 * run of a devnet with the same seed publishes the same pulses. Ciphertexts
 * made for its public key are ordinary `tle` ciphertexts, and its signatures
 * open them exactly as quicknet's open real commits.
 */
export interface DevBeacon extends BeaconInfo {
  /** Signature of `round`, compressed G1 (48 bytes). */
  sign(round: number | bigint): Uint8Array;
  /** The pulse as drand serves it: round, signature and randomness = sha256(signature). */
  pulse(round: number): { round: number; signature: Uint8Array; randomness: Uint8Array };
}

/** Domain of the seed-to-secret-key hash, so a dev key never coincides with a key derived for another purpose. */
const DEV_KEY_DST = 'SUBNETKIT_DEV_BEACON_BLS12381G2_KEY_';

export function createDevBeacon(seed: string | Uint8Array, timing: { genesisTime: number; period: number } = { genesisTime: 0, period: 3 }): DevBeacon {
  const seedBytes = typeof seed === 'string' ? new TextEncoder().encode(seed) : seed;
  if (seedBytes.length === 0) throw new SubnetError('TLOCK_BAD_SEED', 'dev beacon seed must not be empty');
  const sk = bls.G1.hashToScalar(seedBytes, { DST: DEV_KEY_DST });
  if (sk === 0n) throw new SubnetError('TLOCK_BAD_SEED', 'dev beacon seed hashes to the zero key; pick another seed');
  const publicKey = encodeG2(bls.G2.Point.BASE.multiply(sk));
  const sign = (round: number | bigint) => encodeG1(roundPoint(round).multiply(sk) as ReturnType<typeof bls.G1.Point.fromBytes>);
  return {
    publicKey,
    genesisTime: timing.genesisTime,
    period: timing.period,
    sign,
    pulse(round) {
      const signature = sign(round);
      return { round, signature, randomness: roundRandomness(signature) };
    },
  };
}
