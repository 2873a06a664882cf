import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { COVERAGE_FILE, namesInDevnetCode, renderCoverage, servedInterface, unservedItems } from '../../devnet/interface/coverage.ts';
import type { RuntimeInterface } from '../../devnet/interface/from-metadata.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

const spec = JSON.parse(readFileSync(join(REPO_ROOT, 'devnet', 'interface', 'spec381.json'), 'utf8')) as RuntimeInterface;

beforeAll(async () => {
  await cryptoWaitReady();
});

describe('devnet/interface/coverage.md', () => {
  it('is what the generator writes from the devnet and spec381.json', () => {
    expect(readFileSync(join(REPO_ROOT, COVERAGE_FILE), 'utf8'), 'run `node --import tsx devnet/interface/coverage.ts`').toBe(renderCoverage(REPO_ROOT));
  });

  it('lists exactly the calls and storage items the devnet does not serve, and pallets it lacks as a whole', () => {
    const served = servedInterface();
    const items = unservedItems(served, spec, namesInDevnetCode(REPO_ROOT));
    for (const [name, want] of Object.entries(spec.pallets)) {
      const entry = items.find((p) => p.pallet === name);
      const have = served.pallets[name];
      expect(entry?.whole ?? false, name).toBe(!have);
      for (const call of want.calls) {
        expect(entry?.calls.includes(call.name) ?? false, `${name}.${call.name}`).toBe(!have?.calls.some((c) => c.name === call.name));
      }
      for (const item of want.storage) {
        expect(entry?.storage.includes(item.name) ?? false, `${name}.${item.name}`).toBe(!have?.storage.some((s) => s.name === item.name));
      }
    }
    // spot checks both ways: a call the devnet serves, one it does not; an event it deposits, one it never does
    const subtensor = items.find((p) => p.pallet === 'SubtensorModule')!;
    expect(subtensor.calls).not.toContain('set_weights');
    expect(subtensor.calls).toContain('dissolve_network');
    expect(subtensor.events).not.toContain('StakeAdded');
    expect(subtensor.events).toContain('NetworkRemoved');
    expect(items.find((p) => p.pallet === 'Proxy')).toMatchObject({ whole: true, calls: spec.pallets.Proxy.calls.map((c) => c.name) });
  });
});
