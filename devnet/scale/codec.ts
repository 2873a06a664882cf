import { compactAddLength, hexToU8a, isHex, u8aToHex, stringToU8a, u8aToString } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { SubnetError } from '../../core/errors.ts';
import type { Hex } from './types.ts';

/** A compiled SCALE codec for one type; JS values as documented in devnet/README.md. */
export interface Codec<T = unknown> {
  encodeTo(w: Writer, value: T): void;
  decode(r: Reader): T;
  /** The value of all-zero / empty (the storage default when none is declared). */
  zero(): T;
  /**
   * A fresh copy of `value` when it is already in decoded form (what `decode`
   * returns, so `decode(encode(value))` would equal it), else `NOT_CANONICAL`.
   * Lets storage keep decoded values without a SCALE round trip; codecs without
   * it always take the round trip (see `canonicalCopy`).
   */
  canonical?(value: T): T | typeof NOT_CANONICAL;
}

/** Returned by `Codec.canonical` when a value needs the SCALE round trip to reach decoded form. */
export const NOT_CANONICAL: unique symbol = Symbol('not canonical');

/** Runs a child codec's `canonical` (NOT_CANONICAL when it has none). */
function childCanonical(c: Codec, v: unknown): unknown {
  return c.canonical ? c.canonical(v) : NOT_CANONICAL;
}

/**
 * What `decode(codec, encode(codec, value))` returns, as a fresh value owned by
 * the caller: a plain copy when `value` is already in decoded form, else the
 * SCALE round trip (which also throws where encoding throws).
 */
export function canonicalCopy<T>(codec: Codec<T>, value: T): T {
  const c = codec.canonical ? codec.canonical(value) : NOT_CANONICAL;
  return c === NOT_CANONICAL ? decode(codec, encode(codec, value)) : c;
}

/**
 * Deep copy of a decoded value (primitives, arrays, plain objects, Uint8Array):
 * storage hands out copies so that callers may mutate what they read.
 */
export function cloneDecoded<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneDecoded(value[i]);
    return out as T;
  }
  if (value instanceof Uint8Array) return value.slice() as T;
  const out: Record<string, unknown> = {};
  for (const k in value) out[k] = cloneDecoded((value as Record<string, unknown>)[k]);
  return out as T;
}

export class ScaleError extends SubnetError {
  constructor(message: string) {
    super('DEVNET_SCALE', message);
  }
}

