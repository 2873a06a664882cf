import type { HistoryPoint } from './wire.ts';

/**
 * The last `capacity` blocks of per-uid series, oldest first. A repeated or
 * older block (a reconnect, a re-org on a real chain) replaces the points from
 * that block on, so the charts' x axis stays strictly increasing.
 */
export class BlockHistory {
  readonly #points: HistoryPoint[] = [];

  constructor(readonly capacity = 600) {}

  add(point: HistoryPoint): void {
    while (this.#points.length > 0 && this.#points[this.#points.length - 1].block >= point.block) this.#points.pop();
    this.#points.push(point);
    if (this.#points.length > this.capacity) this.#points.splice(0, this.#points.length - this.capacity);
  }

  points(): HistoryPoint[] {
    return [...this.#points];
  }

  get length(): number {
    return this.#points.length;
  }
}
