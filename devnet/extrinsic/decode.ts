import { blake2AsHex } from '@polkadot/util-crypto';
import type { AccountId, Hex, RuntimeCall } from '../pallet.ts';
import type { Runtime } from '../runtime/build.ts';
import { type EraValue, eraCodec, Reader, ScaleError, Writer } from '../scale/codec.ts';
import { lookupAccount } from '../account.ts';

export interface SignedPart {
  signer: AccountId;
  scheme: 'Ed25519' | 'Sr25519' | 'Ecdsa';
  signature: Uint8Array;
  era: EraValue;
  nonce: number;
  tip: bigint;
  /** CheckMetadataHash mode (0 disabled, 1 enabled) */
  mode: number;
  /** SCALE of the extra (era, nonce, tip, mode) as signed */
  extra: Uint8Array;
}

/** A decoded v4 extrinsic. */
export interface Extrinsic {
  /** full SCALE bytes (with the compact length prefix) */
  bytes: Uint8Array;
  hash: Hex;
  signed?: SignedPart;
  call: RuntimeCall;
  callBytes: Uint8Array;
}

export const EXTRINSIC_VERSION = 4;

/**
 * Decodes a v4 extrinsic given with its length prefix. Throws `ScaleError` on
 * anything malformed (bad length, version, address, signature, call).
 */
export function decodeExtrinsic(runtime: Runtime, bytes: Uint8Array): Extrinsic {
  const r = new Reader(bytes);
  const len = r.length();
  if (r.offset + len !== bytes.length) throw new ScaleError(`extrinsic length prefix ${len} does not match ${bytes.length - r.offset} byte(s)`);
  const version = r.byte();
  if ((version & 0x7f) !== EXTRINSIC_VERSION) throw new ScaleError(`unsupported extrinsic version ${version & 0x7f} (expected 4)`);
  let signed: SignedPart | undefined;
  if (version & 0x80) {
    const address = runtime.registry.codec('MultiAddress').decode(r);
    let signer: AccountId;
    try {
      signer = lookupAccount(address);
    } catch {
      throw new ScaleError('extrinsic signer is not an AccountId32 MultiAddress');
    }
    const sig = runtime.registry.codec<Record<string, Hex>>('MultiSignature').decode(r);
    const scheme = Object.keys(sig)[0] as SignedPart['scheme'];
    const extraStart = r.offset;
    const era = eraCodec.decode(r);
    const nonce = r.compact();
    const tip = r.compact();
    const mode = r.byte();
    if (mode > 1) throw new ScaleError(`CheckMetadataHash mode ${mode} is invalid`);
    if (nonce > 0xffffffffn) throw new ScaleError(`nonce ${nonce} exceeds u32`);
    signed = {
      signer,
      scheme,
      signature: hexBytes(sig[scheme]),
      era,
      nonce: Number(nonce),
      tip,
      mode,
      extra: bytes.slice(extraStart, r.offset),
    };
  }
  const callStart = r.offset;
  const call = runtime.callCodec.decode(r);
  if (!r.done()) throw new ScaleError(`${bytes.length - r.offset} trailing byte(s) after the call`);
  return { bytes, hash: blake2AsHex(bytes, 256) as Hex, signed, call, callBytes: bytes.slice(callStart) };
}

function hexBytes(h: Hex): Uint8Array {
  return Uint8Array.from(Buffer.from(h.slice(2), 'hex'));
}

/** An unsigned (inherent) extrinsic of `call`, with its length prefix. */
export function encodeUnsigned(runtime: Runtime, call: RuntimeCall): Uint8Array {
  const body = new Writer();
  body.byte(EXTRINSIC_VERSION);
  runtime.callCodec.encodeTo(body, call);
  const inner = body.finish();
  const w = new Writer();
  w.compact(inner.length);
  w.bytes(inner);
  return w.finish();
}
