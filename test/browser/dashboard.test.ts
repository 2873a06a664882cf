import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SubtensorClient } from '../../chain/client.ts';
import { blocksUntilEpoch } from '../../chain/epoch-schedule.ts';
import { REPO_ROOT, spawnSubnet, type CliProcess } from '../helpers/cli-process.ts';
import { launchChromium, type LaunchedBrowser } from './chromium.ts';

const RESULTS = join(REPO_ROOT, 'test-results');
const NETUID = 1;

let demo: CliProcess;
let browser: LaunchedBrowser;
let client: SubtensorClient;
let page: Page;
let dashboardUrl: string;
let workDir: string;

beforeAll(async () => {
  // The demo's own processes: devnet, 2 validators, 5 miners, and the dashboard.
  demo = spawnSubnet(['demo', '--forever']);
  workDir = /working dir (\S+)/.exec(await demo.waitForLine(/working dir/, 30_000))![1];
  const devnetUrl = /Devnet: (\S+)/.exec(await demo.waitForLine(/Devnet: /, 60_000))![1];
  dashboardUrl = /Dashboard: (\S+)/.exec(await demo.waitForLine(/Dashboard: /, 150_000))![1];
  client = await SubtensorClient.connect(devnetUrl);
  browser = await launchChromium();
  page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(dashboardUrl);
  expect(errors).toEqual([]);
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await client?.close();
  await demo?.stop('SIGINT', 20_000);
});

// page.evaluate callbacks run in the page; this file is typed for Node (no DOM lib), hence `(globalThis as any).document`.
interface Row {
  uid: number;
  hotkey: string;
  cells: Record<string, string>;
}

async function readTable(): Promise<{ block: number; hash: string; rows: Row[] }> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document;
    return {
      block: Number(doc.body.dataset.block),
      hash: doc.getElementById('st-hash').title,
      rows: [...doc.querySelectorAll('#metagraph tbody tr')].map((tr: any) => ({
        uid: Number(tr.dataset.uid),
        hotkey: tr.dataset.hotkey,
        cells: Object.fromEntries([...tr.querySelectorAll('td')].map((td: any) => [td.dataset.col, td.textContent])),
      })),
    };
  });
}

describe('dashboard in chromium, fed by the demo on a devnet', () => {
  it("shows the chain's metagraph in its table", async () => {
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#metagraph tbody tr').length >= 7, undefined, { timeout: 30_000 });
    // The table and the chain agree at one block: compare when no epoch ran between the two reads.
    let compared = false;
    for (let attempt = 0; attempt < 20 && !compared; attempt++) {
      const table = await readTable();
      const m = await client.getMetagraph(NETUID);
      const tempo = Number(await client.getHyperparameter(NETUID, 'tempo'));
      const epochBetween = m.block !== table.block && m.block - table.block >= blocksUntilEpoch(NETUID, tempo, table.block);
      if (epochBetween || m.block < table.block) continue;
      expect(table.rows).toHaveLength(m.n);
      const byUid = new Map(table.rows.map((r) => [r.uid, r]));
      for (let uid = 0; uid < m.n; uid++) {
        const row = byUid.get(uid)!;
        expect(row.hotkey).toBe(m.hotkeys[uid]);
        expect(Number(row.cells.stake)).toBeCloseTo(m.stake[uid], 2);
        expect(Number(row.cells.incentive)).toBeCloseTo(m.incentive[uid], 3);
        expect(Number(row.cells.dividends)).toBeCloseTo(m.dividends[uid], 3);
        // the devnet, like subtensor's current Yuma, does not compute trust: the chain's 0 shows as '—'
        expect(m.trust[uid]).toBe(0);
        expect(row.cells.trust).toBe('—');
        expect(row.cells.validatorPermit === '✓').toBe(m.validatorPermit[uid]);
        const axon = m.axons[uid];
        if (axon.port > 0 && axon.ip !== '0.0.0.0') expect(row.cells.axon).toBe(`${axon.ip}:${axon.port}`);
      }
      // the demo's labels: two validators, two honest miners
      expect(table.rows.filter((r) => r.cells.label === 'validator')).toHaveLength(2);
      expect(table.rows.filter((r) => r.cells.label === 'honest')).toHaveLength(2);
      compared = true;
    }
    expect(compared).toBe(true);
  });

  it('sorts the table by a column', async () => {
    await page.click('#metagraph th[data-key="stake"]');
    const stakes = (await readTable()).rows.map((r) => Number(r.cells.stake));
    expect(stakes).toEqual([...stakes].sort((a, b) => b - a));
    await page.click('#metagraph th[data-key="uid"]');
    const uids = (await readTable()).rows.map((r) => r.uid);
    expect(uids).toEqual([...uids].sort((a, b) => a - b));
  });

  it('updates the incentive chart after new blocks', async () => {
    const before = await page.evaluate(() => {
      const el = (globalThis as any).document.getElementById('chart-incentive');
      return { points: Number(el.dataset.points), lastBlock: Number(el.dataset.lastBlock), image: el.querySelector('canvas').toDataURL() };
    });
    const target = before.lastBlock + 3;
    await client.waitForBlock(target, 30_000);
    await page.waitForFunction((b) => Number((globalThis as any).document.getElementById('chart-incentive').dataset.lastBlock) >= b, target, {
      timeout: 30_000,
    });
    const after = await page.evaluate(() => {
      const el = (globalThis as any).document.getElementById('chart-incentive');
      return { points: Number(el.dataset.points), lastBlock: Number(el.dataset.lastBlock), image: el.querySelector('canvas').toDataURL() };
    });
    expect(after.lastBlock).toBeGreaterThanOrEqual(target);
    expect(after.points).toBeGreaterThan(before.points);
    expect(after.image).not.toBe(before.image);
  });

  it('draws the weights heat map, the stake bars and chain status, then saves a screenshot', async () => {
    // validators set weights within an epoch or two of starting
    await page.waitForFunction(() => Number((globalThis as any).document.getElementById('weights').dataset.rows) >= 1, undefined, { timeout: 60_000 });
    expect(await page.locator('#stake-bars .bar-row').count()).toBeGreaterThanOrEqual(7);
    expect(await page.textContent('#st-chain')).not.toBe('–');
    expect(await page.getAttribute('#connection', 'data-connected')).toBe('true');
    mkdirSync(RESULTS, { recursive: true });
    const file = join(RESULTS, 'dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(readFileSync(file).length).toBeGreaterThan(20_000);
  });

  it("shows a validator's latest round from its metrics", async () => {
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('#validators .validator table tbody tr').length >= 1, undefined, {
      timeout: 60_000,
    });
    expect(await page.locator('#validators .validator').count()).toBe(2);
  });

  it('Ctrl-C stops the demo and leaves no process, port or temp dir behind', async () => {
    await browser.close();
    const code = await demo.stop('SIGINT', 30_000);
    expect(code).toBe(0);
    // --forever ends with the summary of what ran
    expect(demo.lines.join('\n')).toMatch(/Demo finished: \d+ epochs/);
    expect(existsSync(workDir)).toBe(false);
    const left = readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(workDir);
        } catch {
          return false;
        }
      });
    expect(left).toEqual([]);
    await expect(fetch(dashboardUrl, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});
