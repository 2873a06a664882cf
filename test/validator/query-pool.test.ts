import { describe, expect, it } from 'vitest';
import { runQueryPool } from '../../validator/query-pool.ts';

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new Error('aborted'));
    });
  });

describe('query pool', () => {
  it('bounds concurrency', async () => {
    let active = 0;
    let peak = 0;
    const results = await runQueryPool(
      Array.from({ length: 20 }, (_, i) => i),
      async (i) => {
        active++;
        peak = Math.max(peak, active);
        await sleep(5);
        active--;
        return i * 2;
      },
      { concurrency: 4, timeoutMs: 1000, roundTimeoutMs: 5000 },
    );
    expect(peak).toBe(4);
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(results.every((r) => r.status === 'ok' && r.latencyMs >= 0)).toBe(true);
  });

  it('times out a hanging call and one that ignores its signal, and reports errors', async () => {
    const started = performance.now();
    const results = await runQueryPool(
      ['fast', 'hang', 'deaf', 'throw'],
      async (name, signal) => {
        if (name === 'fast') return 'ok';
        if (name === 'hang') return sleep(10_000, signal).then(() => 'late');
        if (name === 'deaf') return new Promise<string>(() => {});
        throw new Error('garbage frame');
      },
      { concurrency: 4, timeoutMs: 100, roundTimeoutMs: 1000 },
    );
    expect(performance.now() - started).toBeLessThan(1000);
    expect(results.map((r) => r.status)).toEqual(['ok', 'timeout', 'timeout', 'error']);
    expect((results[3].error as Error).message).toBe('garbage frame');
  });

  it('finishes the round on time however many miners hang', async () => {
    const started = performance.now();
    const results = await runQueryPool(
      Array.from({ length: 10 }, (_, i) => i),
      () => new Promise<number>(() => {}),
      { concurrency: 2, timeoutMs: 150, roundTimeoutMs: 400 },
    );
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(400 + 200);
    expect(results.every((r) => r.status === 'timeout')).toBe(true);
    // 2 workers * 150 ms per call, 400 ms round: only the first few were even dispatched
    expect(results.filter((r) => r.latencyMs === 0).length).toBeGreaterThan(0);
  });
});

describe('query pool with a prepare step', () => {
  it('keeps the preparation out of the call timeout but inside the round deadline', async () => {
    const results = await runQueryPool(
      ['slow-handshake', 'never-ready', 'refused'],
      async (name) => `${name} answered`,
      { concurrency: 3, timeoutMs: 50, roundTimeoutMs: 400 },
      async (name) => {
        if (name === 'slow-handshake') await sleep(150);
        else if (name === 'never-ready') await new Promise(() => {});
        else throw new Error('ECONNREFUSED');
      },
    );
    expect(results.map((r) => r.status)).toEqual(['ok', 'timeout', 'error']);
    expect(results[0].value).toBe('slow-handshake answered');
    expect(results[0].latencyMs).toBeLessThan(50);
    expect((results[2].error as Error).message).toBe('ECONNREFUSED');
  });
});
