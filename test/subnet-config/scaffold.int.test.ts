import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve as resolvePath } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runSubnet } from '../helpers/cli-process.ts';

// outside the repository, where a subnet author creates one: nothing resolves
// through the checkout's own node_modules or package.json
const base = mkdtempSync(join(tmpdir(), 'subnet-scaffold-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** What `npm install` leaves in the scaffold: subnetkit linked from its `file:` path, and vitest. */
function npmInstalled(dir: string): void {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(resolvePath(dir, pkg.dependencies.subnetkit.replace(/^file:/, '')), join(dir, 'node_modules', 'subnetkit'), 'dir');
  symlinkSync(join(REPO_ROOT, 'node_modules', 'vitest'), join(dir, 'node_modules', 'vitest'), 'dir');
}

/** `npm test` in the scaffold: its own vitest, run from the folder. */
function vitestIn(dir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SUBNET_LOG_LEVEL: 'error' },
    });
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
    it(`--template ${template} outside the repository: simulates at once, and its own tests pass after npm install`, async () => {
      const dir = join(base, `my-${template}`);
      const r = await runSubnet(['init', dir, '--template', template], { cwd: base });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      for (const f of ['subnet.yaml', 'challenge.ts', 'miner.ts', 'rules/my-rule.ts', 'subnet.test.ts', 'README.md', 'package.json'])
        expect(existsSync(join(dir, f))).toBe(true);
      expect(readFileSync(join(dir, 'subnet.yaml'), 'utf8')).toMatch(new RegExp(`name: my-${template}`));
      expect(readFileSync(join(dir, 'subnet.yaml'), 'utf8')).not.toMatch(/\{\{/);
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { type: string; dependencies: Record<string, string> };
      expect(pkg.type).toBe('module');
      expect(pkg.dependencies.subnetkit).toBe(`file:${relative(dir, REPO_ROOT)}`);
      for (const f of ['challenge.ts', 'miner.ts', 'rules/my-rule.ts', 'subnet.test.ts'])
        expect(readFileSync(join(dir, f), 'utf8')).not.toMatch(/from '\.\.?\//);

      // no node_modules there yet: the CLI resolves `subnetkit/...` itself
      const sim = await runSubnet(['simulate', dir, '--epochs', '1', '--steps', '1', '--json'], { cwd: base, env: { SUBNET_LOG_LEVEL: 'error' } });
      expect(sim.stderr).toBe('');
      expect(sim.code).toBe(0);
      const report = JSON.parse(sim.stdout) as { subnet: string; behaviours: { role: string; behaviour: string }[] };
      expect(report.subnet).toBe(`my-${template}`);
      expect(report.behaviours.some((b) => b.role === 'miner' && b.behaviour === 'honest')).toBe(true);

      npmInstalled(dir);
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