export class Writer {
  buf: Uint8Array;
  len = 0;
  /** `capacity`: expected size, so that values of a known size are written without regrowing */
  constructor(capacity = 64) {
    this.buf = new Uint8Array(Math.max(1, capacity)); // ensure() doubles: never zero
  }
  private view: DataView | undefined;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  uint(v: bigint | number, size: number): void {
    this.ensure(size);
    if (typeof v === 'number' && size <= 4) {
      for (let i = 0; i < size; i++) {
        this.buf[this.len++] = v & 0xff;
        v = v >>> 8;
      }
      return;
    }
    let b = BigInt(v);
    if (size === 8 || size === 16) {
      // u64/u128 (balances) in 64-bit words: the byte loop over bigints showed in block profiles;
      // asUintN truncates to two's complement exactly as the byte loop does
      if (this.view?.buffer !== this.buf.buffer) this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
      this.view.setBigUint64(this.len, BigInt.asUintN(64, b), true);
      if (size === 16) this.view.setBigUint64(this.len + 8, BigInt.asUintN(64, b >> 64n), true);
      this.len += size;
      return;
    }
    for (let i = 0; i < size; i++) {
      this.buf[this.len++] = Number(b & 0xffn);
      b >>= 8n;
    }
  }
  compact(v: bigint | number): void {
    const n = BigInt(v);
    if (n < 0n) throw new ScaleError(`compact value ${n} is negative`);
    if (n < 64n) this.byte(Number(n) << 2);
    else if (n < 1n << 14n) this.uint((Number(n) << 2) | 1, 2);
    else if (n < 1n << 30n) this.uint(((Number(n) << 2) | 2) >>> 0, 4);
    else {
      let bytes = 0;
      for (let t = n; t > 0n; t >>= 8n) bytes++;
      this.byte(((bytes - 4) << 2) | 3);
      this.uint(n, bytes);
    }
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export class Reader {
  offset = 0;
  private view: DataView | undefined;
  constructor(readonly bytes: Uint8Array) {}
  need(n: number): void {
    if (this.offset + n > this.bytes.length) {
      throw new ScaleError(`unexpected end of input: need ${n} byte(s) at offset ${this.offset} of ${this.bytes.length}`);
    }
  }
  byte(): number {
    this.need(1);
    return this.bytes[this.offset++];
  }
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  uintNumber(size: number): number {
    this.need(size);
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + this.bytes[this.offset + i];
    this.offset += size;
    return v;
  }
  uintBig(size: number): bigint {
    this.need(size);
    if (size === 8 || size === 16) {
      const view = (this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
      const low = view.getBigUint64(this.offset, true);
      const v = size === 16 ? low | (view.getBigUint64(this.offset + 8, true) << 64n) : low;
      this.offset += size;
      return v;
    }
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.bytes[this.offset + i]);
    this.offset += size;
    return v;
  }
  compact(): bigint {
    const b = this.byte();
    switch (b & 3) {
      case 0:
        return BigInt(b >> 2);
      case 1:
        this.offset--;
        return BigInt(this.uintNumber(2) >>> 2);
      case 2:
        this.offset--;
        return BigInt(Math.floor(this.uintNumber(4) / 4));
      default:
        return this.uintBig((b >> 2) + 4);
    }
  }
  /** A compact length, bounded by the bytes left so that malformed input cannot allocate huge arrays. */
  length(): number {
    const n = this.compact();
    if (n > BigInt(this.bytes.length - this.offset)) {
      throw new ScaleError(`length prefix ${n} exceeds the ${this.bytes.length - this.offset} byte(s) left`);
    }
    return Number(n);
  }
  done(): boolean {
    return this.offset >= this.bytes.length;
  }
}

export function encode<T>(codec: Codec<T>, value: T, capacity?: number): Uint8Array {
  const w = new Writer(capacity);
  codec.encodeTo(w, value);
  return w.finish();
}

/** Decodes exactly `bytes` (trailing bytes are an error). */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array): T {
  const r = new Reader(bytes);
  const v = codec.decode(r);
  if (!r.done()) throw new ScaleError(`${bytes.length - r.offset} trailing byte(s) after decoding`);
  return v;
}

// ---- value coercion (lenient input: numbers, bigints, decimal/hex strings, BN-likes)

export function toBigInt(v: unknown, what = 'integer'): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new ScaleError(`${what}: ${v} is not an integer`);
    return BigInt(v);
  }
  if (typeof v === 'string') {
    const s = v.trim().replace(/_/g, '');
    if (/^-?\d+$/.test(s) || /^0x[0-9a-fA-F]+$/.test(s)) return BigInt(s);
    throw new ScaleError(`${what}: '${v}' is not an integer`);
  }
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (v && typeof v === 'object' && typeof (v as { toString: () => string }).toString === 'function') {
    const s = (v as { toString: () => string }).toString();
    if (/^-?\d+$/.test(s)) return BigInt(s);
  }
  throw new ScaleError(`${what}: expected an integer, got ${describe(v)}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return `bytes(${v.length})`;
  if (typeof v === 'object') return 'object';
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

export function toBytes(v: unknown, what = 'bytes'): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return isHex(v) ? hexToU8a(v) : stringToU8a(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return Uint8Array.from(v as number[]);
  throw new ScaleError(`${what}: expected bytes (Uint8Array or hex), got ${describe(v)}`);
}

/** Fixed-size byte arrays (AccountId32, H256) accept hex, Uint8Array and, for 32 bytes, SS58. */
export function toFixedBytes(v: unknown, len: number, what = `[u8; ${len}]`): Uint8Array {
  // fast path: canonical 0x hex of the right length (account ids, hashes)
  if (typeof v === 'string' && v.length === 2 + 2 * len && v.startsWith('0x')) {
    const b = Buffer.from(v.slice(2), 'hex');
    if (b.length === len) return new Uint8Array(b.buffer, b.byteOffset, len);
  }
  let b: Uint8Array;
  if (typeof v === 'string' && !isHex(v) && len === 32) {
    try {
      b = decodeAddress(v);
    } catch {
      throw new ScaleError(`${what}: '${v}' is neither hex nor an SS58 address`);
    }
  } else b = toBytes(v, what);
  if (b.length !== len) throw new ScaleError(`${what}: expected ${len} bytes, got ${b.length}`);
  return b;
}

// ---- primitive codecs

const INT_SIZES: Record<string, { size: number; signed: boolean }> = {
  u8: { size: 1, signed: false },
  u16: { size: 2, signed: false },
  u32: { size: 4, signed: false },
  u64: { size: 8, signed: false },
  u128: { size: 16, signed: false },
  u256: { size: 32, signed: false },
  i8: { size: 1, signed: true },
  i16: { size: 2, signed: true },
  i32: { size: 4, signed: true },
  i64: { size: 8, signed: true },
  i128: { size: 16, signed: true },
};

export function isIntName(name: string): boolean {
  return name in INT_SIZES;
}

export function intCodec(name: string): Codec {
  const { size, signed } = INT_SIZES[name];
  const bits = BigInt(size * 8);
  const max = signed ? (1n << (bits - 1n)) - 1n : (1n << bits) - 1n;
  const min = signed ? -(1n << (bits - 1n)) : 0n;
  const small = size <= 4;
  const minNumber = Number(min);
  const maxNumber = Number(max);
  return {
    encodeTo(w, v) {
      if (small && typeof v === 'number' && Number.isInteger(v) && v >= Number(min) && v <= Number(max)) {
        w.uint(signed && v < 0 ? v + 2 ** (size * 8) : v, size);
        return;
      }
      const b = toBigInt(v, name);
      if (b < min || b > max) throw new ScaleError(`${name}: ${b} out of range`);
      w.uint(b < 0n ? b + (1n << bits) : b, size);
    },
    decode(r) {
      if (small) {
        const v = r.uintNumber(size);
        return signed && v >= 2 ** (size * 8 - 1) ? v - 2 ** (size * 8) : v;
      }
      const v = r.uintBig(size);
      return signed && v > max ? v - (1n << bits) : v;
    },
    zero: () => (small ? 0 : 0n),
    canonical(v) {
      if (small) return typeof v === 'number' && Number.isInteger(v) && v >= minNumber && v <= maxNumber ? v : NOT_CANONICAL;
      return typeof v === 'bigint' && v >= min && v <= max ? v : NOT_CANONICAL;
    },
  };
}

export function compactCodec(innerIntName: string | undefined, wrap?: Codec): Codec {
  // compact of an unsigned int (or a newtype over one): small ints as number, large as bigint
  const small = innerIntName !== undefined && INT_SIZES[innerIntName].size <= 4;
  return {
    encodeTo(w, v) {
      w.compact(toBigInt(v, `Compact<${innerIntName ?? '?'}>`));
    },
    decode(r) {
      const v = r.compact();
      return small ? Number(v) : v;
    },
    zero: () => (small ? 0 : wrap ? wrap.zero() : 0n),
    canonical(v) {
      if (small) return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : NOT_CANONICAL;
      return typeof v === 'bigint' && v >= 0n ? v : NOT_CANONICAL;
    },
  };
}

export const boolCodec: Codec<boolean> = {
  encodeTo(w, v) {
    const x = v as unknown;
    w.byte(x === true || x === 'true' || x === 1 ? 1 : 0);
  },
  decode(r) {
    const b = r.byte();
    if (b > 1) throw new ScaleError(`bool: invalid byte ${b}`);
    return b === 1;
  },
  zero: () => false,
  canonical: (v) => (typeof v === 'boolean' ? v : NOT_CANONICAL),
};

export const textCodec: Codec<string> = {
  encodeTo(w, v) {
    const b = typeof v === 'string' ? stringToU8a(v) : toBytes(v, 'Text');
    w.compact(b.length);
    w.bytes(b);
  },
  decode(r) {
    return u8aToString(r.take(r.length()));
  },
  zero: () => '',
};

export const bytesCodec: Codec<Uint8Array> = {
  encodeTo(w, v) {
    const b = toBytes(v, 'Vec<u8>');
    w.bytes(compactAddLength(b));
  },
  decode(r) {
    return r.take(r.length()).slice();
  },
  zero: () => new Uint8Array(),
  // a Buffer decodes as a plain Uint8Array: only the plain class is already in decoded form
  canonical: (v) => (v instanceof Uint8Array && v.constructor === Uint8Array ? v.slice() : NOT_CANONICAL),
};

const LOWER_HEX = /^0x[0-9a-f]*$/;

/** Encoded fixed-size byte strings remembered per codec (then the cache starts over). */
const FIXED_BYTES_CACHE_ENTRIES = 4096;

export function fixedBytesCodec(len: number): Codec<Hex> {
  // the same account ids are encoded again and again (every transfer's events name both sides)
  const cache = new Map<string, Uint8Array>();
  return {
    encodeTo(w, v) {
      if (typeof v !== 'string') {
        w.bytes(toFixedBytes(v, len));
        return;
      }
      let b = cache.get(v);
      if (b === undefined) {
        b = toFixedBytes(v, len);
        if (cache.size >= FIXED_BYTES_CACHE_ENTRIES) cache.clear();
        cache.set(v, b);
      }
      w.bytes(b);
    },
    decode(r) {
      return u8aToHex(r.take(len)) as Hex;
    },
    zero: () => u8aToHex(new Uint8Array(len)) as Hex,
    canonical: (v) => (typeof v === 'string' && v.length === 2 + 2 * len && LOWER_HEX.test(v) ? v : NOT_CANONICAL),
  };
}

export const unitCodec: Codec<null> = {
  encodeTo() {},
  decode: () => null,
  zero: () => null,
  canonical: () => null,
};

function canonicalItems(inner: Codec, v: unknown[]): unknown[] | typeof NOT_CANONICAL {
  const out = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const c = childCanonical(inner, v[i]);
    if (c === NOT_CANONICAL) return NOT_CANONICAL;
    out[i] = c;
  }
  return out;
}

export function vecCodec(inner: Codec): Codec<unknown[]> {
  return {
    encodeTo(w, v) {
      if (!Array.isArray(v)) throw new ScaleError(`Vec: expected an array, got ${describe(v)}`);
      w.compact(v.length);
      for (const x of v) inner.encodeTo(w, x);
    },
    decode(r) {
      const n = r.length();
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = inner.decode(r);
      return out;
    },
    zero: () => [],
    canonical: (v) => (Array.isArray(v) ? canonicalItems(inner, v) : NOT_CANONICAL),
  };
}

export function arrayCodec(inner: Codec, len: number): Codec<unknown[]> {
  return {
    encodeTo(w, v) {
      if (!Array.isArray(v) || v.length !== len) throw new ScaleError(`[T; ${len}]: expected an array of ${len}`);
      for (const x of v) inner.encodeTo(w, x);
    },
    decode(r) {
      const out = new Array(len);
      for (let i = 0; i < len; i++) out[i] = inner.decode(r);
      return out;
    },
    zero: () => Array.from({ length: len }, () => inner.zero()),
    canonical: (v) => (Array.isArray(v) && v.length === len ? canonicalItems(inner, v) : NOT_CANONICAL),
  };
}

export function tupleCodec(items: Codec[]): Codec<unknown> {
  if (items.length === 0) return unitCodec;
  return {
    encodeTo(w, v) {
      if (!Array.isArray(v) || v.length !== items.length) {
        throw new ScaleError(`tuple: expected an array of ${items.length}, got ${describe(v)}`);
      }
      items.forEach((c, i) => c.encodeTo(w, v[i]));
    },
    decode(r) {
      return items.map((c) => c.decode(r));
    },
    zero: () => items.map((c) => c.zero()),
    canonical(v) {
      if (!Array.isArray(v) || v.length !== items.length) return NOT_CANONICAL;
      const out = new Array(items.length);
      for (let i = 0; i < items.length; i++) {
        const c = childCanonical(items[i], v[i]);
        if (c === NOT_CANONICAL) return NOT_CANONICAL;
        out[i] = c;
      }
      return out;
    },
  };
}

/**
 * An `Option`'s `Some` spelled out, for `Option<Option<T>>`: `null` is the outer
 * `None`, so `Some(None)` is `new Some(null)`. Any other value is its own `Some`.
 */
export class Some {
  constructor(readonly value: unknown) {}
}

export function optionCodec(inner: Codec, isBool: boolean): Codec<unknown> {
  return {
    encodeTo(w, v) {
      if (v === null || v === undefined) w.byte(0);
      else if (isBool) w.byte((v instanceof Some ? v.value : v) ? 1 : 2);
      else {
        w.byte(1);
        inner.encodeTo(w, v instanceof Some ? v.value : v);
      }
    },
    decode(r) {
      const tag = r.byte();
      if (isBool) {
        if (tag > 2) throw new ScaleError(`Option<bool>: invalid byte ${tag}`);
        return tag === 0 ? null : tag === 1;
      }
      if (tag === 0) return null;
      if (tag !== 1) throw new ScaleError(`Option: invalid tag ${tag}`);
      return inner.decode(r);
    },
    zero: () => null,
    canonical(v) {
      // None (null/undefined) decodes as null, Some(x) as x
      if (v === null || v === undefined) return null;
      if (isBool) return typeof v === 'boolean' ? v : NOT_CANONICAL;
      return childCanonical(inner, v);
    },
  };
}

export function resultCodec(ok: Codec, err: Codec): Codec<unknown> {
  return {
    encodeTo(w, v) {
      const o = v as Record<string, unknown>;
      if (o && typeof o === 'object' && ('Ok' in o || 'ok' in o)) {
        w.byte(0);
        ok.encodeTo(w, 'Ok' in o ? o.Ok : o.ok);
      } else if (o && typeof o === 'object' && ('Err' in o || 'err' in o)) {
        w.byte(1);
        err.encodeTo(w, 'Err' in o ? o.Err : o.err);
      } else throw new ScaleError(`Result: expected { Ok } or { Err }, got ${describe(v)}`);
    },
    decode(r) {
      const tag = r.byte();
      if (tag === 0) return { Ok: ok.decode(r) };
      if (tag === 1) return { Err: err.decode(r) };
      throw new ScaleError(`Result: invalid tag ${tag}`);
    },
    zero: () => ({ Ok: ok.zero() }),
  };
}

/** Matches `free`, `Free`, `freeBalance`/`free_balance` style keys to a declared field name. */
function fieldValue(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  if (camel in obj) return obj[camel];
  return undefined;
}

export function structCodec(fields: [string, Codec][], typeName: string): Codec<Record<string, unknown>> {
  return {
    encodeTo(w, v) {
      if (!v || typeof v !== 'object') throw new ScaleError(`${typeName}: expected an object, got ${describe(v)}`);
      for (const [name, c] of fields) {
        // a missing field takes its zero value, as polkadot-js' createType does
        const fv = fieldValue(v, name);
        c.encodeTo(w, fv === undefined ? c.zero() : fv);
      }
    },
    decode(r) {
      const out: Record<string, unknown> = {};
      for (const [name, c] of fields) out[name] = c.decode(r);
      return out;
    },
    zero: () => Object.fromEntries(fields.map(([n, c]) => [n, c.zero()])),
    canonical(v) {
      // fields under their declared names, read as encodeTo reads them; camelCase aliases and
      // missing fields (encoded as zero) take the slow path
      if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) return NOT_CANONICAL;
      const out: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const name = fields[i][0];
        const fv = v[name];
        if (fv === undefined) return NOT_CANONICAL;
        const x = childCanonical(fields[i][1], fv);
        if (x === NOT_CANONICAL) return NOT_CANONICAL;
        out[name] = x;
      }
      return out;
    },
  };
}

export interface VariantCodec {
  name: string;
  index: number;
  /** undefined for unit variants */
  codec?: Codec;
}

export function enumCodec(variants: VariantCodec[], typeName: string): Codec<unknown> {
  const byIndex = new Map(variants.map((v) => [v.index, v]));
  const byName = new Map<string, VariantCodec>();
  for (const v of variants) {
    byName.set(v.name, v);
    byName.set(v.name.toLowerCase(), v);
  }
  const find = (name: string) => {
    const v = byName.get(name) ?? byName.get(name.toLowerCase());
    if (!v) throw new ScaleError(`${typeName}: unknown variant '${name}'`);
    return v;
  };
  return {
    encodeTo(w, v) {
      if (typeof v === 'string') {
        const variant = find(v);
        w.byte(variant.index);
        if (variant.codec) variant.codec.encodeTo(w, variant.codec.zero());
        return;
      }
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (keys.length === 1) {
          const variant = find(keys[0]);
          w.byte(variant.index);
          variant.codec?.encodeTo(w, (v as Record<string, unknown>)[keys[0]]);
          return;
        }
      }
      throw new ScaleError(`${typeName}: expected a variant name or { Variant: value }, got ${describe(v)}`);
    },
    decode(r) {
      const idx = r.byte();
      const variant = byIndex.get(idx);
      if (!variant) throw new ScaleError(`${typeName}: invalid variant index ${idx}`);
      return variant.codec ? { [variant.name]: variant.codec.decode(r) } : variant.name;
    },
    canonical(v) {
      // a unit variant decodes as its name; a data variant as { Name: value }
      if (typeof v === 'string') {
        const variant = byName.get(v);
        return variant && !variant.codec && variant.name === v ? v : NOT_CANONICAL;
      }
      if (!v || typeof v !== 'object' || Array.isArray(v)) return NOT_CANONICAL;
      const keys = Object.keys(v);
      if (keys.length !== 1) return NOT_CANONICAL;
      const variant = byName.get(keys[0]);
      if (!variant?.codec || variant.name !== keys[0]) return NOT_CANONICAL;
      const x = childCanonical(variant.codec, (v as Record<string, unknown>)[keys[0]]);
      return x === NOT_CANONICAL ? NOT_CANONICAL : { [variant.name]: x };
    },
    zero: () => {
      const first = variants.reduce((a, b) => (b.index < a.index ? b : a));
      return first.codec ? { [first.name]: first.codec.zero() } : first.name;
    },
  };
}

/** `sp_runtime::generic::Era`: 0x00 immortal, else two bytes (period, phase). */
export type EraValue = { immortal: true } | { immortal: false; period: number; phase: number };

export const eraCodec: Codec<EraValue> = {
  encodeTo(w, v) {
    if (!v || v.immortal) {
      w.byte(0);
      return;
    }
    const period = v.period;
    const quantizeFactor = Math.max(period >> 12, 1);
    const trailing = Math.min(Math.max(Math.log2(period) | 0, 1), 15) - 1;
    const encoded = Math.min(Math.max(trailing, 1), 15) | (Math.floor(v.phase / quantizeFactor) << 4);
    w.uint(encoded, 2);
  },
  decode(r) {
    const first = r.byte();
    if (first === 0) return { immortal: true };
    const encoded = first + (r.byte() << 8);
    const period = 2 << (encoded % (1 << 4));
    const quantizeFactor = Math.max(period >> 12, 1);
    const phase = (encoded >> 4) * quantizeFactor;
    if (period < 4 || phase >= period) throw new ScaleError(`Era: invalid mortal era 0x${encoded.toString(16)}`);
    return { immortal: false, period, phase };
  },
  zero: () => ({ immortal: true }),
};
