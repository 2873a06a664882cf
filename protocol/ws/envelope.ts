import { Decoder, Encoder } from '@msgpack/msgpack';
import { ProtocolError } from '../errors.ts';
import { encodeResponse, encodeSessionRequest, readHotFrame } from './hot-frames.ts';
import { checkMsgpackShape, MsgpackShapeError, type MsgpackShapeLimits } from './msgpack-shape.ts';
import type { CertWire, Frame, SessionAuth, Sr25519Auth } from './frames.ts';
import { PROTOCOL_VERSION } from './signed-message.ts';

/**
 * The envelope: every WebSocket message is one binary frame holding one
 * msgpack map with a version `v` and a `type`. Bodies are nested as `bin`
 * (themselves msgpack, see codec.ts) so that signatures cover exact bytes and
 * no canonical re-encoding is ever needed. Field by field in protocol/README.md.
 */

/** Synapse names: a letter, then letters, digits, '_' or '-'; at most 64 characters (no '.', the signed-message separator). */
export const SYNAPSE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const UUID = /^[0-9A-Za-z-]{8,64}$/;
const SS58 = /^[1-9A-HJ-NP-Za-km-z]{40,60}$/;

/**
 * An envelope nests two levels (a `req` and its `auth` map, a `cert`, `hello.schemes`) and holds a
 * few dozen elements; anything far past that is refused from its bytes before it is decoded.
 */
export const FRAME_SHAPE: MsgpackShapeLimits = { maxDepth: 4, maxElements: 256 };

/** Encodes and decodes envelopes; one instance per axon or dendrite (not reentrant, which sync calls never need). */
export class FrameCodec {
  private readonly encoder = new Encoder({ ignoreUndefined: true });
  private readonly decoder: Decoder;

  constructor(maxFrameBytes: number) {
    this.decoder = new Decoder({
      maxStrLength: maxFrameBytes,
      maxBinLength: maxFrameBytes,
      maxArrayLength: 64,
      maxMapLength: 64,
      maxExtLength: maxFrameBytes,
    });
  }

  encode(frame: Frame): Uint8Array {
    // the frames of every round trip are written by hand, byte for byte what the encoder writes
    const hot = frame.type === 'req' ? encodeSessionRequest(frame) : frame.type === 'res' ? encodeResponse(frame) : undefined;
    return hot ?? this.encoder.encode(frame);
  }

  /** Decodes and validates one frame; throws `ProtocolError('BAD_REQUEST')` naming the offending field. */
  decode(data: Uint8Array): Frame {
    const hot = readHotFrame(data);
    if (hot !== undefined) return validateFrame(hot);
    let raw: unknown;
    try {
      checkMsgpackShape(data, FRAME_SHAPE);
      raw = this.decoder.decode(data);
    } catch (err) {
      const what = err instanceof MsgpackShapeError ? 'frame refused unread' : 'frame is not valid msgpack';
      throw new ProtocolError('BAD_REQUEST', `${what}: ${(err as Error).message}`, { cause: err });
    }
    return validateFrame(raw);
  }
}

function bad(message: string, id?: number): never {
  throw new ProtocolError('BAD_REQUEST', message, { requestId: id });
}

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array);
}

function uint(m: Record<string, unknown>, key: string, where: string, id?: number): number {
  const x = m[key];
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) bad(`${where}.${key} must be a non-negative integer, got ${describe(x)}`, id);
  return x;
}

function str(m: Record<string, unknown>, key: string, where: string, pattern?: RegExp, id?: number): string {
  const x = m[key];
  if (typeof x !== 'string') bad(`${where}.${key} must be a string, got ${describe(x)}`, id);
  if (pattern && !pattern.test(x)) bad(`${where}.${key} ${JSON.stringify(x.slice(0, 80))} does not match ${pattern}`, id);
  return x;
}

function bin(m: Record<string, unknown>, key: string, where: string, length?: number, id?: number): Uint8Array {
  const x = m[key];
  if (!(x instanceof Uint8Array)) bad(`${where}.${key} must be bin, got ${describe(x)}`, id);
  if (length !== undefined && x.byteLength !== length) bad(`${where}.${key} must be ${length} bytes, got ${x.byteLength}`, id);
  return x;
}

function describe(x: unknown): string {
  if (x === null) return 'nil';
  if (x instanceof Uint8Array) return `bin(${x.byteLength})`;
  if (Array.isArray(x)) return 'array';
  if (typeof x === 'string') return `string ${JSON.stringify(x.slice(0, 40))}`;
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return `${typeof x} ${String(x)}`;
  return typeof x;
}

