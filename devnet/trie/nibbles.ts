import type { Hex } from '../pallet.ts';

/**
 * Nibble paths as lowercase hex text without `0x`: one character per nibble, so a storage key's
 * hex is already its nibble path, and slicing, comparing and prefix tests are string operations.
 */
export type Nibbles = string;

export const NIBBLE_CHARS = '0123456789abcdef';

/** The nibble path of a `0x` key. */
export function keyNibbles(key: Hex | string): Nibbles {
  const s = key.startsWith('0x') ? key.slice(2) : key;
  return s.toLowerCase();
}

/** Nibble value (0..15) of a path character. */
export function nibbleAt(path: Nibbles, i: number): number {
  const c = path.charCodeAt(i);
  return c <= 57 ? c - 48 : c - 87;
}

/** Length of the common prefix of `a` and `b[from..]`. */
export function commonPrefix(a: Nibbles, b: Nibbles, from: number): number {
  const n = Math.min(a.length, b.length - from);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(from + i)) i++;
  return i;
}

/** Bytes of `path` as a node's partial key stores them: an odd count gets a leading `0` nibble. */
export function packedLength(path: Nibbles): number {
  return (path.length + 1) >> 1;
}

/** Writes `path` packed (odd → first byte `0x0N`) into `out` at `offset`; returns the new offset. */
export function writePacked(path: Nibbles, out: Buffer, offset: number): number {
  if (path.length & 1) {
    out[offset++] = nibbleAt(path, 0);
    // native hex decoding: a leaf's partial key is often 100+ nibbles
    return offset + out.write(path.slice(1), offset, 'hex');
  }
  return offset + out.write(path, offset, 'hex');
}

/** The nibble path of `count` nibbles packed in `bytes` (the padding nibble of an odd count skipped). */
export function readPacked(bytes: Uint8Array, count: number): Nibbles {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  return count & 1 ? hex.slice(1) : hex;
}
