import type { Command } from 'commander';
import { SubnetError } from '../../core/errors.ts';
import { action } from '../action.ts';

interface DemoCliOptions {
  epochs: string;
  forever?: boolean;
  keep?: boolean;
  blockTime: string;
  dashboardPort: string;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'run a whole subnet on your machine: devnet, 2 validators, 5 miners (honest x2, noisy, random, offline) and the dashboard, then show who earned what',
    )
    .option('--epochs <n>', 'epochs to run before the summary', '3')
    .option('--forever', 'run until Ctrl-C')
    .option('--keep', 'keep the temporary dir (chain data, wallets, logs)')
    .option('--block-time <ms>', 'devnet block interval', '250')
    .option('--dashboard-port <port>', 'dashboard port (0 picks a free one)', '0')
    .addHelpText(
      'after',
      `
Examples:
  $ npm run demo
  $ subnet demo --epochs 5 --keep
  $ subnet demo --forever
  $ subnet demo --json            # the final summary as JSON, for scripts`,
    )
    .action(
      action<DemoCliOptions>(async (_args, opts) => {
        const epochs = opts.forever ? undefined : Number(opts.epochs);
        if (epochs !== undefined && (!Number.isInteger(epochs) || epochs < 1 || epochs > 1000)) {
          throw new SubnetError('CLI_BAD_OPTION', `--epochs must be an integer in [1, 1000], got '${opts.epochs}'`);
        }
        const blockTimeMs = Number(opts.blockTime);
        if (!Number.isInteger(blockTimeMs) || blockTimeMs < 50 || blockTimeMs > 60_000) {
          throw new SubnetError('CLI_BAD_OPTION', `--block-time must be an integer number of ms in [50, 60000], got '${opts.blockTime}'`);
        }
        const dashboardPort = Number(opts.dashboardPort);
        if (!Number.isInteger(dashboardPort) || dashboardPort < 0 || dashboardPort > 65535) {
          throw new SubnetError('CLI_BAD_OPTION', `--dashboard-port must be an integer in [0, 65535], got '${opts.dashboardPort}'`);
        }
        const { runDemo } = await import('../../demo/run.ts');
        const abort = new AbortController();
        let interrupts = 0;
        const onSignal = () => {
          interrupts++;
          if (interrupts === 1) abort.abort();
          else process.stderr.write('Still stopping; the demo kills what is left in a few seconds.\n');
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        try {
          const json = Boolean(opts.json);
          await runDemo({
            epochs,
            json,
            keep: Boolean(opts.keep),
            live: !json && Boolean(process.stdout.isTTY),
            blockTimeMs,
            dashboardPort,
            out: process.stdout,
            info: json ? process.stderr : process.stdout,
            signal: abort.signal,
          });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
      }),
    );
}
