import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli-process.ts';

describe('log format of a real process', () => {
  const fixture = join(REPO_ROOT, 'test', 'core', 'fixtures', 'log-lines.ts');
  const env = { ...process.env, SUBNET_LOG_LEVEL: 'info', SUBNET_LOG_FORMAT: '', NO_COLOR: '1' };

  it('writes JSON on a pipe, with the repeat count at exit', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fixture], { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const records = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((x) => x.msg)).toEqual([
      'round 12  block 340  answered 5/6  best uid 3 0.98  1.2 s',
      'weights set failed',
      'handler failed',
      'handler failed 4 more times',
    ]);
    expect(records[1].wallet).toEqual({ password: '[redacted]' });
    expect(records[3]).toMatchObject({ repeated: 'handler failed', count: 4, level: 40 });
  }, 60_000);

  /** Runs the fixture under util-linux `script`, so that its stderr is a terminal. */
  function onTty(args: string[]): Promise<string> {
    const cmd = [process.execPath, '--import', 'tsx', fixture, ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', cmd, '/dev/null'], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
    return new Promise((resolve) => child.once('exit', () => resolve(output.replaceAll('\r', ''))));
  }

  it('writes human lines on a terminal; secrets stay redacted', async () => {
    const out = await onTty([]);
    expect(out).toMatch(/^\d\d:\d\d:\d\d fixture {2}round 12 {2}block 340 {2}answered 5\/6 {2}best uid 3 0\.98 {2}1\.2 s$/m);
    expect(out).toMatch(/^\d\d:\d\d:\d\d WARN fixture {2}weights set failed {2}wallet=\{"password":"\[redacted\]"\} \[SETTING_WEIGHTS_TOO_FAST\]$/m);
    expect(out).toMatch(/^\d\d:\d\d:\d\d WARN fixture {2}handler failed {2}synapse=Embed$/m);
    expect(out).toMatch(/WARN fixture {2}handler failed 4 more times {2}repeated="handler failed" count=4$/m);
    expect(out.match(/handler failed/g)).toHaveLength(3);
    expect(out).not.toContain('hunter2');
    expect(out).not.toContain('{"level"');
  }, 60_000);

  it('keeps JSON on a terminal with --json', async () => {
    const out = await onTty(['--json']);
    const lines = out.trim().split('\n');
    expect(lines.length).toBe(4);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('level');
  }, 60_000);
});