function cert(x: unknown, where: string): CertWire {
  if (!isMap(x)) bad(`${where} must be a map, got ${describe(x)}`);
  const role = str(x, 'role', where);
  if (role !== 'dendrite' && role !== 'axon') bad(`${where}.role must be "dendrite" or "axon", got ${JSON.stringify(role)}`);
  return {
    role,
    hotkey: str(x, 'hotkey', where, SS58),
    peer: str(x, 'peer', where, SS58),
    conn: bin(x, 'conn', where, 16),
    key: bin(x, 'key', where, 32),
    issued: uint(x, 'issued', where),
    expires: uint(x, 'expires', where),
    sig: bin(x, 'sig', where, 64),
  };
}

function scheme(m: Record<string, unknown>, where: string, id: number): 'session' | 'sr25519' {
  const s = m.scheme;
  if (s !== 'session' && s !== 'sr25519') bad(`${where}.scheme must be "session" or "sr25519", got ${describe(s)}`, id);
  return s;
}

export function validateFrame(raw: unknown): Frame {
  if (!isMap(raw)) bad(`frame must be a msgpack map, got ${describe(raw)}`);
  if (raw.v !== PROTOCOL_VERSION) bad(`frame.v must be ${PROTOCOL_VERSION}, got ${describe(raw.v)}`);
  const v = PROTOCOL_VERSION;
  switch (raw.type) {
    case 'hello':
      return {
        v,
        type: 'hello',
        axon: str(raw, 'axon', 'hello', SS58),
        conn: bin(raw, 'conn', 'hello', 16),
        ts: uint(raw, 'ts', 'hello'),
        max_frame: uint(raw, 'max_frame', 'hello'),
        schemes: Array.isArray(raw.schemes) ? raw.schemes.filter((s): s is string => typeof s === 'string') : [],
      };
    case 'auth':
      return { v, type: 'auth', cert: cert(raw.cert, 'auth.cert') };
    case 'welcome':
      return { v, type: 'welcome', cert: cert(raw.cert, 'welcome.cert') };
    case 'req': {
      const id = uint(raw, 'id', 'req');
      const a = raw.auth;
      if (!isMap(a)) bad(`req.auth must be a map, got ${describe(a)}`, id);
      const s = scheme(a, 'req.auth', id);
      const auth: SessionAuth | Sr25519Auth =
        s === 'session'
          ? { scheme: s, nonce: uint(a, 'nonce', 'req.auth', id), sig: bin(a, 'sig', 'req.auth', 64, id) }
          : {
              scheme: s,
              uuid: str(a, 'uuid', 'req.auth', UUID, id),
              by: str(a, 'by', 'req.auth', SS58, id),
              for: str(a, 'for', 'req.auth', SS58, id),
              sig: bin(a, 'sig', 'req.auth', 64, id),
            };
      return {
        v,
        type: 'req',
        id,
        synapse: str(raw, 'synapse', 'req', SYNAPSE_NAME, id),
        timeout_ms: uint(raw, 'timeout_ms', 'req', id),
        ts: uint(raw, 'ts', 'req', id),
        body: bin(raw, 'body', 'req', undefined, id),
        auth,
      };
    }
    case 'res': {
      const id = uint(raw, 'id', 'res');
      return {
        v,
        type: 'res',
        id,
        status: uint(raw, 'status', 'res', id),
        recv_ts: uint(raw, 'recv_ts', 'res', id),
        sent_ts: uint(raw, 'sent_ts', 'res', id),
        body: bin(raw, 'body', 'res', undefined, id),
        scheme: scheme(raw, 'res', id),
        sig: bin(raw, 'sig', 'res', 64, id),
      };
    }
    case 'chunk': {
      const id = uint(raw, 'id', 'chunk');
      return { v, type: 'chunk', id, seq: uint(raw, 'seq', 'chunk', id), ts: uint(raw, 'ts', 'chunk', id), body: bin(raw, 'body', 'chunk', undefined, id) };
    }
    case 'end': {
      const id = uint(raw, 'id', 'end');
      return {
        v,
        type: 'end',
        id,
        count: uint(raw, 'count', 'end', id),
        stream_hash: str(raw, 'stream_hash', 'end', /^[0-9a-f]{64}$/, id),
        recv_ts: uint(raw, 'recv_ts', 'end', id),
        sent_ts: uint(raw, 'sent_ts', 'end', id),
        scheme: scheme(raw, 'end', id),
        sig: bin(raw, 'sig', 'end', 64, id),
      };
    }
    case 'err': {
      const id = raw.id === null || raw.id === undefined ? null : uint(raw, 'id', 'err');
      return {
        v,
        type: 'err',
        id,
        code: str(raw, 'code', 'err'),
        status: uint(raw, 'status', 'err'),
        message: typeof raw.message === 'string' ? raw.message : '',
        ts: uint(raw, 'ts', 'err'),
      };
    }
    case 'cancel':
      return { v, type: 'cancel', id: uint(raw, 'id', 'cancel') };
    default:
      return bad(`frame.type ${describe(raw.type)} is not one of hello, auth, welcome, req, res, chunk, end, err, cancel`);
  }
}
