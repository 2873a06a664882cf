import { SubnetError } from '../core/errors.ts';

/** One sample of the Prometheus text exposition format (version 0.0.4). */
export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?$/;

/**
 * Parses Prometheus' text format. Comment and blank lines are skipped; a line
 * that is not a sample is an error naming its line number, because a metrics
 * endpoint that serves garbage should be reported, not half-read.
 */
export function parsePrometheusText(text: string): PromSample[] {
  const samples: PromSample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new SubnetError('METRICS_PARSE', `metrics line ${i + 1} is not a Prometheus sample: ${JSON.stringify(line.slice(0, 120))}`);
    samples.push({ name: m[1], labels: m[3] ? parseLabels(m[3], i + 1) : {}, value: parseValue(m[4]) });
  }
  return samples;
}

function parseValue(raw: string): number {
  if (raw === '+Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  return Number(raw);
}

function parseLabels(body: string, lineNo: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    while (body[i] === ' ' || body[i] === ',') i++;
    if (i >= body.length) break;
    const eq = body.indexOf('=', i);
    if (eq < 0 || body[eq + 1] !== '"') throw new SubnetError('METRICS_PARSE', `metrics line ${lineNo}: bad label set {${body.slice(0, 120)}}`);
    const name = body.slice(i, eq).trim();
    let value = '';
    let j = eq + 2;
    for (; j < body.length && body[j] !== '"'; j++) {
      if (body[j] === '\\' && j + 1 < body.length) {
        j++;
        value += body[j] === 'n' ? '\n' : body[j];
      } else value += body[j];
    }
    if (j >= body.length) throw new SubnetError('METRICS_PARSE', `metrics line ${lineNo}: unterminated label value for ${name}`);
    labels[name] = value;
    i = j + 1;
  }
  return labels;
}
