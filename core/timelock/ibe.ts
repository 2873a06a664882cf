import { bls12_381 as bls } from '@noble/curves/bls12-381.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeGt, type G1Point, type G2Point } from './serialization.ts';

/**
 * Boneh–Franklin FullIdent with the groups as drand quicknet places them
 * (identities and their secrets in G1, the master public key and U in G2),
 * hashing exactly as the `tle` crate does, so each side opens the other's
 * headers:
 *   H2(g) = sha256(arkworks Fq12 serialization of g)
 *   H3(σ, m) = sha256(σ ‖ m) read big-endian, reduced mod r
 *   H4(σ) = sha256(σ)
 * Encrypt a 32-byte m to identity point Q under master key P_pub:
 *   r = H3(σ, m), U = r·g2, V = σ ⊕ H2(e(Q, r·P_pub)), W = m ⊕ H4(σ).
 * Decrypt with the identity secret d = s·Q (the round's signature):
 *   σ = V ⊕ H2(e(d, U)), m = W ⊕ H4(σ), and accept only if U = H3(σ, m)·g2.
 */
export interface IbeHeader {
  u: G2Point;
  v: Uint8Array;
  w: Uint8Array;
}

export const IBE_BLOCK_BYTES = 32;

const Fr = bls.fields.Fr;

function xor32(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(IBE_BLOCK_BYTES);
  for (let i = 0; i < IBE_BLOCK_BYTES; i++) out[i] = a[i] ^ b[i];
  return out;
}

function h3(sigma: Uint8Array, m: Uint8Array): bigint {
  const joined = new Uint8Array(sigma.length + m.length);
  joined.set(sigma);
  joined.set(m, sigma.length);
  return Fr.create(bytesToNumberBE(sha256(joined)));
}

/**
 * A master public key with its Miller-loop line coefficients computed once:
 * encryption pairs against the same beacon key every time, so it evaluates
 * e(Q, r·P_pub) as e(r·Q, P_pub) (equal by bilinearity), which costs a G1
 * multiplication and a pairing with precomputed lines instead of a G2
 * multiplication and a full pairing.
 */
export interface MasterKey {
  point: G2Point;
  lines: ReturnType<typeof bls.utils.calcPairingPrecomputes>;
}

export function prepareMasterKey(point: G2Point): MasterKey {
  return { point, lines: bls.utils.calcPairingPrecomputes(point) };
}

/**
 * `sigma` must be 32 fresh random bytes (the crate derives it by hashing a
 * random scalar, which is the same distribution). Returns null in the
 * negligible case that H3 lands on zero; the caller draws another sigma.
 */
export function ibeEncrypt(m: Uint8Array, identity: G1Point, master: MasterKey, sigma: Uint8Array): IbeHeader | null {
  const r = h3(sigma, m);
  if (r === 0n) return null;
  const u = bls.G2.Point.BASE.multiply(r);
  const rq = identity.multiply(r).toAffine();
  const gid = bls.fields.Fp12.finalExponentiate(bls.millerLoopBatch([[master.lines, rq.x, rq.y]]));
  return { u, v: xor32(sigma, sha256(encodeGt(gid))), w: xor32(m, sha256(sigma)) };
}

/** The 32-byte message, or null when `secret` is not the identity secret the header was made for (or the header was altered). */
export function ibeDecrypt(header: IbeHeader, secret: G1Point): Uint8Array | null {
  const sigma = xor32(header.v, sha256(encodeGt(bls.pairing(secret, header.u))));
  const m = xor32(header.w, sha256(sigma));
  const r = h3(sigma, m);
  if (r === 0n || !bls.G2.Point.BASE.multiply(r).equals(header.u)) return null;
  return m;
}
