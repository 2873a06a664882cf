import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSubnet } from '../helpers/cli-process.ts';

const tmp = mkdtempSync(join(tmpdir(), 'subnetkit-sim-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('subnet simulate (CLI)', () => {
  it('--json prints one JSON report; --html writes a self-contained page with charts', async () => {
    const html = join(tmp, 'report.html');
    const r = await runSubnet(['simulate', 'subnet-config/examples/embedding', '--epochs', '2', '--steps', '1', '--miners', 'honest,random,copier', '--validators', 'honest:1000,weight-copier:100', '--json', '--html', html, '--provider', 'cpu'], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.subnet).toBe('embedding');
    expect(report.epochs).toBe(2);
    expect(report.providers.embedder.provider).toBe('cpu');
    expect(report.behaviours.map((b: { behaviour: string }) => b.behaviour).sort()).toEqual(['copier', 'honest', 'honest', 'random', 'weight-copier']);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<svg');
    expect(page).toContain('honest');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3)/);
  });

  it('prints a table by default', async () => {
    const r = await runSubnet(['simulate', 'subnet-config/examples/generation', '--epochs', '1', '--steps', '1', '--miners', 'honest,lazy'], { timeoutMs: 120_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/miner behaviour/);
    expect(r.stdout).toMatch(/validator behaviour/);
    expect(r.stdout).toMatch(/lazy/);
  });

  it('fails with one clear line on bad input', async () => {
    const bad = await runSubnet(['simulate', 'subnet-config/examples/embedding', '--miners', 'honest,teleporting']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: miner behaviour "teleporting" is not one of/m);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
    const missing = await runSubnet(['simulate', join(tmp, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
    const epochs = await runSubnet(['simulate', 'subnet-config/examples/embedding', '--epochs', 'many']);
    expect(epochs.stderr).toMatch(/--epochs must be an integer/);
  });
});
