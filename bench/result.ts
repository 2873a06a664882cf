/** A measured quantity, always with its unit. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
}

/**
 * What every benchmark returns. `reference` is the physical baseline measured in
 * the same run on the same machine (raw ws echo, raw onnxruntime, ...), and
 * `ratio` compares the headline figure to it, oriented so that 1.0 means "as
 * fast as the reference" (`ratioMeaning` says how it was computed).
 */
export interface BenchResult {
  name: string;
  figures: Figure[];
  reference: Figure;
  ratio: number;
  ratioMeaning: string;
  targets?: { name: string; target: string; met: boolean }[];
  notes?: string[];
}

export type Benchmark = (opts: { json: boolean }) => Promise<BenchResult>;

export function formatBenchResult(r: BenchResult): string {
  const lines = [`== ${r.name}`];
  const w = Math.max(...r.figures.map((f) => f.name.length), r.reference.name.length) + 2;
  for (const f of r.figures) lines.push(`  ${f.name.padEnd(w)}${fmt(f.value)} ${f.unit}`);
  lines.push(`  ${`reference: ${r.reference.name}`.padEnd(w)}${fmt(r.reference.value)} ${r.reference.unit}`);
  lines.push(`  ratio ${fmt(r.ratio)} (${r.ratioMeaning})`);
  for (const t of r.targets ?? []) lines.push(`  target ${t.name}: ${t.target} ${t.met ? 'met' : 'NOT met'}`);
  for (const n of r.notes ?? []) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/** Percentile of an unsorted sample (nearest-rank). */
export function percentile(sample: number[], p: number): number {
  const s = [...sample].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
