import type { Hex } from '../pallet.ts';
import { Reader, Writer } from '../scale/codec.ts';

/** A block body as SCALE `Vec<Extrinsic>`: each extrinsic already carries its length prefix. */
export function encodeBody(extrinsics: Uint8Array[], byteLength = extrinsics.reduce((n, x) => n + x.length, 0)): Uint8Array {
  const w = new Writer(byteLength + 5);
  w.compact(extrinsics.length);
  for (const x of extrinsics) w.bytes(x);
  return w.finish();
}

/** The extrinsics of an encoded body, as the 0x hex (with length prefix) that blocks carry. */
export function decodeBody(body: Uint8Array): Hex[] {
  const r = new Reader(body);
  const count = r.length();
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const out: Hex[] = [];
  for (let i = 0; i < count; i++) {
    const start = r.offset;
    r.take(r.length());
    out.push(`0x${buf.toString('hex', start, r.offset)}` as Hex);
  }
  if (!r.done()) throw new Error(`block body: ${body.length - r.offset} trailing byte(s)`);
  return out;
}
