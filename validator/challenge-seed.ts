import { createHmac } from 'node:crypto';

/**
 * Challenge seeds: HMAC-SHA256 keyed by the validator's secret over the block
 * hash and the round number.
 *
 * - Miners cannot predict a challenge: they know the block hash but not the
 *   secret, which never leaves the data dir and is never logged.
 * - Every challenge can be reproduced for audit: the audit trail records the
 *   block hash, the round and the derived seed; the generator is deterministic
 *   in the seed, and whoever is shown the secret can re-derive the seed.
 * - Two validators with different secrets send different challenges on the
 *   same block, so miners cannot answer one and replay it to the other.
 */
const DOMAIN = 'subnetkit/challenge-seed/v1';

export function deriveChallengeSeed(secret: Uint8Array, blockHash: string, round: number): Uint8Array {
  if (secret.length < 16) throw new RangeError(`validator secret must be at least 16 bytes, got ${secret.length}`);
  if (!Number.isSafeInteger(round) || round < 0) throw new RangeError(`round must be a non-negative integer, got ${round}`);
  const roundBytes = Buffer.alloc(8);
  roundBytes.writeBigUInt64LE(BigInt(round));
  return new Uint8Array(
    createHmac('sha256', secret)
      .update(DOMAIN)
      .update(Buffer.from(blockHash.replace(/^0x/, '').toLowerCase(), 'hex'))
      .update(roundBytes)
      .digest(),
  );
}

/** The seed as the audit trail and generators see it: 0x-prefixed hex. */
export function seedHex(seed: Uint8Array): string {
  return `0x${Buffer.from(seed).toString('hex')}`;
}

/**
 * A deterministic PRNG (sfc32) over a 32-byte seed, for choices the validator
 * itself makes from the seed (which miners to sample). Returns floats in [0, 1).
 */
export function seededRandom(seed: Uint8Array): () => number {
  const v = new DataView(seed.buffer, seed.byteOffset, seed.byteLength);
  let a = v.getUint32(0, true);
  let b = v.getUint32(4, true);
  let c = v.getUint32(8, true);
  let d = v.getUint32(12, true);
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}
