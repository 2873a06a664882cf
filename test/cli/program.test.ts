import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../cli/program.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';

const find = (cmd: Command, path: string[]): Command => path.reduce((c, name) => c.commands.find((s) => s.name() === name)!, cmd);

describe('the subnet program', () => {
  let program: Command;
  beforeAll(async () => {
    program = await buildProgram();
  });

  it('knows its version (subnet --version)', () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(program.version()).toBe(version);
    expect(program.helpInformation()).toContain('-V, --version');
  });

  it("lists the global options in every subcommand's --help", () => {
    for (const path of [['wallet', 'create'], ['stake', 'add'], ['weights', 'set'], ['metagraph'], ['validator', 'start'], ['miner', 'start']]) {
      const help = find(program, path).helpInformation();
      expect(help, path.join(' ')).toContain('Global Options:');
      for (const flag of ['--chain <url>', '--wallet <name>', '--hotkey <name>', '--json']) expect(help, `${path.join(' ')} ${flag}`).toContain(flag);
    }
  });
});
