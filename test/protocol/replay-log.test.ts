import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NonceGuard } from '../../protocol/bittensor-http/nonce-guard.ts';
import { ReplayGuard } from '../../protocol/replay-guard.ts';
import { ReplayLog } from '../../protocol/replay-log.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'replay-log-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function openWsGuard(path: string, now: () => number): { guard: ReplayGuard; log: ReplayLog } {
  const guard = new ReplayGuard(30_000);
  const log = ReplayLog.open(
    path,
    (entries) => guard.restore(entries, now()),
    () => guard.live(now()),
    { now, syncEveryMs: 0 },
  );
  guard.journalTo(log);
  return { guard, log };
}

describe('ReplayGuard with a replay log', () => {
  it('refuses after a restart a uuid recorded before it, and forgets it once it left the window', () => {
    const path = join(dir, 'ws.jsonl');
    let t = 1_700_000_000_000;
    const first = openWsGuard(path, () => t);
    first.guard.check('5Sender', 'uuid-0001', t, t);
    first.guard.record('5Sender', 'uuid-0001', t, t);
    // no close(): a process killed with -9 never gets to it
    t += 3_700;
    const second = openWsGuard(path, () => t);
    expect(() => second.guard.check('5Sender', 'uuid-0001', t - 3_700, t)).toThrow(/replayed request: uuid uuid-0001/);
    expect(() => second.guard.check('5Sender', 'uuid-0002', t, t)).not.toThrow();
    second.log.close();
    t += 60_000;
    const third = openWsGuard(path, () => t);
    expect(third.guard.size).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('');
    third.log.close();
  });

  it('skips a torn last line and lines it cannot read', () => {
    const path = join(dir, 'ws.jsonl');
    const t = 1_700_000_000_000;
    const first = openWsGuard(path, () => t);
    first.guard.record('5Sender', 'uuid-0001', t, t);
    first.log.close();
    appendFileSync(path, '{"not":"an entry"}\n[1700000030000,"5Sender/uuid-00');
    const second = openWsGuard(path, () => t + 1_000);
    expect(second.guard.size).toBe(1);
    expect(() => second.guard.check('5Sender', 'uuid-0001', t, t + 1_000)).toThrow(/replayed/);
    second.log.close();
  });

  it('stays bounded: compaction keeps only the live entries', () => {
    const path = join(dir, 'ws.jsonl');
    let t = 1_700_000_000_000;
    const guard = new ReplayGuard(1_000);
    const log = ReplayLog.open(
      path,
      (e) => guard.restore(e, t),
      () => guard.live(t),
      { now: () => t, syncEveryMs: 0, compactBytes: 4_096 },
    );
    guard.journalTo(log);
    for (let i = 0; i < 2_000; i++) {
      t += 10;
      guard.record('5Sender', `uuid-${String(i).padStart(6, '0')}`, t, t);
    }
    log.close();
    // 1 s of entries at one per 10 ms is about 100 live lines; everything older was compacted away
    expect(statSync(path).size).toBeLessThan(2 * 4_096 + 200);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.length).toBeLessThan(400);
    expect(lines.at(-1)).toContain('uuid-001999');
  });
});

describe('NonceGuard with a replay log', () => {
  it('refuses after a restart a nonce accepted before it', () => {
    const path = join(dir, 'http.jsonl');
    let nowNs = 1_700_000_000_000_000_000n;
    const open = () => {
      const guard = new NonceGuard(60);
      const log = ReplayLog.open(
        path,
        (e) => guard.restore(e, nowNs),
        () => guard.live(nowNs),
        { now: () => Number(nowNs / 1_000_000n), syncEveryMs: 0 },
      );
      guard.journalTo(log);
      return { guard, log };
    };
    const first = open();
    const nonce = nowNs;
    first.guard.check({ endpointKey: '5Caller:uuid-a', nonce, timeoutSeconds: 60 }, nowNs);
    first.guard.record('5Caller:uuid-a', nonce, nowNs);
    nowNs += 3_700_000_000n;
    const second = open();
    expect(() => second.guard.check({ endpointKey: '5Caller:uuid-a', nonce, timeoutSeconds: 60 }, nowNs)).toThrow(/a newer one was last processed/);
    expect(() => second.guard.check({ endpointKey: '5Caller:uuid-a', nonce: nowNs, timeoutSeconds: 60 }, nowNs)).not.toThrow();
    second.log.close();
    // past the widest window (4 s + 60 s) the key is forgotten, and the old nonce is stale
    nowNs += 65_000_000_000n;
    const third = open();
    expect(third.guard.size).toBe(0);
    expect(() => third.guard.check({ endpointKey: '5Caller:uuid-a', nonce, timeoutSeconds: 60 }, nowNs)).toThrow(/Nonce is too old: acceptable delta/);
    third.log.close();
  });
});
