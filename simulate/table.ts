import Table from 'cli-table3';
import type { SimulationReport } from './report.ts';

const pct = (x: number | undefined) => (x === undefined ? '' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | undefined, d = 3) => (x === undefined ? '' : x.toFixed(d));

/** The per-behaviour table `subnet simulate` prints. */
export function formatReportTable(r: SimulationReport): string {
  // no colour codes (cli-table3 greys borders by default): stdout is often piped or diffed
  const miners = new Table({ head: ['miner behaviour', 'n', 'mean score', 'mean reward', 'incentive share', 'emission/epoch (TAO, each)'], style: { head: [], border: [] } });
  for (const b of r.behaviours.filter((b) => b.role === 'miner').sort((a, b) => b.emissionPerEpochEach - a.emissionPerEpochEach)) {
    miners.push([b.behaviour, b.count, num(b.meanScore), num(b.meanReward), pct(b.incentiveShare), num(b.emissionPerEpochEach, 4)]);
  }
  const validators = new Table({ head: ['validator behaviour', 'n', 'dividends', 'validator trust', 'emission/epoch (TAO, each)'], style: { head: [], border: [] } });
  for (const b of r.behaviours.filter((b) => b.role === 'validator')) {
    validators.push([b.behaviour, b.count, pct(b.dividends), num(b.validatorTrust), num(b.emissionPerEpochEach, 4)]);
  }
  return [
    `subnet ${r.subnet}: ${r.epochs} epochs x ${r.stepsPerEpoch} steps, ${r.emissionPerEpochTao} TAO per epoch, seed ${r.seed}`,
    miners.toString(),
    validators.toString(),
  ].join('\n');
}
