import { DecodeError, Decoder, Encoder, ExtensionCodec } from '@msgpack/msgpack';
import { endianness } from 'node:os';
import { ProtocolError } from '../errors.ts';
import { checkMsgpackShape, MsgpackShapeError } from './msgpack-shape.ts';

/**
 * Synapse bodies are MessagePack. Typed arrays (embeddings, logits, token ids)
 * travel as raw little-endian bytes in an extension type, one type code per
 * element type, so a 384-float embedding costs 1,536 bytes plus a 6-byte
 * header instead of ~3 KiB of msgpack floats. `Uint8Array` needs no extension:
 * it is msgpack `bin`.
 */
export const TYPED_ARRAY_EXT = {
  Float32Array: 1,
  Float64Array: 2,
  Int8Array: 3,
  Int16Array: 4,
  Int32Array: 5,
  Uint16Array: 6,
  Uint32Array: 7,
  BigInt64Array: 8,
  BigUint64Array: 9,
} as const;

type TypedArrayName = keyof typeof TYPED_ARRAY_EXT;
type TypedArrayCtor = { new (buffer: ArrayBuffer, byteOffset: number, length: number): ArrayBufferView; BYTES_PER_ELEMENT: number; name: string };

const CTORS: Record<TypedArrayName, TypedArrayCtor> = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint16Array,
  Uint32Array,
  BigInt64Array,
  BigUint64Array,
} as unknown as Record<TypedArrayName, TypedArrayCtor>;

// Raw bytes are only little-endian on a little-endian host; every platform
// Node ships for is, but refuse loudly rather than corrupt numbers silently.
if (endianness() !== 'LE') throw new Error('subnetkit protocol codec requires a little-endian host');

function buildExtensionCodec(): ExtensionCodec {
  const codec = new ExtensionCodec();
  for (const [name, type] of Object.entries(TYPED_ARRAY_EXT) as [TypedArrayName, number][]) {
    const Ctor = CTORS[name];
    codec.register({
      type,
      encode: (input: unknown) => {
        if (!(input instanceof (Ctor as unknown as typeof Float32Array))) return null;
        const view = input as ArrayBufferView;
        return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      },
      decode: (data: Uint8Array) => {
        if (data.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) {
          throw new DecodeError(`${name} extension has ${data.byteLength} bytes, not a multiple of ${Ctor.BYTES_PER_ELEMENT}`);
        }
        // copy (a Buffer's slice() would not): the bytes sit at an arbitrary offset of the frame, typed arrays need alignment
        const copy = new Uint8Array(data);
        return new Ctor(copy.buffer, 0, copy.byteLength / Ctor.BYTES_PER_ELEMENT);
      },
    });
  }
  return codec;
}

export const extensionCodec = buildExtensionCodec();

export interface DecodeLimits {
  /** bound for any string, bin, array, map or extension length inside one value */
  maxBytes: number;
  /** containers inside containers (checked from the bytes before decoding); default 64 */
  maxDepth?: number;
}

/** Encodes and decodes synapse bodies (typed arrays included). One instance per axon or dendrite. */
export class BodyCodec {
  private readonly encoder = new Encoder({ extensionCodec, ignoreUndefined: true });
  private readonly decoder: Decoder;
  private readonly shape: { maxDepth: number; maxElements: number };

  constructor(limits: DecodeLimits = { maxBytes: 16 * 1024 * 1024 }) {
    // the decoder bounds each length by maxBytes; what the scan adds is the depth
    this.shape = { maxDepth: limits.maxDepth ?? 64, maxElements: Number.MAX_SAFE_INTEGER };
    this.decoder = new Decoder({
      extensionCodec,
      maxStrLength: limits.maxBytes,
      maxBinLength: limits.maxBytes,
      maxArrayLength: limits.maxBytes,
      maxMapLength: limits.maxBytes,
      maxExtLength: limits.maxBytes,
    });
  }

  encode(value: unknown): Uint8Array {
    return this.encodeTransient(value).slice();
  }

  /**
   * The encoded bytes as a view into the encoder's own buffer, valid only until this codec encodes
   * again: for a caller that hashes them and copies them into a frame at once (no copy, no new
   * buffer for the collector to sweep, on every message).
   */
  encodeTransient(value: unknown): Uint8Array {
    try {
      return this.encoder.encodeSharedRef(value);
    } catch (err) {
      throw new ProtocolError('BAD_REQUEST', `body cannot be encoded as msgpack: ${(err as Error).message}`, { cause: err });
    }
  }

  /** Throws `ProtocolError('BAD_REQUEST')` naming what was wrong; never anything else. */
  decode(bytes: Uint8Array, what = 'body'): unknown {
    try {
      try {
        checkMsgpackShape(bytes, this.shape);
      } catch (err) {
        // bytes that are not msgpack at all are left to the decoder, which names what is wrong
        if (!(err instanceof MsgpackShapeError) || err.reason === 'depth' || err.reason === 'elements') throw err;
      }
      return this.decoder.decode(bytes);
    } catch (err) {
      throw new ProtocolError('BAD_REQUEST', `${what} is not valid msgpack: ${(err as Error).message}`, { cause: err });
    }
  }
}
