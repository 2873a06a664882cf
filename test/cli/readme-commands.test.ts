import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/program.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

/**
 * The README must not drift from the CLI: every `npx subnet …` line it shows
 * names a real command and only options that command (or the root program)
 * accepts, and every `npm run …` names a script in package.json. What the
 * commands do is covered by the functional tests next to each folder.
 */
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

function commandLines(prefix: string): string[] {
  const blocks = [...readme.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((m) => m[1].replace(/\\\n\s*/g, ' '));
  const inline = [...readme.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...blocks.flatMap((b) => b.split('\n')), ...inline]
    .flatMap((line) => line.replace(/\s+#.*$/, '').split('&&'))
    .map((s) => s.trim())
    .filter((s) => s.startsWith(prefix) && !s.includes('<command>'));
}

function tokens(line: string): string[] {
  return [...line.matchAll(/'[^']*'|"[^"]*"|\S+/g)].map((m) => m[0].replace(/^\[|\]$/g, ''));
}

function resolve(program: Command, words: string[]): { cmd: Command; path: string[]; rest: string[] } {
  let cmd = program;
  const path: string[] = [];
  let i = 0;
  for (; i < words.length && !words[i].startsWith('-'); i++) {
    const sub = cmd.commands.find((c) => c.name() === words[i] || c.aliases().includes(words[i]));
    if (!sub) break;
    cmd = sub;
    path.push(words[i]);
  }
  return { cmd, path, rest: words.slice(i) };
}

function knownOptions(cmd: Command): Set<string> {
  const names = new Set(['--help', '-h']);
  for (let c: Command | null = cmd; c; c = c.parent) {
    for (const o of c.options) {
      if (o.long) names.add(o.long);
      if (o.short) names.add(o.short);
    }
  }
  return names;
}

describe('README commands', () => {
  it('every `npx subnet` line names a real command with options it accepts', async () => {
    const program = await buildProgram();
    const lines = commandLines('npx subnet');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      const { cmd, path, rest } = resolve(program, tokens(line).slice(2));
      expect(path.length, `${line}: no such command`).toBeGreaterThan(0);
      expect(cmd.commands.length, `${line}: '${path.join(' ')}' needs a subcommand`).toBe(0);
      const known = knownOptions(cmd);
      for (const word of rest.filter((w) => w.startsWith('-'))) {
        expect(known.has(word.split('=')[0]), `${line}: '${path.join(' ')}' has no option ${word}`).toBe(true);
      }
    }
  });

  it('every `npm run` names a script in package.json', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    const lines = commandLines('npm run');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines)
      expect(scripts, line).toContain(
        tokens(line)
          .slice(2)
          .find((w) => !w.startsWith('-')),
      );
  });
});

describe('README quick start', () => {
  const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 1));

  it('gets the code first, then installs, runs the demo and the tests', () => {
    const lines = commandLines('').filter((l) => quickStart.includes(l));
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(at('git clone')).toBeGreaterThanOrEqual(0);
    expect(at('git clone')).toBeLessThan(at('npm ci'));
    expect(lines).toContain('npm run demo');
    expect(lines).toContain('npm test');
  });

  it('names the Node version package.json requires', () => {
    const engines = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    const minimum = /^>=\s*(\d+\.\d+)/.exec(engines)![1];
    const named = [...readme.matchAll(/Node (\d+(?:\.\d+)?)/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const v of named) expect(v, `README says Node ${v}; package.json engines.node is ${engines}`).toBe(minimum);
  });

  it('has no bullet label twice in one list', () => {
    for (const list of readme.split(/\n(?![-\s])/)) {
      const labels = [...list.matchAll(/^- \*\*([^*]+?)[.:]?\*\*/gm)].map((m) => m[1]);
      expect(
        labels.filter((l, i) => labels.indexOf(l) !== i),
        list.slice(0, 80),
      ).toEqual([]);
    }
  });
});
