import Table from 'cli-table3';
import type { EconomyReport, SimulationReport } from './report.ts';

const pct = (x: number | undefined) => (x === undefined ? '' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | undefined, d = 3) => (x === undefined ? '' : x.toFixed(d));
const share = (x: number) => `${(100 * x).toFixed(2)}%`;

/** The per-behaviour table `subnet simulate` prints, and the economy below it when the run has one. */
export function formatReportTable(r: SimulationReport): string {
  const eco = r.economy;
  // no colour codes (cli-table3 greys borders by default): stdout is often piped or diffed
  const ecoHead = eco ? ['alpha/epoch (each)', 'TAO value/epoch (each)'] : [];
  const ecoCells = (b: SimulationReport['behaviours'][number]) => (eco ? [num(b.alphaPerEpochEach, 3), num(b.taoValuePerEpochEach, 4)] : []);
  const miners = new Table({
    head: ['miner behaviour', 'n', 'mean score', 'mean reward', 'incentive share', 'emission/epoch (TAO, each)', ...ecoHead],
    style: { head: [], border: [] },
  });
  for (const b of r.behaviours.filter((b) => b.role === 'miner').sort((a, b) => b.emissionPerEpochEach - a.emissionPerEpochEach)) {
    miners.push([b.behaviour, b.count, num(b.meanScore), num(b.meanReward), pct(b.incentiveShare), num(b.emissionPerEpochEach, 4), ...ecoCells(b)]);
  }
  const validators = new Table({
    head: ['validator behaviour', 'n', 'dividends', 'validator trust', 'emission/epoch (TAO, each)', ...ecoHead],
    style: { head: [], border: [] },
  });
  for (const b of r.behaviours.filter((b) => b.role === 'validator')) {
    validators.push([b.behaviour, b.count, pct(b.dividends), num(b.validatorTrust), num(b.emissionPerEpochEach, 4), ...ecoCells(b)]);
  }
  return [
    `subnet ${r.subnet}: ${r.epochs} epochs x ${r.stepsPerEpoch} steps, ${r.emissionPerEpochTao} TAO per epoch, seed ${r.seed}`,
    miners.toString(),
    validators.toString(),
    ...(eco ? [formatEconomy(eco)] : []),
  ].join('\n');
}

const tao = (x: number) => `${x.toFixed(4)} TAO`;
const alpha = (x: number) => `${x.toFixed(3)} alpha`;
const price = (x: number) => x.toPrecision(6);

/** The economy in a few lines: emission share, price, owner, burn, staker. */
export function formatEconomy(e: EconomyReport): string {
  const lines = [
    `economy (subtensor spec ${e.spec} rules, ${e.blocks} blocks): block emission ${e.blockEmissionTao} TAO, this subnet draws ${share(e.emissionShare)} of it by TAO flow: ${tao(e.taoPerBlock)}/block, ${tao(e.taoPerEpoch)}/epoch`,
    `  emission shares: ${e.subnets.map((s) => `${s.name} ${share(s.emissionShare)}`).join(', ')}`,
    `  price: ${price(e.price.start)} -> ${price(e.price.end)} TAO/alpha (min ${price(e.price.min)}, max ${price(e.price.max)})`,
    `  owner cut: ${alpha(e.owner.cutAlphaPerEpoch)}/epoch, worth ${tao(e.owner.cutTaoPerEpoch)}`,
  ];
  if (e.burnCost) {
    const b = e.burnCost;
    lines.push(
      `  burn ${pct(e.owner.burnFraction)} of miner emission: ${alpha(e.owner.burnedAlphaPerEpoch)}/epoch burned (${tao(e.owner.burnedTaoPerEpoch)})`,
      `    miners get ${alpha(b.minersAlphaPerEpochWith)}/epoch instead of ${alpha(b.minersAlphaPerEpochWithout)} (${tao(b.minersTaoLostPerEpoch)} less)`,
      `    final price ${price(b.priceEndWith)} vs ${price(b.priceEndWithout)} without the burn; owner cut worth ${tao(b.ownerCutTaoPerEpochWith)} vs ${tao(b.ownerCutTaoPerEpochWithout)}/epoch; emission share ${share(b.emissionShareWith)} vs ${share(b.emissionShareWithout)}`,
    );
  }
  const q = e.stakeQuote;
  lines.push(`  staker: ${q.tao} TAO buys ${alpha(q.alpha)}; unstaking at once returns ${tao(q.taoBackNow)}, at the end ${tao(q.taoBackAtEnd)}`);
  return lines.join('\n');
}
