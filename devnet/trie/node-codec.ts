import { SubnetError } from '../../core/errors.ts';
import { type Nibbles, packedLength, readPacked, writePacked } from './nibbles.ts';

/**
 * sp-trie's `NodeCodec` (substrate/primitives/trie/src/node_codec.rs, node_header.rs): the
 * Substrate radix-16 node encoding without extension nodes.
 *
 *   node   = header ++ partial key (nibbles packed, odd count padded with a leading 0 nibble)
 *            ++ [branch: children bitmap, u16 LE] ++ value ++ [branch: each child as SCALE bytes]
 *   value  = Compact<u32> length ++ bytes (inline) | 32-byte blake2 hash (hashed value kinds)
 *   child  = its encoding when shorter than 32 bytes (inline), else its blake2-256 hash
 */

/** Header prefixes (`trie_constants`) and how many low bits of the first byte hold the nibble count. */
const KIND = {
  leaf: { prefix: 0b01 << 6, bits: 6 },
  branchNoValue: { prefix: 0b10 << 6, bits: 6 },
  branchWithValue: { prefix: 0b11 << 6, bits: 6 },
  hashedValueLeaf: { prefix: 0b001 << 5, bits: 5 },
  hashedValueBranch: { prefix: 0b0001 << 4, bits: 4 },
} as const;
type Kind = (typeof KIND)[keyof typeof KIND];

/** `EMPTY_TRIE`: the encoding of the empty trie's root. */
export const EMPTY_NODE = new Uint8Array([0]);
export const HASH_LENGTH = 32;

export type NodeValue = { inline: Uint8Array } | { hashed: Uint8Array };

/** A node as encoded: children are references (a 32-byte hash, or an inline encoding under 32 bytes). */
export interface NodeParts {
  partial: Nibbles;
  value?: NodeValue;
  /** 16 slots for a branch; undefined for a leaf */
  children?: (Uint8Array | undefined)[];
}

export class TrieCodecError extends SubnetError {
  constructor(message: string) {
    super('TRIE_NODE_CODEC', `trie node: ${message}`);
  }
}

/** `size_and_prefix_iterator`: the header byte(s) for `kind` with `count` partial-key nibbles. */
function headerLength(kind: Kind, count: number): number {
  const max = 255 >> (8 - kind.bits);
  if (count < max) return 1;
  let rem = count - (max - 1);
  let n = 1;
  while (rem > 0) {
    n++;
    rem = rem < 256 ? 0 : rem - 255;
  }
  return n;
}

function writeHeader(kind: Kind, count: number, out: Uint8Array, offset: number): number {
  const max = 255 >> (8 - kind.bits);
  if (count < max) {
    out[offset++] = kind.prefix | count;
    return offset;
  }
  out[offset++] = kind.prefix | max;
  let rem = count - (max - 1);
  while (rem > 0) {
    if (rem < 256) {
      out[offset++] = rem - 1;
      rem = 0;
    } else {
      out[offset++] = 255;
      rem -= 255;
    }
  }
  return offset;
}

function compactLength(n: number): number {
  return n < 1 << 6 ? 1 : n < 1 << 14 ? 2 : n < 2 ** 30 ? 4 : 5;
}

function writeCompact(n: number, out: Uint8Array, offset: number): number {
  if (n < 1 << 6) {
    out[offset] = n << 2;
    return offset + 1;
  }
  if (n < 1 << 14) {
    const v = (n << 2) | 1;
    out[offset] = v & 0xff;
    out[offset + 1] = v >> 8;
    return offset + 2;
  }
  if (n < 2 ** 30) {
    const v = (n * 4 + 2) >>> 0;
    out[offset] = v & 0xff;
    out[offset + 1] = (v >>> 8) & 0xff;
    out[offset + 2] = (v >>> 16) & 0xff;
    out[offset + 3] = v >>> 24;
    return offset + 4;
  }
  // big-integer mode, 4 bytes: lengths up to 2^32 - 1
  out[offset] = 0b11;
  out[offset + 1] = n & 0xff;
  out[offset + 2] = (n >>> 8) & 0xff;
  out[offset + 3] = (n >>> 16) & 0xff;
  out[offset + 4] = n >>> 24;
  return offset + 5;
}

function kindOf(parts: NodeParts): Kind {
  if (!parts.children) {
    if (!parts.value) throw new TrieCodecError('a leaf needs a value');
    return 'hashed' in parts.value ? KIND.hashedValueLeaf : KIND.leaf;
  }
  if (!parts.value) return KIND.branchNoValue;
  return 'hashed' in parts.value ? KIND.hashedValueBranch : KIND.branchWithValue;
}

/** `NodeCodec::leaf_node` / `branch_node_nibbled`. */
export function encodeNode(parts: NodeParts): Uint8Array {
  return encodeNodeTransient(parts).slice();
}

let scratch = Buffer.allocUnsafeSlow(4096);

/**
 * `encodeNode` into a shared scratch buffer: the view is valid until the next call. A trie root
 * encodes thousands of nodes only to hash them; a fresh array each (most are over V8's 64-byte
 * on-heap limit) made allocation and GC cost more than the hashing.
 */
