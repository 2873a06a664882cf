import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { readJsonFile, writeJsonAtomic } from '../../core/state-file.ts';

describe('state files', () => {
  it('writes atomically with mode 0600 and leaves no temp files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-'));
    const path = join(dir, 'nested', 'scores.json');
    writeJsonAtomic(path, { round: 1, scores: [0.5, 0.25] });
    writeJsonAtomic(path, { round: 2, scores: [0.75] });
    expect(readJsonFile(path)).toEqual({ round: 2, scores: [0.75] });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['scores.json']);
  });

  it('returns undefined for a missing file and a coded error for a corrupt one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-'));
    expect(readJsonFile(join(dir, 'none.json'))).toBeUndefined();
    writeFileSync(join(dir, 'bad.json'), '{"round": ');
    let caught: unknown;
    try {
      readJsonFile(join(dir, 'bad.json'));
    } catch (err) {
      caught = err;
    }
    expect(isSubnetError(caught, 'STATE_CORRUPT')).toBe(true);
  });
});
