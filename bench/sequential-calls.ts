import { percentile } from './result.ts';

/** One caller making one call after another: throughput, latency and the process's CPU per call. */
export interface SequentialRun {
  /** calls per second */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** user + system CPU of this process per call, both sides when client and server share it */
  cpuMsPerCall: number;
  calls: number;
}

/** Runs `once` `warmup` times, then back to back for `durationMs`, timing each call. */
export async function measureSequential(durationMs: number, warmup: number, once: () => Promise<unknown>): Promise<SequentialRun> {
  for (let i = 0; i < warmup; i++) await once();
  const lat: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let now = t0;
  while (now - t0 < durationMs) {
    const s = performance.now();
    await once();
    now = performance.now();
    lat.push(now - s);
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    rps: lat.length / ((now - t0) / 1000),
    p50Ms: percentile(lat, 50),
    p99Ms: percentile(lat, 99),
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / lat.length,
    calls: lat.length,
  };
}
