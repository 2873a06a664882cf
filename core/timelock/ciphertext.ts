import { SubnetError } from '../errors.ts';
import { IBE_BLOCK_BYTES, type IbeHeader } from './ibe.ts';
import { ArkReader, ArkWriter, decodeG2, encodeG2, G2_COMPRESSED_BYTES, malformed } from './serialization.ts';

/**
 * The `tle` crate's `TLECiphertext<TinyBLS381>` serialized compressed, the
 * bytes `commit_timelocked_weights` carries:
 *
 *   header.u        96  G2 point, compressed
 *   header.v      8+32  Vec<u8>: u64 LE length (32), σ ⊕ H2(…)
 *   header.w      8+32  Vec<u8>: u64 LE length (32), key ⊕ H4(σ)
 *   body          8+N   Vec<u8> holding AESOutput serialized:
 *                         ciphertext  8+(m+16)  AES-256-GCM output, tag appended
 *                         nonce       8+12
 *   cipher_suite  8+8   Vec<u8>: "AES_GCM_"
 *
 * so a message of m bytes gives 244 + m bytes.
 */
export interface TlockCiphertext {
  header: IbeHeader;
  /** AES-256-GCM ciphertext with its 16-byte tag appended. */
  sealed: Uint8Array;
  nonce: Uint8Array;
  cipherSuite: Uint8Array;
}

/** The only cipher suite the `tle` crate (and so the chain) knows. */
export const AES_GCM_SUITE = new TextEncoder().encode('AES_GCM_');
export const AES_GCM_NONCE_BYTES = 12;
export const AES_GCM_TAG_BYTES = 16;
/** Bytes a ciphertext adds to its message. */
export const TLOCK_OVERHEAD_BYTES =
  G2_COMPRESSED_BYTES + 2 * (8 + IBE_BLOCK_BYTES) + 8 + (8 + AES_GCM_TAG_BYTES) + (8 + AES_GCM_NONCE_BYTES) + 8 + AES_GCM_SUITE.length;

export function encodeTlockCiphertext(c: TlockCiphertext): Uint8Array {
  const body = new ArkWriter().vec(c.sealed).vec(c.nonce).finish();
  return new ArkWriter().raw(encodeG2(c.header.u)).vec(c.header.v).vec(c.header.w).vec(body).vec(c.cipherSuite).finish();
}

/**
 * Parses and validates a ciphertext: U must be a G2 subgroup point (not
 * infinity), V and W 32 bytes, the nonce 12 bytes, the sealed body at least a
 * tag long, the suite `AES_GCM_`, and nothing may follow. The crate, and so
 * the chain, ignores the suite and trailing bytes and reads V/W of any length
 * (only 32 can open; a longer V makes the crate panic). No honest encryptor
 * writes those, and refusing them keeps every ciphertext we accept one the
 * chain reveals.
 */
export function decodeTlockCiphertext(bytes: Uint8Array): TlockCiphertext {
  const r = new ArkReader(bytes);
  const u = decodeG2(r.raw(G2_COMPRESSED_BYTES, 'header.u'));
  if (u === null) throw malformed('header.u is not a compressed G2 subgroup point');
  const v = r.vec('header.v');
  const w = r.vec('header.w');
  if (v.length !== IBE_BLOCK_BYTES || w.length !== IBE_BLOCK_BYTES) throw malformed(`header.v/w must be ${IBE_BLOCK_BYTES} bytes, got ${v.length}/${w.length}`);
  const body = new ArkReader(r.vec('body'));
  const sealed = body.vec('body.ciphertext');
  const nonce = body.vec('body.nonce');
  body.end('body');
  if (nonce.length !== AES_GCM_NONCE_BYTES) throw malformed(`body.nonce must be ${AES_GCM_NONCE_BYTES} bytes, got ${nonce.length}`);
  if (sealed.length < AES_GCM_TAG_BYTES) throw malformed(`body.ciphertext is ${sealed.length} bytes, shorter than the ${AES_GCM_TAG_BYTES}-byte tag`);
  const cipherSuite = r.vec('cipher_suite');
  r.end('ciphertext');
  if (!sameBytes(cipherSuite, AES_GCM_SUITE)) {
    throw new SubnetError('TLOCK_UNSUPPORTED_CIPHER_SUITE', `timelock cipher suite ${JSON.stringify(new TextDecoder().decode(cipherSuite))} is not AES_GCM_`);
  }
  return { header: { u, v: v.slice(), w: w.slice() }, sealed: sealed.slice(), nonce: nonce.slice(), cipherSuite: cipherSuite.slice() };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
