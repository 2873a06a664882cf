/**
 * The shape of a msgpack value, checked from its bytes before it is decoded: how deeply its arrays
 * and maps nest and how many elements they hold in all. Decoding builds a JS object per container,
 * so a 260 KB frame of 260k nested one-element arrays costs about 100 ms to decode; this scan
 * allocates nothing and stops at the first container past a limit, so such a frame is refused
 * after reading a few bytes. It does not validate what it skips (strings, bins, numbers): the
 * decoder still does.
 */
export interface MsgpackShapeLimits {
  /** containers inside containers: a top-level map is depth 1 */
  maxDepth: number;
  /** array items plus map entries, summed over the whole value */
  maxElements: number;
}

export class MsgpackShapeError extends Error {
  override readonly name = 'MsgpackShapeError';

  constructor(
    /** past a limit ('depth', 'elements'), or bytes that are not msgpack at all ('truncated', 'invalid') */
    readonly reason: 'depth' | 'elements' | 'truncated' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

/** Throws `MsgpackShapeError` when the first value in `bytes` nests too deeply, holds too many elements or is truncated. */
export function checkMsgpackShape(bytes: Uint8Array, limits: MsgpackShapeLimits): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength;
  // items still to read in each open container; the root is a container of one item
  const open: number[] = [1];
  let elements = 0;
  let p = 0;
  const need = (n: number): void => {
    if (p + n > end) throw new MsgpackShapeError('truncated', `msgpack value truncated at byte ${p}`);
  };
  const container = (items: number, entries: number): void => {
    if (items === 0) return;
    if (open.length > limits.maxDepth) throw new MsgpackShapeError('depth', `msgpack value nests deeper than ${limits.maxDepth} levels`);
    elements += entries;
    if (elements > limits.maxElements) throw new MsgpackShapeError('elements', `msgpack value holds more than ${limits.maxElements} elements`);
    open.push(items);
  };
  while (open.length > 0) {
    const top = open.length - 1;
    if (open[top] === 0) {
      open.pop();
      continue;
    }
    open[top] -= 1;
    need(1);
    const tag = bytes[p++]!;
    if (tag <= 0x7f || tag >= 0xe0) continue;
    if (tag <= 0x8f) {
      container(2 * (tag & 0x0f), tag & 0x0f);
      continue;
    }
    if (tag <= 0x9f) {
      container(tag & 0x0f, tag & 0x0f);
      continue;
    }
    if (tag <= 0xbf) {
      p += tag & 0x1f;
      need(0);
      continue;
    }
    let skip: number;
    switch (tag) {
      case 0xc0:
      case 0xc2:
      case 0xc3:
        continue;
      case 0xc4:
      case 0xd9:
        need(1);
        skip = 1 + view.getUint8(p);
        break;
      case 0xc5:
      case 0xda:
        need(2);
        skip = 2 + view.getUint16(p);
        break;
      case 0xc6:
      case 0xdb:
        need(4);
        skip = 4 + view.getUint32(p);
        break;
      case 0xc7:
        need(1);
        skip = 2 + view.getUint8(p);
        break;
      case 0xc8:
        need(2);
        skip = 3 + view.getUint16(p);
        break;
      case 0xc9:
        need(4);
        skip = 5 + view.getUint32(p);
        break;
      case 0xca:
        skip = 4;
        break;
      case 0xcb:
        skip = 8;
        break;
      case 0xcc:
      case 0xd0:
        skip = 1;
        break;
      case 0xcd:
      case 0xd1:
        skip = 2;
        break;
      case 0xce:
      case 0xd2:
        skip = 4;
        break;
      case 0xcf:
      case 0xd3:
        skip = 8;
        break;
      case 0xd4:
        skip = 2;
        break;
      case 0xd5:
        skip = 3;
        break;
      case 0xd6:
        skip = 5;
        break;
      case 0xd7:
        skip = 9;
        break;
      case 0xd8:
        skip = 17;
        break;
      case 0xdc: {
        need(2);
        const n = view.getUint16(p);
        p += 2;
        container(n, n);
        continue;
      }
      case 0xdd: {
        need(4);
        const n = view.getUint32(p);
        p += 4;
        container(n, n);
        continue;
      }
      case 0xde: {
        need(2);
        const n = view.getUint16(p);
        p += 2;
        container(2 * n, n);
        continue;
      }
      case 0xdf: {
        need(4);
        const n = view.getUint32(p);
        p += 4;
        container(2 * n, n);
        continue;
      }
      default:
        throw new MsgpackShapeError('invalid', `byte 0x${tag.toString(16)} at ${p - 1} is not a msgpack type`);
    }
    need(skip);
    p += skip;
  }
}
