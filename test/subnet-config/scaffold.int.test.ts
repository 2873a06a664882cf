import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSubnet } from '../helpers/cli-process.ts';

// inside the repository (git-ignored tmp/), so the scaffold's `vitest` import resolves
mkdirSync(join(REPO_ROOT, 'tmp'), { recursive: true });
const base = mkdtempSync(join(REPO_ROOT, 'tmp', 'scaffold-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function vitestIn(dir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SUBNET_LOG_LEVEL: 'error' } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 90_000);
    p.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('subnet init', () => {
  for (const template of ['embedding', 'generation']) {
    it(`--template ${template} scaffolds a definition whose own tests pass`, async () => {
      const dir = join(base, `my-${template}`);
      const r = await runSubnet(['init', dir, '--template', template]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      for (const f of ['subnet.yaml', 'challenge.ts', 'miner.ts', 'rules/my-rule.ts', 'subnet.test.ts', 'README.md']) expect(existsSync(join(dir, f))).toBe(true);
      expect(readFileSync(join(dir, 'subnet.yaml'), 'utf8')).toMatch(new RegExp(`name: my-${template}`));
      expect(readFileSync(join(dir, 'subnet.yaml'), 'utf8')).not.toMatch(/\{\{/);
      const t = await vitestIn(dir);
      expect(t.out).toMatch(/2 passed/);
      expect(t.code).toBe(0);
    });
  }

  it('refuses a non-empty folder and an unknown template', async () => {
    const dir = join(base, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'x');
    const r = await runSubnet(['init', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/exists and is not empty/);
    const u = await runSubnet(['init', join(base, 'new'), '--template', 'chat']);
    expect(u.code).toBe(1);
    expect(u.stderr).toMatch(/unknown template chat; expected one of embedding, generation/);
  });
});
