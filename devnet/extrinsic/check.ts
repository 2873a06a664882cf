import { hexToU8a } from '@polkadot/util';
import { blake2AsU8a, ed25519Verify, secp256k1Verify } from '@polkadot/util-crypto';
import { sr25519Verify } from '../../core/sr25519.ts';
import type { Hex } from '../pallet.ts';
import { Writer, type EraValue } from '../scale/codec.ts';
import { CHAIN } from '../spec.ts';
import type { Extrinsic } from './decode.ts';
import { InvalidTransaction } from './validity.ts';

/** What signature and extension checks read from the chain. */
export interface CheckEnv {
  genesisHash: Hex;
  /** number of the block the transaction is checked against (the head) */
  currentNumber: number;
  blockHash(n: number): Hex | undefined;
}

export function eraBirth(era: EraValue, current: number): number {
  if (era.immortal) return 0;
  const phase = era.phase;
  const period = era.period;
  return Math.floor((Math.max(current, phase) - phase) / period) * period + phase;
}

function payload(x: Extrinsic, birthHash: Hex, genesisHash: Hex): Uint8Array {
  const s = x.signed!;
  const w = new Writer();
  w.bytes(x.callBytes);
  w.bytes(s.extra);
  w.uint(CHAIN.specVersion, 4);
  w.uint(CHAIN.transactionVersion, 4);
  w.bytes(hexToU8a(genesisHash));
  w.bytes(hexToU8a(birthHash));
  // CheckMetadataHash: the devnet has no metadata hash, so the signed value is None either way
  w.byte(0);
  const p = w.finish();
  return p.length > 256 ? blake2AsU8a(p, 256) : p;
}

function verify(x: Extrinsic, message: Uint8Array): boolean {
  const s = x.signed!;
  const pub = hexToU8a(s.signer);
  try {
    if (s.scheme === 'Sr25519') return sr25519Verify(message, s.signature, pub);
    if (s.scheme === 'Ed25519') return ed25519Verify(message, s.signature, pub);
    // MultiSignature::Ecdsa against an AccountId32: recover the compressed key from the
    // signature over blake2-256(message); the account is blake2-256 of that key
    if (s.scheme === 'Ecdsa') return secp256k1Verify(message, s.signature, pub, 'blake2');
  } catch {
    return false;
  }
  return false;
}

/**
 * The signature over the signing payload (call, extra, spec/tx version,
 * genesis, mortality checkpoint, metadata hash), blake2-256 hashed when over
 * 256 bytes. Mortality: an era whose birth block is unknown or expired is
 * AncientBirthBlock; a bad signature is BadProof.
 */
export function checkSignature(x: Extrinsic, env: CheckEnv): void {
  const s = x.signed;
  if (!s) return;
  if (/^0x0+$/.test(s.signer)) throw new InvalidTransaction('BadSigner');
  const birth = eraBirth(s.era, env.currentNumber);
  const birthHash = env.blockHash(birth);
  if (!birthHash) throw new InvalidTransaction('AncientBirthBlock');
  if (verify(x, payload(x, birthHash, env.genesisHash))) {
    if (!s.era.immortal && env.currentNumber >= birth + s.era.period) throw new InvalidTransaction('AncientBirthBlock');
    return;
  }
  if (!s.era.immortal) {
    // signed against an earlier checkpoint of the same era: the era has expired
    for (let b = birth - s.era.period, tries = 0; b >= 0 && tries < 8; b -= s.era.period, tries++) {
      const h = env.blockHash(b);
      if (h && verify(x, payload(x, h, env.genesisHash))) throw new InvalidTransaction('AncientBirthBlock');
    }
  }
  throw new InvalidTransaction('BadProof');
}
