import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSubnetError } from '../../core/errors.ts';
import { loadTokenizer } from '../../scoring/onnx/tokenizer.ts';
import { ensureModels } from '../../scoring/models/ensure.ts';

const models = ensureModels();
const tmp = mkdtempSync(join(tmpdir(), 'subnetkit-tok-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('tokenizer.json via @huggingface/tokenizers', () => {
  it('encodes with [CLS] ... [SEP], lowercases, and splits unknown words into word pieces', () => {
    const tok = loadTokenizer(models.tokenizer.path, { sha256: models.tokenizer.sha256 });
    const ids = tok.encode('The RIVER');
    expect(ids[0]).toBe(2);
    expect(ids[ids.length - 1]).toBe(3);
    expect(ids.length).toBe(4);
    expect(tok.decode(ids)).toBe('the river');
    expect(tok.encode('zyx').length).toBeGreaterThan(3);
    expect(tok.encodePlain('the river').length).toBe(2);
  });

  it('pads batches on the right with an attention mask, and truncates to maxLength keeping [SEP]', () => {
    const tok = loadTokenizer(models.tokenizer.path, { maxLength: 6 });
    const b = tok.encodeBatch(['the river', 'the old river and the long bridge in winter']);
    expect(b.seqLen).toBe(6);
    expect(b.lengths).toEqual([4, 6]);
    expect(Array.from(b.attentionMask.slice(0, 6))).toEqual([1n, 1n, 1n, 1n, 0n, 0n]);
    expect(b.inputIds[11]).toBe(3n);
  });

  it('rejects a tokenizer whose sha256 differs, a missing file, and invalid JSON', () => {
    const wrong = 'ab'.repeat(32);
    expect(() => loadTokenizer(models.tokenizer.path, { sha256: wrong })).toThrow(/MODEL_HASH_MISMATCH|sha256/);
    let caught: unknown;
    try {
      loadTokenizer(join(tmp, 'nope.json'));
    } catch (err) {
      caught = err;
    }
    expect(isSubnetError(caught, 'MODEL_MISSING')).toBe(true);
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{ not json');
    expect(() => loadTokenizer(bad)).toThrow(/not valid JSON/);
    const notTokenizer = join(tmp, 'other.json');
    writeFileSync(notTokenizer, JSON.stringify({ model: { type: 'Nope' } }));
    expect(() => loadTokenizer(notTokenizer)).toThrow(/TOKENIZER|tokenizer/);
  });
});
