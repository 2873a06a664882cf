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
    .option('--wait', "when the subnet's serving rate limit refuses the serve, wait until it allows this hotkey again and retry")
    .addHelpText(
      'after',
      examples([
        'subnet axon serve --netuid 1 --ip 10.0.0.5 --port 8091 --wallet miner1 --hotkey default',
        'subnet axon serve --netuid 1 --ip 10.0.0.5 --port 8092 --wallet miner1 --wait',
      ]),
    )
    .action(
      action<{ netuid: string; ip: string; port: string; protocol: string; version: string; wait?: boolean }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const port = parseIntArg(opts.port, '--port', 1, 65535);
        const { loadHotkey } = await import('../../chain/wallet/wallet.ts');
        const { isServingRateLimited, nextServeBlock, serveAxonWhenAllowed } = await import('../../chain/axon-serving.ts');
        const { SubnetError } = await import('../../core/errors.ts');
        const hotkey = await loadHotkey(walletRef(opts), await passwords());
        const args = {
          netuid,
          ip: opts.ip,
          port,
          protocol: parseIntArg(opts.protocol, '--protocol', 0, 255),
          version: parseIntArg(opts.version, '--version', 0, 2 ** 32 - 1),
        };
        await withClient(opts, async (client) => {
          const r = await withSpinner(opts, 'Serving axon…', async () => {
            try {
              const served = await serveAxonWhenAllowed(client, hotkey, args, {
                attempts: opts.wait ? 3 : 1,
                onWait: (until, s) => {
                  if (!opts.json)
                    process.stderr.write(
                      `serving rate limit: last served at block ${s.lastServed}, limit ${s.rateLimit} blocks; waiting for block ${until} (now ${s.block})\n`,
                    );
                },
              });
              return served.result as { blockNumber: number; blockHash: string };
            } catch (err) {
              if (!isServingRateLimited(err) || opts.wait) throw err;
              // say when the chain takes it, which the refusal alone does not
              const s = await client.servingState(netuid, hotkey.address);
              throw new SubnetError(
                'AXON_SERVING_RATE_LIMITED',
                `the chain refused serve_axon: ServingRateLimitExceeded; hotkey ${hotkey.address} last served on subnet ${netuid} at block ${s.lastServed} and serving_rate_limit is ${s.rateLimit} blocks, so the chain takes a new serve from block ${Math.max(nextServeBlock(s), s.block + 1)} (now ${s.block}); retry then, or pass --wait`,
                { cause: err, details: { ...s } },
              );
            }
          });
          emit(
            opts,
            () => `Axon of ${hotkey.address} on subnet ${netuid} is ${opts.ip}:${port} (block ${r.blockNumber})`,
            () => ({ netuid, hotkey: hotkey.address, ip: opts.ip, port, blockHash: r.blockHash, blockNumber: r.blockNumber }),
          );
        });
      }),
    );
}
