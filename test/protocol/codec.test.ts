import { encode as msgpackEncode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { BodyCodec, TYPED_ARRAY_EXT } from '../../protocol/ws/codec.ts';
import { FrameCodec } from '../../protocol/ws/envelope.ts';
import { isSubnetError } from '../../core/errors.ts';

describe('body codec', () => {
  const codec = new BodyCodec({ maxBytes: 1024 * 1024 });

  it('round-trips every typed array as raw little-endian bytes', () => {
    const value = {
      f32: new Float32Array([1.5, -2.25, Math.PI]),
      f64: new Float64Array([Math.E, -0]),
      i8: new Int8Array([-128, 127]),
      i16: new Int16Array([-32768, 7]),
      i32: new Int32Array([-1, 2 ** 31 - 1]),
      u16: new Uint16Array([65535]),
      u32: new Uint32Array([2 ** 32 - 1]),
      i64: new BigInt64Array([-(2n ** 63n)]),
      u64: new BigUint64Array([2n ** 64n - 1n]),
      bytes: new Uint8Array([1, 2, 3]),
      nested: [{ text: 'héllo', n: 42, ok: true, nil: null }],
    };
    const back = codec.decode(codec.encode(value)) as typeof value;
    expect(back.f32).toBeInstanceOf(Float32Array);
    expect(Array.from(back.f32)).toEqual(Array.from(value.f32));
    expect(Array.from(back.f64)).toEqual(Array.from(value.f64));
    expect(Array.from(back.i8)).toEqual([-128, 127]);
    expect(Array.from(back.i16)).toEqual([-32768, 7]);
    expect(Array.from(back.i32)).toEqual([-1, 2 ** 31 - 1]);
    expect(Array.from(back.u16)).toEqual([65535]);
    expect(Array.from(back.u32)).toEqual([2 ** 32 - 1]);
    expect(back.i64[0]).toBe(-(2n ** 63n));
    expect(back.u64[0]).toBe(2n ** 64n - 1n);
    expect(back.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(back.nested).toEqual(value.nested);
  });

  it('lays an embedding out as ext type 1 + raw float32 bytes (as protocol/README.md documents)', () => {
    const bytes = codec.encode(new Float32Array([1, -2]));
    // fixext 8 (0xd7), type 1, then 00 00 80 3f  00 00 00 c0
    expect(Buffer.from(bytes).toString('hex')).toBe('d701' + '0000803f' + '000000c0');
    const big = codec.encode(new Float32Array(384));
    expect(big.byteLength).toBe(384 * 4 + 4); // ext16: c8 LL LL 01
    expect(big[0]).toBe(0xc8);
    expect(big[3]).toBe(TYPED_ARRAY_EXT.Float32Array);
  });

  it('decodes typed arrays that sit at odd offsets of a larger buffer', () => {
    const inner = codec.encode({ e: new Float64Array([1.25, 2.5]) });
    const shifted = new Uint8Array(inner.byteLength + 3);
    shifted.set(inner, 3);
    const back = codec.decode(shifted.subarray(3)) as { e: Float64Array };
    expect(Array.from(back.e)).toEqual([1.25, 2.5]);
    const asBuffer = Buffer.concat([Buffer.alloc(1), Buffer.from(inner)]).subarray(1);
    expect(Array.from((codec.decode(asBuffer) as { e: Float64Array }).e)).toEqual([1.25, 2.5]);
  });

  it('rejects a typed-array extension whose length is not a whole number of elements', () => {
    const bad = new Uint8Array([0xc7, 3, TYPED_ARRAY_EXT.Float32Array, 1, 2, 3]);
    let err: unknown;
    try {
      codec.decode(bad);
    } catch (e) {
      err = e;
    }
    expect(isSubnetError(err, 'BAD_REQUEST')).toBe(true);
    expect((err as Error).message).toMatch(/Float32Array extension has 3 bytes/);
  });

  it('refuses lengths beyond its limit before allocating', () => {
    const small = new BodyCodec({ maxBytes: 16 });
    // array32 claiming 2^32-1 elements in five bytes
    expect(() => small.decode(new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff]))).toThrow(/array length/);
    expect(() => small.decode(msgpackEncode('x'.repeat(17)))).toThrow(/BAD_REQUEST|str length|max/i);
  });
});

