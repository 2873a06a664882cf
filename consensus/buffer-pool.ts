/**
 * Typed-array buffers reused from one epoch to the next.
 *
 * An epoch at n=4096 with dense weights needs ~100 MB of typed arrays. Allocated
 * afresh, that external memory makes V8 run a full GC every epoch, which marks
 * the caller's whole heap (including million-entry weight and bond inputs). The
 * epoch is synchronous and not re-entrant, so each role (weights, clipped
 * weights, bonds, ...) keeps one buffer per kind, grown on demand and handed out
 * as a view. A view is valid until the same slot is requested again.
 */
export class BufferPool {
  private f64 = new Map<string, Float64Array>();
  private i32 = new Map<string, Int32Array>();

  float64(slot: string, length: number): Float64Array {
    let b = this.f64.get(slot);
    if (!b || b.length < length) {
      b = new Float64Array(grow(b?.length ?? 0, length));
      this.f64.set(slot, b);
    }
    return b.subarray(0, length);
  }

  int32(slot: string, length: number): Int32Array {
    let b = this.i32.get(slot);
    if (!b || b.length < length) {
      b = new Int32Array(grow(b?.length ?? 0, length));
      this.i32.set(slot, b);
    }
    return b.subarray(0, length);
  }
}

function grow(current: number, needed: number): number {
  return Math.max(needed, Math.ceil(current * 1.5), 16);
}
