import type { Command } from 'commander';
import { action } from '../action.ts';
import { parseIntArg, passwords, walletRef, withClient } from '../context.ts';
import { emit, examples, withSpinner } from '../output.ts';

export function register(program: Command): void {
  const axon = program
    .command('axon')
    .description("publish the hotkey's axon (ip:port) on a subnet")
    .addHelpText('after', examples(['subnet axon serve --netuid 1 --ip 203.0.113.7 --port 8091 --wallet miner1']));
  axon
    .command('serve')
    .description('serve_axon: signed by the hotkey, which must be registered on the subnet')
    .requiredOption('--netuid <n>', 'subnet id')
    .requiredOption('--ip <address>', 'public IPv4 or IPv6 address')
    .requiredOption('--port <n>', 'port')
    .option('--protocol <n>', 'protocol number stored with the axon', '4')
    .option('--version <n>', 'software version stored with the axon', '0')
    .addHelpText('after', examples(['subnet axon serve --netuid 1 --ip 10.0.0.5 --port 8091 --wallet miner1 --hotkey default']))
    .action(
      action<{ netuid: string; ip: string; port: string; protocol: string; version: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const port = parseIntArg(opts.port, '--port', 1, 65535);
        const { loadHotkey } = await import('../../chain/wallet/wallet.ts');
        const hotkey = await loadHotkey(walletRef(opts), await passwords());
        await withClient(opts, async (client) => {
          const r = await withSpinner(opts, 'Serving axon…', () =>
            client.serveAxon(hotkey, { netuid, ip: opts.ip, port, protocol: parseIntArg(opts.protocol, '--protocol', 0, 255), version: parseIntArg(opts.version, '--version', 0, 2 ** 32 - 1) }),
          );
          emit(opts, () => `Axon of ${hotkey.address} on subnet ${netuid} is ${opts.ip}:${port} (block ${r.blockNumber})`, () => ({ netuid, hotkey: hotkey.address, ip: opts.ip, port, blockHash: r.blockHash, blockNumber: r.blockNumber }));
        });
      }),
    );
}