describe('frame codec', () => {
  const frames = new FrameCodec(1024 * 1024);

  it('names the offending field of an invalid frame', () => {
    const cases: [unknown, RegExp][] = [
      [[1, 2], /frame must be a msgpack map, got array/],
      [{ v: 2, type: 'req' }, /frame.v must be 1, got number 2/],
      [{ v: 1, type: 'bogus' }, /frame.type string "bogus" is not one of/],
      [{ v: 1, type: 'req', id: -1 }, /req.id must be a non-negative integer/],
      [
        {
          v: 1,
          type: 'req',
          id: 3,
          auth: { scheme: 'session', nonce: 1, sig: new Uint8Array(64) },
          synapse: 'a.b',
          timeout_ms: 1,
          ts: 1,
          body: new Uint8Array(),
        },
        /req.synapse "a.b" does not match/,
      ],
      [{ v: 1, type: 'req', id: 3, auth: { scheme: 'session', nonce: 1, sig: new Uint8Array(12) } }, /req.auth.sig must be 64 bytes, got 12/],
      [{ v: 1, type: 'auth', cert: { role: 'axon', hotkey: 'x' } }, /auth.cert.hotkey "x" does not match/],
    ];
    for (const [raw, message] of cases) {
      expect(() => frames.decode(msgpackEncode(raw))).toThrow(message);
    }
  });

  it('attributes a bad request frame to its id when the id is readable', () => {
    try {
      frames.decode(msgpackEncode({ v: 1, type: 'req', id: 7, synapse: 5 }));
      expect.unreachable();
    } catch (err) {
      expect((err as { requestId?: number }).requestId).toBe(7);
    }
  });
});

describe('request and response frames, written and read by hand', () => {
  const frames = new FrameCodec(1024 * 1024);
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  // every width of msgpack's unsigned integers, strings and bins
  const ints = [0, 127, 128, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, 1_700_000_000_123, Number.MAX_SAFE_INTEGER];
  const bodies = [0, 255, 256, 65_535, 65_536].map((n) => new Uint8Array(n).fill(n & 0xff));
  const request = (n: number, body: Uint8Array, synapse = 'Embed') => ({
    v: 1,
    type: 'req' as const,
    id: n,
    synapse,
    timeout_ms: n,
    ts: n,
    body,
    auth: { scheme: 'session' as const, nonce: n, sig: new Uint8Array(64).fill(9) },
  });
  const response = (n: number, body: Uint8Array) => ({
    v: 1,
    type: 'res' as const,
    id: n,
    status: 200,
    recv_ts: n,
    sent_ts: n,
    body,
    scheme: 'session' as const,
    sig: Buffer.alloc(64, 5),
  });

  it('writes exactly the bytes of the general msgpack encoder', () => {
    for (const n of ints) {
      for (const body of bodies) {
        for (const synapse of ['E', 'x'.repeat(31), 'y'.repeat(32), 'z'.repeat(256)]) {
          const req = request(n, body, synapse);
          expect(hex(frames.encode(req))).toBe(hex(msgpackEncode(req)));
        }
        const res = response(n, body);
        expect(hex(frames.encode(res))).toBe(hex(msgpackEncode(res)));
      }
    }
  });

  it('reads what the general encoder writes, whatever the key order, to the same validated frame', () => {
    const req = request(1_700_000_000_123, bodies[2]);
    const reordered = {
      auth: { sig: req.auth.sig, nonce: req.auth.nonce, scheme: 'session' },
      body: req.body,
      ts: req.ts,
      timeout_ms: 0,
      synapse: 'Embed',
      id: 9,
      type: 'req',
      v: 1,
    };
    const back = frames.decode(msgpackEncode(reordered));
    expect(back).toMatchObject({ type: 'req', id: 9, synapse: 'Embed', timeout_ms: 0, ts: req.ts, auth: { scheme: 'session', nonce: req.auth.nonce } });
    expect(hex((back as typeof req).body)).toBe(hex(req.body));
    const res = response(2 ** 32, bodies[1]);
    expect(frames.decode(msgpackEncode(res))).toEqual({ ...res, body: new Uint8Array(res.body), sig: new Uint8Array(res.sig) });
  });

  it('leaves frames it does not read to the general decoder, with its checks and messages', () => {
    // a negative id, a float timestamp, an unknown key, a truncated frame: each refused as before
    expect(() => frames.decode(msgpackEncode({ ...request(1, bodies[0]), id: -1 }))).toThrow(/req.id must be a non-negative integer/);
    expect(() => frames.decode(msgpackEncode({ ...response(1, bodies[0]), sent_ts: 1.5 }))).toThrow(/res.sent_ts must be a non-negative integer/);
    const extra = msgpackEncode({ ...response(1, bodies[0]), extra: 1 });
    expect(frames.decode(extra)).toMatchObject({ type: 'res', id: 1 });
    const whole = msgpackEncode(response(1, bodies[1]));
    expect(() => frames.decode(whole.subarray(0, whole.byteLength - 1))).toThrow(/frame refused unread: msgpack value truncated/);
    // an sr25519 request (its auth has other keys) is read the general way too
    const sr = { ...request(1, bodies[0]), auth: { scheme: 'sr25519', uuid: 'abcdefgh-1234', by: ALICE, for: ALICE, sig: new Uint8Array(64) } };
    expect(frames.decode(msgpackEncode(sr))).toMatchObject({ type: 'req', auth: { scheme: 'sr25519', uuid: 'abcdefgh-1234' } });
  });
});

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
