/**
 * A growable little-endian SCALE writer for the runtime-API answers, which are
 * built per call for up to 256 neurons and must stay cheap (no codec registry).
 */
export class ScaleWriter {
  private buf = new Uint8Array(1024);
  private len = 0;

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(v: number): this {
    this.reserve(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  bool(v: boolean): this {
    return this.u8(v ? 1 : 0);
  }

  u16(v: number): this {
    this.reserve(2);
    this.buf[this.len++] = v & 0xff;
    this.buf[this.len++] = (v >> 8) & 0xff;
    return this;
  }

  u32(v: number): this {
    this.reserve(4);
    for (let i = 0; i < 4; i++) this.buf[this.len++] = (v >>> (8 * i)) & 0xff;
    return this;
  }

  /** Fixed-width unsigned integer of `bytes` bytes (u64 = 8, u128 = 16). */
  uint(v: bigint, bytes: number): this {
    this.reserve(bytes);
    let x = v;
    for (let i = 0; i < bytes; i++) {
      this.buf[this.len++] = Number(x & 0xffn);
      x >>= 8n;
    }
    return this;
  }

  u64(v: bigint): this {
    return this.uint(v, 8);
  }

  compact(v: number | bigint): this {
    const n = BigInt(v);
    if (n < 1n << 6n) return this.u8(Number(n) << 2);
    if (n < 1n << 14n) return this.u16((Number(n) << 2) | 1);
    if (n < 1n << 30n) return this.u32(((Number(n) << 2) | 2) >>> 0);
    let bytes = 0;
    for (let x = n; x > 0n; x >>= 8n) bytes++;
    this.u8(((bytes - 4) << 2) | 3);
    return this.uint(n, bytes);
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
