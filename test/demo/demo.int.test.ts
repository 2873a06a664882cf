import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DemoSummary } from '../../demo/summary.ts';
import { runSubnet, spawnSubnet } from '../helpers/cli-process.ts';

/** Processes whose command line mentions `needle` (the demo's temp dir): none may outlive the demo. */
function processesMentioning(needle: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(needle)) found.push(`${pid}: ${cmd}`);
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

describe('subnet demo', () => {
  it('pays honest miners the most over 3 epochs, then leaves no process, port or temp dir behind', async () => {
    const started = Date.now();
    const { code, stdout, stderr } = await runSubnet(['demo', '--json'], { timeoutMs: 240_000, env: { SUBNET_LOG_LEVEL: 'warn' } });
    const wallMs = Date.now() - started;
    expect(code, stderr.slice(-3000)).toBe(0);
    // --json: stdout is exactly one JSON document
    const summary = JSON.parse(stdout.trim()) as DemoSummary;
    const workDir = /working dir (\S+)/.exec(stderr)?.[1];
    expect(workDir).toBeTruthy();

    expect(summary.epochs).toBe(3);
    expect(summary.neurons.filter((n) => n.role === 'validator')).toHaveLength(2);
    expect(summary.neurons.filter((n) => n.role === 'miner')).toHaveLength(5);
    const honest = summary.behaviours.honest!;
    expect(honest.uids).toHaveLength(2);
    expect(summary.minerRanking[0]).toBe('honest');
    for (const b of ['noisy', 'random', 'offline'] as const) {
      expect(honest.incentive, `honest vs ${b}`).toBeGreaterThan(summary.behaviours[b]!.incentive);
    }
    // no honest miner earns less than a random or offline one, and honest work was paid in TAO
    const minIncentive = (b: string) => Math.min(...summary.neurons.filter((n) => n.behaviour === b).map((n) => n.incentive));
    expect(minIncentive('honest')).toBeGreaterThanOrEqual(
      Math.max(...summary.neurons.filter((n) => ['random', 'offline'].includes(n.behaviour)).map((n) => n.incentive)),
    );
    expect(honest.earned).toBeGreaterThan(0);
    // the subnet starts at 0.05 τ/α (5,000 τ against 100,000 α); the validators' 1,600 τ of stake bought it up
    expect(summary.alphaPrice).toBeGreaterThan(0.05);
    expect(summary.alphaPrice).toBeLessThan(0.2);
    // earnings are alpha, valued in TAO at that price
    expect(honest.earned).toBeCloseTo(honest.earnedAlpha * summary.alphaPrice, 9);
    expect(summary.behaviours.random!.incentive).toBeLessThan(0.05);
    expect(summary.behaviours.offline!.incentive).toBe(0);
    expect(summary.behaviours.validator!.dividends).toBeGreaterThan(0);

    // the end leaves nothing behind
    expect(existsSync(workDir!)).toBe(false);
    expect(processesMentioning(workDir!)).toEqual([]);
    const dashboard = await fetch(summary.dashboardUrl, { signal: AbortSignal.timeout(2000) }).then(
      () => 'still serving',
      () => 'closed',
    );
    expect(dashboard).toBe('closed');
    process.stderr.write(
      `demo: setup ${(summary.setupMs / 1000).toFixed(1)} s, ${summary.epochs} epochs in ${(summary.durationMs / 1000).toFixed(1)} s, wall ${(wallMs / 1000).toFixed(1)} s\n`,
    );
  }, 240_000);

  it('Ctrl-C while the processes start stops everything it started and removes its temp dir', async () => {
    const demo = spawnSubnet(['demo']);
    const workDir = /working dir (\S+)/.exec(await demo.waitForLine(/working dir/, 30_000))![1];
    await demo.waitForLine(/processes: 2 validators/, 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    const code = await demo.stop('SIGINT', 30_000);
    expect(code).toBe(0);
    expect(demo.lines.join('\n')).toContain('Stopping every demo process');
    expect(existsSync(workDir)).toBe(false);
    expect(processesMentioning(workDir)).toEqual([]);
  }, 120_000);

  it('a terminal Ctrl-C on --forever prints the summary, then stops everything cleanly and removes its temp dir', async () => {
    // The demo runs as a terminal's foreground job: the Ctrl-C goes to its whole process group.
    const demo = spawnSubnet(['demo', '--forever'], { processGroup: true });
    try {
      const workDir = /working dir (\S+)/.exec(await demo.waitForLine(/working dir/, 30_000))![1];
      await demo.waitForLine(/running until Ctrl-C/, 200_000);
      process.kill(-demo.proc.pid!, 'SIGINT');
      const code = await Promise.race([demo.exited, new Promise((r) => setTimeout(r, 60_000, 'still running 60 s after Ctrl-C'))]);
      const out = `${demo.lines.join('\n')}\n${demo.stderr()}`;
      expect(code, out.slice(-3000)).toBe(0);
      expect(out).toMatch(/Demo finished: \d+ epochs, blocks \d+-\d+/);
      expect(out).toMatch(/behaviour\s+uids\s+TAO earned/);
      expect(out).toContain('Stopping every demo process');
      expect(demo.lines.findIndex((l) => l.includes('Stopping every demo process'))).toBeLessThan(demo.lines.findIndex((l) => l.startsWith('Demo finished')));
      expect(out).not.toContain('CHAIN_DISCONNECTED');
      expect(out).not.toMatch(/^\s+at /m);
      expect(out).not.toContain(`Kept ${workDir}`);
      expect(existsSync(workDir)).toBe(false);
      expect(processesMentioning(workDir)).toEqual([]);
    } finally {
      if (demo.proc.exitCode === null && demo.proc.signalCode === null) process.kill(-demo.proc.pid!, 'SIGKILL');
    }
  }, 300_000);
});
