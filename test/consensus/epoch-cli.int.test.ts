import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEpoch, type EpochInput, type EpochOutput } from '../../consensus/index.ts';
import { runSubnet } from '../helpers/cli-process.ts';
import { SubnetSim } from './subnet-sim.ts';

// `subnet epoch` as a user runs it: the real binary in a child process.

let dir: string;

/** test_bonds' first epochs as inputs: 4 validators weighting 4 servers. */
function inputs(): EpochInput[] {
  const sim = new SubnetSim(8, runEpoch, { tempo: 1, max_allowed_validators: 8 });
  [1n, 2n, 3n, 4n, 0n, 0n, 0n, 0n].forEach((s, i) => (sim.stake[i] = s));
  sim.blockAtRegistration.fill(1);
  sim.block = 2;
  for (let uid = 0; uid < 4; uid++) sim.setWeights(uid, [4, 5, 6, 7], [16383, 32767, 49149, 65535]);
  const first = sim.input();
  sim.block = 3;
  const second = sim.input(); // bonds/permits here are stale: the CLI must carry them from epoch 1
  return [first, second];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'subnet-epoch-'));
  const [first, second] = inputs();
  await writeFile(join(dir, 'one.json'), JSON.stringify(first));
  await writeFile(join(dir, 'chain.json'), JSON.stringify([first, second]));
  const bad = JSON.parse(JSON.stringify(first)) as Record<string, any>;
  bad.stake[2] = -3;
  await writeFile(join(dir, 'bad.json'), JSON.stringify(bad));
  const badChain = [first, { ...second, weights: second.weights.slice(0, 5) }];
  await writeFile(join(dir, 'bad-chain.json'), JSON.stringify(badChain));
  await writeFile(join(dir, 'broken.json'), '{"n": 3,');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('subnet epoch (CLI)', () => {
  it('prints the output JSON of one epoch, equal to runEpoch', async () => {
    const r = await runSubnet(['epoch', join(dir, 'one.json')]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as EpochOutput;
    expect(out).toEqual(runEpoch(inputs()[0]));
  });

  it('chains an array of inputs, carrying bonds and permits, and prints one output per epoch', async () => {
    const r = await runSubnet(['epoch', join(dir, 'chain.json')]);
    expect(r.code).toBe(0);
    const outs = JSON.parse(r.stdout) as EpochOutput[];
    expect(outs).toHaveLength(2);
    const [first, second] = inputs();
    const a = runEpoch(first);
    const b = runEpoch({ ...second, bonds: a.bonds, validator_permits: a.new_validator_permits });
    expect(outs).toEqual([a, b]);
    // the first epoch only issues permits; the second reproduces test_bonds' first assertion
    expect(outs[1].bonds.slice(0, 4).map((row) => row.find(([j]) => j === 4)?.[1])).toEqual([16383, 32767, 49151, 65535]);
  });

  it('--table prints a readable per-uid table', async () => {
    const r = await runSubnet(['epoch', join(dir, 'chain.json'), '--table']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/epoch 1\/2/);
    expect(r.stdout).toMatch(/uid .*incentive .*dividends/);
    expect(r.stdout.split('\n').filter((l) => /^│\s+7 │/.test(l))).toHaveLength(2);
  });

  it('rejects bad input with one line naming the field and the reason, no stack trace', async () => {
    for (const [file, pattern] of [
      ['bad.json', /stake\[2\]: must not be negative, got -3/],
      ['bad-chain.json', /\[1\]: epoch input weights: wrong length: expected n = 8 entries, got 5/],
      ['broken.json', /not valid JSON/],
      ['missing.json', /cannot read .*missing\.json: ENOENT/],
    ] as const) {
      const r = await runSubnet(['epoch', join(dir, file)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(pattern);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }
  });
});
