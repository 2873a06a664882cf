import type { Command } from 'commander';
import { errorReport } from './error-report.ts';

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
 * on stderr (plus a hint for the common ones) and exit 1; the stack and the
 * chain of causes only with --verbose.
 */
export function action<O extends object>(fn: (args: string[], opts: O & GlobalOptions, cmd: Command) => Promise<void> | void) {
  return async (...raw: unknown[]) => {
    const cmd = raw[raw.length - 1] as Command;
    const opts = cmd.optsWithGlobals() as O & GlobalOptions;
    const args = raw.slice(0, -2).filter((a): a is string => typeof a === 'string');
    try {
      await fn(args, opts, cmd);
    } catch (err) {
      process.stderr.write(`error: ${errorReport(err, { chain: opts.chain, passwordFromEnv: process.env.SUBNET_COLDKEY_PASSWORD !== undefined })}\n`);
      if (opts.verbose)
        for (let e: unknown = err; e instanceof Error; e = e.cause) process.stderr.write(`${e === err ? '' : 'caused by: '}${e.stack ?? e.message}\n`);
      process.exitCode = 1;
    }
  };
}
