/**
 * Dynamic batching: while the model is busy, concurrent requests accumulate
 * and run together as soon as it is free, up to `maxBatch` items. An idle
 * model runs a lone request at once, so batching adds no latency at low load
 * and saves per-run overhead under load.
 */
export interface BatcherOptions {
  /** most items (e.g. texts) per run */
  maxBatch: number;
  /** called with each run's size, for metrics */
  onBatch?: (size: number) => void;
}

interface Job<I, O> {
  items: I[];
  resolve: (out: O[]) => void;
  reject: (err: unknown) => void;
}

export class DynamicBatcher<I, O> {
  private queue: Job<I, O>[] = [];
  private busy = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly opts: BatcherOptions,
  ) {}

  /** Runs `items` (one request's worth) in the next batch; resolves with their outputs, in order. */
  submit(items: I[]): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<O[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length > 0) {
        // take whole jobs while they fit; a job larger than maxBatch runs alone
        const jobs: Job<I, O>[] = [];
        let size = 0;
        while (this.queue.length > 0 && (jobs.length === 0 || size + this.queue[0].items.length <= this.opts.maxBatch)) {
          const job = this.queue.shift()!;
          jobs.push(job);
          size += job.items.length;
        }
        this.opts.onBatch?.(size);
        try {
          const out = await this.run(jobs.flatMap((j) => j.items));
          let offset = 0;
          for (const j of jobs) {
            j.resolve(out.slice(offset, offset + j.items.length));
            offset += j.items.length;
          }
        } catch (err) {
          for (const j of jobs) j.reject(err);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
