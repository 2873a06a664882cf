import { Worker } from 'node:worker_threads';

/**
 * A bench module run on a worker thread of its own (the benches' stand-ins for other machines:
 * cheap miners, an echo axon). The module posts one message when it is ready; any message back
 * makes it shut down and post a second one.
 */
export interface BenchThread<Ready> {
  ready: Ready;
  close(): Promise<void>;
}

export async function startBenchThread<Ready>(module: URL, workerData: unknown): Promise<BenchThread<Ready>> {
  // a worker does not inherit the parent's module hooks: it registers tsx, then loads the TypeScript
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}); })`;
  const worker = new Worker(boot, { eval: true, workerData });
  const ready = await new Promise<Ready>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    ready,
    async close() {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}
