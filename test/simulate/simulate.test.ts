import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../simulate/engine.ts';
import { summarise, type SimulationReport } from '../../simulate/report.ts';
import { loadSubnet } from '../../subnet-config/subnet.ts';
import { ensureModels } from '../../scoring/models/ensure.ts';

ensureModels();

function perMiner(report: SimulationReport, behaviour: string): number {
  const b = report.behaviours.find((x) => x.role === 'miner' && x.behaviour === behaviour);
  if (!b) throw new Error(`no ${behaviour} miners in the report`);
  return b.emissionPerEpochEach;
}

describe('subnet simulate on the shipped examples', () => {
  for (const example of ['embedding', 'generation']) {
    it(`${example}: honest miners earn the most; random, lazy and copier miners close to nothing`, async () => {
      const subnet = await loadSubnet(`subnet-config/examples/${example}`);
      const report = summarise(await runSimulation(subnet, subnet.definition.config.simulation));
      const honest = perMiner(report, 'honest');
      expect(honest).toBeGreaterThan(0);
      for (const b of report.behaviours.filter((x) => x.role === 'miner' && x.behaviour !== 'honest')) {
        expect(b.emissionPerEpochEach, b.behaviour).toBeLessThan(honest);
      }
      for (const cheat of ['random', 'lazy', 'copier', 'offline']) expect(perMiner(report, cheat), cheat).toBeLessThan(0.05 * honest);
      // emission is conserved: miners + validators get what the epoch emits
      const total = report.uids.reduce((s, u) => s + u.emissionPerEpoch, 0);
      expect(total).toBeGreaterThan(0.99 * report.emissionPerEpochTao);
      expect(total).toBeLessThanOrEqual(report.emissionPerEpochTao + 1e-9);
      // honest validators keep consensus with each other; the weight copier lags
      const v = (b: string) => report.behaviours.find((x) => x.role === 'validator' && x.behaviour === b)!;
      expect(v('honest').validatorTrust!).toBeGreaterThan(0.9);
      expect(v('honest').dividends!).toBeGreaterThan(v('weight-copier').dividends!);
    });
  }

  it('is reproducible: the same seed gives the same report', async () => {
    const subnet = await loadSubnet('subnet-config/examples/embedding');
    const opts = { ...subnet.definition.config.simulation, epochs: 2, steps_per_epoch: 1, miners: ['honest', 'noisy:0.001', 'random', 'slow:900'] };
    const a = summarise(await runSimulation(subnet, opts));
    const b = summarise(await runSimulation(subnet, opts));
    expect(a).toEqual(b);
    // tiny noise stays within the verification tolerance; slow answers are paid less
    const miner = (b: string) => a.behaviours.find((x) => x.role === 'miner' && x.behaviour === b)!;
    expect(miner('noisy:0.001').meanScore!).toBeGreaterThan(0.9);
    expect(miner('slow:900').meanScore!).toBeLessThan(miner('honest').meanScore!);
    expect(miner('random').meanScore!).toBe(0);
  });

  it('rejects an unknown behaviour with a clear error', async () => {
    const subnet = await loadSubnet('subnet-config/examples/embedding', { models: false });
    await expect(runSimulation(subnet, { ...subnet.definition.config.simulation, miners: ['honest', 'sneaky'] })).rejects.toThrow(
      /miner behaviour "sneaky" is not one of honest \| noisy\[:<sigma>\]/,
    );
  });
});
