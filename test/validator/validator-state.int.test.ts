import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { applyRoundScores, syncScoreState } from '../../validator/score-state.ts';
import { loadOrCreateValidatorSecret } from '../../validator/validator-secret.ts';
import { initialValidatorState, loadValidatorState, saveValidatorState, validatorStatePath, type ValidatorState } from '../../validator/validator-state.ts';
import { appendAuditRecord, decodeAuditLine } from '../../validator/audit-trail.ts';

const HOTKEY = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

function sampleState(): ValidatorState {
  let scores = syncScoreState(initialValidatorState(1, HOTKEY).scores, ['a', 'b', 'c']).state;
  scores = applyRoundScores(
    scores,
    [
      { uid: 0, score: 0.123456789012345 },
      { uid: 2, score: 1 / 3 },
    ],
    0.1,
    1,
  );
  return {
    ...initialValidatorState(1, HOTKEY),
    round: 1,
    scores,
    lastWeights: { block: 40, uids: [0, 2], values: [24117, 65535], mode: 'set' },
    lastSetBlock: 40,
    nextRetryBlock: null,
    weightFailures: 0,
  };
}

describe('validator state', () => {
  it('round-trips exactly, including float scores', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vstate-'));
    const state = sampleState();
    saveValidatorState(dir, state);
    expect(loadValidatorState(dir, 1, HOTKEY)).toEqual(state);
    expect(statSync(validatorStatePath(dir)).mode & 0o777).toBe(0o600);
  });

  it('starts fresh when there is no file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vstate-'));
    expect(loadValidatorState(dir, 3, HOTKEY)).toEqual(initialValidatorState(3, HOTKEY));
  });

  it('refuses a state of another validator or subnet, and names the bad field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vstate-'));
    saveValidatorState(dir, sampleState());
    let err: unknown;
    try {
      loadValidatorState(dir, 2, HOTKEY);
    } catch (e) {
      err = e;
    }
    expect(isSubnetError(err, 'VALIDATOR_STATE_MISMATCH')).toBe(true);
    const broken = { ...sampleState(), scores: { ...sampleState().scores, scores: [0.1, 2, 0.3] } };
    writeFileSync(validatorStatePath(dir), JSON.stringify(broken));
    expect(() => loadValidatorState(dir, 1, HOTKEY)).toThrow(/scores\.scores\.1/);
  });

  it('survives kill -9 during a burst of saves: the file is always a complete state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vstate-'));
    const script = `
      import { saveValidatorState, initialValidatorState } from ${JSON.stringify(join(process.cwd(), 'validator/validator-state.ts'))};
      const s = initialValidatorState(1, ${JSON.stringify(HOTKEY)});
      s.scores = { hotkeys: Array(256).fill('k'), scores: Array(256).fill(0), observations: Array(256).fill(0), lastObservedRound: Array(256).fill(-1) };
      for (let round = 1; ; round++) {
        s.round = round;
        s.scores.scores = s.scores.scores.map((_, i) => ((round * 7919 + i) % 1000) / 1000);
        saveValidatorState(${JSON.stringify(dir)}, s);
        if (round === 5) process.stdout.write('go\\n');
      }
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const state = loadValidatorState(dir, 1, HOTKEY);
    expect(state.round).toBeGreaterThanOrEqual(5);
    expect(state.scores.scores).toEqual(state.scores.scores.map((_, i) => ((state.round * 7919 + i) % 1000) / 1000));
  });
});

describe('validator secret', () => {
  it('is created once with mode 0600 and reloaded identically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsecret-'));
    const a = loadOrCreateValidatorSecret(dir);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateValidatorSecret(dir)).toEqual(a);
    writeFileSync(join(dir, 'secret'), 'nothex');
    expect(() => loadOrCreateValidatorSecret(dir)).toThrow(/64 hex/);
  });
});

describe('audit trail', () => {
  it('appends one line per round and keeps binary payloads exact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vaudit-'));
    const path = join(dir, 'audit.jsonl');
    const embedding = new Float32Array([0.1, -2.5, 3e-8]);
    const record = {
      round: 1,
      block: 10,
      blockHash: `0x${'11'.repeat(32)}`,
      seed: `0x${'22'.repeat(32)}`,
      validatorHotkey: HOTKEY,
      synapse: 'embed',
      challenge: { texts: ['hello'] },
      responses: [{ uid: 2, hotkey: 'b', status: 'ok', latencyMs: 3.5, score: 0.9, signed: { body: { embedding }, signature: new Uint8Array([1, 2, 3]) } }],
      time: new Date(0).toISOString(),
    };
    appendAuditRecord(path, record);
    appendAuditRecord(path, { ...record, round: 2 });
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.length).toBe(2);
    const back = decodeAuditLine(lines[0]);
    const signed = back.responses[0].signed as { body: { embedding: Float32Array }; signature: Uint8Array };
    expect(signed.body.embedding).toEqual(embedding);
    expect(signed.signature).toEqual(new Uint8Array([1, 2, 3]));
    expect(decodeAuditLine(lines[1]).round).toBe(2);
  });
});
