import { hexToU8a, u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import type { Hex } from '../pallet.ts';
import { Writer } from '../scale/codec.ts';

/** A block header; digest logs are SCALE-encoded DigestItems. */
export interface Header {
  parentHash: Hex;
  number: number;
  stateRoot: Hex;
  extrinsicsRoot: Hex;
  digestLogs: Hex[];
}

/** A stored block: header, hash and the extrinsics (SCALE, with their length prefix). */
export interface BlockRecord {
  hash: Hex;
  header: Header;
  extrinsics: Hex[];
}

/** Standard `sp_runtime::generic::Header` SCALE: parentHash, Compact<number>, stateRoot, extrinsicsRoot, Digest. */
export function encodeHeader(h: Header): Uint8Array {
  const w = new Writer();
  w.bytes(hexToU8a(h.parentHash));
  w.compact(h.number);
  w.bytes(hexToU8a(h.stateRoot));
  w.bytes(hexToU8a(h.extrinsicsRoot));
  w.compact(h.digestLogs.length);
  for (const l of h.digestLogs) w.bytes(hexToU8a(l));
  return w.finish();
}

/** Block hash = blake2-256(SCALE(header)). */
export function hashHeader(h: Header): Hex {
  return blake2AsHex(encodeHeader(h), 256) as Hex;
}

/** JSON-RPC form of a header (chain_getHeader). */
export function headerJson(h: Header): Record<string, unknown> {
  return {
    parentHash: h.parentHash,
    number: `0x${h.number.toString(16)}`,
    stateRoot: h.stateRoot,
    extrinsicsRoot: h.extrinsicsRoot,
    digest: { logs: h.digestLogs },
  };
}

export const ZERO_HASH = u8aToHex(new Uint8Array(32)) as Hex;
