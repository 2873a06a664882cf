import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatLogLine } from '../../core/log-format.ts';
import { RepeatedMessages, repeatLine } from '../../core/log-repeats.ts';
import { chooseLogFormat, createLogger } from '../../core/logger.ts';

const dir = mkdtempSync(join(tmpdir(), 'subnet-logger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function logInto(file: string, options: Parameters<typeof createLogger>[1] = {}) {
  const fd = openSync(file, 'w');
  return { log: createLogger('test', { ...options, destination: fd }), read: () => readFileSync(file, 'utf8'), close: () => closeSync(fd) };
}

describe('formatLogLine', () => {
  const time = new Date(2026, 0, 2, 12, 4, 5).getTime();
  it('renders a summary record as its message alone', () => {
    const line = JSON.stringify({
      level: 30,
      time,
      pid: 1,
      name: 'validator',
      round: 12,
      block: 340,
      summary: true,
      msg: 'round 12  block 340  answered 5/6  best uid 3 0.98  1.2 s',
    });
    expect(formatLogLine(line)).toBe('12:04:05 validator  round 12  block 340  answered 5/6  best uid 3 0.98  1.2 s');
  });
  it('renders warnings with their level, fields and code', () => {
    const line = JSON.stringify({
      level: 40,
      time,
      pid: 1,
      name: 'validator',
      code: 'SETTING_WEIGHTS_TOO_FAST',
      retryAt: 350,
      why: 'too soon',
      msg: 'weights set failed',
    });
    expect(formatLogLine(line)).toBe('12:04:05 WARN validator  weights set failed  retryAt=350 why="too soon" [SETTING_WEIGHTS_TOO_FAST]');
    const error = JSON.stringify({ level: 50, time, name: 'miner', msg: 'round failed' });
    expect(formatLogLine(error, { color: true })).toBe('12:04:05 \x1b[31mERROR\x1b[0m miner  round failed');
  });
  it('shows a warning key as its code', () => {
    const line = JSON.stringify({ level: 40, time, name: 'validator', code: 'no-permit', msg: 'uid 1 has no validator permit yet' });
    expect(formatLogLine(line)).toBe('12:04:05 WARN validator  uid 1 has no validator permit yet [no-permit]');
  });
  it('does not repeat a code the message already ends with', () => {
    const line = JSON.stringify({ level: 40, time, name: 'v', code: 'CHAIN_DOWN', msg: 'lost it [CHAIN_DOWN]' });
    expect(formatLogLine(line)).toBe('12:04:05 WARN v  lost it [CHAIN_DOWN]');
  });
  it('passes a line that is not JSON through', () => {
    expect(formatLogLine('plain text\n')).toBe('plain text');
  });
});

describe('chooseLogFormat', () => {
  it('human on a terminal, JSON on a pipe or with --json; the environment decides when set', () => {
    expect(chooseLogFormat({ isTerminal: true })).toBe('human');
    expect(chooseLogFormat({ isTerminal: false })).toBe('json');
    expect(chooseLogFormat({ isTerminal: true, json: true })).toBe('json');
    expect(chooseLogFormat({ isTerminal: true, env: 'json' })).toBe('json');
    expect(chooseLogFormat({ isTerminal: false, env: 'human' })).toBe('human');
    expect(chooseLogFormat({ isTerminal: false, env: 'human', json: true })).toBe('json');
  });
});

describe('createLogger', () => {
  it('redacts secrets in human lines as in JSON', () => {
    for (const format of ['human', 'json'] as const) {
      const l = logInto(join(dir, `secret-${format}.log`), { format });
      l.log.info({ wallet: { mnemonic: 'abandon ability able about', password: 'hunter2-do-not-print' }, seed: '0xdeadbeef' }, 'created');
      l.close();
      const text = l.read();
      expect(text, format).toContain('[redacted]');
      expect(text, format).not.toContain('hunter2');
      expect(text, format).not.toContain('abandon ability');
      expect(text, format).not.toContain('deadbeef');
      if (format === 'human') expect(() => JSON.parse(text)).toThrow();
      else expect(JSON.parse(text).msg).toBe('created');
    }
  });

  it('logs a repeating message once, counts the rest, reports the count and calls back on each', () => {
    const seen: string[] = [];
    const l = logInto(join(dir, 'repeats.log'), { format: 'json', repeating: ['handler failed'], onRepeating: (m) => seen.push(m), repeatReportMs: 3_600_000 });
    for (let i = 0; i < 38; i++) l.log.warn({ synapse: 'Embed', i }, 'handler failed');
    l.log.info('something else');
    l.close();
    const records = l
      .read()
      .trim()
      .split('\n')
      .map((x) => JSON.parse(x) as { msg: string; i?: number });
    expect(records.map((r) => r.msg)).toEqual(['handler failed', 'something else']);
    expect(records[0].i).toBe(0);
    expect(seen).toHaveLength(38);
  });
});

describe('RepeatedMessages', () => {
  it('admits the first occurrence and drains the count of the others', () => {
    const r = new RepeatedMessages(new Set(['handler failed']));
    expect(r.admit('other', 30)).toBe(true);
    expect(r.admit('handler failed', 40)).toBe(true);
    for (let i = 0; i < 37; i++) expect(r.admit('handler failed', 40)).toBe(false);
    const [count] = r.drain();
    expect(count).toEqual({ msg: 'handler failed', level: 40, count: 37 });
    expect(repeatLine(count)).toBe('handler failed 37 more times');
    expect(r.drain()).toEqual([]);
    expect(r.admit('handler failed', 40)).toBe(false);
  });
});
