import type { Command } from 'commander';
import { action } from '../action.ts';
import { confirm, parseIntArg, unlockColdkey, walletRef, withClient } from '../context.ts';
import { emit, examples, table, withSpinner } from '../output.ts';

export function register(program: Command): void {
  const subnets = program
    .command('subnets')
    .description('list, create, start and inspect subnets')
    .addHelpText(
      'after',
      examples([
        'subnet subnets list',
        'subnet subnets create --wallet owner --yes',
        'subnet subnets start --netuid 1 --wallet owner',
        'subnet subnets show --netuid 1',
        'subnet subnets hyperparameters --netuid 1 --json',
      ]),
    );

  subnets
    .command('list')
    .description('every subnet: neurons, tempo, burn (registration cost), owner')
    .addHelpText('after', examples(['subnet subnets list --chain local', 'subnet subnets list --json']))
    .action(
      action(async (_args, opts) => {
        const { formatTao, formatAmount } = await import('../../chain/units.ts');
        const list = await withClient(opts, (c) => c.listSubnets());
        const text =
          list.length === 0
            ? 'no subnets'
            : await table(
                ['netuid', 'neurons', 'max', 'tempo', 'burn', 'owner'],
                list.map((s) => [s.netuid, s.n, s.maxN, s.tempo, formatTao(s.burn), s.owner ?? '']),
              );
        emit(
          opts,
          () => text,
          () => list.map((s) => ({ ...s, burn: formatAmount(s.burn), burnRao: s.burn })),
        );
      }),
    );

  subnets
    .command('create')
    .description("register a new subnet (register_network), owned by the wallet's coldkey, with its hotkey as owner hotkey; shows the lock cost and asks first")
    .addHelpText(
      'after',
      examples(['subnet subnets create --wallet owner --hotkey default', 'SUBNET_COLDKEY_PASSWORD=... subnet subnets create --wallet owner --yes --json']),
    )
    .action(
      action(async (_args, opts) => {
        const w = await import('../../chain/wallet/wallet.ts');
        const { formatTao, formatAmount } = await import('../../chain/units.ts');
        const { SubnetError } = await import('../../core/errors.ts');
        const ref = walletRef(opts);
        const hotkey = await w.hotkeyAddress(ref);
        const coldkeyAddress = await w.coldkeyAddress(ref);
        await withClient(opts, async (client) => {
          const [cost, balance] = await Promise.all([client.networkRegistrationCost(), client.getBalance(coldkeyAddress)]);
          if (!opts.json) process.stderr.write(`Lock cost of a new subnet: ${formatTao(cost)} (balance ${formatTao(balance)})\n`);
          if (balance < cost)
            throw new SubnetError(
              'INSUFFICIENT_BALANCE',
              `balance ${formatTao(balance)} of coldkey ${coldkeyAddress} is below the subnet lock cost ${formatTao(cost)}; fund it first (subnet wallet transfer --wallet <funded wallet> --dest ${coldkeyAddress} --amount <tao>)`,
            );
          await confirm(opts, `Lock ${formatTao(cost)} to create a subnet owned by wallet '${ref.name}'?`);
          const coldkey = await unlockColdkey(opts, ref);
          const r = await withSpinner(opts, 'Registering the subnet…', () => client.registerNetwork(coldkey, hotkey));
          emit(
            opts,
            () =>
              `Created subnet ${r.netuid} (owner ${coldkey.address}, owner hotkey ${hotkey}, locked ${formatTao(cost)}) in block ${r.blockNumber}. Start it with: subnet subnets start --netuid ${r.netuid} --wallet ${ref.name}`,
            () => ({
              netuid: r.netuid,
              owner: coldkey.address,
              hotkey,
              lock: formatAmount(cost),
              lockRao: cost,
              blockHash: r.blockHash,
              blockNumber: r.blockNumber,
            }),
          );
        });
      }),
    );

  subnets
    .command('start')
    .description('start emissions on a subnet you own (start_call)')
    .requiredOption('--netuid <n>', 'subnet id')
    .addHelpText('after', examples(['subnet subnets start --netuid 1 --wallet owner']))
    .action(
      action<{ netuid: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const coldkey = await unlockColdkey(opts);
        await withClient(opts, async (client) => {
          const r = await withSpinner(opts, `Starting subnet ${netuid}…`, () => client.startCall(coldkey, netuid));
          emit(
            opts,
            () => `Started subnet ${netuid} in block ${r.blockNumber}`,
            () => ({ netuid, blockHash: r.blockHash, blockNumber: r.blockNumber }),
          );
        });
      }),
    );

  subnets
    .command('show')
    .description('one subnet: its neurons with stake, incentive, dividends, emission')
    .requiredOption('--netuid <n>', 'subnet id')
    .addHelpText('after', examples(['subnet subnets show --netuid 1', 'subnet subnets show --netuid 1 --json']))
    .action(
      action<{ netuid: string }>(async (_args, opts) => {
        const netuid = parseIntArg(opts.netuid, '--netuid', 0, 65535);
        const { metagraphTable, metagraphJson } = await import('./metagraph.ts');
        const [mg, burn, symbol] = await withClient(opts, (c) => Promise.all([c.getMetagraph(netuid), c.burnCost(netuid), c.alphaSymbol(netuid)]));
        const { formatTao, formatAmount } = await import('../../chain/units.ts');
        const text = `subnet ${netuid} at block ${mg.block}: ${mg.n} neurons, burn ${formatTao(burn)}\n${await metagraphTable(mg, symbol)}`;
        emit(
          opts,
          () => text,
          () => ({ ...metagraphJson(mg), alphaSymbol: symbol, burn: formatAmount(burn), burnRao: burn }),
        );
      }),
    );

  subnets
    .command('hyperparameters')
    .description('the hyperparameters of a subnet, as btcli names them')
    .requiredOption('--netuid <n>', 'subnet id')
    .addHelpText('after', examples(['subnet subnets hyperparameters --netuid 1']))
    .action(
      action<{ netuid: string }>(async (_args, opts) => {
        const { printHyperparameters } = await import('./sudo.ts');
        await printHyperparameters(opts, parseIntArg(opts.netuid, '--netuid', 0, 65535));
      }),
    );
}
