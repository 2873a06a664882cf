import type { Command } from 'commander';
import { describeError } from '../core/errors.ts';

/** Options every command inherits from the root program (see cli/main.ts). */
export interface GlobalOptions {
  chain: string;
  walletDir: string;
  wallet: string;
  hotkey: string;
  json?: boolean;
  yes?: boolean;
  verbose?: boolean;
}

/**
 * Wraps a command's action: the last commander argument is the Command, whose
 * merged options (command + global) are handed to `fn`. Failures print one line
 * on stderr and exit 1; the stack only with --verbose.
 */
export function action<O extends object>(fn: (args: string[], opts: O & GlobalOptions, cmd: Command) => Promise<void> | void) {
  return async (...raw: unknown[]) => {
    const cmd = raw[raw.length - 1] as Command;
    const opts = cmd.optsWithGlobals() as O & GlobalOptions;
    const args = raw.slice(0, -2).filter((a): a is string => typeof a === 'string');
    try {
      await fn(args, opts, cmd);
    } catch (err) {
      process.stderr.write(`error: ${describeError(err)}\n`);
      if (opts.verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      process.exitCode = 1;
    }
  };
}
