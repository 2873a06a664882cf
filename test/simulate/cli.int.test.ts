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
    const r = await runSubnet(
      [
        'simulate',
        'subnet-config/examples/embedding',
        '--epochs',
        '2',
        '--steps',
        '1',
        '--miners',
        'honest,random,copier',
        '--validators',
        'honest:1000,weight-copier:100',
        '--json',
        '--html',
        html,
        '--provider',
        'cpu',
      ],
      { timeoutMs: 120_000 },
    );
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
    expect(page).toContain('<h2>Alpha price (TAO)</h2>\n<svg');
    expect(page).toContain('<h2>Emission share</h2>\n<svg');
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3)/);
  });

  it('--json carries the economy: alpha per behaviour and its TAO value, emission share, price path, owner take and the cost of --burn', async () => {
    const r = await runSubnet(
      [
        'simulate',
        'subnet-config/examples/embedding',
        '--epochs',
        '2',
        '--steps',
        '1',
        '--miners',
        'honest,random',
        '--burn',
        '0.5',
        '--emission-sold',
        '0.8',
        '--stake-flow',
        '5/epoch',
        '--json',
        '--provider',
        'cpu',
      ],
      { timeoutMs: 120_000 },
    );
    expect(r.code).toBe(0);
    const { economy, behaviours, epochs } = JSON.parse(r.stdout);
    expect(economy.spec).toBe(381);
    expect(economy.blocks).toBe(2 * 100); // tempo 99
    expect(economy.blockEmissionTao).toBe(0.5);
    expect(economy.emissionShare).toBeGreaterThan(0);
    expect(economy.subnets.map((s: { name: string }) => s.name)).toEqual(['embedding', 'large', 'medium', 'small']);
    expect(economy.pricePath.at(-1)).toMatchObject({ block: 200 });
    expect(economy.perEpoch).toHaveLength(epochs);
    expect(economy.owner.cutAlphaPerEpoch).toBeCloseTo(100 * (11_796 / 65_535), 6); // 1 alpha per block, 100 blocks
    expect(economy.owner.burnFraction).toBeCloseTo(0.5, 9);
    expect(economy.burnCost.minersAlphaPerEpochWith).toBeCloseTo(economy.burnCost.minersAlphaPerEpochWithout / 2, 6);
    expect(economy.burnCost.priceEndWith).toBeGreaterThan(economy.burnCost.priceEndWithout);
    expect(economy.stakeQuote.taoBackNow).toBeLessThan(economy.stakeQuote.tao);
    expect(economy.totals.stakedTao).toBe(10); // 5 TAO at the start of each of 2 epochs
    const honest = behaviours.find((b: { behaviour: string; role: string }) => b.role === 'miner' && b.behaviour === 'honest');
    expect(honest.alphaPerEpochEach).toBeGreaterThan(0);
    expect(honest.taoValuePerEpochEach).toBeCloseTo(honest.alphaPerEpochEach * economy.price.end, 9);
    const bad = await runSubnet(['simulate', 'subnet-config/examples/embedding', '--burn', '2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--burn must be a fraction in \[0, 1\], got 2/);
    const flow = await runSubnet(['simulate', 'subnet-config/examples/embedding', '--stake-flow', '5/hour']);
    expect(flow.code).toBe(1);
    expect(flow.stderr).toMatch(/--stake-flow entry "5\/hour" must be <tao>\/block or <tao>\/epoch/);
  });

  it('prints a table by default', async () => {
    const r = await runSubnet(['simulate', 'subnet-config/examples/generation', '--epochs', '1', '--steps', '1', '--miners', 'honest,lazy'], {
      timeoutMs: 120_000,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/miner behaviour/);
    expect(r.stdout).toMatch(/validator behaviour/);
    expect(r.stdout).toMatch(/lazy/);
    expect(r.stdout).toMatch(/economy \(subtensor spec 381 rules, 100 blocks\): block emission 0\.5 TAO/);
    expect(r.stdout).toMatch(/owner cut: 18\.000 alpha\/epoch/);
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
