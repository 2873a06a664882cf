import type { RequestFrame, ResponseFrame } from './frames.ts';

/**
 * Hand-written MessagePack for the two frames of every round trip, `req` (session scheme) and
 * `res`. A signed round trip spends a few microseconds in a general msgpack encoder and decoder
 * for maps whose keys and types never change; these write and read the same bytes directly.
 * Nothing about the wire changes: the encoder writes exactly what the general encoder writes
 * (keys in the frame's order, the smallest integer, string and bin forms), and the reader takes
 * only a flat map of the known keys with msgpack's unsigned integers, strings, bins and nil; for
 * anything else it returns `undefined`, and the caller decodes the frame the general way (with
 * its shape limits and its error messages). Both ends validate what they read the same way
 * (envelope.ts `validateFrame`).
 */

/** Exactly the bytes `@msgpack/msgpack` writes for a session-scheme `req` frame, or undefined when a field is out of the usual range. */
export function encodeSessionRequest(f: RequestFrame): Uint8Array | undefined {
  const a = f.auth;
  if (a.scheme !== 'session' || !allUint(f.v, f.id, f.timeout_ms, f.ts, a.nonce)) return undefined;
  const synapse = Buffer.byteLength(f.synapse);
  if (synapse >= 0x10000) return undefined;
  // keys and fixed-size values take under 140 bytes
  const w = new Writer(192 + synapse + f.body.byteLength + a.sig.byteLength);
  w.mapHeader(8);
  w.key(K.v).uint(f.v);
  w.key(K.type).str('req');
  w.key(K.id).uint(f.id);
  w.key(K.synapse).str(f.synapse);
  w.key(K.timeout_ms).uint(f.timeout_ms);
  w.key(K.ts).uint(f.ts);
  w.key(K.body).bin(f.body);
  w.key(K.auth).mapHeader(3);
  w.key(K.scheme).str('session');
  w.key(K.nonce).uint(a.nonce);
  w.key(K.sig).bin(a.sig);
  return w.done();
}

/** Exactly the bytes `@msgpack/msgpack` writes for a `res` frame, or undefined when a field is out of the usual range. */
export function encodeResponse(f: ResponseFrame): Uint8Array | undefined {
  if (!allUint(f.v, f.id, f.status, f.recv_ts, f.sent_ts)) return undefined;
  // keys and fixed-size values take under 120 bytes
  const w = new Writer(192 + f.body.byteLength + f.sig.byteLength);
  w.mapHeader(9);
  w.key(K.v).uint(f.v);
  w.key(K.type).str('res');
  w.key(K.id).uint(f.id);
  w.key(K.status).uint(f.status);
  w.key(K.recv_ts).uint(f.recv_ts);
  w.key(K.sent_ts).uint(f.sent_ts);
  w.key(K.body).bin(f.body);
  w.key(K.scheme).str(f.scheme);
  w.key(K.sig).bin(f.sig);
  return w.done();
}

/** The keys of `req`, `res` and a session `auth`, pre-encoded as fixstr. */
const KEYS = ['v', 'type', 'id', 'synapse', 'timeout_ms', 'ts', 'body', 'auth', 'scheme', 'nonce', 'sig', 'status', 'recv_ts', 'sent_ts'] as const;
type Key = (typeof KEYS)[number];
const K = Object.fromEntries(KEYS.map((k) => [k, Buffer.concat([Buffer.from([0xa0 | k.length]), Buffer.from(k)])])) as Record<Key, Buffer>;
const KNOWN = new Set<string>(KEYS);

function allUint(...xs: number[]): boolean {
  for (const x of xs) if (!Number.isSafeInteger(x) || x < 0) return false;
  return true;
}

class Writer {
  private readonly buf: Buffer;
  private at = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
  }

  mapHeader(n: number): this {
    this.buf[this.at++] = 0x80 | n;
    return this;
  }

  key(k: Buffer): this {
    k.copy(this.buf, this.at);
    this.at += k.length;
    return this;
  }

  uint(x: number): this {
    const b = this.buf;
    if (x < 0x80) b[this.at++] = x;
    else if (x < 0x100) {
      b[this.at++] = 0xcc;
      b[this.at++] = x;
    } else if (x < 0x10000) {
      b[this.at++] = 0xcd;
      this.at = b.writeUInt16BE(x, this.at);
    } else if (x < 0x100000000) {
      b[this.at++] = 0xce;
      this.at = b.writeUInt32BE(x, this.at);
    } else {
      b[this.at++] = 0xcf;
      this.at = b.writeUInt32BE(Math.floor(x / 0x100000000), this.at);
      this.at = b.writeUInt32BE(x >>> 0, this.at);
    }
    return this;
  }

  str(s: string): this {
    const b = this.buf;
    const n = Buffer.byteLength(s);
    if (n < 32) b[this.at++] = 0xa0 | n;
    else if (n < 0x100) {
      b[this.at++] = 0xd9;
      b[this.at++] = n;
    } else {
      b[this.at++] = 0xda;
      this.at = b.writeUInt16BE(n, this.at);
    }
    this.at += b.write(s, this.at, 'utf8');
    return this;
  }

  bin(x: Uint8Array): this {
    const b = this.buf;
    const n = x.byteLength;
    if (n < 0x100) {
      b[this.at++] = 0xc4;
      b[this.at++] = n;
    } else if (n < 0x10000) {
      b[this.at++] = 0xc5;
      this.at = b.writeUInt16BE(n, this.at);
    } else {
      b[this.at++] = 0xc6;
      this.at = b.writeUInt32BE(n, this.at);
    }
    b.set(x, this.at);
    this.at += n;
    return this;
  }

  done(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}

