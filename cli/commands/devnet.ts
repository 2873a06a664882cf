import { type Command, Option } from 'commander';
import { action } from '../action.ts';
import { examples } from '../output.ts';
import { SubnetError } from '../../core/errors.ts';
import { stopRequests } from '../../core/stop-requests.ts';

interface DevnetCliOptions {
  host: string;
  port: string;
  dataDir: string;
  blockTime?: string;
  instant?: boolean;
  manual?: boolean;
  reset?: boolean;
  genesis?: string;
}

/** `subnet devnet`: a local Substrate-compatible chain (see devnet/README.md). */
export function register(program: Command): void {
  program
    .command('devnet')
    .description('run a local Bittensor-compatible devnet chain (JSON-RPC on ws:// and http://)')
    .addOption(new Option('--host <host>', 'interface to listen on').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'RPC port (0 picks a free one)').default('9944'))
    .addOption(new Option('--data-dir <dir>', 'where blocks and state are kept').default('.subnet/devnet'))
    .addOption(new Option('--block-time <ms>', 'produce a block every <ms> milliseconds (default 250)'))
    .addOption(new Option('--instant', 'produce a block for each transaction'))
    .addOption(new Option('--manual', 'produce blocks only on dev_newBlock'))
    .addOption(new Option('--reset', 'delete the data dir and start from genesis'))
    .addOption(new Option('--genesis <file>', 'genesis JSON (balances, sudo, one section per pallet); read only with --reset or a new data dir'))
    .addHelpText(
      'after',
      examples([
        'subnet devnet                                   # ws://127.0.0.1:9944, a block every 250 ms, //Alice..//Ferdie funded',
        'subnet devnet --instant --port 0 --json         # a block per transaction; first line {"event":"ready","url":...}',
        'subnet devnet --reset --genesis devnet-genesis.json   # e.g. {"subtensorModule":{"networkRateLimit":0}}',
        '# commit-reveal v4 (timelocked weights, revealed by the chain with its local drand beacon) on the genesis subnet:',
        '#   {"subtensorModule":{"commitRevealWeightsVersion":4,"subnet":{"commitRevealWeightsEnabled":true}},"drand":{"seed":"my seed"}}',
        '# a rehearsal of live subnets (pools in τ/α, stakes, names, TAO flow; see devnet/README.md):',
        '#   {"subtensorModule":{"subnets":[{"name":"apex","pool":{"tao":"5000","price":"0.05"},"alphaOut":"20000","taoFlow":2}]}}',
      ]),
    )
    .action(
      action<DevnetCliOptions>(async (_args, opts) => {
        const port = Number(opts.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SubnetError('CLI_BAD_OPTION', `--port must be 0..65535, got '${opts.port}'`);
        const modes = [opts.instant, opts.manual, opts.blockTime !== undefined].filter(Boolean).length;
        if (modes > 1) throw new SubnetError('CLI_BAD_OPTION', 'choose one of --block-time, --instant, --manual');
        let mode: import('../../devnet/node.ts').BlockMode = { kind: 'interval', ms: 250 };
        if (opts.instant) mode = { kind: 'instant' };
        else if (opts.manual) mode = { kind: 'manual' };
        else if (opts.blockTime !== undefined) {
          const ms = Number(opts.blockTime);
          if (!Number.isInteger(ms) || ms < 1) throw new SubnetError('CLI_BAD_OPTION', `--block-time must be a positive integer (ms), got '${opts.blockTime}'`);
          mode = { kind: 'interval', ms };
        }
        const [{ startDevnetNode }, { createLogger }, { getDevAccounts }] = await Promise.all([
          import('../../devnet/serve.ts'),
          import('../../core/logger.ts'),
          import('../../devnet/account.ts'),
        ]);
        const log = createLogger('devnet', { json: opts.json });
        // a --json devnet is driven by a parent process (tests, tools): it stops when the parent is gone
        const stop = stopRequests({ role: 'devnet', log, watchParent: opts.json === true });
        const devnet = await startDevnetNode({ host: opts.host, port, dataDir: opts.dataDir, mode, reset: opts.reset, genesisFile: opts.genesis, log });
        const { CHAIN } = await import('../../devnet/spec.ts');
        const ready = {
          event: 'ready',
          url: devnet.server.url,
          httpUrl: devnet.server.httpUrl,
          port: devnet.server.port,
          genesisHash: devnet.node.genesisHash,
          chain: CHAIN.name,
          head: devnet.node.head.header.number,
          mode: mode.kind === 'interval' ? `block-time ${mode.ms}ms` : mode.kind,
          dataDir: opts.dataDir,
        };
        if (opts.json) process.stdout.write(`${JSON.stringify(ready)}\n`);
        else {
          const lines = [
            `${CHAIN.name} is running`,
            `  url           ${ready.url} (HTTP ${ready.httpUrl})`,
            `  chain         ${CHAIN.name} (${CHAIN.specName} spec ${CHAIN.specVersion}, ss58 ${CHAIN.ss58Format}, ${CHAIN.tokenSymbol})`,
            `  genesis hash  ${ready.genesisHash}`,
            `  head          #${ready.head}`,
            `  blocks        ${ready.mode}`,
            `  data dir      ${opts.dataDir}`,
            '  dev accounts (sr25519, //Alice is sudo):',
            ...getDevAccounts().map((a) => `    //${a.name.padEnd(8)} ${a.address}`),
          ];
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        await stop.serving();
        await devnet.close();
        if (opts.json) process.stdout.write(`${JSON.stringify({ event: 'stopped' })}\n`);
      }),
    );
}
