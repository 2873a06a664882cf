import { Decoder, encode } from '@msgpack/msgpack';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BodyCodec } from '../../protocol/ws/codec.ts';
import { FrameCodec } from '../../protocol/ws/envelope.ts';
import { checkMsgpackShape, MsgpackShapeError } from '../../protocol/ws/msgpack-shape.ts';
import { signSr25519Request } from '../../protocol/ws/request-signing.ts';
import { devKeys } from './raw-peer.ts';

/** `n` arrays, each holding the next: 0x91 repeated, then nil. */
function nestedArrays(n: number): Uint8Array {
  const bytes = new Uint8Array(n + 1).fill(0x91);
  bytes[n] = 0xc0;
  return bytes;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('checkMsgpackShape', () => {
  it('accepts values within the limits, of every msgpack type', () => {
    const value = {
      a: [1, -1, 300, -300, 70_000, 2 ** 40, -(2 ** 40), 1.5, 'x'.repeat(40), 'y'.repeat(300), true, false, null],
      b: new Uint8Array(300),
      c: { d: [[]] },
    };
    expect(() => checkMsgpackShape(encode(value), { maxDepth: 4, maxElements: 100 })).not.toThrow();
    expect(() => checkMsgpackShape(encode(new Array(70_000).fill(0)), { maxDepth: 1, maxElements: 70_000 })).not.toThrow();
  });

  it('refuses nesting past the depth, counts past the element budget, truncation and the reserved byte', () => {
    expect(() => checkMsgpackShape(nestedArrays(5), { maxDepth: 4, maxElements: 100 })).toThrow(/nests deeper than 4/);
    expect(() => checkMsgpackShape(encode({ a: new Array(100).fill(0) }), { maxDepth: 4, maxElements: 100 })).toThrow(/more than 100 elements/);
    expect(() => checkMsgpackShape(encode({ text: 'hello' }).subarray(0, 5), { maxDepth: 4, maxElements: 100 })).toThrow(MsgpackShapeError);
    expect(() => checkMsgpackShape(new Uint8Array([0x92, 0xc1, 0xc0]), { maxDepth: 4, maxElements: 100 })).toThrow(/0xc1/);
    expect(() => checkMsgpackShape(new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff]), { maxDepth: 4, maxElements: 1_000 })).toThrow(/more than 1000 elements/);
  });
});

describe('FrameCodec and BodyCodec refuse hostile shapes before decoding', () => {
  it('refuses a 260 KB frame of 260k nested arrays without handing it to the decoder', () => {
    const decode = vi.spyOn(Decoder.prototype, 'decode');
    const frames = new FrameCodec(1024 * 1024);
    let refusal: unknown;
    try {
      frames.decode(nestedArrays(260_000));
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/frame refused unread: msgpack value nests deeper than 4 levels/) });
    expect(decode).not.toHaveBeenCalled();
  });

  it('still decodes every real frame', async () => {
    const keys = await devKeys();
    const frames = new FrameCodec(1024 * 1024);
    const bodies = new BodyCodec();
    const { frame } = signSr25519Request({
      pair: keys.validator,
      receiver: keys.miner.address,
      uuid: crypto.randomUUID(),
      id: 7,
      synapse: 'Embed',
      timeoutMs: 1_000,
      body: bodies.encode({ texts: Array(64).fill('x'.repeat(2_000)) }),
    });
    expect(frames.decode(frames.encode(frame))).toMatchObject({ type: 'req', id: 7 });
    expect(
      frames.decode(
        frames.encode({ v: 1, type: 'hello', axon: keys.miner.address, conn: new Uint8Array(16), ts: 1, max_frame: 1, schemes: ['session', 'sr25519'] }),
      ),
    ).toMatchObject({ type: 'hello' });
  });

  it('bodies nest at most 64 levels', () => {
    const bodies = new BodyCodec();
    expect(() => bodies.decode(nestedArrays(65))).toThrow(/nests deeper than 64/);
    expect(bodies.decode(nestedArrays(64))).toBeDefined();
  });
});
