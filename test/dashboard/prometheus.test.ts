import { describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { parsePrometheusText } from '../../dashboard/prometheus.ts';
import { BlockHistory } from '../../dashboard/history.ts';

describe('parsePrometheusText', () => {
  it('reads samples, labels with escapes, special values and timestamps', () => {
    const text = [
      '# HELP x_total things',
      '# TYPE x_total counter',
      'x_total 3',
      'lat_seconds{uid="4",status="ok"} 0.25 1700000000000',
      'weird{path="a\\"b\\\\c",empty=""} +Inf',
      '',
      'neg -1.5e-3',
    ].join('\n');
    expect(parsePrometheusText(text)).toEqual([
      { name: 'x_total', labels: {}, value: 3 },
      { name: 'lat_seconds', labels: { uid: '4', status: 'ok' }, value: 0.25 },
      { name: 'weird', labels: { path: 'a"b\\c', empty: '' }, value: Infinity },
      { name: 'neg', labels: {}, value: -0.0015 },
    ]);
  });

  it('names the line that is not a sample', () => {
    try {
      parsePrometheusText('ok 1\n<html>oops</html>\n');
      expect.unreachable();
    } catch (err) {
      expect(isSubnetError(err, 'METRICS_PARSE')).toBe(true);
      expect((err as Error).message).toMatch(/line 2/);
    }
  });
});

describe('BlockHistory', () => {
  it('keeps the newest points in block order', () => {
    const h = new BlockHistory(2);
    const p = (block: number) => ({ block, incentive: [], emission: [], stake: [] });
    h.add(p(1));
    h.add(p(2));
    h.add(p(3));
    expect(h.points().map((x) => x.block)).toEqual([2, 3]);
    h.add(p(2));
    expect(h.points().map((x) => x.block)).toEqual([2]);
  });
});
