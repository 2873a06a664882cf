import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type * as ort from 'onnxruntime-node';
import { SubnetError } from '../../core/errors.ts';

/** An output tensor as it comes back from the thread: the data and its shape. */
export interface ThreadTensor {
  type: ort.Tensor.Type;
  data: ort.Tensor.DataType;
  dims: readonly number[];
}

/**
 * An InferenceSession on its own worker thread. onnxruntime-node's
 * `session.run` is synchronous on the calling thread: it blocks the event
 * loop for the whole inference, so a validator running reference inference
 * during its queries would stall every socket and inflate every miner's
 * measured latency. On a thread, inference overlaps the query phase.
 *
 * The worker is plain JS (eval) so it runs the same under tsx, vitest and
 * node; it is referenced only while its session is being created or a run is
 * in flight, so an idle thread never keeps the process alive, and the process
 * never ends in the middle of onnxruntime's work on that thread (which
 * aborts it).
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ort);
const ready = ort.InferenceSession.create(workerData.model, workerData.options);
ready.then(() => parentPort.postMessage({ created: true }), () => parentPort.postMessage({ created: false }));
parentPort.on('message', async (m) => {
  if (m.close) {
    // release the session, then let the thread end by itself: terminating a thread inside
    // onnxruntime aborts the whole process
    try { await (await ready).release(); } catch {}
    parentPort.close();
    return;
  }
  try {
    const session = await ready;
    const feeds = {};
    for (const [k, t] of Object.entries(m.feeds)) feeds[k] = new ort.Tensor(t.type, t.data, t.dims);
    const out = await session.run(feeds);
    const res = {};
    const transfer = [];
    for (const [k, t] of Object.entries(out)) {
      res[k] = { type: t.type, data: t.data, dims: t.dims };
      if (t.data && t.data.buffer instanceof ArrayBuffer) transfer.push(t.data.buffer);
    }
    parentPort.postMessage({ id: m.id, out: res }, transfer);
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;

export class SessionThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: Record<string, ThreadTensor>) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private exited = false;
  /** the session is still being created: a thread torn down in the middle of that aborts the process */
  private creating = true;
  private onIdle?: () => void;

  constructor(
    model: Uint8Array,
    options: ort.InferenceSession.SessionOptions,
    private readonly label: string,
  ) {
    const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
    this.worker = new Worker(WORKER, { eval: true, workerData: { ort: ortPath, model, options } });
    this.worker.on('message', (m: { id: number; out?: Record<string, ThreadTensor>; error?: string; created?: boolean }) => {
      if (m.created !== undefined) {
        this.creating = false;
        if (this.pending.size === 0) this.worker.unref();
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.settled(m.id);
      if (m.error !== undefined) p.reject(new SubnetError('MODEL_RUN_FAILED', `${label}: inference failed: ${m.error}`));
      else p.resolve(m.out!);
    });
    this.worker.on('error', (err) => this.failAll(new SubnetError('MODEL_RUN_FAILED', `${label}: inference thread failed: ${err.message}`, { cause: err })));
    this.worker.on('exit', () => {
      this.exited = true;
      this.failAll(new SubnetError('MODEL_RUN_FAILED', `${label}: inference thread exited`));
    });
    // referenced until the session exists (see `creating`); unref'd after that, when idle
  }

  /** runs in flight on this thread */
  get inFlight(): number {
    return this.pending.size;
  }

  /** The feeds' buffers move to the thread (no copy): do not use them afterwards. */
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, ThreadTensor>> {
    const id = this.nextId++;
    const plain = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, { type: t.type, data: t.data, dims: t.dims }]));
    const transfer = movableBuffers(Object.values(plain).map((t) => t.data));
    if (this.exited) return Promise.reject(new SubnetError('MODEL_RUN_FAILED', `${this.label}: inference thread is closed`));
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, feeds: plain }, transfer);
    });
  }

  /**
   * Lets runs in flight finish (up to `graceMs`), then has the thread release
   * its session and end. Only a thread still busy after that is terminated.
   */
  async close(graceMs = 10_000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    const deadline = (ms: number) => new Promise<'late'>((resolve) => setTimeout(resolve, ms, 'late').unref());
    const idle = new Promise<void>((resolve) => {
      if (this.pending.size === 0) resolve();
      else this.onIdle = resolve;
    });
    await Promise.race([idle, deadline(graceMs)]);
    this.worker.ref();
    this.worker.postMessage({ close: true });
    if ((await Promise.race([exited, deadline(graceMs)])) === 'late') await this.worker.terminate();
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) {
      if (!this.creating) this.worker.unref();
      this.onIdle?.();
    }
  }

  private failAll(err: Error): void {
    for (const [id, p] of [...this.pending]) {
      this.settled(id);
      p.reject(err);
    }
  }
}

/** Whole, distinct ArrayBuffers: a view into a larger or shared buffer is copied instead of moved. */
function movableBuffers(data: unknown[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const d of data) {
    if (!ArrayBuffer.isView(d) || !(d.buffer instanceof ArrayBuffer)) continue;
    if (d.byteOffset === 0 && d.byteLength === d.buffer.byteLength) out.add(d.buffer);
  }
  return [...out];
}