/** Thrown inside the reader: the frame is not one it reads; the caller decodes it the general way. */
const NOT_HOT = Symbol('not a hot frame');

/**
 * Reads a flat msgpack map of the known `req`/`res` keys (an `auth` map one level down) whose
 * values are unsigned integers, strings, bins or nil. Bins are views into `data`, as the general
 * decoder returns them. Returns undefined for anything else, which the caller decodes the general
 * way; the result is validated by the caller either way.
 */
export function readHotFrame(data: Uint8Array): Record<string, unknown> | undefined {
  const first = data[0];
  // fixmap of 8 (req) or 9 (res) entries: other frames are rare and go the general way
  if (first !== 0x88 && first !== 0x89) return undefined;
  const r = new Reader(data);
  try {
    const frame = r.map(0);
    return r.at === data.byteLength ? frame : undefined;
  } catch (err) {
    if (err === NOT_HOT) return undefined;
    throw err;
  }
}

class Reader {
  at = 0;
  private readonly view: DataView;

  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  private need(n: number): void {
    if (this.at + n > this.data.byteLength) throw NOT_HOT;
  }

  private byte(): number {
    this.need(1);
    return this.data[this.at++];
  }

  map(depth: number): Record<string, unknown> {
    const head = this.byte();
    if ((head & 0xf0) !== 0x80) throw NOT_HOT;
    const n = head & 0x0f;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) {
      const key = this.key();
      out[key] = key === 'auth' && depth === 0 ? this.map(1) : this.value();
    }
    return out;
  }

  private key(): string {
    const head = this.byte();
    if ((head & 0xe0) !== 0xa0) throw NOT_HOT;
    const k = this.utf8(head & 0x1f);
    if (!KNOWN.has(k)) throw NOT_HOT;
    return k;
  }

  private utf8(n: number): string {
    this.need(n);
    const d = this.data;
    const start = this.at;
    this.at += n;
    // keys, frame types, schemes and synapse names are short ASCII: no decoder call for them
    if (n <= 32) {
      let s = '';
      for (let i = start; i < start + n; i++) {
        const c = d[i];
        if (c >= 0x80) return Buffer.from(d.buffer, d.byteOffset + start, n).toString('utf8');
        s += String.fromCharCode(c);
      }
      return s;
    }
    return Buffer.from(d.buffer, d.byteOffset + start, n).toString('utf8');
  }

  private bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.data.subarray(this.at, this.at + n);
    this.at += n;
    return b;
  }

  private value(): unknown {
    const h = this.byte();
    if (h < 0x80) return h;
    if ((h & 0xe0) === 0xa0) return this.utf8(h & 0x1f);
    switch (h) {
      case 0xc0:
        return null;
      case 0xcc:
        return this.byte();
      case 0xcd:
        this.need(2);
        return this.view.getUint16((this.at += 2) - 2);
      case 0xce:
        this.need(4);
        return this.view.getUint32((this.at += 4) - 4);
      case 0xcf: {
        this.need(8);
        const hi = this.view.getUint32(this.at);
        const lo = this.view.getUint32(this.at + 4);
        // past 2^53 the general decoder (and its error message) takes over
        if (hi >= 0x200000) throw NOT_HOT;
        this.at += 8;
        return hi * 0x100000000 + lo;
      }
      case 0xd9:
        return this.utf8(this.byte());
      case 0xda:
        this.need(2);
        return this.utf8(this.view.getUint16((this.at += 2) - 2));
      case 0xc4:
        return this.bytes(this.byte());
      case 0xc5:
        this.need(2);
        return this.bytes(this.view.getUint16((this.at += 2) - 2));
      case 0xc6:
        this.need(4);
        return this.bytes(this.view.getUint32((this.at += 4) - 4));
      default:
        throw NOT_HOT;
    }
  }
}
