import type { EconomyReport, SimulationReport } from './report.ts';

const PALETTE = ['#2b7bb9', '#e4572e', '#17bebb', '#ffc914', '#76b041', '#8e6c8a', '#f28482', '#5c6b73', '#b5838d', '#3d405b'];

/**
 * A self-contained HTML page (inline CSS and SVG, no scripts, no CDN) with the
 * simulation's charts and tables, for `subnet simulate --html <file>`.
 */
export function renderHtmlReport(r: SimulationReport): string {
  const miners = r.behaviours.filter((b) => b.role === 'miner').sort((a, b) => b.emissionPerEpochEach - a.emissionPerEpochEach);
  const validators = r.behaviours.filter((b) => b.role === 'validator');
  const series = Object.keys(r.emissionByEpoch[0]?.byBehaviour ?? {});
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>subnet simulate: ${esc(r.subnet)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:980px;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border-bottom:1px solid #ddd;padding:.3rem .7rem;text-align:right}td:first-child,th:first-child{text-align:left}
.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
svg text{font:12px system-ui,sans-serif;fill:#333}
</style></head><body>
<h1>subnet <code>${esc(r.subnet)}</code>: simulation</h1>
<p>${r.epochs} epochs &times; ${r.stepsPerEpoch} validator steps, ${r.emissionPerEpochTao} TAO emitted per epoch, seed <code>${esc(r.seed)}</code>. Yuma Consensus from <code>consensus/</code>.</p>
<h2>Emission per epoch, per miner, by behaviour (TAO)</h2>
${barChart(miners.map((b) => ({ label: b.behaviour, value: b.emissionPerEpochEach })))}
<h2>Emission by epoch (TAO, whole group)</h2>
${lineChart(r, series)}
<div class="legend">${series.map((s, i) => `<span><i style="background:${PALETTE[i % PALETTE.length]}"></i>${esc(s)}</span>`).join('')}</div>
<h2>Miners</h2>
<table><tr><th>behaviour</th><th>n</th><th>mean score</th><th>mean reward</th><th>incentive share</th><th>emission/epoch each</th></tr>
${miners.map((b) => `<tr><td>${esc(b.behaviour)}</td><td>${b.count}</td><td>${f(b.meanScore)}</td><td>${f(b.meanReward)}</td><td>${p(b.incentiveShare)}</td><td>${f(b.emissionPerEpochEach, 4)}</td></tr>`).join('\n')}
</table>
<h2>Validators</h2>
${barChart(validators.map((b) => ({ label: `${b.behaviour} dividends`, value: b.dividends ?? 0 })))}
<table><tr><th>behaviour</th><th>n</th><th>dividends</th><th>validator trust</th><th>emission/epoch each</th></tr>
${validators.map((b) => `<tr><td>${esc(b.behaviour)}</td><td>${b.count}</td><td>${p(b.dividends)}</td><td>${f(b.validatorTrust)}</td><td>${f(b.emissionPerEpochEach, 4)}</td></tr>`).join('\n')}
</table>
<h2>Per uid</h2>
<table><tr><th>uid</th><th>role</th><th>behaviour</th><th>mean score</th><th>incentive</th><th>dividends</th><th>trust</th><th>emission/epoch</th></tr>
${r.uids.map((u) => `<tr><td>${u.uid}</td><td>${u.role}</td><td>${esc(u.behaviour)}</td><td>${f(u.meanScore)}</td><td>${f(u.incentive)}</td><td>${f(u.dividends)}</td><td>${f(u.validatorTrust)}</td><td>${f(u.emissionPerEpoch, 4)}</td></tr>`).join('\n')}
</table>
${r.economy ? economySection(r, r.economy) : ''}
</body></html>
`;
}

/** The dTAO economy: price and emission-share charts, the owner's take, the burn's cost, alpha per behaviour. */
function economySection(r: SimulationReport, e: EconomyReport): string {
  const b = e.burnCost;
  const rows = r.behaviours.filter((x) => x.alphaPerEpochEach !== undefined);
  return `<h2>Economy (subtensor spec ${e.spec} rules)</h2>
<p>${e.blocks} blocks; block emission ${e.blockEmissionTao} TAO. This subnet draws ${p(e.emissionShare)} of it by TAO flow: ${f(e.taoPerBlock, 4)} TAO per block, ${f(e.taoPerEpoch, 4)} TAO per epoch. Price ${g(e.price.start)} &rarr; ${g(e.price.end)} TAO per alpha.</p>
<h2>Alpha price (TAO)</h2>
${pathChart(
  e.pricePath.map((x) => ({ x: x.block, y: x.price })),
  'TAO/alpha',
  PALETTE[0],
)}
<h2>Emission share</h2>
${pathChart(
  e.pricePath.map((x) => ({ x: x.block, y: x.emissionShare })),
  'share',
  PALETTE[1],
)}
${barChart(e.subnets.map((s) => ({ label: s.name, value: s.emissionShare })))}
<h2>Alpha earned</h2>
<table><tr><th>behaviour</th><th>role</th><th>n</th><th>alpha/epoch each</th><th>TAO value/epoch each</th><th>TAO if sold at the end, each</th></tr>
${rows.map((x) => `<tr><td>${esc(x.behaviour)}</td><td>${x.role}</td><td>${x.count}</td><td>${f(x.alphaPerEpochEach)}</td><td>${f(x.taoValuePerEpochEach, 4)}</td><td>${f(x.taoIfSoldEach, 4)}</td></tr>`).join('\n')}
</table>
<h2>Owner</h2>
<table><tr><th></th><th>alpha/epoch</th><th>TAO/epoch at the final price</th></tr>
<tr><td>owner cut</td><td>${f(e.owner.cutAlphaPerEpoch)}</td><td>${f(e.owner.cutTaoPerEpoch, 4)}</td></tr>
<tr><td>burned (${p(e.owner.burnFraction)} of miner emission)</td><td>${f(e.owner.burnedAlphaPerEpoch)}</td><td>${f(e.owner.burnedTaoPerEpoch, 4)}</td></tr>
</table>
${
  b
    ? `<table><tr><th>the burn</th><th>without</th><th>with</th></tr>
<tr><td>miners' alpha/epoch</td><td>${f(b.minersAlphaPerEpochWithout)}</td><td>${f(b.minersAlphaPerEpochWith)}</td></tr>
<tr><td>final price</td><td>${g(b.priceEndWithout)}</td><td>${g(b.priceEndWith)}</td></tr>
<tr><td>owner cut, TAO/epoch</td><td>${f(b.ownerCutTaoPerEpochWithout, 4)}</td><td>${f(b.ownerCutTaoPerEpochWith, 4)}</td></tr>
<tr><td>emission share</td><td>${p(b.emissionShareWithout)}</td><td>${p(b.emissionShareWith)}</td></tr>
</table>`
    : ''
}
<p>A staker putting ${e.stakeQuote.tao} TAO in gets ${f(e.stakeQuote.alpha)} alpha; unstaking at once returns ${f(e.stakeQuote.taoBackNow, 4)} TAO, at the end ${f(e.stakeQuote.taoBackAtEnd, 4)} TAO.</p>`;
}

/** A line over blocks, the y axis from its own min to max. */
function pathChart(points: { x: number; y: number }[], unit: string, colour: string): string {
  const w = 900;
  const h = 240;
  const pad = 80;
  if (points.length === 0) return '';
  const ys = points.map((q) => q.y);
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
    lo -= Math.abs(lo) * 0.01 || 1;
    hi += Math.abs(hi) * 0.01 || 1;
  }
  const x0 = points[0].x;
  const x1 = points[points.length - 1].x;
  const x = (v: number) => pad + ((w - 2 * pad) * (v - x0)) / Math.max(1, x1 - x0);
  const y = (v: number) => h - pad + 16 - ((h - 2 * pad) * (v - lo)) / (hi - lo);
  const line = `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map((q) => `${x(q.x).toFixed(1)},${y(q.y).toFixed(1)}`).join(' ')}"/>`;
  const axes = `<line x1="${pad}" y1="${h - pad + 16}" x2="${w - pad}" y2="${h - pad + 16}" stroke="#999"/><line x1="${pad}" y1="${pad - 16}" x2="${pad}" y2="${h - pad + 16}" stroke="#999"/><text x="${pad}" y="${pad - 22}">${g(hi)} ${esc(unit)}</text><text x="${pad - 4}" y="${h - pad + 12}" text-anchor="end">${g(lo)}</text><text x="${pad}" y="${h - 6}">block ${x0}</text><text x="${w - pad}" y="${h - 6}" text-anchor="end">block ${x1}</text>`;
  return `<svg role="img" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${axes}${line}</svg>`;
}

function barChart(bars: { label: string; value: number }[]): string {
  const w = 900;
  const rowH = 26;
  const labelW = 200;
  const max = Math.max(1e-12, ...bars.map((b) => b.value));
  const rows = bars
    .map((b, i) => {
      const bw = ((w - labelW - 80) * b.value) / max;
      const y = i * rowH + 4;
      return `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(b.label)}</text><rect x="${labelW}" y="${y}" width="${bw.toFixed(1)}" height="${rowH - 8}" fill="${PALETTE[i % PALETTE.length]}"/><text x="${(labelW + bw + 6).toFixed(1)}" y="${y + 15}">${b.value.toFixed(4)}</text>`;
    })
    .join('');
  return `<svg role="img" width="${w}" height="${bars.length * rowH + 8}" viewBox="0 0 ${w} ${bars.length * rowH + 8}">${rows}</svg>`;
}

function lineChart(r: SimulationReport, series: string[]): string {
  const w = 900;
  const h = 280;
  const pad = 40;
  const epochs = r.emissionByEpoch;
  const max = Math.max(1e-12, ...epochs.flatMap((e) => Object.values(e.byBehaviour)));
  const x = (i: number) => pad + ((w - 2 * pad) * i) / Math.max(1, epochs.length - 1);
  const y = (v: number) => h - pad - ((h - 2 * pad) * v) / max;
  const lines = series
    .map((s, k) => {
      const pts = epochs.map((e, i) => `${x(i).toFixed(1)},${y(e.byBehaviour[s] ?? 0).toFixed(1)}`).join(' ');
      return `<polyline fill="none" stroke="${PALETTE[k % PALETTE.length]}" stroke-width="2" points="${pts}"/>`;
    })
    .join('');
  const axes = `<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#999"/><line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="#999"/><text x="${pad}" y="${pad - 8}">${max.toFixed(3)} TAO</text>${epochs.map((e, i) => `<text x="${x(i).toFixed(1)}" y="${h - pad + 16}" text-anchor="middle">${e.epoch}</text>`).join('')}<text x="${w / 2}" y="${h - 6}" text-anchor="middle">epoch</text>`;
  return `<svg role="img" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${axes}${lines}</svg>`;
}

const f = (x: number | undefined, d = 3) => (x === undefined ? '' : x.toFixed(d));
const g = (x: number) => x.toPrecision(6);
const p = (x: number | undefined) => (x === undefined ? '' : `${(100 * x).toFixed(1)}%`);

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