export function encodeNodeTransient(parts: NodeParts): Uint8Array {
  const kind = kindOf(parts);
  const count = parts.partial.length;
  let size = headerLength(kind, count) + packedLength(parts.partial);
  const value = parts.value;
  if (value) size += 'hashed' in value ? HASH_LENGTH : compactLength(value.inline.length) + value.inline.length;
  const children = parts.children;
  if (children) {
    size += 2;
    for (let i = 0; i < 16; i++) {
      const c = children[i];
      if (c) size += compactLength(c.length) + c.length;
    }
  }
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.max(size, scratch.length * 2));
  const out = scratch;
  let o = writeHeader(kind, count, out, 0);
  o = writePacked(parts.partial, out, o);
  let bitmapAt = -1;
  if (children) {
    bitmapAt = o;
    o += 2;
  }
  if (value) {
    if ('hashed' in value) {
      out.set(value.hashed, o);
      o += HASH_LENGTH;
    } else {
      o = writeCompact(value.inline.length, out, o);
      out.set(value.inline, o);
      o += value.inline.length;
    }
  }
  if (children) {
    let bitmap = 0;
    for (let i = 0; i < 16; i++) {
      const c = children[i];
      if (!c) continue;
      bitmap |= 1 << i;
      o = writeCompact(c.length, out, o);
      out.set(c, o);
      o += c.length;
    }
    if (bitmap === 0) throw new TrieCodecError('a branch needs at least one child');
    out[bitmapAt] = bitmap & 0xff;
    out[bitmapAt + 1] = bitmap >> 8;
  }
  return new Uint8Array(out.buffer, out.byteOffset, size);
}

class Cursor {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    if (this.offset >= this.bytes.length) throw new TrieCodecError(`truncated at byte ${this.offset}`);
    return this.bytes[this.offset++];
  }

  take(n: number): Uint8Array {
    if (this.offset + n > this.bytes.length)
      throw new TrieCodecError(`truncated: ${n} byte(s) wanted at ${this.offset}, ${this.bytes.length - this.offset} left`);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  compact(): number {
    const b0 = this.byte();
    switch (b0 & 3) {
      case 0:
        return b0 >> 2;
      case 1:
        return (b0 | (this.byte() << 8)) >> 2;
      case 2:
        return ((b0 | (this.byte() << 8) | (this.byte() << 16)) >>> 2) + this.byte() * 2 ** 22;
      default: {
        const len = (b0 >> 2) + 4;
        if (len > 4) throw new TrieCodecError('a length above 2^32');
        const b = this.take(4);
        return (b[0] | (b[1] << 8) | (b[2] << 16)) + b[3] * 2 ** 24;
      }
    }
  }
}

/** `decode_size`: the nibble count after a header's first byte. */
function readCount(first: number, bits: number, c: Cursor): number {
  const max = 255 >> (8 - bits);
  let result = first & max;
  if (result < max) return result;
  result -= 1;
  for (;;) {
    const n = c.byte();
    if (n < 255) return result + n + 1;
    result += 255;
  }
}

/** `NodeCodec::decode_plan`: a node's parts (the empty node decodes to no value and no children). */
export function decodeNode(bytes: Uint8Array): NodeParts {
  const c = new Cursor(bytes);
  const first = c.byte();
  if (first === 0) {
    if (bytes.length !== 1) throw new TrieCodecError('the empty node has trailing bytes');
    return { partial: '' };
  }
  let hasChildren: boolean;
  let value: 'none' | 'inline' | 'hashed';
  let bits: number;
  switch (first >> 6) {
    case 0b01:
      [hasChildren, value, bits] = [false, 'inline', 6];
      break;
    case 0b10:
      [hasChildren, value, bits] = [true, 'none', 6];
      break;
    case 0b11:
      [hasChildren, value, bits] = [true, 'inline', 6];
      break;
    default:
      if (first >> 5 === 0b001) [hasChildren, value, bits] = [false, 'hashed', 5];
      else if (first >> 4 === 0b0001) [hasChildren, value, bits] = [true, 'hashed', 4];
      else throw new TrieCodecError(`unknown header byte 0x${first.toString(16).padStart(2, '0')}`);
  }
  const count = readCount(first, bits, c);
  const packed = c.take((count + 1) >> 1);
  if (count & 1 && packed[0] >> 4 !== 0) throw new TrieCodecError('the padding nibble of an odd partial key is not 0');
  const parts: NodeParts = { partial: readPacked(packed, count) };
  let bitmap = 0;
  if (hasChildren) {
    const b = c.take(2);
    bitmap = b[0] | (b[1] << 8);
    if (bitmap === 0) throw new TrieCodecError('a branch without children');
  }
  if (value === 'hashed') parts.value = { hashed: c.take(HASH_LENGTH) };
  else if (value === 'inline') parts.value = { inline: c.take(c.compact()) };
  if (hasChildren) {
    parts.children = new Array<Uint8Array | undefined>(16).fill(undefined);
    for (let i = 0; i < 16; i++) {
      if (!(bitmap & (1 << i))) continue;
      const len = c.compact();
      if (len > HASH_LENGTH) throw new TrieCodecError(`child ${i} reference of ${len} bytes (at most 32)`);
      parts.children[i] = c.take(len);
    }
  }
  if (c.offset !== bytes.length) throw new TrieCodecError(`${bytes.length - c.offset} trailing byte(s)`);
  return parts;
}
